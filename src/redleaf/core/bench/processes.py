"""Child processes: the granian WSGI server and the task worker, started, watched and stopped the same
way by `redleaf serve` and `redleaf bench web`."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

DEFAULT_WORKERS = 2
# Threads per worker: sync Django under one GIL gains little past this (granian warns above it).
DEFAULT_THREADS = min(8, 2 * (os.cpu_count() or 1) + 1)
# Open connections a worker holds, idle keep-alive ones included (see granian_command): half the
# usual limit of 1,024 open files a process, which also counts its database connections and files.
CONNECTIONS_PER_WORKER = 512


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def granian_command(*, host: str, port: int, workers: int, threads: int, log_level: str = "warning") -> list[str]:
    """granian serving Django over WSGI with `workers` pre-forked processes. Each worker runs at most
    `threads` requests at once: sync Django gains nothing from more threads under one GIL, and each
    thread holds its own database connection. Requests beyond that wait for a thread.

    granian's `--backpressure` caps the *connections* a worker holds, not the requests it runs: a
    kept-alive connection keeps its place while idle. Set to the thread count, a browser's six
    connections were enough to leave every later visitor waiting on an open socket until one closed.
    So it is a budget of connections (CONNECTIONS_PER_WORKER), far above the threads."""
    return [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host, "--port", str(port),
        "--workers", str(workers), "--blocking-threads", str(threads),
        "--backpressure", str(CONNECTIONS_PER_WORKER),
        "--log-level", log_level, "--no-ws", "redleaf.wsgi:application",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "redleaf.cli", "worker"]


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "redleaf.settings")
    env.update(extra or {})
    return env


def start(command: list[str], env: dict[str, str] | None = None, quiet: bool = False) -> subprocess.Popen:
    # A session of its own: Ctrl-C reaches only us, and we stop the children in order.
    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(command, env=env or child_env(), start_new_session=True, stdout=output, stderr=output)


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 60.0,
               give_up: Callable[[], bool] = lambda: False) -> bool:
    """Poll `url` until it answers 200; False if the process died, time ran out or `give_up()`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not give_up():
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback URL
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.2)
    return False


def _group_alive(pgid: int) -> bool:
    """Does any process of group `pgid` still run (zombies waiting to be reaped do not count)?"""
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: ask the kernel, zombies included
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _signal_group(pgid: int, signum: int) -> None:
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def stop(processes: list[subprocess.Popen], timeout: float = 15.0) -> None:
    """SIGTERM each child's process group (granian and db_worker both finish what they are doing),
    then SIGKILL whatever is still running after `timeout` seconds. Signalling the group, not just
    the child, also stops granian's worker processes when their master died first."""
    for process in processes:
        _signal_group(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for process in processes:
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if process.poll() is None or _group_alive(process.pid):
            _signal_group(process.pid, signal.SIGKILL)
        process.wait()
