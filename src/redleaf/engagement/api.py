"""API operations about engagement: likes, collects and boards, comments and their likes and pins.
Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from redleaf.accounts.selectors import user_get
from redleaf.api import render
from redleaf.api.auth import OPTIONAL, OPTIONAL_SECURITY, viewer
from redleaf.api.schemas import (
    BoardIn,
    BoardOut,
    BoardPage,
    BoardPatchIn,
    CollectIn,
    CollectOut,
    CommentIn,
    CommentOut,
    CommentPage,
    LikeOut,
    NotePage,
    PinOut,
    errors,
)
from redleaf.engagement import selectors, services
from redleaf.notes.selectors import note_get, notes_with_mentions

router = Router(tags=["engagement"])

PAGE_LIMIT = Query(None, ge=1, le=50, description="Items per page (default 20, at most 50).")
CURSOR = Query(None, description="The `next_cursor` of the previous page.")


# --- likes and collects -----------------------------------------------------------------------
@router.post("/notes/{id}/like", response={200: LikeOut, **errors(401, 404, 409)},
             summary="Like a note (200 with the new like count; 409 already_liked)")
def note_like(request: HttpRequest, id: str):  # noqa: A002 - the path says {id}
    services.like_create(user=request.auth, note=note_get(viewer=request.auth, note_id=id))
    return {"liked": True, "likes": note_get(viewer=request.auth, note_id=id).likes_count}


@router.delete("/notes/{id}/like", response={200: LikeOut, **errors(401, 404)},
               summary="Unlike a note (200 with the new like count)")
def note_unlike(request: HttpRequest, id: str):  # noqa: A002
    services.like_delete(user=request.auth, note=note_get(viewer=request.auth, note_id=id))
    return {"liked": False, "likes": note_get(viewer=request.auth, note_id=id).likes_count}


@router.post("/notes/{id}/collect", response={200: CollectOut, **errors(400, 401, 404, 409)},
             summary="Collect a note into a board (the default board if none is named)")
def note_collect(request: HttpRequest, id: str, payload: CollectIn | None = None):  # noqa: A002
    note = note_get(viewer=request.auth, note_id=id)
    board_id = payload.board_id if payload is not None else None
    board = selectors.board_get(viewer=request.auth, board_id=board_id) if board_id else None
    collect = services.collect_create(user=request.auth, note=note, board=board)
    return {"collected": True, "collects": note_get(viewer=request.auth, note_id=id).collects_count,
            "board_id": str(collect.board_id)}


@router.delete("/notes/{id}/collect", response={200: CollectOut, **errors(401, 404)},
               summary="Take a note out of my boards")
def note_uncollect(request: HttpRequest, id: str):  # noqa: A002
    services.collect_delete(user=request.auth, note=note_get(viewer=request.auth, note_id=id))
    return {"collected": False, "collects": note_get(viewer=request.auth, note_id=id).collects_count,
            "board_id": None}


# --- comments -----------------------------------------------------------------------------------
@router.get("/notes/{id}/comments", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: CommentPage, **errors(400, 404)},
            summary="A note's comments, oldest first, the pinned one leading, each with its first replies")
def note_comments(request: HttpRequest, id: str, cursor: str | None = CURSOR,  # noqa: A002
                  limit: int | None = PAGE_LIMIT):
    note = note_get(viewer=viewer(request), note_id=id)
    return render.comment_page(request, selectors.comments_page(viewer=viewer(request), note=note, cursor=cursor,
                                                                size=limit))


@router.post("/notes/{id}/comments", response={201: CommentOut, **errors(400, 401, 404, 409)},
             summary="Comment on a note, or reply to a comment with `reply_to` (201)")
def comment_create(request: HttpRequest, id: str, payload: CommentIn):  # noqa: A002
    note = note_get(viewer=request.auth, note_id=id)
    reply_to = selectors.comment_get(viewer=request.auth, comment_id=payload.reply_to) if payload.reply_to else None
    comment = services.comment_create(author=request.auth, note=note, text=payload.text, reply_to=reply_to)
    return Status(201, render.comment(request, comment))


@router.get("/comments/{id}/replies", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: CommentPage, **errors(400, 404)}, summary="Replies to a comment, oldest first")
def comment_replies(request: HttpRequest, id: str, cursor: str | None = CURSOR,  # noqa: A002
                    limit: int | None = PAGE_LIMIT):
    comment = selectors.comment_get(viewer=viewer(request), comment_id=id)
    return render.comment_page(request, selectors.replies_page(viewer=viewer(request), comment=comment,
                                                               cursor=cursor, size=limit))


@router.delete("/comments/{id}", response={204: None, **errors(401, 403, 404)},
               summary="Delete a comment (mine, or one on my note) (204)")
def comment_delete(request: HttpRequest, id: str):  # noqa: A002
    services.comment_delete(comment=selectors.comment_get(viewer=request.auth, comment_id=id), actor=request.auth)
    return Status(204, None)


@router.post("/comments/{id}/like", response={200: LikeOut, **errors(401, 404, 409)},
             summary="Like a comment (200 with the new like count)")
def comment_like(request: HttpRequest, id: str):  # noqa: A002
    services.comment_like_create(user=request.auth, comment=selectors.comment_get(viewer=request.auth, comment_id=id))
    return {"liked": True, "likes": selectors.comment_get(viewer=request.auth, comment_id=id).likes_count}


@router.delete("/comments/{id}/like", response={200: LikeOut, **errors(401, 404)},
               summary="Unlike a comment (200 with the new like count)")
def comment_unlike(request: HttpRequest, id: str):  # noqa: A002
    services.comment_like_delete(user=request.auth, comment=selectors.comment_get(viewer=request.auth, comment_id=id))
    return {"liked": False, "likes": selectors.comment_get(viewer=request.auth, comment_id=id).likes_count}


@router.post("/comments/{id}/pin", response={200: PinOut, **errors(401, 403, 404)},
             summary="Pin a comment on my note (another pinned one is unpinned)")
def comment_pin(request: HttpRequest, id: str):  # noqa: A002
    comment = services.comment_pin(comment=selectors.comment_get(viewer=request.auth, comment_id=id),
                                   actor=request.auth)
    return {"is_pinned": comment.is_pinned}


@router.delete("/comments/{id}/pin", response={200: PinOut, **errors(401, 403, 404)},
               summary="Unpin a comment on my note")
def comment_unpin(request: HttpRequest, id: str):  # noqa: A002
    comment = services.comment_unpin(comment=selectors.comment_get(viewer=request.auth, comment_id=id),
                                     actor=request.auth)
    return {"is_pinned": comment.is_pinned}


# --- boards -------------------------------------------------------------------------------------
@router.get("/users/{username}/boards", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: BoardPage, **errors(404)},
            summary="A member's boards (the public ones; all of them when it is me)")
def user_boards(request: HttpRequest, username: str):
    owner = user_get(viewer=viewer(request), username=username)
    boards = selectors.user_boards(viewer=viewer(request), owner=owner)
    return {"items": [render.board(request, b, owner=owner) for b in boards], "next_cursor": None}


@router.get("/boards", response={200: BoardPage, **errors(401)}, summary="My boards, the default one first")
def my_boards(request: HttpRequest):
    boards = selectors.viewer_boards(viewer=request.auth)
    return {"items": [render.board(request, b, owner=request.auth) for b in boards], "next_cursor": None}


@router.post("/boards", response={201: BoardOut, **errors(400, 401, 409)}, summary="Make a board (201)")
def board_create(request: HttpRequest, payload: BoardIn):
    board = services.board_create(owner=request.auth, name=payload.name, description=payload.description,
                                  is_private=payload.is_private)
    return Status(201, render.board(request, board, owner=request.auth))


@router.get("/boards/{id}", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY, response={200: BoardOut, **errors(404)},
            summary="A board (a private one only for its owner)")
def board_detail(request: HttpRequest, id: str):  # noqa: A002
    return render.board(request, selectors.board_get(viewer=viewer(request), board_id=id))


@router.patch("/boards/{id}", response={200: BoardOut, **errors(400, 401, 404, 409)},
              summary="Rename my board, change its description or privacy")
def board_update(request: HttpRequest, id: str, payload: BoardPatchIn):  # noqa: A002
    board = services.board_update(board=selectors.board_get(viewer=request.auth, board_id=id), actor=request.auth,
                                  **payload.model_dump(exclude_unset=True))
    return render.board(request, board)


@router.delete("/boards/{id}", response={204: None, **errors(400, 401, 404)},
               summary="Delete my board and its collects (204; not the default board)")
def board_delete(request: HttpRequest, id: str):  # noqa: A002
    services.board_delete(board=selectors.board_get(viewer=request.auth, board_id=id), actor=request.auth)
    return Status(204, None)


@router.get("/boards/{id}/notes", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: NotePage, **errors(400, 404)}, summary="The notes in a board, newest collect first")
def board_notes(request: HttpRequest, id: str, cursor: str | None = CURSOR,  # noqa: A002
                limit: int | None = PAGE_LIMIT):
    board = selectors.board_get(viewer=viewer(request), board_id=id)
    page = selectors.board_notes(viewer=viewer(request), board=board, cursor=cursor, size=limit, all_images=True)
    notes_with_mentions(page.items)
    return render.note_page(request, page)
