"""Cards (what a feed shows of a note) read in one query when they are cached.

A card has two halves:
- what changes only when the note is edited — title, body, pictures, topics, mentions, cover — kept
  in the Django cache (Redis when REDLEAF_CACHE_URL is set: every process sees one copy) as the
  loaded Note, under a key with the note's `updated_at`, so an edit makes a new key; it is also
  dropped when the note changes (`forget`, from the note_changed event) and expires after
  CARD_TTL_SECONDS whatever happens;
- what changes all the time or decides who may see it — state, audience, reach (limited, label),
  counts, the author's name and picture, whether the viewer liked or collected it — read live, in
  the same single query that applies visibility (notes.selectors.visible_notes, the authority).

So a removed, limited or hidden note never shows however fresh its cached half, and a like is
counted on the next page; a cached half that is missing or out of date costs the usual
with_card_data queries for those notes only."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from redleaf.engagement.models import Collect, Like
from redleaf.notes.models import Mention, Note

CARD_TTL_SECONDS = 900
KEY = "notes:card:{}"

LIVE_FIELDS = ("id", "updated_at", "state", "audience", "limited", "label_rule", "languages", "likes_count",
               "collects_count", "comments_count", "hot_score", "published_at", "author_id", "author__username",
               "author__display_name", "author__avatar_id")


def forget(note_id: int) -> None:
    """The note changed: its cached half goes (the next card reads it again)."""
    cache.delete(KEY.format(note_id))


def _load(note_ids: list[int]) -> dict[int, Note]:
    """The cacheable half of these notes, from the database (every picture, topics, mentions)."""
    from redleaf.notes.selectors import with_card_data

    notes = list(with_card_data(Note.objects.filter(pk__in=note_ids), None, all_images=True)
                 .prefetch_related(Prefetch("mentions", queryset=Mention.objects.select_related("user"))))
    return {n.pk: n for n in notes}


def warm(note_ids: list[int]) -> int:
    """Cache the cards of these notes (those not cached yet) ahead of the pages that will show them."""
    cached = cache.get_many([KEY.format(i) for i in note_ids])
    missing = [i for i in note_ids if KEY.format(i) not in cached]
    fresh = _load(missing) if missing else {}
    cache.set_many({KEY.format(i): n for i, n in fresh.items()}, timeout=CARD_TTL_SECONDS)
    return len(fresh)


def cards(qs: QuerySet, note_ids: list[int], viewer) -> dict[int, Note]:
    """The notes of `qs` (a visible_notes queryset, further filtered as the caller likes) among
    `note_ids`, as card-ready Notes (author with avatar, cover, note_images, topics and mentions
    prefetched, viewer_liked / viewer_collected set), by id. One query when every cached half is
    fresh."""
    if not note_ids:
        return {}
    live_qs = qs.filter(pk__in=note_ids)
    authenticated = viewer is not None and viewer.is_authenticated
    fields = LIVE_FIELDS
    if authenticated:
        live_qs = live_qs.annotate(
            viewer_liked=Exists(Like.objects.filter(user=viewer, note=OuterRef("pk"))),
            viewer_collected=Exists(Collect.objects.filter(user=viewer, note=OuterRef("pk"))))
        fields = (*LIVE_FIELDS, "viewer_liked", "viewer_collected")
    live = {row[0]: row for row in live_qs.values_list(*fields)}
    if not live:
        return {}
    keys = {note_id: KEY.format(note_id) for note_id in live}
    cached = cache.get_many(list(keys.values()))
    out: dict[int, Note] = {}
    stale: list[int] = []
    for note_id, row in live.items():
        note = cached.get(keys[note_id])
        if note is None or note.updated_at != row[1] or note.author.avatar_id != row[15]:
            stale.append(note_id)
        else:
            out[note_id] = note
    if stale:
        fresh = _load(stale)
        cache.set_many({keys[i]: n for i, n in fresh.items()}, timeout=CARD_TTL_SECONDS)
        out.update(fresh)
    for note_id, note in list(out.items()):
        row = live[note_id]
        (_id, note.updated_at, note.state, note.audience, note.limited, note.label_rule, note.languages,
         note.likes_count, note.collects_count, note.comments_count, note.hot_score, note.published_at,
         note.author_id, username, display_name, _avatar) = row[:16]
        note.author.username, note.author.display_name = username, display_name
        note.viewer_liked, note.viewer_collected = (bool(row[16]), bool(row[17])) if authenticated else (False, False)
    return out
