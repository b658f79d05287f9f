"""The search engine behind the one interface (base.py), chosen by the database: SQLite FTS5 for the
embedded default, tsvector + GIN on PostgreSQL. A cluster engine would be a third class here (README)."""

from __future__ import annotations

from django.db import connection

from redleaf.search.backends.base import Backend, Filters, Hit, Table


def backend_for(vendor: str) -> Backend:
    if vendor == "postgresql":
        from redleaf.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    if vendor == "sqlite":
        from redleaf.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend()
    raise RuntimeError(f"search has no backend for the {vendor} database")


def get_backend() -> Backend:
    return backend_for(connection.vendor)


__all__ = ["Backend", "Filters", "Hit", "Table", "backend_for", "get_backend"]
