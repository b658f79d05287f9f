"""Review's tests: the real trust rule (new accounts wait), moderators per language, and helpers to
make a trusted or a brand-new member."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from redleaf.accounts.models import User
from redleaf.moderation import services
from tests import factories


@pytest.fixture
def real_trust(settings):
    settings.TRUST_MIN_ACCOUNT_DAYS = 3
    settings.TRUST_MIN_RELEASED = 3
    return settings


def make_trusted(username: str, **kwargs) -> User:
    """An old account with released notes and no strikes."""
    user = factories.make_user(username, **kwargs)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=60), notes_count=5)
    user.refresh_from_db()
    return user


def make_moderator(username: str, languages: list[str], **kwargs) -> User:
    user = factories.make_user(username, **kwargs)
    services.moderator_add(user=user, languages=languages)
    return user


@pytest.fixture
def mod_zh(db):
    return make_moderator("mod_zh", ["zh"], display_name="审核员", language="zh-hans")


@pytest.fixture
def mod_en(db):
    return make_moderator("mod_en", ["en"], display_name="Mod En", language="en")


@pytest.fixture
def mod_both(db):
    return make_moderator("mod_both", ["zh", "en"], display_name="Both", language="en")
