"""Query budgets: a page of explore costs the same queries for 3 notes as for 20, deep in a session as
on a first page (tests/web/test_feeds.py and tests/api/test_queries.py count first pages); marks,
views and learning cost a handful."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redleaf.discovery import precompute, services
from redleaf.discovery.models import FeedSession
from redleaf.discovery.pipeline import serve
from redleaf.engagement import services as engagement
from tests import factories
from tests.discovery.conftest import established, explore, new_visit, note

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(mei, alex, chen, mod_lin, reader, commit):
    """Sixty notes on three topics by four members, with pools, neighbours and a profile with seeds."""
    established(mei, alex, chen, mod_lin)
    made = [note([mei, alex, chen, mod_lin][i % 4], f"note {i} #{['美食', 'travel', '萌宠'][i % 3]}",
                 body="" if i % 5 else "@alex") for i in range(60)]
    fan = factories.make_user("fan")
    for n in made[::3]:
        engagement.collect_create(user=fan, note=n)
    for n in made[:6]:
        commit(engagement.collect_create, user=reader, note=n)
    precompute.pools_refresh()
    for n in made[:6]:
        precompute.neighbours_compute(n.pk)
    return made


# Keeping a page is one statement on PostgreSQL; on SQLite two in a transaction, which inside a test's
# own transaction counts as four (a savepoint and its release around them).
KEEP_PAGE = 0 if connection.vendor == "postgresql" else 3


def queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


def _drop_pages_ahead():
    from django.core.cache import cache

    cache.delete_many([serve.AHEAD_KEY.format(pk) for pk in FeedSession.objects.values_list("pk", flat=True)])


@pytest.mark.parametrize("all_images", [False, True])  # the web page, the API
def test_a_next_page_costs_the_same_for_3_and_20_notes(busy, reader, all_images):
    counts = []
    for size in (3, 20):
        new_visit()
        first = explore(reader, size=size, all_images=all_images)
        _drop_pages_ahead()  # made by the stages (the pages kept ahead are counted below)
        counts.append(queries(lambda first=first, size=size: explore(reader, cursor=first.next_cursor, size=size,
                                                                       all_images=all_images)))
    # The same, except that a page whose diversity caps bite may look at the popular pool again (a
    # window costs two queries, serve.EXTRA_ROUNDS at most) rather than break the caps.
    assert counts[0] <= counts[1] <= counts[0] + 2 * serve.EXTRA_ROUNDS, counts
    assert counts[0] <= (14 if all_images else 12) + KEEP_PAGE, counts


@pytest.mark.parametrize("all_images", [False, True])
def test_a_page_kept_ahead_costs_five_queries_whatever_its_size(busy, all_images):
    member = factories.make_user("wanderer", languages=["zh", "en"])  # no leaning yet: varied pages
    counts = []
    for size in (3, 5):
        new_visit()
        first = explore(member, size=size, all_images=all_images)
        counts.append(queries(lambda first=first, size=size: explore(member, cursor=first.next_cursor, size=size,
                                                                       all_images=all_images)))
    # profile, the session with its pages, follows and blocks, the cards (visibility, counts, the
    # viewer's like), the page kept
    assert counts == [5 + KEEP_PAGE] * 2, counts


def test_a_page_with_pages_kept_ahead_reads_all_their_cards_in_one_batch(busy):
    """The page the stages make and the pages kept after it: their cards are read together, one
    query for their pictures, not one for the page and another for the pages ahead."""
    from django.core.cache import cache

    member = factories.make_user("wanderer", languages=["zh", "en"])
    new_visit()
    cache.clear()  # no card cached yet
    with CaptureQueriesContext(connection) as ctx:
        first = explore(member, size=3)
    pictures = [q for q in ctx.captured_queries if 'FROM "notes_noteimage"' in q["sql"]]
    assert len(cache.get(serve.AHEAD_KEY.format(first.extra["session"]))["pages"]) >= 2, "pages are kept ahead"
    assert len(pictures) == 1, [q["sql"][:120] for q in pictures]


def test_marks_and_views_cost_a_handful(busy, reader, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        mark = services.mark_create(user=reader, kind="not_interested", note_id=busy[10].pk)
    with django_assert_max_num_queries(10):
        services.mark_delete(user=reader, mark_id=mark.pk)
    with django_assert_max_num_queries(16):  # the note as its page reads it, the view, the profile
        services.view_record(user=reader, note_id=busy[11].pk, seconds=30)
