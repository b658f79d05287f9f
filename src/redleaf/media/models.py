from __future__ import annotations

import re

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from redleaf.core.models import SnowflakeField


def variant_url(variants: dict, name: str) -> str:
    """The URL of an image's variant `name` (else its large one), from its `variants`; "" if none."""
    variant = variants.get(name) or variants.get("large") or {}
    return storage_url(variant["path"]) if variant else ""


_PLAIN_PATH = re.compile(r"[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*(\.[A-Za-z0-9]+)?")


def storage_url(path: str) -> str:
    """default_storage.url(path). On local files, a path of our own shape (images/064/….webp) is
    the base URL and the path, as Django's urljoin makes it, without urljoin (a third of a card's
    making time: 100 cards read 540 of them)."""
    storage = storages["default"]
    if type(storage) is FileSystemStorage and storage.base_url and _PLAIN_PATH.fullmatch(path):
        return storage.base_url + path
    return storage.url(path)


class Image(models.Model):
    """An uploaded picture after it was checked and re-encoded. The original upload is never kept
    (it may carry GPS and camera metadata); only the WebP variants we drew from its pixels are."""

    id = SnowflakeField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="images")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    blurhash = models.CharField(max_length=64, blank=True)
    alt = models.CharField(_("alt text"), max_length=300, blank=True)
    # {"large": {"path": ..., "width": ..., "height": ...}, "thumb": {...}}
    variants = models.JSONField(default=dict)
    sha256 = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.pk} ({self.width}×{self.height})"

    def variant_url(self, name: str) -> str:
        return variant_url(self.variants, name)

    @property
    def thumb_url(self) -> str:
        return self.variant_url("thumb")

    @property
    def large_url(self) -> str:
        return self.variant_url("large")

    @property
    def aspect(self) -> float:
        return (self.height / self.width) if self.width else 1.0
