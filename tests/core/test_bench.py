"""`redleaf bench web` measures the five endpoints over real HTTP against the current database and
prints JSON a script can read."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from redleaf.accounts.models import ApiToken
from redleaf.core.bench import cpu
from redleaf.core.bench.web import Result


def _database_url() -> str:
    """The test database, as a URL the benchmark's server process can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.worker
def test_bench_web_prints_json_for_all_five_endpoints(transactional_db, monkeypatch):
    call_command("seed", "--members", "4", "--notes", "6", "--no-progress", stdout=io.StringIO())
    monkeypatch.setenv("REDLEAF_DATABASE_URL", _database_url())  # for the server it starts
    out = io.StringIO()

    call_command("bench", "web", "--json", "--duration", "1.2", "--warmup", "0.3", "--concurrency", "2",
                 "--workers", "1", "--rounds", "2", stdout=out)

    report = json.loads(out.getvalue())
    for name in ("ping", "me", "following", "explore", "explore_guest", "note"):
        assert report[name]["rps"] > 0, name
        assert report[name]["requests"] > 0 and report[name]["errors"] == 0, (name, report["meta"])
        assert 0 < report[name]["p50_ms"] <= report[name]["p99_ms"] <= report[name]["max_ms"]
        assert report[name]["connections"]["starved"] == 0 and report[name]["connections"]["fewest"] > 0, name
        if cpu.available():  # what the server's processes used per request, read from /proc
            assert report[name]["cpu_ms_per_request"]["web"] > 0, name
    assert set(report["ratio_to_trivial"]) == {"me", "following", "explore", "explore_guest", "note"}
    assert set(report["ratio_to_me"]) == {"following", "explore", "explore_guest", "note"}
    assert report["meta"]["rounds"] == 2 and report["meta"]["paths"]["me"] == "/api/v1/me"
    first = report["explore"]["first_pages"]  # the reloads of the scroll, apart
    assert 0 < first["requests"] <= report["explore"]["requests"] and 0 < first["p50_ms"] <= first["p99_ms"]
    assert "first_pages" not in report["note"]
    assert 0 < report["meta"]["profile_update"]["p50_ms"] <= report["meta"]["profile_update"]["p99_ms"]
    assert report["meta"]["database"] == connection.vendor
    assert not ApiToken.objects.exists(), "the bench removes the token it made"


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["--endpoints", "explore,nope"], "未知的端点：nope。可选：ping, me, following",
     "Unknown endpoint: nope. Choose from: ping, me, following"),
    (["--rounds", "0"], "时长、并发数、轮数和最大请求数必须为正数。",
     "Duration, concurrency, rounds and max requests must be positive."),
    (["--duration", "0"], "时长、并发数、轮数和最大请求数必须为正数。",
     "Duration, concurrency, rounds and max requests must be positive."),
])
def test_bench_web_refuses_bad_arguments_in_one_line(db, args, zh, en):
    """In the operator's language, before anything starts."""
    from django.core.management.base import CommandError
    from django.utils import translation

    for language, message in (("zh-hans", zh), ("en", en)):
        with translation.override(language), pytest.raises(CommandError) as raised:
            call_command("bench", "web", *args, stdout=io.StringIO())
        assert str(raised.value).startswith(message), language


def test_results_of_the_turns_add_up():
    first = Result(requests=2, errors=1, seconds=1.0, latencies=[0.3, 0.1], statuses={200: 1, 500: 1})
    first.add(Result(requests=1, seconds=0.5, latencies=[0.2], statuses={200: 1}, first=[0.2]))
    assert (first.requests, first.errors, first.seconds) == (3, 1, 1.5)
    assert first.latencies == [0.1, 0.2, 0.3] and first.statuses == {200: 2, 500: 1}
    assert first.rps == 2
    assert first.as_dict()["first_pages"] == {"requests": 1, "p50_ms": 200.0, "p99_ms": 200.0}


def test_connections_are_counted_over_the_turns_and_a_starved_one_is_flagged():
    """Percentiles hide a connection the server never served (it adds one long request): the
    requests of each connection are summed over the turns, and one under a tenth of a fair share
    (the mean) is counted as starved."""
    fair = Result(requests=6, seconds=1.0, latencies=[0.001] * 6, per_connection=[3, 3])
    fair.add(Result(requests=5, seconds=1.0, latencies=[0.002] * 5, per_connection=[2, 3]))
    assert fair.per_connection == [5, 6] and fair.starved == 0
    assert fair.as_dict()["connections"] == {"fewest": 5, "most": 6, "starved": 0}
    assert fair.as_dict()["max_ms"] == 2.0

    unfair = Result(requests=4002, seconds=5.0, latencies=[0.001] * 4000 + [5.0, 5.0],
                    per_connection=[1000, 1000, 1000, 1000, 1, 1])
    assert unfair.starved == 2 and unfair.percentile(99) < 2, "p99 does not show it"
    assert unfair.as_dict()["connections"]["starved"] == 2 and unfair.as_dict()["max_ms"] == 5000.0
    # most of them starved (1 worker x 2 threads, 8 connections): a median would call that fair
    assert Result(per_connection=[3000, 3000, 3, 3, 3, 3, 3, 3]).starved == 6
    assert Result(per_connection=[9000, 0, 0]).starved == 2
    assert Result(per_connection=[0, 0]).starved == 0 and Result(per_connection=[5]).starved == 0


@pytest.mark.worker
def test_a_slice_cut_short_by_its_budget_is_not_judged_for_fairness(live_server):
    """Three requests shared by four connections: some get none, which is the budget's doing."""
    from urllib.parse import urlparse

    from redleaf.core.bench.web import Endpoint, drive

    target = urlparse(live_server.url)
    ping = Endpoint("ping", ["/bench/ping"])

    cut = drive(target.hostname, target.port, ping, seconds=30, max_requests=3, concurrency=4)
    timed = drive(target.hostname, target.port, ping, seconds=0.5, max_requests=100_000, concurrency=2)

    assert cut.requests == 3 and cut.per_connection == [] and cut.starved == 0
    assert len(timed.per_connection) == 2 and min(timed.per_connection) > 0 and timed.starved == 0


@pytest.mark.worker
def test_a_scroll_goes_on_from_where_the_last_turn_left_it(live_server):
    """Each turn of the bench starts where the connection's last one stopped: a member who had
    scrolled two pages asks for the third next, not for the first again."""
    from urllib.parse import urlparse

    from redleaf.core.bench.web import Endpoint, drive, places

    call_command("seed", "--members", "4", "--notes", "40", "--no-progress", stdout=io.StringIO())
    target = urlparse(live_server.url)
    guest = Endpoint("explore_guest", ["/api/v1/feed/explore?limit=2"], {"Accept": "application/json"}, scroll=True)
    at = places(1)

    drive(target.hostname, target.port, guest, seconds=30, max_requests=2, concurrency=1, at=at)
    assert at[0].scrolled == 1 and at[0].following and "cursor=" in at[0].following
    after_first = at[0].following
    drive(target.hostname, target.port, guest, seconds=30, max_requests=1, concurrency=1, at=at)
    assert at[0].scrolled == 2 and at[0].following != after_first


def test_percentiles():
    result = Result(requests=100, seconds=2.0, latencies=[i / 1000 for i in range(1, 101)])
    assert result.rps == 50
    assert result.percentile(50) == pytest.approx(50.5)
    assert result.percentile(99) == pytest.approx(99.01)


def test_a_bench_on_an_unmigrated_database_says_to_migrate(tmp_path):
    """An operator who runs a benchmark before `redleaf migrate` gets one clear line, not a traceback."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("REDLEAF_")}
    env.update(REDLEAF_DATA_DIR=str(tmp_path), REDLEAF_LANGUAGE="en", LANG="en_US.UTF-8")
    done = subprocess.run([sys.executable, "-m", "redleaf.cli", "bench", "moderation", "--no-latency"],
                          env=env, capture_output=True, text=True, timeout=120)

    assert done.returncode != 0
    assert "run `redleaf migrate` first" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.worker
def test_bench_search_prints_json_with_first_time_and_repeated_suggestions(transactional_db):
    """`redleaf bench search --json` on a small indexed corpus: every figure there, suggestions both the
    first time a prefix is typed and again, and a verdict per target."""
    from redleaf.search import services

    call_command("seed", "--members", "4", "--notes", "12", "--no-progress", stdout=io.StringIO())
    services.search_reindex()
    out = io.StringIO()

    call_command("bench", "search", "--json", stdout=out)

    report = json.loads(out.getvalue())
    assert report["notes_indexed"] > 0 and report["search_ms"]["n"] == 400
    for figures in (report["suggest_ms"], report["suggest_ms"]["first_time"]):
        assert figures["n"] > 0 and 0 <= figures["p50"] <= figures["p99"] <= figures["max"]
    assert report["index"]["bulk_notes_per_s"] > 0 and report["index"]["size_mb"] >= 0
    assert set(report["targets"]) == {"search p99 <= 30 ms", "suggest p99 <= 5 ms",
                                      "suggest p99 <= 5 ms the first time", "indexing >= 2,000 notes/s"}


def test_the_explore_client_scrolls_as_a_member_would():
    from redleaf.core.bench.web import next_page

    assert next_page("/api/v1/feed/explore", b'{"items": [], "next_cursor": "WyJzIiwgIjEiLCAyXQ=="}') == (
        "/api/v1/feed/explore?cursor=WyJzIiwgIjEiLCAyXQ%3D%3D")
    assert next_page("/api/v1/feed/explore?cursor=abc", b'{"items": [], "next_cursor": null}') is None
    page = (b'<div class="waterfall-more" hx-get="/?cursor=WyJz&amp;x=1" hx-trigger="revealed" '
            b'hx-swap="outerHTML"></div>')
    assert next_page("/", page) == "/?cursor=WyJz&x=1"
    assert next_page("/", b'<div class="waterfall-end">You have reached the end</div>') is None


def test_the_table_says_a_run_with_a_starved_connection_is_not_fair():
    from redleaf.core.bench.web import WebBench

    meta = {"database": "sqlite", "members": 1, "notes": 1, "surface": "api", "workers": 1, "threads": 2,
            "concurrency": 4, "duration": 1.0, "rounds": 1, "max_requests": 10}
    fair = Result(requests=8, seconds=1.0, latencies=[0.001] * 8, per_connection=[2, 2, 2, 2])
    starved = Result(requests=202, seconds=1.0, latencies=[0.001] * 200 + [1.0, 1.0], per_connection=[100, 100, 1, 1])

    table = WebBench(results={"ping": fair, "explore": starved}, meta=meta).table()

    assert "NOT A FAIR RUN: explore: 2 of 4 connections were left waiting (fewest 1 requests, most 100)" in table
    assert "NOT A FAIR RUN: ping" not in table
    assert "max ms" in table.splitlines()[0]
