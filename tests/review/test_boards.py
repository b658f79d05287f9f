"""Review: the board picker's "new board" form and the note it names."""

from __future__ import annotations

import pytest
from django.test import Client

from redleaf.engagement.models import Board


@pytest.fixture
def alex_client(alex):
    client = Client(raise_request_exception=False)
    client.force_login(alex)
    return client


@pytest.mark.parametrize("note", ["abc", "-1", "1.5"])
def test_new_board_naming_a_note_that_cannot_exist_is_a_404_and_makes_no_board(alex_client, alex, note):
    response = alex_client.post("/boards/new", {"name": "Ideas", "note": note})
    assert response.status_code == 404
    assert not Board.objects.filter(owner=alex, name="Ideas").exists()


def test_new_board_naming_a_note_i_cannot_see_makes_no_board(alex_client, alex, mei):
    from tests import factories

    hidden = factories.make_note(mei, title="Mine only", audience="only_me")
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = alex_client.post("/boards/new", {"name": "Ideas", "note": str(hidden.pk)}, **headers)
        assert response.status_code == 404
    assert not Board.objects.filter(owner=alex, name="Ideas").exists()


def test_new_board_from_a_note_goes_back_to_the_note(alex_client, alex, mei):
    from tests import factories

    note = factories.make_note(mei, title="Dumplings")
    response = alex_client.post("/boards/new", {"name": "Ideas", "note": str(note.pk)})
    assert response.status_code == 302
    assert response["Location"] == f"/notes/{note.pk}"
    assert Board.objects.filter(owner=alex, name="Ideas").exists()
