from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redleaf.core.models import SnowflakeField


class NoteState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Under review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    FOLLOWERS = "followers", _("Followers")
    ONLY_ME = "only_me", _("Only me")


class Topic(models.Model):
    name = models.CharField(max_length=40)
    key = models.CharField(max_length=40, unique=True)  # case- and width-folded name
    notes_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"#{self.name}"


class Note(models.Model):
    id = SnowflakeField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("body"), blank=True)
    state = models.CharField(max_length=12, choices=NoteState.choices, default=NoteState.DRAFT)
    audience = models.CharField(max_length=12, choices=Audience.choices, default=Audience.PUBLIC)
    # The first image, kept on the row so a feed card needs no extra query.
    cover = models.ForeignKey("media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topics = models.ManyToManyField(Topic, through="NoteTopic", related_name="notes")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    likes_count = models.PositiveIntegerField(default=0)
    collects_count = models.PositiveIntegerField(default=0)
    comments_count = models.PositiveIntegerField(default=0)
    hot_score = models.FloatField(default=0.0)  # see notes/scoring.py
    # Review (#3): a limited note stays on its author's profile and in followers' feeds but is not
    # recommended or searchable; a labelled one carries its rule's label wherever it is shown.
    limited = models.BooleanField(default=False)
    label_rule = models.CharField(max_length=40, blank=True)
    languages = models.JSONField(default=list, blank=True)  # detected, e.g. ["zh"], ["zh", "en"]

    class Meta:
        indexes = [
            models.Index(fields=["state", "audience", "-hot_score", "-id"], name="note_explore"),
            # A member's notes newest first; with the audience in it, the following feed reads each
            # followee's latest from the index alone (PostgreSQL: 130 -> 35 ms for 300 followees, 1M notes).
            models.Index(fields=["author", "state", "-published_at", "-id"], include=["audience"],
                         name="note_author_feed"),
            models.Index(fields=["state", "-published_at", "-id"], name="note_published"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:30]


class NoteImage(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="note_images")
    image = models.ForeignKey("media.Image", on_delete=models.PROTECT, related_name="note_images")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["note", "position"], name="note_image_position")]

    def __str__(self) -> str:
        return f"{self.note_id}[{self.position}] {self.image_id}"


class NoteTopic(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE)
    published_at = models.DateTimeField(null=True, blank=True)  # copied from the note for topic pages

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "topic"], name="note_topic_once")]
        indexes = [models.Index(fields=["topic", "-published_at"])]

    def __str__(self) -> str:
        return f"{self.note_id} #{self.topic_id}"


class Mention(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentioned_in")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["note", "user"], name="mention_once")]

    def __str__(self) -> str:
        return f"{self.note_id} @{self.user_id}"
