from __future__ import annotations

from django.db import transaction
from django_tasks import task

from redleaf.media import services


@task()
def images_delete_unused(*, image_ids: list[int]) -> int:
    with transaction.atomic():
        return services.images_delete_unused(image_ids=image_ids)
