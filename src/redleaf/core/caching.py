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
            client.redleaf_set_many = client.register_script(_SET_MANY)
            client.redleaf_missing = client.register_script(_MISSING)
        return client

    def set_many(self, data, timeout):
        """As Django's (MSET, then an EXPIRE per key: 101 commands for 100 cards, 11 ms), in one
        command: a script that sets each key with its expiry (2 ms). Timeout None keeps the keys, 0
        deletes them, as Django's does."""
        if not data:
            return
        client = self.get_client(None, write=True)
        keys = list(data)
        client.redleaf_set_many(keys=keys, args=[-1 if timeout is None else int(timeout),
                                                 *(self._serializer.dumps(data[key]) for key in keys)])

    def missing(self, keys: list[str]) -> list[str]:
        """Those of these (full) keys that are not cached, without reading their values."""
        if not keys:
            return []
        present = self.get_client(None).redleaf_missing(keys=keys)
        return [key for key, here in zip(keys, present, strict=True) if not here]


# One command for many keys (a single Redis server or a replica set: not a Redis Cluster, where the
# keys of one script must share a slot).
_SET_MANY = """
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if ttl > 0 then redis.call('SET', key, ARGV[i + 1], 'EX', ttl)
  elseif ttl == 0 then redis.call('DEL', key)
  else redis.call('SET', key, ARGV[i + 1]) end
end
return #KEYS
"""
_MISSING = """
local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('EXISTS', key) end
return out
"""


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

    def missing(self, keys: list[str], version=None) -> list[str]:
        full = {self.make_key(key, version=version): key for key in keys}
        return [full[key] for key in self._cache.missing(list(full))]


def missing(keys: list[str]) -> list[str]:
    """Which of these keys the Django cache does not hold: with Redis in one command that returns no
    values; with another cache, by reading them."""
    from django.core.cache import cache

    if isinstance(getattr(cache, "_cache", None), _RedisClient):  # our RedisCache
        return cache.missing(keys)
    found = cache.get_many(keys)
    return [key for key in keys if key not in found]
