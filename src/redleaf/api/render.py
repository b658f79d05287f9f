"""Rows to the API's plain data. Reads only what the selectors already loaded (select_related,
prefetches, annotations), so rendering a page adds no queries."""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse

from redleaf.core.pagination import Page

# A path of our own shape (what local storage and variant_url give): nothing in it that Django's
# build_absolute_uri would resolve (/./, /../, //) or quote.
_PLAIN_PATH = re.compile(r"/(?:[A-Za-z0-9_~%\-][A-Za-z0-9_.~%\-]*(?:/|\Z))*\Z")


def absolute(request: HttpRequest, url: str | None) -> str | None:
    """build_absolute_uri(url), with its answer for a plain path made here: the request's scheme and
    host, then the path (a card has several pictures: 1–3.5 µs each through Django, 58 a page)."""
    if not url:
        return None
    if _PLAIN_PATH.match(url):
        return request._current_scheme_host + url  # what build_absolute_uri prefixes, worked out once a request
    return request.build_absolute_uri(url)


def user_ref(user) -> dict[str, Any]:
    return {"id": str(user.pk), "username": user.username, "display_name": user.display_name}


def user_brief(request: HttpRequest, user) -> dict[str, Any]:
    data = user_ref(user)
    data["avatar"] = absolute(request, user.avatar.thumb_url) if user.avatar_id else None
    return data


def user_full(request: HttpRequest, user, relationship=None) -> dict[str, Any]:
    data = user_brief(request, user)
    data.update(
        bio=user.bio,
        languages=list(user.languages or []),
        counts={
            "followers": user.followers_count,
            "following": user.following_count,
            "notes": user.notes_count,
            "likes_received": user.likes_received_count,
        },
        relationship=None if relationship is None else {
            "following": relationship.following,
            "followed_by": relationship.followed_by,
            "blocking": relationship.blocking,
            "muting": relationship.muting,
        },
    )
    return data


def me(request: HttpRequest, user) -> dict[str, Any]:
    data = user_full(request, user)
    data["ui_language"] = user.ui_language
    data["profile_under_review"] = _profile_under_review(user)
    return data


def _profile_under_review(user) -> bool:
    from redleaf.moderation.models import ProfileChange

    held = getattr(user, "profile_held", None)
    if held is not None:
        return held
    return ProfileChange.objects.filter(user=user, state=ProfileChange.State.PENDING).exists()


def image(request: HttpRequest, img) -> dict[str, Any]:
    return {
        "id": str(img.pk),
        "url": absolute(request, img.large_url) or "",
        "thumb_url": absolute(request, img.thumb_url) or "",
        "width": img.width,
        "height": img.height,
        "blurhash": img.blurhash,
        "alt": img.alt,
    }


def note(request: HttpRequest, n) -> dict[str, Any]:
    return {
        "id": str(n.pk),
        "author": user_brief(request, n.author),
        "title": n.title,
        "body": n.body,
        "images": [image(request, ni.image) for ni in n.note_images.all()],
        "topics": [t.name for t in n.topics.all()],
        "mentions": [m.user.username for m in n.mentions.all()],
        "counts": {"likes": n.likes_count, "collects": n.collects_count, "comments": n.comments_count},
        "viewer": {
            "liked": bool(getattr(n, "viewer_liked", False)),
            "collected": bool(getattr(n, "viewer_collected", False)),
        },
        "state": n.state,
        "limited": n.limited,
        "label": n.label_rule or None,
        "languages": n.languages,
        "audience": n.audience,
        "created_at": n.created_at,
        "published_at": n.published_at,
    }


def note_page(request: HttpRequest, page: Page) -> dict[str, Any]:
    return {"items": [note(request, n) for n in page.items], "next_cursor": page.next_cursor}


def comment(request: HttpRequest, c) -> dict[str, Any]:
    return {
        "id": str(c.pk),
        "note_id": str(c.note_id),
        "author": user_brief(request, c.author),
        "text": c.text,
        "reply_to_user": user_ref(c.reply_to_user) if c.reply_to_user_id else None,
        "parent_id": str(c.parent_id) if c.parent_id else None,
        "likes_count": c.likes_count,
        "replies_count": c.replies_count,
        "is_pinned": c.is_pinned,
        "state": c.state,
        "viewer_liked": bool(getattr(c, "viewer_liked", False)),
        "created_at": c.created_at,
        "replies": [comment(request, r) for r in getattr(c, "shown_replies", [])],
    }


def comment_page(request: HttpRequest, page: Page) -> dict[str, Any]:
    return {"items": [comment(request, c) for c in page.items], "next_cursor": page.next_cursor}


def board(request: HttpRequest, b, owner=None) -> dict[str, Any]:
    """`owner`, when the caller already holds it, saves a query per board."""
    return {
        "id": str(b.pk),
        "owner": user_brief(request, owner if owner is not None else b.owner),
        "name": b.name,
        "description": b.description,
        "is_private": b.is_private,
        "is_default": b.is_default,
        "collects_count": b.collects_count,
        "created_at": b.created_at,
    }


def json_response(data: Any, status: int = 200) -> HttpResponse:
    """Data already in an operation's response shape, as ninja's renderer writes it, without
    validating it against the schema again (pydantic costs more than the rest of a cached feed page;
    tests/api/test_queries.py pins that the output is what the schema would give)."""
    import json

    from ninja.responses import NinjaJSONEncoder

    return HttpResponse(json.dumps(data, cls=NinjaJSONEncoder), status=status,
                        content_type="application/json; charset=utf-8")
