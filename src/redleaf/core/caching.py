"""What every app may ask of the Django cache."""

from __future__ import annotations


def shared_cache() -> bool:
    """Whether the Django cache is one for every process (Redis), so what one process (the worker, a
    web process) puts there is what the others read. Each process's own memory (the default) is not."""
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))
