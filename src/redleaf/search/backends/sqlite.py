"""SQLite (the embedded default): an FTS5 table over each document table (external content, kept in step
by triggers, so a document row and its index entry are written in one transaction), tokenised by
unicode61 over our analysed terms: Chinese words are single space-separated tokens, so FTS5 matches
two-character words exactly (its trigram tokenizer cannot), and characters in a row are phrases.

MATCH expressions are written from analysed terms only (backends/base.py), each quoted. Relevance is
FTS5's BM25 with column weights, times 0.5 when only non-exact alternatives matched."""
# ruff: noqa: S608 - SQL here is formatted with our own table and column names only; values are parameters


from __future__ import annotations

from django.db import connection

from redleaf.search.analysis import Alternative, Query
from redleaf.search.backends.base import (
    Backend,
    Hit,
    Table,
    bounds_sql,
    exact_alternatives,
    exact_query,
    other_alternatives,
    safe,
)
from redleaf.search.ranking import EXACT_BONUS

COLUMNS = ("words", "tags", "more", "chars", "tier")
BM25_WEIGHTS = "10.0, 7.0, 4.0, 1.0, 0.0"  # words, tags, more, chars, tier
TEXT_COLUMNS = "{words tags more}"


def _alternative(alt: Alternative) -> str | None:
    terms = [t for t in alt.terms if safe(t)]
    if len(terms) != len(alt.terms) or not terms:
        return None
    if alt.kind == "chars":
        return 'chars : "' + " ".join(terms) + '"'
    return f"{TEXT_COLUMNS} : (" + " AND ".join(f'"{t}"' for t in terms) + ")"


def _any(alternatives: list[Alternative]) -> str | None:
    parts = [p for p in (_alternative(a) for a in alternatives) if p]
    return "(" + " OR ".join(parts) + ")" if parts else None


def match_expression(query: Query, *, mode: str = "all") -> str | None:
    parts = [p for p in (_any(c.alternatives) for c in query.concepts) if p]
    if not parts:
        return None
    return (" AND " if mode == "all" else " OR ").join(parts)


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def install(self, schema_editor, table: Table) -> None:
        t, f, pk = table.name, table.fts, table.pk
        cols = ", ".join(COLUMNS)
        new = ", ".join(f"new.{c}" for c in COLUMNS)
        old = ", ".join(f"old.{c}" for c in COLUMNS)
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {f} USING fts5({cols}, content='{t}', content_rowid='{pk}', "
            "tokenize='unicode61 remove_diacritics 0')")
        schema_editor.execute(f"CREATE TRIGGER {t}_ai AFTER INSERT ON {t} BEGIN "
                              f"INSERT INTO {f}(rowid, {cols}) VALUES (new.{pk}, {new}); END")
        schema_editor.execute(f"CREATE TRIGGER {t}_ad AFTER DELETE ON {t} BEGIN "
                              f"INSERT INTO {f}({f}, rowid, {cols}) VALUES ('delete', old.{pk}, {old}); END")
        schema_editor.execute(f"CREATE TRIGGER {t}_au AFTER UPDATE OF {cols} ON {t} BEGIN "
                              f"INSERT INTO {f}({f}, rowid, {cols}) VALUES ('delete', old.{pk}, {old}); "
                              f"INSERT INTO {f}(rowid, {cols}) VALUES (new.{pk}, {new}); END")

    def uninstall(self, schema_editor, table: Table) -> None:
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table.name}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table.fts}")

    def ordered(self, *, table, query, filters, order, limit, after=None, mode="all"):
        expression = match_expression(query, mode=mode)
        if expression is None:
            return []
        t, f, pk = table.name, table.fts, table.pk
        column = "published_at" if order == "newest" else "likes"
        cursor_sql, params = "", [expression, *filters.params]
        if after is not None:
            cursor_sql = f"AND (d.{column} < %s OR (d.{column} = %s AND d.{pk} < %s))"
            params += [after[0], after[0], after[1]]
        sql = (f"SELECT d.{pk}, d.{column} FROM {t} d WHERE d.{pk} IN (SELECT rowid FROM {f} "
               f"WHERE {f} MATCH %s) AND {filters.where()} {cursor_sql} "
               f"ORDER BY d.{column} IS NULL, d.{column} DESC, d.{pk} DESC LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            return [Hit(id=r[0], score=0.0, sort_value=r[1]) for r in cursor.fetchall()]

    def _narrowed(self, query: Query, tiers, mode: str) -> str | None:
        # FTS5 would merge every tier term's long doclist to OR them; the rank range (_tier_sql) on the
        # document table's rank index narrows as well, so the MATCH holds the words only.
        return match_expression(query, mode=mode)

    @staticmethod
    def _walk(table: Table, tiers) -> str:
        """For a span of ranks: walk the covering rank index (migration 0007) and look each note up in the
        MATCH's rowids. Left to itself SQLite fetches every matching document row (24,000 of them for 猫咪
        on the bulk data: 150 ms) to sort them; in the index it takes ~12."""
        return "INDEXED BY search_note_rank_cover" if tiers is not None and table.pk == "note_id" else ""

    def relevance(self, *, table, query, filters, limit, after=None, tiers=None, hi=None, lo=None, mode="all",
                  cap=None):
        expression = self._narrowed(query, tiers, mode)
        if expression is None:
            return [], 0, None
        t, f, pk = table.name, table.fts, table.pk
        exact = _any(exact_alternatives(query))
        other = _any(other_alternatives(query))
        bounds, bound_params = bounds_sql(pk, hi, lo)
        tier_sql, tier_params = self._tier_sql(tiers)
        bounds, bound_params = f"{bounds} {tier_sql}", [*bound_params, *tier_params]
        # An exact-language alternative matched: full relevance; only pinyin / spelling / cross-language: half.
        if exact and other:
            factor, factor_params = (f"CASE WHEN {f}.rowid IN (SELECT rowid FROM {f} "
                                     f"WHERE {f} MATCH %s) THEN 1.0 ELSE 0.5 END"), [exact]
        else:
            factor, factor_params = ("1.0" if exact else "0.5"), []
        bonus, bonus_params = "0", []
        every = match_expression(exact_query(query)) if other else None
        if every:  # the exact-language tier first (ranking.EXACT_BONUS is added outside the logarithm)
            bonus = f"CASE WHEN {f}.rowid IN (SELECT rowid FROM {f} WHERE {f} MATCH %s) THEN {EXACT_BONUS} ELSE 0 END"
            bonus_params = [every]
        after_sql, after_params = "", []
        if after is not None:
            after_sql = "WHERE (s.score < %s OR (s.score = %s AND s.id < %s))"
            after_params = [after[0], after[0], after[1]]
        # The span's matches first (no BM25 yet: FTS5 would score every match), then BM25 for those only.
        sql = f"""
            WITH w AS (
                SELECT d.{pk} AS id, d.rank AS rank FROM {t} d {self._walk(table, tiers)}
                WHERE d.{pk} IN (SELECT rowid FROM {f} WHERE {f} MATCH %s) AND {filters.where()} {bounds}
                ORDER BY d.rank DESC LIMIT %s
            ), s AS (
                SELECT {f}.rowid AS id, ln(max(-bm25({f}, {BM25_WEIGHTS}) * {factor}, 1e-9)) + w.rank + {bonus} AS score
                FROM {f} JOIN w ON {f}.rowid = w.id WHERE {f} MATCH %s
            )
            SELECT s.id, s.score, (SELECT count(*) FROM w), f.rank, f.id FROM s
            LEFT JOIN (SELECT rank, id FROM w ORDER BY rank, id LIMIT 1) f ON 1 {after_sql}
            ORDER BY s.score DESC, s.id DESC LIMIT %s
        """
        params = [expression, *filters.params, *bound_params, cap or self.CANDIDATE_CAP, *factor_params, *bonus_params,
                  expression, *after_params, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return [], 0, None
        return [Hit(id=r[0], score=r[1]) for r in rows], rows[0][2], (rows[0][3], rows[0][4])

    def count_matches(self, *, table, query, filters, cap=1000, mode="all", tiers=None, hi=None) -> int:
        expression = self._narrowed(query, tiers, mode)
        if expression is None:
            return 0
        t, f, pk = table.name, table.fts, table.pk
        bounds, bound_params = bounds_sql(pk, hi, None)
        tier_sql, tier_params = self._tier_sql(tiers)
        bounds, bound_params = f"{bounds} {tier_sql}", [*bound_params, *tier_params]
        sql = (f"SELECT count(*) FROM (SELECT 1 FROM {t} d {self._walk(table, tiers)} WHERE d.{pk} IN (SELECT rowid FROM {f} "
               f"WHERE {f} MATCH %s) AND {filters.where()} {bounds} LIMIT %s)")
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *filters.params, *bound_params, cap])
            return cursor.fetchone()[0]

    def size_bytes(self, table: Table) -> int:
        """The FTS5 index's own pages plus the document table's (dbstat may be missing: then page counts
        of the shadow tables are not available and the figure is the document table's row sizes)."""
        with connection.cursor() as cursor:
            try:
                cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE %s OR name = %s",
                               [f"{table.fts}%", table.name])
                return int(cursor.fetchone()[0] or 0)
            except Exception:
                cursor.execute(f"SELECT sum(length(words) + length(more) + length(tags) + length(chars)) "  # noqa: S608
                               f"FROM {table.name}")
                return int(cursor.fetchone()[0] or 0)

    def bulk_begin(self, table: Table) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table.name}_ai")
            cursor.execute(f"DROP TRIGGER IF EXISTS {table.name}_ad")
            cursor.execute(f"INSERT INTO {table.fts}({table.fts}) VALUES ('delete-all')")

    def bulk_end(self, table: Table) -> None:
        t, f, pk = table.name, table.fts, table.pk
        cols = ", ".join(COLUMNS)
        new = ", ".join(f"new.{c}" for c in COLUMNS)
        old = ", ".join(f"old.{c}" for c in COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {f}({f}) VALUES ('rebuild')")
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {t}_ai AFTER INSERT ON {t} BEGIN "
                           f"INSERT INTO {f}(rowid, {cols}) VALUES (new.{pk}, {new}); END")
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {t}_ad AFTER DELETE ON {t} BEGIN "
                           f"INSERT INTO {f}({f}, rowid, {cols}) VALUES ('delete', old.{pk}, {old}); END")

    def optimize(self, table: Table) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table.fts}({table.fts}) VALUES ('optimize')")
            cursor.execute("ANALYZE")
