"""What every app may ask of the Django cache."""

from __future__ import annotations

from django.core.cache.backends import redis as redis_backend


def shared_cache() -> bool:
    """Whether the Django cache is one for every process (Redis), so what one process (the worker, a
    web process) puts there is what the others read. Each process's own memory (the default) is not."""
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(("LocMemCache", "DummyCache"))


class _RedisClient(redis_backend.RedisCacheClient):
    """One redis.Redis per server, not one per operation as Django makes them: its constructor copies
    ~170 response callbacks, 0.2 ms a cache call, a tenth of a suggestion's time. A redis.Redis is safe
    to share: it takes a connection from its pool per command (and the pool starts anew in a forked
    process)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[object, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # Django's choice of server: one client per pool
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis_backend.RedisCache):
    """Django's Redis cache (settings.CACHES when REDLEAF_CACHE_URL is set), with _RedisClient, and
    without Django's memcached key check: it walks every character of every key in Python (13 µs a
    key: 4 ms of a 300-note feature read) to warn about keys memcached would refuse, which Redis
    takes as they are."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _RedisClient

    def validate_key(self, key: str) -> None:
        return None
