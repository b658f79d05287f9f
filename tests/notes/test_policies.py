"""notes/policies.py and selectors.visible_notes: one rule for who sees a note, answered alike for one
note (the policy) and for lists (the selector)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from redleaf.accounts import services as account_services
from redleaf.accounts.models import User
from redleaf.core.errors import RedleafError
from redleaf.notes import policies, selectors
from redleaf.notes.models import Audience, Note, NoteState
from tests import factories

VIEWERS = ["anonymous", "visitor", "stranger", "follower", "author", "blocked", "blocker"]
EXPECTED = {
    Audience.PUBLIC: {"anonymous", "visitor", "stranger", "follower", "author"},
    Audience.FOLLOWERS: {"follower", "author"},
    Audience.ONLY_ME: {"author"},
}


@pytest.fixture
def cast(mei, alex, mod_lin):
    """mei writes; alex follows her; mod_lin is a stranger; one member was blocked by mei after
    following her, and one blocked mei."""
    account_services.follow_create(follower=alex, followee=mei)
    blocked = factories.make_user("blocked_one")
    account_services.follow_create(follower=blocked, followee=mei)
    account_services.block_create(blocker=mei, blocked=blocked)
    blocker = factories.make_user("blocker_one")
    account_services.follow_create(follower=blocker, followee=mei)
    account_services.block_create(blocker=blocker, blocked=mei)
    return {"anonymous": None, "visitor": AnonymousUser(), "stranger": mod_lin, "follower": alex,
            "author": mei, "blocked": blocked, "blocker": blocker}


@pytest.mark.parametrize("audience", list(EXPECTED))
def test_visibility_matrix_policy_and_selector_agree(cast, mei, audience):
    note = factories.make_note(mei, title=f"{audience} note", images=0, audience=audience)
    for who in VIEWERS:
        viewer = cast[who]
        expected = who in EXPECTED[audience]
        assert policies.can_view_note(viewer, note) is expected, who
        assert selectors.visible_notes(viewer).filter(pk=note.pk).exists() is expected, who
        assert selectors.visible_notes(viewer, hide_muted=False).filter(pk=note.pk).exists() is expected, who
        if expected:
            assert selectors.note_get(viewer=viewer, note_id=note.pk) == note
        else:
            with pytest.raises(RedleafError) as info:
                selectors.note_get(viewer=viewer, note_id=note.pk)
            assert (info.value.code, info.value.status) == ("note_not_found", 404), who


def test_unpublished_notes_are_the_authors_alone_and_never_in_lists(cast, mei):
    note = factories.make_note(mei, title="not out", images=0)
    for state in (NoteState.DRAFT, NoteState.PENDING, NoteState.REJECTED, NoteState.REMOVED):
        Note.objects.filter(pk=note.pk).update(state=state)
        note = Note.objects.get(pk=note.pk)
        for who, viewer in cast.items():
            author_sees = who == "author" and state != NoteState.REMOVED
            assert policies.can_view_note(viewer, note) is author_sees, (state, who)
            assert not selectors.visible_notes(viewer).filter(pk=note.pk).exists(), (state, who)


def test_an_inactive_authors_notes_disappear(cast, mei, alex):
    note = factories.make_note(mei, images=0)
    User.objects.filter(pk=mei.pk).update(is_active=False)
    note = Note.objects.select_related("author").get(pk=note.pk)
    assert not policies.can_view_note(alex, note)
    assert not selectors.visible_notes(alex).filter(pk=note.pk).exists()


def test_a_mute_hides_from_lists_but_not_from_the_note_page(cast, mei, alex):
    note = factories.make_note(mei, images=0)
    account_services.mute_create(muter=alex, muted=mei)
    assert policies.can_view_note(alex, note)
    assert not selectors.visible_notes(alex).filter(pk=note.pk).exists()
    assert selectors.visible_notes(alex, hide_muted=False).filter(pk=note.pk).exists()


def test_unfollowing_takes_followers_notes_away(cast, mei, alex):
    note = factories.make_note(mei, images=0, audience="followers")
    account_services.follow_delete(follower=alex, followee=mei)
    assert not policies.can_view_note(alex, note)
    assert not selectors.visible_notes(alex).filter(pk=note.pk).exists()


def test_edit_and_engage_rules(cast, mei, alex):
    note = factories.make_note(mei, images=0)
    policies.require_can_edit(mei, note)
    with pytest.raises(RedleafError) as info:
        policies.require_can_edit(alex, note)
    assert info.value.code == "not_note_author"
    policies.require_can_engage(alex, note)
    draft = factories.make_note(mei, images=0, draft=True)
    with pytest.raises(RedleafError) as info:
        policies.require_can_engage(mei, draft)  # the author sees a draft but cannot like it
    assert (info.value.code, info.value.status) == ("note_not_published", 409)
    with pytest.raises(RedleafError) as info:
        policies.require_can_engage(alex, draft)
    assert info.value.code == "note_not_found"


@pytest.mark.parametrize("note_id", ["abc", "", None, -1, 0, 2**63, "9" * 40, "1.5", "١٢٣"])
def test_note_get_with_ids_that_name_nothing(db, note_id):
    with pytest.raises(RedleafError) as info:
        selectors.note_get(viewer=None, note_id=note_id)
    assert (info.value.code, info.value.status) == ("note_not_found", 404)
