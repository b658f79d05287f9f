"""PostgreSQL's prepared statements (settings: REDLEAF_DB_PREPARED) outlived by a schema change.

A migration that changes the type of a column another process's statement selects (a longer
max_length, int to bigint) leaves that process's prepared statement planned for the old type:
PostgreSQL then refuses it ("cached plan must not change result type") on every run, and psycopg
forgets its statements only when a ROLLBACK, DISCARD or DEALLOCATE passes on that same connection.
Inside a transaction the rollback that follows the error does it. Outside one (autocommit), this
wrapper deallocates the connection's statements and runs the query once more: a deploy costs no
errors there."""

from __future__ import annotations

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


def _install(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None:
        if replan_stale_statements not in connection.execute_wrappers:
            connection.execute_wrappers.append(replan_stale_statements)


def connect_signals() -> None:
    connection_created.connect(_install, dispatch_uid="redleaf.core.db.replan")
