"""Who may do what between members. A block is silent: to the blocked member the blocker simply
looks absent (404), as if the account did not exist."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from redleaf.accounts.models import Block, User
from redleaf.core.errors import NotFound, RedleafError


def is_blocked_either(a: User | None, b: User) -> bool:
    if a is None or not a.is_authenticated or a.pk == b.pk:
        return False
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


def user_not_found() -> NotFound:
    return NotFound("user_not_found", _("No such member."))


def require_can_see_user(viewer: User | None, user: User) -> None:
    if not user.is_active or is_blocked_either(viewer, user):
        raise user_not_found()


def require_can_follow(actor: User, target: User) -> None:
    if actor.pk == target.pk:
        raise RedleafError("cannot_follow_self", _("You cannot follow yourself."))
    require_can_see_user(actor, target)


def require_can_block(actor: User, target: User) -> None:
    if actor.pk == target.pk:
        raise RedleafError("cannot_block_self", _("You cannot block yourself."))
    if not target.is_active:
        raise user_not_found()


def require_can_mute(actor: User, target: User) -> None:
    if actor.pk == target.pk:
        raise RedleafError("cannot_mute_self", _("You cannot mute yourself."))
    require_can_see_user(actor, target)
