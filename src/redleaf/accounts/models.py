from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from redleaf.core.models import SnowflakeField


class User(AbstractUser):
    """A member. Profile fields live on the row itself: every card and comment shows them, and a
    separate Profile table would cost a join on every feed page for no gain."""

    id = SnowflakeField()
    display_name = models.CharField(_("display name"), max_length=40, blank=True)
    bio = models.CharField(_("bio"), max_length=300, blank=True)
    avatar = models.ForeignKey(
        "media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("avatar")
    )
    # Languages the member reads and writes, as codes ("zh", "en"). Later issues route review and
    # translation by them.
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    ui_language = models.CharField(_("interface language"), max_length=10, blank=True)
    followers_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    notes_count = models.PositiveIntegerField(default=0)
    likes_received_count = models.PositiveIntegerField(default=0)
    # Review (#3): a restriction stops posting until then; the guidelines version agreed to at sign-up.
    posting_restricted_until = models.DateTimeField(null=True, blank=True)
    guidelines_version = models.PositiveIntegerField(default=0)
    # Kept in step with moderation.Moderator (which holds the languages), so every page can show the
    # review link without a query.
    is_moderator = models.BooleanField(default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        # Names are one case-insensitively (Mei and mei are the same member); sign-up checks first,
        # this keeps two racing sign-ups from both getting in.
        constraints = [models.UniqueConstraint(Lower("username"), name="username_once_any_case")]

    @property
    def name(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the member sees it once."""

    key_hash = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key_hash[:8]}…"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class Follow(models.Model):
    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_once"),
            models.CheckConstraint(condition=~models.Q(follower=models.F("followee")), name="follow_not_self"),
        ]
        indexes = [models.Index(fields=["followee", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.follower_id} → {self.followee_id}"


class Block(models.Model):
    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocking_set")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocked_by_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once")]
        indexes = [models.Index(fields=["blocked", "blocker"])]

    def __str__(self) -> str:
        return f"{self.blocker_id} ⊘ {self.blocked_id}"


class Mute(models.Model):
    muter = models.ForeignKey(User, on_delete=models.CASCADE, related_name="muting_set")
    muted = models.ForeignKey(User, on_delete=models.CASCADE, related_name="muted_by_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["muter", "muted"], name="mute_once")]

    def __str__(self) -> str:
        return f"{self.muter_id} ~ {self.muted_id}"
