"""The language bridge in the browser: translate a note or comment in place (HTMX) or on a page of its
own (no JavaScript), pinyin above a note, the reading help for a tapped word, and the reading settings.
Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redleaf.core.errors import RedleafError
from redleaf.language import engines, selectors, services
from redleaf.web.shortcuts import is_partial, member_required, render_error, render_page


def _error(request, error: RedleafError, kind: str):
    if is_partial(request):
        return render(request, "language/_translation_error.html", {"message": error.message, "code": error.code,
                                                                     "kind": kind}, status=error.status)
    return render_error(request, error)


@require_POST
@member_required
def translate(request, kind: str, item_id: int):
    try:
        result = services.item_translate(viewer=request.user, kind=kind, item_id=item_id,
                                         target=request.POST.get("target") or None)
    except RedleafError as error:
        return _error(request, error, kind)
    context = {"result": result, "label": result.label, "kind": kind, "item": result.item,
               "fields": list(result.fields.items())}
    return render_page(request, "language/translation.html", "language/_translation.html", context)


@require_GET
def pinyin(request, note_id: int):
    """A note's title and body with pinyin above every Chinese character (ruby), words tappable."""
    try:
        note, fields = selectors.item_reading_help(viewer=request.user, kind="note", item_id=note_id)
    except RedleafError as error:
        return _error(request, error, "note")
    context = {"note": note, "fields": fields}
    if is_partial(request):
        return render(request, "language/_pinyin.html", context)
    return render(request, "language/pinyin.html", context)


@require_GET
def word(request):
    """The reading help for one word: ?w=猫咪, or ?text=<what the member tapped>&at=<offset>."""
    try:
        if "w" in request.GET:
            token = selectors.word_help(text=request.GET["w"])
        else:
            token = selectors.word_at(text=request.GET.get("text", ""), offset=request.GET.get("at"))
    except RedleafError as error:
        return _error(request, error, "word")
    if token is None:
        return render(request, "language/_word.html", {"token": None}, status=200)
    template = "language/_word.html" if is_partial(request) else "language/word.html"
    return render(request, template, {"token": token})


@require_http_methods(["GET", "POST"])
@member_required
def reading_settings(request):
    if request.method == "POST":
        services.preference_update(user=request.user, always_translate=request.POST.get("always_translate") == "on",
                                   show_pinyin=request.POST.get("show_pinyin") == "on")
        messages.success(request, _("Your reading settings are saved."))
        return redirect("language:settings")
    try:
        engine = engines.configured()
    except RedleafError:  # a misspelt engine name: the page still says how reading works
        engine = None
    context = {"pref": selectors.preference_get(user=request.user),
               "reads": [selectors.language_name(code) for code in selectors.reader_languages(request.user)],
               "target": selectors.language_name(selectors.target_for(request.user)),
               "engine": engine}
    return render(request, "language/settings.html", context)
