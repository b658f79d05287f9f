"""Discovery in the browser, without one: onboarding after sign-up, each card's "why" menu and
marks (HTMX and plain forms), undo from a card and from the explore settings, the personalisation
switch, the view beacon and the public page explaining explore."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from redleaf.discovery import services
from redleaf.discovery import weights as W
from redleaf.discovery.models import InterestProfile, Mark
from tests import factories
from tests.discovery.conftest import established, note

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def cards(html: str) -> list[str]:
    return re.findall(r'<a class="card-link" href="/notes/(\d+)"', html)


@pytest.fixture
def notes(mei, alex, chen):
    established(mei, alex, chen)
    return [note([mei, alex, chen][i % 3], f"笔记 {i} #{['美食', 'travel', '萌宠'][i % 3]}") for i in range(6)]


@pytest.fixture
def browser(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client


def test_sign_up_then_onboarding_then_a_first_page_that_is_already_yours(client, notes):
    response = client.post("/signup", {"username": "newbie", "password": factories.PASSWORD, "ui_language": "en",
                                       "languages": ["en"]})
    assert response["Location"] == "/discover/welcome?next=%2F"
    page = client.get(response["Location"]).content.decode()
    assert "What do you like?" in page and "#萌宠" in page and 'name="learning"' in page
    pets = notes[2].topics.get()
    response = client.post("/discover/welcome", {"topics": [pets.pk], "read": ["en"], "learning": ["zh"], "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    profile = InterestProfile.objects.get(user__username="newbie")
    assert (profile.chosen_topics, profile.read_languages, profile.learning_languages) == ([pets.pk], ["en"], ["zh"])
    html = client.get("/").content.decode()
    assert cards(html)[:2] == [str(notes[5].pk), str(notes[2].pk)]
    assert "Because you chose #萌宠 as an interest" in html
    assert "Pick your interests" not in html  # answered


def test_onboarding_can_be_skipped_and_refuses_bad_answers(browser, notes):
    assert browser.post("/discover/welcome", {"skip": "1", "next": "/u/mei"})["Location"] == "/u/mei"
    assert InterestProfile.objects.get(user__username="reader").onboarded_at is not None
    response = browser.post("/discover/welcome", {"topics": ["999999"]}, **EN)
    assert response.status_code == 400 and "That topic does not exist." in response.content.decode()
    response = browser.post("/discover/welcome", {"read": ["fr"]}, **EN)
    assert response.status_code == 400 and "Unknown language" in response.content.decode()
    assert browser.post("/discover/welcome", {"next": "https://evil.example/"})["Location"] == "/"


def test_every_explore_card_offers_why_and_marks(browser, notes):
    html = browser.get("/", **EN).content.decode()
    assert html.count("Why am I seeing this?") >= 6
    assert html.count('name="kind" value="not_interested"') == 6
    assert 'href="/discover/how"' in html and 'href="/settings/explore"' in html
    assert "Pick your interests" in html and 'aria-pressed="true"' in html  # the personalisation switch


def test_visitors_see_why_but_no_marks(client, notes):
    html = client.get("/", **EN).content.decode()
    assert "Popular on Redleaf" in html and 'value="not_interested"' not in html


def test_not_interested_in_place_then_undo_from_the_card(browser, notes):
    target = notes[0]
    response = browser.post("/discover/marks", {"kind": "not_interested", "note_id": target.pk,
                                                "reason": '{"code": "popular", "params": {}}'}, **HTMX, **EN)
    html = response.content.decode()
    assert response.status_code == 200 and "card-dismissed" in html and "Undo" in html and "<html" not in html
    mark = Mark.objects.get(user__username="reader")
    assert str(target.pk) not in cards(browser.get("/").content.decode())
    response = browser.post(f"/discover/marks/{mark.pk}/undo", {"from": "card", "reason": '{"code": "popular"}'},
                            **HTMX, **EN)
    html = response.content.decode()
    assert f'href="/notes/{target.pk}"' in html and "Popular on Redleaf" in html and not Mark.objects.exists()


def test_fewer_from_an_author_undone_from_the_card_brings_the_card_back(browser, notes):
    target = notes[0]
    response = browser.post("/discover/marks", {"kind": "less_author", "note_id": target.pk,
                                                "reason": '{"code": "popular", "params": {}}'}, **HTMX, **EN)
    html = response.content.decode()
    assert "You will not see notes from" in html and f'name="note_id" value="{target.pk}"' in html  # for Undo
    mark = Mark.objects.get(user__username="reader")
    assert mark.note_id is None  # a mark on the author, not on the note
    response = browser.post(f"/discover/marks/{mark.pk}/undo", {"from": "card", "reason": '{"code": "popular"}',
                                                                "note_id": target.pk}, **HTMX, **EN)
    html = response.content.decode()
    assert f'href="/notes/{target.pk}"' in html and "no longer available" not in html and not Mark.objects.exists()
    for bad in ("abc", str(2**64)):  # a hand-made field: the plain "undone" notice, never a 500
        mark = services.mark_create(user=mark.user, kind="less_author", note_id=target.pk)
        response = browser.post(f"/discover/marks/{mark.pk}/undo", {"from": "card", "note_id": bad}, **HTMX, **EN)
        assert response.status_code == 200 and "no longer available" in response.content.decode()


def test_marks_without_script_and_undo_from_settings(browser, notes, alex):
    response = browser.post("/discover/marks", {"kind": "less_author", "note_id": notes[1].pk, "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    browser.post("/discover/marks", {"kind": "hide", "note_id": notes[0].pk})
    page = browser.get("/settings/explore", **EN).content.decode()
    assert "Alex" in page and "Hidden" in page and "Fewer from this member" in page
    mark = Mark.objects.get(kind="less_author")
    response = browser.post(f"/discover/marks/{mark.pk}/undo", {"next": "/settings/explore#marks"})
    assert response["Location"] == "/settings/explore#marks" and not Mark.objects.filter(kind="less_author").exists()
    assert browser.post("/discover/marks/12345/undo").status_code == 404


@pytest.mark.parametrize(("data", "status"), [
    ({"kind": "not_interested", "note_id": "1"}, 404),  # an unknown note
    ({"kind": "not_interested", "note_id": "zzz"}, 404),
    ({"kind": "whatever", "note_id": "1"}, 400),
    ({"kind": "less_topic", "topic": "no-such"}, 400),
])
def test_bad_marks_are_pages_with_a_4xx(browser, notes, data, status):
    assert browser.post("/discover/marks", data).status_code == status
    response = browser.post("/discover/marks", data, **HTMX)
    assert response.status_code == status and "notice-error" in response.content.decode()


def test_marks_and_settings_need_a_member(client, notes):
    assert client.post("/discover/marks", {"kind": "hide", "note_id": notes[0].pk}).status_code == 302
    assert client.get("/settings/explore").status_code == 302
    assert client.get("/discover/welcome").status_code == 302
    assert not Mark.objects.exists()


def test_the_personalisation_switch(browser, notes, reader):
    response = browser.post("/discover/personalisation", {"personalised": "off", "next": "/"})
    assert response["Location"] == "/" and not InterestProfile.objects.get(user=reader).personalised
    html = browser.get("/", **EN).content.decode()
    assert "Popular and recent, the same for everyone (not personalised)" in html and 'aria-pressed="false"' in html
    browser.post("/discover/personalisation", {"personalised": "on"})
    assert InterestProfile.objects.get(user=reader).personalised


def test_explore_settings_save_interests_and_reset(browser, notes, reader):
    pets = notes[2].topics.get()
    response = browser.post("/settings/explore", {"personalised": "on", "topics": [pets.pk], "read": ["zh", "en"]})
    assert response["Location"] == "/settings/explore"
    assert InterestProfile.objects.get(user=reader).chosen_topics == [pets.pk]
    services.interest_learn(user_id=reader.pk, note_id=notes[1].pk, action="collect")
    learned = browser.get("/settings/explore", **EN).content.decode().split("What explore has learned")[2]
    assert re.search(r'<th scope="row">#travel</th><td><span class="dv-bar" style="width: 67%"', learned)  # 4 of 6
    browser.post("/settings/explore", {"action": "reset"})
    profile = InterestProfile.objects.get(user=reader)
    assert profile.interactions == 0 and list(profile.topics) == [str(pets.pk)] and profile.chosen_topics == [pets.pk]
    page = browser.get("/settings/explore", **EN).content.decode()
    assert "Reset what explore learned" in page and f'value="{pets.pk}" checked' in page
    assert 'href="/settings/explore"' in browser.get("/settings", **EN).content.decode()  # from the accounts page


def test_the_view_beacon(browser, client, notes, reader):
    note_page = browser.get(f"/notes/{notes[0].pk}").content.decode()
    assert f'data-view-url="/discover/views/{notes[0].pk}"' in note_page
    assert browser.post(f"/discover/views/{notes[0].pk}", {"seconds": "15"}).status_code == 204
    profile = InterestProfile.objects.get(user=reader)
    assert str(notes[0].pk) in profile.seen and profile.interactions == 1  # opened for 15 s: one long view
    assert browser.post(f"/discover/views/{notes[0].pk}", {"seconds": "nope"}).status_code == 400
    assert browser.post("/discover/views/1", {"seconds": "3"}).status_code == 404
    assert client.post(f"/discover/views/{notes[0].pk}", {"seconds": "3"}).status_code == 204  # visitors: ignored
    assert "data-view-url" not in client.get(f"/notes/{notes[0].pk}").content.decode()


def test_the_public_page_explains_the_main_parameters(client, db):
    html = client.get("/discover/how", **EN).content.decode()
    assert "How explore works" in html and "Article 27" in html
    for _group, label, _text, weight in W.parameters():
        with translation.override("en"):
            assert str(label) in html
        assert f"{weight:.2f}" in html
    assert 'href="/discover/how"' in client.get("/").content.decode()  # linked from every page's footer


def test_an_empty_site_and_a_member_who_blocked_everyone_get_the_empty_page(browser, reader, db):
    html = browser.get("/", **EN).content.decode()
    assert browser.get("/").status_code == 200 and 'class="empty"' in html
    from redleaf.accounts import services as accounts

    authors = [factories.make_user(f"author{i}") for i in range(3)]
    for author in authors:
        note(author, "hello")
        accounts.block_create(blocker=reader, blocked=author)
    response = browser.get("/", **EN)
    assert response.status_code == 200 and 'class="empty"' in response.content.decode()
    assert browser.get("/?cursor=WyJzIiwiMSIsMV0").status_code == 400  # a session that is not theirs
