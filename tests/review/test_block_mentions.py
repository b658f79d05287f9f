"""Review: a note that mentions someone who blocked the viewer does not link that person for them."""

from __future__ import annotations

import pytest
from django.test import Client

from redleaf.accounts import services as account_services
from tests import factories


@pytest.fixture
def scene(mei, alex):
    note = factories.make_note(mei, title="Lunch", body="Thanks @alex for the tip")
    bobo = factories.make_user("bobo", display_name="Bobo", language="en")
    account_services.block_create(blocker=alex, blocked=bobo)
    return note, bobo


@pytest.mark.django_db
def test_blocked_member_sees_a_mention_of_the_blocker_as_plain_text(scene):
    note, bobo = scene
    client = Client()
    client.force_login(bobo)
    html = client.get(f"/notes/{note.pk}").content.decode()
    assert "@alex" in html
    assert "/u/alex" not in html
    token = account_services.token_create(user=bobo)
    data = client.get(f"/api/v1/notes/{note.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert data["mentions"] == []


@pytest.mark.django_db
def test_others_see_the_mention_linked(scene, mod_lin):
    note, _bobo = scene
    client = Client()
    client.force_login(mod_lin)
    assert "/u/alex" in client.get(f"/notes/{note.pk}").content.decode()
    assert "/u/alex" in Client().get(f"/notes/{note.pk}").content.decode()
