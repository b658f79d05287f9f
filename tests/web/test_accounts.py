"""Sign-up, login, logout and settings through the real forms."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from redleaf.accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db


def test_signup_creates_the_member_logs_in_and_goes_to_explore(client):
    response = client.post("/signup", {"username": "newbie", "password": factories.PASSWORD,
                                       "display_name": "新人", "ui_language": "en", "languages": ["zh", "en"]})
    # Onboarding (discovery) asks for interests first, then sends the member on to explore.
    assert response.status_code == 302 and response["Location"] == "/discover/welcome?next=%2F"
    user = User.objects.get(username="newbie")
    assert (user.display_name, user.ui_language, user.languages) == ("新人", "en", ["zh", "en"])
    assert user.boards.filter(is_default=True).exists()
    page = client.get("/")
    assert page.context["user"] == user
    assert "Welcome to Redleaf" in page.content.decode()


def test_signup_follows_a_safe_next(client):
    response = client.post("/signup", {"username": "nextie", "password": factories.PASSWORD,
                                       "next": "/u/nextie", "ui_language": "en"})
    assert response["Location"] == "/discover/welcome?next=%2Fu%2Fnextie"  # interests first, then next
    response = client.post("/logout")
    response = client.post("/signup", {"username": "evil", "password": factories.PASSWORD,
                                       "next": "https://evil.example/", "ui_language": "en"})
    assert response["Location"] == "/discover/welcome?next=%2F"


@pytest.mark.parametrize(("data", "field", "text"), [
    ({"username": "a!", "password": factories.PASSWORD}, "username", "3–30"),
    ({"username": "mei", "password": factories.PASSWORD}, "username", "taken"),
    ({"username": "admin", "password": factories.PASSWORD}, "username", "taken"),
    ({"username": "shorty", "password": "short"}, "password", "short"),
    ({"username": "longname", "password": factories.PASSWORD, "display_name": "x" * 41}, "display_name", "40"),
])
def test_signup_errors_show_next_to_their_field(client, mei, data, field, text):
    response = client.post("/signup", {"ui_language": "en", **data}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    form = response.context["form"]
    assert text in " ".join(form.errors[field])
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not User.objects.filter(username=data["username"]).exclude(username="mei").exists()


def test_login_and_logout(client, mei):
    response = client.post("/login", {"username": "MEI", "password": factories.PASSWORD, "next": "/following"})
    assert response.status_code == 302 and response["Location"] == "/following"
    assert client.get("/following").status_code == 200
    assert client.get("/logout").status_code == 405  # logging out is a POST
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/following").status_code == 302


def test_login_with_a_wrong_password_says_so(client, mei):
    response = client.post("/login", {"username": "mei", "password": "nope nope nope"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Wrong username or password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_settings_updates_profile_and_avatar(mei_client, mei):
    upload = factories.upload("me.png", factories.image_bytes("PNG", (300, 200)), "image/png")
    response = mei_client.post("/settings", {"display_name": "小美美", "bio": "爱猫 #cats", "languages": ["zh", "en"],
                                             "ui_language": "en", "avatar": upload})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:settings")
    mei.refresh_from_db()
    assert (mei.display_name, mei.bio, mei.languages, mei.ui_language) == ("小美美", "爱猫 #cats", ["zh", "en"], "en")
    assert mei.avatar is not None and mei.avatar.width <= 512
    html = mei_client.get("/u/mei").content.decode()
    assert mei.avatar.thumb_url in html and "爱猫 #cats" in html


def test_settings_without_a_new_avatar_keeps_the_old_one(mei_client, mei):
    mei_client.post("/settings", {"display_name": "a", "avatar": factories.upload()})
    mei.refresh_from_db()
    avatar = mei.avatar_id
    mei_client.post("/settings", {"display_name": "b", "ui_language": ""})
    mei.refresh_from_db()
    assert (mei.display_name, mei.avatar_id, mei.ui_language) == ("b", avatar, "")


def test_settings_errors_show_next_to_their_field_in_the_members_language(mei_client, mei):
    fake = factories.upload("cat.jpg", b"this is not a picture", "image/jpeg")
    response = mei_client.post("/settings", {"display_name": "小美", "avatar": fake, "ui_language": "zh-hans"})
    assert response.status_code == 400
    assert response.context["form"].errors["avatar"]
    assert response["Content-Language"] == "zh-hans"
    mei.refresh_from_db()
    assert mei.avatar is None
    response = mei_client.post("/settings", {"display_name": "小美", "bio": "x" * 301})
    assert response.status_code == 400 and "bio" in response.context["form"].errors


def test_language_switch_for_a_visitor_sets_the_cookie(client, db):
    response = client.post("/language", {"language": "en", "next": "/topics/x"})
    assert response.status_code == 302 and response["Location"] == "/topics/x"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page["Content-Language"] == "en"


def test_language_switch_for_a_member_saves_it(mei_client, mei):
    mei_client.post("/language", {"language": "en"})
    mei.refresh_from_db()
    assert mei.ui_language == "en"
    assert mei_client.post("/language", {"language": "fr"}).status_code == 400


def test_unblock_from_settings(mei_client, mei, alex):
    from redleaf.accounts.services import block_create

    block_create(blocker=mei, blocked=alex)
    html = mei_client.get("/settings").content.decode()
    assert reverse("accounts:unblock", args=["alex"]) in html
    response = mei_client.post(reverse("accounts:unblock", args=["alex"]))
    assert response.status_code == 302
    assert mei_client.get("/u/alex").status_code == 200
    assert mei_client.post(reverse("accounts:unblock", args=["alex"])).status_code == 404
