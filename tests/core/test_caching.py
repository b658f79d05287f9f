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


def test_set_many_in_one_command_keeps_djangos_timeouts(redis_cache):
    """set_many is one script, not MSET and an EXPIRE per key, with Django's meaning of a timeout:
    seconds to keep, None to keep for good, 0 to remove."""
    raw = redis_cache._cache.get_client()
    before = raw.info("commandstats")
    redis_cache.set_many({"a": 1, "b": [2], "c": "三"}, 30)
    after = raw.info("commandstats")
    calls = {name: after.get(f"cmdstat_{name}", {}).get("calls", 0) - before.get(f"cmdstat_{name}", {}).get("calls", 0)
             for name in ("mset", "expire", "evalsha", "eval")}
    assert calls["mset"] == calls["expire"] == 0 and calls["evalsha"] + calls["eval"] >= 1, calls
    assert redis_cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2], "c": "三"}
    assert 0 < raw.ttl(redis_cache.make_key("b")) <= 30
    redis_cache.set_many({"b": 5}, None)
    assert raw.ttl(redis_cache.make_key("b")) == -1 and redis_cache.get("b") == 5  # no expiry
    redis_cache.set_many({"a": 9, "c": 9}, 0)
    assert redis_cache.get_many(["a", "b", "c"]) == {"b": 5}
    redis_cache.set_many({}, 30)  # nothing to do, no error


def test_missing_names_the_keys_not_cached_without_reading_them(redis_cache, settings):
    from redleaf.core import caching

    redis_cache.set_many({"a": 1, "c": 3}, 30)
    assert redis_cache.missing(["a", "b", "c"]) == ["b"]
    assert redis_cache.missing([]) == []
    settings.CACHES = {"default": {"BACKEND": "redleaf.core.caching.RedisCache", "LOCATION": URL,
                                   "KEY_PREFIX": "redleaf-test-caching"}}
    assert caching.missing(["c", "b", "a"]) == ["b"]  # the Django cache, when it is ours: the script
    # Any other cache answers the same by reading the values.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.set("a", 1)
    assert caching.missing(["a", "b"]) == ["b"]
