"""`redleaf moderation check`: JSON lines in ({"text": "...", "lang": "zh"?}), one verdict per line out
({"action": "allow|label|limit|hold|remove", "rules": [...], "scores": {...}}), with the same rules,
lists and thresholds the site uses, so operators can try a list before they save it. A line that is
not such an object gets {"error": {"code": "bad_line", "message": ...}} and the rest go on; the exit
status is 1 if any line was bad."""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = "Review tools for operators: `check` runs the automated text checks on JSON lines from stdin."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="Read JSON lines on stdin, print one verdict per line.")
        check.add_argument("--signals", action="store_true", help="Also print each signal that fired.")

    def handle(self, *args, **options):
        if options["action"] == "check":
            bad = self.check_lines(options.get("stdin") or sys.stdin, signals=options["signals"])
            if bad:
                sys.exit(1)

    def check_lines(self, lines, *, signals: bool = False) -> int:
        from redleaf.language.detect import detect
        from redleaf.moderation.checks.text import check_text
        from redleaf.moderation.checks.verdict import verdict
        from redleaf.moderation.rules import rulebook

        book = rulebook()
        bad = 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                    raise ValueError(_("each line must be a JSON object with a \"text\" string"))
                lang = item.get("lang")
                if lang is not None and lang not in settings.LANGUAGES_SERVED:
                    raise ValueError(_("unknown lang %(lang)s") % {"lang": str(lang)[:10]})
            except ValueError as exc:  # JSONDecodeError is a ValueError
                bad += 1
                self.stdout.write(json.dumps({"error": {"code": "bad_line", "message": _("line %(n)d: %(why)s")
                                                        % {"n": number, "why": exc}}}, ensure_ascii=False))
                continue
            text = item["text"]
            if lang is None:
                found = detect(text).languages
                lang = found[0] if len(found) == 1 else None
            fired = check_text(text, book=book, lang=lang)
            result = verdict(fired, book, flag=settings.MODERATION_FLAG_SCORE, high=settings.MODERATION_HIGH_SCORE)
            out = result.as_dict()
            if signals:
                out["signals"] = [s.as_dict() for s in fired]
            self.stdout.write(json.dumps(out, ensure_ascii=False))
        return bad
