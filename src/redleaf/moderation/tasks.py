from __future__ import annotations

from django_tasks import task


@task()
def screen_item(*, screening_id: int) -> None:
    """Run the automated checks on one submitted item and release or queue it (services.screening_run)."""
    from redleaf.moderation.services import screening_run

    screening_run(screening_id=screening_id)
