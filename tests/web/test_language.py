"""The interface language: the member's own setting, else the language cookie, else the browser."""

from __future__ import annotations

import pytest
from django.utils import translation

from redleaf.web.templatetags.redleaf import compact

pytestmark = pytest.mark.django_db


def lang_of(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("path", ["/", "/login", "/signup", "/topics/none", "/u/mei"])
@pytest.mark.parametrize(("accept", "expected"), [("en", "en"), ("en-US,en;q=0.9", "en"), ("zh-hans", "zh-hans"),
                                                  ("zh-CN,zh;q=0.9", "zh-hans")])
def test_browser_language_for_visitors(client, mei, path, accept, expected):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
    assert lang_of(response) == expected
    assert response["Content-Language"] == expected


def test_english_browser_gets_english_strings(client, db):
    html = client.get("/login", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Welcome back" in html and "Log in" in html


def test_the_members_setting_wins_over_the_browser(client, alex, mei):
    client.force_login(alex)  # alex chose English
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert lang_of(response) == "en" and response["Content-Language"] == "en"
    client.force_login(mei)  # mei chose Chinese
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert lang_of(response) == "zh-hans" and response["Content-Language"] == "zh-hans"


def test_language_switcher_marks_the_current_language(client, db):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="en" lang="en" aria-pressed="true"' in html
    assert 'value="zh-hans" lang="zh-Hans" aria-pressed="false"' in html


@pytest.mark.parametrize(("language", "value", "expected"), [
    ("zh-hans", 0, "0"), ("zh-hans", 9999, "9999"), ("zh-hans", 12345, "1.2万"), ("zh-hans", 10000, "1万"),
    ("zh-hans", 230_000_000, "2.3亿"), ("en", 999, "999"), ("en", 1234, "1.2k"), ("en", 12_000, "12k"),
    ("en", 2_500_000, "2.5m"), ("en", None, ""), ("en", "x", ""),
])
def test_compact_numbers_follow_the_language(language, value, expected):
    with translation.override(language):
        assert compact(value) == expected
