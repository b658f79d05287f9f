"""core/caching.py: the Redis cache keeps one client per server and is a working Django cache (needs the
Redis on 127.0.0.1:6379 this machine and CI run; database 9, only this test's keys, removed after)."""

from __future__ import annotations

import socket

import pytest

from redleaf.core.caching import RedisCache, shared_cache

URL = "redis://127.0.0.1:6379/9"


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    cache = RedisCache(URL, {"KEY_PREFIX": "redleaf-test-caching"})
    cache.delete_many(["a", "b", "c"])
    yield cache
    cache.delete_many(["a", "b", "c"])


def test_one_client_serves_every_operation_and_the_cache_works(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    redis_cache.set("a", {"n": 1}, 30)
    redis_cache.set_many({"b": 2, "c": (3, "三")}, 30)
    assert redis_cache.get("a") == {"n": 1} and redis_cache.get_many(["b", "c", "z"]) == {"b": 2, "c": (3, "三")}
    assert redis_cache.add("a", 5) is False and redis_cache.incr("b") == 3
    redis_cache.delete("a")
    assert redis_cache.get("a") is None and redis_cache._cache.get_client() is client


def test_the_redis_cache_counts_as_shared(settings):
    settings.CACHES = {"default": {"BACKEND": "redleaf.core.caching.RedisCache", "LOCATION": URL}}
    assert shared_cache()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not shared_cache()
