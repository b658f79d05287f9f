"""The guidelines as the checks see them: the database's rules, lists and blocked pictures, compiled
once per guidelines version and cached in each process. Operators edit rules and lists in the admin;
every save bumps the version (signals below), and the next check in every process recompiles."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from redleaf.moderation.checks.base import RuleBook, RuleInfo
from redleaf.moderation.checks.base import Term as TermInfo
from redleaf.moderation.models import BlockedImage, GuidelinesVersion, Rule, Term

DATA_DIR = Path(__file__).resolve().parent / "data"
_lock = threading.Lock()
_cache: dict[str, tuple[tuple, object]] = {}


def current_version() -> int:
    return GuidelinesVersion.objects.aggregate(n=Max("number"))["n"] or 0


def _compiled(key: str, build):
    """One query per use (the latest version's number and time) decides whether to recompile: the time
    too, because a version number can come round again after a rolled-back change."""
    latest = GuidelinesVersion.objects.order_by("-number").values_list("number", "created_at").first()
    stamp = latest or (0, None)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        value = build(stamp[0])
        _cache[key] = (stamp, value)
    return value


def rulebook() -> RuleBook:
    """The active rules and their active terms, as of the current guidelines version."""

    def build(version: int) -> RuleBook:
        rules = {r.id: RuleInfo(id=r.id, default_action=r.default_action)
                 for r in Rule.objects.filter(is_active=True).only("id", "default_action")}
        terms = [TermInfo(rule=t.rule_id, value=t.value, lang=t.lang, kind=t.kind, score=t.score)
                 for t in Term.objects.filter(is_active=True, rule_id__in=list(rules)).order_by("id")]
        return RuleBook(rules=rules, terms=terms, version=version)

    return _compiled("rulebook", build)


def hash_blocklist():
    """The perceptual hashes of removed pictures, for checks.images."""
    from redleaf.moderation.checks.images import HashBlocklist

    return _compiled("hashes", lambda version: HashBlocklist(
        list(BlockedImage.objects.filter(rule__is_active=True).values_list("hash", "rule_id"))))


def version_bump(note: str = "") -> GuidelinesVersion:
    with transaction.atomic():
        number = (GuidelinesVersion.objects.select_for_update().aggregate(n=Max("number"))["n"] or 0) + 1
        return GuidelinesVersion.objects.create(number=number, note=note[:200])


_loading = threading.local()


@receiver([post_save, post_delete], sender=Rule)
@receiver([post_save, post_delete], sender=Term)
@receiver([post_save, post_delete], sender=BlockedImage)
def _changed(sender, instance, **kwargs):
    if getattr(_loading, "active", False):
        return
    # In the same transaction as the change: the new version and the change commit (or not) together.
    version_bump(f"changed: {sender.__name__} {instance.pk}")


def load_guidelines_data() -> dict:
    return json.loads((DATA_DIR / "guidelines.json").read_text(encoding="utf-8"))


def install_defaults() -> bool:
    """Put the shipped guidelines and word lists into an empty database (a new install, or a test
    database after a flush). An operator's own edits are never overwritten: with any rule present,
    nothing happens."""
    if Rule.objects.exists() or not (DATA_DIR / "guidelines.json").exists():
        return False
    try:
        from redleaf.moderation.checks.defaults import default_terms
    except ImportError:  # a checkout without the word lists yet: rules only
        def default_terms():
            return []
    data = load_guidelines_data()
    _loading.active = True
    try:
        with transaction.atomic():
            for position, r in enumerate(data["rules"]):
                Rule.objects.create(
                    id=r["id"], position=position, default_action=r["default_action"],
                    title_zh=r["title"]["zh"], title_en=r["title"]["en"],
                    summary_zh=r["summary"]["zh"], summary_en=r["summary"]["en"],
                    explanation_zh=r["explanation"]["zh"], explanation_en=r["explanation"]["en"],
                    examples_not_ok_zh=r["examples_not_ok"]["zh"], examples_not_ok_en=r["examples_not_ok"]["en"],
                    examples_ok_zh=r["examples_ok"]["zh"], examples_ok_en=r["examples_ok"]["en"],
                    label_zh=r.get("label", {}).get("zh", ""), label_en=r.get("label", {}).get("en", ""),
                )
            known = set(Rule.objects.values_list("id", flat=True))
            seen: set[tuple] = set()
            rows = []
            for t in default_terms():
                key = (t.rule, t.lang, t.kind, t.value)
                if t.rule in known and key not in seen:
                    seen.add(key)
                    rows.append(Term(rule_id=t.rule, lang=t.lang, kind=t.kind, value=t.value, score=t.score))
            Term.objects.bulk_create(rows, batch_size=500)
            GuidelinesVersion.objects.create(number=data.get("version", 1), note="shipped defaults")
    finally:
        _loading.active = False
    return True
