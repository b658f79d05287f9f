from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redleaf.core.models import SnowflakeField


class Like(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="like_once")]
        indexes = [models.Index(fields=["user", "-id"])]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.note_id}"


class Board(models.Model):
    id = SnowflakeField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(_("name"), max_length=30)
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_private = models.BooleanField(_("private"), default=False)
    is_default = models.BooleanField(default=False)
    collects_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="board_name_once"),
            models.UniqueConstraint(
                fields=["owner"], condition=models.Q(is_default=True), name="one_default_board"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Collect(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collects")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="collects")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="collects")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="collect_once")]
        indexes = [models.Index(fields=["board", "-id"])]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.note_id}"


class CommentState(models.TextChoices):
    PENDING = "pending", _("Under review")
    PUBLISHED = "published", _("Published")
    REMOVED = "removed", _("Removed")


class Comment(models.Model):
    id = SnowflakeField()
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField()
    # One level of replies: a reply hangs off a top-level comment (parent) and may answer a
    # particular member in that thread (reply_to_user).
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    reply_to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    likes_count = models.PositiveIntegerField(default=0)
    replies_count = models.PositiveIntegerField(default=0)
    is_pinned = models.BooleanField(default=False)
    # Review (#3): a comment waits as "pending" until it is released; only its author sees it then.
    state = models.CharField(max_length=10, choices=CommentState.choices, default=CommentState.PUBLISHED)
    languages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["note", "parent", "id"])]
        constraints = [
            models.UniqueConstraint(fields=["note"], condition=models.Q(is_pinned=True), name="one_pinned_comment")
        ]

    def __str__(self) -> str:
        return self.text[:30]


class CommentLike(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "comment"], name="comment_like_once")]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ c{self.comment_id}"
