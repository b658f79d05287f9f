"""The shipped word lists (data/terms.json) and default actions, for a new install and for
`redleaf moderation check` before any rule is in the database."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from redleaf.moderation.checks.base import LABEL, LIMIT, REMOVE, RuleBook, RuleInfo, Term

DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_ACTIONS = {
    "harassment": REMOVE, "hate": REMOVE, "health_misinformation": REMOVE, "sexual": REMOVE,
    "violence_self_harm": REMOVE, "scam_spam": REMOVE, "undisclosed_ads": LABEL, "flaunting_wealth": LIMIT,
    "privacy": REMOVE, "illegal_goods": REMOVE,
}


@cache
def default_terms() -> tuple[Term, ...]:
    data = json.loads((DATA / "terms.json").read_text(encoding="utf-8"))
    terms: list[Term] = []
    for rule, langs in data.items():
        if rule.startswith("_"):
            continue
        for lang, entries in langs.items():
            terms.extend(Term(rule=rule, value=value, lang=lang, kind="term", score=score) for value, score in entries)
    terms.extend(Term(rule=rule, value=value, lang=lang, kind="pattern", score=score)
                 for rule, lang, value, score in data.get("_patterns", []))
    return tuple(terms)


@cache
def default_rulebook() -> RuleBook:
    return RuleBook(rules={rid: RuleInfo(id=rid, default_action=action) for rid, action in DEFAULT_ACTIONS.items()},
                    terms=list(default_terms()), version=0)
