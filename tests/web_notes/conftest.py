from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tests import factories

# What HTMX sends with every request it makes.
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mei_client(mei) -> Client:
    # These tests read messages in English; mei's own interface language would win over the
    # browser's Accept-Language, so she reads the site in English here.
    mei.ui_language = "en"
    mei.save(update_fields=["ui_language"])
    return client_for(mei)


@pytest.fixture
def alex_client(alex) -> Client:
    return client_for(alex)


@pytest.fixture
def note(mei, alex):
    """mei's published note: two pictures, two topics, a mention of alex, and an unknown @nobody."""
    return factories.make_note(mei, title="番茄牛腩 #家常菜", body="炖两个小时 @alex 和 @nobody_here 一起 #美食\n第二行",
                               images=2)


@pytest.fixture
def media_files(settings):
    def files() -> list[Path]:
        root = Path(settings.MEDIA_ROOT)
        return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

    return files


def picture(name: str, color=(220, 60, 60), size=(64, 48)):
    return factories.upload(name, factories.image_bytes(color=color, size=size))
