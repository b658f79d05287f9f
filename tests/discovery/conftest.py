"""Discovery's test world: a few named members and small sets of notes on clear topics, and helpers
to read explore as a member would (through the service the views and the API call)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from redleaf.discovery import services
from redleaf.discovery.models import FeedSession
from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Features of notes are cached for a couple of minutes (pipeline/features.py); each test starts
    with none, as a new process would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a block as if its transaction committed: the events it sends reach discovery's receivers
    (the real ones), as they do after a request."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def reader(db):
    """A newcomer who reads Chinese and English, with no history and no interests yet."""
    return factories.make_user("reader", display_name="Reader", language="en", languages=["zh", "en"])


@pytest.fixture
def chen(db):
    return factories.make_user("chen", display_name="陈", language="zh-hans", languages=["zh"])


def note(author, title: str, **kwargs):
    return factories.make_note(author, title=title, images=0, **kwargs)


def ids(page) -> list[int]:
    return [n.pk for n in page.items]


def explore(viewer, cursor=None, size=None, **kwargs):
    return services.explore_serve(viewer=viewer, cursor=cursor, size=size, **kwargs)


def new_visit() -> None:
    """Time passes: every open session is idle past SESSION_IDLE_MINUTES."""
    FeedSession.objects.update(last_at=timezone.now() - timedelta(hours=2))


def walk(viewer, size=None) -> list[list[int]]:
    """Every page of one session, in order."""
    pages, cursor = [], None
    while True:
        page = explore(viewer, cursor=cursor, size=size)
        pages.append(ids(page))
        cursor = page.next_cursor
        if not cursor:
            return pages


def established(*members) -> None:
    """Members who joined long ago (so they are not "new creators", whom exploration lifts)."""
    from redleaf.accounts.models import User

    User.objects.filter(pk__in=[m.pk for m in members]).update(date_joined=timezone.now() - timedelta(days=400))


@pytest.fixture
def hotpot_and_running(mei, alex, mod_lin, chen):
    """Eight notes about 火锅 by mei and chen (no likes yet) and eight popular running notes by alex
    and mod_lin (liked by two fans): before learning anything, explore prefers running. Everyone
    joined long ago and has several notes, so exploration (new creators) stays out of the way."""
    from redleaf.engagement.services import like_create

    established(mei, alex, mod_lin, chen)
    fans = [factories.make_user("fan1"), factories.make_user("fan2")]
    hotpot = [note([mei, chen][i % 2], f"成都火锅第{i}家 #火锅") for i in range(8)]
    running = [note([alex, mod_lin][i % 2], f"Morning run {i} #running") for i in range(8)]
    for n in running:
        for fan in fans:
            like_create(user=fan, note=n)
    return hotpot, running
