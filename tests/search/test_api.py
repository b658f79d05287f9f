"""GET /api/v1/search and its friends, through the real API: results, cursors, suggestions, the hot list
and moderators hiding a hot search; and every kind of bad input gets results or a clear 4xx."""

from __future__ import annotations

import pytest

from redleaf.moderation import services as moderation_services
from redleaf.search import services
from tests.api.conftest import ApiClient
from tests.search.conftest import note

pytestmark = pytest.mark.django_db
SEARCH = "/api/v1/search"


@pytest.fixture
def notes(mei, alex):
    made = [note(mei, "我家猫咪超可爱", "橘猫团子 #萌宠"), note(alex, "Cat tax, as promised", "My cats #pets"),
            note(mei, "成都火锅天花板", "麻辣火锅 #美食")]
    services.search_reindex()
    return made


def test_notes_with_highlights_and_cursor(notes, mei):
    body = ApiClient().ok("GET", f"{SEARCH}?q=maomi")
    assert body["type"] == "notes" and body["items"][0]["title"] == "我家猫咪超可爱"
    item = body["items"][0]
    assert item["kind"] == "note" and item["highlight"]["title"] == [[2, 4]]  # 猫咪
    first = ApiClient().ok("GET", f"{SEARCH}?q=cat&limit=1")
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = ApiClient().ok("GET", f"{SEARCH}?q=cat&limit=1&cursor={first['next_cursor']}")
    assert second["items"][0]["id"] != first["items"][0]["id"]


def test_people_and_topics_tabs(notes):
    users = ApiClient().ok("GET", f"{SEARCH}?q=alex&type=users")
    assert [u["username"] for u in users["items"]] == ["alex"] and users["items"][0]["kind"] == "user"
    topics = ApiClient().ok("GET", f"{SEARCH}?q=mengchong&type=topics")
    assert [t["name"] for t in topics["items"]] == ["萌宠"]


def test_suggestions_by_pinyin_prefix_and_initials(notes, mei):
    services.words_learn(words=["小笼包"], source="topic")
    note(mei, "上海小笼包 #小笼包")
    services.search_reindex()
    for typed in ("xiaolong", "xlb", "小笼"):
        labels = [i["label"] for i in ApiClient().ok("GET", f"/api/v1/search/suggestions?q={typed}")["items"]]
        assert "小笼包" in labels, typed
    people = ApiClient().ok("GET", "/api/v1/search/suggestions?q=xiaomei")["items"]
    assert [(p["kind"], p["label"]) for p in people] == [("user", "小美")]


def test_suggestions_from_the_words_notes_use(notes, mei):
    note(mei, "上海小笼包", "皮薄汤多的小笼包")
    note(mei, "小笼包教程", "在家做小笼包")
    items = ApiClient().ok("GET", "/api/v1/search/suggestions?q=xlb")["items"]
    assert ("word", "小笼包") in [(i["kind"], i["label"]) for i in items]
    assert items[0]["url"].startswith("/search?q=")


def test_hot_list_counts_each_searcher_once_and_moderators_hide(notes, mei, alex, mod_lin):
    for who in (mei, alex, None):
        client = ApiClient(who) if who else ApiClient(REMOTE_ADDR="10.0.0.9")
        client.ok("GET", f"{SEARCH}?q=火锅")
        client.ok("GET", f"{SEARCH}?q=火锅")  # the same person again: not counted twice
    ApiClient(mei).ok("GET", f"{SEARCH}?q=猫咪")
    hot = ApiClient().ok("GET", "/api/v1/search/hot")["items"]
    assert [h["text"] for h in hot] == ["火锅", "猫咪"] and 2.9 < hot[0]["value"] <= 3.0
    assert "火锅" in [i["label"] for i in ApiClient().ok("GET", "/api/v1/search/suggestions?q=huo")["items"]]
    ApiClient(mei).fails("POST", "/api/v1/search/hot/hidden", 403, "not_moderator", json={"query": "火锅"})
    moderation_services.moderator_add(user=mod_lin, languages=["zh", "en"])
    done = ApiClient(mod_lin).ok("POST", "/api/v1/search/hot/hidden", json={"query": "火锅"})
    assert done["hidden"] is True
    assert [h["text"] for h in ApiClient().ok("GET", "/api/v1/search/hot")["items"]] == ["猫咪"]
    assert "火锅" not in [i["label"] for i in ApiClient().ok("GET", "/api/v1/search/suggestions?q=huo")["items"]]
    ApiClient(mod_lin).fails("POST", "/api/v1/search/hot/hidden", 404, "hot_query_not_found", json={"query": "nope"})


def test_own_notes_need_a_member(notes):
    ApiClient().fails("GET", f"{SEARCH}?q=cat&scope=mine", 401, "login_required")


@pytest.mark.parametrize("q", ["猫" * 10_000, "a" * 10_000, "🐱🐶🍲", '"*NEAR:-()', "cat\x00dog",
                               "'; DROP TABLE notes_note; --", "NEAR(cat dog)", "title:cat", "cat*", "-cat",
                               "AND", "猫 OR 狗", "\u202e猫咪", "{words}: cat", "猫^2"])
def test_odd_queries_answer_results_never_500(notes, q):
    response = ApiClient().request("GET", SEARCH, QUERY_STRING=_qs(q))
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert isinstance(body["items"], list)
    assert "syntax" not in response.content.decode().lower()


@pytest.mark.parametrize("q", ["", "   ", "！？。，、", "...", "\x00", "\x01\x02\x7f", "(", ")", '"', "%_\\", "*"])
def test_nothing_to_search_is_a_clear_400(notes, q):
    ApiClient().fails("GET", SEARCH, 400, "query_empty", QUERY_STRING=_qs(q))


@pytest.mark.parametrize(("query", "code", "field"), [
    ("type=people", "bad_type", "type"), ("sort=best", "bad_sort", "sort"), ("media=video", "bad_media", "media"),
    ("since=yesterday", "bad_since", "since"), ("since=2025-13-45", "bad_since", "since"),
    ("scope=everything", "bad_scope", "scope"), ("board=abc", "bad_board", "board"),
    ("cursor=notacursor", "bad_cursor", None), ("cursor=eyJvIjoibmV3ZXN0In0", "bad_cursor", None),
    ("limit=0", "bad_request", None), ("limit=abc", "bad_request", None)])
def test_unknown_filters_and_bad_cursors_are_400(notes, query, code, field):
    response = ApiClient().request("GET", SEARCH, QUERY_STRING=f"q=cat&{query}")
    assert response.status_code == 400, response.content[:300]
    error = response.json()["error"]
    assert (error["code"] == code or code == "bad_request") and error["message"]
    if field:
        assert error.get("field") == field


def test_suggestions_take_any_input(notes):
    for q in ["", "\x00", "*", "a" * 10_000, "🐱", '"NEAR"']:
        response = ApiClient().request("GET", "/api/v1/search/suggestions", QUERY_STRING=_qs(q))
        assert response.status_code == 200 and isinstance(response.json()["items"], list)


def test_openapi_documents_search():
    schema = ApiClient().ok("GET", "/api/v1/openapi.json")
    assert {"/api/v1/search", "/api/v1/search/suggestions", "/api/v1/search/hot"} <= set(schema["paths"])


def _qs(q: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": q})
