"""Querysets whose SQL is the same every time but for one value, compiled by Django once per process.

Making the SQL of a queryset with a subquery costs Django 0.5–1.5 ms, more than PostgreSQL takes to answer
it; on a path that must answer in a few milliseconds (suggestions while a member types) that is most of
the time. `Compiled` builds the queryset once with a stand-in for the value, keeps its SQL and
parameters, and runs them with the value put back. Only the forms Django gives a value here are put back
(as it is; as a LIKE prefix, escaped as Django escapes it; with the top code point after it, for a range):
a queryset that transformed the value otherwise is refused when it is compiled, never run wrong."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet

# Holds what a LIKE escapes (% _ and the backslash), so an escaped value is told apart from a raw one.
_STAND_IN = "\x1fredleaf%compiled_value\\\x1f"
_TOP = "\U0010ffff"


class Compiled:
    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self._made: dict[tuple, tuple[str, list]] = {}

    def _compiled(self, variant: tuple, using: str) -> tuple[str, list]:
        connection = connections[using]
        key = (using, connection.vendor, *variant)
        made = self._made.get(key)
        if made is None:
            forms = self._forms(connection)
            queryset = self.build(_STAND_IN, *variant)
            sql, params = queryset.query.get_compiler(using=using).as_sql()
            for param in params:
                if isinstance(param, str) and param not in forms and "\x1f" in param:
                    raise ValueError(f"Compiled: the value reaches the SQL as {param!r}, a form it cannot put back")
            made = self._made[key] = (sql, list(params))
        return made

    @staticmethod
    def _forms(connection) -> dict[str, Callable[[str], str]]:
        """What Django may make of the value, and how to make the same of another."""
        prep = connection.ops.prep_for_like_query
        return {_STAND_IN: lambda v: v, prep(_STAND_IN) + "%": lambda v: prep(v) + "%",
                _STAND_IN + _TOP: lambda v: v + _TOP}

    def rows(self, value: str, *variant, using: str = "default") -> list[tuple]:
        """The rows of build(value, *variant) (a values_list queryset), as tuples."""
        connection = connections[using]
        sql, params = self._compiled(variant, using)
        forms = self._forms(connection)
        values = [forms[p](value) if isinstance(p, str) and p in forms else p for p in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.fetchall()
