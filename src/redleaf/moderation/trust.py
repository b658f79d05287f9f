"""Trust levels, from settings: a member is trusted when their account is old enough
(REDLEAF_TRUST_MIN_ACCOUNT_DAYS), has had enough items released (REDLEAF_TRUST_MIN_RELEASED: published
notes and comments) and has no strike within REDLEAF_TRUST_STRIKE_WINDOW_DAYS. A trusted member's
clean items publish at once; everyone else's wait for a person. Flagged items wait whoever posts them."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from redleaf.accounts.models import User


def level(user: User) -> str:
    """"new", "member" (history, no strikes: trusted) or "struck" (a strike in the window)."""
    from redleaf.engagement.models import Comment, CommentState
    from redleaf.moderation.models import Strike

    now = timezone.now()
    window = now - timedelta(days=settings.TRUST_STRIKE_WINDOW_DAYS)
    if Strike.objects.filter(user=user, lifted_at__isnull=True, created_at__gte=window).exists():
        return "struck"
    if user.date_joined > now - timedelta(days=settings.TRUST_MIN_ACCOUNT_DAYS):
        return "new"
    needed = settings.TRUST_MIN_RELEASED
    released = user.notes_count
    if released < needed:
        released += Comment.objects.filter(author=user, state=CommentState.PUBLISHED)[: needed - released].count()
    return "member" if released >= needed else "new"


def is_trusted(user: User) -> bool:
    return level(user) == "member"
