"""Discovery's own data: each member's interest profile and onboarding answers, their marks ("not
interested", hidden, fewer from an author or a topic), the notes served in a browsing session, and
what the worker precomputes (candidate pools, co-engagement neighbours, conversation signals).

Nothing here is a new field on another app's model: everything hangs off a member or a note by a
foreign key, so the other apps' migrations stay untouched."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from redleaf.core.models import SnowflakeField


class InterestProfile(models.Model):
    """What explore knows about one member. Weights decay with a half-life (weights.py), applied
    lazily when the profile is next updated: all weights shrink by the same factor, so their order
    (all ranking needs) is right at any moment.

    `topics` maps a topic id to [weight, strongest action] (the action names the reason shown on a
    card: "because you collected notes about #火锅"); `authors` maps an author id to a weight;
    `languages` maps a language code to a weight learned from what the member engages with. `recent`
    holds the last positive interactions as [note id, action, title] (seeds for "members who
    collected this also collected"), `seen` the notes the member opened or engaged with (never shown
    again in explore). The marks are mirrored here from Mark (the record) so a feed page reads one row."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="interest_profile")
    personalised = models.BooleanField(_("personalised explore"), default=True)
    # onboarding answers
    onboarded_at = models.DateTimeField(null=True, blank=True)  # answered or skipped
    chosen_topics = models.JSONField(default=list, blank=True)  # topic ids, in the order picked
    read_languages = models.JSONField(default=list, blank=True)  # languages the member reads
    learning_languages = models.JSONField(default=list, blank=True)  # ... and would like to read more in
    # learned
    topics = models.JSONField(default=dict, blank=True)
    authors = models.JSONField(default=dict, blank=True)
    languages = models.JSONField(default=dict, blank=True)
    recent = models.JSONField(default=list, blank=True)
    seen = models.JSONField(default=list, blank=True)
    interactions = models.PositiveIntegerField(default=0)
    learned_at = models.DateTimeField(null=True, blank=True)  # the weights are as of this moment
    # the member's marks, mirrored from Mark
    hidden_notes = models.JSONField(default=list, blank=True)
    less_authors = models.JSONField(default=list, blank=True)
    less_topics = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interest profile")
        verbose_name_plural = _("interest profiles")

    def __str__(self) -> str:
        return f"interests of {self.user_id}"


class Mark(models.Model):
    """A member's say about what explore shows them, reversible from their settings."""

    class Kind(models.TextChoices):
        NOT_INTERESTED = "not_interested", _("Not interested")
        HIDE = "hide", _("Hidden")
        LESS_AUTHOR = "less_author", _("Fewer from this member")
        LESS_TOPIC = "less_topic", _("Fewer about this topic")

    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discovery_marks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.ForeignKey("notes.Note", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+")
    topic = models.ForeignKey("notes.Topic", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-id"]), models.Index(fields=["note", "kind"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "note"], condition=Q(note__isnull=False),
                                    name="mark_note_once"),
            models.UniqueConstraint(fields=["user", "kind", "author"], condition=Q(author__isnull=False),
                                    name="mark_author_once"),
            models.UniqueConstraint(fields=["user", "kind", "topic"], condition=Q(topic__isnull=False),
                                    name="mark_topic_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.note_id or self.author_id or self.topic_id}"


class FeedSession(models.Model):
    """One browsing session of explore: how far it went, so no note comes twice (the notes served
    are in its FeedPage rows). A session ends after weights.SESSION_IDLE_MINUTES without a page (or
    when full); the next first page starts a new one. Pruned by the worker after a day."""

    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    served_count = models.PositiveIntegerField(default=0)  # notes served (and tried) so far
    pages = models.PositiveIntegerField(default=0)
    popular_cursor = models.CharField(max_length=200, blank=True)  # how far the popular backfill went
    popular_done = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "-last_at"]), models.Index(fields=["last_at"])]

    def __str__(self) -> str:
        return f"session {self.pk} of {self.user_id}: {self.pages} pages"


class FeedPage(models.Model):
    """The notes one page of a session served (and those it tried and found no longer visible), in
    order. A row per page rather than one growing list on the session: appending to a list of a
    long session rewrote all of it, 1.5–4 ms a page on PostgreSQL at 40 pages."""

    session = models.ForeignKey(FeedSession, on_delete=models.CASCADE, related_name="pages_served")
    note_ids = models.TextField()  # comma-separated

    def __str__(self) -> str:
        return f"page of session {self.session_id}"


class Pool(models.Model):
    """A precomputed candidate list, best first: "trending", "fresh", "lang:zh", "topic:<id>", and
    "nb:<note id>", a note's co-engagement neighbours (the notes the same members also collected or
    liked) with their scores. One table, so a page reads every list it needs in one query."""

    key = models.CharField(max_length=60, primary_key=True)
    note_ids = models.TextField(default="", blank=True)  # "id,id,..." or, for neighbours, "id:score,..."
    refreshed_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key

    def ids(self) -> list[int]:
        return list(_ids(self.note_ids))  # a copy: the parsed tuple is shared

    def pairs(self) -> list[tuple[int, float]]:
        return list(_pairs(self.note_ids))


# A pool's list parsed once per process for each text it has had: the text is the database's (every
# process reads the same rows; a refresh is a new text), only the parsing is remembered. The popular
# pool is ~1,900 notes, parsed on every page: 3 ms.
@functools.lru_cache(maxsize=64)
def _ids(note_ids: str) -> tuple[int, ...]:
    return tuple(int(v.partition(":")[0]) for v in note_ids.split(",") if v)


@functools.lru_cache(maxsize=64)
def _pairs(note_ids: str) -> tuple[tuple[int, float], ...]:
    out = []
    for item in note_ids.split(","):
        if item:
            note_id, _sep, score = item.partition(":")
            out.append((int(note_id), float(score or 0)))
    return tuple(out)


class Refresh(models.Model):
    """When a piece of precomputed data was last asked for and last made, so a refresh is enqueued
    once however many requests notice it is stale (see precompute.request_refresh)."""

    name = models.CharField(max_length=60, primary_key=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class NoteSignals(models.Model):
    """What the conversation under a note and the community's reactions to it say, counted by the
    worker (precompute.signals_compute): positive and hostile comments (vaderSentiment / snownlp,
    removed comments, the review checks' tone signal), replies between members who share no
    language, reports, hides. `language` is the note's main language."""

    note = models.OneToOneField("notes.Note", on_delete=models.CASCADE, primary_key=True,
                                related_name="discovery_signals")
    language = models.CharField(max_length=8, blank=True)
    comments_scored = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)
    hostile = models.PositiveIntegerField(default=0)
    replies = models.PositiveIntegerField(default=0)
    cross_language_replies = models.PositiveIntegerField(default=0)
    reports = models.PositiveIntegerField(default=0)
    hides = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    dirty_since = models.DateTimeField(null=True, blank=True)  # something changed; a recount is queued

    def __str__(self) -> str:
        return f"signals of {self.note_id}"


class NoteView(models.Model):
    """A member opened a note; `long` once they stayed weights.LONG_VIEW_SECONDS or more."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="+")
    seconds = models.PositiveIntegerField(default=0)
    long = models.BooleanField(default=False)
    first_at = models.DateTimeField(auto_now_add=True)
    last_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="note_view_once")]

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.note_id} ({self.seconds} s)"
