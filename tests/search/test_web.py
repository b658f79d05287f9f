"""The search page and its fragments, as a browser without script sees them (the browser journey is in
test_browser.py): tabs, filters, highlighted matches, the hot list, the moderators' page, bad input."""

from __future__ import annotations

import pytest
from django.test import Client

from redleaf.moderation import services as moderation_services
from redleaf.search import services
from tests import factories
from tests.search.conftest import note

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes(mei, alex):
    made = [note(mei, "我家猫咪超可爱", "橘猫团子 #萌宠", images=1), note(alex, "Cat tax, as promised", "My cats")]
    services.search_reindex()
    return made


def member(user) -> Client:
    client = Client()
    client.login(username=user.username, password=factories.PASSWORD)
    return client


def test_the_header_has_a_search_box_on_every_page(db):
    page = Client().get("/").content.decode()
    assert 'role="search"' in page and 'action="/search"' in page and "data-suggest-url" in page


def test_results_are_highlighted_cards(notes):
    page = Client().get("/search?q=maomi").content.decode()
    assert "我家<mark>猫咪</mark>超可爱" in page and "data-waterfall" in page
    english = Client().get("/search?q=cats", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<mark>Cat</mark> tax" in english
    assert 'href="?q=cats&amp;type=users"' in english  # the tabs


def test_people_and_topics_tabs(notes):
    people = Client().get("/search?q=xiaomei&type=users").content.decode()
    assert "<mark>小美</mark>" in people or "小美" in people
    assert "/u/mei" in people
    topics = Client().get("/search?q=萌宠&type=topics").content.decode()
    assert "/topics/%E8%90%8C%E5%AE%A0" in topics


def test_next_page_is_a_fragment_of_cards(settings, mei):
    for i in range(5):
        note(mei, f"抹茶 {i}")
    page = Client().get("/search?q=抹茶&cursor=").content.decode()
    assert page.count('class="card"') == 5
    settings.FEED_PAGE_SIZE = 2
    from redleaf.search import selectors

    first = selectors.search(viewer=None, params=selectors.clean_params(q="抹茶", size=2))
    fragment = Client().get(f"/search?q=抹茶&cursor={first.next_cursor}", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and fragment.count('class="card"') >= 1


def test_empty_search_shows_the_hot_list(notes, mei, settings):
    settings.SEARCH_HOT_MIN_SEARCHERS = 1
    Client(REMOTE_ADDR="10.1.1.1").get("/search?q=猫咪")
    page = Client().get("/search").content.decode()
    assert "hot-list" in page and "猫咪" in page


def test_suggestions_fragment(notes):
    fragment = Client().get("/search/suggest?q=meng").content.decode()
    assert 'role="option"' in fragment and "萌宠" in fragment and "<html" not in fragment


def test_moderators_page_hides_a_hot_search(notes, mei, mod_lin, settings):
    settings.SEARCH_HOT_MIN_SEARCHERS = 1
    Client(REMOTE_ADDR="10.1.1.2").get("/search?q=猫咪")
    assert member(mei).get("/search/hot").status_code == 403
    moderation_services.moderator_add(user=mod_lin, languages=["zh", "en"])
    moderator = member(mod_lin)
    page = moderator.get("/search/hot").content.decode()
    assert "猫咪" in page and "hot-bar" in page
    moderator.post("/search/hot/hidden", {"key": "猫咪", "hidden": "1"})
    assert "猫咪" not in Client().get("/search").content.decode().split("hot-title")[1]
    assert moderator.post("/search/hot/hidden", {"key": "nope", "hidden": "1"}).status_code == 404


@pytest.mark.parametrize("query", ["q=" + "猫" * 10_000, "q=%00", "q=%22*NEAR%3A-()", "q=🐱", "q=", "q=%01%02",
                                   "q=cat&sort=best", "q=cat&media=video", "q=cat&since=never", "q=cat&type=x",
                                   "q=cat&cursor=zzz", "q=cat&scope=boards", "q=cat&board=-1"])
def test_bad_input_on_the_page_is_never_a_500(notes, query):
    response = Client().get(f"/search?{query}")
    assert response.status_code in (200, 400, 401, 302), response.status_code
    if response.status_code == 400:
        assert "error" in response.content.decode().lower() or "valid" in response.content.decode().lower()
