"""The score of each candidate for this member: a weighted sum of features, every weight from
discovery/weights.py (whose docstring writes the formula out). `parts` keeps each weighted term, so
the reason on a card can name the strongest one."""

from __future__ import annotations

import math

from redleaf.discovery import weights as W
from redleaf.discovery.pipeline.context import Candidate, Context

DAY = 86400.0


def _norm(values) -> float:
    return max((abs(v) for v in values), default=0.0) or 1.0


def _clip(value: float, low: float = -1.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def engagement_feature(candidate: Candidate) -> float:
    replies = candidate.signals.replies if candidate.signals is not None else 0
    raw = (W.ENGAGEMENT_LIKE * candidate.likes + W.ENGAGEMENT_COLLECT * candidate.collects
           + W.ENGAGEMENT_COMMENT * candidate.comments + W.ENGAGEMENT_REPLY * replies)
    return min(1.5, math.log1p(raw) / math.log1p(W.ENGAGEMENT_REFERENCE))


def tone_parts(signals) -> dict[str, float]:
    if signals is None:
        return {}
    n = signals.comments_scored
    trust = n / (n + W.TONE_TRUST) if n else 0.0
    parts = {}
    if n:
        parts["positive_tone"] = W.POSITIVE_TONE * signals.positive / n * trust
        parts["hostile"] = W.HOSTILE * signals.hostile / n * trust
    if signals.cross_language_replies:
        parts["cross_language"] = W.CROSS_LANGUAGE * min(
            1.0, math.log1p(signals.cross_language_replies) / math.log1p(W.CROSS_LANGUAGE_CAP))
    if signals.reports:
        parts["reports"] = W.REPORTS * min(1.0, math.log1p(signals.reports) / math.log1p(W.REPORTS_CAP))
    if signals.hides:
        parts["hides"] = W.HIDES * min(1.0, math.log1p(signals.hides) / math.log1p(W.HIDES_CAP))
    return parts


def score_all(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """Score every candidate and return them best first."""
    profile = ctx.profile
    topic_weights = {int(k): v[0] for k, v in profile.topics.items()}
    topic_norm = _norm(topic_weights.values())
    author_weights = {int(k): v for k, v in profile.authors.items()}
    author_norm = _norm(author_weights.values())
    chosen = {int(t) for t in profile.chosen_topics}
    co_norm = _norm(c.co_engagement for c in candidates)
    read, learning = set(ctx.read_languages), set(ctx.learning_languages)
    now = ctx.now.timestamp()
    for c in candidates:
        parts: dict[str, float] = {"engagement": W.ENGAGEMENT * engagement_feature(c)}
        affinities = [topic_weights[t] / topic_norm for t in c.topics if t in topic_weights]
        if affinities:
            best, worst = max(affinities), min(affinities)
            parts["topic"] = W.TOPIC * _clip((best if best > 0 else 0.0) + (worst if worst < 0 else 0.0))
        borrowed = max((ctx.related_topics[t][0] for t in c.topics if t in ctx.related_topics), default=0.0)
        if borrowed > 0 and borrowed * W.TOPIC > parts.get("topic", 0.0):
            parts["topic_related"] = W.TOPIC * borrowed - max(0.0, parts.get("topic", 0.0))
        if chosen.intersection(c.topics):
            parts["onboarding"] = W.ONBOARDING
        if c.author_id in author_weights:
            parts["author"] = W.AUTHOR * _clip(author_weights[c.author_id] / author_norm)
        if c.author_id in ctx.followees:
            parts["following"] = W.FOLLOWING
        if c.co_engagement:
            parts["co_engagement"] = W.CO_ENGAGEMENT * c.co_engagement / co_norm
        if c.language and (read or learning) and c.language not in read:
            if c.language in learning:
                parts["language_learning"] = W.LANGUAGE_LEARNING
            else:
                parts["language_unreadable"] = W.LANGUAGE_UNREADABLE
        age_days = max(0.0, (now - c.published) / DAY) if c.published else 30.0
        parts["freshness"] = W.FRESHNESS * 0.5 ** (age_days / W.FRESHNESS_HALF_LIFE_DAYS)
        parts.update(tone_parts(c.signals))
        if c.new_creator:
            parts["new_creator"] = W.NEW_CREATOR
        c.parts = parts
        c.score = sum(parts.values())
    return sorted(candidates, key=lambda c: (-c.score, -c.note_id))
