from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult


@pytest.fixture
def run_enqueued_tasks(db):
    """Run the tasks waiting in the database queue, as the worker would (the worker itself runs in
    tests/core/test_worker.py); returns what they returned."""

    def run() -> list:
        results = []
        for row in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"):
            args = row.args_kwargs
            results.append(row.task.call(*args["args"], **args["kwargs"]))
            row.delete()
        return results

    return run


@pytest.fixture
def media_files(settings):
    def files() -> list[Path]:
        root = Path(settings.MEDIA_ROOT)
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    return files
