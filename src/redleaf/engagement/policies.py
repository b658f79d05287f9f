from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import Forbidden, NotFound, RedleafError
from redleaf.engagement.models import Board, Comment, CommentState
from redleaf.notes import policies as note_policies


def board_not_found() -> NotFound:
    return NotFound("board_not_found", _("No such board."))


def can_view_board(viewer, board: Board) -> bool:
    if viewer is not None and viewer.is_authenticated and viewer.pk == board.owner_id:
        return True
    return not board.is_private


def require_can_view_board(viewer, board: Board) -> None:
    if not can_view_board(viewer, board):
        raise board_not_found()


def require_board_owner(actor, board: Board) -> None:
    if actor.pk != board.owner_id:
        raise board_not_found()


def comment_not_found() -> NotFound:
    return NotFound("comment_not_found", _("No such comment."))


def require_can_view_comment(viewer, comment: Comment) -> None:
    """A comment under review is seen by its author only; a removed one, or a suspended member's, by no one."""
    if not comment.author.is_active:
        raise comment_not_found()
    if comment.state != CommentState.PUBLISHED and not (
            comment.state == CommentState.PENDING and viewer is not None and viewer.is_authenticated
            and viewer.pk == comment.author_id):
        raise comment_not_found()
    if not note_policies.can_view_note(viewer, comment.note):
        raise comment_not_found()
    from redleaf.accounts.policies import is_blocked_either

    if is_blocked_either(viewer, comment.author):
        raise comment_not_found()


def require_comment_published(comment: Comment) -> None:
    if comment.state != CommentState.PUBLISHED:
        raise RedleafError("comment_not_published", _("This comment is still under review."), status=409)


def require_can_delete_comment(actor, comment: Comment) -> None:
    """Authors delete their own comments; a note's author may also remove comments on their note."""
    require_can_view_comment(actor, comment)
    if actor.pk not in (comment.author_id, comment.note.author_id):
        raise Forbidden("not_comment_author", _("Only the comment's author can delete it."))


def require_can_pin(actor, comment: Comment) -> None:
    require_can_view_comment(actor, comment)
    if actor.pk != comment.note.author_id:
        raise Forbidden("not_note_author", _("Only the note's author can pin a comment."))
    require_comment_published(comment)
    if comment.parent_id is not None:
        raise Forbidden("cannot_pin_reply", _("Only a top-level comment can be pinned."))
