"""What every operation shares: the OpenAPI document, authentication (token and session with CSRF),
the error shape for unknown routes, methods, bad bodies and oversized requests, and language."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from tests import factories
from tests.api.conftest import ApiClient

V1 = "/api/v1"

# Every operation the foundation issue promises, as clients will call them.
OPERATIONS = {
    "/api/v1/auth/signup": {"post"},
    "/api/v1/auth/token": {"post", "delete"},
    "/api/v1/me": {"get", "patch"},
    "/api/v1/me/likes": {"get"},
    "/api/v1/notes": {"post"},
    "/api/v1/notes/{id}": {"get", "patch", "delete"},
    "/api/v1/notes/{id}/like": {"post", "delete"},
    "/api/v1/notes/{id}/collect": {"post", "delete"},
    "/api/v1/notes/{id}/comments": {"get", "post"},
    "/api/v1/comments/{id}": {"delete"},
    "/api/v1/comments/{id}/replies": {"get"},
    "/api/v1/comments/{id}/like": {"post", "delete"},
    "/api/v1/comments/{id}/pin": {"post", "delete"},
    "/api/v1/users/{username}": {"get"},
    "/api/v1/users/{username}/notes": {"get"},
    "/api/v1/users/{username}/boards": {"get"},
    "/api/v1/users/{username}/follow": {"post", "delete"},
    "/api/v1/users/{username}/block": {"post", "delete"},
    "/api/v1/users/{username}/mute": {"post", "delete"},
    "/api/v1/boards": {"get", "post"},
    "/api/v1/boards/{id}": {"get", "patch", "delete"},
    "/api/v1/boards/{id}/notes": {"get"},
    "/api/v1/feed/following": {"get"},
    "/api/v1/feed/explore": {"get"},
    "/api/v1/topics/{name}/notes": {"get"},
}


@pytest.fixture(scope="module")
def openapi_doc() -> dict:
    response = Client().get(f"{V1}/openapi.json")  # the document needs no database
    assert response.status_code == 200
    return json.loads(response.content)


class TestOpenApi:
    def test_lists_every_operation(self, openapi_doc):
        doc = openapi_doc
        assert doc["openapi"].startswith("3.")
        paths = {path: set(methods) for path, methods in doc["paths"].items()}
        for path, methods in OPERATIONS.items():
            assert path in paths, path
            assert methods <= paths[path], (path, paths[path])

    def test_every_operation_has_a_summary_and_documents_its_errors(self, openapi_doc):
        doc = openapi_doc
        for path, methods in doc["paths"].items():
            for method, operation in methods.items():
                assert operation.get("summary"), (method, path)
                statuses = set(operation["responses"])
                assert statuses & {"400", "401", "404"}, (method, path, statuses)
        assert doc["components"]["securitySchemes"]["MemberAuth"] == {"type": "http", "scheme": "bearer"}
        assert doc["paths"]["/api/v1/feed/explore"]["get"]["security"] == [{"MemberAuth": []}, {}]
        assert doc["paths"]["/api/v1/feed/following"]["get"]["security"] == [{"MemberAuth": []}]
        assert "security" not in doc["paths"]["/api/v1/auth/signup"]["post"]

    def test_ids_are_strings_in_the_schemas(self, openapi_doc):
        schemas = openapi_doc["components"]["schemas"]
        for name in ("NoteOut", "UserOut", "CommentOut", "BoardOut", "ImageOut"):
            assert schemas[name]["properties"]["id"]["type"] == "string", name

    def test_docs_page(self, api):
        response = api().request("GET", f"{V1}/docs")
        assert response.status_code == 200
        assert b"openapi.json" in response.content


class TestAuthentication:
    endpoint = f"{V1}/me"

    def test_bearer_token(self, api, alex):
        assert api(alex).ok("GET", self.endpoint)["username"] == "alex"

    def test_no_credentials(self, api):
        api().fails("GET", self.endpoint, 401, "unauthenticated")

    def test_wrong_token(self, api, alex):
        ApiClient(token="not-a-token").fails("GET", self.endpoint, 401, "bad_token")

    def test_wrong_scheme(self, api, alex):
        api(HTTP_AUTHORIZATION="Basic YWxleDpwdw==").fails("GET", self.endpoint, 401, "bad_token")

    def test_wrong_token_is_refused_even_where_guests_are_welcome(self, api):
        ApiClient(token="not-a-token").fails("GET", f"{V1}/feed/explore", 401, "bad_token")

    def test_revoked_token_stops_working(self, api, alex):
        client = api(alex)
        client.ok("DELETE", f"{V1}/auth/token", status=204)
        client.fails("GET", self.endpoint, 401, "bad_token")

    def test_session_of_a_same_site_browser(self, alex):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(alex)
        response = browser.get(self.endpoint)
        assert response.status_code == 200
        assert response.json()["username"] == "alex"

    def test_session_needs_csrf_on_unsafe_methods(self, alex):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(alex)
        response = browser.patch(self.endpoint, data=json.dumps({"bio": "hi"}), content_type="application/json")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "csrf_failed"
        browser.get("/api/v1/openapi.json")  # any page; then take the CSRF cookie as a browser script would
        from django.middleware.csrf import _get_new_csrf_string

        token = _get_new_csrf_string()
        browser.cookies["csrftoken"] = token
        response = browser.patch(self.endpoint, data=json.dumps({"bio": "hi"}), content_type="application/json",
                                 HTTP_X_CSRFTOKEN=token)
        assert response.status_code == 200, response.content
        assert response.json()["bio"] == "hi"

    def test_session_without_token_cannot_revoke_one(self, alex):
        browser = Client()
        browser.force_login(alex)
        response = browser.delete(f"{V1}/auth/token")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "not_token_auth"


class TestErrorShape:
    def test_unknown_route(self, api):
        api().fails("GET", f"{V1}/nothing/here", 404, "not_found")
        api().fails("POST", f"{V1}/notes/1/nothing", 404, "not_found")
        api().fails("GET", f"{V1}/", 404, "not_found")

    def test_unknown_method(self, api, alex):
        response = api(alex).request("PUT", f"{V1}/me", json={})
        assert response.status_code == 405
        assert response.json()["error"]["code"] == "method_not_allowed"
        assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}

    def test_malformed_json(self, api, alex):
        api(alex).fails("PATCH", f"{V1}/me", 400, "invalid_json", raw=b'{"bio": "unterminated')
        api(alex).fails("POST", f"{V1}/boards", 400, "invalid_json", raw=b"\xff\xfe not utf-8")

    def test_missing_field_names_it(self, api):
        error = api().fails("POST", f"{V1}/auth/token", 400, "invalid_request", json={"username": "alex"})
        assert error["field"] == "password"
        assert "password" in error["message"]

    def test_wrong_type_names_the_field(self, api, alex):
        error = api(alex).fails("PATCH", f"{V1}/me", 400, "invalid_request", json={"languages": "zh"})
        assert error["field"] == "languages"

    def test_body_that_is_not_an_object(self, api, alex):
        api(alex).fails("PATCH", f"{V1}/me", 400, "invalid_request", json=[1, 2])

    def test_empty_body_where_one_is_needed(self, api):
        api().fails("POST", f"{V1}/auth/token", 400, "invalid_request")

    def test_bad_query_parameter(self, api):
        error = api().fails("GET", f"{V1}/feed/explore?limit=51", 400, "invalid_request")
        assert error["field"] == "limit"
        api().fails("GET", f"{V1}/feed/explore?limit=abc", 400, "invalid_request")
        api().fails("GET", f"{V1}/feed/explore?limit=0", 400, "invalid_request")

    @pytest.mark.parametrize(("query", "zh", "en"), [
        ("limit=51", "不能大于 50", "at most 50"), ("limit=0", "不能小于 1", "at least 1"),
        ("limit=abc", "必须是整数", "whole number")])
    def test_validation_messages_are_wholly_in_the_members_language(self, api, query, zh, en):
        chinese = api(HTTP_ACCEPT_LANGUAGE="zh-hans").fails("GET", f"{V1}/feed/explore?{query}", 400, "invalid_request")
        english = api(HTTP_ACCEPT_LANGUAGE="en").fails("GET", f"{V1}/feed/explore?{query}", 400, "invalid_request")
        assert zh in chinese["message"] and "Input should" not in chinese["message"], chinese
        assert en in english["message"], english
        assert not any("a" <= ch <= "z" for ch in chinese["message"].replace("limit", "")), chinese

    def test_json_body_too_large(self, api, alex, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        api(alex).fails("PATCH", f"{V1}/me", 413, "request_too_large", json={"bio": "x" * 2000})

    def test_form_fields_too_large(self, api, alex, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        api(alex).fails("POST", f"{V1}/notes", 413, "request_too_large", data={"body": "x" * 2000})

    def test_too_many_files(self, api, alex, settings):
        settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
        files = [factories.upload(f"p{i}.jpg") for i in range(3)]
        api(alex).fails("POST", f"{V1}/notes", 413, "request_too_large", data={"title": "t", "images": files})

    def test_too_large_with_a_session_too(self, alex, settings):
        # The CSRF check reads the form before any operation runs: still JSON, still 413.
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        browser = Client()
        browser.force_login(alex)
        response = browser.post(f"{V1}/notes", data={"body": "x" * 2000})
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "request_too_large"


class TestLanguage:
    endpoint = f"{V1}/notes/123"

    @pytest.mark.parametrize(("who", "accept", "expected"), [
        ("mei", "en", "zh-hans"),     # her own setting wins over the browser
        ("alex", "zh-CN", "en"),
        (None, "en", "en"),           # a guest gets the browser's language
        (None, "zh-CN,zh;q=0.9", "zh-hans"),
    ])
    def test_messages_follow_the_member_then_the_browser(self, api, mei, alex, who, accept, expected):
        user = {"mei": mei, "alex": alex, None: None}[who]
        response = api(user, HTTP_ACCEPT_LANGUAGE=accept).request("GET", self.endpoint)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "note_not_found"
        assert response["Content-Language"] == expected

    def test_message_in_the_members_language(self, api, mei, alex):
        # Compared with the catalogue itself: the same text until zh_Hans is translated, Chinese after.
        source = "This note does not exist or is not visible to you."
        for user, accept, language in ((mei, "en", "zh-hans"), (alex, "zh-CN", "en")):
            error = api(user, HTTP_ACCEPT_LANGUAGE=accept).fails("GET", self.endpoint, 404, "note_not_found")
            with translation.override(language):
                assert error["message"] == translation.gettext(source)

    def test_changing_my_interface_language(self, api, alex):
        client = api(alex, HTTP_ACCEPT_LANGUAGE="en")
        client.ok("PATCH", f"{V1}/me", json={"ui_language": "zh-hans"})
        assert client.request("GET", self.endpoint)["Content-Language"] == "zh-hans"
