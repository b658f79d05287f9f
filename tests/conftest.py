from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def mei(db):
    """Writes in Chinese."""
    return factories.make_user("mei", display_name="小美", language="zh-hans", languages=["zh"])


@pytest.fixture
def alex(db):
    """Writes in English."""
    return factories.make_user("alex", display_name="Alex", language="en", languages=["en"])


@pytest.fixture
def mod_lin(db):
    """Reads both languages; becomes a moderator once review (#3) exists."""
    return factories.make_user("mod_lin", display_name="林", language="zh-hans", languages=["zh", "en"])
