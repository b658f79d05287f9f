"""API tests after Sentry's: each class names its endpoint once and checks status and body through
two helpers, `ok` and `fails`. `api(user)` is a client that sends that member's bearer token;
`api()` is a guest."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from redleaf.accounts import services as account_services


class ApiClient:
    def __init__(self, user=None, token: str | None = None, **headers: str):
        self.client = Client()
        self.user = user
        self.headers = dict(headers)
        if user is not None and token is None:
            token = account_services.token_create(user=user)
        self.token = token
        if token:
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def request(self, method: str, path: str, *, json=None, data=None, raw: bytes | str | None = None,
                content_type: str = "application/json", **extra):
        headers = {**self.headers, **extra}
        method = method.upper()
        if data is not None:  # multipart form, as a browser or a phone sends files
            assert method == "POST"
            return self.client.post(path, data=data, **headers)
        if json is not None:
            raw = jsonlib.dumps(json)
        if raw is not None:
            return self.client.generic(method, path, data=raw, content_type=content_type, **headers)
        return self.client.generic(method, path, **headers)

    def ok(self, method: str, path: str, status: int = 200, **kwargs):
        """Do the request, expect success with `status`, return the parsed body (None for 204)."""
        response = self.request(method, path, **kwargs)
        assert response.status_code == status, (response.status_code, response.content[:500])
        if status == 204:
            assert response.content == b""
            return None
        assert response["Content-Type"].startswith("application/json")
        return response.json()

    def fails(self, method: str, path: str, status: int, code: str, **kwargs) -> dict:
        """Do the request, expect the API's error shape with `status` and `code`; return the error."""
        response = self.request(method, path, **kwargs)
        assert response.status_code == status, (response.status_code, response.content[:500])
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert set(body) == {"error"}, body
        error = body["error"]
        assert error["code"] == code, error
        assert isinstance(error["message"], str) and error["message"], error
        assert set(error) <= {"code", "message", "field"}, error
        return error


@pytest.fixture(scope="session", autouse=True)
def _static_root():
    # WhiteNoise warns (an error here) when STATIC_ROOT is missing, as in a fresh clone before
    # collectstatic; the lead's conftest should own this (reported).
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def api(db):
    def make(user=None, **headers) -> ApiClient:
        return ApiClient(user, **headers)

    return make


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
