"""The bench's CPU accounting (core/bench/cpu.py) reads real processes from /proc: a process started in
a session of its own, as the bench starts the web server, is counted as the web side."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from redleaf.core.bench import cpu
from redleaf.core.bench.web import Result, WebBench

pytestmark = pytest.mark.skipif(not cpu.available(), reason="needs Linux's /proc")

BURN = "import time\nend = time.process_time() + 0.4\nwhile time.process_time() < end: pass\n"


def test_a_process_in_the_web_servers_session_is_counted_as_web():
    # It burns 0.4 s of CPU, then waits (an ended process would take its seconds with it).
    live = subprocess.Popen([sys.executable, "-c", "import sys\n" + BURN + "sys.stdin.read()\n"],
                            stdin=subprocess.PIPE, start_new_session=True)
    try:
        start = cpu.sample(live.pid)
        deadline = time.monotonic() + 30
        while cpu.sample(live.pid)["web"] - start["web"] < 0.35 and time.monotonic() < deadline:
            time.sleep(0.05)
        after = cpu.sample(live.pid)
        elsewhere = cpu.sample(live.pid + 10**7)  # no such session: nothing is web
    finally:
        live.communicate(b"", timeout=30)
    use = cpu.CpuUse()
    use.add(start, after, requests=4)
    assert 0.35 <= use.seconds["web"] < 5
    assert use.per_request_ms()["web"] == pytest.approx(use.seconds["web"] * 1000 / 4, rel=1e-3)
    assert after["load"] > 0  # this process: the load generator's side
    assert elsewhere["web"] == 0


def test_the_table_shows_cpu_per_request_when_it_was_measured():
    meta = {"database": "sqlite", "members": 1, "notes": 1, "surface": "api", "workers": 1, "threads": 2,
            "concurrency": 1, "duration": 1.0, "rounds": 1, "max_requests": 10}
    measured = Result(requests=10, seconds=1.0, latencies=[0.001] * 10)
    measured.cpu_use.add({"web": 1.0, "database": 2.0}, {"web": 1.05, "database": 2.02}, requests=10)
    bare = Result(requests=10, seconds=1.0, latencies=[0.001] * 10)

    assert measured.as_dict()["cpu_ms_per_request"] == {"web": 5.0, "database": 2.0}
    table = WebBench(results={"ping": measured}, meta=meta).table()
    assert table.splitlines()[0].endswith("web cpu  db cpu")
    assert table.splitlines()[1].endswith("    5.00    2.00")
    assert "web cpu" not in WebBench(results={"ping": bare}, meta=meta).table()

    total = Result()
    total.add(measured)
    total.add(measured)
    assert total.cpu_use.requests == 20 and total.as_dict()["cpu_ms_per_request"]["web"] == 5.0
