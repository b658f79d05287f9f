"""Only what the viewer may see, and at once: a note deleted, edited, restricted, taken down or moved to
another audience leaves the results before the worker has touched the index (the index is stale here on
purpose: nothing re-indexes between the change and the search)."""

from __future__ import annotations

import pytest

from redleaf.accounts import services as account_services
from redleaf.notes import services as note_services
from redleaf.search import selectors
from tests import factories
from tests.search.conftest import note

pytestmark = pytest.mark.django_db


def found(viewer, q, **kwargs) -> list[int]:
    return [n.pk for n in selectors.search(viewer=viewer, params=selectors.clean_params(q=q, **kwargs)).items]


@pytest.fixture
def tea(mei):
    return note(mei, "抹茶拿铁 matcha latte", "京都的抹茶")


def test_blocked_either_way(tea, mei, alex):
    assert found(alex, "抹茶") == [tea.pk]
    account_services.block_create(blocker=alex, blocked=mei)
    assert found(alex, "抹茶") == []
    account_services.block_delete(blocker=alex, blocked=mei)
    account_services.block_create(blocker=mei, blocked=alex)
    assert found(alex, "抹茶") == []
    assert found(None, "抹茶") == [tea.pk]  # a guest still finds it


def test_suggestions_leave_out_members_blocked_either_way(mei, alex, mod_lin):
    from redleaf.search import services

    for member in (mei, alex, mod_lin):
        services.user_index(user_id=member.pk)

    def people(viewer, prefix):
        return [s.ref for s in selectors.suggestions(viewer=viewer, prefix=prefix) if s.kind == "user"]

    assert str(mei.pk) in people(alex, "xiaomei") and str(mei.pk) in people(mod_lin, "xiaomei")
    account_services.block_create(blocker=alex, blocked=mei)
    assert str(mei.pk) not in people(alex, "xiaomei") and str(alex.pk) not in people(mei, "alex")
    assert str(mei.pk) in people(mod_lin, "xiaomei") and str(mei.pk) in people(None, "xiaomei")


def test_audience(mei, alex):
    fans = note(mei, "只给粉丝的抹茶", audience="followers")
    own = note(mei, "只有我的抹茶", audience="only_me")
    assert found(alex, "抹茶") == [] and found(None, "抹茶") == []
    account_services.follow_create(follower=alex, followee=mei)
    assert found(alex, "抹茶") == [fans.pk]
    assert set(found(mei, "抹茶")) == {fans.pk, own.pk}
    note_services.note_update(note=fans, actor=mei, audience="only_me")  # not re-indexed
    assert found(alex, "抹茶") == []


def test_limited_removed_and_deleted_leave_at_once(tea, mei, alex):
    other = note(mei, "抹茶冰淇淋", "抹茶")
    note_services.note_set_reach(note=tea, limited=True, label_rule="")
    assert found(alex, "抹茶") == [other.pk]
    note_services.note_take_down(note=other)
    assert found(alex, "抹茶") == []
    third = note(mei, "抹茶大福")
    note_services.note_delete(note=third, actor=mei)
    assert found(alex, "抹茶") == [] and found(mei, "抹茶", scope="mine") == [tea.pk]


def test_an_edit_that_drops_the_word_drops_the_note_at_once(tea, mei, alex):
    note_services.note_update(note=tea, actor=mei, title="焙茶拿铁", body="京都的焙茶")
    assert found(alex, "抹茶") == []  # the index still says 抹茶: the live text decides
    assert found(alex, "拿铁") == [tea.pk]  # what it still says is still found


def test_a_suspended_author_disappears(tea, mei, alex):
    account_services.account_suspend(user=mei)
    assert found(alex, "抹茶") == []
    assert selectors.search(viewer=alex, params=selectors.clean_params(q="小美", type="users")).items == []


def test_query_budget(mei, alex, django_assert_max_num_queries):
    for i in range(25):
        note(mei, f"抹茶 {i}", images=1)
    account_services.follow_create(follower=alex, followee=mei)
    params = selectors.clean_params(q="抹茶")
    # the vocabulary (up to 4: words, readings, compound and loanword checks), blocks and mutes (once),
    # on PostgreSQL the index's statistics (kept per process), how many match, the candidates, the live
    # cards, and the cards' cached halves the first time (notes, pictures, topics, mentions): whatever
    # the page size
    with django_assert_max_num_queries(11):
        page = selectors.search(viewer=alex, params=params)
        [(n.author.name, n.cover.thumb_url) for n in page.items]
    assert len(page.items) == 20 and page.next_cursor
    with django_assert_max_num_queries(6):  # again: the vocabulary is known, the cards' halves cached
        again = selectors.search(viewer=alex, params=params)
    assert [n.pk for n in again.items] == [n.pk for n in page.items]
    with django_assert_max_num_queries(8):
        selectors.search(viewer=alex, params=selectors.clean_params(q="抹茶", cursor=page.next_cursor))
    # a word the index lacks: spelling look-ups, and a second try with any of the words
    with django_assert_max_num_queries(12):
        assert selectors.search(viewer=alex, params=selectors.clean_params(q="matcha 抹茶")).relaxed
    with django_assert_max_num_queries(3):  # the suggestions, blocks (a member among them), the words notes use
        selectors.suggestions(viewer=alex, prefix="mo")
    _ = factories


def _suggested(prefix: str, viewer=None) -> set[str]:
    return {item.label for item in selectors.suggestions(viewer=viewer, prefix=prefix)}


def test_private_topics_and_words_are_never_suggested_to_others(mei, alex):
    """A hashtag or a word used only in "only me" or followers-only notes (a diagnosis, a name) is not
    offered to anyone else while typing; a topic leaves the suggestions when its last public note goes."""
    from redleaf.search import services

    note(mei, "今天去了医院 #秘密话题 蟹黄堡", "确诊抑郁症 蟹黄堡很好吃", audience="only_me")
    note(mei, "给粉丝 #粉丝话题 蟹黄堡", "确诊抑郁症 蟹黄堡", audience="followers")
    services.search_reindex()  # the vocabulary recounted from every document, as `redleaf search reindex` does
    for prefix in ("秘密", "mimi", "粉丝话", "fensihua", "xiehuang", "抑郁", "yyz"):
        assert not _suggested(prefix) and not _suggested(prefix, alex), prefix
    public = note(mei, "公开的 #公开话题", "大家好")
    services.topics_index_for_note(note_id=public.pk)  # the worker does it after the commit
    assert "公开话题" in _suggested("gongkai")
    note_services.note_update(note=public, actor=mei, audience="only_me")  # not re-indexed yet: still hidden
    assert "公开话题" not in _suggested("gongkai")


def test_a_search_that_found_only_my_private_notes_does_not_trend(mei, alex, settings):
    from redleaf.search import services

    settings.SEARCH_HOT_MIN_SEARCHERS = 1
    note(mei, "确诊抑郁症", "只有我", audience="only_me")
    page = services.query_run(viewer=mei, params=selectors.clean_params(q="确诊抑郁症"), address=None)
    assert len(page.items) == 1
    assert not selectors.hot_list()
    note(alex, "确诊抑郁症之后", "公开的经验")
    services.query_run(viewer=mei, params=selectors.clean_params(q="确诊抑郁症"), address=None)
    assert [h.key for h in selectors.hot_list()] == ["确诊抑郁症"]


@pytest.fixture
def shared_cache(monkeypatch):
    """Suggestions are cached only where the cache is one for every process (Redis): the tests' own
    in-memory cache stands in for it."""
    from django.core.cache import cache

    from redleaf.core import caching

    monkeypatch.setattr(caching, "shared_cache", lambda: True)
    cache.clear()
    yield
    cache.clear()


def test_cached_suggestions_lose_what_went_at_once(shared_cache, mei, alex, mod_lin, settings,
                                                   django_assert_num_queries, django_capture_on_commit_callbacks):
    from redleaf.moderation import services as moderation_services
    from redleaf.search import services

    for member in (mei, alex):
        services.user_index(user_id=member.pk)
    public = note(mei, "公开的 #公开话题", "大家好")
    services.topics_index_for_note(note_id=public.pk)
    assert "公开话题" in _suggested("gongkai")
    with django_assert_num_queries(0):  # the same prefix again: from the cache
        assert "公开话题" in _suggested("gongkai")

    def people(viewer, prefix):
        return [s.ref for s in selectors.suggestions(viewer=viewer, prefix=prefix) if s.kind == "user"]

    assert str(mei.pk) in people(alex, "xiaomei")
    account_services.block_create(blocker=alex, blocked=mei)  # blocks are read live
    assert str(mei.pk) not in people(alex, "xiaomei") and str(mei.pk) in people(mod_lin, "xiaomei")

    settings.SEARCH_HOT_MIN_SEARCHERS = 1
    note(mei, "蟹黄堡 好吃", "")
    with django_capture_on_commit_callbacks(execute=True):
        services.query_run(viewer=None, params=selectors.clean_params(q="蟹黄堡"), address="10.0.0.9")
    assert "蟹黄堡" in _suggested("xiehuang") and "蟹黄堡" in _suggested("xiehuang")
    moderation_services.moderator_add(user=mod_lin, languages=["zh"])
    with django_capture_on_commit_callbacks(execute=True):
        services.hot_query_hide(actor=mod_lin, key="蟹黄堡", hidden=True)
    assert "蟹黄堡" not in {i.label for i in selectors.suggestions(viewer=None, prefix="xiehuang") if i.kind == "hot"}

    with django_capture_on_commit_callbacks(execute=True):  # the topic's last public note goes private
        note_services.note_update(note=public, actor=mei, audience="only_me")
    assert "公开话题" not in _suggested("gongkai")


def test_a_suspended_members_topics_leave_cached_suggestions_at_once(shared_cache, mei, alex,
                                                                     django_capture_on_commit_callbacks):
    from redleaf.search import services

    only_hers = note(mei, "她的 #独家话题", "")
    services.topics_index_for_note(note_id=only_hers.pk)
    assert "独家话题" in _suggested("dujia")  # cached now
    with django_capture_on_commit_callbacks(execute=True):  # the worker has not run yet
        account_services.account_suspend(user=mei)
    assert "独家话题" not in _suggested("dujia")


def test_a_name_with_u_diaeresis_is_found_typed_either_way(mei, alex):
    from redleaf.search import services

    account_services.profile_update(user=alex, display_name="Lü Bu")
    services.user_index(user_id=alex.pk)
    for typed in ("lü", "lv", "lub", "lüb", "lvb"):
        assert str(alex.pk) in [s.ref for s in selectors.suggestions(viewer=mei, prefix=typed) if s.kind == "user"], typed


def test_a_word_that_leaves_the_public_notes_leaves_cached_suggestions_when_the_worker_counts_it(
        shared_cache, mei, django_capture_on_commit_callbacks):
    from redleaf.notes.models import Note
    from redleaf.search import services

    made = [note(mei, f"蟹粉汤包 第{i}次", "") for i in range(2)]  # a word the vocabulary offers (in 2 notes)
    assert "蟹粉" in _suggested("xiefen")
    with django_capture_on_commit_callbacks(execute=True):
        for n in made:
            note_services.note_update(note=Note.objects.get(pk=n.pk), actor=mei, audience="only_me")
    _suggested("xiefen")  # asked again before the worker has counted: cached as the vocabulary still says
    with django_capture_on_commit_callbacks(execute=True):  # the worker re-indexes them
        for n in made:
            services.note_index(note_id=n.pk)
    assert "蟹粉" not in _suggested("xiefen")
