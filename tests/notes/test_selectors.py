"""notes/selectors.py: feeds, topic pages, profiles, one note; cursor paging; query budgets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from redleaf.accounts import services as account_services
from redleaf.core.errors import RedleafError
from redleaf.engagement import services as engagement
from redleaf.notes import selectors, services
from redleaf.notes.models import Note, NoteState
from tests import factories


def ids(page) -> list[int]:
    return [n.pk for n in page.items]


def note(author, title, **kwargs):
    return factories.make_note(author, title=title, images=kwargs.pop("images", 0), **kwargs)


def backdate(n: Note, minutes: int) -> Note:
    """Publication times a few minutes apart, so "newest first" is unambiguous."""
    Note.objects.filter(pk=n.pk).update(published_at=timezone.now() - timedelta(minutes=minutes))
    return n


# --- following ------------------------------------------------------------------------------------
def test_following_feed_shows_followed_authors_newest_first(mei, alex, mod_lin):
    account_services.follow_create(follower=alex, followee=mei)
    old = backdate(note(mei, "old"), 30)
    new = backdate(note(mei, "new"), 5)
    friends_only = backdate(note(mei, "friends", audience="followers"), 10)
    note(mei, "mine alone", audience="only_me")
    note(mod_lin, "not followed")
    note(alex, "my own")
    note(mei, "draft", draft=True)
    assert ids(selectors.feed_following(viewer=alex)) == [new.pk, friends_only.pk, old.pk]


def test_following_feed_hides_muted_and_blocked_authors(mei, alex, mod_lin):
    account_services.follow_create(follower=alex, followee=mei)
    account_services.follow_create(follower=alex, followee=mod_lin)
    note(mei, "muted")
    kept = note(mod_lin, "kept")
    account_services.mute_create(muter=alex, muted=mei)
    assert ids(selectors.feed_following(viewer=alex)) == [kept.pk]
    account_services.block_create(blocker=mod_lin, blocked=alex)
    assert ids(selectors.feed_following(viewer=alex)) == []


# --- explore ----------------------------------------------------------------------------------------
def test_explore_shows_public_notes_by_hot_score(mei, alex, mod_lin):
    quiet = note(mei, "quiet")
    loved = note(mei, "loved")
    talked = note(alex, "talked about")
    note(mei, "friends", audience="followers")
    note(mei, "secret", audience="only_me")
    note(alex, "draft", draft=True)
    engagement.collect_create(user=alex, note=loved)     # 2
    engagement.collect_create(user=mod_lin, note=loved)  # 4
    for text in ("nice", "好看", "where?"):
        engagement.comment_create(author=mod_lin, note=talked, text=text)  # 9
    page = selectors.feed_explore(viewer=None)
    assert ids(page) == [talked.pk, loved.pk, quiet.pk]
    scores = [n.hot_score for n in page.items]
    assert scores == sorted(scores, reverse=True)
    # the viewer's own followers-only note is no explore material either
    assert ids(selectors.feed_explore(viewer=mei)) == [talked.pk, loved.pk, quiet.pk]


def test_explore_hides_blocked_and_muted_authors_for_that_viewer_only(mei, alex, mod_lin):
    hers = note(mei, "hers")
    his = note(alex, "his")
    account_services.mute_create(muter=mod_lin, muted=mei)
    account_services.block_create(blocker=alex, blocked=mod_lin)
    assert ids(selectors.feed_explore(viewer=mod_lin)) == []
    assert set(ids(selectors.feed_explore(viewer=alex))) == {hers.pk, his.pk}


def test_card_data_carries_the_viewers_own_like_and_collect(mei, alex):
    n = note(mei, "x")
    engagement.like_create(user=alex, note=n)
    card = selectors.feed_explore(viewer=alex).items[0]
    assert (card.viewer_liked, card.viewer_collected) == (True, False)
    card = selectors.feed_explore(viewer=mei).items[0]
    assert (card.viewer_liked, card.viewer_collected) == (False, False)


# --- topics -------------------------------------------------------------------------------------------
def test_topic_page_lists_visible_notes_of_that_topic(mei, alex, mod_lin):
    first = backdate(note(mei, "#火锅 one"), 20)
    second = backdate(note(alex, "second", body="好吃 #火锅"), 10)
    note(mei, "#火锅 friends only", audience="followers")
    note(mei, "#烧烤 other")
    topic = selectors.topic_get(name="火锅")
    assert ids(selectors.topic_notes(viewer=mod_lin, topic=topic)) == [second.pk, first.pk]


def test_topic_get_folds_case_and_refuses_unknown_names(mei):
    note(mei, "#Cats")
    assert selectors.topic_get(name="CATS").name == "Cats"
    assert selectors.topic_get(name="ｃａｔｓ").name == "Cats"
    for name in ("dogs", "", "ca\x00ts", "x" * 500):
        with pytest.raises(RedleafError) as info:
            selectors.topic_get(name=name)
        assert (info.value.code, info.value.status) == ("topic_not_found", 404)


def test_trending_topics_by_count(mei, alex):
    note(mei, "#火锅 #猫")
    note(alex, "#猫")
    note(alex, "#狗 draft", draft=True)
    assert [t.name for t in selectors.trending_topics()] == ["猫", "火锅"]


# --- profiles -----------------------------------------------------------------------------------------
def test_user_notes_show_the_owner_everything_but_others_only_what_is_out(mei, alex):
    published = note(mei, "out")
    draft = note(mei, "draft", draft=True)
    pending = note(mei, "pending")
    Note.objects.filter(pk=pending.pk).update(state=NoteState.PENDING)
    rejected = note(mei, "rejected")
    Note.objects.filter(pk=rejected.pk).update(state=NoteState.REJECTED)
    removed = note(mei, "removed")
    Note.objects.filter(pk=removed.pk).update(state=NoteState.REMOVED)
    only_me = note(mei, "only me", audience="only_me")
    assert ids(selectors.user_notes(viewer=mei, author=mei)) == [
        only_me.pk, rejected.pk, pending.pk, draft.pk, published.pk]
    assert ids(selectors.user_notes(viewer=alex, author=mei)) == [published.pk]
    assert ids(selectors.user_notes(viewer=None, author=mei)) == [published.pk]


def test_user_liked_notes_newest_like_first_and_only_visible(mei, alex, mod_lin):
    a, b = note(mei, "a"), note(mod_lin, "b")
    engagement.like_create(user=alex, note=a)
    engagement.like_create(user=alex, note=b)
    assert ids(selectors.user_liked_notes(viewer=alex)) == [b.pk, a.pk]
    account_services.block_create(blocker=mod_lin, blocked=alex)
    assert ids(selectors.user_liked_notes(viewer=alex)) == [a.pk]


# --- paging -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("feed", ["following", "explore", "topic", "user"])
def test_cursor_paging_has_no_gaps_or_repeats_while_new_notes_arrive(mei, alex, feed):
    account_services.follow_create(follower=alex, followee=mei)
    made = [note(mei, f"#日常 n{i}") for i in range(8)]
    for i, n in enumerate(made):  # equal publication times in pairs: the id breaks the tie
        Note.objects.filter(pk=n.pk).update(published_at=timezone.now() - timedelta(minutes=10 + i // 2))
    for n in made[:4]:
        engagement.like_create(user=alex, note=n)
    topic = selectors.topic_get(name="日常")

    def page(cursor):
        if feed == "following":
            return selectors.feed_following(viewer=alex, cursor=cursor, size=3)
        if feed == "explore":
            return selectors.feed_explore(viewer=alex, cursor=cursor, size=3)
        if feed == "topic":
            return selectors.topic_notes(viewer=alex, topic=topic, cursor=cursor, size=3)
        return selectors.user_notes(viewer=alex, author=mei, cursor=cursor, size=3)

    expected = ids(page(None)) + ids(page(page(None).next_cursor))
    expected += ids(page(page(page(None).next_cursor).next_cursor))
    assert sorted(expected) == sorted(n.pk for n in made)

    seen, cursor = [], None
    while True:
        current = page(cursor)
        seen += ids(current)
        note(mei, "#日常 arrived while paging")  # newer, so it belongs before the first page
        if current.next_cursor is None:
            break
        cursor = current.next_cursor
    assert seen == expected


def test_page_size_is_bounded(mei):
    for i in range(3):
        note(mei, f"n{i}")
    assert len(selectors.feed_explore(viewer=None, size=1).items) == 1
    assert len(selectors.feed_explore(viewer=None, size=0).items) == 3  # 0 means the default
    assert len(selectors.feed_explore(viewer=None, size=-5).items) == 1
    assert selectors.page_size(10_000) == 50


def test_a_bad_cursor_is_a_400_not_a_500(mei, alex):
    for call in (lambda c: selectors.feed_explore(viewer=None, cursor=c),
                 lambda c: selectors.feed_following(viewer=alex, cursor=c),
                 lambda c: selectors.user_notes(viewer=mei, author=mei, cursor=c)):
        with pytest.raises(RedleafError) as info:
            call("not-a-cursor")
        assert info.value.code == "bad_cursor"


# --- one note ---------------------------------------------------------------------------------------
def test_note_get_brings_images_topics_and_mentions_in_order(mei, alex):
    n = services.note_create(author=mei, title="#火锅 with @alex", body="#川菜",
                             images=[factories.upload(f"{i}.jpg") for i in range(3)])
    got = selectors.note_get(viewer=alex, note_id=str(n.pk))
    assert [ni.position for ni in got.note_images.all()] == [0, 1, 2]
    assert {t.name for t in got.topics.all()} == {"火锅", "川菜"}
    assert [m.user.username for m in got.mentions.all()] == ["alex"]
    assert got.author == mei and got.cover_id == got.note_images.all()[0].image_id


def test_note_for_update_is_the_authors(mei, alex):
    n = note(mei, "x")
    assert selectors.note_for_update(actor=mei, note_id=n.pk) == n
    with pytest.raises(RedleafError) as info:
        selectors.note_for_update(actor=alex, note_id=n.pk)
    assert info.value.status == 403


# --- query budgets: a page costs the same whatever its size -----------------------------------------
@pytest.fixture(params=[3, 20], ids=["3 notes", "20 notes"])
def busy_feed(request, mei, alex, mod_lin):
    """`n` public notes by mei, each with two images, two topics and a mention; alex follows mei, likes
    and collects them, and has muted mod_lin."""
    account_services.follow_create(follower=alex, followee=mei)
    account_services.mute_create(muter=alex, muted=mod_lin)
    for i in range(request.param):
        made = factories.make_note(mei, title=f"#日常 #猫 n{i} @alex", images=2)
        engagement.like_create(user=alex, note=made)
        engagement.collect_create(user=alex, note=made)
    return request.param


def touch(page, all_images: bool) -> None:
    """Read what a card (or, with all_images, an API note) shows."""
    for item in page.items:
        _ = (item.author.name, item.author.avatar, item.cover.thumb_url, item.likes_count)
        if all_images:
            _ = [ni.image.large_url for ni in item.note_images.all()] + [t.name for t in item.topics.all()]


BUDGETS = [
    # selector, viewer, queries without all_images, with all_images
    ("feed_following", "alex", 2, 4),  # hidden authors; the page (+ images, topics)
    ("feed_explore", "alex", 2, 4),
    ("feed_explore", None, 1, 3),      # a visitor hides nobody
    ("topic_notes", "alex", 2, 4),
    ("user_notes", "alex", 2, 4),      # blocked either way; the page
    ("user_notes", "mei", 1, 3),       # the owner's own profile
    ("user_liked_notes", "alex", 3, 5),  # hidden; the likes page; its notes
]


def test_feed_query_budgets(busy_feed, mei, alex, django_assert_num_queries):
    topic = selectors.topic_get(name="日常")
    for selector, who, plain, full in BUDGETS:
        for all_images in (False, True):
            kwargs = {"viewer": {"alex": alex, "mei": mei, None: None}[who], "all_images": all_images}
            if selector == "topic_notes":
                kwargs["topic"] = topic
            if selector == "user_notes":
                kwargs["author"] = mei
            with django_assert_num_queries(full if all_images else plain):
                page = getattr(selectors, selector)(**kwargs)
                touch(page, all_images)
            assert len(page.items) == busy_feed, selector


@pytest.mark.parametrize("images", [3, 18])
def test_note_get_query_budget(mei, alex, mod_lin, django_assert_num_queries, images):
    account_services.follow_create(follower=alex, followee=mei)
    body = " ".join(f"#t{i}" for i in range(images // 2)) + " @alex @mod_lin"
    made = factories.make_note(mei, title="many", body=body, images=images)
    with django_assert_num_queries(5):  # the note; its images; topics; mentions with their members; blocks
        got = selectors.note_get(viewer=alex, note_id=made.pk)
        _ = [ni.image.large_url for ni in got.note_images.all()]
        _ = [t.name for t in got.topics.all()] + [m.user.name for m in got.mentions.all()]
        _ = (got.author.name, got.author.avatar, got.viewer_liked)
    assert len(got.note_images.all()) == images
