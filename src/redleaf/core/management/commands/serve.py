"""`redleaf serve`: the embedded default in one command. Migrate, seed a demo into an empty database,
then run granian (WSGI, N workers) and the task worker as child processes until Ctrl-C / SIGTERM.
A task worker that dies is started again (up to five times a minute); if the web server dies, or the
worker keeps dying, everything is stopped and the command exits non-zero."""

from __future__ import annotations

import signal
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from redleaf.core.bench import processes


class Command(BaseCommand):
    help = "Migrate, seed a demo if the database is empty, and serve the site and its task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
        parser.add_argument(
            "--workers", type=int, default=None,
            help=f"WSGI worker processes (default: REDLEAF_WEB_WORKERS or {processes.DEFAULT_WORKERS}).")
        parser.add_argument(
            "--threads", type=int, default=None,
            help=f"Requests at once per worker (default: REDLEAF_WEB_THREADS or {processes.DEFAULT_THREADS}).")
        parser.add_argument("--no-seed", action="store_true", help="Do not seed demo data into an empty database.")

    def handle(self, *args, **options):
        workers = options["workers"] or processes.env_int("REDLEAF_WEB_WORKERS", processes.DEFAULT_WORKERS)
        threads = options["threads"] or processes.env_int("REDLEAF_WEB_THREADS", processes.DEFAULT_THREADS)
        host, port = options["host"], options["port"]
        verbosity = options["verbosity"]

        call_command("migrate", interactive=False, verbosity=max(0, verbosity - 1))
        if not options["no_seed"]:
            call_command("seed", if_empty=True, verbosity=verbosity)
        connections.close_all()  # the children open their own
        if settings.STORAGES["staticfiles"]["BACKEND"].endswith("StaticFilesStorage"):
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

        stopping = False

        def on_signal(signum, frame):
            nonlocal stopping
            stopping = True

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        web = processes.start(processes.granian_command(host=host, port=port, workers=workers, threads=threads))
        worker = processes.start(processes.worker_command())
        children = {_("web server"): web, _("task worker"): worker}
        dead = None
        try:
            shown = "127.0.0.1" if host in ("0.0.0.0", "") else host  # noqa: S104 - comparing, not binding
            if processes.wait_ready(f"http://{shown}:{port}/healthz", web, timeout=60, give_up=lambda: stopping):
                self.stdout.write(_("Redleaf is running at http://%(host)s:%(port)d/ (%(workers)d web workers and "
                                    "a task worker). Press Ctrl-C to stop.")
                                  % {"host": shown, "port": port, "workers": workers})
                self.stdout.flush()
            restarts: list[float] = []
            while not stopping and dead is None:
                if worker.poll() is not None and not stopping:
                    # The task worker died (killed, out of memory): start another, as a supervisor would;
                    # its queue is in the database, so nothing is lost. Five deaths in a minute: give up.
                    now = time.monotonic()
                    restarts = [t for t in restarts if now - t < 60] + [now]
                    if len(restarts) <= 5:
                        self.stderr.write(_("The task worker stopped (exit code %(code)s); starting it again.")
                                          % {"code": worker.returncode})
                        worker = processes.start(processes.worker_command())
                        children[_("task worker")] = worker
                dead = next((name for name, child in children.items() if child.poll() is not None), None)
                time.sleep(0.2)
        finally:
            processes.stop(list(children.values()))
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if dead is not None and not stopping:
            raise CommandError(_("The %(name)s stopped unexpectedly (exit code %(code)s); stopped everything.")
                               % {"name": dead, "code": children[dead].returncode})
        self.stdout.write(_("Stopped."))
