"""Discovery in the browser: onboarding (interests and languages after sign-up), the explore settings
(personalisation, interests, languages, marks to undo), the marks a card's menu makes, the note page's
view beacon, and the public page that explains explore. Thin: parse, call one service, render."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redleaf.core.errors import RedleafError
from redleaf.discovery import selectors, services
from redleaf.discovery import weights as W
from redleaf.discovery.models import Mark
from redleaf.discovery.pipeline.reasons import Reason
from redleaf.web.shortcuts import is_partial, member_required, page_url, render_error, safe_next

LANGUAGE_CHOICES = (("zh", "中文"), ("en", "English"))
REASON_CODES = {"topic_collect", "topic_comment", "topic_like", "topic_long_view", "topic_chosen", "topic_related",
                "also_collected", "also_liked", "following", "author", "bridge", "new_creator", "trending", "popular",
                "not_personalised"}


def welcome_url(next_url: str) -> str:
    """Where a new member goes right after sign-up: the interests question, then `next_url`."""
    return f"{reverse('discovery:welcome')}?{urlencode({'next': next_url})}"


def _choices(request, profile) -> dict:
    topics = selectors.onboarding_topics(limit=30)
    chosen = [int(t) for t in profile.chosen_topics]
    known = {t.pk for t in topics}
    extra = [t for t in selectors.topics_named([t for t in chosen if t not in known])]
    read = profile.read_languages or list(request.user.languages or [])
    return {"topics": [*extra, *topics], "chosen": set(chosen), "languages": LANGUAGE_CHOICES, "read": set(read),
            "learning": set(profile.learning_languages)}


def _answers(request) -> dict:
    return {"topic_ids": request.POST.getlist("topics"), "read_languages": request.POST.getlist("read"),
            "learning_languages": request.POST.getlist("learning")}


@require_http_methods(["GET", "POST"])
@member_required
def welcome(request):
    target = safe_next(request, "web:explore")
    profile = services.profile_ensure(user=request.user)
    error = None
    if request.method == "POST":
        try:
            if "skip" in request.POST:
                services.interests_update(user=request.user, onboarded=True)
            else:
                services.interests_update(user=request.user, onboarded=True, **_answers(request))
        except RedleafError as exc:
            error = exc
        else:
            return redirect(target)
    context = {**_choices(request, profile), "next": target, "error": error}
    return render(request, "discovery/welcome.html", context, status=error.status if error else 200)


@require_http_methods(["GET", "POST"])
@member_required
def settings_view(request):
    error = None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "reset":
                services.profile_reset(user=request.user)
                messages.success(request, _("Explore has forgotten what it learned. Your interests and marks stay."))
            else:
                services.interests_update(user=request.user, personalised=request.POST.get("personalised") == "on",
                                          **_answers(request))
                messages.success(request, _("Your explore settings are saved."))
        except RedleafError as exc:
            error = exc
        else:
            return redirect("discovery:settings")
    profile = services.profile_ensure(user=request.user)
    try:
        marks = selectors.marks_of(user=request.user, cursor=request.GET.get("cursor") or None)
    except RedleafError as exc:
        return render_error(request, exc)
    context = {**_choices(request, profile), "profile": profile, "marks": marks.items, "error": error,
               "next_url": page_url(request.path, marks.next_cursor), "learned": selectors.learned_topics(profile)}
    return render(request, "discovery/settings.html", context, status=error.status if error else 200)


def _reason_from(request) -> Reason:
    """The reason a card showed, sent back with its menu so the card can be shown again after an undo."""
    try:
        data = json.loads(request.POST.get("reason") or "{}")
        code, params = str(data.get("code", "")), data.get("params") or {}
        if code in REASON_CODES and isinstance(params, dict):
            return Reason(code, {str(k): str(v)[:80] for k, v in list(params.items())[:4]})
    except (ValueError, AttributeError, TypeError):
        pass
    return Reason("popular")


@require_POST
@member_required
def mark(request):
    kind = request.POST.get("kind", "")
    try:
        made = services.mark_create(user=request.user, kind=kind, note_id=request.POST.get("note_id") or None,
                                    topic_id=services.topic_id_named(request.POST.get("topic") or None))
    except RedleafError as error:
        return render_error(request, error)
    if is_partial(request):
        return render(request, "discovery/_card_dismissed.html",
                      {"mark": made, "note": made.note_ref, "reason": request.POST.get("reason", "")})
    messages.success(request, _message_for(made))
    return redirect(safe_next(request, "web:explore"))


def _message_for(made: Mark) -> str:
    return {
        Mark.Kind.HIDE: _("Hidden. It will not show in your explore again."),
        Mark.Kind.LESS_AUTHOR: _("Got it: you will not see this member's notes in explore."),
        Mark.Kind.LESS_TOPIC: _("Got it: you will not see notes on this topic in explore."),
    }.get(made.kind, _("Got it: you will see fewer notes like this."))


@require_POST
@member_required
def undo(request, mark_id: str):
    try:
        removed = services.mark_delete(user=request.user, mark_id=mark_id)
        note = None
        # The card the mark was made from: a note mark's own note, or (fewer from this author / about this
        # topic) the card's note, which comes back as it was.
        card_note = removed.note_id or request.POST.get("note_id", "")
        if (is_partial(request) and str(card_note).isdigit() and int(card_note) < 2**63
                and request.POST.get("from") == "card"):
            note = selectors.note_card(viewer=request.user, note_id=int(card_note))
    except RedleafError as error:
        return render_error(request, error)
    if is_partial(request) and request.POST.get("from") == "card":
        if note is None:
            return render(request, "discovery/_card_gone.html")
        note.reason = _reason_from(request)
        return render(request, "web/_card.html", {"note": note})
    messages.success(request, _("Undone: it can show in your explore again."))
    return redirect(safe_next(request, "discovery:settings"))


@require_POST
@member_required
def personalisation(request):
    on = request.POST.get("personalised") == "on"
    services.interests_update(user=request.user, personalised=on)
    messages.success(request, _("Explore is personalised for you again.") if on else
                     _("Explore is now the same for everyone: popular and recent notes, nothing about you."))
    return redirect(safe_next(request, "web:explore"))


@require_POST
def view_beacon(request, note_id: str):
    """The note page says how long it was open (navigator.sendBeacon: nobody reads the answer)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    try:
        services.view_record(user=request.user, note_id=note_id, seconds=request.POST.get("seconds", "0"))
    except RedleafError as error:
        return HttpResponse(str(error.message), status=error.status, content_type="text/plain; charset=utf-8")
    return HttpResponse(status=204)


@require_GET
def how(request):
    groups = {"lift": [], "lower": []}
    biggest = max(abs(w) for *_rest, w in W.parameters())
    for group, label, text, weight in sorted(W.parameters(), key=lambda p: -abs(p[3])):
        groups[group].append({"label": label, "text": text, "weight": weight, "share": round(100 * abs(weight) / biggest)})
    context = {"lifts": groups["lift"], "lowers": groups["lower"], "W": W,
               "per_author": W.page_caps(20)[0], "topic_share": round(W.MAX_TOPIC_SHARE * 100)}
    return render(request, "discovery/how.html", context)
