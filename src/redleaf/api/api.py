"""Redleaf's JSON API, version 1, mounted at /api/v1/. Each app keeps its operations in its own
`api.py` router; this module gathers them and sets the rules every operation shares: how callers
authenticate (api/auth.py) and how failures look (api/errors.py)."""

from __future__ import annotations

from functools import wraps

from django.http import Http404, HttpResponseNotAllowed
from django.urls import URLPattern, re_path
from ninja import NinjaAPI

from redleaf.accounts.api import router as accounts_router
from redleaf.api import errors
from redleaf.api.auth import member_auth
from redleaf.api.parser import ObjectParser
from redleaf.discovery.api import router as discovery_router
from redleaf.engagement.api import router as engagement_router
from redleaf.language.api import router as language_router
from redleaf.moderation.api import router as moderation_router
from redleaf.notes.api import router as notes_router
from redleaf.search.api import router as search_router

DESCRIPTION = """
Redleaf's JSON API.

**Authentication.** Get a token with `POST /api/v1/auth/signup` or `POST /api/v1/auth/token` and send
it as `Authorization: Bearer <token>`. A browser on the same site may use its session cookie instead
(with the CSRF header on unsafe methods). Operations that also serve guests say so.

**Errors** always look like `{"error": {"code": "note_not_found", "message": "…", "field": "title"}}`,
with a 4xx status: 400 bad input, 401 not signed in, 403 not allowed, 404 not found (or not visible to
you), 409 conflict (such as liking twice), 413 too large, 415 unsupported image type. `code` is stable;
`message` is in the caller's language.

**Ids** are 64-bit integers sent as strings. **Lists** answer `{"items": [...], "next_cursor": ...}`:
pass `?cursor=<next_cursor>` for the next page (and `?limit=` up to 50); `next_cursor` is null at the end.

**Status codes.** Creating answers 201 with the new thing; deleting a thing answers 204 with no body;
switching a state (like, collect, follow, block, mute, pin) answers 200 with the new state and count.
"""


def _json_errors(view):
    """ninja answers an unknown method with a plain-text 405 (and its root view raises Http404);
    ours are JSON like every other error."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return errors.generic_error(404)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = errors.generic_error(405)
            response["Allow"] = allowed
        return response

    return wrapper


def _route_not_found(request, *args, **kwargs):
    return errors.generic_error(404)


_route_not_found.csrf_exempt = True  # type: ignore[attr-defined]


class RedleafAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__  # unique across our routers: note_create, user_follow…

    def _get_urls(self):  # ninja 1.x internals (pinned <2 in pyproject)
        urls = [
            URLPattern(p.pattern, _json_errors(p.callback), p.default_args, p.name) if isinstance(p, URLPattern) else p
            for p in super()._get_urls()
        ]
        # Anything else under /api/v1/ is a JSON 404, not the site's HTML page.
        urls.append(re_path(r"^.*$", _route_not_found, name="api-not-found"))
        return urls


api = RedleafAPI(
    title="Redleaf API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=member_auth,
    parser=ObjectParser(),
)
errors.install(api)
api.add_router("", accounts_router)
api.add_router("", notes_router)
api.add_router("", engagement_router)
api.add_router("", moderation_router)
api.add_router("", search_router)
api.add_router("", language_router)
api.add_router("", discovery_router)
