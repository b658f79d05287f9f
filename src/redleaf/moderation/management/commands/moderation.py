"""`redleaf moderation check`: JSON lines in ({"text": "...", "lang": "zh"?}), one verdict per line out
({"action": "allow|label|limit|hold|remove", "rules": [...], "scores": {...}}), with the same rules,
lists and thresholds the site uses. `--terms FILE` adds terms not saved yet (JSON lines
{"rule": "scam_spam", "value": "...", "lang": "zh"?, "kind": "term"|"pattern"?, "score": 0.7?}), so
operators can try a list before they save it. A line that is not such an object gets
{"error": {"code": "bad_line", "message": ...}} and the rest go on; the exit status is 1 if any line was bad."""

from __future__ import annotations

import json
import re
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
        check.add_argument("--terms", metavar="FILE", help="Also try these terms (JSON lines: rule, value, lang, "
                                                           "kind, score) as if they were saved.")

    def handle(self, *args, **options):
        if options["action"] == "check":
            bad = self.check_lines(options.get("stdin") or sys.stdin, signals=options["signals"],
                                   extra=self._terms(options["terms"]) if options["terms"] else None)
            if bad:
                sys.exit(1)

    def _terms(self, path: str) -> list:
        """The terms to try, each checked as the admin would check it before saving."""
        from django.core.management.base import CommandError

        from redleaf.moderation.checks.base import Term
        from redleaf.moderation.rules import rulebook

        known = rulebook().rules
        terms = []
        try:
            lines = open(path, encoding="utf-8").read().splitlines()  # noqa: SIM115
        except OSError as exc:
            raise CommandError(_("Cannot read %(path)s: %(why)s") % {"path": path, "why": exc.strerror}) from exc
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("value"), str) or not item["value"].strip():
                    raise ValueError(_("each line must be a JSON object with a \"value\" string"))
                if item.get("rule") not in known:
                    raise ValueError(_("unknown rule %(rule)s") % {"rule": str(item.get("rule"))[:40]})
                kind = item.get("kind", "term")
                if kind not in ("term", "pattern"):
                    raise ValueError(_("kind is term or pattern"))
                if kind == "pattern":
                    re.compile(item["value"])
                score = float(item.get("score", 0.7))
                if not 0 <= score <= 1:
                    raise ValueError(_("score is between 0 and 1"))
            except (ValueError, TypeError, re.error) as exc:
                raise CommandError(_("%(path)s line %(n)d: %(why)s") % {"path": path, "n": number, "why": exc}) from exc
            terms.append(Term(rule=item["rule"], value=item["value"], lang=item.get("lang") or "", kind=kind,
                              score=score))
        return terms

    def check_lines(self, lines, *, signals: bool = False, extra: list | None = None) -> int:
        from redleaf.language.detect import detect
        from redleaf.moderation.checks.text import check_text
        from redleaf.moderation.checks.verdict import verdict
        from redleaf.moderation.rules import rulebook

        book = rulebook()
        if extra:
            from redleaf.moderation.checks.base import RuleBook

            book = RuleBook(rules=book.rules, terms=[*book.terms, *extra], version=-1)  # compiled afresh
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
