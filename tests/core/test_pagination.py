import base64
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from redleaf.core.errors import RedleafError
from redleaf.core.pagination import decode_cursor, encode_cursor, keyset_page
from redleaf.notes.models import Note, NoteState, Topic


def raw_cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def walk(qs, order, size):
    """Every page from the start; returns the items in order and the number of pages."""
    items, cursor, pages = [], None, 0
    while True:
        page = keyset_page(qs, order=order, cursor=cursor, size=size)
        items += page.items
        pages += 1
        if page.next_cursor is None:
            return items, pages
        cursor = page.next_cursor


@pytest.fixture
def topics(db):
    return [Topic.objects.create(name=f"t{i}", key=f"t{i}", notes_count=i % 3) for i in range(7)]


@pytest.fixture
def notes(mei):
    """Notes with equal published_at pairs, so the id tie-break matters."""
    base = timezone.now().replace(microsecond=0)
    made = []
    for i in range(7):
        made.append(Note.objects.create(author=mei, title=f"n{i}", state=NoteState.PUBLISHED,
                                        published_at=base - timedelta(seconds=i // 2)))
    return made


def test_cursor_round_trips():
    assert decode_cursor(encode_cursor([1.5, 42, "x"]), 3) == [1.5, 42, "x"]


def test_descending_pages_visit_every_row_once(notes):
    items, pages = walk(Note.objects.all(), ("-published_at", "-id"), size=2)
    expected = sorted(notes, key=lambda n: (n.published_at, n.id), reverse=True)
    assert [n.pk for n in items] == [n.pk for n in expected]
    assert pages == 4


def test_ascending_pages_visit_every_row_once(topics):
    items, _pages = walk(Topic.objects.all(), ("id",), size=3)
    assert [t.pk for t in items] == [t.pk for t in topics]


def test_mixed_float_and_id_order(topics):
    Topic.objects.filter(pk=topics[0].pk).update(notes_count=2)
    items, _pages = walk(Topic.objects.all(), ("-notes_count", "-id"), size=2)
    expected = sorted(Topic.objects.all(), key=lambda t: (t.notes_count, t.pk), reverse=True)
    assert [t.pk for t in items] == [t.pk for t in expected]


def test_last_page_has_no_cursor_and_empty_list_is_fine(db):
    page = keyset_page(Topic.objects.all(), order=("-id",), cursor=None, size=5)
    assert page.items == [] and page.next_cursor is None


def test_rows_arriving_between_pages_are_neither_skipped_nor_repeated(topics):
    first = keyset_page(Topic.objects.all(), order=("-id",), cursor=None, size=3)
    Topic.objects.create(name="new", key="new")  # newer than everything: belongs before page one
    rest, _pages = [], 0
    cursor = first.next_cursor
    while cursor:
        page = keyset_page(Topic.objects.all(), order=("-id",), cursor=cursor, size=3)
        rest += page.items
        cursor = page.next_cursor
    seen = [t.pk for t in first.items + rest]
    assert seen == sorted((t.pk for t in topics), reverse=True)


BAD_CURSORS = [
    "garbage!!",                      # not base64
    "%%%%",
    "Zm9v",                           # base64 of "foo": not JSON
    "/w",                             # a lone 0xff byte: not UTF-8
    "中文",                            # not ASCII
    raw_cursor({"a": 1}),              # not a list
    raw_cursor([1]),                   # wrong arity
    raw_cursor([1, 2, 3]),
    raw_cursor([None, 1]),             # wrong types
    raw_cursor([True, 1]),
    raw_cursor([[1], 1]),
    raw_cursor(["not a date", 1]),
    raw_cursor(["2025-01-01T00:00:00+00:00", "abc"]),
    raw_cursor([1, 1]),                # an int is not a date
    raw_cursor(["2025-01-01T00:00:00", 1]),  # a date without a time zone
    raw_cursor(["2025-01-01T00:00:00+00:00", 2**70]),   # does not fit in 64 bits
    raw_cursor(["2025-01-01T00:00:00+00:00", -(2**70)]),
    raw_cursor(["2025-01-01T00:00:00+00:00", 1e300]),
    "WyIyMDI1LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwxZTQwMF0",  # [.., 1e400]: infinity
    "a" * 5000,                       # huge
]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_bad_cursors_are_refused_with_a_stable_code(notes, cursor):
    with pytest.raises(RedleafError) as info:
        keyset_page(Note.objects.all(), order=("-published_at", "-id"), cursor=cursor, size=2)
    assert info.value.code == "bad_cursor"
    assert info.value.status == 400


@pytest.mark.parametrize("cursor", [
    raw_cursor([float("nan"), 1]),    # NaN is JSON to Python's json module, not to us
    raw_cursor([float("inf"), 1]),
    raw_cursor(["x", 1]),
    raw_cursor([1.5, 2**63]),
])
def test_bad_cursors_on_a_score_order(notes, cursor):
    with pytest.raises(RedleafError) as info:
        keyset_page(Note.objects.all(), order=("-hot_score", "-id"), cursor=cursor, size=2)
    assert info.value.code == "bad_cursor"


def test_a_good_score_cursor_works(notes):
    Note.objects.filter(pk=notes[3].pk).update(hot_score=2.5)
    items, _pages = walk(Note.objects.all(), ("-hot_score", "-id"), size=2)
    assert items[0].pk == notes[3].pk
    assert len({n.pk for n in items}) == len(notes)
