"""The search page (notes, people and topics tabs; filters; cursor paging as an infinite scroll),
suggestions while typing (an HTMX fragment), and the moderators' hot-search page. Thin views."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatechars
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from redleaf.core.errors import RedleafError
from redleaf.search import selectors, services
from redleaf.web.shortcuts import member_required, render_error, render_page

FILTERS = ("type", "sort", "media", "since", "scope", "board")
TABS = [("notes", gettext_lazy("Notes")), ("users", gettext_lazy("People")), ("topics", gettext_lazy("Topics"))]
SORTS = [("relevance", gettext_lazy("Best match")), ("newest", gettext_lazy("Newest")),
         ("likes", gettext_lazy("Most liked"))]
MEDIAS = [("any", gettext_lazy("All notes")), ("image", gettext_lazy("With pictures")),
          ("text", gettext_lazy("Text only"))]
SINCES = [("", gettext_lazy("Any time")), ("1d", gettext_lazy("Last day")), ("7d", gettext_lazy("Last week")),
          ("30d", gettext_lazy("Last month")), ("180d", gettext_lazy("Last six months"))]
SCOPES = [("all", gettext_lazy("Everyone's notes")), ("mine", gettext_lazy("My notes")),
          ("boards", gettext_lazy("My boards"))]


def _highlighted(notes, query) -> None:
    """What a card shows, with the matches marked (web/_card.html uses these when present)."""
    from redleaf.search.templatetags.search import highlight, highlight_snippet

    for note in notes:
        note.title_html = highlight(truncatechars(note.title or note.body, 80), query)
        note.text_html = highlight(truncatechars(note.title or note.body, 120), query)
        note.snippet_html = highlight_snippet(note.body, query)


def _next_url(request, params, cursor: str | None) -> str:
    if not cursor:
        return ""
    query = {"q": params.q, **{k: getattr(params, k) for k in FILTERS if getattr(params, k)}, "cursor": cursor}
    return f"{request.path}?{urlencode(query)}"


@require_GET
def search(request):
    get = request.GET
    try:
        params = selectors.clean_params(q=get.get("q", ""), type=get.get("type", ""), sort=get.get("sort", ""),
                                        media=get.get("media", ""), since=get.get("since", ""),
                                        scope=get.get("scope", ""), board=get.get("board", ""),
                                        cursor=get.get("cursor", ""))
        page = services.query_run(viewer=request.user, params=params, address=request.META.get("REMOTE_ADDR"))
    except RedleafError as error:
        return render_error(request, error)
    notes = page.items if params.type == "notes" else []
    _highlighted(notes, page.query)
    context = {"params": params, "page": page, "query": page.query, "notes": notes,
               "next_url": _next_url(request, params, page.next_cursor), "searched": not page.query.empty,
               "tabs": TABS, "sorts": SORTS, "medias": MEDIAS, "sinces": SINCES, "scopes": SCOPES}
    if not context["searched"] and not params.cursor:
        context["hot"] = selectors.hot_list(limit=10)
    if params.scope == "boards" and request.user.is_authenticated and not params.cursor:
        context["boards"] = selectors.boards_of(request.user)
    if params.type == "notes":
        partial = "search/_note_results.html"
    else:
        partial = "search/_rows.html"
    return render_page(request, "search/search.html", partial, context)


@require_GET
def suggest(request):
    items = selectors.suggestions(viewer=request.user, prefix=request.GET.get("q", ""))
    return render(request, "search/_suggestions.html", {"items": items, "q": request.GET.get("q", "")})


@require_GET
@member_required
def hot(request):
    from redleaf.moderation.policies import require_moderator

    try:
        require_moderator(request.user)
    except RedleafError as error:
        return render_error(request, error)
    return render(request, "search/hot.html", {"hot": selectors.hot_list(limit=50, include_hidden=True)})


@require_POST
@member_required
def hot_hide(request):
    try:
        hot = services.hot_query_hide(actor=request.user, key=request.POST.get("key", ""),
                                      hidden=request.POST.get("hidden") == "1")
    except RedleafError as error:
        return render_error(request, error)
    messages.success(request, _("“%(text)s” is hidden from the hot list.") % {"text": hot.text} if hot.hidden
                     else _("“%(text)s” is back on the hot list.") % {"text": hot.text})
    return redirect("search:hot")
