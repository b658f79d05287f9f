"""Keyset (cursor) pagination: a page costs the same at the millionth row as at the first, and a
cursor never skips or repeats rows when new ones arrive. No OFFSET anywhere."""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import RedleafError


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None
    extra: dict[str, Any] = field(default_factory=dict)


def bad_cursor() -> RedleafError:
    return RedleafError("bad_cursor", _("This page link is no longer valid. Reload from the start."))


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _no_constants(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are Python's JSON, not ours


def _in_range(value: Any) -> bool:
    """Values the database can compare: 64-bit integers, finite floats, aware datetimes."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -(2**63) <= value < 2**63
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, datetime):
        return not timezone.is_naive(value)  # a naive datetime would be read in the wrong zone
    return True


def decode_cursor(cursor: str, n: int) -> list[Any]:
    if len(cursor) > 200:
        raise bad_cursor()
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw, parse_constant=_no_constants)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise bad_cursor() from exc
    if not isinstance(values, list) or len(values) != n:
        raise bad_cursor()
    if not all(isinstance(v, str | int | float) and _in_range(v) for v in values):
        raise bad_cursor()
    return values


def cursor_values(model, order: tuple[str, ...], cursor: str) -> list[Any]:
    """The typed values a cursor for `order` on `model` carries, or a bad_cursor error."""
    names = [o.lstrip("-") for o in order]
    raw = decode_cursor(cursor, len(names))
    values = []
    for name, value in zip(names, raw, strict=True):
        model_field = model._meta.get_field(name)
        try:
            values.append(model_field.to_python(value))
        except Exception as exc:  # a ValidationError or a type error: either way, not ours
            raise bad_cursor() from exc
        if not _in_range(values[-1]):
            raise bad_cursor()
    return values


def keyset_page(qs: QuerySet, *, order: tuple[str, ...], cursor: str | None, size: int) -> Page:
    """`order` names fields such as ("-published_at", "-id") (descending) or ("id",) (ascending); the
    last must be unique."""
    names = [o.lstrip("-") for o in order]
    qs = qs.order_by(*order)
    if cursor:
        values = cursor_values(qs.model, order, cursor)
        condition = Q()
        for i, name in enumerate(names):
            # Descending fields continue below the cursor, ascending ones (oldest-first comments) above it.
            step = Q(**{f"{name}__{'lt' if order[i].startswith('-') else 'gt'}": values[i]})
            for j in range(i):
                step &= Q(**{names[j]: values[j]})
            condition |= step
        qs = qs.filter(condition)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = encode_cursor([getattr(rows[-1], n) for n in names]) if more and rows else None
    return Page(items=rows, next_cursor=next_cursor)
