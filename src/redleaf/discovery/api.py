"""Discovery in the API: the explore feed (each note with the reason it is shown), the member's
explore settings (onboarding answers, languages, the personalisation switch), marks and their undo,
and the view beacon for clients. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from redleaf.api import render
from redleaf.api.auth import OPTIONAL, OPTIONAL_SECURITY, viewer
from redleaf.api.schemas import NoteOut, UserRef, errors
from redleaf.discovery import selectors, services
from redleaf.notes.selectors import notes_with_mentions

router = Router(tags=["discovery"])

PAGE_LIMIT = Query(None, ge=1, le=50, description="Items per page (default 20, at most 50).")
CURSOR = Query(None, description="The `next_cursor` of the previous page.")


class ReasonOut(Schema):
    code: str = Field(description="Stable: topic_collect, topic_comment, topic_like, topic_long_view, "
                                  "topic_chosen, topic_related, also_collected, also_liked, following, author, "
                                  "bridge, new_creator, trending, popular, not_personalised.")
    text: str = Field(description="Why this note is shown, in the caller's language.")


class ExploreNoteOut(NoteOut):
    reason: ReasonOut


class ExplorePage(Schema):
    items: list[ExploreNoteOut]
    next_cursor: str | None = Field(description="Pass as `?cursor=` for the next page; null at the end.")


class TopicChoice(Schema):
    id: str
    name: str


class DiscoveryOut(Schema):
    personalised: bool = Field(description="false: explore is the same for everyone (newest popular).")
    onboarded: bool = Field(description="The member answered (or skipped) the interests question.")
    topics: list[TopicChoice] = Field(description="Interests the member chose.")
    read_languages: list[str]
    learning_languages: list[str] = Field(description="Languages the member would like to read more in.")


class DiscoveryIn(Schema):
    personalised: bool | None = None
    topics: list[str] | None = Field(None, description="Topic names (as in `/topics/{name}`).")
    read_languages: list[str] | None = None
    learning_languages: list[str] | None = None
    onboarded: bool = Field(False, description="true: this answers onboarding (or skips it).")


class MarkIn(Schema):
    kind: str = Field(description="not_interested or hide (a note), less_author, less_topic.")
    note_id: str | None = None
    author: str | None = Field(None, description="A username, for less_author (else the note's author).")
    topic: str | None = Field(None, description="A topic name, for less_topic (else the note's first topic).")


class MarkOut(Schema):
    id: str
    kind: str
    note_id: str | None
    author: UserRef | None
    topic: str | None
    created_at: datetime


class MarkPage(Schema):
    items: list[MarkOut]
    next_cursor: str | None


class ViewIn(Schema):
    seconds: float = Field(description="How long the note was open; 8 s or more is a long view.")


def _discovery(profile) -> dict:
    topics = selectors.topics_named(list(profile.chosen_topics))
    names = {t.pk: t.name for t in topics}
    return {"personalised": profile.personalised, "onboarded": profile.onboarded_at is not None,
            "topics": [{"id": str(t), "name": names[t]} for t in profile.chosen_topics if t in names],
            "read_languages": profile.read_languages, "learning_languages": profile.learning_languages}


def _mark(mark) -> dict:
    return {"id": str(mark.pk), "kind": mark.kind, "note_id": str(mark.note_id) if mark.note_id else None,
            "author": render.user_ref(mark.author) if mark.author_id else None,
            "topic": mark.topic.name if mark.topic_id else None, "created_at": mark.created_at}


@router.get("/feed/explore", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: ExplorePage, **errors(400)},
            summary="Explore: notes for me, each with why it is shown (guests: popular and recent)",
            description="Personalised for a member with personalisation on: learns from every like, collect, "
                        "comment, long view and mark at once, and never shows a note twice in a session. "
                        "Guests and members who switched it off get the same feed as everyone.")
def feed_explore(request: HttpRequest, cursor: str | None = CURSOR, limit: int | None = PAGE_LIMIT):
    page = services.explore_serve(viewer=viewer(request), cursor=cursor, size=limit, all_images=True)
    notes_with_mentions(page.items)
    return render.json_response({"items": [{**render.note(request, n), "reason": n.reason.as_dict()}
                                           for n in page.items], "next_cursor": page.next_cursor})


@router.get("/me/discovery", response={200: DiscoveryOut, **errors(401)}, summary="My explore settings")
def discovery_get(request: HttpRequest):
    return _discovery(services.profile_ensure(user=request.auth))


@router.patch("/me/discovery", response={200: DiscoveryOut, **errors(400, 401)},
              summary="Change my explore settings (onboarding answers them too)")
def discovery_update(request: HttpRequest, payload: DiscoveryIn):
    topic_ids = None if payload.topics is None else services.topic_ids_named(payload.topics)
    profile = services.interests_update(user=request.auth, topic_ids=topic_ids, read_languages=payload.read_languages,
                                        learning_languages=payload.learning_languages,
                                        personalised=payload.personalised, onboarded=payload.onboarded)
    return _discovery(profile)


@router.get("/me/discovery/marks", response={200: MarkPage, **errors(400, 401)},
            summary="What I marked: not interested, hidden, fewer from a member or about a topic")
def marks_list(request: HttpRequest, cursor: str | None = CURSOR, limit: int | None = PAGE_LIMIT):
    page = selectors.marks_of(user=request.auth, cursor=cursor, size=limit or 30)
    return {"items": [_mark(m) for m in page.items], "next_cursor": page.next_cursor}


@router.post("/me/discovery/marks", response={201: MarkOut, **errors(400, 401, 404, 409)},
             summary="Mark a note not interesting or hidden, or ask for fewer from a member or topic")
def mark_create(request: HttpRequest, payload: MarkIn):
    mark = services.mark_create(user=request.auth, kind=payload.kind, note_id=payload.note_id,
                                author=payload.author, topic_id=services.topic_id_named(payload.topic))
    return Status(201, _mark(selectors.mark_of(user=request.auth, mark_id=mark.pk)))


@router.delete("/me/discovery/marks/{id}", response={204: None, **errors(401, 404)}, summary="Undo a mark (204)")
def mark_delete(request: HttpRequest, id: str):  # noqa: A002 - the path says {id}
    services.mark_delete(user=request.auth, mark_id=id)
    return Status(204, None)


@router.post("/notes/{id}/views", response={204: None, **errors(400, 401, 404)},
             summary="I had this note open for so many seconds (a long view teaches explore)")
def note_view(request: HttpRequest, id: str, payload: ViewIn):  # noqa: A002
    services.view_record(user=request.auth, note_id=id, seconds=payload.seconds)
    return Status(204, None)


@router.get("/discovery/topics", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: list[TopicChoice], **errors(401)},
            summary="Topics to choose interests from (guests welcome)")
def topic_choices(request: HttpRequest):
    return [{"id": str(t.pk), "name": t.name} for t in selectors.onboarding_topics()]
