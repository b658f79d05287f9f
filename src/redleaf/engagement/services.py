"""Every write about engagement: likes, boards and collects, comments and comment likes. Counters are
changed with F() in the same transaction as the row they count, so they stay right under
concurrent requests.

A write that adds a row pointing at a note, board or comment changes that row's counter FIRST. The
UPDATE locks the row until commit and reports whether it still exists: a concurrent delete (which
locks first too) either waits for us, or has already happened and we answer 404 instead of adding a
row that points nowhere (a foreign-key error, a 500, at commit). Locks are taken in one order, note
before comment or board, so two writers never wait on each other in a circle."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from redleaf.accounts.models import User
from redleaf.core import events
from redleaf.core.errors import Conflict, RedleafError
from redleaf.core.text import clean_text
from redleaf.engagement import policies
from redleaf.engagement.models import Board, Collect, Comment, CommentLike, CommentState, Like
from redleaf.notes import policies as note_policies
from redleaf.notes.models import Note
from redleaf.notes.services import note_rescore


def _bump_note(note_id: int, **deltas: int) -> None:
    if not Note.objects.filter(pk=note_id).update(**{k: F(k) + v for k, v in deltas.items()}):
        raise note_policies.note_not_found()
    note_rescore(note_id=note_id)


def _lock_note(note_id: int) -> None:
    if not Note.objects.select_for_update(no_key=True).filter(pk=note_id).values_list("pk", flat=True):
        raise note_policies.note_not_found()


# --- likes ------------------------------------------------------------------------------------
@transaction.atomic
def like_create(*, user: User, note: Note) -> Like:
    note_policies.require_can_engage(user, note)
    _bump_note(note.pk, likes_count=1)  # first: see the module's docstring
    try:
        with transaction.atomic():
            like = Like.objects.create(user=user, note=note)
    except IntegrityError as exc:
        raise Conflict("already_liked", _("You already like this note.")) from exc
    User.objects.filter(pk=note.author_id).update(likes_received_count=F("likes_received_count") + 1)
    events.send_on_commit(events.engaged, user_id=user.pk, note_id=note.pk, action="like")
    return like


@transaction.atomic
def like_delete(*, user: User, note: Note) -> None:
    note_policies.require_can_view(user, note)
    deleted, _rows = Like.objects.filter(user=user, note=note).delete()
    if not deleted:
        raise RedleafError("not_liked", _("You do not like this note."), status=404)
    _bump_note(note.pk, likes_count=-1)
    User.objects.filter(pk=note.author_id).update(likes_received_count=F("likes_received_count") - 1)
    events.send_on_commit(events.engaged, user_id=user.pk, note_id=note.pk, action="unlike")


# --- boards and collects ----------------------------------------------------------------------
def board_create_default(*, owner: User) -> Board:
    board, _created = Board.objects.get_or_create(
        owner=owner, is_default=True, defaults={"name": str(_("My collection")), "is_private": True}
    )
    return board


def _clean_board_name(name: str) -> str:
    name = clean_text(name)
    if not name:
        raise RedleafError("board_name_required", _("A board needs a name."), field="name")
    if len(name) > 30:
        raise RedleafError("board_name_too_long", _("A board name can have at most 30 characters."), field="name")
    return name


@transaction.atomic
def board_create(*, owner: User, name: str, description: str = "", is_private: bool = False) -> Board:
    name = _clean_board_name(name)
    try:
        with transaction.atomic():
            return Board.objects.create(owner=owner, name=name, description=clean_text(description)[:200],
                                        is_private=is_private)
    except IntegrityError as exc:
        raise Conflict("board_exists", _("You already have a board with that name.")) from exc


@transaction.atomic
def board_update(*, board: Board, actor: User, name: str | None = None, description: str | None = None,
                 is_private: bool | None = None) -> Board:
    policies.require_board_owner(actor, board)
    if name is not None:
        board.name = _clean_board_name(name)
    if description is not None:
        board.description = clean_text(description)[:200]
    if is_private is not None:
        board.is_private = is_private
    try:
        with transaction.atomic():
            board.save(update_fields=["name", "description", "is_private"])
    except IntegrityError as exc:
        raise Conflict("board_exists", _("You already have a board with that name.")) from exc
    return board


@transaction.atomic
def board_delete(*, board: Board, actor: User) -> None:
    """Delete a board; its collects go with it (the default board cannot be deleted)."""
    policies.require_board_owner(actor, board)
    if board.is_default:
        raise RedleafError("cannot_delete_default_board", _("The default board cannot be deleted."))
    if not Board.objects.select_for_update().filter(pk=board.pk).values_list("pk", flat=True):
        raise policies.board_not_found()  # deleted meanwhile
    for note_id in list(Collect.objects.filter(board=board).order_by("note_id").values_list("note_id", flat=True)):
        _bump_note(note_id, collects_count=-1)
    board.delete()


@transaction.atomic
def collect_create(*, user: User, note: Note, board: Board | None = None) -> Collect:
    note_policies.require_can_engage(user, note)
    if board is None:
        board = board_create_default(owner=user)
    else:
        policies.require_board_owner(user, board)
    _bump_note(note.pk, collects_count=1)  # first: see the module's docstring
    if not Board.objects.filter(pk=board.pk).update(collects_count=F("collects_count") + 1):
        raise policies.board_not_found()
    try:
        with transaction.atomic():
            collect = Collect.objects.create(user=user, note=note, board=board)
    except IntegrityError as exc:
        raise Conflict("already_collected", _("You already collected this note.")) from exc
    events.send_on_commit(events.engaged, user_id=user.pk, note_id=note.pk, action="collect")
    return collect


@transaction.atomic
def collect_delete(*, user: User, note: Note) -> None:
    note_policies.require_can_view(user, note)
    collect = Collect.objects.filter(user=user, note=note).first()
    if collect is None:
        raise RedleafError("not_collected", _("You have not collected this note."), status=404)
    collect.delete()
    Board.objects.filter(pk=collect.board_id).update(collects_count=F("collects_count") - 1)
    _bump_note(note.pk, collects_count=-1)
    events.send_on_commit(events.engaged, user_id=user.pk, note_id=note.pk, action="uncollect")


def note_engagement_forget(*, note: Note) -> None:
    """Before a note is deleted (its row locked by note_delete): boards that held it count one fewer.
    Its comments are locked too, so a comment like in flight lands before they go, or finds them gone."""
    list(Comment.objects.select_for_update().filter(note=note).values_list("pk", flat=True))
    Board.objects.filter(collects__note=note).update(collects_count=F("collects_count") - 1)
    likes = Like.objects.filter(note=note).count()
    if likes:
        User.objects.filter(pk=note.author_id).update(likes_received_count=F("likes_received_count") - likes)


# --- comments ---------------------------------------------------------------------------------
@transaction.atomic
def comment_create(*, author: User, note: Note, text: str, reply_to: Comment | None = None) -> Comment:
    """Write a comment or a reply. It is checked here (moderation/services.py): a trusted member's
    clean comment is published at once; anything else waits, seen only by its author, for a person."""
    from redleaf.moderation.models import Kind
    from redleaf.moderation.services import item_submitted, require_may_post

    note_policies.require_can_engage(author, note)
    require_may_post(author)
    text = clean_text(text)
    if not text:
        raise RedleafError("comment_empty", _("Write something first."), field="text")
    if len(text) > settings.COMMENT_MAX:
        raise RedleafError("comment_too_long", _("A comment can have at most %(n)d characters.")
                           % {"n": settings.COMMENT_MAX}, field="text")
    parent = None
    reply_to_user = None
    if reply_to is not None:
        if reply_to.note_id != note.pk:
            raise RedleafError("reply_elsewhere", _("You can only reply to a comment on the same note."),
                               field="reply_to")
        policies.require_can_view_comment(author, reply_to)
        policies.require_comment_published(reply_to)
        parent = reply_to if reply_to.parent_id is None else reply_to.parent  # one level of replies
        if parent is not reply_to:
            # Answering a reply lands in its root's thread: one the author may not see (a blocker's
            # comment) is closed to them, whoever wrote the reply they answer.
            policies.require_can_view_comment(author, parent)
        reply_to_user = reply_to.author if reply_to.parent_id is not None else None
    _lock_note(note.pk)  # first: see the module's docstring
    if parent is not None and not Comment.objects.select_for_update(no_key=True).filter(
            pk=parent.pk, state=CommentState.PUBLISHED).values_list("pk", flat=True):
        raise policies.comment_not_found()  # the comment answered was deleted meanwhile
    comment = Comment.objects.create(note=note, author=author, text=text, parent=parent,
                                     reply_to_user=reply_to_user, state=CommentState.PENDING)
    item_submitted(kind=Kind.COMMENT, obj=comment, author=author)
    comment.refresh_from_db(fields=["state", "languages"])
    return comment


def _comment_counted(comment: Comment) -> int:
    """How many comments a published comment stands for in its note's count: itself and, for a
    top-level one, its published replies (they go and come back with it)."""
    if comment.parent_id is not None:
        return 1
    return 1 + Comment.objects.filter(parent_id=comment.pk, state=CommentState.PUBLISHED,
                                      author__is_active=True).count()


def comment_publish(*, comment: Comment) -> Comment:
    """Review released the comment: it is shown and counted (a reply under a root that is not shown
    is counted when the root comes back, with it)."""
    Comment.objects.filter(pk=comment.pk).update(state=CommentState.PUBLISHED)
    comment.state = CommentState.PUBLISHED
    root_shown = comment.parent_id is None or Comment.objects.filter(
        pk=comment.parent_id, state=CommentState.PUBLISHED).exists()
    if root_shown:
        _bump_note(comment.note_id, comments_count=_comment_counted(comment))
    if comment.parent_id is not None:
        Comment.objects.filter(pk=comment.parent_id).update(replies_count=F("replies_count") + 1)
    events.send_on_commit(events.engaged, user_id=comment.author_id, note_id=comment.note_id, action="comment")
    return comment


def note_comments_recount(*, note_ids) -> None:
    """Count again the comments a note shows (published, by members not suspended, replies only under a
    root that shows): after a suspension or a reinstatement changes whose words are shown."""
    from django.db.models import Count, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    shown = (Comment.objects.filter(note=OuterRef("pk"), state=CommentState.PUBLISHED, author__is_active=True)
             .filter(Q(parent__isnull=True) | Q(parent__state=CommentState.PUBLISHED, parent__author__is_active=True))
             .order_by().values("note").annotate(n=Count("pk")).values("n"))
    ids = list(note_ids)
    for start in range(0, len(ids), 500):
        Note.objects.filter(pk__in=ids[start:start + 500]).update(comments_count=Coalesce(Subquery(shown), 0))
        for note_id in ids[start:start + 500]:
            note_rescore(note_id=note_id)


def comment_take_down(*, comment: Comment) -> Comment:
    """A moderator removed the comment: hidden from everyone, its author included, and uncounted."""
    if comment.state == CommentState.PUBLISHED:
        _bump_note(comment.note_id, comments_count=-_comment_counted(comment))
        if comment.parent_id is not None:
            Comment.objects.filter(pk=comment.parent_id).update(replies_count=F("replies_count") - 1)
    Comment.objects.filter(pk=comment.pk).update(state=CommentState.REMOVED, is_pinned=False)
    comment.state = CommentState.REMOVED
    events.send_on_commit(events.comment_changed, comment_id=comment.pk, note_id=comment.note_id, reason="removed")
    return comment


def comment_restore(*, comment: Comment) -> Comment:
    """An appeal reversed a removal: the comment is published again."""
    if comment.state != CommentState.PUBLISHED:
        comment_publish(comment=comment)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: User) -> None:
    policies.require_can_delete_comment(actor, comment)
    _lock_note(comment.note_id)  # note, then comment: the order every comment write takes
    locked = Comment.objects.select_for_update().filter(pk=comment.pk).first()
    if locked is None:
        raise policies.comment_not_found()  # deleted meanwhile
    # Counted under the locks: a reply in flight has landed, and a later one finds the root gone.
    if locked.state == CommentState.PUBLISHED:
        removed = _comment_counted(locked)
        if locked.parent_id is not None:
            Comment.objects.filter(pk=locked.parent_id).update(replies_count=F("replies_count") - 1)
        _bump_note(locked.note_id, comments_count=-removed)
    comment_id, note_id = locked.pk, locked.note_id
    locked.delete()
    events.send_on_commit(events.comment_changed, comment_id=comment_id, note_id=note_id, reason="deleted")


@transaction.atomic
def comment_pin(*, comment: Comment, actor: User) -> Comment:
    """Pin one comment on my note (pinning another unpins the first)."""
    policies.require_can_pin(actor, comment)
    Comment.objects.filter(note_id=comment.note_id, is_pinned=True).exclude(pk=comment.pk).update(is_pinned=False)
    Comment.objects.filter(pk=comment.pk).update(is_pinned=True)
    comment.is_pinned = True
    return comment


@transaction.atomic
def comment_unpin(*, comment: Comment, actor: User) -> Comment:
    policies.require_can_pin(actor, comment)
    Comment.objects.filter(pk=comment.pk).update(is_pinned=False)
    comment.is_pinned = False
    return comment


@transaction.atomic
def comment_like_create(*, user: User, comment: Comment) -> CommentLike:
    policies.require_can_view_comment(user, comment)
    policies.require_comment_published(comment)
    if not Comment.objects.filter(pk=comment.pk).update(likes_count=F("likes_count") + 1):  # first, as above
        raise policies.comment_not_found()
    try:
        with transaction.atomic():
            like = CommentLike.objects.create(user=user, comment=comment)
    except IntegrityError as exc:
        raise Conflict("already_liked", _("You already like this comment.")) from exc
    return like


@transaction.atomic
def comment_like_delete(*, user: User, comment: Comment) -> None:
    policies.require_can_view_comment(user, comment)
    deleted, _rows = CommentLike.objects.filter(user=user, comment=comment).delete()
    if not deleted:
        raise RedleafError("not_liked", _("You do not like this comment."), status=404)
    Comment.objects.filter(pk=comment.pk).update(likes_count=F("likes_count") - 1)

