"""Cards read with their cacheable half from the cache (notes/cards.py): one query when warm, the live
half (visibility, reach, counts, the viewer's like) never stale, an edit or a moderator's decision felt
on the next page, and the API's explore answer exactly what its schema would make of it."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from redleaf.core import caching
from redleaf.discovery import precompute
from redleaf.engagement import services as engagement
from redleaf.notes import cards as card_cache
from redleaf.notes import services as note_services
from redleaf.notes.models import Note
from redleaf.notes.selectors import visible_notes
from tests import factories
from tests.discovery.conftest import established, explore, ids, new_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(mei, alex):
    established(mei, alex)
    return [factories.make_note([mei, alex][i % 2], title=f"card {i} #美食", body=f"@alex hi {i}", images=1)
            for i in range(6)]


def read(viewer, notes):
    from redleaf.accounts.selectors import hidden_author_ids

    return card_cache.cards(visible_notes(viewer, hidden=set(hidden_author_ids(viewer))).filter(limited=False),
                            [n.pk for n in notes], viewer)


def read_counted(viewer, notes) -> tuple[int, dict]:
    """read(), counting only the queries the cards cost (not the viewer's blocks and mutes)."""
    qs = visible_notes(viewer, hidden=set()).filter(limited=False)
    return queries(lambda: card_cache.cards(qs, [n.pk for n in notes], viewer))


def queries(fn) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        out = fn()
    return len(ctx), out


def test_warm_cards_cost_one_query_cold_ones_the_usual_few(made, reader):
    cold, first = read_counted(reader, made)
    warm, second = read_counted(reader, made)
    assert warm == 1 and cold == 5, (warm, cold)  # live half; then the note, pictures, topics, mentions
    assert set(first) == set(second) == {n.pk for n in made}
    card = second[made[0].pk]
    assert card.title == "card 0 #美食" and card.author.username == made[0].author.username
    assert [t.name for t in card.topics.all()] == ["美食"] and len(card.note_images.all()) == 1
    assert [m.user.username for m in card.mentions.all()] == ["alex"] and card.cover is not None


def test_counts_and_the_viewers_like_are_live(made, reader, chen, commit):
    read(reader, made)
    commit(engagement.like_create, user=reader, note=made[1])
    commit(engagement.like_create, user=chen, note=made[1])
    card = read(reader, made)[made[1].pk]
    assert card.likes_count == 2 and card.viewer_liked is True and card.viewer_collected is False
    assert read(chen, made)[made[1].pk].viewer_liked is True and read(chen, made)[made[2].pk].viewer_liked is False


def test_an_edit_is_on_the_next_card(made, reader, mei, commit):
    read(reader, made)
    # Changed behind the cache's back (no event): the new updated_at is a new key.
    Note.objects.filter(pk=made[0].pk).update(title="quietly renamed", updated_at=timezone.now())
    assert read(reader, made)[made[0].pk].title == "quietly renamed"
    # Through the service: the note_changed event also drops the cached half.
    commit(note_services.note_update, note=Note.objects.get(pk=made[2].pk), actor=mei, title="edited by mei")
    card = read(reader, made).get(made[2].pk)
    assert card is None or card.title == "edited by mei"  # shown edited, or held for review: never stale


def test_removed_limited_and_blocked_notes_never_come_back_from_the_cache(made, reader, alex, commit):
    from redleaf.accounts import services as accounts

    read(reader, made)
    commit(note_services.note_take_down, note=Note.objects.get(pk=made[0].pk))
    commit(note_services.note_set_reach, note=Note.objects.get(pk=made[2].pk), limited=True, label_rule="")
    shown = read(reader, made)
    assert made[0].pk not in shown and made[2].pk not in shown and made[4].pk in shown
    accounts.block_create(blocker=reader, blocked=alex)
    assert not {n.pk for n in made if n.author_id == alex.pk} & set(read(reader, made))


def test_feed_cards_made_once_per_shape_are_the_cards_of_the_same_visibility(made, reader, alex, commit):
    """cards.feed_cards (its SQL compiled once per shape) answers what cards() does on visible_notes."""
    from redleaf.accounts import services as accounts
    from redleaf.accounts.selectors import hidden_author_ids

    def both():
        hidden = set(hidden_author_ids(reader))
        return read(reader, made), card_cache.feed_cards(reader, [n.pk for n in made], hidden=hidden)

    engagement.like_create(user=reader, note=made[1])
    commit(note_services.note_set_reach, note=Note.objects.get(pk=made[2].pk), limited=True, label_rule="")
    for _shape in range(2):  # a new shape, then the same one again
        plain, fast = both()
        assert made[2].pk not in fast and fast[made[1].pk].viewer_liked and not fast[made[0].pk].viewer_liked
        assert {k: repr(v) for k, v in fast.items()} == {k: repr(v) for k, v in plain.items()}
    accounts.block_create(blocker=reader, blocked=alex)  # another shape: one hidden author
    plain, fast = both()
    assert fast and not {n.pk for n in made if n.author_id == alex.pk} & set(fast)
    assert {k: repr(v) for k, v in fast.items()} == {k: repr(v) for k, v in plain.items()}


def test_a_renamed_author_is_live_on_the_card(made, reader, mei):
    read(reader, made)
    type(mei).objects.filter(pk=mei.pk).update(display_name="梅梅")
    assert read(reader, made)[made[0].pk].author.name == "梅梅"


def test_a_warm_explore_page_costs_fewer_queries(made, reader):
    """A page whose cards the cache holds (the pools refresh warms them where the cache is shared)
    reads them in one query: four fewer than cold ones."""
    first = explore(reader, size=3)
    new_visit()
    from redleaf.discovery.models import FeedSession

    FeedSession.objects.all().delete()
    warm, again = queries(lambda: explore(reader, size=3))
    FeedSession.objects.all().delete()
    from django.core.cache import cache

    cache.delete_many([card_cache.KEY.format(i) for i in ids(again)])
    cold, _page = queries(lambda: explore(reader, size=3))
    assert ids(again) == ids(first) and cold - warm == 4, (cold, warm)


def test_the_pools_refresh_warms_cards_where_the_cache_is_shared(made, reader, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(caching, "shared_cache", lambda: True)
    precompute.pools_refresh()
    assert all(cache.get(card_cache.KEY.format(n.pk)) is not None for n in made)
    warm, page = read_counted(reader, made)
    assert warm == 1 and len(page) == len(made)


def _whole_seconds(value):
    """Django writes a time of 12:00:00.000400 as "12:00:00.000Z" (milliseconds); read back and
    written again it is "12:00:00Z": the same moment, to the millisecond."""
    if isinstance(value, dict):
        return {k: _whole_seconds(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_seconds(v) for v in value]
    if isinstance(value, str) and value.endswith(".000Z") and value[:4].isdigit():
        return value[:-5] + "Z"
    return value


def test_the_api_answer_is_what_the_schema_makes_of_it(made, reader, chen, commit):
    from redleaf.discovery.api import ExplorePage
    from tests.api.conftest import ApiClient

    commit(engagement.like_create, user=reader, note=made[3])
    body = ApiClient(reader).ok("GET", "/api/v1/feed/explore?limit=5")
    assert len(body["items"]) == 5
    from ninja.responses import NinjaJSONEncoder

    validated = json.loads(json.dumps(ExplorePage.model_validate(body).model_dump(), cls=NinjaJSONEncoder))
    assert _whole_seconds(body) == _whole_seconds(validated)
    liked = [i for i in body["items"] if i["id"] == str(made[3].pk)]
    assert not liked  # liked: seen, so not in explore again


def test_the_reload_top_comes_from_the_popular_pool(made, reader):
    precompute.pools_refresh()
    from redleaf.discovery.models import Pool

    expected = list(Note.objects.filter(pk__in=[n.pk for n in made]).order_by("-hot_score", "-id")
                    .values_list("id", flat=True))
    assert [i for i in Pool.objects.get(key="popular").ids() if i in set(expected)] == expected
    first = ids(explore(reader, size=2))
    second = ids(explore(reader, size=2))  # a reload: the pool's top is looked at again, nothing repeats
    assert len(first) == len(second) == 2 and not set(first) & set(second)


def test_learning_is_still_felt_on_the_next_page_with_warm_caches(reader, hotpot_and_running, commit, monkeypatch):
    hotpot, _running = hotpot_and_running
    monkeypatch.setattr(caching, "shared_cache", lambda: True)
    precompute.pools_refresh()
    first = explore(reader, size=4)
    commit(engagement.collect_create, user=reader, note=hotpot[0])
    second = explore(reader, cursor=first.next_cursor, size=4)
    hotpot_ids = {n.pk for n in hotpot}
    assert sum(n.pk in hotpot_ids for n in second.items) >= 3
    assert second.items[0].reason.code == "topic_collect"


def test_the_popular_window_moves_through_a_full_pool_without_a_query(made, reader, monkeypatch):
    from django.utils import timezone as tz

    from redleaf.core.pagination import encode_cursor
    from redleaf.discovery import selectors, services
    from redleaf.discovery import weights as W
    from redleaf.discovery.models import FeedSession
    from redleaf.discovery.pipeline import serve, sources

    monkeypatch.setattr(W, "POPULAR_POOL_SIZE", 4)
    monkeypatch.setattr(W, "POPULAR_LIMIT", 2)
    precompute.pools_refresh()
    order = list(Note.objects.filter(pk__in=[n.pk for n in made]).order_by("-hot_score", "-id")
                 .values_list("hot_score", "id"))
    pools = selectors.pools(["popular"])
    assert [i for i, _s in pools["popular"].pairs()] == [i for _s, i in order[:4]]
    profile = services.profile_ensure(user=reader)

    def window(cursor):
        session = FeedSession(user=reader, last_at=tz.now(), popular_cursor=cursor)
        ctx = serve.context_for(reader, profile, session, tz.now(), 20)
        found: dict = {}
        count, _none = queries(lambda: sources.popular(ctx, found, skip=set(), pools=pools))
        return list(found), count

    assert window("") == ([i for _s, i in order[:2]], 0)  # the top of the pool: no query
    assert window(encode_cursor(list(order[1]))) == ([i for _s, i in order[2:4]], 0)
    assert window(encode_cursor(list(order[3]))) == ([i for _s, i in order[4:6]], 1)  # past it: the database
