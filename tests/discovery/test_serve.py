"""Serving: pages by session cursor, never the same note twice in a session, a reload continues the
session with new notes, the reasons on cards, the non-personalised feed for visitors and for members
who switch it off, and bad input of every kind answered without a 500."""

from __future__ import annotations

import pytest
from django.utils import translation

from redleaf.accounts import services as accounts
from redleaf.core.errors import RedleafError
from redleaf.core.pagination import encode_cursor
from redleaf.discovery import precompute, services
from redleaf.discovery.models import FeedSession
from redleaf.engagement import services as engagement
from tests import factories
from tests.discovery.conftest import established, explore, ids, new_visit, note, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(mei, alex, mod_lin, chen):
    established(mei, alex, mod_lin, chen)
    made = []
    for i in range(12):  # three topics, each by several authors
        author = [mei, alex, mod_lin, chen][i % 4]
        made.append(note(author, f"note {i} #{['美食', 'travel', '萌宠'][i % 3]}"))
    return made


def test_a_session_pages_through_everything_once_then_ends(site, reader):
    pages = walk(reader, size=5)
    assert [len(p) for p in pages] == [5, 5, 2]
    served = [i for p in pages for i in p]
    assert sorted(served) == sorted(n.pk for n in site)


def test_a_session_keeps_each_pages_notes_in_order_and_counts_them(site, reader):
    from redleaf.discovery.models import FeedPage
    from redleaf.discovery.pipeline import serve

    pages = walk(reader, size=5)
    session = FeedSession.objects.get(user=reader)
    kept = [[int(i) for i in row.split(",") if i]
            for row in FeedPage.objects.filter(session=session).order_by("id").values_list("note_ids", flat=True)]
    assert kept[:len(pages)] == pages  # then, maybe, an empty last look
    assert serve.served_ids(session) == [i for p in pages for i in p]
    assert session.pages == len(kept) and session.served_count == len(serve.served_ids(session))


def test_a_full_session_is_not_continued(site, reader, monkeypatch):
    from redleaf.discovery import weights

    first = explore(reader, size=5)
    monkeypatch.setattr(weights, "SESSION_MAX_SERVED", 5)
    again = explore(reader, size=5)  # a reload: it would go on in the first session, but that one is full
    assert again.extra["session"] != first.extra["session"]
    monkeypatch.setattr(weights, "SESSION_MAX_SERVED", 100)
    assert explore(reader, size=5).extra["session"] == again.extra["session"]


def test_sessions_a_day_old_are_pruned_with_their_pages(site, reader, mei):
    from datetime import timedelta

    from django.utils import timezone

    from redleaf.discovery.models import FeedPage

    walk(reader, size=5)
    old = FeedSession.objects.get(user=reader)
    FeedSession.objects.filter(pk=old.pk).update(last_at=timezone.now() - timedelta(hours=25))
    explore(mei, size=5)
    assert precompute.sessions_prune() == 1
    assert list(FeedSession.objects.values_list("user_id", flat=True)) == [mei.pk]
    assert not FeedPage.objects.filter(session_id=old.pk).exists() and FeedPage.objects.exists()


def test_a_reload_continues_the_session_a_later_visit_starts_a_new_one(site, reader):
    first = ids(explore(reader, size=5))
    reload = ids(explore(reader, size=5))
    assert not set(first) & set(reload)
    new_visit()
    assert set(ids(explore(reader, size=12))) == {n.pk for n in site}


def test_a_reload_after_the_end_starts_a_new_pass_not_an_empty_page(site, reader):
    """Scrolled through everything, then pulled to refresh within the idle time: the feed starts over
    (the notes come again, in a new session) rather than saying there is nothing to explore."""
    walk(reader, size=5)
    again = explore(reader, size=5)
    assert len(again.items) == 5 and again.next_cursor
    sessions = FeedSession.objects.filter(user=reader)
    assert sessions.count() == 2
    rest = [i for p in walk(reader, size=5) for i in p]  # the new pass goes on to the end, no repeats
    assert sorted(ids(again) + rest) == sorted(n.pk for n in site)


def test_bad_cursors_are_a_clear_400(site, reader, mei):
    page = explore(reader, size=3)
    for cursor in ["garbage!!", "x" * 300, encode_cursor(["s", "12", 1]), encode_cursor(["s", "abc", 1]),
                   encode_cursor(["s", str(2**64), 1]), encode_cursor(["t", "1", 1]), encode_cursor([1.5, 3])]:
        with pytest.raises(RedleafError) as error:
            explore(reader, cursor=cursor)
        assert error.value.code == "bad_cursor" and error.value.status == 400
    with pytest.raises(RedleafError) as error:  # someone else's session
        explore(mei, cursor=page.next_cursor)
    assert error.value.code == "bad_cursor"


def test_visitors_get_the_popular_feed_by_keyset(site):
    from django.contrib.auth.models import AnonymousUser

    pages, cursor = [], None
    while True:
        page = explore(AnonymousUser(), cursor=cursor, size=5)
        pages.append(ids(page))
        cursor = page.next_cursor
        if not cursor:
            break
    assert sorted(i for p in pages for i in p) == sorted(n.pk for n in site)
    assert {n.reason.code for n in page.items} == {"popular"}


def test_switching_personalisation_off_gives_everyone_the_same_feed(site, reader, commit):
    commit(engagement.collect_create, user=reader, note=site[0])
    assert explore(reader, size=4).extra["discovery"]["personalised"] is True
    services.interests_update(user=reader, personalised=False)
    other = factories.make_user("other")
    services.interests_update(user=other, personalised=False)
    mine, theirs = explore(reader, size=20), explore(other, size=20)
    assert ids(mine) == ids(theirs)  # nothing about either member: not even what reader collected
    assert {n.reason.code for n in mine.items} == {"not_personalised"}
    assert mine.extra["discovery"] == {"personalised": False, "onboarded": False}


def test_marks_still_apply_when_personalisation_is_off(site, reader):
    services.mark_create(user=reader, kind="not_interested", note_id=site[0].pk)
    services.interests_update(user=reader, personalised=False)
    assert site[0].pk not in ids(explore(reader, size=20))


def test_reasons_name_what_brought_each_note(site, reader, mei, alex, commit):
    accounts.follow_create(follower=reader, followee=alex)
    commit(engagement.collect_create, user=reader, note=site[0])  # mei's #美食
    precompute.pools_refresh()
    new_visit()
    with translation.override("en"):
        reasons = {n.pk: n.reason.text for n in explore(reader, size=12).items}
    assert reasons[site[3].pk] == "Because you collected notes about #美食"
    assert reasons[site[1].pk] == "From Alex, whom you follow"


def test_onboarding_interests_shape_a_newcomers_first_page(site, reader):
    cats = site[2].topics.get()
    services.interests_update(user=reader, topic_ids=[cats.pk], read_languages=["zh"], onboarded=True)
    page = explore(reader, size=3)
    assert ids(page) == [site[11].pk, site[8].pk, site[5].pk]  # the newest #萌宠 notes
    with translation.override("en"):
        assert page.items[0].reason.text == "Because you chose #萌宠 as an interest"


def test_a_member_with_no_interactions_and_no_interests_gets_popular_notes(site, reader):
    page = explore(reader, size=5)
    assert len(page.items) == 5 and {n.reason.code for n in page.items} <= {"popular", "new_creator", "trending"}


def test_a_member_who_blocked_everyone_gets_an_empty_page(site, reader, mei, alex, mod_lin, chen):
    for other in (mei, alex, mod_lin, chen):
        accounts.block_create(blocker=reader, blocked=other)
    page = explore(reader)
    assert page.items == [] and page.next_cursor is None


def test_an_empty_site(reader):
    page = explore(reader)
    assert page.items == [] and page.next_cursor is None
    assert precompute.pools_refresh()["trending"] == 0
    assert explore(reader).items == []


def test_languages_the_member_cannot_read_come_last(mei, alex, chen, mod_lin):
    established(mei, alex, chen, mod_lin)
    english = [note([alex, mod_lin][i % 2], f"English note number {i}") for i in range(3)]
    chinese = [note([mei, chen][i % 2], f"中文笔记第{i}篇") for i in range(3)]
    only_chinese = factories.make_user("zhonly", languages=["zh"])
    order = ids(explore(only_chinese, size=6))
    assert set(order[:3]) == {n.pk for n in chinese} and set(order[3:]) == {n.pk for n in english}
    learner = factories.make_user("learner", languages=["zh"])
    services.interests_update(user=learner, learning_languages=["en"])
    assert set(ids(explore(learner, size=6))[:2]) <= {n.pk for n in english}  # a lift, not a penalty


def test_a_topic_often_written_with_a_liked_one_is_lifted_and_says_so(mei, alex, chen, reader, commit):
    established(mei, alex, chen)
    liked = note(mei, "火锅 #美食 #探店")
    for i in range(2):
        note(chen, f"more {i} #美食 #探店")
    shop = note(alex, "only the shop #探店")
    other = note(alex, "elsewhere #travel")
    precompute.pools_refresh()
    services.interest_learn(user_id=reader.pk, note_id=liked.pk, action="collect")  # learns #美食 and #探店
    profile = services.profile_ensure(user=reader)
    shops = shop.topics.get()
    profile.topics.pop(str(shops.pk))  # as if only #美食 had been learned
    profile.save(update_fields=["topics"])
    page = explore(reader, size=5)
    assert ids(page).index(shop.pk) < ids(page).index(other.pk)
    with translation.override("en"):
        assert next(n for n in page.items if n.pk == shop.pk).reason.text == "Often goes with #美食, which you like"


# --- pages ahead (serve.AHEAD_PAGES) -----------------------------------------------------------------
@pytest.fixture
def many(mei, alex, mod_lin, chen):
    """Enough notes on three topics for several pages: one run of the stages keeps pages ahead."""
    established(mei, alex, mod_lin, chen)
    return [note([mei, alex, mod_lin, chen][i % 4], f"many {i} #{['美食', 'travel', '萌宠'][i % 3]}")
            for i in range(48)]


def _ahead(reader):
    from django.core.cache import cache

    from redleaf.discovery.pipeline import serve

    session = FeedSession.objects.filter(user=reader).order_by("-last_at").first()
    return cache.get(serve.AHEAD_KEY.format(session.pk)) if session else None


def test_pages_kept_ahead_serve_the_next_pages_in_fewer_queries(many, reader, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as made:
        first = explore(reader, size=6)
    ahead = _ahead(reader)
    assert ahead and len(ahead["pages"]) >= 2
    kept = [entry[0] for entry in ahead["pages"][0]]
    with CaptureQueriesContext(connection) as kept_page:
        second = explore(reader, cursor=first.next_cursor, size=6)
    assert ids(second) == kept  # the page kept ahead, as kept
    assert len(kept_page) < len(made), (len(kept_page), len(made))
    assert all(n.reason is not None and n.reason.text for n in second.items)
    # The whole session still pages through every note once.
    rest = [i for p in walk_from(reader, second.next_cursor, size=6) for i in p]
    served = ids(first) + ids(second) + rest
    assert len(served) == len(set(served)) and set(served) == {n.pk for n in many}


def walk_from(viewer, cursor, size):
    pages = []
    while cursor:
        page = explore(viewer, cursor=cursor, size=size)
        pages.append(ids(page))
        cursor = page.next_cursor
    return pages


def test_a_like_drops_the_pages_ahead_so_it_is_felt_on_the_next_page(many, reader, commit):
    first = explore(reader, size=6)
    kept = [entry[0] for entry in _ahead(reader)["pages"][0]]
    commit(engagement.collect_create, user=reader, note=many[0])  # a #美食 note
    second = explore(reader, cursor=first.next_cursor, size=6)
    assert ids(second) != kept  # made again, from the profile as it is now
    from redleaf.notes.models import NoteTopic

    food = set(NoteTopic.objects.filter(topic__name="美食").values_list("note_id", flat=True))
    assert len(food & set(ids(second))) > len(food & set(kept)) or len(food & set(ids(second))) >= 2


def test_a_note_removed_or_an_author_blocked_after_pages_were_kept_never_shows(many, reader, alex, commit):
    from redleaf.notes import services as note_services
    from redleaf.notes.models import Note

    first = explore(reader, size=6)
    kept = [entry[0] for entry in _ahead(reader)["pages"][0]]
    gone = kept[0]
    commit(note_services.note_take_down, note=Note.objects.get(pk=gone))
    second = explore(reader, cursor=first.next_cursor, size=6)
    assert gone not in ids(second) and len(second.items) == 6  # the next one kept took its place
    accounts.block_create(blocker=reader, blocked=alex)
    third = explore(reader, cursor=second.next_cursor, size=6)
    assert third.items and not {n.author_id for n in third.items} & {alex.pk}


def test_a_note_edited_into_a_topic_asked_less_of_after_pages_were_kept_never_shows(many, reader, mei, commit):
    """Marks are read live on pages kept ahead too: here a kept note gains, by an edit after the mark,
    the topic the member asked to see less of (the mark itself made the pages again)."""
    from redleaf.notes import services as note_services
    from redleaf.notes.models import Note, Topic

    first = explore(reader, size=6)
    services.mark_create(user=reader, kind="less_topic", topic_id=Topic.objects.get(name="萌宠").pk)
    second = explore(reader, cursor=first.next_cursor, size=6)  # made again, without 萌宠
    kept = [entry[0] for entry in _ahead(reader)["pages"][0]]
    mine = next(i for i in kept if Note.objects.get(pk=i).author_id == mei.pk)
    commit(note_services.note_update, note=Note.objects.get(pk=mine), actor=mei, title="now about #萌宠")
    third = explore(reader, cursor=second.next_cursor, size=6)
    assert mine not in ids(third)
    assert Topic.objects.get(name="萌宠").pk not in {t.pk for n in third.items for t in n.topics.all()}


def test_a_reload_makes_a_fresh_page_not_the_one_kept_ahead(many, reader, alex):
    """Pulling down to refresh brings what is new (the top of the popular list), not the next page
    made earlier; scrolling on takes the kept ones."""
    explore(reader, size=6)
    kept = [entry[0] for entry in _ahead(reader)["pages"][0]]
    fresh = note(alex, "just posted #travel")  # the newest is the most popular here (notes/scoring.py)
    reload = explore(reader, size=6)
    assert fresh.pk in ids(reload) and ids(reload) != kept


def test_two_tabs_never_get_the_same_page_kept_ahead(many, reader):
    from django.utils import timezone

    from redleaf.discovery.models import InterestProfile
    from redleaf.discovery.pipeline import serve

    first = explore(reader, size=6)
    tab_a = FeedSession.objects.get(user=reader)
    tab_b = FeedSession.objects.get(pk=tab_a.pk)  # read before tab A saved its page
    profile = InterestProfile.objects.get(user=reader)
    pages = [serve._page(viewer=reader, profile=profile, session=tab, cursor=first.next_cursor, size=6,
                         all_images=False, now=timezone.now()) for tab in (tab_a, tab_b)]
    assert len(pages[0].items) == len(pages[1].items) == 6
    assert not set(ids(pages[0])) & set(ids(pages[1])) and not set(ids(first)) & set(ids(pages[1]))


def test_notes_gone_since_their_features_were_cached_are_replaced_and_the_pages_ahead_picked_again(
        many, reader, commit):
    """A run of the stages picks notes taken down since their features were cached: the cards replace
    them with the next ranked, which the pages ahead (picked before the cards) may hold; those pages
    are then picked again (and a page ahead is read against the session's served notes anyway): no
    note comes twice, none gone shows, and the pages stay full, on every page of the session."""
    from django.core.cache import cache

    from redleaf.discovery import precompute
    from redleaf.discovery.pipeline import features, serve
    from redleaf.notes import services as note_services
    from redleaf.notes.models import Note

    precompute.pools_refresh()  # the worker's lists hold them too, until it makes them again
    before = features.read([n.pk for n in many])
    gone = {n.pk for n in many[-12:]}  # the newest: they lead the first page
    for n in many[-12:]:
        commit(note_services.note_take_down, note=Note.objects.get(pk=n.pk))
    # A copy read just before the take-downs and written just after (a race): it still says "shown".
    cache.set_many({features.KEY.format(i): features._plain(f) for i, f in before.items()}, timeout=300)
    new_visit()
    first = explore(reader, size=6)
    tried = set(serve.served_ids(FeedSession.objects.get(pk=first.extra["session"])))
    kept = {entry[0] for page_ in _ahead(reader)["pages"] for entry in page_}
    assert tried & gone and kept and not kept & tried  # the pages ahead hold none the page took or tried
    pages = [ids(first)]
    cursor = first.next_cursor
    while cursor:
        page = explore(reader, cursor=cursor, size=6)
        pages.append(ids(page))
        cursor = page.next_cursor
    served = [i for page_ in pages for i in page_]
    assert len(served) == len(set(served)) == len(many) - len(gone)
    assert not set(served) & gone and all(len(p) == 6 for p in pages[:-1])
