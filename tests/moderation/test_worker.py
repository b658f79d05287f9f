"""The real worker checks notes: posted in one process, checked and published by `redleaf worker` in
another. A worker killed mid-check leaves its task claimed and the screening unfinished; the next
worker to start queues it again, so no item is lost or published unchecked."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django_tasks_db.models import DBTaskResult

from redleaf.moderation.models import Case, Kind, Screening, Term
from redleaf.notes.models import Note, NoteState
from tests import factories
from tests.core.test_worker import database_url
from tests.moderation.conftest import make_trusted

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def run_worker(settings, tmp_path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "redleaf.settings", "REDLEAF_DATABASE_URL": database_url(),
           "REDLEAF_MEDIA_ROOT": str(settings.MEDIA_ROOT), "REDLEAF_DATA_DIR": str(tmp_path / "worker-data"),
           "REDLEAF_TASKS_BACKEND": "db", "REDLEAF_TRUST_MIN_ACCOUNT_DAYS": "3", "REDLEAF_TRUST_MIN_RELEASED": "3"}
    return subprocess.run([sys.executable, "-m", "redleaf.cli", "worker", "--batch", "--no-startup-delay"],
                          env=env, capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture
def worker_mode(settings):
    settings.MODERATION_SCREEN_IN = "worker"
    settings.TRUST_MIN_ACCOUNT_DAYS = 3
    settings.TRUST_MIN_RELEASED = 3


def test_the_worker_checks_and_publishes_a_trusted_members_note(worker_mode, settings, tmp_path):
    mei = make_trusted("mei", language="zh-hans", languages=["zh"])
    Term.objects.create(rule_id="harassment", lang="", value="zorbleflax", score=0.7)
    clean = factories.make_note(mei, title="猫咪晒太阳", body="#猫 今天好暖和", images=1)
    flagged = factories.make_note(mei, title="x", body="zorbleflax", images=0)
    assert Note.objects.get(pk=clean.pk).state == NoteState.PENDING  # until the worker has looked
    result = run_worker(settings, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert Note.objects.get(pk=clean.pk).state == NoteState.PUBLISHED
    assert Note.objects.get(pk=flagged.pk).state == NoteState.PENDING
    assert Case.objects.get(kind=Kind.NOTE, object_id=flagged.pk).reason == Case.Reason.FLAGGED
    assert set(Screening.objects.values_list("status", flat=True)) == {"done"}


def test_a_worker_killed_mid_check_loses_nothing(worker_mode, settings, tmp_path):
    mei = make_trusted("mei")
    note = factories.make_note(mei, title="sourdough, day 3", images=1)
    # What a worker killed with SIGKILL mid-check leaves behind: its task claimed and running for
    # ever, the screening unfinished, the note pending.
    task = DBTaskResult.objects.get(task_path__endswith="screen_item")
    task.claim("killed-worker")
    assert DBTaskResult.objects.get(pk=task.pk).status == "RUNNING"
    assert Screening.objects.get(object_id=note.pk).status == "queued"
    result = run_worker(settings, tmp_path)  # a worker starts again
    assert result.returncode == 0, result.stderr[-2000:]
    assert Note.objects.get(pk=note.pk).state == NoteState.PUBLISHED
    assert Screening.objects.get(object_id=note.pk).status == "done"
