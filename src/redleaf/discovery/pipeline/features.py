"""What the ranking needs to know about each candidate: its author, time, counts, topics, language
and conversation signals. Read in two queries for the candidates not in the Django cache (kept
FEATURES_TTL_SECONDS: derived data, so a stale copy only ranks a little off), then each candidate is
pre-filtered on what the copy says (published, not limited, an active author, an audience the
member is in, no author hidden from them). The authority on visibility stays
notes.selectors.visible_notes: serve.py reads the page's notes through it, live, so a note removed,
limited or hidden a moment ago never shows."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from django.core.cache import cache
from django.db.models.functions import Substr

from redleaf.discovery import selectors
from redleaf.discovery import weights as W
from redleaf.discovery.pipeline.context import Candidate, Context
from redleaf.notes.models import Audience, Note, NoteState, NoteTopic

SIGNAL_FIELDS = ("comments_scored", "positive", "hostile", "replies", "cross_language_replies", "reports", "hides")
KEY = "discovery:note:2:{}"  # 2: plain tuples (_plain); a process of the previous release reads its own


class Signals(NamedTuple):
    """A note's conversation signals (discovery.models.NoteSignals), as the ranking reads them."""

    comments_scored: int
    positive: int
    hostile: int
    replies: int
    cross_language_replies: int
    reports: int
    hides: int


class Facts(NamedTuple):
    author_id: int
    published: float
    likes: int
    collects: int
    comments: int
    topics: tuple
    language: str
    signals: Signals | None
    joined: float
    notes_count: int
    shown: bool  # published, not limited, by an active member
    audience: str


def read(note_ids: list[int], *, timeout: int = W.FEATURES_TTL_SECONDS) -> dict[int, Facts]:
    """Facts about these notes, from the cache or (two queries) the database (then cached for
    `timeout` seconds)."""
    if not note_ids:
        return {}
    keys = {i: KEY.format(i) for i in note_ids}
    cached = cache.get_many(list(keys.values()))
    found = {i: _facts(cached[key]) for i, key in keys.items() if key in cached}
    missing = [i for i in note_ids if i not in found]
    if missing:
        fresh = _query(missing)
        cache.set_many({keys[i]: _plain(f) for i, f in fresh.items()}, timeout=timeout)
        found.update(fresh)
    return found


def _plain(facts: Facts) -> tuple:
    """Facts as the cache keeps them: plain tuples unpickle four times as fast as named ones."""
    return (*facts[:7], tuple(facts.signals) if facts.signals else None, *facts[8:])


def _facts(value: tuple) -> Facts:
    return Facts(*value[:7], Signals(*value[7]) if value[7] else None, *value[8:])


def _query(note_ids: list[int]) -> dict[int, Facts]:
    rows = (Note.objects.filter(pk__in=note_ids).annotate(sample=Substr("body", 1, selectors.LANGUAGE_SAMPLE))
            .values_list("id", "author_id", "published_at", "likes_count", "collects_count", "comments_count",
                         "languages", "title", "sample", "author__date_joined", "author__notes_count", "state",
                         "limited", "audience", "author__is_active", "discovery_signals__language",
                         *[f"discovery_signals__{f}" for f in SIGNAL_FIELDS]))
    topics: dict[int, list[int]] = {}
    for note_id, topic_id in NoteTopic.objects.filter(note_id__in=note_ids).values_list("note_id", "topic_id"):
        topics.setdefault(note_id, []).append(topic_id)
    out = {}
    for row in rows:
        (note_id, author_id, published, likes, collects, comments, languages, title, sample, joined, notes_count,
         state, limited, audience, active, language, *signals) = row
        out[note_id] = Facts(
            author_id=author_id, published=published.timestamp() if published else 0.0, likes=likes,
            collects=collects, comments=comments, topics=tuple(topics.get(note_id, ())),
            language=language or selectors.note_language(languages, f"{title}\n{sample}"),
            signals=Signals(*signals) if signals[0] is not None else None, joined=joined.timestamp(),
            notes_count=notes_count, shown=state == NoteState.PUBLISHED and not limited and active, audience=audience)
    return out


def load(ctx: Context, found: dict[int, Candidate]) -> dict[int, Candidate]:
    """The candidates the member may plausibly see, with their features filled in."""
    facts = read(list(found))
    new_since = (ctx.now - timedelta(days=W.NEW_CREATOR_DAYS)).timestamp()
    loaded: dict[int, Candidate] = {}
    for note_id, f in facts.items():
        if not f.shown or f.author_id in ctx.hidden_authors:
            continue
        if f.audience != Audience.PUBLIC and not (f.audience == Audience.FOLLOWERS and f.author_id in ctx.followees):
            continue
        c = found[note_id]
        c.author_id, c.published, c.likes, c.collects, c.comments = (f.author_id, f.published, f.likes, f.collects,
                                                                      f.comments)
        c.topics, c.language, c.signals = f.topics, f.language, f.signals
        c.new_creator = f.joined >= new_since or f.notes_count <= W.NEW_CREATOR_MAX_NOTES
        loaded[note_id] = c
    return loaded
