"""notes/lifecycle.py: which state may follow which."""

import pytest
from django.utils import translation

from redleaf.core.errors import RedleafError
from redleaf.notes import lifecycle
from redleaf.notes.models import Note, NoteState

S = NoteState
LEGAL = {
    (S.DRAFT, S.PENDING),
    (S.PENDING, S.PUBLISHED), (S.PENDING, S.REJECTED), (S.PENDING, S.DRAFT),
    (S.PUBLISHED, S.REMOVED), (S.PUBLISHED, S.PENDING),
    (S.REJECTED, S.PENDING), (S.REJECTED, S.PUBLISHED),
    (S.REMOVED, S.PUBLISHED), (S.REMOVED, S.PENDING),
}
ALL = [(a, b) for a in S.values for b in S.values]


@pytest.mark.parametrize(("source", "target"), ALL)
def test_every_transition_is_either_declared_or_refused(source, target):
    note = Note(state=source)
    if (source, target) in LEGAL:
        lifecycle.transition(note, target)
        assert note.state == target
    else:
        with pytest.raises(RedleafError) as info:
            lifecycle.transition(note, target)
        assert (info.value.code, info.value.status) == ("bad_state_change", 409)
        assert note.state == source


def test_the_refusal_names_both_states_readably():
    for language, expected in (("en", ("Draft", "Published")), ("zh-hans", ("草稿", "已发布"))):
        with translation.override(language), pytest.raises(RedleafError) as info:
            lifecycle.transition(Note(state=S.DRAFT), S.PUBLISHED)
        message = str(info.value.message)
        assert all(word in message for word in expected), message


def test_a_transition_is_logged(caplog):
    note = Note(state=S.DRAFT)
    with caplog.at_level("INFO", logger="redleaf.notes.lifecycle"):
        lifecycle.transition(note, S.PENDING)
    assert "draft -> pending" in caplog.text
