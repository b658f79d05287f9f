"""Where a benchmark's CPU goes: the seconds used by the web server's processes, the database's, the
cache's and the load generator's, read from Linux's /proc around each slice of load and divided by
the requests answered in it. A ratio to a trivial view says how far a page is from it; this says
what it costs and on which side (Python in the web workers, or the database), on a shared machine
where everything runs on the same cores.

Only processes on this machine are seen: a database or cache on another host counts nothing (its
figures are absent, not zero). Without /proc (not Linux) nothing is measured and the report leaves
the columns out."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")
GROUPS = ("web", "database", "cache", "load")  # the server's processes, PostgreSQL, Redis, this process
_DATABASE = {"postgres", "postmaster"}
_CACHE = {"redis-server", "valkey-server"}
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100  # /proc counts CPU time in these


def available() -> bool:
    return (PROC / "self" / "stat").exists()


def _stat(pid: str) -> tuple[str, int, float] | None:
    """(command name, session id, CPU seconds used) of a process, or None if it is gone."""
    try:
        raw = (PROC / pid / "stat").read_text()
    except OSError:
        return None
    name, rest = raw[raw.index("(") + 1:raw.rindex(")")], raw[raw.rindex(")") + 2:].split()
    # after the name: state ppid pgrp session ... utime (12th) stime (13th), in clock ticks
    return name, int(rest[3]), (int(rest[11]) + int(rest[12])) / _TICKS


def sample(web_session: int) -> Counter:
    """CPU seconds used so far by each group (GROUPS): `web_session` is the web server's session id
    (it is started in a session of its own, so its workers share it). Processes that ended since the
    last sample take their seconds with them, so compare samples of the same processes: a slice of
    load, in which the server keeps its workers."""
    used: Counter = Counter()
    if not available():
        return used
    me = os.getpid()
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        found = _stat(entry.name)
        if found is None:
            continue
        name, session, seconds = found
        if session == web_session:
            used["web"] += seconds
        elif name in _DATABASE:
            used["database"] += seconds
        elif name in _CACHE:
            used["cache"] += seconds
        elif int(entry.name) == me:
            used["load"] += seconds
    return used


@dataclass
class CpuUse:
    """CPU seconds each group used over some slices of load, and the requests answered in them."""

    seconds: Counter = field(default_factory=Counter)
    requests: int = 0

    def add(self, before: Counter, after: Counter, requests: int) -> None:
        for group in GROUPS:
            if group in after:
                self.seconds[group] += max(0.0, after[group] - before.get(group, 0.0))
        self.requests += requests

    def merge(self, other: CpuUse) -> None:
        self.seconds.update(other.seconds)
        self.requests += other.requests

    def per_request_ms(self) -> dict[str, float]:
        """Milliseconds of CPU per request answered, for each group seen on this machine."""
        if not self.requests:
            return {}
        return {group: round(self.seconds[group] * 1000 / self.requests, 3) for group in GROUPS
                if group in self.seconds}
