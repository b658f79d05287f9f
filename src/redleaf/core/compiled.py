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

_STAND_IN = "\x1fredleaf-compiled-value\x1f"
_TOP = "\U0010ffff"


class Compiled:
    def __init__(self, build: Callable[[str], QuerySet]):
        self.build = build
        self._made: dict[tuple, tuple[str, list]] = {}

    def _compiled(self, variant: tuple, using: str) -> tuple[str, list]:
        key = (connections[using].vendor, *variant)
        made = self._made.get(key)
        if made is None:
            queryset = self.build(_STAND_IN, *variant)
            sql, params = queryset.query.get_compiler(using=using).as_sql()
            for param in params:
                if isinstance(param, str) and _STAND_IN in param and param not in (
                        _STAND_IN, _STAND_IN + "%", _STAND_IN + _TOP):
                    raise ValueError(f"Compiled: the value reaches the SQL as {param!r}, a form it cannot put back")
            made = self._made[key] = (sql, list(params))
        return made

    def rows(self, value: str, *variant, using: str = "default") -> list[tuple]:
        """The rows of build(value, *variant) (a values_list queryset), as tuples."""
        connection = connections[using]
        sql, params = self._compiled(variant, using)
        like = connection.ops.prep_for_like_query(value)
        values = [value if p == _STAND_IN else like + "%" if p == _STAND_IN + "%" else value + _TOP
                  if p == _STAND_IN + _TOP else p for p in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            return cursor.fetchall()
