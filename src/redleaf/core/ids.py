"""64-bit time-sortable ids, as Instagram and Mastodon use: 41 bits of milliseconds since
2025-01-01, 10 bits of shard (process), 12 bits of sequence. Lists page by id, never by OFFSET."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

EPOCH_MS = 1735689600000  # 2025-01-01T00:00:00Z
SHARD_BITS = 10
SEQUENCE_BITS = 12
_lock = threading.Lock()
_last_ms = 0
_sequence = 0
_shard: int | None = None


def _shard_id() -> int:
    """10 shard bits: the process id's low bits, under REDLEAF_ID_SHARD's host number (0–31) if set,
    so pre-forked workers on one host and workers on different hosts make different ids."""
    global _shard
    if _shard is None:
        from django.conf import settings

        host = getattr(settings, "ID_SHARD", -1)
        pid = os.getpid()
        _shard = (((host % 32) << 5) | (pid % 32)) if host >= 0 else pid % (1 << SHARD_BITS)
    return _shard


def _after_fork() -> None:
    """A forked worker must not reuse its parent's shard (and so its ids)."""
    global _shard, _last_ms, _sequence
    _shard = None
    _last_ms = 0
    _sequence = 0


os.register_at_fork(after_in_child=_after_fork)


def next_id() -> int:
    global _last_ms, _sequence
    with _lock:
        now = int(time.time() * 1000)
        if now < _last_ms:  # the clock went back: keep ids increasing
            now = _last_ms
        if now == _last_ms:
            _sequence = (_sequence + 1) & ((1 << SEQUENCE_BITS) - 1)
            if _sequence == 0:
                now = _last_ms + 1
        else:
            _sequence = 0
        _last_ms = now
        return ((now - EPOCH_MS) << (SHARD_BITS + SEQUENCE_BITS)) | (_shard_id() << SEQUENCE_BITS) | _sequence


def id_for_time(moment: datetime, shard: int = 0, sequence: int = 0) -> int:
    """An id as if made at `moment` (for seeding history and for time cursors)."""
    ms = int(moment.timestamp() * 1000)
    return ((ms - EPOCH_MS) << (SHARD_BITS + SEQUENCE_BITS)) | (shard << SEQUENCE_BITS) | sequence


def id_time(value: int) -> datetime:
    ms = (value >> (SHARD_BITS + SEQUENCE_BITS)) + EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=UTC)
