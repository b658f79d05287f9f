"""The one interface every search engine answers behind (the embedded SQLite FTS5 default, PostgreSQL's
tsvector + GIN, and a cluster engine such as OpenSearch later: see the README).

A backend keeps the full-text index of the document tables (models.py) and answers `candidates()`: the
documents that match a parsed query (analysis.Query: every concept, through any of its alternatives),
filtered by a few document columns, in the order asked, one page past a cursor. Relevance is the
backend's own text score (BM25 in FTS5; ts_rank with term weights in PostgreSQL), split into the part
from exact-language alternatives and the part from the others (pinyin, spelling, cross-language: worth
half); ranking.py turns it and the document's rank into the score, the same formula everywhere.

The backend never sees the member's text: it gets analysed terms only, which hold letters, digits and
Chinese characters and nothing an FTS syntax could read as an operator."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import connection

from redleaf.search.analysis import Alternative, Query
from redleaf.search.ranking import TIER_WIDTH, tier_of

# What a term may hold (analysis.py makes nothing else; anything else is dropped here, defensively).
_SAFE_TERM = re.compile(r"^[^\W_]+$")


def safe(term: str) -> bool:
    return bool(_SAFE_TERM.match(term))


@dataclass
class Filters:
    """Document-column conditions, as SQL on alias `d` with their parameters (built in selectors.py from
    what the member asked and may see; the live note rows are checked again after)."""

    sql: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)

    def add(self, sql: str, *params) -> Filters:
        self.sql.append(sql)
        self.params.extend(params)
        return self

    def where(self) -> str:
        return " AND ".join(f"({s})" for s in self.sql) or "1 = 1"


@dataclass
class Hit:
    id: int
    score: float
    sort_value: float | datetime | int | None = None


@dataclass
class Table:
    """A document table as the backends see it."""

    name: str
    pk: str
    fts: str  # the SQLite FTS5 table's name


TIER_SIZES_SECONDS = 600.0
TOP_TIER_SECONDS = 5.0
# The first span reaches this many tiers above the top tier last read (a few seconds old: a note cannot
# climb two whole points of rank in that time), so no note ranked above it is left out.
TOP_TIER_SLACK = 20
_TIER_SIZES: dict[str, tuple[float, dict[int, int]]] = {}
_TOP_TIER: dict[str, tuple[float, int | None]] = {}
_FIGURE_CACHES: list[dict] = [_TIER_SIZES, _TOP_TIER]


def forget_figures() -> None:
    """Drop the index figures this process keeps (tier sizes, the top tier, an engine's statistics)."""
    for cache in _FIGURE_CACHES:
        cache.clear()


class Backend:
    vendor = ""
    # A span of rank tiers is wide enough once it holds this many matches; at most CANDIDATE_CAP of them
    # (the best-ranked) make up the span, and all of those are scored.
    CANDIDATE_WINDOW = 150
    CANDIDATE_CAP = 300

    def install(self, schema_editor, table: Table) -> None:
        raise NotImplementedError

    def uninstall(self, schema_editor, table: Table) -> None:
        raise NotImplementedError

    def relevance(self, *, table: Table, query: Query, filters: Filters, limit: int, after: tuple | None = None,
                  tiers: tuple[int, int] | None = None, hi: tuple | None = None, lo: tuple | None = None,
                  mode: str = "all", cap: int | None = None) -> tuple[list[Hit], int, tuple | None]:
        """Matches of `query` (mode "all": every concept; "any": one of them), all scored (ranking.py),
        among the CANDIDATE_CAP best-ranked documents whose (rank, id) lies in [lo, hi) (None: unbounded) and
        whose rank tier is in `tiers` ((highest, lowest): the index narrows by its tier terms); `cap`: fewer
        than CANDIDATE_CAP (the rest of a span another call began). Returns up to
        `limit` hits by score after the cursor `after` ((score, id)), how many candidates were scored, and
        the lowest (rank, id) among them (where the span ends)."""
        raise NotImplementedError

    def ordered(self, *, table: Table, query: Query, filters: Filters, order: str, limit: int,
                after: tuple | None = None, mode: str = "all") -> list[Hit]:
        """Matches newest first ("newest": published_at) or most liked first ("likes"), after the cursor
        ((value, id))."""
        raise NotImplementedError

    def count_matches(self, *, table: Table, query: Query, filters: Filters, cap: int = 1000, mode: str = "all",
                      tiers: tuple[int, int] | None = None, hi: tuple | None = None) -> int:
        """How many documents match (in `tiers`, below `hi`), counting no further than `cap`."""
        raise NotImplementedError

    def estimate_matches(self, *, table: Table, query: Query, mode: str = "all") -> float | None:
        """About how many documents match, without reading the index (None: this engine cannot tell; the
        vocabulary's document frequencies guide instead)."""
        return None

    def tier_sizes(self, table: Table) -> dict[int, int]:
        """How many documents each rank tier holds (the whole table, whatever the query: kept a few minutes
        per process, it only guides how wide a span to ask for)."""
        import time

        cached = _TIER_SIZES.get(table.name)
        if cached and time.monotonic() - cached[0] < TIER_SIZES_SECONDS:
            return cached[1]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT tier, count(*) FROM {table.name} GROUP BY tier")  # noqa: S608
            sizes = {int(t[1:]): n for t, n in cursor.fetchall() if t and t[1:].isdigit()}
        _TIER_SIZES[table.name] = (time.monotonic(), sizes)
        return sizes

    def top_tier(self, table: Table) -> int | None:
        """The highest rank tier, as of a few seconds ago (spans from the top add TOP_TIER_SLACK)."""
        import time

        cached = _TOP_TIER.get(table.name)
        if cached and time.monotonic() - cached[0] < TOP_TIER_SECONDS:
            return cached[1]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT max(rank) FROM {table.name}")  # noqa: S608 - our own table name
            top = cursor.fetchone()[0]
        tier = None if top is None else tier_of(top)
        _TOP_TIER[table.name] = (time.monotonic(), tier)
        return tier

    def size_bytes(self, table: Table) -> int:
        raise NotImplementedError

    @staticmethod
    def _tier_sql(tiers, widen: float = 0.0) -> tuple[str, list]:
        """A span's tiers as its range of ranks on alias d (`widen`: a hair more each side)."""
        if tiers is None:
            return "", []
        hi, lo = tiers
        return "AND d.rank >= %s AND d.rank < %s", [lo * TIER_WIDTH - widen, (hi + 1) * TIER_WIDTH + widen]

    def head_stale(self, table: Table) -> bool:
        """Whether an index this engine keeps beside the full-text one (PostgreSQL's head) should be
        made again (head_refresh). Read from figures kept a few minutes per process."""
        return False

    def head_refresh(self, table: Table) -> int | None:
        return None

    def optimize(self, table: Table) -> None:
        """After a rebuild: merge segments, update planner statistics."""

    def bulk_begin(self, table: Table) -> None:
        """Before loading every document anew: stop maintaining the full-text index row by row."""

    def bulk_end(self, table: Table) -> None:
        """After the load: build the full-text index in one pass."""

    def bulk_update_begin(self, table: Table) -> None:
        """Before rewriting many documents of a live index (the index stays, searches go on)."""

    def bulk_update_end(self, table: Table) -> None:
        """After: fold what was written into the index in one pass, where the engine can."""

    def bulk_write(self, table: Table, fields: list[str], rows: list[tuple]) -> None:
        """Insert document rows (tuples in the order of `fields`, our own column names)."""
        sql = (f"INSERT INTO {table.name} ({', '.join(fields)}) "  # noqa: S608 - our own names
               f"VALUES ({', '.join(['%s'] * len(fields))})")
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


# Besides its tier ("r64"), a document's index holds the blocks of 4 and of 16 tiers its tier lies in ("q16",
# "s4"; PostgreSQL derives them from the tier in its tsvector expression), so a span of tiers is asked for
# as a few blocks rather than one term per tier: GIN tests every candidate against the whole query, and
# 36 tier terms cost it three times what their 3 blocks do (10 ms against 4 for 小个子穿搭 on a million).
TIER_LEVELS = (("s", 16), ("q", 4), ("r", 1))


def tier_terms(tiers: tuple[int, int]) -> list[str]:
    """The fewest aligned blocks (TIER_LEVELS) that together hold exactly the tiers hi down to lo."""
    hi, lo = tiers
    terms, tier = [], max(lo, 0)
    while tier <= hi:
        for prefix, size in TIER_LEVELS:
            if tier % size == 0 and tier + size - 1 <= hi:
                terms.append(f"{prefix}{tier // size}")
                tier += size
                break
    return terms


def exact_query(query: Query) -> Query:
    """The query with only its exact-language alternatives: a note matching it ranks above every note that
    matches only through pinyin, a correction or the other language (ranking.EXACT_BONUS)."""
    from redleaf.search.analysis import Concept

    concepts = [Concept(c.text, [a for a in c.alternatives if a.exact]) for c in query.concepts]
    return Query(text=query.text, concepts=[c for c in concepts if c.alternatives])


def exact_alternatives(query: Query) -> list[Alternative]:
    return [a for c in query.concepts for a in c.alternatives if a.exact]


def other_alternatives(query: Query) -> list[Alternative]:
    return [a for c in query.concepts for a in c.alternatives if not a.exact]


def bounds_sql(pk: str, hi: tuple | None, lo: tuple | None) -> tuple[str, list]:
    """(rank, id) in [lo, hi), as SQL on alias d (row values: PostgreSQL and SQLite ≥ 3.15 both have them)."""
    sql, params = [], []
    if hi is not None:
        sql.append(f"AND (d.rank, d.{pk}) < (%s, %s)")
        params += list(hi)
    if lo is not None:
        sql.append(f"AND (d.rank, d.{pk}) >= (%s, %s)")
        params += list(lo)
    return " ".join(sql), params
