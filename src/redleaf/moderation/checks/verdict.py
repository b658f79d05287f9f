"""From signals to a proposed action. Thresholds are settings (REDLEAF_MODERATION_FLAG_SCORE and
REDLEAF_MODERATION_HIGH_SCORE); the checks only measure, this module decides what the measures mean.

- a rule whose highest score reaches the flag threshold has fired;
- a fired rule whose default action is "remove" proposes "hold" (a human decides), or "remove" at or
  above the high threshold (still held for a human, first in the queue: nothing is deleted silently);
- otherwise the most severe default action among fired rules ("limit", then "label");
- a check that failed ("error") proposes "hold": an item is never released unchecked;
- signals with no rule (tone) never decide alone; they raise the risk that orders the queue.
"""

from __future__ import annotations

from redleaf.moderation.checks.base import ALLOW, HOLD, LABEL, LIMIT, REMOVE, RuleBook, Signal, Verdict

SEVERITY = {ALLOW: 0, LABEL: 1, LIMIT: 2, HOLD: 3, REMOVE: 4}


def verdict(signals: list[Signal], book: RuleBook, *, flag: float = 0.5, high: float = 0.9) -> Verdict:
    scores: dict[str, float] = {}
    for s in signals:
        key = s.rule or s.check
        scores[key] = round(max(scores.get(key, 0.0), float(s.score)), 4)
    fired = [rule for rule, score in scores.items() if rule in book.rules and score >= flag]
    action = ALLOW
    for rule in fired:
        default = book.rules[rule].default_action
        if default == REMOVE:
            proposed = REMOVE if scores[rule] >= high else HOLD
        elif default in (LIMIT, LABEL):
            proposed = default
        else:
            proposed = ALLOW
        if SEVERITY[proposed] > SEVERITY[action]:
            action = proposed
    if any(s.check == "error" for s in signals) and SEVERITY[action] < SEVERITY[HOLD]:
        action = HOLD
    fired.sort(key=lambda r: -scores[r])
    rule_scores = [scores[r] for r in scores if r in book.rules]
    weak = [score * 0.5 for key, score in scores.items() if key not in book.rules]
    risk = round(max([0.0, *rule_scores, *weak]), 4)
    return Verdict(action=action, rules=fired, scores=scores, risk=risk)
