"""PostgreSQL: a generated tsvector column over the analysed terms ('simple' configuration: our terms are
already normalised, stemmed and cut, so PostgreSQL must not change them) with a GIN index. The index
has no pending list (fastupdate off: every search would scan a pending list linearly, 20 ms once a few
thousand notes wait in it), and the column keeps statistics on 1,000 lexemes, so the planner knows a
word no note has is rare (with the default it guessed 10,000 matches and read the whole table). The four
fields carry the weights A (title / names), B (topics / readings), C (body / bio), D (characters, and
every pair of neighbouring characters: a Chinese word is also found where the notes' words were cut
otherwise, through its pairs, which GIN answers from the index; a phrase over single characters alone
made it read and test every row holding the characters, 2,000 of them for 小个子穿搭). The tier term
carries its blocks (base.TIER_LEVELS).

Queries are tsquery values written from analysed terms (backends/base.py: nothing from the member's
text), cast with ::tsquery so no parser runs over them. Relevance is ts_rank with the weights below."""
# ruff: noqa: S608 - SQL here is formatted with our own table and column names only; values are parameters


from __future__ import annotations

import math
import re
import time

from django.db import connection

from redleaf.search.analysis import Alternative, Query
from redleaf.search.backends.base import (
    _FIGURE_CACHES,
    TIER_LEVELS,
    Backend,
    Hit,
    Table,
    bounds_sql,
    exact_alternatives,
    exact_query,
    other_alternatives,
    safe,
    tier_terms,
)
from redleaf.search.ranking import EXACT_BONUS, TIER_WIDTH

# ts_rank's weights for D, C, B, A: characters, body, topics, title.
WEIGHTS = "{0.1, 0.4, 0.7, 1.0}"


def _lexeme(term: str) -> str:
    return f"'{term}'"  # safe() terms hold no quote or backslash


def _lexemes(alt: Alternative) -> list[str]:
    """The index terms an alternative needs, every one of them: its terms, or for a run of characters
    every pair of neighbours in it (the index holds them: _pairs_sql)."""
    terms = alt.terms
    if alt.kind == "chars" and len(terms) > 1:
        terms = list(dict.fromkeys(a + b for a, b in zip(terms, terms[1:], strict=False)))
    return terms


def _alternative(alt: Alternative) -> str | None:
    """An alternative as tsquery. A run of characters: its neighbouring pairs, which GIN answers from the
    index alone (two characters: exactly), and from three on also the phrase over single characters, so a
    note holding the pairs apart (鞋子穿了……穿搭 for 子穿搭) is not a match: only the few rows holding
    every pair are read again to test it, not every row holding the characters."""
    terms = _lexemes(alt)
    if not terms or not all(safe(t) for t in [*terms, *alt.terms]):
        return None
    pairs = " & ".join(_lexeme(t) for t in terms)
    if alt.kind == "chars" and len(alt.terms) > 2:
        return f"({pairs} & (" + " <-> ".join(_lexeme(t) for t in alt.terms) + "))"
    return f"({pairs})"


def _pairs_sql(column: str = "chars") -> str:
    """Every two neighbouring characters of the characters column ("小 个 子" → "小个 个子"): the pairs
    from the first character on, then from the second (a character left alone at the end is dropped)."""
    def pairs(text: str) -> str:
        return rf"regexp_replace(regexp_replace({text}, '(\S) (\S)', '\1\2', 'g'), '(^| )\S$', '')"

    second_on = rf"regexp_replace({column}, '^\S ?', '')"
    return f"{pairs(column)} || ' ' || {pairs(second_on)}"


def _any(alternatives: list[Alternative]) -> str | None:
    parts = list(dict.fromkeys(p for p in (_alternative(a) for a in alternatives) if p))
    return "(" + " | ".join(parts) + ")" if parts else None


def tsquery(query: Query, *, mode: str = "all") -> str | None:
    """Every concept through any of its alternatives (mode "all"), or any concept at all ("any")."""
    parts = [p for p in (_any(c.alternatives) for c in query.concepts) if p]
    if not parts:
        return None
    return (" & " if mode == "all" else " | ").join(parts)


# The head index: a second, partial GIN index over only the best-ranked documents (HEAD_DOCS of them when
# it was made, and every document ranked above since: a new note ranks high). A span in the top tiers is
# found in it: GIN reads every posting of every word of the query (a common character's run to a
# hundred thousand), and in the head each is a tenth as long. Made by `redleaf search reindex` (optimize());
# it grows as notes are written (a new note ranks above its floor) and is right however large it grows,
# only slower: once it holds HEAD_GROWTH times HEAD_DOCS (or a table that has grown past twice HEAD_DOCS
# has none), the worker indexing a note asks for it to be made again (services.head_maintain), CONCURRENTLY.
HEAD_DOCS = 100_000
HEAD_GROWTH = 2.0
STATS_SECONDS = 600.0
_HEAD: dict[str, tuple[float, int | None]] = {}
_STALE: dict[str, tuple[float, bool]] = {}
_STATS: dict[str, tuple[float, dict[str, float], float, float]] = {}
_FIGURE_CACHES.extend([_HEAD, _STALE, _STATS])
_PREDICATE = re.compile(r"rank >= \(?'?(-?[0-9.]+(?:e[-+]?[0-9]+)?)")


def _head_name(table: Table) -> str:
    return f"{table.name}_head"


def head_floor(tier: int) -> float:
    """The head index's predicate for a head starting at this tier: a little under the tier's lowest rank,
    so no document of the tier is left out by rounding."""
    return round(tier * TIER_WIDTH - 0.001, 6)


# A span is bounded by its ranks as well as its tier terms: a note's own words may read like a tier term
# ("s4", "Q5", "r60"), and such a note far below the span must not end it early. The range is a hair wider
# than the tiers, so rounding never drops a note whose tier term is in the span (the terms keep spans apart).
RANK_SLACK = 1e-9


def tier_blocks_sql(column: str = "tier") -> str:
    """The tier term and the blocks it lies in (base.TIER_LEVELS), from the tier column: "r64 q16 s4"."""
    number = f"substr({column}, 2)::int"
    blocks = " || ".join(f"' {prefix}' || ({number} / {size})::text" for prefix, size in TIER_LEVELS if size > 1)
    return f"{column} || CASE WHEN {column} ~ '^r[0-9]+$' THEN {blocks} ELSE '' END"


class PostgresBackend(Backend):
    vendor = "postgresql"
    HEAD_DOCS = HEAD_DOCS

    # --- the head index -------------------------------------------------------------------------------------
    def head_tier(self, table: Table) -> int | None:
        """The lowest tier the head index holds whole (None: no head index). Kept a few minutes per process."""
        cached = _HEAD.get(table.name)
        if cached and time.monotonic() - cached[0] < STATS_SECONDS:
            return cached[1]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i JOIN pg_class c "
                           "ON c.oid = i.indexrelid WHERE c.relname = %s", [_head_name(table)])
            row = cursor.fetchone()
        tier = None
        if row and row[0] and (m := _PREDICATE.search(row[0])):
            tier = round((float(m.group(1)) + 0.001) / TIER_WIDTH)
        _HEAD[table.name] = (time.monotonic(), tier)
        return tier

    def head_stale(self, table: Table) -> bool:
        """The head holds more than HEAD_GROWTH times HEAD_DOCS documents, or there is none on a table of
        more than twice HEAD_DOCS (counted along the rank index, no further than that; kept a few minutes
        per process)."""
        if table.pk != "note_id":
            return False
        cached = _STALE.get(table.name)
        if cached and time.monotonic() - cached[0] < STATS_SECONDS:
            return cached[1]
        tier = self.head_tier(table)
        limit = int(HEAD_GROWTH * self.HEAD_DOCS) if tier is not None else 2 * self.HEAD_DOCS
        floor = head_floor(tier) if tier is not None else float("-inf")
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table.name} WHERE rank >= %s LIMIT %s) h",
                           [floor, limit + 1])
            stale = cursor.fetchone()[0] > limit
        _STALE[table.name] = (time.monotonic(), stale)
        return stale

    def head_refresh(self, table: Table) -> int | None:
        """(Re)make the head index over the HEAD_DOCS best-ranked documents (whole tiers); none when the
        table is too small for it to pay. Returns the head's lowest tier. Outside a transaction (the
        worker) the new index is built CONCURRENTLY, so notes are written meanwhile, and then swapped in."""
        name = _head_name(table)
        concurrently = "" if connection.in_atomic_block else "CONCURRENTLY"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rank FROM {table.name} ORDER BY rank DESC OFFSET %s LIMIT 1",
                           [self.HEAD_DOCS])
            row = cursor.fetchone()
            cursor.execute(f"SELECT count(*) > %s FROM (SELECT 1 FROM {table.name} LIMIT %s) t",
                           [2 * self.HEAD_DOCS, 2 * self.HEAD_DOCS + 1])
            big = cursor.fetchone()[0]
            cursor.execute(f"DROP INDEX IF EXISTS {name}_new")
            if row is None or not big:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
                _HEAD.pop(table.name, None)
                return None
            tier = math.floor(row[0] / TIER_WIDTH)
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(f"CREATE INDEX {concurrently} {name}_new ON {table.name} USING gin (tsv) "
                           f"WITH (fastupdate = off) WHERE rank >= {head_floor(tier)!r}")
            cursor.execute(f"DROP INDEX IF EXISTS {name}_old")
            cursor.execute(f"ALTER INDEX IF EXISTS {name} RENAME TO {name}_old")
            cursor.execute(f"ALTER INDEX {name}_new RENAME TO {name}")
            cursor.execute(f"DROP INDEX {concurrently} IF EXISTS {name}_old")
        _HEAD.pop(table.name, None)
        _STALE.pop(table.name, None)
        return tier

    def _head_sql(self, table: Table, tiers) -> str:
        """For a span wholly inside the head: the head's predicate, written out (a literal, so the planner
        can prove the partial index answers it)."""
        if tiers is None or table.pk != "note_id":
            return ""
        head = self.head_tier(table)
        if head is None or tiers[1] < head:
            return ""
        return f"AND d.rank >= {head_floor(head)!r}"

    # --- how many matches, guessed from the planner's statistics ---------------------------------------------
    def _stats(self, table: Table) -> tuple[dict[str, float], float, float] | None:
        cached = _STATS.get(table.name)
        if cached and time.monotonic() - cached[0] < STATS_SECONDS:
            return cached[1:]
        with connection.cursor() as cursor:
            cursor.execute("SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
                           "FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename "
                           "WHERE s.tablename = %s AND s.attname = 'tsv'", [table.name])
            row = cursor.fetchone()
        if not row or not row[0] or not row[1]:
            return None
        elems, freqs, rows = row[0], row[1], float(row[2] or 0)
        frequencies = dict(zip(elems, freqs[:len(elems)], strict=False))
        floor = min(frequencies.values()) if frequencies else 0.0
        _STATS[table.name] = (time.monotonic(), frequencies, floor, rows)
        return frequencies, floor, rows

    def estimate_matches(self, *, table, query, mode="all") -> float | None:
        """About how many documents match, from the statistics ANALYZE keeps on the tsvector (its most
        common lexemes and their frequencies; a lexeme not among them is rarer than the rarest that is):
        an upper bound, as the planner reckons it (an alternative as its rarest term, a concept as the
        sum of its alternatives, every concept as the rarest concept)."""
        stats = self._stats(table)
        if stats is None:
            return None
        frequencies, floor, rows = stats

        def alternative(alt: Alternative) -> float:
            return min((frequencies.get(t, floor / 2) for t in _lexemes(alt)), default=0.0)

        concepts = [min(1.0, sum(alternative(a) for a in c.alternatives)) for c in query.concepts if c.alternatives]
        if not concepts:
            return 0.0
        share = min(concepts) if mode == "all" else min(1.0, sum(concepts))
        return share * rows

    def install(self, schema_editor, table: Table) -> None:
        t = table.name
        schema_editor.execute(
            f"ALTER TABLE {t} ADD COLUMN tsv tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('simple', words), 'A') || setweight(to_tsvector('simple', tags), 'B') || "
            "setweight(to_tsvector('simple', more), 'C') || setweight(to_tsvector('simple', chars), 'D') || "
            f"setweight(to_tsvector('simple', {_pairs_sql()}), 'D') || "
            f"to_tsvector('simple', {tier_blocks_sql()})) STORED")
        schema_editor.execute(f"CREATE INDEX {t}_tsv ON {t} USING gin (tsv) WITH (fastupdate = off)")
        schema_editor.execute(f"ALTER TABLE {t} ALTER COLUMN tsv SET STATISTICS 1000")

    def uninstall(self, schema_editor, table: Table) -> None:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table.name}_tsv")
        schema_editor.execute(f"ALTER TABLE {table.name} DROP COLUMN IF EXISTS tsv")

    def _relevance(self, query: Query) -> tuple[str, list, str, list]:
        """One ts_rank over every alternative (cheaper than one per kind on a million notes); the exact-language
        tier is decided by one more match test (ranking.EXACT_BONUS, added outside the logarithm)."""
        everything = _any(exact_alternatives(query) + other_alternatives(query))
        if everything is None:
            return "0", [], "0", []
        every = tsquery(exact_query(query)) if other_alternatives(query) else None
        relevance, params = f"ts_rank('{WEIGHTS}', tsv, %s::tsquery)", [everything]
        if every:
            return relevance, params, f"CASE WHEN tsv @@ %s::tsquery THEN {EXACT_BONUS} ELSE 0 END", [every]
        return relevance, params, "0", []

    def ordered(self, *, table, query, filters, order, limit, after=None, mode="all"):
        q = tsquery(query, mode=mode)
        if q is None:
            return []
        t, pk = table.name, table.pk
        column = "published_at" if order == "newest" else "likes"
        cursor_sql, params = "", [q, *filters.params]
        if after is not None:
            cursor_sql = f"AND (d.{column}, d.{pk}) < (%s, %s)"
            params += list(after)
        sql = (f"SELECT d.{pk}, d.{column} FROM {t} d WHERE d.tsv @@ %s::tsquery AND {filters.where()} "
               f"{cursor_sql} ORDER BY d.{column} DESC NULLS LAST, d.{pk} DESC LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return [Hit(id=row[0], score=0.0, sort_value=row[1]) for row in cursor.fetchall()]

    def _narrowed(self, query: Query, tiers, mode: str) -> str | None:
        q = tsquery(query, mode=mode)
        if q is not None and tiers is not None:
            q = f"({q}) & (" + " | ".join(_lexeme(t) for t in tier_terms(tiers)) + ")"
        return q

    def relevance(self, *, table, query, filters, limit, after=None, tiers=None, hi=None, lo=None, mode="all",
                  cap=None):
        q = self._narrowed(query, tiers, mode)
        if q is None:
            return [], 0, None
        t, pk = table.name, table.pk
        relevance, rel_params, bonus, bonus_params = self._relevance(query)
        bounds, bound_params = bounds_sql(pk, hi, lo)
        tier_sql, tier_params = self._tier_sql(tiers, RANK_SLACK)
        bounds, bound_params = f"{bounds} {tier_sql} {self._head_sql(table, tiers)}", [*bound_params, *tier_params]
        after_sql, after_params = "", []
        if after is not None:
            after_sql = "WHERE (s.score < %s OR (s.score = %s AND s.id < %s))"
            after_params = [after[0], after[0], after[1]]
        # Only table and column names of our own models are formatted in; every value is a parameter.
        sql = f"""
            WITH m AS MATERIALIZED (
                SELECT d.{pk} AS id, d.rank, d.tsv FROM {t} d
                WHERE d.tsv @@ %s::tsquery AND {filters.where()} {bounds}
            ), w AS (
                SELECT * FROM m ORDER BY rank DESC, id DESC LIMIT %s
            ), s AS (
                SELECT id, ln(greatest({relevance}, 1e-9)) + rank + {bonus} AS score FROM w
            )
            SELECT s.id, s.score, (SELECT count(*) FROM w), f.rank, f.id FROM s
            LEFT JOIN (SELECT rank, id FROM w ORDER BY rank, id LIMIT 1) f ON TRUE {after_sql}
            ORDER BY s.score DESC, s.id DESC LIMIT %s
        """
        params = [q, *filters.params, *bound_params, cap or self.CANDIDATE_CAP, *rel_params, *bonus_params, *after_params,
                  limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return [], 0, None
        return [Hit(id=r[0], score=r[1]) for r in rows], rows[0][2], (rows[0][3], rows[0][4])

    def count_matches(self, *, table, query, filters, cap=1000, mode="all", tiers=None, hi=None) -> int:
        q = self._narrowed(query, tiers, mode)
        if q is None:
            return 0
        bounds, bound_params = bounds_sql(table.pk, hi, None)
        tier_sql, tier_params = self._tier_sql(tiers, RANK_SLACK)
        bounds, bound_params = f"{bounds} {tier_sql} {self._head_sql(table, tiers)}", [*bound_params, *tier_params]
        sql = (f"SELECT count(*) FROM (SELECT 1 FROM {table.name} d WHERE d.tsv @@ %s::tsquery "
               f"AND {filters.where()} {bounds} LIMIT %s) m")
        with connection.cursor() as cursor:
            cursor.execute(sql, [q, *filters.params, *bound_params, cap])
            return cursor.fetchone()[0]

    def size_bytes(self, table: Table) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [table.name])
            return int(cursor.fetchone()[0])

    def bulk_begin(self, table: Table) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {table.name}_tsv")
            cursor.execute(f"DROP INDEX IF EXISTS {_head_name(table)}")  # optimize() makes it anew
        _HEAD.pop(table.name, None)

    def bulk_end(self, table: Table) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {table.name}_tsv ON {table.name} USING gin (tsv) "
                           "WITH (fastupdate = off)")

    def _gin_indexes(self, table: Table) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                           "JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = %s::regclass AND a.amname = 'gin'",
                           [table.name])
            return [row[0] for row in cursor.fetchall()]

    def bulk_update_begin(self, table: Table) -> None:
        """GIN's pending list for the while: each document's hundred postings are appended to it rather
        than inserted one by one (three times slower), and bulk_update_end merges them in one sorted pass.
        Searches meanwhile read the list too (slower for those seconds, never wrong)."""
        with connection.cursor() as cursor:
            for index in self._gin_indexes(table):
                cursor.execute(f"ALTER INDEX {index} SET (fastupdate = on, gin_pending_list_limit = 65536)")

    def bulk_update_end(self, table: Table) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'" if connection.in_atomic_block
                           else "SET maintenance_work_mem = '256MB'")
            for index in self._gin_indexes(table):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
                cursor.execute(f"ALTER INDEX {index} SET (fastupdate = off)")
                cursor.execute(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")

    def bulk_write(self, table: Table, fields: list[str], rows: list[tuple]) -> None:
        connection.ensure_connection()
        with connection.connection.cursor() as raw, raw.copy(
                f"COPY {table.name} ({', '.join(fields)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def optimize(self, table: Table) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table.name}")
        if table.pk == "note_id":
            self.head_refresh(table)
        _STATS.pop(table.name, None)
