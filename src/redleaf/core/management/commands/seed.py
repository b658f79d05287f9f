"""`redleaf seed`: a living demo (default) or, with --bulk, benchmark-sized data."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from redleaf.core.demo import people
from redleaf.core.demo.seed import DEFAULT_MEMBERS, DEFAULT_NOTES, database_has_members, seed_demo


class Command(BaseCommand):
    help = "Fill the database with a demo community (or, with --bulk, with benchmark data)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed: the same seed gives the same data.")
        parser.add_argument("--members", type=int, default=None,
                            help=f"Members to create (demo: {DEFAULT_MEMBERS}, bulk: 100000).")
        parser.add_argument("--notes", type=int, default=None,
                            help=f"Notes to create (demo: {DEFAULT_NOTES}, bulk: 1000000).")
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already has members (used by `redleaf serve`).")
        parser.add_argument("--bulk", action="store_true",
                            help="Benchmark data: many members and notes written in large batches.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        if options["if_empty"] and database_has_members():
            self.stdout.write(_("The database already has members: nothing seeded."))
            return
        if options["bulk"]:
            self._bulk(options)
        else:
            self._demo(options)

    def _demo(self, options):
        if database_has_members():
            raise CommandError(_("The database already has members. Seed an empty database "
                                 "(`redleaf flush`), or pass --if-empty to skip."))
        summary = seed_demo(seed=options["seed"], members=options["members"] or DEFAULT_MEMBERS,
                            notes=DEFAULT_NOTES if options["notes"] is None else options["notes"],
                            progress=not options["no_progress"])
        self.stdout.write(_(
            "Seeded %(members)d members, %(notes)d notes (%(drafts)d drafts, %(images)d images), %(follows)d "
            "follows, %(likes)d likes, %(collects)d collects and %(comments)d comments in %(seconds).1f s."
        ) % summary.__dict__)
        self.stdout.write(_("Log in as %(username)s with the password %(password)s (every demo member has it).")
                          % {"username": people.DEMO_USERNAME, "password": people.DEMO_PASSWORD})

    def _bulk(self, options):
        from redleaf.core.demo.bulk import BULK_MEMBERS, BULK_NOTES, seed_bulk

        if database_has_members():
            raise CommandError(_("Bulk seeding needs an empty database (run `redleaf flush` first)."))
        summary = seed_bulk(seed=options["seed"], members=options["members"] or BULK_MEMBERS,
                            notes=BULK_NOTES if options["notes"] is None else options["notes"],
                            progress=not options["no_progress"])
        self.stdout.write(summary.report())
        self.stdout.write(_("Log in as %(username)s with the password %(password)s (every bulk member has it).")
                          % {"username": people.DEMO_USERNAME, "password": people.DEMO_PASSWORD})
