"""Review: a reply answering a blocker does not show the blocker's name to the member they blocked."""

from __future__ import annotations

import pytest
from django.test import Client

from redleaf.accounts import services as account_services
from redleaf.engagement import services as engagement_services
from tests import factories


@pytest.fixture
def scene(mei, alex, mod_lin):
    """On mod_lin's note and comment, alex replies and mei answers alex; alex then blocks bobo."""
    note = factories.make_note(mod_lin, title="Weekend market")
    root = engagement_services.comment_create(author=mod_lin, note=note, text="Ask me anything")
    to_alex = engagement_services.comment_create(author=alex, note=note, text="Opening hours?", reply_to=root)
    answer = engagement_services.comment_create(author=mei, note=note, text="From eight", reply_to=to_alex)
    assert answer.reply_to_user_id == alex.pk
    bobo = factories.make_user("bobo", display_name="Bobo", language="en")
    account_services.block_create(blocker=alex, blocked=bobo)
    return note, root, answer, bobo


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["note", "replies"])
def test_blocked_member_does_not_see_the_blockers_name_in_a_reply(scene, page):
    note, root, _answer, bobo = scene
    client = Client()
    client.force_login(bobo)
    url = f"/notes/{note.pk}" if page == "note" else f"/comments/{root.pk}/replies"
    html = client.get(url).content.decode()
    assert "From eight" in html  # mei's words are mei's
    assert "/u/alex" not in html
    assert "Alex" not in html


@pytest.mark.django_db
def test_blocked_member_does_not_see_the_blockers_name_over_the_api(scene):
    note, root, answer, bobo = scene
    headers = {"HTTP_AUTHORIZATION": f"Bearer {account_services.token_create(user=bobo)}"}
    client = Client()
    thread = client.get(f"/api/v1/notes/{note.pk}/comments", **headers).json()["items"][0]
    assert [r["id"] for r in thread["replies"]] == [str(answer.pk)]
    assert thread["replies"][0]["reply_to_user"] is None
    replies = client.get(f"/api/v1/comments/{root.pk}/replies", **headers).json()["items"]
    assert [(r["id"], r["reply_to_user"]) for r in replies] == [(str(answer.pk), None)]


@pytest.mark.django_db
def test_everyone_else_still_sees_whom_a_reply_answers(scene, mei):
    note, _root, _answer, _bobo = scene
    client = Client()
    client.force_login(mei)
    assert "/u/alex" in client.get(f"/notes/{note.pk}").content.decode()
