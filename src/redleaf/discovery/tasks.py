"""The worker's side of discovery: thin wrappers around precompute (see its docstring for when each
runs)."""

from __future__ import annotations

from django_tasks import task


@task()
def pools_refresh() -> dict:
    from redleaf.discovery.precompute import pools_refresh as refresh

    return refresh(force=False)


@task()
def topic_pools_refresh(*, topic_ids: list[int]) -> None:
    from redleaf.discovery.precompute import topic_pools_refresh as refresh

    refresh(topic_ids=topic_ids)


@task()
def neighbours_refresh(*, note_ids: list[int]) -> int:
    from redleaf.discovery.precompute import neighbours_compute

    for note_id in note_ids:
        neighbours_compute(note_id)
    return len(note_ids)


@task()
def signals_refresh(*, note_ids: list[int]) -> int:
    from redleaf.discovery.precompute import signals_compute

    return signals_compute(note_ids)
