"""GET /api/v1/search and its friends, through the real API: results, cursors, suggestions, the hot list
and moderators hiding a hot search; and every kind of bad input gets results or a clear 4xx."""

from __future__ import annotations

import pytest
from django.db.models import F

from redleaf.moderation import services as moderation_services
from redleaf.search import services
from redleaf.search.models import HotQuery, QueryHit
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


def test_hot_list_counts_each_searcher_once_and_moderators_hide(notes, mei, alex, mod_lin, monkeypatch):
    import time
    from types import SimpleNamespace

    now = time.time()  # one hour throughout (a run across an hour's turn would count everyone twice)
    monkeypatch.setattr(services, "time", SimpleNamespace(time=lambda: now, perf_counter=time.perf_counter))
    # Three searchers (mei wrote the note: her own search does not count).
    for client in (ApiClient(alex), ApiClient(REMOTE_ADDR="10.0.0.9"), ApiClient(REMOTE_ADDR="10.0.0.10")):
        client.ok("GET", f"{SEARCH}?q=火锅")
        client.ok("GET", f"{SEARCH}?q=火锅")  # the same person again: not counted twice
    ApiClient(alex).ok("GET", f"{SEARCH}?q=猫咪")
    assert [h["text"] for h in ApiClient().ok("GET", "/api/v1/search/hot")["items"]] == ["火锅"]  # one searcher
    assert "猫咪" not in [i["label"] for i in ApiClient().ok("GET", "/api/v1/search/suggestions?q=mao")["items"]
                        if i["kind"] == "hot"]
    for _later in (1, 2):  # the same member again, in later hours, is still one searcher
        QueryHit.objects.filter(key="猫咪").update(hour=F("hour") - 1)
        ApiClient(alex).ok("GET", f"{SEARCH}?q=猫咪")
    assert HotQuery.objects.get(key="猫咪").searches == 1
    ApiClient(mod_lin).ok("GET", f"{SEARCH}?q=猫咪*")  # search syntax around it: the same query
    ApiClient(REMOTE_ADDR="10.0.0.7").ok("GET", f'{SEARCH}?q="猫咪"')
    hot = {h["text"]: h["value"] for h in ApiClient().ok("GET", "/api/v1/search/hot")["items"]}
    assert set(hot) == {"火锅", "猫咪"} and 2.9 < hot["火锅"] <= 3.0
    assert "火锅" in [i["label"] for i in ApiClient().ok("GET", "/api/v1/search/suggestions?q=huo")["items"]]
    ApiClient(mei).fails("POST", "/api/v1/search/hot/hidden", 403, "not_moderator", json={"query": "火锅"})
    moderation_services.moderator_add(user=mod_lin, languages=["zh", "en"])
    done = ApiClient(mod_lin).ok("POST", "/api/v1/search/hot/hidden", json={"query": "火锅"})
    assert done["hidden"] is True
    assert [h["text"] for h in ApiClient().ok("GET", "/api/v1/search/hot")["items"]] == ["猫咪"]
    assert "火锅" not in [i["label"] for i in ApiClient().ok("GET", "/api/v1/search/suggestions?q=huo")["items"]]
    ApiClient(mod_lin).fails("POST", "/api/v1/search/hot/hidden", 404, "hot_query_not_found", json={"query": "nope"})
    for empty in ("", "  ", "***"):
        ApiClient(mod_lin).fails("POST", "/api/v1/search/hot/hidden", 400, "query_empty", json={"query": empty})


def test_junk_and_stop_words_never_trend(notes, settings):
    settings.SEARCH_HOT_MIN_SEARCHERS = 1
    for q in ["cat'; DROP TABLE notes; --", "的", "the", "***"]:
        ApiClient(REMOTE_ADDR="10.0.0.8").request("GET", SEARCH, QUERY_STRING=_qs(q))
    texts = [h["text"] for h in ApiClient().ok("GET", "/api/v1/search/hot")["items"]]
    assert "的" not in texts and "the" not in texts and not any(set(t) & set("';*-") for t in texts), texts


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


def _cursor(state: dict) -> str:
    import base64
    import json
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


@pytest.mark.parametrize(("query", "code"), [
    ("since=2025-06-01T25:00:00", "bad_since"), ("since=2025-06-01T00:00:00%2B99:00", "bad_since"),
    ("sort=newest&cursor=" + _cursor({"o": "newest", "m": "all", "a": ["2025-06-01T25:00:00", 5]}), "bad_cursor"),
    ("sort=likes&cursor=" + _cursor({"o": "likes", "m": "any", "a": [10**30, 5]}), "bad_cursor"),
    ("sort=likes&cursor=" + _cursor({"o": "likes", "m": "any", "a": [-(10**30), 5]}), "bad_cursor")])
def test_impossible_times_and_huge_numbers_are_400_not_500(notes, query, code):
    """Well-formed but impossible: hour 25, offset +99:00, a count no database integer holds."""
    response = ApiClient().request("GET", SEARCH, QUERY_STRING=f"q=cat&{query}")
    assert response.status_code == 400, response.content[:300]
    assert response.json()["error"]["code"] == code


def test_the_search_page_answers_an_impossible_since_without_a_500(client, notes):
    response = client.get("/search", {"q": "cat", "since": "2025-06-01T25:00:00"})
    assert response.status_code == 400


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
