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


def test_a_run_of_characters_is_found_by_its_neighbouring_pairs_only(mei):
    """Characters the notes' words were cut across are found as their pairs (what the phrase over single
    characters found), and characters that are merely all present, not side by side, are not."""
    side_by_side = note(mei, "今天的小个子穿搭分享", "")
    apart = note(mei, "搭配的鞋子和穿衣", "")  # 子, 穿 and 搭, none beside the other
    found = _ids("子穿搭")
    assert side_by_side.pk in found and apart.pk not in found
    with connection.cursor() as cursor:  # answered by GIN exactly: no row is read and tested again
        cursor.execute(f"EXPLAIN ANALYZE SELECT note_id FROM {NOTES.name} WHERE tsv @@ %s::tsquery",  # noqa: S608
                       ["'个子' & '子穿'"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Rows Removed by Index Recheck" not in plan
