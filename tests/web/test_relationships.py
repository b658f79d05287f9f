"""Follow, block and mute from the profile page, with and without HTMX."""

from __future__ import annotations

import pytest
from django.urls import reverse

from redleaf.accounts.models import Follow, Mute
from redleaf.accounts.services import block_create
from tests import factories
from tests.web.conftest import HTMX

pytestmark = pytest.mark.django_db


def test_profile_offers_follow_and_the_menu(mei_client, alex):
    html = mei_client.get("/u/alex").content.decode()
    assert f'hx-post="{reverse("accounts:follow", args=["alex"])}"' in html
    assert reverse("accounts:block", args=["alex"]) in html and reverse("accounts:mute", args=["alex"]) in html


def test_follow_in_place_with_htmx(mei_client, mei, alex):
    response = mei_client.post(reverse("accounts:follow", args=["alex"]), {"from": "profile"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert reverse("accounts:unfollow", args=["alex"]) in html
    assert 'id="followers-count" hx-swap-oob="true">1<' in html
    assert Follow.objects.filter(follower=mei, followee=alex).exists()
    # Following twice (a double tap) is not an error: the button just stays "Following".
    again = mei_client.post(reverse("accounts:follow", args=["alex"]), **HTMX)
    assert again.status_code == 200 and "followers-count" not in again.content.decode()
    response = mei_client.post(reverse("accounts:unfollow", args=["alex"]), {"from": "profile"}, **HTMX)
    assert reverse("accounts:follow", args=["alex"]) in response.content.decode()
    alex.refresh_from_db()
    assert alex.followers_count == 0


def test_follow_back_and_friends_labels(mei_client, mei, alex):
    from redleaf.accounts.services import follow_create

    follow_create(follower=alex, followee=mei)
    mei.ui_language = "en"  # her own setting wins over the browser's; read the page in English
    mei.save(update_fields=["ui_language"])
    html = mei_client.get("/u/alex", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Follows you" in html
    response = mei_client.post(reverse("accounts:follow", args=["alex"]), {"from": "profile"}, **HTMX)
    assert response.status_code == 200


def test_follow_without_htmx_redirects_back(mei_client, mei, alex):
    mei.ui_language = "en"
    mei.save(update_fields=["ui_language"])
    response = mei_client.post(reverse("accounts:follow", args=["alex"]), {"next": "/u/alex"})
    assert response.status_code == 302 and response["Location"] == "/u/alex"
    assert "You now follow" in mei_client.get("/u/alex", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_following_yourself_is_refused(mei_client):
    response = mei_client.post(reverse("accounts:follow", args=["mei"]), **HTMX, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "notice-error" in response.content.decode()


def test_visitors_are_sent_to_login(client, alex):
    response = client.post(reverse("accounts:follow", args=["alex"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    response = client.post(reverse("accounts:follow", args=["alex"]), **HTMX, HTTP_HX_CURRENT_URL="http://testserver/u/alex")
    assert response["HX-Redirect"] == "/login?next=%2Fu%2Falex"


def test_block_from_the_profile_hides_it_both_ways(mei_client, alex_client, mei, alex):
    from redleaf.accounts.services import follow_create

    follow_create(follower=alex, followee=mei)
    response = mei_client.post(reverse("accounts:block", args=["alex"]))
    assert response.status_code == 302 and response["Location"] == reverse("web:explore")
    assert mei_client.get("/u/alex").status_code == 404
    assert alex_client.get("/u/mei").status_code == 404
    assert not Follow.objects.filter(follower=alex, followee=mei).exists()
    # The blocked member cannot follow either: to them the blocker does not exist.
    assert alex_client.post(reverse("accounts:follow", args=["mei"])).status_code == 404


def test_blocked_members_notes_leave_the_blockers_pages(mei_client, mei, alex):
    note = factories.make_note(alex, title="alex's note")
    block_create(blocker=mei, blocked=alex)
    assert str(note.pk) not in mei_client.get("/").content.decode()


def test_mute_and_unmute(mei_client, mei, alex):
    note = factories.make_note(alex, title="alex's note")
    response = mei_client.post(reverse("accounts:mute", args=["alex"]))
    assert response.status_code == 302
    assert Mute.objects.filter(muter=mei, muted=alex).exists()
    html = mei_client.get("/u/alex").content.decode()
    assert reverse("accounts:unmute", args=["alex"]) in html
    assert str(note.pk) in html  # the profile still shows their notes
    assert str(note.pk) not in mei_client.get("/").content.decode()  # the feeds do not
    assert mei_client.post(reverse("accounts:mute", args=["alex"])).status_code == 302  # twice is fine
    mei_client.post(reverse("accounts:unmute", args=["alex"]))
    assert not Mute.objects.filter(muter=mei, muted=alex).exists()
    assert str(note.pk) in mei_client.get("/").content.decode()


def test_relationship_actions_are_posts(mei_client, alex):
    for name in ("follow", "unfollow", "block", "unblock", "mute", "unmute"):
        assert mei_client.get(reverse(f"accounts:{name}", args=["alex"])).status_code == 405
