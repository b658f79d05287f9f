"""Every browsing page renders for visitors and members, in the site's look."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests import factories
from tests.web.conftest import HTMX

pytestmark = pytest.mark.django_db


def cards(html: str) -> list[str]:
    return re.findall(r'<a class="card-link" href="/notes/(\d+)"', html)


def test_explore_for_a_visitor_shows_cards_topics_and_the_shell(client, mei):
    note = factories.make_note(mei, title="番茄牛腩 #美食")
    text_only = factories.make_note(mei, title="Just words", images=0)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert set(cards(html)) == {str(note.pk), str(text_only.pk)}
    assert "番茄牛腩" in html and "card-text" in html  # a picture card and a text card
    assert 'href="/topics/%E7%BE%8E%E9%A3%9F"' in html  # trending strip
    assert note.cover.thumb_url in html and 'loading="lazy"' in html
    assert f'data-blurhash="{note.cover.blurhash}"' in html
    assert "web/vendor/htmx.min.js" in html and 'hx-headers=\'{"X-CSRFToken"' in html
    assert 'href="/notes/new"' in html  # the post button
    assert reverse("accounts:login") in html and reverse("accounts:signup") in html
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html  # nothing remote


def test_explore_for_a_member_shows_their_menu_and_liked_state(mei_client, mei, alex):
    from redleaf.discovery.services import interests_update
    from redleaf.engagement.services import like_create

    note = factories.make_note(alex, title="Morning run")
    other = factories.make_note(alex, title="Evening swim")
    like_create(user=mei, note=note)
    html = mei_client.get("/").content.decode()
    assert str(other.pk) in html
    assert reverse("accounts:profile", args=["mei"]) in html
    assert reverse("accounts:logout") in html
    # Personalised explore never shows a note again once liked (discovery); the feed that is the same
    # for everyone shows it, with mei's like.
    assert str(note.pk) not in html
    interests_update(user=mei, personalised=False)
    assert "card-likes is-liked" in mei_client.get("/").content.decode()


def test_explore_empty_state(client, db):
    html = client.get("/").content.decode()
    assert 'class="empty"' in html and "waterfall" not in html.split("<main")[1].split("</main>")[0]


def test_following_needs_login(client):
    response = client.get("/following")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=/following")


def test_following_feed_shows_followed_members_notes(mei_client, mei, alex, mod_lin):
    from redleaf.accounts.services import follow_create

    followed = factories.make_note(alex, title="from alex")
    factories.make_note(mod_lin, title="from lin")
    follow_create(follower=mei, followee=alex)
    html = mei_client.get("/following").content.decode()
    assert cards(html) == [str(followed.pk)]


def test_following_empty_state_suggests_people_from_explore(mei_client, alex):
    factories.make_note(alex, title="hello")
    html = mei_client.get("/following").content.decode()
    assert "empty" in html
    assert reverse("accounts:follow", args=["alex"]) in html  # follow right from the suggestion
    assert reverse("web:explore") in html


def test_topic_page_has_header_count_and_waterfall(client, mei, alex):
    first = factories.make_note(mei, title="猫 #猫咪")
    second = factories.make_note(alex, title="cat #猫咪")
    factories.make_note(alex, title="unrelated #travel")
    response = client.get("/topics/猫咪")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>猫咪</h1>" in html
    assert set(cards(html)) == {str(first.pk), str(second.pk)}
    assert re.search(r"2 notes|2 篇", html)


def test_unknown_topic_is_a_404_in_the_sites_look(client, db):
    response = client.get("/topics/nothing-here")
    assert response.status_code == 404
    assert "error-page" in response.content.decode()


def test_topic_with_a_slash_in_its_name(client, mei):
    factories.make_note(mei, title="#a/b test")
    assert client.get(reverse("web:topic", args=["a/b"])).status_code == 200


@pytest.mark.parametrize("path", ["/login", "/signup"])
def test_auth_pages_render_for_visitors(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'name="username"' in response.content.decode()


def test_auth_pages_send_members_home(mei_client):
    assert mei_client.get("/login").status_code == 302
    assert mei_client.get("/signup").status_code == 302


def test_settings_needs_login_and_renders_for_members(client, mei_client):
    assert client.get("/settings").status_code == 302
    response = mei_client.get("/settings")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html and 'value="小美"' in html


def test_profile_tabs_for_a_visitor(client, mei):
    published = factories.make_note(mei, title="published")
    factories.make_note(mei, title="secret draft", draft=True)
    html = client.get("/u/mei").content.decode()
    assert cards(html) == [str(published.pk)]
    assert "secret draft" not in html
    assert "@mei" in html and "小美" in html
    assert reverse("accounts:profile_likes", args=["mei"]) not in html  # likes are the owner's only
    assert client.get("/u/mei/likes").status_code == 404
    boards = client.get("/u/mei/boards")
    assert boards.status_code == 200
    assert "board-covers" not in boards.content.decode()  # the default board is private


def test_profile_owner_sees_drafts_labelled_and_likes_tab(mei_client, mei, alex):
    from redleaf.engagement.services import like_create

    draft = factories.make_note(mei, title="my draft", draft=True)
    html = mei_client.get("/u/mei").content.decode()
    assert str(draft.pk) in cards(html)
    assert "card-badge is-draft" in html
    assert reverse("accounts:settings") in html  # edit profile
    liked = factories.make_note(alex, title="liked one")
    like_create(user=mei, note=liked)
    likes = mei_client.get("/u/mei/likes").content.decode()
    assert cards(likes) == [str(liked.pk)]
    boards = mei_client.get("/u/mei/boards").content.decode()
    assert 'href="/boards/' in boards  # their private default board is listed for them


def test_public_board_shows_on_profile_with_covers(client, mei, alex):
    from redleaf.engagement.services import board_create, collect_create

    board = board_create(owner=mei, name="Cats")
    note = factories.make_note(alex, title="a cat")
    collect_create(user=mei, note=note, board=board)
    html = client.get("/u/mei/boards").content.decode()
    assert f'href="/boards/{board.pk}"' in html
    assert note.cover.thumb_url in html


def test_unknown_profile_is_404(client, db):
    assert client.get("/u/nobody_here").status_code == 404


def test_member_without_avatar_gets_a_coloured_initial(client, mei):
    html = client.get("/u/mei").content.decode()
    assert re.search(r'class="avatar avatar-initial[^"]*" style="--size: 84px; background-color: #[0-9a-f]{6}"', html)
    assert ">小</span>" in html


def test_profile_tab_switch_is_a_boosted_full_page(mei_client, mei):
    """Tabs are boosted links: HTMX asks for the whole page and keeps only the tab panel."""
    factories.make_note(mei, title="one")
    response = mei_client.get("/u/mei/boards", **HTMX, HTTP_HX_BOOSTED="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="profile-tab"' in html and "<html" in html


def test_404_and_500_templates_render_standalone(rf, db):
    from django.template import loader

    html = loader.get_template("500.html").render({})
    assert "500" in html and "redleaf.css" in html
    assert "error-page" in loader.get_template("404.html").render({}, rf.get("/x"))


@pytest.mark.parametrize("path", ["/", "/following", "/topics/food", "/u/alex", "/u/alex/boards", "/u/mei",
                                  "/u/mei/boards", "/u/mei/likes", "/settings"])
def test_member_pages_render(mei_client, mei, alex, path):
    factories.make_note(alex, title="hello #food")
    response = mei_client.get(path)
    assert response.status_code == 200
    assert 'class="tabbar"' in response.content.decode()


def test_following_cards_say_when_and_profiles_say_since_when(mei_client, client, mei, alex):
    from redleaf.accounts.services import follow_create

    follow_create(follower=mei, followee=alex)
    factories.make_note(alex, title="just now")
    html = mei_client.get("/following", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<time class="card-time"' in html
    assert '<time class="card-time"' not in mei_client.get("/").content.decode()
    profile = client.get("/u/alex", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Joined {alex.date_joined:%B %Y}" in profile


def test_an_action_url_opened_as_a_page_gets_a_page_not_an_empty_405(client, mei_client):
    for who in (client, mei_client):
        response = who.get("/discover/marks", HTTP_ACCEPT_LANGUAGE="en")
        html = response.content.decode()
        assert response.status_code == 405 and "POST" in response["Allow"]
        assert 'class="error-page"' in html and "<html" in html and 'href="/"' in html
    assert client.get("/api/v1/feed/explore", REQUEST_METHOD="DELETE").status_code == 405  # the API keeps its own


def test_start_again_after_a_rejected_form_goes_back_to_the_page_it_came_from(mei_client):
    response = mei_client.post("/discover/marks", {"kind": "bogus"}, HTTP_REFERER="http://testserver/topics/cats")
    html = response.content.decode()
    assert response.status_code == 400 and 'href="http://testserver/topics/cats"' in html
    response = mei_client.post("/discover/marks", {"kind": "bogus"}, HTTP_REFERER="https://evil.example/")
    assert 'href="/"' in response.content.decode() and "evil.example" not in response.content.decode()


def test_a_visitor_on_a_members_only_search_is_offered_to_log_in_and_come_back(client):
    response = client.get("/search", {"q": "cat", "scope": "mine"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 401
    assert "?next=%2Fsearch%3Fq%3Dcat%26scope%3Dmine" in html
