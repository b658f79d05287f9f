"""Cards (what a feed shows of a note) read in one query when they are cached.

A card has two halves:
- what changes only when the note is edited — title, body, pictures, topics, mentions, cover — kept
  in the Django cache (Redis when REDLEAF_CACHE_URL is set: every process sees one copy) as plain
  data checked against the note's `updated_at` (an edit makes it stale) and its author's picture;
  it is also dropped when the note changes (`forget`, from the note_changed event) and expires
  after CARD_TTL_SECONDS whatever happens;
- what changes all the time or decides who may see it — state, audience, reach (limited, label),
  counts, the author's name and picture, whether the viewer liked or collected it — read live, in
  the same single query that applies visibility (notes.selectors.visible_notes, the authority).

So a removed, limited or hidden note never shows however fresh its cached half, and a like is
counted on the next page; a cached half that is missing or out of date costs four queries of
plain values for those notes only (_load). Cards are `Card`s: what templates and api/render.py read
of a Note (author, cover, note_images, topics, mentions, counts...), plain objects because
unpickling model instances cost more than the rest of a page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet

from redleaf.core import caching
from redleaf.core.compiled import ByIds
from redleaf.engagement.models import Collect, Like
from redleaf.media.models import variant_url
from redleaf.notes.models import Mention, Note, NoteImage, NoteTopic

CARD_TTL_SECONDS = 900
VERSION = 2  # of the cached data's layout: a new layout reads none of the old entries
KEY = f"notes:card:{VERSION}:" + "{}"
IMAGE_FIELDS = ("width", "height", "blurhash", "alt", "variants")  # of media.Image, after its id

LIVE_FIELDS = ("id", "updated_at", "state", "audience", "limited", "label_rule", "languages", "likes_count",
               "collects_count", "comments_count", "hot_score", "published_at", "author_id", "author__username",
               "author__display_name", "author__avatar_id")


class Many(list):
    """A prefetched relation as templates and renderers read it (`.all()`)."""

    def all(self):  # noqa: A003 - the related-manager spelling
        return self


@dataclass(slots=True)
class CardImage:
    pk: int
    width: int
    height: int
    blurhash: str
    alt: str
    thumb_url: str
    large_url: str

    @property
    def id(self) -> int:  # noqa: A003
        return self.pk

    @property
    def aspect(self) -> float:
        return (self.height / self.width) if self.width else 1.0


@dataclass(slots=True)
class CardMember:
    pk: int
    username: str
    display_name: str = ""
    avatar_id: int | None = None
    avatar: CardImage | None = None

    @property
    def id(self) -> int:  # noqa: A003
        return self.pk

    @property
    def name(self) -> str:
        return self.display_name or self.username


@dataclass(slots=True)
class CardPicture:
    image: CardImage


@dataclass(slots=True)
class CardTopic:
    pk: int
    name: str


@dataclass(slots=True)
class CardMention:
    user: CardMember


@dataclass(slots=True)
class Card:
    pk: int
    author: CardMember
    title: str
    body: str
    cover: CardImage | None
    note_images: Many
    topics: Many
    mentions: Many
    created_at: datetime
    updated_at: datetime
    state: str = ""
    audience: str = ""
    limited: bool = False
    label_rule: str = ""
    languages: list = field(default_factory=list)
    likes_count: int = 0
    collects_count: int = 0
    comments_count: int = 0
    hot_score: float = 0.0
    published_at: datetime | None = None
    viewer_liked: bool = False
    viewer_collected: bool = False
    reason: object = None  # explore: why it is shown
    search_score: float | None = None  # search: its relevance, and its matches marked (search/views.py)
    title_html: str = ""
    text_html: str = ""
    snippet_html: str = ""
    extra: dict = field(default_factory=dict)  # the caller's own annotations (cards(..., extra=))

    @property
    def id(self) -> int:  # noqa: A003
        return self.pk

    @property
    def author_id(self) -> int:
        return self.author.pk

    @property
    def cover_id(self) -> int | None:
        return self.cover.pk if self.cover else None


def _image(pk: int | None, width: int, height: int, blurhash: str, alt: str, variants: dict) -> tuple:
    return (pk, width, height, blurhash, alt, variant_url(variants or {}, "thumb"), variant_url(variants or {}, "large"))


def _card(data: tuple) -> Card:
    (_v, pk, updated_at, title, body, cover, images, topics, mentions, created_at, author) = data
    author_pk, username, display_name, avatar_id, avatar = author
    return Card(pk=pk, author=CardMember(author_pk, username, display_name, avatar_id,
                                         CardImage(*avatar) if avatar else None),
                title=title, body=body, cover=CardImage(*cover) if cover else None,
                note_images=Many(CardPicture(CardImage(*i)) for i in images),
                topics=Many(CardTopic(*t) for t in topics),
                mentions=Many(CardMention(CardMember(0, u)) for u in mentions),
                created_at=created_at, updated_at=updated_at)


def forget(note_id: int) -> None:
    """The note changed: its cached half goes (the next card reads it again)."""
    cache.delete(KEY.format(note_id))


def _load(note_ids: list[int]) -> dict[int, tuple]:
    """The cacheable half of these notes, from the database (every picture, topics, mentions): four
    queries of plain values, whatever their number (model instances and prefetches cost ten times
    as much, 0.8 ms a card)."""
    notes = list(Note.objects.filter(pk__in=note_ids).values_list(
        "id", "updated_at", "title", "body", "created_at", "author_id", "author__username", "author__display_name",
        "cover_id", *[f"cover__{f}" for f in IMAGE_FIELDS], "author__avatar_id",
        *[f"author__avatar__{f}" for f in IMAGE_FIELDS]))
    if not notes:
        return {}
    found = [row[0] for row in notes]
    pictures: dict[int, list[tuple]] = {}
    for note_id, *image in (NoteImage.objects.filter(note_id__in=found).order_by("note_id", "position")
                            .values_list("note_id", "image_id", *[f"image__{f}" for f in IMAGE_FIELDS])):
        pictures.setdefault(note_id, []).append(_image(*image))
    topics: dict[int, list[tuple[int, str]]] = {}
    for note_id, topic_id, name in (NoteTopic.objects.filter(note_id__in=found).order_by("id")
                                    .values_list("note_id", "topic_id", "topic__name")):
        topics.setdefault(note_id, []).append((topic_id, name))
    mentions: dict[int, list[str]] = {}
    for note_id, username in Mention.objects.filter(note_id__in=found).order_by("id").values_list(
            "note_id", "user__username"):
        mentions.setdefault(note_id, []).append(username)
    width = 1 + len(IMAGE_FIELDS)  # an image's id and its fields
    out = {}
    for row in notes:
        pk, updated_at, title, body, created_at, author_id, username, display_name = row[:8]
        cover, avatar = row[8:8 + width], row[8 + width:8 + 2 * width]
        out[pk] = (VERSION, pk, updated_at, title, body, _image(*cover) if cover[0] else None, pictures.get(pk, []),
                   topics.get(pk, []), mentions.get(pk, []), created_at,
                   (author_id, username, display_name, avatar[0], _image(*avatar) if avatar[0] else None))
    return out


def warm(note_ids: list[int]) -> int:
    """Cache the cards of these notes (those not cached yet) ahead of the pages that will show them."""
    absent = set(caching.missing([KEY.format(i) for i in note_ids]))
    missing = [i for i in note_ids if KEY.format(i) in absent]
    fresh = _load(missing) if missing else {}
    cache.set_many({KEY.format(i): d for i, d in fresh.items()}, timeout=CARD_TTL_SECONDS)
    return len(fresh)


def _live(qs: QuerySet, note_ids: list[int], viewer, extra: tuple[str, ...] = ()) -> QuerySet:
    """What cards read live of the notes of `qs` among `note_ids` (a values_list)."""
    live_qs = qs.filter(pk__in=note_ids)
    fields = LIVE_FIELDS
    if viewer is not None and viewer.is_authenticated:
        live_qs = live_qs.annotate(
            viewer_liked=Exists(Like.objects.filter(user=viewer, note=OuterRef("pk"))),
            viewer_collected=Exists(Collect.objects.filter(user=viewer, note=OuterRef("pk"))))
        fields = (*LIVE_FIELDS, "viewer_liked", "viewer_collected")
    return live_qs.values_list(*fields, *extra)


def cards(qs: QuerySet, note_ids: list[int], viewer, *, extra: tuple[str, ...] = ()) -> dict[int, Card]:
    """The notes of `qs` (a visible_notes queryset, further filtered as the caller likes) among
    `note_ids`, as Cards (author with avatar, cover, note_images, topics, mentions, counts,
    viewer_liked / viewer_collected), by id. One query when every cached half is fresh. `extra`:
    annotations of `qs` to read in the same query, in each card's `extra`."""
    if not note_ids:
        return {}
    return _assemble(list(_live(qs, note_ids, viewer, extra)), viewer, extra)


def _feed_live(viewer_id: int, note_ids: list[int], hidden: list[int]) -> QuerySet:
    from redleaf.accounts.models import User
    from redleaf.notes.selectors import visible_notes

    viewer = User(pk=viewer_id)
    return _live(visible_notes(viewer, hidden=set(hidden)).filter(limited=False), note_ids, viewer)


_FEED_LIVE = ByIds(_feed_live)


def feed_cards(viewer, note_ids: list[int], *, hidden: set[int]) -> dict[int, Card]:
    """cards(visible_notes(viewer, hidden=hidden).filter(limited=False), note_ids, viewer) — what a
    feed shows a member (never a limited note) — with the query's SQL made once per process for each
    shape (core/compiled.py): Django takes longer to make it than the database to answer it."""
    if not note_ids:
        return {}
    return _assemble(_FEED_LIVE.rows(viewer.pk, list(note_ids), sorted(hidden)), viewer, ())


def _assemble(rows: list[tuple], viewer, extra: tuple[str, ...]) -> dict[int, Card]:
    live = {row[0]: row for row in rows}
    if not live:
        return {}
    authenticated = viewer is not None and viewer.is_authenticated
    keys = {note_id: KEY.format(note_id) for note_id in live}
    cached = cache.get_many(list(keys.values()))
    data: dict[int, tuple] = {}
    stale: list[int] = []
    for note_id, row in live.items():
        entry = cached.get(keys[note_id])
        if not isinstance(entry, tuple) or entry[2] != row[1] or entry[10][3] != row[15]:
            stale.append(note_id)
        else:
            data[note_id] = entry
    if stale:
        fresh = _load(stale)
        cache.set_many({keys[i]: d for i, d in fresh.items()}, timeout=CARD_TTL_SECONDS)
        data.update(fresh)
    out: dict[int, Card] = {}
    for note_id, entry in data.items():
        row = live[note_id]
        card = out[note_id] = _card(entry)
        (_id, card.updated_at, card.state, card.audience, card.limited, card.label_rule, card.languages,
         card.likes_count, card.collects_count, card.comments_count, card.hot_score, card.published_at,
         _author_id, card.author.username, card.author.display_name, _avatar) = row[:16]
        if authenticated:
            card.viewer_liked, card.viewer_collected = bool(row[16]), bool(row[17])
        if extra:
            card.extra = dict(zip(extra, row[len(row) - len(extra):], strict=True))
    return out
