from __future__ import annotations

import pytest
from django.test import Client

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def mei_client(mei) -> Client:
    client = Client()
    client.force_login(mei)
    return client


@pytest.fixture
def alex_client(alex) -> Client:
    client = Client()
    client.force_login(alex)
    return client
