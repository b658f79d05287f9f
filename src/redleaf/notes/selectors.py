"""Reads of notes. Visibility (state, audience, blocks, mutes) is decided here, once, for lists;
notes.policies decides it for one note with the same rules."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from redleaf.accounts.models import Block, Follow, Mute, User
from redleaf.accounts.selectors import hidden_author_ids
from redleaf.core.errors import NotFound
from redleaf.core.pagination import Page, cursor_values, keyset_page
from redleaf.core.text import clean_text, topic_key
from redleaf.engagement.models import Collect, Like
from redleaf.notes import policies
from redleaf.notes.models import Audience, Mention, Note, NoteImage, NoteState, NoteTopic, Topic


def _authenticated(viewer) -> bool:
    return viewer is not None and viewer.is_authenticated


def visible_notes(viewer, *, hide_muted: bool = True, hidden: set[int] | None = None) -> QuerySet:
    """Published notes `viewer` may see, from authors not blocked either way (nor muted, in feeds).
    `hidden`: the authors hidden_author_ids(viewer) would return, when the caller has just read them
    (accounts.selectors.followees_and_hidden), to save the query."""
    qs = Note.objects.filter(state=NoteState.PUBLISHED, author__is_active=True)
    if not _authenticated(viewer):
        return qs.filter(audience=Audience.PUBLIC)
    audience = Q(audience=Audience.PUBLIC) | Q(author=viewer) | Q(
        audience=Audience.FOLLOWERS, author__in=Follow.objects.filter(follower=viewer).values("followee_id")
    )
    qs = qs.filter(audience)
    if hidden is None:
        hidden = hidden_author_ids(viewer) if hide_muted else _blocked_ids(viewer)
    if hidden:
        qs = qs.exclude(author_id__in=sorted(hidden))
    return qs


def _blocked_ids(viewer) -> list[int]:
    from redleaf.accounts.selectors import blocked_either_ids

    return list(blocked_either_ids(viewer))


def with_card_data(qs: QuerySet, viewer, *, all_images: bool = False) -> QuerySet:
    """What a card (or an API note) shows, in a fixed number of queries whatever the page size."""
    qs = qs.select_related("author", "author__avatar", "cover")
    if _authenticated(viewer):
        qs = qs.annotate(
            viewer_liked=Exists(Like.objects.filter(user=viewer, note=OuterRef("pk"))),
            viewer_collected=Exists(Collect.objects.filter(user=viewer, note=OuterRef("pk"))),
        )
    if all_images:
        qs = qs.prefetch_related(
            Prefetch("note_images", queryset=NoteImage.objects.select_related("image").order_by("position")),
            Prefetch("topics", queryset=Topic.objects.order_by("notetopic__id")),
        )
    return qs


def page_size(size: int | None) -> int:
    return max(1, min(size or settings.FEED_PAGE_SIZE, 50))


def feed_following(*, viewer: User, cursor: str | None = None, size: int | None = None,
                   all_images: bool = False) -> Page:
    qs = visible_notes(viewer).filter(author__in=Follow.objects.filter(follower=viewer).values("followee_id"))
    order = ("-published_at", "-id")
    size = page_size(size)
    if connection.vendor == "postgresql":
        qs = qs.filter(pk__in=_following_page_ids(viewer, cursor, size + 1))  # a subquery, not a query
    return keyset_page(with_card_data(qs, viewer, all_images=all_images), order=order, cursor=cursor, size=size)


def _following_page_ids(viewer: User, cursor: str | None, limit: int) -> RawSQL:
    """PostgreSQL: the ids of the next page, found by taking each followed member's newest notes from
    the (author, state, published_at, id) index and merging them (a LATERAL join). Left to itself the
    planner reads every note of every followee and sorts them all: 450 ms for a member following 300
    people on the bulk data, against ~15 ms this way. It narrows the one feed query as a subquery;
    visible_notes and keyset_page still decide, as on SQLite (whose planner walks the
    published-order index by itself)."""
    below = ""
    cursor_params: list = []
    if cursor:
        cursor_params = list(cursor_values(Note, ("-published_at", "-id"), cursor))
        below = "AND (n.published_at, n.id) < (%s, %s)"
    follow, user, note = Follow._meta.db_table, User._meta.db_table, Note._meta.db_table
    block, mute = Block._meta.db_table, Mute._meta.db_table
    # Only table names from our own models and integers are formatted in; every value is a parameter.
    sql = f"""
        SELECT page.id FROM {follow} f
        JOIN {user} u ON u.id = f.followee_id AND u.is_active
        CROSS JOIN LATERAL (
            SELECT n.id, n.published_at FROM {note} n
            WHERE n.author_id = f.followee_id AND n.state = 'published'
              AND n.audience IN ('public', 'followers') {below}
            ORDER BY n.published_at DESC, n.id DESC LIMIT {int(limit)}
        ) page
        WHERE f.follower_id = %s
          AND NOT EXISTS (SELECT 1 FROM {block} b WHERE (b.blocker_id = %s AND b.blocked_id = f.followee_id)
                                                      OR (b.blocked_id = %s AND b.blocker_id = f.followee_id))
          AND NOT EXISTS (SELECT 1 FROM {mute} m WHERE m.muter_id = %s AND m.muted_id = f.followee_id)
        ORDER BY page.published_at DESC, page.id DESC LIMIT {int(limit)}
    """  # noqa: S608
    return RawSQL(sql, [*cursor_params, viewer.pk, viewer.pk, viewer.pk, viewer.pk])  # noqa: S611


def feed_explore(*, viewer, cursor: str | None = None, size: int | None = None, all_images: bool = False) -> Page:
    """Published public notes by hot score (see notes/scoring.py). Limited notes are not recommended."""
    qs = visible_notes(viewer).filter(audience=Audience.PUBLIC, limited=False)
    return keyset_page(with_card_data(qs, viewer, all_images=all_images), order=("-hot_score", "-id"),
                       cursor=cursor, size=page_size(size))


def topic_get(*, name: str) -> Topic:
    name = name or ""
    # A name no #topic can have (control characters, a NUL PostgreSQL cannot compare, too long) names none.
    valid = 0 < len(name) <= 40 and clean_text(name) == name
    topic = Topic.objects.filter(key=topic_key(name)).first() if valid else None
    if topic is None:
        raise NotFound("topic_not_found", _("No such topic."))
    return topic


def topic_notes(*, viewer, topic: Topic, cursor: str | None = None, size: int | None = None,
                all_images: bool = False) -> Page:
    qs = visible_notes(viewer).filter(notetopic__topic=topic, limited=False)
    return keyset_page(with_card_data(qs, viewer, all_images=all_images), order=("-published_at", "-id"),
                       cursor=cursor, size=page_size(size))


def user_notes(*, viewer, author: User, cursor: str | None = None, size: int | None = None,
               all_images: bool = False) -> Page:
    """A profile's notes. The owner also sees their drafts, notes under review and rejected ones."""
    if _authenticated(viewer) and viewer.pk == author.pk:
        qs = Note.objects.filter(author=author).exclude(state=NoteState.REMOVED)
        order = ("-id",)
    else:
        qs = visible_notes(viewer, hide_muted=False).filter(author=author)
        order = ("-published_at", "-id")
    return keyset_page(with_card_data(qs, viewer, all_images=all_images), order=order,
                       cursor=cursor, size=page_size(size))


def user_liked_notes(*, viewer: User, cursor: str | None = None, size: int | None = None,
                     all_images: bool = False) -> Page:
    """The owner's likes, newest like first (only the owner sees them)."""
    likes = Like.objects.filter(user=viewer, note__in=visible_notes(viewer, hide_muted=False))
    page = keyset_page(likes.only("id", "note_id"), order=("-id",), cursor=cursor, size=page_size(size))
    notes = {n.pk: n for n in with_card_data(Note.objects.filter(pk__in=[lk.note_id for lk in page.items]),
                                              viewer, all_images=all_images)}
    page.items = [notes[lk.note_id] for lk in page.items if lk.note_id in notes]
    return page


def note_get(*, viewer, note_id: int | str) -> Note:
    """One note with everything its page shows, or a 404 if `viewer` may not see it."""
    try:
        pk = int(note_id)
    except (TypeError, ValueError):
        raise policies.note_not_found() from None
    if not 0 < pk < 2**63:
        raise policies.note_not_found()
    mentions = Mention.objects.select_related("user")
    if _authenticated(viewer):
        # Someone blocked either way is not linked (nor named) for the viewer: the text stays plain.
        mentions = mentions.exclude(user__in=Block.objects.filter(blocker=viewer).values("blocked_id")).exclude(
            user__in=Block.objects.filter(blocked=viewer).values("blocker_id"))
    note = with_card_data(Note.objects.filter(pk=pk), viewer, all_images=True).prefetch_related(
        Prefetch("mentions", queryset=mentions)  # one query, not two
    ).first()
    if note is None:
        raise policies.note_not_found()
    policies.require_can_view(viewer, note)
    return note


def note_for_update(*, actor, note_id: int | str) -> Note:
    note = note_get(viewer=actor, note_id=note_id)
    policies.require_can_edit(actor, note)
    return note


def trending_topics(*, limit: int = 12) -> list[Topic]:
    """The busiest topics that at least one public note uses. A topic's count also holds followers-only
    and only-me notes; a name only those use (#surprisepartyforalex) is the author's to keep."""
    public_use = NoteTopic.objects.filter(topic=OuterRef("pk"), note__state=NoteState.PUBLISHED, note__limited=False,
                                          note__audience=Audience.PUBLIC, note__author__is_active=True)
    return list(Topic.objects.filter(Exists(public_use), notes_count__gt=0).order_by("-notes_count", "name")[:limit])


def notes_with_mentions(notes: list[Note]) -> list[Note]:
    """Load the members a page of notes mentions, in one query whatever the page size (the API
    shows mentions on every note; cards do not)."""
    from django.db.models import prefetch_related_objects

    from redleaf.notes.models import Mention

    prefetch_related_objects(notes, Prefetch("mentions", queryset=Mention.objects.select_related("user")))
    return notes
