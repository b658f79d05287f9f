"""Small helpers every web view uses: full page or HTMX partial from one view, errors shown in the
site's look (never a 500 for something the member got wrong), and a login gate that also works
for HTMX requests."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from redleaf.core.errors import RedleafError

LOGIN_URL = "accounts:login"


def is_partial(request) -> bool:
    """An HTMX request that wants a fragment. A boosted link (hx-boost) wants the whole page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def render_page(request, template: str, partial: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, partial if is_partial(request) else template, context, status=status)


def render_error(request, error: RedleafError) -> HttpResponse:
    """A RedleafError as a page (or, for HTMX, a small notice), with its status, in the member's language."""
    context = {"error": error, "message": error.message, "status": error.status, "back": way_back(request)}
    if error.status == 401 and not request.user.is_authenticated:
        page = request.get_full_path() if request.method == "GET" else context["back"]
        context["login_url"] = f"{resolve_url(LOGIN_URL)}?{urlencode({'next': page})}"
    if is_partial(request):
        return render(request, "web/_error.html", context, status=error.status)
    template = "404.html" if error.status == 404 else "web/error.html"
    return render(request, template, context, status=error.status)


def way_back(request) -> str:
    """Where "Start again" leads: the page itself for a page (GET); for a form posted to an action URL,
    which has no page of its own, the page it was posted from (same site only), else explore."""
    if request.method == "GET":
        return request.path
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return resolve_url("web:explore")


def login_redirect(request) -> HttpResponse:
    if getattr(request, "htmx", None):
        # An HTMX fragment cannot show a login page: send the whole window there, then back.
        current = request.htmx.current_url_abs_path or "/"
        return HttpResponseClientRedirect(f"{resolve_url(LOGIN_URL)}?{urlencode({'next': current})}")
    return redirect_to_login(request.get_full_path(), resolve_url(LOGIN_URL))


def member_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def safe_next(request, default: str = "/") -> str:
    """The `next` target from the form or query string, if it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return resolve_url(default) if default else ""


def page_url(path: str, cursor: str | None) -> str:
    return f"{path}?{urlencode({'cursor': cursor})}" if cursor else ""
