"""The worker keeps the index in step (thin wrappers around services.py)."""

from __future__ import annotations

from django_tasks import task


@task()
def index_note(*, note_id: int) -> bool:
    from redleaf.search.services import note_index

    return note_index(note_id=note_id)


@task()
def rerank_note(*, note_id: int) -> None:
    from redleaf.search.services import note_rerank

    note_rerank(note_id=note_id)


@task()
def index_user(*, user_id: int) -> bool:
    from redleaf.search.services import user_index

    return user_index(user_id=user_id)


@task()
def refresh_head() -> int | None:
    from redleaf.search.services import head_refresh

    return head_refresh()
