from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _search_caches():
    """Search keeps the vocabulary and a few index figures per process: each test's database is new."""
    from redleaf.search import lexicon
    from redleaf.search.backends import base

    lexicon.forget()
    base.forget_figures()
    yield


@pytest.fixture(autouse=True)
def _review_in_request(settings):
    """Most tests are about what happens after review: notes are checked in the request that posts
    them (as with REDLEAF_MODERATION_SCREEN_IN=request) and every member without strikes counts as
    trusted, so a clean note publishes at once. Review's own tests (tests/moderation) set the real
    trust thresholds and run the real worker."""
    settings.MODERATION_SCREEN_IN = "request"
    settings.TRUST_MIN_ACCOUNT_DAYS = 0
    settings.TRUST_MIN_RELEASED = 0
    settings.MODERATION_BURST_ITEMS = 1000  # fixtures post dozens of notes a second from new accounts,
    settings.MODERATION_REPEAT_ACCOUNTS = 1000  # and the same words from several of them


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
