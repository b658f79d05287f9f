"""The real task worker runs the real tasks: a note is deleted, its clean-up task is queued in the
database when the delete commits, and `db_worker` in another process deletes the pictures."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from redleaf.media.models import Image
from redleaf.notes import services as note_services
from redleaf.notes.models import NoteImage
from tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def database_url() -> str:
    """The URL of the database this test runs on, for a process of its own."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker(settings, tmp_path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "redleaf.settings",
        "REDLEAF_DATABASE_URL": database_url(),
        "REDLEAF_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REDLEAF_DATA_DIR": str(tmp_path / "worker-data"),
        "REDLEAF_TASKS_BACKEND": "db",
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "db_worker", "--batch", "--no-startup-delay"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def files(settings) -> list[Path]:
    return sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())


def test_the_worker_deletes_a_deleted_notes_pictures(settings, tmp_path):
    mei = factories.make_user("mei", language="zh-hans")
    note = factories.make_note(mei, title="#猫 晒太阳", images=2)
    keep = factories.make_note(mei, title="another", images=1)
    image_ids = set(NoteImage.objects.filter(note=note).values_list("image_id", flat=True))
    assert len(files(settings)) == 6

    note_services.note_delete(note=note, actor=mei)  # commits: the clean-up task is queued now

    task = DBTaskResult.objects.get(task_path__startswith="redleaf.media.")  # search queues its own too
    assert task.task_path == "redleaf.media.tasks.images_delete_unused"
    assert task.status == "READY"
    assert set(task.args_kwargs["kwargs"]["image_ids"]) == image_ids
    assert Image.objects.count() == 3 and len(files(settings)) == 6  # nothing is gone before the worker runs

    result = run_worker(settings, tmp_path)
    assert result.returncode == 0, result.stderr

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL", task.traceback
    assert task.return_value == 2
    assert set(Image.objects.values_list("pk", flat=True)) == {NoteImage.objects.get(note=keep).image_id}
    assert len(files(settings)) == 2  # the other note's picture stays


def test_a_rolled_back_delete_queues_nothing(settings):
    mei = factories.make_user("mei", language="zh-hans")
    note = factories.make_note(mei, title="kept", images=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        note_services.note_delete(note=note, actor=mei)
        raise RuntimeError("the request failed after the delete")
    assert not DBTaskResult.objects.filter(task_path__startswith="redleaf.media.").exists()
    assert Image.objects.count() == 1 and len(files(settings)) == 2


@pytest.mark.skipif("os.environ.get('REDLEAF_DATABASE_URL', '').startswith('postgres')",
                    reason="SQLite's write lock; PostgreSQL locks rows")
def test_the_worker_waits_out_a_locked_database_and_goes_on(settings, tmp_path):
    """Another process holds SQLite's write lock past the busy timeout (a long migration, a benchmark, a
    backup): the worker waits and tries again instead of exiting, and then runs what was queued."""
    import sqlite3
    import threading
    import time

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "redleaf.settings", "REDLEAF_DATABASE_URL": database_url(),
           "REDLEAF_MEDIA_ROOT": str(settings.MEDIA_ROOT), "REDLEAF_DATA_DIR": str(tmp_path / "worker-data"),
           "REDLEAF_TASKS_BACKEND": "db", "REDLEAF_SQLITE_TIMEOUT": "0.3"}
    worker = subprocess.Popen([sys.executable, "-m", "redleaf.cli", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(worker.stderr), daemon=True)
    reader.start()
    try:
        lock = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # held until the worker, however slow to start, has met it
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any("database is busy" in line for line in lines):
            assert worker.poll() is None, "".join(lines)[-2000:]
            time.sleep(0.2)
        time.sleep(1)  # a few more busy timeouts
        lock.execute("ROLLBACK")
        lock.close()
        assert worker.poll() is None, "".join(lines)[-2000:]
        mei = factories.make_user("mei", language="zh-hans")
        note = factories.make_note(mei, title="晒太阳", images=1)
        note_services.note_delete(note=note, actor=mei)  # queues the clean-up task
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
            time.sleep(0.3)
        assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
        assert not Image.objects.exists()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        reader.join(timeout=10)
    assert any("database is busy" in line for line in lines)
