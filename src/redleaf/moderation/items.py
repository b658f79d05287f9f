"""What review needs to know about each kind of item, in one place: how to load it, what to check
(text and pictures), and what each decision does to it. The changes themselves are the owning app's
services (notes.services, engagement.services, accounts.services); this module only routes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from redleaf.accounts.models import User
from redleaf.core.errors import RedleafError
from redleaf.engagement.models import Comment, CommentState
from redleaf.media.models import Image
from redleaf.moderation.models import Kind, ProfileChange
from redleaf.notes.models import Note, NoteImage, NoteState


@dataclass
class Content:
    text: str
    images: list[Image] = field(default_factory=list)
    excerpt: str = ""


def load(kind: str, object_id: int):
    model = {Kind.NOTE: Note, Kind.COMMENT: Comment, Kind.PROFILE: ProfileChange, Kind.ACCOUNT: User}.get(kind)
    if model is None:
        return None
    return model.objects.filter(pk=object_id).first()


def lock(kind: str, object_id: int):
    """The item's row, locked for the rest of the transaction (decisions and releases change it)."""
    model = {Kind.NOTE: Note, Kind.COMMENT: Comment, Kind.PROFILE: ProfileChange, Kind.ACCOUNT: User}[kind]
    if kind == Kind.COMMENT:  # note before comment: the order every comment write takes
        note_id = Comment.objects.filter(pk=object_id).values_list("note_id", flat=True).first()
        if note_id is None:
            return None
        Note.objects.select_for_update(no_key=True).filter(pk=note_id).values_list("pk", flat=True).first()
    return model.objects.select_for_update().filter(pk=object_id).first()


def author_of(kind: str, obj) -> User:
    if kind == Kind.ACCOUNT:
        return obj
    return obj.user if kind == Kind.PROFILE else obj.author


def content(kind: str, obj) -> Content:
    if kind == Kind.NOTE:
        images = [ni.image for ni in NoteImage.objects.filter(note=obj).select_related("image").order_by("position")]
        text = "\n".join(t for t in (obj.title, obj.body) if t)
        alts = "\n".join(img.alt for img in images if img.alt)
        return Content(text="\n".join(t for t in (text, alts) if t), images=images, excerpt=text[:300])
    if kind == Kind.COMMENT:
        return Content(text=obj.text, excerpt=obj.text[:300])
    if kind == Kind.PROFILE:
        text = "\n".join(t for t in (obj.display_name, obj.bio) if t)
        return Content(text=text, images=[obj.avatar] if obj.avatar_id else [], excerpt=text[:300])
    text = "\n".join(t for t in (obj.username, obj.display_name, obj.bio) if t)
    return Content(text=text, images=[obj.avatar] if obj.avatar_id else [], excerpt=text[:300])


def is_waiting(kind: str, obj) -> bool:
    """Held back from everyone but its author, until a person (or a clean check) releases it."""
    if kind == Kind.NOTE:
        return obj.state == NoteState.PENDING
    if kind == Kind.COMMENT:
        return obj.state == CommentState.PENDING
    if kind == Kind.PROFILE:
        return obj.state == ProfileChange.State.PENDING
    return False


def release(kind: str, obj) -> None:
    """Publish a waiting item (a clean check of a trusted member's item, or a moderator's approval)."""
    from redleaf.accounts import services as account_services
    from redleaf.engagement import services as engagement_services
    from redleaf.notes import services as note_services

    if kind == Kind.NOTE and obj.state == NoteState.PENDING:
        note_services.note_publish(note=obj)
    elif kind == Kind.COMMENT and obj.state == CommentState.PENDING:
        engagement_services.comment_publish(comment=obj)
    elif kind == Kind.PROFILE and obj.state == ProfileChange.State.PENDING:
        account_services.profile_change_apply(change=obj)


def hold(kind: str, obj) -> None:
    """Take a live item back under review (an edit the checks flagged)."""
    from redleaf.notes import services as note_services

    if kind == Kind.NOTE and obj.state == NoteState.PUBLISHED:
        note_services.note_unpublish(note=obj)


ITEM_ACTIONS = {
    Kind.NOTE: {"approve", "remove", "limit", "label", "escalate"},
    Kind.COMMENT: {"approve", "remove", "escalate"},
    Kind.PROFILE: {"approve", "remove", "escalate"},
    Kind.ACCOUNT: {"approve", "escalate"},  # with an account action: warn, restrict, suspend
}


def require_action_fits(kind: str, action: str) -> None:
    if action not in ITEM_ACTIONS.get(kind, set()):
        raise RedleafError("action_not_for_kind", _("That decision cannot be made on this kind of item."),
                           field="action")


def apply(kind: str, obj, action: str, rule_id: str | None) -> None:
    """Carry out a moderator's decision on the item."""
    from redleaf.accounts import services as account_services
    from redleaf.engagement import services as engagement_services
    from redleaf.notes import services as note_services

    if kind == Kind.NOTE:
        # Approving finds nothing wrong in what this case is about; it leaves an earlier limit or label
        # standing (only an appeal against that decision lifts it).
        if action == "approve":
            release(kind, obj)
        elif action == "remove":
            note_services.note_take_down(note=obj)
        elif action == "limit":  # labelled too: viewers see why it is not recommended
            note_services.note_set_reach(note=obj, limited=True, label_rule=rule_id or "")
            release(kind, obj)
        elif action == "label":
            note_services.note_set_reach(note=obj, limited=obj.limited, label_rule=rule_id or "")
            release(kind, obj)
    elif kind == Kind.COMMENT:
        if action == "approve":
            release(kind, obj)
        elif action == "remove":
            engagement_services.comment_take_down(comment=obj)
    elif kind == Kind.PROFILE:
        if action == "approve":
            release(kind, obj)
        elif action == "remove":
            account_services.profile_change_reject(change=obj)


def restore(kind: str, obj, *, decided_at=None) -> None:
    """An appeal reversed the decision made at `decided_at`: the item comes back as it was before it.
    A note edited since is not published on the strength of the appeal: its new version is checked
    like any other and waits for a person if it needs one."""
    from redleaf.accounts import services as account_services
    from redleaf.engagement import services as engagement_services
    from redleaf.moderation.models import Case, Screening
    from redleaf.notes import services as note_services

    if kind == Kind.NOTE:
        note_services.note_set_reach(note=obj, limited=False, label_rule="")
        if obj.state in (NoteState.REMOVED, NoteState.REJECTED):
            edited = decided_at is not None and Screening.objects.filter(
                kind=kind, object_id=obj.pk, created_at__gt=decided_at).exists()
            waiting = Case.objects.filter(kind=kind, object_id=obj.pk, state=Case.State.OPEN,
                                          appeal__isnull=True).exists()
            if edited or waiting:
                note_services.note_resubmit(note=obj)
            else:  # the very version the decision was about, now found fine
                note_services.note_restore(note=obj)
    elif kind == Kind.COMMENT:
        engagement_services.comment_restore(comment=obj)
    elif kind == Kind.PROFILE:
        newer = ProfileChange.objects.filter(user_id=obj.user_id, pk__gt=obj.pk).exists()
        if not newer:  # a change made since stands: the old one is not put back over it
            account_services.profile_change_apply(change=obj)
    elif kind == Kind.ACCOUNT:
        account_services.account_reinstate(user=obj)
