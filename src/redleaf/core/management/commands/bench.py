"""`redleaf bench <what>`: benchmarks. `redleaf bench web` (core/bench/web.py), `redleaf bench moderation`
(moderation/bench.py), `redleaf bench language` (language/bench.py), `redleaf bench search` and
`redleaf bench search-quality` (search/bench.py), `redleaf bench recommend` (explore's offline evaluation,
discovery/bench.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from redleaf.core.bench import processes


def _endpoint_names(value: str | None) -> set[str] | None:
    if not value:
        return None
    from redleaf.core.bench.web import ENDPOINT_NAMES

    names = {name.strip() for name in value.split(",") if name.strip()}
    unknown = names - set(ENDPOINT_NAMES)
    if unknown or not names:
        raise CommandError(_("Unknown endpoint: %(names)s. Choose from: %(choices)s.")
                           % {"names": ", ".join(sorted(unknown)) or value, "choices": ", ".join(ENDPOINT_NAMES)})
    return names | {"ping", "me"}  # the references: a trivial view, the cheapest signed-in page


class Command(BaseCommand):
    help = ("Benchmarks. `redleaf bench web`: feeds and note detail against a trivial view, over real HTTP; "
            "`redleaf bench recommend`: explore's offline evaluation against baselines.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        web = sub.add_parser("web", help="Requests per second and p50/p99 latency of the main pages.")
        web.add_argument("--json", action="store_true", help="Print a JSON object instead of a table.")
        web.add_argument("--duration", type=float, default=10.0, help="Seconds of load per endpoint (default 10).")
        web.add_argument("--max-requests", type=int, default=50000, help="At most this many requests per endpoint.")
        web.add_argument("--concurrency", type=int, default=8, help="Concurrent keep-alive connections (default 8).")
        web.add_argument("--warmup", type=float, default=1.0, help="Seconds of warm-up per endpoint (default 1).")
        web.add_argument("--workers", type=int, default=2, help="WSGI worker processes (default 2).")
        web.add_argument("--threads", type=int, default=None,
                         help=f"Threads per worker (default {processes.DEFAULT_THREADS}).")
        web.add_argument("--surface", choices=["auto", "api", "web"], default="auto",
                         help="Measure the JSON API or the web pages (default: the API when it is mounted).")
        web.add_argument("--endpoints", default=None,
                         help="Measure only these, comma-separated (ping and me are always measured): "
                              "following, explore, explore_guest, note.")
        web.add_argument("--rounds", type=int, default=3,
                         help="Turns the endpoints take, each a slice of the duration (default 3).")
        web.add_argument("--database-url", default=None,
                         help="Run against this database instead of REDLEAF_DATABASE_URL's.")
        mod = sub.add_parser("moderation", help="Review's checks per second per core, post-to-published latency "
                                                "with the worker, and (--quality) precision/recall per rule.")
        mod.add_argument("--json", action="store_true", help="Print a JSON object instead of a table.")
        mod.add_argument("--quality", action="store_true", help="Also precision and recall per rule.")
        mod.add_argument("--no-latency", action="store_true", help="Skip post-to-published (no worker started).")
        mod.add_argument("--images", type=int, default=40, help="Pictures to check (default 40).")
        mod.add_argument("--notes", type=int, default=30, help="Notes to post for the latency (default 30).")
        mod.add_argument("--seconds", type=float, default=3.0, help="Seconds of text checks (default 3).")

        lang = sub.add_parser("language", help="Detection and glossary throughput, cached translation latency, memory.")
        lang.add_argument("--json", action="store_true", help="Print a JSON object instead of lines.")
        lang.add_argument("--seconds", type=float, default=2.0, help="Seconds per throughput figure (default 2).")
        lang.add_argument("--calls", type=int, default=2000, help="Cached translations to time (default 2000).")

        search = sub.add_parser("search", help="Search and suggestion latency, index build rate, size and memory "
                                               "(on `redleaf seed --bulk` and `redleaf search reindex`).")
        search.add_argument("--json", action="store_true", help="Print a JSON object instead of a table.")
        search.add_argument("--sample", type=int, default=20000, help="Notes re-indexed to time indexing.")
        quality = sub.add_parser("search-quality", help="NDCG@10 and Recall@50, ours and a plain full-text "
                                                        "baseline, on the demo (`redleaf seed`).")
        quality.add_argument("--json", action="store_true", help="Print a JSON object instead of a table.")
        recommend = sub.add_parser("recommend", help="Offline evaluation of explore (discovery/bench.py).")
        recommend.add_argument("--members", type=int, default=200, help="Simulated members (default 200).")
        recommend.add_argument("--cold", type=int, default=None, help="Cold-start members (default members/4).")
        recommend.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        recommend.add_argument("--catalogue", type=int, default=5000,
                               help="Recent notes to use at most, a sample when there are more (default 5000).")
        recommend.add_argument("--json", action="store_true", help="Print {method: {metric: value}} as JSON.")

    def handle(self, *args, **options):
        if options["what"] != "web" or not options.get("database_url"):
            self._require_migrated()
        if options["what"] in ("search", "search-quality"):
            self._search(options)
            return
        if options["what"] == "recommend":
            self._recommend(options)
            return
        if options["what"] == "moderation":
            self._moderation(options)
            return
        if options["what"] == "language":
            from redleaf.language.bench import bench_language, summary

            log = (lambda message: None) if options["json"] else (lambda message: self.stderr.write(message))
            if options["seconds"] <= 0 or options["calls"] < 1:
                raise CommandError(_("Duration, concurrency and max requests must be positive."))
            result = bench_language(log=log, seconds=options["seconds"], calls=options["calls"])
            self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) if options["json"] else summary(result))
            return
        url = options["database_url"]
        if url and url != settings.DATABASE_URL:
            self._rerun_against(url, options)
            return
        from redleaf.core.bench.web import bench_web

        log = (lambda message: None) if options["json"] else (lambda message: self.stderr.write(message))
        if (options["duration"] <= 0 or options["concurrency"] < 1 or options["max_requests"] < 1
                or options["rounds"] < 1):
            raise CommandError(_("Duration, concurrency, rounds and max requests must be positive."))
        try:
            result = bench_web(duration=options["duration"], rounds=options["rounds"], concurrency=options["concurrency"],
                               workers=options["workers"], threads=options["threads"],
                               max_requests=options["max_requests"], warmup=options["warmup"],
                               surface=options["surface"], only=_endpoint_names(options["endpoints"]), log=log)
        except (LookupError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(result.table())

    def _require_migrated(self) -> None:
        """A benchmark on an empty or old database would end in a traceback about a missing table."""
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(_("The database is not migrated: run `redleaf migrate` first."))

    def _search(self, options) -> None:
        from redleaf.search import bench

        log = (lambda message: None) if options["json"] else (lambda message: self.stderr.write(message))
        try:
            if options["what"] == "search":
                result = bench.bench_speed(sample=max(1, options["sample"]), log=log)
            else:
                result = bench.bench_quality(log=log)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(result.table())

    def _moderation(self, options: dict) -> None:
        from redleaf.moderation.bench import bench_moderation, table

        log = (lambda message: None) if options["json"] else (lambda message: self.stderr.write(message))
        if options["images"] < 1 or options["notes"] < 1 or options["seconds"] <= 0:
            raise CommandError(_("Counts and seconds must be positive."))
        try:
            result = bench_moderation(quality=options["quality"], latency=not options["no_latency"],
                                      images=options["images"], notes=options["notes"], seconds=options["seconds"],
                                      log=log)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) if options["json"] else table(result))

    def _recommend(self, options: dict) -> None:
        from redleaf.discovery.bench import METHODS, bench_recommend, table

        if options["members"] < 1 or options["catalogue"] < 1 or (options["cold"] or 0) < 0:
            raise CommandError(_("Members and catalogue must be positive."))
        try:
            result = bench_recommend(members=options["members"], seed=options["seed"], cold=options["cold"],
                                     catalogue=options["catalogue"], progress=not options["json"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps({m: result[m] for m in METHODS}, indent=2))
        else:
            self.stdout.write(table(result))

    def _rerun_against(self, url: str, options: dict) -> None:
        """Settings are read once per process, so another database means another process."""
        argv = ["bench", "web", "--duration", str(options["duration"]), "--max-requests", str(options["max_requests"]),
                "--concurrency", str(options["concurrency"]), "--warmup", str(options["warmup"]),
                "--workers", str(options["workers"]), "--surface", options["surface"],
                "--rounds", str(options["rounds"])]
        if options["threads"]:
            argv += ["--threads", str(options["threads"])]
        if options["endpoints"]:
            argv += ["--endpoints", options["endpoints"]]
        if options["json"]:
            argv.append("--json")
        env = {**os.environ, "REDLEAF_DATABASE_URL": url}
        done = subprocess.run([sys.executable, "-m", "redleaf.cli", *argv], env=env, capture_output=True, text=True)
        self.stdout.write(done.stdout.rstrip("\n"))
        if done.returncode:
            self.stderr.write(done.stderr)
            raise CommandError(_("The benchmark failed (exit code %(code)d).") % {"code": done.returncode})
