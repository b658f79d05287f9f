from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _ in settings.LANGUAGES}


def language_for(request) -> str:
    """The member's own setting first, then the language cookie, then the browser's Accept-Language."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.ui_language in SUPPORTED:
        return user.ui_language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED:
        return cookie
    return translation.get_language_from_request(request)


class LanguageMiddleware:
    """Activates the browser's language early (for anonymous pages and errors); the member's own
    setting is applied once authentication has run, by MemberLanguageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


class MemberLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.ui_language in SUPPORTED:
            translation.activate(user.ui_language)
            request.LANGUAGE_CODE = user.ui_language
        return self.get_response(request)


# What a suspended member may still reach: the decisions about them (and appeals), the guidelines,
# the transparency report, logging out, the interface language, and what those pages load.
SUSPENDED_ALLOWED = ("/settings/decisions", "/logout", "/guidelines", "/transparency", "/language", "/static/",
                     "/media/", "/healthz", "/api/v1/statements", "/api/v1/auth/", "/api/v1/guidelines")


def suspended_may_reach(path: str) -> bool:
    return path.startswith(SUSPENDED_ALLOWED)


class SuspendedGateMiddleware:
    """A suspended member's session reaches only SUSPENDED_ALLOWED: the web sends them to the decisions
    about their account, the API answers 403 account_suspended (tokens are gated in api/auth.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_active and not suspended_may_reach(request.path):
            from django.shortcuts import redirect

            if request.path.startswith("/api/"):
                from redleaf.api.errors import error_response

                return error_response("account_suspended", suspended_message(), 403)
            return redirect("moderation:statements")
        return self.get_response(request)


def suspended_message():
    from django.utils.translation import gettext as _

    return _("Your account is suspended. You can read why, and appeal, under Decisions about my content.")

