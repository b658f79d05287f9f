"""Who may see and change a note. Visibility for lists lives in selectors.visible_notes; this module
answers the same question for one note, with the same rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from redleaf.accounts.models import Follow
from redleaf.accounts.policies import is_blocked_either
from redleaf.core.errors import Forbidden, NotFound, RedleafError
from redleaf.notes.models import Audience, Note, NoteState


def note_not_found() -> NotFound:
    return NotFound("note_not_found", _("This note does not exist or is not visible to you."))


def can_view_note(viewer, note: Note) -> bool:
    is_author = viewer is not None and viewer.is_authenticated and viewer.pk == note.author_id
    if is_author:
        return note.state != NoteState.REMOVED
    if note.state != NoteState.PUBLISHED or not note.author.is_active:
        return False
    if is_blocked_either(viewer, note.author):
        return False
    if note.audience == Audience.PUBLIC:
        return True
    if note.audience == Audience.FOLLOWERS and viewer is not None and viewer.is_authenticated:
        return Follow.objects.filter(follower=viewer, followee_id=note.author_id).exists()
    return False


def require_can_view(viewer, note: Note) -> None:
    if not can_view_note(viewer, note):
        raise note_not_found()


def require_can_edit(actor, note: Note) -> None:
    require_can_view(actor, note)
    if actor.pk != note.author_id:
        raise Forbidden("not_note_author", _("Only the note's author can change it."))


def require_can_engage(actor, note: Note) -> None:
    """Like, collect, comment: the note must be visible to the actor and published."""
    require_can_view(actor, note)
    if note.state != NoteState.PUBLISHED:
        raise RedleafError("note_not_published", _("This note is not published yet."), status=409)
