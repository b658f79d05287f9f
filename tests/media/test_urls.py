"""media.models.storage_url is default_storage.url, only quicker for paths of our own shape."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from redleaf.media.models import storage_url, variant_url

PATHS = ["images/064/254227044801368064-thumb.webp", "images/x.y.webp", "a b/c.webp", "images/ü.webp",
         "../x", "http://x/y", "images/a?b.webp", "images//double.webp", "/rooted.webp"]


@pytest.mark.parametrize("media_url", ["/media/", "https://cdn.example.com/red/", "/"])
def test_storage_url_is_the_storages_url(settings, media_url):
    settings.MEDIA_URL = media_url
    for path in PATHS:
        assert storage_url(path) == default_storage.url(path), path
    assert variant_url({"large": {"path": PATHS[0]}}, "thumb") == f"{media_url}{PATHS[0]}"
    assert variant_url({}, "thumb") == ""
