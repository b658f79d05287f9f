"""What the worker precomputes: trending (decayed, moderated), fresh notes from new creators, language
pools, popular-in-topic pools, co-engagement neighbours and conversation signals; refreshes asked for
once however many pages notice they are stale."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from redleaf.discovery import precompute, services
from redleaf.discovery.models import NoteSignals, Pool, Refresh
from redleaf.engagement import services as engagement
from redleaf.engagement.models import Comment
from redleaf.notes import services as notes
from redleaf.notes.models import Note
from tests import factories
from tests.discovery.conftest import established, note

pytestmark = pytest.mark.django_db


def aged(n, days: float) -> None:
    moment = timezone.now() - timedelta(days=days)
    Note.objects.filter(pk=n.pk).update(published_at=moment)


def likes(n, count: int) -> None:
    for _ in range(count):
        engagement.like_create(user=factories.make_user(), note=n)


def test_trending_decays_with_age_and_leaves_limited_notes_out(mei, alex):
    old_hit, new_small, limited = note(mei, "old hit"), note(alex, "new and liked"), note(alex, "limited")
    likes(old_hit, 6)
    likes(new_small, 2)
    likes(limited, 9)
    aged(old_hit, 3)
    notes.note_set_reach(note=limited, limited=True, label_rule="")
    ranked = precompute.trending_compute(timezone.now())
    assert ranked.index(new_small.pk) < ranked.index(old_hit.pk)
    assert limited.pk not in ranked
    aged(old_hit, 30)  # past TRENDING_DAYS
    assert old_hit.pk not in precompute.trending_compute(timezone.now())


def test_reports_and_hostile_threads_pull_a_trending_note_down(mei, alex, mod_lin):
    from redleaf.moderation import services as moderation

    kind, rude = note(mei, "kind thread"), note(alex, "rude thread")
    for n in (kind, rude):
        likes(n, 3)
    engagement.comment_create(author=mod_lin, note=kind, text="So helpful, thank you for sharing!")
    engagement.comment_create(author=mod_lin, note=rude, text="This is disgusting garbage, I hate it, awful")
    moderation.report_create(reporter=mod_lin, kind="note", object_id=rude.pk, rule_id="harassment")
    precompute.signals_compute([kind.pk, rude.pk])
    signals = {s.note_id: s for s in NoteSignals.objects.all()}
    assert (signals[kind.pk].positive, signals[kind.pk].hostile) == (1, 0)
    assert (signals[rude.pk].hostile, signals[rude.pk].reports) == (1, 1)
    ranked = precompute.trending_compute(timezone.now())
    assert ranked.index(kind.pk) < ranked.index(rude.pk)


def test_cross_language_replies_are_counted(mei, alex):
    n = note(mei, "麻婆豆腐 #美食")
    question = engagement.comment_create(author=alex, note=n, text="Is this very spicy?")
    engagement.comment_create(author=mei, note=n, text="有一点辣，可以少放辣椒", reply_to=question)
    engagement.comment_create(author=alex, note=n, text="Thanks!", reply_to=question)  # his own thread: no
    precompute.signals_compute([n.pk])
    signals = NoteSignals.objects.get(note=n)
    assert (signals.replies, signals.cross_language_replies, signals.language) == (2, 1, "zh")


def test_removed_comments_and_hides_count_against_a_note(mei, alex, mod_lin, reader):
    n = note(mei, "a note")
    comment = engagement.comment_create(author=alex, note=n, text="nice")
    engagement.comment_take_down(comment=Comment.objects.get(pk=comment.pk))
    services.mark_create(user=reader, kind="hide", note_id=n.pk)
    precompute.signals_compute([n.pk])
    signals = NoteSignals.objects.get(note=n)
    assert (signals.hostile, signals.hides, signals.dirty_since) == (1, 1, None)


def test_fresh_pool_holds_new_creators_one_note_each(mei, alex):
    established(mei)
    for i in range(5):
        note(mei, f"veteran {i}")
    newcomer = factories.make_user("newbie")
    first, second = note(newcomer, "hello 1"), note(newcomer, "hello 2")
    fresh = precompute.fresh_compute(timezone.now())
    assert second.pk in fresh and first.pk not in fresh  # one per author, the best-received first
    assert not {n.pk for n in Note.objects.filter(author=mei)} & set(fresh)


def test_language_and_topic_pools(mei, alex):
    zh = note(mei, "成都火锅 #火锅")
    en = note(alex, "Hotpot night #hotpot")
    likes(zh, 1)
    sizes = precompute.pools_refresh()
    assert Pool.objects.get(key="lang:zh").ids() == [zh.pk]
    assert Pool.objects.get(key="lang:en").ids() == [en.pk]
    topic = zh.topics.get()
    assert Pool.objects.get(key=f"topic:{topic.pk}").ids() == [zh.pk]
    assert sizes["trending"] == 2 and Refresh.objects.get(name="pools").done_at is not None
    assert precompute.pools_refresh(force=False) == {}  # just done: the worker's duplicate does nothing


def test_neighbours_are_what_the_same_members_also_collected(mei, alex):
    a, b, c, unrelated = (note(mei, "a"), note(mei, "b"), note(alex, "c"), note(alex, "d"))
    fans = [factories.make_user() for _ in range(3)]
    for fan in fans:
        engagement.collect_create(user=fan, note=a)
        engagement.collect_create(user=fan, note=b)
    engagement.like_create(user=fans[0], note=c)
    engagement.like_create(user=factories.make_user(), note=unrelated)
    pairs = precompute.neighbours_compute(a.pk)
    assert [p[0] for p in pairs] == [b.pk, c.pk]
    assert Pool.objects.get(key=f"nb:{a.pk}").pairs()[0] == (b.pk, pytest.approx(pairs[0][1], abs=1e-3))


def test_a_refresh_is_asked_for_once(mei, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        assert precompute.refreshes_request(["pools", "topic:1", "nb:5"]) == ["pools", "topic:1", "nb:5"]
        assert precompute.refreshes_request(["pools", "topic:1", "nb:5"]) == []
    paths = sorted(t.task_path.rsplit(".", 1)[1] for t in DBTaskResult.objects.all())
    assert paths == ["neighbours_refresh", "pools_refresh", "topic_pools_refresh"]


def test_engagement_marks_signals_dirty_and_queues_one_recount(mei, alex, commit):
    from django_tasks_db.models import DBTaskResult

    n = note(mei, "talked about")
    commit(engagement.comment_create, author=alex, note=n, text="Looks great")
    commit(engagement.like_create, user=alex, note=n)
    assert NoteSignals.objects.get(note=n).dirty_since is not None
    recounts = DBTaskResult.objects.filter(task_path__endswith="signals_refresh")
    assert recounts.count() == 1 and recounts.get().run_after is not None
    assert DBTaskResult.objects.filter(task_path__endswith="neighbours_refresh").count() == 1


def test_a_comment_removed_by_review_queues_a_recount(mei, alex, commit):
    from django_tasks_db.models import DBTaskResult

    n = note(mei, "under discussion")
    comment = engagement.comment_create(author=alex, note=n, text="rude words")
    precompute.signals_compute([n.pk])
    commit(engagement.comment_take_down, comment=Comment.objects.get(pk=comment.pk))
    assert NoteSignals.objects.get(note=n).dirty_since is not None
    assert DBTaskResult.objects.filter(task_path__endswith="signals_refresh").count() == 1
    assert precompute.signals_touch(123) is False  # no such note: nothing made


def test_related_topics_are_the_ones_written_together(mei, alex):
    for i in range(3):
        note(mei, f"探店 {i} #美食 #探店")
    note(alex, "just food #美食")
    note(alex, "elsewhere #travel")
    precompute.pools_refresh()
    food, shops = Note.objects.get(title__startswith="探店 0").topics.order_by("notetopic__id")
    pairs = Pool.objects.get(key=f"tn:{food.pk}").pairs()
    assert [p[0] for p in pairs] == [shops.pk] and pairs[0][1] == pytest.approx(3 / (4 * 3) ** 0.5, abs=1e-3)


def test_features_from_the_cache_are_the_databases(mei, alex, django_assert_num_queries):
    """A candidate's facts read again come from the cache (as plain values), equal to the first read,
    conversation signals included."""
    from redleaf.discovery.pipeline import features

    n, quiet = note(mei, "麻婆豆腐 #美食"), note(alex, "a plain note")
    engagement.comment_create(author=alex, note=n, text="Looks great!")
    precompute.signals_compute([n.pk])
    first = features.read([n.pk, quiet.pk])
    with django_assert_num_queries(0):
        again = features.read([n.pk, quiet.pk])
    assert again == first and type(again[n.pk]) is features.Facts
    assert isinstance(again[n.pk].signals, features.Signals) and again[n.pk].signals.comments_scored == 1
    assert again[quiet.pk].signals is None and again[n.pk].topics == first[n.pk].topics != ()


def test_a_refreshed_pool_reads_as_its_new_list(db):
    """Parsing is remembered per text, so a pool the worker made again reads as the new one."""
    pool = Pool.objects.create(key="trending", note_ids="3,1,2", refreshed_at=timezone.now())
    assert Pool.objects.get(key="trending").ids() == [3, 1, 2]
    Pool.objects.filter(key="trending").update(note_ids="2:0.5,9:0.25")
    again = Pool.objects.get(key="trending")
    assert again.ids() == [2, 9] and again.pairs() == [(2, 0.5), (9, 0.25)]
    again.ids().append(7)  # callers get a list of their own
    assert Pool.objects.get(key="trending").ids() == [2, 9] and pool.ids() == [3, 1, 2]
