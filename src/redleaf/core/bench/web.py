"""`redleaf bench web`: requests per second and p50/p99 latency of the pages that matter — the
following feed, the explore feed (the member's personalised one, and a guest's), and a note's detail
— next to a trivial Django view (/bench/ping) and the cheapest signed-in page (`me`: the API's
/api/v1/me, or the settings page), in one run, against one database; and how long an
interest-profile update takes (discovery/bench.py).

It starts granian (WSGI, 2 workers by default) on a free loopback port, warms each endpoint up, then
drives it from this process with `concurrency` threads, each holding one keep-alive connection
(stdlib http.client), for a fixed duration or a maximum number of requests, whichever comes first.
Endpoints never run together. The duration is split into ROUNDS slices, the endpoints taking turns
(ping, me, following, ..., then ping again): a shared machine's speed drifts by a factor of two
within a minute, and the ratios compare only what ran under the same drift. A connection keeps its
place (how far it has scrolled) from one slice to the next. Each endpoint's answered requests per
connection are counted: a connection under a tenth of a fair share was left waiting by the server,
and the table says the run is not a fair one (percentiles alone hide it). Where Linux's /proc is there,
each slice also reads the CPU the server's processes, PostgreSQL and Redis used in it (bench/cpu.py):
the table's `web cpu` and `db cpu`, milliseconds per request. The server is stopped at the end.

The member is the one who follows the most people; notes are random published public ones. Explore
is measured for the `concurrency` members who follow the most, one per connection, each scrolling:
the first page, then its next page (the API's `next_cursor`, the web page's scroll sentinel asked for
as its script does) SCROLL_PAGES deep, then the first page again. The API (`/api/v1/feed/following`
with a bearer token, ...) is measured when it is mounted, otherwise the web pages (`/following` with a
session, ...). The bench creates a session or an API token for each member it uses and removes them
when it is done. Note: the load generator shares the machine's cores with the server, as any loopback
benchmark does; the ratio to the trivial view is the figure to compare."""

from __future__ import annotations

import html
import http.client
import json
import random
import re
import statistics
import threading
import time
from dataclasses import dataclass, field
from itertools import zip_longest
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.urls import Resolver404, resolve

from redleaf.accounts import services as account_services
from redleaf.accounts.models import User
from redleaf.core.bench import cpu, processes
from redleaf.notes.models import Audience, Note, NoteState

ROUNDS = 3  # slices per endpoint, taking turns (see the module docstring)
SCROLL_PAGES = 10  # how far a member scrolls explore before opening it again (a reload)
FAIR_BUDGET_PER_CONNECTION = 50  # a slice cut by its request budget below this is not judged for fairness
_NEXT_PAGE = re.compile(r'hx-get="([^"]+)"[^>]*hx-trigger="revealed"')


def next_page(path: str, body: bytes) -> str | None:
    """The next page after this one: the API's `next_cursor`, or the web page's scroll sentinel
    (web/_more.html), as a browser scrolling on would ask for it."""
    text = body.decode("utf-8", "replace")
    if text.startswith("{"):
        try:
            cursor = json.loads(text).get("next_cursor")
        except ValueError:
            return None
        return f"{path.split('?')[0]}?{urlencode({'cursor': cursor})}" if cursor else None
    found = _NEXT_PAGE.search(text)
    return html.unescape(found.group(1)) if found else None


@dataclass
class Endpoint:
    name: str
    paths: list[str]
    headers: dict[str, str] = field(default_factory=dict)
    per_client: list[dict[str, str]] = field(default_factory=list)  # connection k adds per_client[k % n]
    scroll: bool = False  # follow each page's next page, SCROLL_PAGES deep, then open the first again


@dataclass
class _Place:
    """Where one connection of an endpoint has got to, kept from one slice to the next."""

    i: int  # the next of the endpoint's paths
    following: str | None = None  # the next page of the scroll under way
    scrolled: int = 0


@dataclass
class Result:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    first: list[float] = field(default_factory=list)  # a scrolling endpoint's first pages (a reload)
    per_connection: list[int] = field(default_factory=list)  # requests answered (2xx) on each connection
    cpu_use: cpu.CpuUse = field(default_factory=cpu.CpuUse)  # what the processes used meanwhile (bench/cpu.py)

    @property
    def starved(self) -> int:
        """Connections the server all but left waiting: under a tenth of a fair share (the mean).
        Percentiles hide them (each adds one very long request, below p99), and the rate then
        measures fewer clients than asked for, so a run with any is not a fair figure."""
        if len(self.per_connection) < 2:
            return 0
        share = sum(self.per_connection) / len(self.per_connection)
        return sum(1 for n in self.per_connection if n < share / 10)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float, latencies: list[float] | None = None) -> float:
        latencies = self.latencies if latencies is None else sorted(latencies)
        if not latencies:
            return 0.0
        if len(latencies) == 1:
            return latencies[0] * 1000
        return statistics.quantiles(latencies, n=100, method="inclusive")[int(p) - 1] * 1000

    def add(self, other: Result) -> None:
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.latencies = sorted(self.latencies + other.latencies)
        self.first += other.first
        self.per_connection = [a + b for a, b in zip_longest(self.per_connection, other.per_connection, fillvalue=0)]
        self.cpu_use.merge(other.cpu_use)
        for status, count in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + count

    def as_dict(self) -> dict:
        out = {"rps": round(self.rps, 1), "p50_ms": round(self.percentile(50), 2),
               "p99_ms": round(self.percentile(99), 2),
               "max_ms": round(max(self.latencies) * 1000, 2) if self.latencies else 0.0,
               "requests": self.requests, "errors": self.errors,
               "connections": {"fewest": min(self.per_connection, default=0),
                               "most": max(self.per_connection, default=0), "starved": self.starved}}
        if self.cpu_use.requests:
            out["cpu_ms_per_request"] = self.cpu_use.per_request_ms()
        if self.first:  # a scroll: its first pages apart (each runs the whole pipeline)
            out["first_pages"] = {"requests": len(self.first), "p50_ms": round(self.percentile(50, self.first), 2),
                                  "p99_ms": round(self.percentile(99, self.first), 2)}
        return out


def _cpu_cells(per_request: dict[str, float]) -> str:
    web = f"{per_request['web']:.2f}" if "web" in per_request else ""
    stores = [per_request[group] for group in ("database", "cache") if group in per_request]
    return f"{web:>9}" + (f"{sum(stores):>8.2f}" if stores else f"{'':>8}")


def _mounted(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@dataclass
class Targets:
    member: User
    note_ids: list[int]
    surface: str  # "api" or "web"
    cleanup: list
    explorers: list = field(default_factory=list)  # members whose explore is measured, one per connection


def pick_targets(*, surface: str = "auto", notes: int = 200, seed: int = 1, explorers: int = 8) -> Targets:
    """The member who follows the most people, `notes` random published public notes, and a way in
    for that member (an API token or a session). Explore is measured for the `explorers` members who
    follow the most (that one first), one per connection: a member scrolls one session at a time."""
    top = list(User.objects.filter(is_active=True).order_by("-following_count", "id")[: max(1, explorers)])
    member = top[0] if top else None
    if member is None:
        raise LookupError("no members: seed the database first (`redleaf seed` or `redleaf seed --bulk`)")
    # Random points in the id range, each followed along the primary key only: a filter on state and
    # audience here would let SQLite's planner pick an index that makes this take tens of seconds.
    ids = Note.objects.order_by("id").values_list("id", flat=True)
    low, high = ids.first(), Note.objects.order_by("-id").values_list("id", flat=True).first()
    if low is None:
        raise LookupError("no notes: seed the database first")
    rng = random.Random(seed)
    active = set()
    note_ids: set[int] = set()
    for _attempt in range(notes * 3):
        if len(note_ids) >= notes:
            break
        rows = Note.objects.filter(id__gte=rng.randint(low, high)).order_by("id").values_list(
            "id", "state", "audience", "author_id")[:20]
        for note_id, state, audience, author_id in rows:
            if state == NoteState.PUBLISHED and audience == Audience.PUBLIC:
                note_ids.add(note_id)
                active.add(author_id)
                break
    inactive = set(User.objects.filter(pk__in=active, is_active=False).values_list("pk", flat=True))
    if inactive:
        note_ids = set(Note.objects.filter(pk__in=note_ids).exclude(author_id__in=inactive)
                       .values_list("pk", flat=True))
    if not note_ids:
        raise LookupError("no published public notes: seed the database first")
    if surface == "auto":
        surface = "api" if _mounted("/api/v1/feed/following") else "web"
    return Targets(member=member, note_ids=sorted(note_ids), surface=surface, cleanup=[], explorers=top)


def _way_in(member, surface: str, cleanup: list) -> dict[str, str]:
    """Headers that sign `member` in: an API token, or a session cookie; both removed at the end."""
    if surface == "api":
        key = account_services.token_create(user=member)
        cleanup.append(lambda: account_services.token_revoke(user=member, key=key))
        return {"Authorization": f"Bearer {key}"}
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]  # else Django ignores the session
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    cleanup.append(session.delete)
    return {"Cookie": f"sessionid={session.session_key}"}


ENDPOINT_NAMES = ("ping", "me", "following", "explore", "explore_guest", "note")


def endpoints(targets: Targets) -> list[Endpoint]:
    api = targets.surface == "api"
    accept = {"Accept": "application/json"} if api else {}
    auth = {**_way_in(targets.member, targets.surface, targets.cleanup), **accept}
    if api:
        me, following, explore, note = "/api/v1/me", "/api/v1/feed/following", "/api/v1/feed/explore", "/api/v1/notes/{id}"
    else:
        me, following, explore, note = "/settings", "/following", "/", "/notes/{id}"
    explorers = [auth] + [_way_in(m, targets.surface, targets.cleanup) for m in targets.explorers[1:]]
    return [
        Endpoint("ping", ["/bench/ping"]),
        # the member's own account: on the API the cheapest signed-in call (one query for the token);
        # on the web the settings page, which renders its forms (a heavier reference)
        Endpoint("me", [me], auth),
        Endpoint("following", [following], auth),
        # personalised (discovery): each connection is a member scrolling their explore, SCROLL_PAGES
        # pages deep, then opening it again (a reload: the session goes on with new notes)
        Endpoint("explore", [explore], accept, per_client=explorers, scroll=True),
        Endpoint("explore_guest", [explore], accept),
        Endpoint("note", [note.format(id=i) for i in targets.note_ids], auth),
    ]


class _Client(threading.Thread):
    def __init__(self, host: str, port: int, endpoint: Endpoint, stop_at: float, budget: _Budget, place: _Place,
                 index: int = 0):
        super().__init__(daemon=True)
        self.host, self.port, self.endpoint, self.index = host, port, endpoint, index
        self.stop_at, self.budget, self.place = stop_at, budget, place
        self.latencies: list[float] = []
        self.first: list[float] = []
        self.errors = 0
        self.statuses: dict[int, int] = {}

    def run(self) -> None:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        headers = {"Host": f"{self.host}:{self.port}", **self.endpoint.headers}
        if self.endpoint.per_client:
            headers.update(self.endpoint.per_client[self.index % len(self.endpoint.per_client)])
        paths, place = self.endpoint.paths, self.place
        while time.perf_counter() < self.stop_at and self.budget.take():
            first = not (place.following and place.scrolled < SCROLL_PAGES)
            if not first:
                path, sent = place.following, {**headers, "HX-Request": "true"}  # as the page's script asks
                place.scrolled += 1
            else:
                path, sent, place.scrolled = paths[place.i % len(paths)], headers, 0
                place.i += 1
            started = time.perf_counter()
            body = b""
            try:
                conn.request("GET", path, headers=sent)
                response = conn.getresponse()
                body = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                status = 0
            self.latencies.append(time.perf_counter() - started)
            if first and self.endpoint.scroll:
                self.first.append(self.latencies[-1])
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if not 200 <= status < 300:
                self.errors += 1
            place.following = next_page(path, body) if self.endpoint.scroll and 200 <= status < 300 else None
        conn.close()


class _Budget:
    """A shared count of requests still allowed."""

    def __init__(self, n: int):
        self.n = n
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.n <= 0:
                return False
            self.n -= 1
            return True


def places(concurrency: int) -> list[_Place]:
    return [_Place(i=k * 7) for k in range(concurrency)]


def drive(host: str, port: int, endpoint: Endpoint, *, seconds: float, max_requests: int,
          concurrency: int, at: list[_Place] | None = None) -> Result:
    """Drive `endpoint` with `concurrency` connections; `at` says where each has got to (and is
    moved on), so that a later slice goes on from there."""
    at = at or places(concurrency)
    started = time.perf_counter()
    budget = _Budget(max_requests)
    clients = [_Client(host, port, endpoint, started + seconds, budget, place=at[k], index=k)
               for k in range(concurrency)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(seconds + 60)
    result = Result(seconds=time.perf_counter() - started)
    for client in clients:
        result.latencies.extend(client.latencies)
        result.first.extend(client.first)
        result.errors += client.errors
        for status, count in client.statuses.items():
            result.statuses[status] = result.statuses.get(status, 0) + count
    result.requests = len(result.latencies)
    # A slice cut short by a small request budget hands it out first come, first served: it says
    # nothing about how fairly the server serves connections, so it is not counted for that.
    if budget.n > 0 or max_requests >= FAIR_BUDGET_PER_CONNECTION * concurrency:
        result.per_connection = [sum(n for status, n in client.statuses.items() if 200 <= status < 300)
                                 for client in clients]
    result.latencies.sort()
    return result


@dataclass
class WebBench:
    results: dict[str, Result]
    meta: dict

    def as_dict(self) -> dict:
        out: dict = {name: result.as_dict() for name, result in self.results.items()}
        trivial = self.results["ping"].rps
        out["ratio_to_trivial"] = {name: round(result.rps / trivial, 3) if trivial else 0.0
                                   for name, result in self.results.items() if name != "ping"}
        signed_in = self.results["me"].rps if "me" in self.results else 0.0
        if signed_in:
            out["ratio_to_me"] = {name: round(result.rps / signed_in, 3)
                                  for name, result in self.results.items() if name not in ("ping", "me")}
        out["meta"] = self.meta
        return out

    def table(self) -> str:
        data = self.as_dict()
        measured = any("cpu_ms_per_request" in data[name] for name in self.results)
        lines = [f"{'endpoint':<14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}{'requests':>10}"
                 f"{'errors':>8}{'vs ping':>9}{'vs me':>8}" + (f"{'web cpu':>9}{'db cpu':>8}" if measured else "")]
        for name in self.results:
            row = data[name]
            ratio = "1.000" if name == "ping" else f"{data['ratio_to_trivial'][name]:.3f}"
            to_me = data.get("ratio_to_me", {}).get(name)
            to_me = "1.000" if name == "me" else "" if to_me is None else f"{to_me:.3f}"
            lines.append(f"{name:<14}{row['rps']:>10.1f}{row['p50_ms']:>10.2f}{row['p99_ms']:>10.2f}"
                         f"{row['max_ms']:>10.2f}{row['requests']:>10}{row['errors']:>8}{ratio:>9}{to_me:>8}"
                         + (_cpu_cells(row.get("cpu_ms_per_request", {})) if measured else ""))
        for name in self.results:
            first = data[name].get("first_pages")
            if first:
                lines.append(f"{name}: its {first['requests']} first pages (a reload, the whole pipeline): "
                             f"p50 {first['p50_ms']:.2f} ms, p99 {first['p99_ms']:.2f} ms; the rest scrolled on")
        for name in self.results:
            connections = data[name]["connections"]
            if connections["starved"]:
                lines.append(f"NOT A FAIR RUN: {name}: {connections['starved']} of {len(self.results[name].per_connection)}"
                             f" connections were left waiting (fewest {connections['fewest']} requests, most "
                             f"{connections['most']}): the server held fewer connections than the bench opened")
        if measured:
            lines.append("web cpu, db cpu: milliseconds of CPU per request used by the web server's processes, and by "
                         "PostgreSQL and Redis on this machine (from /proc; absent when they run elsewhere)")
        meta = self.meta
        lines.append(f"{meta['database']}, {meta['members']:,} members, {meta['notes']:,} notes; {meta['surface']}; "
                     f"{meta['workers']} WSGI workers x {meta['threads']} threads; concurrency {meta['concurrency']}; "
                     f"{meta['duration']} s per endpoint in {meta['rounds']} turns (max {meta['max_requests']} "
                     f"requests)")
        if meta.get("profile_update"):
            update = meta["profile_update"]
            lines.append(f"interest profile update (discovery, in process): p50 {update['p50_ms']} ms, "
                         f"p99 {update['p99_ms']} ms over {update['updates']} likes and collects")
        return "\n".join(lines)


def bench_web(*, duration: float = 10.0, concurrency: int = 8, workers: int = 2, threads: int | None = None,
              max_requests: int = 50000, warmup: float = 1.0, surface: str = "auto", rounds: int = ROUNDS,
              only: set[str] | None = None, log=lambda message: None) -> WebBench:
    threads = threads or processes.DEFAULT_THREADS
    targets = pick_targets(surface=surface, explorers=concurrency)
    eps = [e for e in endpoints(targets) if only is None or e.name in only]
    meta = {
        "database": connection.vendor, "surface": targets.surface, "member": targets.member.username,
        "explorers": len(targets.explorers),
        "member_following": targets.member.following_count, "sample_notes": len(targets.note_ids),
        "members": User.objects.count(), "notes": Note.objects.count(), "workers": workers, "threads": threads,
        "concurrency": concurrency, "duration": duration, "rounds": rounds, "max_requests": max_requests,
        "paths": {e.name: e.paths[0] for e in eps},
    }
    from redleaf.discovery.bench import web_prepare

    log("discovery: precomputing as the worker would, timing interest-profile updates")
    meta.update(web_prepare(member=targets.member, note_ids=targets.note_ids, others=targets.explorers[1:]))
    connection.close()  # the server's workers open their own connections
    host, port = "127.0.0.1", processes.free_port()
    server = processes.start(processes.granian_command(host=host, port=port, workers=workers, threads=threads),
                             quiet=True)
    results: dict[str, Result] = {}
    try:
        if not processes.wait_ready(f"http://{host}:{port}/healthz", server, timeout=60):
            raise RuntimeError(f"the web server did not start (exit code {server.poll()})")
        at = {endpoint.name: places(concurrency) for endpoint in eps}
        for endpoint in eps:
            log(f"{endpoint.name}: warming up {endpoint.paths[0]}")
            drive(host, port, endpoint, seconds=warmup, max_requests=max(concurrency, int(warmup * 2000)),
                  concurrency=concurrency, at=at[endpoint.name])
        left = {endpoint.name: max_requests for endpoint in eps}
        for turn in range(rounds):
            log(f"measuring, turn {turn + 1} of {rounds}: {duration / rounds:.1f} s for each of "
                f"{', '.join(endpoint.name for endpoint in eps)}")
            for endpoint in eps:
                if left[endpoint.name] <= 0:
                    continue
                before = cpu.sample(server.pid)
                part = drive(host, port, endpoint, seconds=duration / rounds,
                             max_requests=-(-left[endpoint.name] // (rounds - turn)), concurrency=concurrency,
                             at=at[endpoint.name])
                part.cpu_use.add(before, cpu.sample(server.pid), part.requests)
                left[endpoint.name] -= part.requests
                results.setdefault(endpoint.name, Result()).add(part)
    finally:
        processes.stop([server])
        for undo in targets.cleanup:
            undo()
    for name, result in results.items():
        bad = {status: count for status, count in result.statuses.items() if not 200 <= status < 300}
        if bad:
            meta.setdefault("error_statuses", {})[name] = bad
    return WebBench(results=results, meta=meta)
