"""Search in the API: `GET /search` (notes, members or topics), suggestions while typing, the hot list, and
moderators hiding a hot search. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from redleaf.api import render
from redleaf.api.auth import OPTIONAL, OPTIONAL_SECURITY, viewer
from redleaf.api.schemas import NoteOut, UserBrief, errors
from redleaf.notes.selectors import notes_with_mentions
from redleaf.search import analysis, selectors, services
from redleaf.search.ranking import hot_value

router = Router(tags=["search"])


class Highlight(Schema):
    title: list[list[int]] = Field(description="[start, end) character ranges of `title` that matched.")
    body: list[list[int]] = Field(description="[start, end) character ranges of `body` that matched.")


class SearchNoteOut(NoteOut):
    kind: Literal["note"] = "note"
    highlight: Highlight


class SearchUserOut(UserBrief):
    kind: Literal["user"] = "user"
    bio: str
    followers: int
    highlight: list[list[int]] = Field(description="Ranges of `display_name` that matched.")


class SearchTopicOut(Schema):
    kind: Literal["topic"] = "topic"
    name: str
    notes_count: int
    highlight: list[list[int]] = Field(description="Ranges of `name` that matched.")


class SearchOut(Schema):
    type: str
    q: str
    corrected: str | None = Field(description="The query as understood after a spelling correction, if any.")
    relaxed: bool = Field(description="True when no result had every word and these have some of them.")
    items: list[SearchNoteOut | SearchUserOut | SearchTopicOut]
    next_cursor: str | None = Field(description="Pass as `?cursor=` for the next page; null at the end.")


class SuggestionOut(Schema):
    kind: str = Field(description="topic, hot (a hot search) or user.")
    label: str
    url: str = Field(description="Where the web app goes when it is picked.")


class SuggestionsOut(Schema):
    items: list[SuggestionOut]


class HotOut(Schema):
    text: str
    value: float = Field(description="About how many people searched it in the last day (decaying).")
    hidden: bool


class HotListOut(Schema):
    items: list[HotOut]


class HotHideIn(Schema):
    query: str = Field(description="The hot search, as listed.")
    hidden: bool = True


def _spans(text: str, query) -> list[list[int]]:
    return [list(span) for span in analysis.highlight_spans(text, query)]


def _item(request: HttpRequest, kind: str, row, query) -> dict:
    if kind == "notes":
        data = render.note(request, row)
        data.update(kind="note", highlight={"title": _spans(row.title, query), "body": _spans(row.body, query)})
        return data
    if kind == "users":
        data = render.user_brief(request, row)
        data.update(kind="user", bio=row.bio, followers=row.followers_count,
                    highlight=_spans(row.display_name, query))
        return data
    return {"kind": "topic", "name": row.name, "notes_count": row.notes_count, "highlight": _spans(row.name, query)}


@router.get("/search", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY, response={200: SearchOut, **errors(400, 401)},
            summary="Search notes, members or topics (guests welcome)",
            description="`q`: what to look for, in Chinese, English or pinyin (maomi, mao mi), traditional or "
                        "simplified, misspelt or not; at most 200 characters are read. `type`: notes (default), "
                        "users, topics. Notes only: `sort` relevance (default), newest, likes; `media` any, "
                        "image, text; `since` 1d, 7d, 30d, 180d or a date (2025-06-01); `scope` all (default), "
                        "mine (my own notes, drafts included), boards (notes I collected; `board` for one "
                        "board). An empty query answers 400 `query_empty`. Results hold only what you may see.")
def search(request: HttpRequest, q: str = "", type: str = "notes", sort: str = "relevance",  # noqa: A002
           media: str = "any", since: str = "", scope: str = "all", board: str = "", cursor: str = "",
           limit: int | None = Query(None, ge=1, le=50, description="Items per page (default 20, at most 50).")):
    params = selectors.clean_params(q=q, type=type, sort=sort, media=media, since=since, scope=scope, board=board,
                                    cursor=cursor, size=limit)
    page = services.query_run(viewer=viewer(request), params=params, address=request.META.get("REMOTE_ADDR"),
                              require_text=True)
    if params.type == "notes":
        notes_with_mentions(page.items)
    return {"type": params.type, "q": page.query.text, "corrected": page.query.corrected, "relaxed": page.relaxed,
            "items": [_item(request, params.type, row, page.query) for row in page.items],
            "next_cursor": page.next_cursor}


@router.get("/search/suggestions", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY, response={200: SuggestionsOut, **errors(400)},
            summary="Suggestions while typing: hot searches, topics and members (pinyin prefixes too: xlb)")
def search_suggestions(request: HttpRequest, q: str = ""):
    items = selectors.suggestions(viewer=viewer(request), prefix=q)
    return {"items": [{"kind": i.kind, "label": i.label, "url": i.url} for i in items]}


@router.get("/search/hot", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY, response={200: HotListOut, **errors(400)},
            summary="Trending searches, hottest first (hidden ones left out)")
def search_hot(request: HttpRequest):
    return {"items": [{"text": h.text, "value": round(h.current, 2), "hidden": h.hidden}
                      for h in selectors.hot_list()]}


@router.post("/search/hot/hidden", response={200: HotOut, **errors(400, 401, 403, 404)},
             summary="Moderators: hide a hot search from the hot list and suggestions (or show it again)")
def search_hot_hide(request: HttpRequest, payload: HotHideIn):
    hot = services.hot_query_hide(actor=request.auth, key=services.hot_key(payload.query), hidden=payload.hidden)
    return {"text": hot.text, "value": round(hot_value(hot.heat, now=timezone.now()), 2), "hidden": hot.hidden}
