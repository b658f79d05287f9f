"""Board pages and forms: public boards for everyone, private ones for their owner only; the
default board stays."""

from __future__ import annotations

from django.test import Client

from redleaf.accounts import services as account_services
from redleaf.engagement import services as engagement_services
from redleaf.engagement.models import Board, Collect
from tests import factories


def test_public_board_shows_its_notes_to_everyone(mei, alex, note):
    board = engagement_services.board_create(owner=alex, name="Food I love", description="Only the best")
    engagement_services.collect_create(user=alex, note=note, board=board)
    response = Client().get(f"/boards/{board.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Food I love" in html and "Only the best" in html and alex.name in html
    assert f"/notes/{note.pk}" in html
    assert f"/boards/{board.pk}/edit" not in html


def test_private_board_is_404_to_others(alex, alex_client, mei_client):
    board = engagement_services.board_create(owner=alex, name="Secret", is_private=True)
    assert mei_client.get(f"/boards/{board.pk}").status_code == 404
    assert Client().get(f"/boards/{board.pk}").status_code == 404
    html = alex_client.get(f"/boards/{board.pk}").content.decode()
    assert "Secret" in html and f"/boards/{board.pk}/edit" in html and f"/boards/{board.pk}/delete" in html


def test_board_hides_notes_the_viewer_may_not_see(mei, alex):
    board = engagement_services.board_create(owner=alex, name="Mixed")
    hidden = factories.make_note(mei, title="followers only", audience="followers")
    account_services.follow_create(follower=alex, followee=mei)
    engagement_services.collect_create(user=alex, note=hidden, board=board)
    assert f"/notes/{hidden.pk}" not in Client().get(f"/boards/{board.pk}").content.decode()


def test_board_next_page_is_a_partial(alex, mei, settings):
    settings.FEED_PAGE_SIZE = 2
    board = engagement_services.board_create(owner=alex, name="Many")
    for i in range(3):
        engagement_services.collect_create(user=alex, note=factories.make_note(mei, title=f"n{i}"), board=board)
    html = Client().get(f"/boards/{board.pk}").content.decode()
    assert f"/boards/{board.pk}?cursor=" in html


def test_create_edit_delete_board(alex, alex_client):
    response = alex_client.post("/boards/new", {"name": "Trips", "description": "places"})
    board = Board.objects.get(owner=alex, name="Trips")
    assert response.status_code == 302 and response["Location"] == f"/boards/{board.pk}"
    response = alex_client.post(f"/boards/{board.pk}/edit", {"name": "Big trips", "is_private": "on"})
    board.refresh_from_db()
    assert response.status_code == 302 and board.name == "Big trips" and board.is_private
    assert alex_client.get(f"/boards/{board.pk}/delete").status_code == 200  # asks first
    response = alex_client.post(f"/boards/{board.pk}/delete")
    assert response.status_code == 302 and response["Location"] == "/u/alex/boards"
    assert not Board.objects.filter(pk=board.pk).exists()


def test_board_form_errors(alex, alex_client):
    engagement_services.board_create(owner=alex, name="Taken")
    response = alex_client.post("/boards/new", {"name": "Taken"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "already have a board with that name" in response.content.decode()
    response = alex_client.post("/boards/new", {"name": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "A board needs a name." in response.content.decode()


def test_the_default_board_cannot_be_deleted(alex, alex_client, note):
    default = Board.objects.get(owner=alex, is_default=True)
    engagement_services.collect_create(user=alex, note=note)
    assert f"/boards/{default.pk}/delete" not in alex_client.get(f"/boards/{default.pk}").content.decode()
    response = alex_client.post(f"/boards/{default.pk}/delete", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "cannot be deleted" in response.content.decode()
    assert Collect.objects.filter(board=default).exists()


def test_only_the_owner_edits_or_deletes(alex, mei_client):
    board = engagement_services.board_create(owner=alex, name="Alex's")
    assert mei_client.get(f"/boards/{board.pk}/edit").status_code == 404
    assert mei_client.post(f"/boards/{board.pk}/edit", {"name": "Mine now"}).status_code == 404
    assert mei_client.post(f"/boards/{board.pk}/delete").status_code == 404
    board.refresh_from_db()
    assert board.name == "Alex's"
    assert Client().get("/boards/new").status_code == 302
