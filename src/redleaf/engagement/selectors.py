from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from redleaf.accounts.models import User
from redleaf.accounts.selectors import blocked_either_ids
from redleaf.core.pagination import Page, keyset_page
from redleaf.engagement import policies
from redleaf.engagement.models import Board, Collect, Comment, CommentLike, CommentState
from redleaf.notes.models import Note
from redleaf.notes.selectors import page_size, visible_notes, with_card_data

REPLIES_SHOWN = 3
BOARD_COVERS = 4


def _comments(viewer, note: Note, hidden: list[int] | None = None) -> QuerySet:
    qs = (Comment.objects.filter(note=note, author__is_active=True)  # a suspended member's are hidden
          .select_related("author", "author__avatar", "reply_to_user"))
    if viewer is not None and viewer.is_authenticated:  # my own comments under review show to me
        qs = qs.filter(Q(state=CommentState.PUBLISHED) | Q(state=CommentState.PENDING, author=viewer))
    else:
        qs = qs.filter(state=CommentState.PUBLISHED)
    hidden = blocked_either_ids(viewer) if hidden is None else hidden
    if hidden:
        qs = qs.exclude(author_id__in=hidden)
    if viewer is not None and viewer.is_authenticated:
        qs = qs.annotate(viewer_liked=Exists(CommentLike.objects.filter(user=viewer, comment=OuterRef("pk"))))
    return qs


def comments_page(*, viewer, note: Note, cursor: str | None = None, size: int | None = None) -> Page:
    """Top-level comments, oldest first (the pinned one leads the first page), each with its first
    few replies. A fixed number of queries whatever the page size."""
    hidden = blocked_either_ids(viewer)  # once, for the roots and their replies
    qs = _comments(viewer, note, hidden).filter(parent__isnull=True)
    pinned = qs.filter(is_pinned=True).first() if not cursor else None
    # The pinned comment leads the first page and is left out of every page, not only the first:
    # it would otherwise come round a second time at its own place in the order.
    page = keyset_page(qs.exclude(is_pinned=True), order=("id",), cursor=cursor, size=page_size(size))
    if pinned is not None:
        page.items.insert(0, pinned)
    roots = {c.pk: c for c in page.items}
    for c in roots.values():
        c.shown_replies = []
    if roots:
        replies = (
            _comments(viewer, note, hidden)
            .filter(parent_id__in=list(roots))
            .annotate(rank=Window(RowNumber(), partition_by=[F("parent_id")], order_by=F("id").asc()))
            .filter(rank__lte=REPLIES_SHOWN)
            .order_by("id")
        )
        for reply in replies:
            roots[reply.parent_id].shown_replies.append(reply)
        _forget_hidden_names(replies, hidden)
    return page


def _forget_hidden_names(replies, hidden: list[int]) -> None:
    """A reply says whom it answers; to a member blocked either way by that person it shows no name
    (the reply's own words are its author's and stay)."""
    for reply in replies:
        if reply.reply_to_user_id in hidden:
            reply.reply_to_user = None


def replies_page(*, viewer, comment: Comment, cursor: str | None = None, size: int | None = None) -> Page:
    policies.require_can_view_comment(viewer, comment)
    hidden = blocked_either_ids(viewer)
    page = keyset_page(_comments(viewer, comment.note, hidden).filter(parent=comment), order=("id",), cursor=cursor,
                       size=page_size(size))
    _forget_hidden_names(page.items, hidden)
    return page


def comment_get(*, viewer, comment_id: int | str) -> Comment:
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        raise policies.comment_not_found() from None
    if not 0 < pk < 2**63:
        raise policies.comment_not_found()
    comment = Comment.objects.select_related("note", "note__author", "author").filter(pk=pk).first()
    if comment is None:
        raise policies.comment_not_found()
    policies.require_can_view_comment(viewer, comment)
    return comment


def board_get(*, viewer, board_id: int | str) -> Board:
    try:
        pk = int(board_id)
    except (TypeError, ValueError):
        raise policies.board_not_found() from None
    if not 0 < pk < 2**63:
        raise policies.board_not_found()
    board = Board.objects.select_related("owner").filter(pk=pk).first()
    if board is None:
        raise policies.board_not_found()
    policies.require_can_view_board(viewer, board)
    from redleaf.accounts.policies import require_can_see_user

    require_can_see_user(viewer, board.owner)
    return board


def user_boards(*, viewer, owner: User) -> list[Board]:
    """A member's boards: all of them for the owner, the public ones for others."""
    qs = Board.objects.filter(owner=owner)
    if viewer is None or not viewer.is_authenticated or viewer.pk != owner.pk:
        qs = qs.filter(is_private=False)
    # A few covers per board, newest first, and only of notes the viewer may see: a public board must
    # not show the cover or title of a followers-only note to a stranger. Ranked per board, so a board
    # of ten thousand notes loads four (a sliced Prefetch would need a to_attr).
    covers = (
        Collect.objects.filter(note__in=visible_notes(viewer, hide_muted=False))
        .annotate(cover_rank=Window(RowNumber(), partition_by=[F("board_id")], order_by=F("id").desc()))
        .filter(cover_rank__lte=BOARD_COVERS)
        .select_related("note__cover")
        .order_by("-id")
    )
    return list(qs.order_by("-is_default", "-id").prefetch_related(Prefetch("collects", queryset=covers)))


def board_notes(*, viewer, board: Board, cursor: str | None = None, size: int | None = None,
                all_images: bool = False) -> Page:
    collects = Collect.objects.filter(board=board, note__in=visible_notes(viewer, hide_muted=False))
    page = keyset_page(collects.only("id", "note_id"), order=("-id",), cursor=cursor, size=page_size(size))
    notes = {n.pk: n for n in with_card_data(Note.objects.filter(pk__in=[c.note_id for c in page.items]),
                                              viewer, all_images=all_images)}
    page.items = [notes[c.note_id] for c in page.items if c.note_id in notes]
    return page


def viewer_boards(*, viewer: User) -> list[Board]:
    return list(Board.objects.filter(owner=viewer).order_by("-is_default", "name"))


def collected_board_id(*, viewer, note: Note) -> int | None:
    if viewer is None or not viewer.is_authenticated:
        return None
    return Collect.objects.filter(user=viewer, note=note).values_list("board_id", flat=True).first()
