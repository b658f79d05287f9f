"""PostgreSQL connections: prepared statements outlived by a schema change, and timestamps read in C.

Prepared statements (settings: REDLEAF_DB_PREPARED) outlived by a schema change:

A migration that changes the type of a column another process's statement selects (a longer
max_length, int to bigint) leaves that process's prepared statement planned for the old type:
PostgreSQL then refuses it ("cached plan must not change result type") on every run, and psycopg
forgets its statements only when a ROLLBACK, DISCARD or DEALLOCATE passes on that same connection.
Inside a transaction the rollback that follows the error does it. Outside one (autocommit), this
wrapper deallocates the connection's statements and runs the query once more: a deploy costs no
errors there.

Timestamps: Django reads every timestamptz through its own loader, a subclass of psycopg's
pure-Python one (regular expressions, then a replace of the tzinfo), 3–5 µs a value: a feed page's
cards, session and profile hold about fifty. When Django's connection time zone is UTC (the
default: DATABASES has no TIME_ZONE) the connection's session time zone is UTC too, and psycopg's
C loader gives the very same aware datetimes (tzinfo datetime.timezone.utc) in 15–35 % of the
time (5,000 rows of three timestamps); utc_timestamps() makes that loader, with the `timezone`
attribute Django's create_cursor checks."""

from __future__ import annotations

import datetime
import functools

from django.db.backends.signals import connection_created

STALE_PLAN = "cached plan must not change result type"


def _is_stale_plan(error: BaseException) -> bool:
    cause = error.__cause__ or error
    return getattr(cause, "sqlstate", None) == "0A000" and STALE_PLAN in str(cause)


def replan_stale_statements(execute, sql, params, many, context):
    try:
        return execute(sql, params, many, context)
    except Exception as error:
        connection = context["connection"]
        if not _is_stale_plan(error) or connection.in_atomic_block:
            raise
        context["cursor"].cursor.execute("DEALLOCATE ALL")  # psycopg sees it and forgets its own
        return execute(sql, params, many, context)


@functools.cache
def utc_timestamps():
    """The loader (made once, on the first connection: psycopg is imported by then), or None when
    psycopg has no C part to call."""
    import psycopg
    from psycopg.adapt import Loader
    from psycopg.pq import Format
    from psycopg.types.datetime import TimestamptzLoader

    c_loader = psycopg.adapters.get_loader(psycopg.adapters.types["timestamptz"].oid, Format.TEXT)
    if c_loader is None or issubclass(c_loader, TimestamptzLoader):  # the pure-Python one: nothing to gain
        return None
    utc = datetime.UTC

    class _UtcTimestamps(Loader):
        timezone = utc  # Django's create_cursor registers its own loader when this differs from its own

        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            load = c_loader(oid, context).load
            connection = getattr(context, "connection", None)
            if connection is not None and connection.info.timezone is not utc:  # somebody SET TIME ZONE
                self.load = lambda data: load(data).astimezone(utc)
            else:
                self.load = load  # the C loader's own: no Python call between psycopg and it

        def load(self, data):  # (the abstract method; each instance has its own, above)
            return self.load(data)

    return _UtcTimestamps


def _install(sender, connection, **kwargs) -> None:
    if connection.vendor != "postgresql":
        return
    if connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None:
        if replan_stale_statements not in connection.execute_wrappers:
            connection.execute_wrappers.append(replan_stale_statements)
    loader = utc_timestamps() if connection.timezone is datetime.UTC else None
    if loader is not None:
        connection.connection.adapters.register_loader("timestamptz", loader)


def connect_signals() -> None:
    connection_created.connect(_install, dispatch_uid="redleaf.core.db.replan")
