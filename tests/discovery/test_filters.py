"""What explore never shows: blocked authors either way, muted ones, notes review removed or limited,
followers-only notes of people one does not follow, one's own notes, notes marked "not interested" or
hidden, authors and topics asked to see less of, notes already seen, and (in a session) notes served."""

from __future__ import annotations

import pytest

from redleaf.accounts import services as accounts
from redleaf.discovery import services
from redleaf.discovery.models import FeedSession
from redleaf.engagement import services as engagement
from redleaf.notes import services as notes
from tests.discovery.conftest import established, explore, ids, new_visit, note, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(mei, alex, mod_lin, chen):
    established(mei, alex, mod_lin, chen)
    return {
        "mei": [note(mei, f"小美的笔记{i} #美食") for i in range(2)],
        "alex": [note(alex, f"Alex note {i} #travel") for i in range(2)],
        "lin": [note(mod_lin, f"林的笔记{i} #学习") for i in range(2)],
        "chen": [note(chen, f"陈的笔记{i} #美食") for i in range(2)],
    }


def everything(viewer) -> set[int]:
    new_visit()
    return {i for page in walk(viewer, size=3) for i in page}


def pks(*lists) -> set[int]:
    return {n.pk for notes_ in lists for n in notes_}


def test_a_member_pages_through_everything_but_their_own_notes(world, reader, mei):
    assert everything(reader) == pks(*world.values())
    assert everything(mei) == pks(world["alex"], world["lin"], world["chen"])


def test_blocked_either_way_and_muted_authors_never_appear(world, reader, mei, alex, mod_lin):
    accounts.block_create(blocker=reader, blocked=mei)
    accounts.block_create(blocker=alex, blocked=reader)
    accounts.mute_create(muter=reader, muted=mod_lin)
    assert everything(reader) == pks(world["chen"])


def test_removed_limited_and_unfollowed_followers_only_notes_never_appear(world, reader, chen, mei):
    notes.note_set_reach(note=world["mei"][0], limited=True, label_rule="")
    notes.note_take_down(note=world["alex"][0])
    secret = note(chen, "只给粉丝看 #美食", audience="followers")
    shown = everything(reader)
    assert world["mei"][0].pk not in shown and world["alex"][0].pk not in shown and secret.pk not in shown
    accounts.follow_create(follower=reader, followee=chen)
    assert secret.pk in everything(reader)  # from someone they follow: yes


def test_marks_take_notes_authors_and_topics_out(world, reader, alex):
    services.mark_create(user=reader, kind="not_interested", note_id=world["mei"][0].pk)
    services.mark_create(user=reader, kind="hide", note_id=world["mei"][1].pk)
    services.mark_create(user=reader, kind="less_author", author=alex.username)
    lin_topic = world["lin"][0].topics.get()
    services.mark_create(user=reader, kind="less_topic", topic_id=lin_topic.pk)
    assert everything(reader) == pks(world["chen"])


def test_seen_notes_do_not_come_back_but_a_new_session_repeats_unseen_ones(world, reader):
    engagement.like_create(user=reader, note=world["alex"][0])  # before the profile: from history
    services.profile_ensure(user=reader)
    services.view_record(user=reader, note_id=world["lin"][0].pk, seconds=1)
    first = everything(reader)
    assert world["alex"][0].pk not in first and world["lin"][0].pk not in first
    assert everything(reader) == first  # served before, not opened: a later visit may show them again


def test_no_note_twice_in_a_session_even_across_reloads(world, reader):
    pages = walk(reader, size=2)
    served = [i for page in pages for i in page]
    assert len(served) == len(set(served)) == 8
    spent = FeedSession.objects.get(user=reader).pk
    again = explore(reader, size=2)  # a reload once everything was served: a new session, a new pass
    assert ids(again) and set(ids(again)) <= set(served) and again.extra["session"] != spent


def test_a_block_mid_session_takes_effect_on_the_next_page(world, reader, mei):
    first = explore(reader, size=2)  # warms the caches (followees, blocks, note features)
    accounts.block_create(blocker=reader, blocked=mei)
    rest = {i for page in walk_from(reader, first.next_cursor) for i in page}
    assert not rest & pks(world["mei"])
    assert rest | set(ids(first)) >= pks(world["alex"], world["lin"], world["chen"]) - set(ids(first))


def walk_from(viewer, cursor) -> list[list[int]]:
    pages = []
    while cursor:
        page = explore(viewer, cursor=cursor, size=2)
        pages.append(ids(page))
        cursor = page.next_cursor
    return pages
