"""The note lifecycle, declared once (after Takahē's state graphs): which state may follow which.
Services change a note's state only through `transition`, so every change is checked and logged."""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import Conflict
from redleaf.notes.models import Note, NoteState

log = logging.getLogger("redleaf.notes.lifecycle")

S = NoteState
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.PENDING},
    S.PENDING: {S.PUBLISHED, S.REJECTED, S.DRAFT},
    S.PUBLISHED: {S.REMOVED, S.PENDING},
    S.REJECTED: {S.PENDING, S.PUBLISHED},  # edited and sent again, or released after an appeal
    S.REMOVED: {S.PUBLISHED, S.PENDING},  # restored after an appeal, or edited and sent again
}


def transition(note: Note, to: str) -> None:
    if to not in TRANSITIONS.get(note.state, set()):
        raise Conflict("bad_state_change", _("This note cannot go from %(from)s to %(to)s.")
                       % {"from": note.get_state_display(), "to": NoteState(to).label})
    log.info("note %s: %s -> %s", note.pk, note.state, to)
    note.state = to
