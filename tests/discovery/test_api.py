"""Discovery in the API: /feed/explore keeps its shape and gains a reason per item; explore settings,
marks and their undo, the view beacon, and clear 4xx answers for bad input."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient
from tests.discovery.conftest import established, new_visit, note

V1 = "/api/v1"
pytestmark = pytest.mark.django_db


@pytest.fixture
def api(db):
    def make(user=None, **headers) -> ApiClient:
        return ApiClient(user, **headers)

    return make


@pytest.fixture
def notes(mei, alex, chen):
    established(mei, alex, chen)
    return [note([mei, alex, chen][i % 3], f"笔记 {i} #{['美食', 'travel'][i % 2]}") for i in range(6)]


def test_explore_keeps_its_shape_and_adds_a_reason(api, notes, reader):
    body = api(reader).ok("GET", f"{V1}/feed/explore?limit=4")
    assert set(body) == {"items", "next_cursor"} and len(body["items"]) == 4
    item = body["items"][0]
    assert {"id", "author", "title", "images", "topics", "counts", "viewer", "state", "published_at"} <= set(item)
    assert set(item["reason"]) == {"code", "text"} and item["reason"]["text"]
    rest = api(reader).ok("GET", f"{V1}/feed/explore?cursor={body['next_cursor']}")
    assert not {i["id"] for i in rest["items"]} & {i["id"] for i in body["items"]}
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None


def test_guests_get_popular_notes_with_a_reason(api, notes):
    body = api().ok("GET", f"{V1}/feed/explore")
    assert len(body["items"]) == 6 and {i["reason"]["code"] for i in body["items"]} == {"popular"}


def test_reasons_speak_the_members_language(api, notes, mei):
    body = api(mei).ok("GET", f"{V1}/feed/explore")  # mei's interface is Chinese
    assert body["items"][0]["reason"]["text"] == "红叶热门"


@pytest.mark.parametrize("cursor", ["%%%", "WzFd", "x" * 300, "WyJzIiwiMSIsMV0"])  # the last: ["s","1",1]
def test_bad_cursors(api, notes, reader, cursor):
    api(reader).fails("GET", f"{V1}/feed/explore?cursor={cursor}", 400, "bad_cursor")


def test_settings_read_and_change(api, notes, reader):
    client = api(reader)
    assert client.ok("GET", f"{V1}/me/discovery") == {
        "personalised": True, "onboarded": False, "topics": [], "read_languages": ["zh", "en"], "learning_languages": []}
    body = client.ok("PATCH", f"{V1}/me/discovery", json={"topics": ["美食", "#Travel"], "read_languages": ["zh"],
                                                           "learning_languages": ["en"], "onboarded": True})
    assert [t["name"] for t in body["topics"]] == ["美食", "travel"] and body["onboarded"] is True
    assert body["learning_languages"] == ["en"]
    assert client.ok("PATCH", f"{V1}/me/discovery", json={"personalised": False})["personalised"] is False
    assert {i["reason"]["code"] for i in client.ok("GET", f"{V1}/feed/explore")["items"]} == {"not_personalised"}


@pytest.mark.parametrize(("payload", "code"), [
    ({"topics": ["no-such-topic"]}, "unknown_topic"),
    ({"topics": ["bad\x00name"]}, "unknown_topic"),
    ({"read_languages": ["fr"]}, "unknown_language"),
    ({"topics": "美食"}, "invalid_request"),
])
def test_settings_refuse_bad_input(api, notes, reader, payload, code):
    api(reader).fails("PATCH", f"{V1}/me/discovery", 400, code, json=payload)


def test_marks_made_listed_and_undone(api, notes, reader, alex):
    client = api(reader)
    made = client.ok("POST", f"{V1}/me/discovery/marks", 201, json={"kind": "not_interested", "note_id": str(notes[0].pk)})
    assert made["kind"] == "not_interested" and made["note_id"] == str(notes[0].pk)
    author = client.ok("POST", f"{V1}/me/discovery/marks", 201, json={"kind": "less_author", "author": "alex"})
    topic = client.ok("POST", f"{V1}/me/discovery/marks", 201, json={"kind": "less_topic", "topic": "travel"})
    assert author["author"]["username"] == "alex" and topic["topic"] == "travel"
    listed = client.ok("GET", f"{V1}/me/discovery/marks")["items"]
    assert [m["id"] for m in listed] == [topic["id"], author["id"], made["id"]]
    new_visit()
    shown = {i["id"] for i in client.ok("GET", f"{V1}/feed/explore")["items"]}
    assert shown == {str(n.pk) for n in notes if n.author_id != alex.pk and "travel" not in n.title} - {str(notes[0].pk)}
    client.ok("DELETE", f"{V1}/me/discovery/marks/{made['id']}", 204)
    client.fails("DELETE", f"{V1}/me/discovery/marks/{made['id']}", 404, "mark_not_found")
    client.fails("DELETE", f"{V1}/me/discovery/marks/banana", 404, "mark_not_found")


@pytest.mark.parametrize(("payload", "status", "code"), [
    ({"kind": "not_interested", "note_id": "1"}, 404, "note_not_found"),  # unknown note
    ({"kind": "not_interested", "note_id": "abc"}, 404, "note_not_found"),
    ({"kind": "not_interested"}, 400, "note_required"),
    ({"kind": "adore", "note_id": "1"}, 400, "unknown_mark"),
    ({"kind": "less_author", "author": "nobody_here"}, 404, "user_not_found"),
    ({"kind": "less_topic", "topic": "no-such-topic"}, 400, "unknown_topic"),
])
def test_bad_marks_are_clear_4xx(api, notes, reader, payload, status, code):
    error = api(reader).fails("POST", f"{V1}/me/discovery/marks", status, code, json=payload)
    if code == "unknown_topic":
        assert error["field"] == "topic"  # the field that was sent


def test_marking_twice_is_a_409_and_own_notes_cannot_be_marked(api, notes, reader, mei):
    client = api(reader)
    client.ok("POST", f"{V1}/me/discovery/marks", 201, json={"kind": "hide", "note_id": str(notes[0].pk)})
    client.fails("POST", f"{V1}/me/discovery/marks", 409, "already_marked", json={"kind": "hide", "note_id": str(notes[0].pk)})
    api(mei).fails("POST", f"{V1}/me/discovery/marks", 400, "own_note", json={"kind": "hide", "note_id": str(notes[0].pk)})


def test_the_view_beacon(api, notes, reader):
    client = api(reader)
    client.ok("POST", f"{V1}/notes/{notes[0].pk}/views", 204, json={"seconds": 12})
    new_visit()
    assert str(notes[0].pk) not in {i["id"] for i in client.ok("GET", f"{V1}/feed/explore")["items"]}
    client.fails("POST", f"{V1}/notes/{notes[0].pk}/views", 400, "bad_seconds", json={"seconds": -1})
    client.fails("POST", f"{V1}/notes/1/views", 404, "note_not_found", json={"seconds": 3})
    api().fails("POST", f"{V1}/notes/{notes[0].pk}/views", 401, "unauthenticated", json={"seconds": 3})


def test_topic_choices_for_onboarding(api, notes):
    names = [t["name"] for t in api().ok("GET", f"{V1}/discovery/topics")]
    assert set(names) == {"美食", "travel"}
