"""How an interest profile changes when its member acts: pure functions over the profile's fields,
so the service that saves them (services.interest_learn), the profile first built from a member's
history and the offline evaluation all learn the same way. The numbers are in weights.py."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from redleaf.discovery import weights as W


@dataclass(frozen=True)
class NoteFacts:
    """What learning needs to know about a note."""

    note_id: int
    author_id: int
    topics: tuple[tuple[int, str], ...]  # (topic id, name)
    language: str
    title: str


def decay(profile, now: datetime) -> None:
    """Bring every weight to `now`: each halves every HALF_LIFE_DAYS."""
    if profile.learned_at is not None and now > profile.learned_at:
        days = (now - profile.learned_at).total_seconds() / 86400
        factor = 0.5 ** (days / W.HALF_LIFE_DAYS)
        if factor < 0.999:
            for entry in profile.topics.values():
                entry[0] = round(entry[0] * factor, 4)
            profile.authors = {k: round(v * factor, 4) for k, v in profile.authors.items()}
            profile.languages = {k: round(v * factor, 4) for k, v in profile.languages.items()}
    if profile.learned_at is None or now > profile.learned_at:
        profile.learned_at = now


def _stronger(action: str, than: str) -> bool:
    order = W.REASON_ACTIONS
    if action not in order:
        return False
    return than not in order or order.index(action) < order.index(than)


def _add_topic(profile, topic_id: int, name: str, delta: float, action: str) -> None:
    key = str(topic_id)
    entry = profile.topics.get(key)
    if entry is None:
        entry = profile.topics[key] = [0.0, "", name]
    entry[0] = round(entry[0] + delta, 4)
    if delta > 0 and _stronger(action, entry[1]):
        entry[1] = action
    if len(entry) < 3:
        entry.append(name)


def apply(profile, facts: NoteFacts | None, action: str, now: datetime, *, topic: tuple[int, str] | None = None,
          author_id: int | None = None) -> None:
    """Learn from one action. `facts` is the note acted on; "less_topic" names its `topic` and
    "less_author" its `author_id` instead (with or without a note)."""
    delta = W.ACTIONS[action]
    decay(profile, now)
    _weigh(profile, facts, action, delta, topic=topic, author_id=author_id)
    if facts is not None and action not in ("less_topic", "less_author"):
        if facts.language and delta > 0:
            profile.languages[facts.language] = round(profile.languages.get(facts.language, 0.0) + delta, 4)
        _remember(profile, facts, action)
    if delta > 0:
        profile.interactions += 1
    _prune(profile)


def _weigh(profile, facts: NoteFacts | None, action: str, delta: float, *, topic: tuple[int, str] | None,
           author_id: int | None) -> None:
    """Move the profile's topic and author weights by `delta` for one action (or, negated, its undoing)."""
    if action == "less_topic":
        if topic is not None:
            _add_topic(profile, topic[0], topic[1], delta, action)
    elif action == "less_author":
        if author_id is not None:
            key = str(author_id)
            profile.authors[key] = round(profile.authors.get(key, 0.0) + delta, 4)
    elif facts is not None:
        share = 1 / math.sqrt(len(facts.topics)) if facts.topics else 0.0
        for topic_id, name in facts.topics:
            _add_topic(profile, topic_id, name, delta * share, action)
        key = str(facts.author_id)
        profile.authors[key] = round(profile.authors.get(key, 0.0) + delta * W.AUTHOR_SHARE, 4)


def _remember(profile, facts: NoteFacts, action: str) -> None:
    note = str(facts.note_id)
    if action in W.POSITIVE:
        profile.recent = [[note, action, facts.title[:60]]] + [r for r in profile.recent if r[0] != note]
    elif action in ("unlike", "uncollect"):
        undone = action[2:]
        profile.recent = [r for r in profile.recent if not (r[0] == note and r[1] == undone)]
    if action not in ("unlike", "uncollect"):
        profile.seen = [note] + [s for s in profile.seen if s != note]


def _prune(profile) -> None:
    if len(profile.topics) > W.TOPICS_KEPT:
        keep = sorted(profile.topics.items(), key=lambda kv: -abs(kv[1][0]))[: W.TOPICS_KEPT]
        chosen = {str(t) for t in profile.chosen_topics}
        profile.topics = {k: v for k, v in profile.topics.items() if k in dict(keep) or k in chosen}
    if len(profile.authors) > W.AUTHORS_KEPT:
        profile.authors = dict(sorted(profile.authors.items(), key=lambda kv: -abs(kv[1]))[: W.AUTHORS_KEPT])
    profile.recent = profile.recent[: W.RECENT_KEPT]
    profile.seen = profile.seen[: W.SEEN_KEPT]


def choose_topics(profile, topics: list[tuple[int, str]], now: datetime) -> None:
    """Onboarding (or the settings page) picked these topics: each starts with ONBOARDING_WEIGHT."""
    decay(profile, now)
    before = {str(t) for t in profile.chosen_topics}
    for topic_id, name in topics:
        key = str(topic_id)
        if key not in before:
            entry = profile.topics.get(key)
            if entry is None or entry[0] < W.ONBOARDING_WEIGHT:
                _add_topic(profile, topic_id, name, W.ONBOARDING_WEIGHT - (entry[0] if entry else 0.0), "chosen")
            if profile.topics[key][1] == "":
                profile.topics[key][1] = "chosen"
    profile.chosen_topics = [t for t, _name in topics]
    _prune(profile)


def undo(profile, facts: NoteFacts | None, action: str, now: datetime, **kwargs) -> None:
    """Take a mark back: its weight is returned (decayed like everything else)."""
    decay(profile, now)
    _weigh(profile, facts, action, -W.ACTIONS[action], topic=kwargs.get("topic"), author_id=kwargs.get("author_id"))
    if facts is not None and action not in ("less_topic", "less_author"):
        note = str(facts.note_id)
        profile.seen = [s for s in profile.seen if s != note]
    _prune(profile)
