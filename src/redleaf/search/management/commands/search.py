"""`redleaf search reindex`: rebuild the whole search index from the live rows, with a progress bar."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm


class Command(BaseCommand):
    help = "Search: `redleaf search reindex` rebuilds every document, the vocabulary and the suggestions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        reindex = sub.add_parser("reindex", help="Rebuild the search index from the notes, members and topics.")
        reindex.add_argument("--json", action="store_true", help="Print the figures as JSON.")
        reindex.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        from redleaf.search.services import search_reindex

        bars: dict[str, tqdm] = {}

        def progress(phase: str, done: int, total: int) -> None:
            if options["no_progress"] or options["json"]:
                return
            bar = bars.get(phase)
            if bar is None:
                bar = bars[phase] = tqdm(total=total, desc=_(phase), unit="", file=sys.stderr, dynamic_ncols=True)
            bar.update(done - bar.n)

        try:
            figures = search_reindex(progress=progress)
        finally:
            for bar in bars.values():
                bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(figures, indent=2))
            return
        rate = figures["notes"] / figures["notes_seconds"] if figures["notes_seconds"] else 0.0
        self.stdout.write(_("Indexed %(notes)d notes in %(seconds).1f s (%(rate)d notes/s), %(terms)d terms, "
                            "%(members)d members.") % {"notes": figures["notes"], "seconds": figures["notes_seconds"],
                                                       "rate": rate, "terms": figures["terms"],
                                                       "members": figures["members"]})
