"""The review console, for moderators: the queue of open cases in the languages they read (riskiest and
widest-reaching first), one case with everything needed to decide it, decisions by keyboard, the audit
log, and the languages a moderator reviews. Thin: parse, call one service or selector, render.

Keyboard (console.js): j/k move in the queue and Enter opens; on a case, c claims, 1–9 and 0 choose the
rule, a approves, r removes, l limits, b labels, e escalates (on an appeal: t reverses, u upholds),
n skips to the next case, ? shows the keys. Every action is a plain form, so it also works without
JavaScript."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redleaf.core.errors import RedleafError
from redleaf.moderation import items, policies, selectors, services
from redleaf.moderation.models import Case, Decision, Kind
from redleaf.web.shortcuts import member_required, page_url, render_error

CLAIMED_FILTERS = ("any", "free", "mine")


def moderator_required(view):
    """Members who are not moderators get a clear 403 page, not the console."""

    @member_required
    def wrapper(request, *args, **kwargs):
        try:
            policies.require_moderator(request.user)
        except RedleafError as error:
            return render_error(request, error)
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_GET
@moderator_required
def queue(request):
    claimed = request.GET.get("claimed", "any")
    if claimed not in CLAIMED_FILTERS:
        claimed = "any"
    try:
        page = selectors.queue(moderator=request.user, cursor=request.GET.get("cursor"), claimed=claimed)
    except RedleafError as error:
        return render_error(request, error)
    more = page_url(request.path, page.next_cursor)
    if more and claimed != "any":
        more += f"&claimed={claimed}"
    excerpts = selectors.queue_excerpts(page.items)
    context = {
        "cases": [(c, excerpts.get(c.pk, "")) for c in page.items], "more_url": more, "claimed": claimed,
        "counts": selectors.queue_counts(moderator=request.user),
        "moderator": policies.moderator_of(request.user),
    }
    return render(request, "moderation/console/queue.html", context)


SKIPPED_KEY = "review_skipped"
SKIPPED_MAX = 200


def _claim_next(request, *, after: int | None = None):
    """Claim the first case no one else is working on, passing over those this moderator skipped in
    this session, and go to it (or back to an empty queue)."""
    skipped = [int(pk) for pk in request.session.get(SKIPPED_KEY, [])]
    excluded = set(skipped) | ({after} if after else set())
    case = selectors.next_case(moderator=request.user, exclude=excluded)
    while case is not None:
        try:
            services.case_claim(case_id=case.pk, moderator=request.user)
        except RedleafError:  # someone claimed it a moment ago: take the one after
            excluded.add(case.pk)
            case = selectors.next_case(moderator=request.user, exclude=excluded)
            continue
        return redirect("moderation:case", case_id=case.pk)
    if skipped:
        request.session[SKIPPED_KEY] = []  # round again: the skipped ones are still waiting
        messages.info(request, _("Only the cases you skipped are left; they are back in the queue."))
    else:
        messages.success(request, _("The queue is empty. Thank you!"))
    return redirect("moderation:queue")


def _case_id(value) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


@require_POST
@moderator_required
def next_case(request):
    """"Start reviewing", or "skip to the next case": a skipped case is put back (my claim on it ends)
    and not offered again in this session until only skipped ones are left."""
    after = _case_id(request.POST.get("after"))
    if after is not None:
        try:
            services.case_unclaim(case_id=after, moderator=request.user)
        except RedleafError:
            pass  # gone or decided meanwhile: nothing to put back
        skipped = [pk for pk in request.session.get(SKIPPED_KEY, []) if pk != after] + [after]
        request.session[SKIPPED_KEY] = skipped[-SKIPPED_MAX:]
    return _claim_next(request, after=after)


def _case_context(request, view: selectors.CaseView, **extra) -> dict:
    case = view.case
    appeal = case.appeal_id is not None
    context = {
        "view": view, "case": case, "rules": selectors.rules_active(), "is_appeal": appeal,
        "actions": items.ITEM_ACTIONS.get(case.kind, set()),
        "account_actions": [c for c in Decision.AccountAction.choices if c[0]],
        "mine": case.claimed_by_id == request.user.pk and not policies.claim_lapsed(case),
        "claimed_by_other": case.claimed_by_id not in (None, request.user.pk) and not policies.claim_lapsed(case),
        "error": None, "chosen_rule": "", "reason": "", "chosen_account_action": "",
        "item_url": _item_url(case, view.item),
        "kinds": dict(Kind.choices),
        "flag_score": settings.MODERATION_FLAG_SCORE, "high_score": settings.MODERATION_HIGH_SCORE,
    }
    context.update(extra)
    return context


def _item_url(case: Case, item) -> str:
    if item is None:
        return ""
    if case.kind == Kind.NOTE:
        return reverse("notes:detail", args=[item.pk])
    if case.kind == Kind.COMMENT:
        return reverse("notes:detail", args=[item.note_id]) + f"#comment-{item.pk}"
    user = items.author_of(case.kind, item)
    return reverse("accounts:profile", args=[user.username])


@require_GET
@moderator_required
def case(request, case_id: int):
    try:
        view = selectors.case_get(moderator=request.user, case_id=case_id)
    except RedleafError as error:
        return render_error(request, error)
    return render(request, "moderation/console/case.html", _case_context(request, view))


@require_POST
@moderator_required
def claim(request, case_id: int):
    try:
        services.case_claim(case_id=case_id, moderator=request.user)
    except RedleafError as error:
        if error.status != 409:
            return render_error(request, error)
        messages.error(request, error.message)  # someone else has it: the case page says who
    return redirect("moderation:case", case_id=case_id)


@require_POST
@moderator_required
def decide(request, case_id: int):
    action = request.POST.get("action", "")
    rule_id = request.POST.get("rule") or None
    reason = request.POST.get("reason", "")
    account_action = request.POST.get("account_action", "")
    try:
        decision = services.case_decide(case_id=case_id, moderator=request.user, action=action, rule_id=rule_id,
                                        reason=reason, account_action=account_action)
    except RedleafError as error:
        if error.code == "item_gone":
            messages.info(request, error.message)
            return _claim_next(request)
        try:
            view = selectors.case_get(moderator=request.user, case_id=case_id)
        except RedleafError as missing:
            return render_error(request, missing)
        context = _case_context(request, view, error=error, chosen_rule=rule_id or "", reason=reason,
                                chosen_account_action=account_action)
        return render(request, "moderation/console/case.html", context, status=error.status)
    messages.success(request, _("Decided: %(action)s.") % {"action": decision.get_action_display()})
    if request.POST.get("then") == "queue":
        return redirect("moderation:queue")
    return _claim_next(request)


@require_POST
@moderator_required
def unclaim(request, case_id: int):
    try:
        services.case_unclaim(case_id=case_id, moderator=request.user)
    except RedleafError as error:
        return render_error(request, error)
    return redirect("moderation:queue")


@require_GET
@moderator_required
def audit(request):
    try:
        page = selectors.audit_log(moderator=request.user, cursor=request.GET.get("cursor"))
    except RedleafError as error:
        return render_error(request, error)
    return render(request, "moderation/console/audit.html",
                  {"entries": page.items, "more_url": page_url(request.path, page.next_cursor)})


@require_http_methods(["GET", "POST"])
@moderator_required
def languages(request):
    mod = policies.moderator_of(request.user)
    chosen = list(mod.languages)
    error, status = None, 200
    if request.method == "POST":
        chosen = request.POST.getlist("languages")
        try:
            services.moderator_languages_update(moderator=request.user, languages=chosen)
        except RedleafError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("Saved. Your queue now shows cases in these languages."))
            return redirect("moderation:queue")
    names = {"zh": _("Chinese"), "en": _("English")}
    options = [(code, names.get(code, code)) for code in settings.LANGUAGES_SERVED]
    return render(request, "moderation/console/languages.html",
                  {"options": options, "chosen": chosen, "error": error}, status=status)
