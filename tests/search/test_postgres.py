"""PostgreSQL's own search machinery (skipped on SQLite): the head index, the planner's estimate, bulk
rewrites of a live index. Results must be the same with or without them: they only make search cheaper."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from redleaf.notes.models import Note
from redleaf.search import selectors, services
from redleaf.search.backends import get_backend
from redleaf.search.backends.postgres import PostgresBackend
from redleaf.search.indexes import NOTES
from tests.search.conftest import note

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")]


def _ids(q, **kwargs) -> list[int]:
    seen, cursor = [], ""
    for _page in range(20):
        page = selectors.search(viewer=None, params=selectors.clean_params(q=q, size=3, cursor=cursor, **kwargs))
        seen += [n.pk for n in page.items]
        cursor = page.next_cursor
        if not cursor:
            return seen
    return seen


@pytest.fixture
def spread(mei):
    """Twenty notes over two years, so their ranks span many tiers."""
    made = [note(mei, f"芝士蛋糕 {i}", "芝士 cheesecake") for i in range(20)]
    now = timezone.now()
    for i, n in enumerate(made):
        Note.objects.filter(pk=n.pk).update(published_at=now - timedelta(days=36 * i))
    services.reindex_note_ids(n.pk for n in made)
    return made


def test_the_head_index_changes_costs_not_results(spread, monkeypatch):
    from redleaf.search.backends.base import Backend

    monkeypatch.setattr(Backend, "CANDIDATE_WINDOW", 2)
    before = _ids("芝士")
    assert before == [n.pk for n in spread]
    backend = get_backend()
    monkeypatch.setattr(PostgresBackend, "HEAD_DOCS", 6)
    tier = backend.head_refresh(NOTES)
    assert tier is not None and backend.head_tier(NOTES) == tier
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = %s::regclass",
                       [f"{NOTES.name}_head"])
        assert "rank >=" in cursor.fetchone()[0]
    assert backend._head_sql(NOTES, (tier + 3, tier)) and not backend._head_sql(NOTES, (tier, tier - 1))
    assert _ids("芝士") == before  # every note, once, in the same order, paging through the head and below it


def test_no_head_index_on_a_small_table(spread):
    backend = get_backend()
    assert backend.head_refresh(NOTES) is None and backend.head_tier(NOTES) is None


def test_the_estimate_reads_the_statistics(spread, mei):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {NOTES.name}")
    backend = get_backend()
    common = backend.estimate_matches(table=NOTES, query=selectors.parse("芝士"))
    rare = backend.estimate_matches(table=NOTES, query=selectors.parse("zzzunheardof"))
    assert common is not None and rare is not None and rare < common


def test_a_bulk_rewrite_of_a_live_index_is_found_and_leaves_no_pending_list(spread):
    from redleaf.search import bench

    rate, _processes = bench._bulk_rate([n.pk for n in spread], get_backend())
    assert rate > 0
    assert _ids("cheesecake") == [n.pk for n in spread]
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.reloptions FROM pg_class c WHERE c.relname = %s", [f"{NOTES.name}_tsv"])
        assert cursor.fetchone()[0] == ["fastupdate=off"]


def test_the_index_holds_tier_blocks_and_character_pairs(mei):
    made = note(mei, "小个子穿搭", "穿衣服的小个子")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tier, tsv::text FROM {NOTES.name} WHERE note_id = %s", [made.pk])  # noqa: S608
        tier, tsv = cursor.fetchone()
    number = int(tier[1:])
    assert f"'{tier}'" in tsv and f"'q{number // 4}'" in tsv and f"'s{number // 16}'" in tsv
    assert "'个子'" in tsv and "'子穿'" in tsv and "'穿衣'" in tsv


def test_a_run_of_characters_is_found_by_its_pairs_side_by_side_only(mei):
    """Characters the notes' words were cut across are found through their pairs; a note holding every
    pair, but apart (鞋子穿了……穿搭 for 子穿搭), is not a match, nor one holding only the characters."""
    from redleaf.search.backends.postgres import tsquery

    side_by_side = note(mei, "今天的小个子穿搭分享", "")
    pairs_apart = note(mei, "鞋子穿了三年今日穿搭", "")
    chars_apart = note(mei, "搭配的鞋子和穿衣", "")
    found = _ids("子穿搭")
    assert side_by_side.pk in found and pairs_apart.pk not in found and chars_apart.pk not in found
    # The pairs (which GIN answers from the index) and the phrase (tested on those rows only).
    assert "'子穿' & '穿搭' & ('子' <-> '穿' <-> '搭')" in tsquery(selectors.parse("子穿搭"))
    assert "('大理')" in tsquery(selectors.parse("大理")) and "<->" not in tsquery(selectors.parse("大理"))


def test_a_word_that_reads_like_a_tier_term_does_not_end_a_span_early(spread, mei, monkeypatch):
    """A note far below a span whose text holds the span's tier or block terms ("s4", "q16", "r64") is not
    among its candidates: were it, the span would end at it and every match in between be skipped."""
    from redleaf.search.backends.base import TOP_TIER_SLACK, Backend, tier_terms

    top = get_backend().top_tier(NOTES)
    words = " ".join(tier_terms((top + TOP_TIER_SLACK, top)))  # the first span's terms, as the note's words
    old = note(mei, "芝士 旧", f"芝士 {words}")
    Note.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=36 * 25))
    services.reindex_note_ids([old.pk])
    monkeypatch.setattr(Backend, "CANDIDATE_WINDOW", 2)
    monkeypatch.setattr(selectors, "_maybe_few", lambda *args: False)
    # Every tier said to hold a thousand notes: spans of a tier or two, from the top down.
    monkeypatch.setattr(Backend, "tier_sizes", lambda self, table: dict.fromkeys(range(200), 1000))
    seen = _ids("芝士")
    assert sorted(seen) == sorted([n.pk for n in spread] + [old.pk])  # every note, once


def test_a_head_grown_past_its_size_is_made_again_by_the_worker(spread, mei, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    """Notes written after the head index was made join it (they rank high); once it holds HEAD_GROWTH
    times HEAD_DOCS, the worker indexing a new note asks for it to be made again, once an hour."""
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    from redleaf.search.backends import postgres
    from redleaf.search.backends.base import Backend

    monkeypatch.setattr(Backend, "CANDIDATE_WINDOW", 2)
    monkeypatch.setattr(PostgresBackend, "HEAD_DOCS", 6)
    backend = get_backend()
    assert backend.head_refresh(NOTES) is not None and not backend.head_stale(NOTES)
    cache.delete(services.HEAD_REFRESH_KEY)

    def analysed():  # the figures each process keeps a few minutes, read afresh
        postgres._HEAD.clear()
        postgres._STALE.clear()

    made = [note(mei, f"芝士新 {i}", "芝士") for i in range(8)]  # the newest, all in the head: 14 now
    analysed()
    assert backend.head_stale(NOTES)
    before = _ids("芝士")
    with django_capture_on_commit_callbacks(execute=True):
        note(mei, "芝士 again", "芝士")  # the worker indexes a new note: it asks
        note(mei, "芝士 once more", "芝士")  # and only once
    queued = DBTaskResult.objects.filter(task_path__endswith="refresh_head")
    assert queued.count() == 1
    assert services.head_refresh() is not None  # what the task does
    analysed()
    assert not backend.head_stale(NOTES)
    after = _ids("芝士")
    assert after[2:] == before and {n.pk for n in made} <= set(after)  # the two new ones first, nothing lost
