"""Settings: each one an operator can set is documented in env.sample, and PostgreSQL's prepared
statements are on (or off, for a pooler) as REDLEAF_DB_PREPARED says."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _names_read() -> set[str]:
    names = set()
    for path in (ROOT / "src" / "redleaf").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"\bREDLEAF_([A-Z][A-Z0-9_]*)", text))
        if path.name == "settings.py":
            names |= set(re.findall(r"\benv(?:_int|_bool|_float|_list)?\(\s*\"([A-Z][A-Z0-9_]*)\"", text))
    return names


def test_every_setting_read_is_documented_in_env_sample():
    documented = set(re.findall(r"^#? ?REDLEAF_([A-Z][A-Z0-9_]*)=", (ROOT / "env.sample").read_text(encoding="utf-8"),
                                re.MULTILINE))
    read = _names_read()
    assert {"DATABASE_URL", "DB_PREPARED", "WEB_THREADS", "CACHE_URL"} <= read, "the scan finds the settings"
    assert read - documented == set()


def _database_options(**env: str) -> dict:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REDLEAF_")}
    environ.update(env, DJANGO_SETTINGS_MODULE="redleaf.settings")
    done = subprocess.run([sys.executable, "-c", "import json; from django.conf import settings; "
                           "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"],
                          env=environ, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_prepared_statements_are_on_for_postgresql_unless_turned_off(tmp_path):
    url = "postgres://postgres@127.0.0.1:5432/redleaf"
    on = _database_options(REDLEAF_DATABASE_URL=url, REDLEAF_DATA_DIR=str(tmp_path))
    off = _database_options(REDLEAF_DATABASE_URL=url, REDLEAF_DATA_DIR=str(tmp_path), REDLEAF_DB_PREPARED="0")
    sqlite = _database_options(REDLEAF_DATA_DIR=str(tmp_path))

    assert on["server_side_binding"] is True and on["prepare_threshold"] == 5
    assert "server_side_binding" not in off and "prepare_threshold" not in off
    assert "server_side_binding" not in sqlite


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="prepared statements are PostgreSQL's")
def test_a_query_run_again_and_again_is_prepared_once(db):
    """The server holds it among the connection's prepared statements (and the answers stay right)."""
    from redleaf.accounts.models import User
    from tests.factories import make_user

    member = make_user(username="prepared")
    for _ in range(8):
        assert User.objects.filter(pk=member.pk).values_list("username", flat=True).get() == "prepared"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any('"accounts_user"."username"' in s and "$1" in s for s in statements), statements


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="prepared statements are PostgreSQL's")
def test_a_statement_outlived_by_a_column_type_change_is_planned_again(transactional_db):
    """Another process migrates a column to a wider type while this one holds a prepared statement
    selecting it: outside a transaction the next run still answers (core/db.py), and inside one the
    error rolls the transaction back once and the statement after it answers."""
    import psycopg
    from django.db import DatabaseError, transaction

    settings = connection.settings_dict
    other = psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                            user=settings["USER"], dbname=settings["NAME"], autocommit=True)
    other.execute("CREATE TABLE prepared_probe (id integer PRIMARY KEY, name varchar(10))")
    other.execute("INSERT INTO prepared_probe VALUES (1, 'red'), (2, 'leaf')")
    try:
        def name_of(pk):
            with connection.cursor() as cursor:
                cursor.execute("SELECT name FROM prepared_probe WHERE id = %s", [pk])
                return cursor.fetchone()[0]

        for _ in range(8):  # prepared from the fifth run on
            assert name_of(1) == "red"
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
                           ["%prepared_probe%"])
            assert cursor.fetchone()[0] == 1
        other.execute("ALTER TABLE prepared_probe ALTER COLUMN name TYPE varchar(200)")

        assert name_of(2) == "leaf", "autocommit: planned again, no error"
        for _ in range(8):
            assert name_of(1) == "red"
        other.execute("ALTER TABLE prepared_probe ALTER COLUMN name TYPE text")
        with pytest.raises(DatabaseError, match="cached plan"), transaction.atomic():
            name_of(1)
        assert name_of(2) == "leaf", "the rollback made psycopg forget its statements"
    finally:
        connection.close()  # before the table goes: its statements go with the connection
        other.execute("DROP TABLE prepared_probe")
        other.close()
