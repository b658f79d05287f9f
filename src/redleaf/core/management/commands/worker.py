"""`redleaf worker`: the task worker (django-tasks-db's db_worker), which first queues again every
screening an earlier worker took and never finished, so a crash mid-check loses no item. It polls
every 0.1 s by default (a trusted member's note is published about that long after it is checked), and
loads the checks' models before it takes its first task."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand


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

        screenings_resume()
        warm_up()
        return super().handle(*args, **options)
