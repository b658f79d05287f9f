"""The real worker keeps explore's precomputed data fresh: a page that finds the pools missing asks
for them once, engagement asks for a note's neighbours and a recount of its conversation, and
`db_worker` in another process does all of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from redleaf.discovery import services
from redleaf.discovery.models import NoteSignals, Pool
from redleaf.engagement import services as engagement
from tests.core.test_worker import run_worker
from tests.discovery.conftest import established, note

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_refreshes_pools_neighbours_and_signals(settings, tmp_path, mei, alex, reader):
    established(mei, alex)
    hotpot, noodles = note(mei, "火锅 #火锅"), note(mei, "面条 #美食")
    services.explore_serve(viewer=reader)  # finds no pools: asks for them
    engagement.collect_create(user=reader, note=hotpot)  # commits: learning now, the rest queued
    engagement.collect_create(user=alex, note=hotpot)
    engagement.collect_create(user=alex, note=noodles)
    engagement.comment_create(author=alex, note=hotpot, text="So helpful, thank you for sharing!")
    paths = sorted(t.task_path.rsplit(".", 1)[1] for t in DBTaskResult.objects.all())
    assert paths.count("pools_refresh") == 1 and "neighbours_refresh" in paths and "signals_refresh" in paths
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))  # the recount's delay is over

    result = run_worker(settings, tmp_path)
    assert result.returncode == 0, result.stderr
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert Pool.objects.get(key="trending").ids() and Pool.objects.filter(key__startswith="topic:").exists()
    assert Pool.objects.get(key=f"nb:{hotpot.pk}").ids() == [noodles.pk]  # alex collected both
    signals = NoteSignals.objects.get(note=hotpot)
    assert (signals.positive, signals.dirty_since) == (1, None)
