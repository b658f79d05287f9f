"""`redleaf serve` runs the site (granian) and the task worker as children, answers /healthz, and
stops both: on SIGTERM cleanly, and when one of them dies, with a non-zero exit."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from redleaf.core.bench.processes import free_port

pytestmark = pytest.mark.worker

REDLEAF = [sys.executable, "-m", "redleaf.cli"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An environment with its own SQLite file, already migrated and holding a tiny demo (so serve's
    own `seed --if-empty` has nothing to do and the test stays fast)."""
    root = tmp_path_factory.mktemp("serve")
    env = {**os.environ, "REDLEAF_DATA_DIR": str(root), "REDLEAF_DATABASE_URL": f"sqlite:///{root / 'site.sqlite3'}",
           "REDLEAF_MEDIA_ROOT": str(root / "media"), "DJANGO_SETTINGS_MODULE": "redleaf.settings"}
    for command in (["migrate", "-v0"], ["seed", "--members", "2", "--notes", "2", "--no-progress"]):
        subprocess.run([*REDLEAF, *command], env=env, check=True, capture_output=True, timeout=120)
    return env


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _serve(env, *more: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen([*REDLEAF, "serve", "--port", str(port), "--workers", "1", *more], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                body = json.loads(response.read())
                assert response.status == 200 and body["status"] == "ok"
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    pytest.fail("serve did not answer /healthz within 60 s")


def _wait_for_children(pid: int, expected: int = 2) -> list[int]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        children = _children(pid)
        if len(children) >= expected:
            return children
        time.sleep(0.1)
    return _children(pid)


def test_serve_answers_and_stops_both_children_on_sigterm(site):
    process, port = _serve(site)
    children = _wait_for_children(process.pid)
    assert len(children) == 2, "granian and the task worker"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
        assert response.status == 200

    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)

    assert process.returncode == 0, err
    assert f"http://127.0.0.1:{port}/" in out
    database = sqlite3.connect(site["REDLEAF_DATABASE_URL"].removeprefix("sqlite:///"))
    # the two asked for, and the two notes of the demo's review queue (core/demo/seed.py)
    assert database.execute("SELECT count(*) FROM notes_note").fetchone() == (4,), "seed --if-empty did nothing"
    database.close()
    _assert_gone(children)


def test_serve_stops_everything_when_a_child_dies(site):
    """The hardest case: granian's master is killed outright, leaving its worker processes behind;
    serve notices, stops the task worker and those orphaned workers too, and exits non-zero."""
    process, _port = _serve(site)
    children = _wait_for_children(process.pid)
    web = next(pid for pid in children if b"granian" in Path(f"/proc/{pid}/cmdline").read_bytes())
    web_workers = _wait_for_children(web, expected=1)
    assert web_workers

    os.kill(web, signal.SIGKILL)
    _out, err = process.communicate(timeout=30)

    assert process.returncode != 0
    assert "-9" in err, "serve says which child died and how"
    _assert_gone(children + web_workers)


def test_more_open_connections_than_threads_are_all_answered(site):
    """A browser keeps up to six connections open to a site. With one worker of two threads, every
    one of eight kept-alive connections is still answered, each in turn, while the others stay open
    (granian's backpressure once capped connections at the thread count: the third waited forever)."""
    import http.client

    process, port = _serve(site, "--threads", "2")
    connections = []
    try:
        for turn in range(2):
            for k in range(8):
                if turn == 0:
                    connections.append(http.client.HTTPConnection("127.0.0.1", port, timeout=15))
                connection = connections[k]
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                assert (response.status, json.loads(response.read())["status"]) == (200, "ok"), (turn, k)
                assert not response.will_close, "kept alive"
    finally:
        for connection in connections:
            connection.close()
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)


def _is_worker(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")[-1] == b"worker"
    except OSError:
        return False


def test_serve_starts_the_task_worker_again_when_it_dies(site):
    """The task worker killed (out of memory, say) does not take the site down: serve starts another."""
    process, port = _serve(site)
    try:
        children = _wait_for_children(process.pid)
        worker = next(pid for pid in children if _is_worker(pid))
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            now = _children(process.pid)
            if worker not in now and any(_is_worker(pid) for pid in now):
                break
            time.sleep(0.2)
        assert process.poll() is None, "serve kept running"
        assert any(_is_worker(pid) for pid in _children(process.pid) if pid != worker), "a new task worker"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    assert "starting it again" in err


def _assert_gone(pids: list[int]) -> None:
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)
