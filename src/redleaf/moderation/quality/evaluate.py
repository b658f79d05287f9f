"""Precision and recall of the automated text checks, per rule, on our labelled bilingual test set
(testset.jsonl: each line {"text", "lang": "zh"|"en"|"mixed", "rules": [...]}, an empty list for clean
content). An item is predicted to break a rule when that rule's score reaches the flag threshold
(the same verdict the site uses). Item-level "any rule" figures say how well clean content gets through
and bad content gets held."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

TESTSET = Path(__file__).resolve().parent / "testset.jsonl"


def load(path: Path = TESTSET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    support: int = 0

    def as_dict(self) -> dict:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                "support": self.support, "tp": self.tp, "fp": self.fp, "fn": self.fn}


def predict(item: dict, book, *, flag: float) -> set[str]:
    from redleaf.moderation.checks.text import check_text
    from redleaf.moderation.checks.verdict import verdict

    lang = item.get("lang")
    lang = lang if lang in ("zh", "en") else None
    result = verdict(check_text(item["text"], book=book, lang=lang), book, flag=flag)
    return set(result.rules)


def evaluate(book, *, flag: float = 0.5, items: list[dict] | None = None) -> dict:
    items = items if items is not None else load()
    per_rule: dict[str, Counts] = {rule: Counts() for rule in book.rules}
    overall = Counts()
    flagged_clean = held_bad = clean = bad = 0
    mistakes = []
    for item in items:
        expected = set(item["rules"])
        got = predict(item, book, flag=flag)
        for rule in expected:
            per_rule.setdefault(rule, Counts()).support += 1
        for rule in set(per_rule):
            counts = per_rule[rule]
            if rule in got and rule in expected:
                counts.tp += 1
            elif rule in got:
                counts.fp += 1
            elif rule in expected:
                counts.fn += 1
        overall.support += len(expected)
        overall.tp += len(got & expected)
        overall.fp += len(got - expected)
        overall.fn += len(expected - got)
        if expected:
            bad += 1
            held_bad += bool(got)
        else:
            clean += 1
            flagged_clean += bool(got)
        if got != expected:
            mistakes.append({"text": item["text"], "expected": sorted(expected), "got": sorted(got)})
    return {
        "items": len(items), "clean_items": clean, "violating_items": bad,
        "per_rule": {rule: c.as_dict() for rule, c in per_rule.items()},
        "overall": overall.as_dict(),
        "violations_held": round(held_bad / bad, 3) if bad else None,
        "clean_flagged": round(flagged_clean / clean, 3) if clean else None,
        "mistakes": mistakes,
    }


def table(result: dict) -> str:
    lines = [f"{'rule':<24}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}"]
    for rule, m in sorted(result["per_rule"].items()):
        lines.append(f"{rule:<24}{m['precision']:>10.2f}{m['recall']:>8.2f}{m['f1']:>7.2f}{m['support']:>9}")
    m = result["overall"]
    lines.append(f"{'all rules (micro)':<24}{m['precision']:>10.2f}{m['recall']:>8.2f}{m['f1']:>7.2f}{m['support']:>9}")
    lines.append(f"{result['items']} items ({result['clean_items']} clean): violations held "
                 f"{result['violations_held']:.0%}, clean items flagged {result['clean_flagged']:.0%}")
    return "\n".join(lines)
