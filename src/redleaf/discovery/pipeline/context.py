"""What the stages of one page share: the member, their interest profile read once, whom they follow,
the notes already served in this session, and the moment of the request."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from redleaf.discovery.models import FeedSession, InterestProfile


@dataclass
class Candidate:
    note_id: int
    sources: dict[str, object] = field(default_factory=dict)  # source -> detail (a topic id, a seed...)
    # features (features.py)
    author_id: int = 0
    published: float = 0.0  # seconds since the epoch
    likes: int = 0
    collects: int = 0
    comments: int = 0
    topics: tuple[int, ...] = ()
    language: str = ""
    new_creator: bool = False
    signals: object | None = None  # a NoteSignals row, when counted
    co_engagement: float = 0.0  # summed neighbour scores from the member's seeds
    co_seed: tuple[str, str] | None = None  # (action, title) of the seed that brought it
    # ranking
    score: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)


@dataclass
class Context:
    viewer: object
    profile: InterestProfile
    session: FeedSession
    now: datetime
    size: int
    followees: set[int] = field(default_factory=set)
    hidden_authors: set[int] = field(default_factory=set)  # blocked either way, or muted
    related_topics: dict[int, tuple[float, int]] = field(default_factory=dict)  # topic -> (affinity, from topic)
    served: set[int] = field(default_factory=set)
    read_languages: list[str] = field(default_factory=list)
    learning_languages: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # precomputed data found stale while reading
    reload: bool = False  # a first page (no cursor) of a session already under way
    popular_rows: list | None = None  # the popular window read this page: (hot_score, id), best first
    popular_full: bool = False

    @cached_property
    def visible(self):
        """notes.selectors.visible_notes(viewer) with the hidden authors read already: made when a
        stage first asks (building it costs Django a millisecond; a page kept ahead never needs it)."""
        from redleaf.notes.selectors import visible_notes

        return visible_notes(self.viewer, hidden=self.hidden_authors)

    @property
    def primary_language(self) -> str:
        return self.read_languages[0] if self.read_languages else ""
