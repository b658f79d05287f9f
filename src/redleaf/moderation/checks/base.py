"""The vocabulary every check shares: Signal (what fired, how strongly, under which rule), the
compiled RuleBook the checks read, and the Verdict a set of signals leads to."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Actions a rule may take by default, in rising order of severity.
ALLOW, LABEL, LIMIT, REMOVE = "allow", "label", "limit", "remove"
RULE_ACTIONS = (ALLOW, LABEL, LIMIT, REMOVE)
# What the automated checks propose for an item: the rule actions plus "hold" (a human decides).
HOLD = "hold"
VERDICT_ACTIONS = (ALLOW, LABEL, LIMIT, HOLD, REMOVE)


@dataclass(frozen=True)
class Signal:
    """One thing a check noticed. `score` is 0..1 (how sure the check is that `rule` is broken);
    `rule` is a rule id ("harassment", "spam", ...) or "" for a signal that points at no rule (tone).
    `detail` says what fired, for the moderator and the author's statement of reasons (the matched
    term, the model's label, "3 links")."""

    check: str  # "terms", "pattern", "profanity", "tone", "spam.links", "spam.repeat", "spam.velocity",
    #            "nudity", "image_hash", "error"
    score: float
    rule: str = ""
    detail: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Term:
    """An operator's term or pattern for a rule. lang is "zh", "en" or "" (any language).
    kind "term": matched as a word after normalisation (see checks/normalize.py);
    kind "pattern": a regular expression run on the normalised text."""

    rule: str
    value: str
    lang: str = ""
    kind: str = "term"
    score: float = 1.0


@dataclass(frozen=True)
class RuleInfo:
    id: str
    default_action: str  # one of RULE_ACTIONS


@dataclass
class RuleBook:
    """The rules and lists as the checks see them, compiled once per version (services cache it)."""

    rules: dict[str, RuleInfo] = field(default_factory=dict)
    terms: list[Term] = field(default_factory=list)
    version: int = 0


@dataclass
class SpamContext:
    """What the spam check needs to know beyond the text, gathered by the service from the database."""

    account_age_hours: float = 1e9
    recent_items: int = 0  # items this author submitted in the last hour
    same_text_authors: int = 0  # other accounts that posted this same (normalised) text in the last day
    repeat_limit: int = 2  # other accounts posting the same text within a day that count as a campaign
    burst_limit: int = 10  # items an hour from an account younger than a day that count as a burst


@dataclass
class Verdict:
    action: str  # one of VERDICT_ACTIONS
    rules: list[str]
    scores: dict[str, float]  # rule id (or check name for rule-less signals) -> highest score
    risk: float  # 0..1, the highest rule score: orders the review queue

    def as_dict(self) -> dict:
        return {"action": self.action, "rules": self.rules, "scores": self.scores}
