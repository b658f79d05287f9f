"""Who is calling: a bearer token (`Authorization: Bearer <token>`), else the Django session of a
same-site browser, which must then pass CSRF on unsafe methods. Once we know the member, their own
interface language is activated, so messages (errors included) come in it."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from redleaf.accounts.selectors import user_by_token
from redleaf.core.errors import Forbidden, Unauthenticated
from redleaf.core.middleware import SUPPORTED

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def _activate_language(request: HttpRequest, user) -> None:
    if user.ui_language in SUPPORTED:
        translation.activate(user.ui_language)
        request.LANGUAGE_CODE = user.ui_language


def _require_not_suspended(request: HttpRequest, user) -> None:
    """A suspended member's token reaches only their statements and appeals (core/middleware.py)."""
    from redleaf.core.middleware import suspended_may_reach, suspended_message

    if not user.is_active and not suspended_may_reach(request.path):
        raise Forbidden("account_suspended", suspended_message())


class MemberAuth(HttpBearer):
    """Required authentication: returns the member or None (→ 401). A token that is sent but not
    valid is a 401 even on operations that also serve anonymous callers."""

    def __call__(self, request: HttpRequest):
        header = request.headers.get("Authorization")
        if header:
            scheme, _sep, key = header.partition(" ")
            key = key.strip()
            user = user_by_token(key=key) if scheme.lower() == "bearer" and key else None
            if user is None:
                # Sent but wrong: say so, even where anonymous callers are served.
                raise Unauthenticated("bad_token", _("This token is not valid. Sign in again for a new one."))
            request.user = user
            request.api_token = key
            _activate_language(request, user)
            _require_not_suspended(request, user)
            return user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in SAFE_METHODS and check_csrf(request) is not None:
                raise Forbidden("csrf_failed", _("The CSRF check failed. Reload the page and try again."))
            request.api_token = None
            return user
        return None

    def authenticate(self, request: HttpRequest, token: str):  # pragma: no cover - __call__ does it all
        return None


def anonymous(request: HttpRequest):
    """Last in the chain of optional operations: a caller without credentials is served as a guest."""
    request.api_token = None
    return AnonymousUser()


member_auth = MemberAuth()
OPTIONAL = [member_auth, anonymous]
# The OpenAPI way to say "a token is welcome but not needed": an empty requirement next to the
# bearer one (ninja appends this list to the one it derives from `auth`).
OPTIONAL_SECURITY = {"security": [{}]}


def viewer(request: HttpRequest):
    """The authenticated member, or None for a guest."""
    user = getattr(request, "auth", None)
    return user if user is not None and user.is_authenticated else None
