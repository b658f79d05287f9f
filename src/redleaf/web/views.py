"""Browsing pages: explore, following, topics. Each view renders the whole page, or for an HTMX
request (the next page of an infinite scroll) only the cards and the next sentinel."""

from __future__ import annotations

from django.views.decorators.http import require_GET

from redleaf.core.errors import RedleafError
from redleaf.discovery import services as discovery_services
from redleaf.notes import selectors as note_selectors
from redleaf.web.shortcuts import member_required, page_url, render_error, render_page

SUGGESTIONS = 6


def _cursor(request) -> str | None:
    return request.GET.get("cursor") or None


@require_GET
def explore(request):
    try:
        page = discovery_services.explore_serve(viewer=request.user, cursor=_cursor(request))
    except RedleafError as error:
        return render_error(request, error)
    context = {"notes": page.items, "next_url": page_url(request.path, page.next_cursor), "tab": "explore",
               "discovery": page.extra.get("discovery")}
    if not _cursor(request):
        context["topics"] = note_selectors.trending_topics(limit=16)
    return render_page(request, "web/explore.html", "web/_waterfall.html", context)


@require_GET
@member_required
def following(request):
    try:
        page = note_selectors.feed_following(viewer=request.user, cursor=_cursor(request))
    except RedleafError as error:
        return render_error(request, error)
    context = {"notes": page.items, "next_url": page_url(request.path, page.next_cursor), "tab": "following",
               "show_time": True}  # newest first: when each was posted matters here
    if not page.items and not _cursor(request):
        context["suggested"] = _suggested_authors(request.user)
    return render_page(request, "web/following.html", "web/_waterfall.html", context)


def _suggested_authors(viewer) -> list:
    """For an empty following feed: the people behind today's explore page, to follow from here."""
    page = note_selectors.feed_explore(viewer=viewer, size=40)
    seen: dict[int, object] = {}
    for note in page.items:
        if note.author_id != viewer.pk:
            seen.setdefault(note.author_id, note.author)
    return list(seen.values())[:SUGGESTIONS]


@require_GET
def topic(request, name: str):
    try:
        found = note_selectors.topic_get(name=name)
        page = note_selectors.topic_notes(viewer=request.user, topic=found, cursor=_cursor(request))
    except RedleafError as error:
        return render_error(request, error)
    context = {"topic": found, "notes": page.items, "next_url": page_url(request.path, page.next_cursor)}
    return render_page(request, "web/topic.html", "web/_waterfall.html", context)
