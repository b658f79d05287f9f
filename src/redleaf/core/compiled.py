"""Querysets whose SQL is the same every time but for their values, compiled by Django once per process.

Making the SQL of a queryset with a subquery costs Django 0.5–1.5 ms, more than PostgreSQL takes to answer
it; on a path that must answer in a few milliseconds (suggestions while a member types) that is most of
the time. `Compiled` builds the queryset once with a stand-in for the value, keeps its SQL and
parameters, and runs them with the value put back. Only the forms Django gives a value here are put back
(as it is; as a LIKE prefix, escaped as Django escapes it; with the top code point after it, for a range):
a queryset that transformed the value otherwise is refused when it is compiled, never run wrong.

`ByIds` does the same for querysets that differ only by ids and lists of ids (a member's id, the notes
of a page, the authors they hid): each id gets a stand-in, each list as many stand-ins as it is long
(its length is part of the shape, so a shape is compiled once), and a stand-in must reach the SQL as
a parameter of its own, or the queryset is refused. Rows come back through Django's converters, as
the queryset's own would (datetimes and JSON on SQLite), or as model instances."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# Holds what a LIKE escapes (% _ and the backslash), so an escaped value is told apart from a raw one.
_STAND_IN = "\x1fredleaf%compiled_value\\\x1f"
_TOP = "\U0010ffff"


class Compiled:
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._made: dict[tuple, tuple] = {}

    def _compiled(self, variant: tuple, using: str) -> tuple:
        connection = connections[using]
        key = (using, connection.vendor, *variant)
        made = self._made.get(key)
        if made is None:
            forms = self._forms(connection)
            queryset = self.build(_STAND_IN, *variant)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            for param in params:
                if isinstance(param, str) and param not in forms and "\x1f" in param:
                    raise ValueError(f"Compiled: the value reaches the SQL as {param!r}, a form it cannot put back")
            made = self._made[key] = (sql, list(params), compiler)
        return made

    @staticmethod
    def _forms(connection) -> dict[str, Callable[[str], str]]:
        """What Django may make of the value, and how to make the same of another."""
        prep = connection.ops.prep_for_like_query
        return {_STAND_IN: lambda v: v, prep(_STAND_IN) + "%": lambda v: prep(v) + "%",
                _STAND_IN + _TOP: lambda v: v + _TOP}

    def rows(self, value: str, *variant, using: str = "default") -> list[tuple]:
        """The rows of build(value, *variant) (a values_list queryset), as tuples converted as the
        queryset's own are."""
        connection = connections[using]
        sql, params, compiler = self._compiled(variant, using)
        forms = self._forms(connection)
        values = [forms[p](value) if isinstance(p, str) and p in forms else p for p in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            fetched = cursor.fetchall()
        return _converted(compiler, fetched)


_ID_STAND_IN = -(2**62)  # ids are positive: stand-ins count down from here
SHAPES_KEPT = 256  # per ByIds: shapes beyond these (a member who hid 300 authors...) are compiled each time


class ByIds:
    """build(*stand_ins) -> QuerySet, where each argument is an int (an id) or a list of ints; the
    queryset may be a values_list, or of `model` (then `instances` gives model instances)."""

    def __init__(self, build: Callable[..., QuerySet], *, model=None):
        self.build, self.model = build, model
        self._made: dict[tuple, tuple] = {}

    def _compiled(self, values: tuple, using: str) -> tuple:
        shape = (using, connections[using].vendor,
                 *(len(v) if isinstance(v, list | tuple | set | frozenset) else None for v in values))
        made = self._made.get(shape)
        if made is not None:
            return made
        counter = itertools.count(_ID_STAND_IN, -1)
        stand_ins = [[next(counter) for _ in v] if n is not None else next(counter)
                     for v, n in zip(values, shape[2:], strict=True)]
        queryset = self.build(*stand_ins)
        if self.model is not None:
            queryset = queryset.values_list(*[f.attname for f in self.model._meta.concrete_fields])
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots: list[tuple[int, int | None] | None] = []  # per parameter: (argument, index in its list) or None
        where = {}
        for k, s in enumerate(stand_ins):
            for i, one in enumerate(s) if isinstance(s, list) else [(None, s)]:
                where[one] = (k, i)
        seen = set()
        for param in params:
            if isinstance(param, int) and not isinstance(param, bool) and param <= _ID_STAND_IN + 10**6:
                if param not in where:
                    raise ValueError(f"ByIds: {param} reaches the SQL, a form of an id it cannot put back")
                slots.append(where[param])
                seen.add(param)
            else:
                slots.append(None)
        if seen != set(where):
            raise ValueError("ByIds: an id does not reach the SQL as a parameter of its own")
        made = (sql, list(params), slots, compiler)
        if len(self._made) < SHAPES_KEPT:
            self._made[shape] = made
        return made

    def rows(self, *values, using: str = "default") -> list[tuple]:
        """The rows of build(*values), converted as the queryset's own are."""
        sql, params, slots, compiler = self._compiled(values, using)
        lists = [list(v) if isinstance(v, list | tuple | set | frozenset) else v for v in values]
        bound = [p if slot is None else (lists[slot[0]] if slot[1] is None else lists[slot[0]][slot[1]])
                 for p, slot in zip(params, slots, strict=True)]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, bound)
            fetched = cursor.fetchall()
        return _converted(compiler, fetched)

    def instances(self, *values, using: str = "default") -> list:
        """The rows of build(*values) as `model` instances (loaded from the database, as Django's)."""
        names = [f.attname for f in self.model._meta.concrete_fields]
        return [self.model.from_db(using, names, row) for row in self.rows(*values, using=using)]


def _converted(compiler, fetched: list[tuple]) -> list[tuple]:
    """Rows as the queryset would give them: through the fields' converters, as
    compiler.results_iter applies them — found once per compiled shape (Django looks them up on
    every call: a tenth of a millisecond for a card query) and kept on the compiler."""
    if not fetched:
        return []
    made = getattr(compiler, "_redleaf_converters", None)
    if made is None:
        fields = [s[0] for s in compiler.select[0: compiler.col_count]]
        if compiler.has_composite_fields(fields):  # Django's own path, every time
            return [tuple(row) for row in compiler.results_iter(results=[fetched], tuple_expected=True)]
        made = compiler._redleaf_converters = compiler.get_converters(fields)
    if not made:
        return [tuple(row) for row in fetched]
    return [tuple(row) for row in compiler.apply_converters(fetched, made)]
