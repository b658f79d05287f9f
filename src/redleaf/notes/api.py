"""API operations about notes: compose (multipart, with images), read, edit, delete, and the lists
of notes (feeds, topics, profiles, my likes; explore is discovery's, in discovery/api.py). Thin:
parse, call one service or selector, render."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from redleaf.accounts.selectors import user_get
from redleaf.api import render
from redleaf.api.auth import OPTIONAL, OPTIONAL_SECURITY, viewer
from redleaf.api.schemas import NoteCreateIn, NoteOut, NotePage, NotePatchIn, TopicNotePage, errors
from redleaf.core.errors import RedleafError
from redleaf.notes import selectors, services

router = Router(tags=["notes"])

PAGE_LIMIT = Query(None, ge=1, le=50, description="Items per page (default 20, at most 50).")
CURSOR = Query(None, description="The `next_cursor` of the previous page.")


def _note(request: HttpRequest, note_id) -> dict:
    """A note as the caller sees it, freshly read (after a write, too)."""
    return render.note(request, selectors.note_get(viewer=viewer(request), note_id=note_id))


def _page(request: HttpRequest, page) -> dict:
    selectors.notes_with_mentions(page.items)
    return render.note_page(request, page)


def _image_ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        raise RedleafError("unknown_image", _("That image is not part of this note."), field="image_ids") from None


# --- one note ---------------------------------------------------------------------------------
@router.post("/notes", response={201: NoteOut, **errors(400, 401, 413, 415)},
             summary="Post a note (multipart; 201 with the note)",
             description="Fields: `title`, `body`, `audience` (public, followers, only_me), `draft` (true to "
                         "save without publishing), `images` (0–18 files, repeat the field; `images[]` works "
                         "too) and `alts` (alt text per image, in the same order). A note without images "
                         "needs a title or a body.")
def note_create(request: HttpRequest, form: Form[NoteCreateIn], images: File[list[UploadedFile]] = None):
    if request.content_type == "application/json":  # else its fields would be silently missing
        raise RedleafError("multipart_required", _("Send a note as multipart/form-data."), status=415)
    uploads = [*(images or []), *request.FILES.getlist("images[]")]
    alts = [*form.alts, *request.POST.getlist("alts[]")]
    note = services.note_create(author=request.auth, title=form.title, body=form.body, audience=form.audience,
                                images=uploads, alts=alts, draft=form.draft)
    return Status(201, _note(request, note.pk))


@router.get("/notes/{id}", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY, response={200: NoteOut, **errors(404)},
            summary="A note (guests welcome; 404 if it does not exist or is not visible to you)")
def note_detail(request: HttpRequest, id: str):  # noqa: A002 - the path says {id}
    return _note(request, id)


@router.patch("/notes/{id}", response={200: NoteOut, **errors(400, 401, 403, 404)},
              summary="Edit my note: text, audience, image order (or removal), publish a draft")
def note_update(request: HttpRequest, id: str, payload: NotePatchIn):  # noqa: A002
    note = selectors.note_get(viewer=request.auth, note_id=id)
    services.note_update(note=note, actor=request.auth, title=payload.title, body=payload.body,
                         audience=payload.audience,
                         image_ids=None if payload.image_ids is None else _image_ids(payload.image_ids),
                         publish=payload.publish)
    return _note(request, note.pk)


@router.delete("/notes/{id}", response={204: None, **errors(401, 403, 404)}, summary="Delete my note (204)")
def note_delete(request: HttpRequest, id: str):  # noqa: A002
    note = selectors.note_get(viewer=request.auth, note_id=id)
    services.note_delete(note=note, actor=request.auth)
    return Status(204, None)


# --- lists of notes -----------------------------------------------------------------------------
@router.get("/feed/following", response={200: NotePage, **errors(400, 401)},
            summary="Notes of the members I follow, newest first")
def feed_following(request: HttpRequest, cursor: str | None = CURSOR, limit: int | None = PAGE_LIMIT):
    return _page(request, selectors.feed_following(viewer=request.auth, cursor=cursor, size=limit,
                                                   all_images=True))


@router.get("/topics/{name}/notes", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: TopicNotePage, **errors(400, 404)},
            summary="Notes on a #topic, newest first (guests welcome)")
def topic_notes(request: HttpRequest, name: str, cursor: str | None = CURSOR, limit: int | None = PAGE_LIMIT):
    topic = selectors.topic_get(name=name)
    page = _page(request, selectors.topic_notes(viewer=viewer(request), topic=topic, cursor=cursor, size=limit,
                                                all_images=True))
    return {**page, "topic": {"name": topic.name, "notes_count": topic.notes_count}}


@router.get("/users/{username}/notes", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: NotePage, **errors(400, 404)},
            summary="A member's notes (their own drafts too, when it is me; guests welcome)")
def user_notes(request: HttpRequest, username: str, cursor: str | None = CURSOR, limit: int | None = PAGE_LIMIT):
    author = user_get(viewer=viewer(request), username=username)
    return _page(request, selectors.user_notes(viewer=viewer(request), author=author, cursor=cursor, size=limit,
                                               all_images=True))


@router.get("/me/likes", response={200: NotePage, **errors(400, 401)}, summary="Notes I like, newest like first")
def my_likes(request: HttpRequest, cursor: str | None = CURSOR, limit: int | None = PAGE_LIMIT):
    return _page(request, selectors.user_liked_notes(viewer=request.auth, cursor=cursor, size=limit,
                                                     all_images=True))
