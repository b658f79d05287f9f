"""What the ranking needs to know about each candidate, in two queries whatever their number: the
note row with its conversation signals joined (through notes.selectors.visible_notes, so visibility
— state, audience, blocks and mutes either way, suspended authors — is decided in its one place, and
limited notes never come back), and its topics. A candidate the member may not see is not returned."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from django.db.models.functions import Substr

from redleaf.discovery import selectors
from redleaf.discovery import weights as W
from redleaf.discovery.pipeline.context import Candidate, Context
from redleaf.notes.models import NoteTopic

SIGNAL_FIELDS = ("comments_scored", "positive", "hostile", "replies", "cross_language_replies", "reports", "hides")


class Signals(NamedTuple):
    """A note's conversation signals (discovery.models.NoteSignals), as the ranking reads them."""

    comments_scored: int
    positive: int
    hostile: int
    replies: int
    cross_language_replies: int
    reports: int
    hides: int


def load(ctx: Context, found: dict[int, Candidate]) -> dict[int, Candidate]:
    if not found:
        return {}
    new_since = ctx.now - timedelta(days=W.NEW_CREATOR_DAYS)
    rows = (ctx.visible.filter(pk__in=list(found), limited=False)
            .annotate(sample=Substr("body", 1, selectors.LANGUAGE_SAMPLE))
            .values_list("id", "author_id", "published_at", "likes_count", "collects_count", "comments_count",
                         "languages", "title", "sample", "author__date_joined", "author__notes_count",
                         "discovery_signals__language", *[f"discovery_signals__{f}" for f in SIGNAL_FIELDS]))
    loaded: dict[int, Candidate] = {}
    for row in rows:
        (note_id, author_id, published, likes, collects, comments, languages, title, sample, joined,
         notes_count, language, *signals) = row
        candidate = found[note_id]
        candidate.author_id = author_id
        candidate.published = published.timestamp() if published else 0.0
        candidate.likes, candidate.collects, candidate.comments = likes, collects, comments
        candidate.new_creator = joined >= new_since or notes_count <= W.NEW_CREATOR_MAX_NOTES
        candidate.signals = Signals(*signals) if signals[0] is not None else None
        candidate.language = language or selectors.note_language(languages, f"{title}\n{sample}")
        loaded[note_id] = candidate
    if loaded:
        topics: dict[int, list[int]] = {}
        for note_id, topic_id in NoteTopic.objects.filter(note_id__in=list(loaded)).values_list("note_id", "topic_id"):
            topics.setdefault(note_id, []).append(topic_id)
        for note_id, candidate in loaded.items():
            candidate.topics = tuple(topics.get(note_id, ()))
    return loaded
