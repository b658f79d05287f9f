"""What the language bridge keeps: translations shared by every member (the cache), the counters that
limit engine calls, and each member's reading preferences."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Translation(models.Model):
    """One piece of text translated by one engine (at one version) into one language. Shared across
    members: the second reader of a comment gets the first reader's translation from here. Keyed by the
    SHA-256 of the text, so an edited note simply misses and is translated again."""

    text_hash = models.CharField(max_length=64)
    source = models.CharField(max_length=12)
    target = models.CharField(max_length=12)
    engine = models.CharField(max_length=40)
    engine_version = models.CharField(max_length=80)
    output = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["text_hash", "source", "target", "engine", "engine_version"],
                                               name="translation_once")]

    def __str__(self) -> str:
        return f"{self.engine}@{self.engine_version} {self.source}→{self.target} {self.text_hash[:8]}"


class TranslationSource(models.Model):
    """Which note or comment a cached translation was made for, so that it goes when they go: a deleted,
    removed or edited item takes its translations with it (unless another item has the same text)."""

    kind = models.CharField(max_length=10)  # "note" or "comment"
    item_id = models.BigIntegerField()
    note_id = models.BigIntegerField()  # the note itself, or the comment's note: a deleted note takes both
    text_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "item_id", "text_hash"], name="translation_source_once")]
        indexes = [models.Index(fields=["note_id"]), models.Index(fields=["text_hash"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_id}: {self.text_hash[:8]}"


class UsageCounter(models.Model):
    """Engine calls counted per scope ("member:<id>:minute", "site:minute", …) and time window, in the
    database so that every web process sees the same count (the embedded default's cache is per process)."""

    scope = models.CharField(max_length=60)
    window = models.BigIntegerField()  # the window's number: minutes or days since the epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "window"], name="usage_once_per_window")]

    def __str__(self) -> str:
        return f"{self.scope}@{self.window}: {self.count}"


class ReadingPreference(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reading_preference")
    always_translate = models.BooleanField(
        _("always translate"), default=False,
        help_text=_("Notes and comments in languages you do not read are translated as they come into view."))
    show_pinyin = models.BooleanField(
        _("pinyin above Chinese notes"), default=False,
        help_text=_("Show the reading of every Chinese character above a note's text."))
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: always={self.always_translate} pinyin={self.show_pinyin}"
