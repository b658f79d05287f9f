"""core/db.py's timestamp loader: on PostgreSQL with Django's UTC connection time zone, every
timestamptz reads as Django's own loader reads it (an aware datetime in datetime.timezone.utc), on
every cursor Django makes, and still right after the session's time zone was changed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif("connection.vendor != 'postgresql'", reason="psycopg's loaders are PostgreSQL's")]

VALUES = ["2026-06-01 12:00:00+00", "2026-06-01 12:00:00.123456+08", "0001-01-01 00:00:00+00",
          "9999-12-31 23:59:59.999999+00", "2026-03-29 01:30:00-09:30", "1969-12-31 23:59:59.5+00", None]


def _read(cursor, values=VALUES) -> list:
    cursor.execute("SELECT v::timestamptz FROM unnest(%s::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n", [values])
    return [row[0] for row in cursor.fetchall()]


def _djangos(cursor) -> list:
    """What Django's own loader gives on this cursor."""
    from django.db.backends.postgresql.psycopg_any import register_tzloader

    register_tzloader(connection.timezone, cursor.cursor)
    return _read(cursor)


def test_timestamps_read_as_djangos_own_loader_reads_them():
    from psycopg.pq import Format

    from redleaf.core.db import utc_timestamps

    with connection.cursor() as cursor:
        loader = cursor.cursor.adapters.get_loader(cursor.cursor.adapters.types["timestamptz"].oid, Format.TEXT)
        assert utc_timestamps() is not None and loader is utc_timestamps(), "Django's create_cursor kept ours"
        ours = _read(cursor)
    with connection.cursor() as cursor:
        theirs = _djangos(cursor)
    assert ours == theirs and ours[-1] is None
    assert all(v.tzinfo is datetime.UTC for v in ours[:-1])
    assert ours[1] == datetime.datetime(2026, 6, 1, 4, 0, 0, 123456, tzinfo=datetime.UTC)


def test_a_session_whose_time_zone_was_changed_still_reads_utc():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'Asia/Shanghai'")
        with connection.cursor() as cursor:  # (year 9999 in UTC is 10000 in Shanghai: no datetime reads it)
            ours = _read(cursor, [v for v in VALUES if not (v or "").startswith("9999")])
        assert ours[0] == datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
        assert all(v.tzinfo is datetime.UTC for v in ours[:-1])
    finally:
        connection.close()  # the next test's connection starts in UTC again


def test_a_model_reads_its_timestamps_in_utc():
    from tests.factories import make_user

    member = make_user(username="tzreader")
    from redleaf.accounts.models import User

    joined = User.objects.values_list("date_joined", flat=True).get(pk=member.pk)
    assert joined.tzinfo is datetime.UTC and abs(joined - member.date_joined) < datetime.timedelta(seconds=1)
