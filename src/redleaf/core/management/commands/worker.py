"""`redleaf worker`: the task worker (django-tasks-db's db_worker), which first queues again every
screening an earlier worker took and never finished, so a crash mid-check loses no item. It polls
every 0.1 s by default (a trusted member's note is published about that long after it is checked), and
loads the checks' models before it takes its first task. A database that stays locked past the busy
timeout (SQLite, while another process holds a long write) makes it wait and try again, not exit."""

from __future__ import annotations

import logging
import time

from django.db import OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.utils import is_locked_database_exception

log = logging.getLogger("redleaf.worker")


class Command(DBWorkerCommand):
    help = "Run the task worker (image clean-up, review checks); resumes unfinished review checks first."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(interval=0.1)

    def configure_logging(self, verbosity: int) -> None:
        """Every task's start and end (thousands on the first `make run`, as the demo is indexed) only at
        -v 2; the default shows warnings and failed tasks."""
        import logging

        from django_tasks_db.compat import TASKS_LOGGER

        super().configure_logging(verbosity)
        if verbosity == 1:
            for name in (TASKS_LOGGER, "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)

    def handle(self, *args, **options):
        from redleaf.moderation.checks import warm_up
        from redleaf.moderation.services import screenings_resume

        warm_up()
        pause = 0.5
        while True:
            try:
                screenings_resume()
                return super().handle(*args, **options)
            except OperationalError as exc:
                # SQLite: another process held the write lock past the busy timeout (a long migration, a
                # benchmark, a backup). The queue is only polled: wait and go on, never take the site down.
                if not is_locked_database_exception(exc):
                    raise
                log.warning("The database is busy (%s); the worker tries again in %.1f s.", exc, pause)
                close_old_connections()
                time.sleep(pause)
                pause = min(pause * 2, 10.0)
