"""Review as members and the public see it: the community guidelines, reporting, statements of
reasons with appeals, a member's own reports and their outcomes, and the public transparency page.
Thin: parse, call one service or selector, render. Every form also works without JavaScript; with
HTMX, the report form opens in place and answers with only itself."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from redleaf.core.errors import RedleafError
from redleaf.moderation import policies, rules, selectors, services
from redleaf.moderation.models import Appeal, Case, Decision, GuidelinesVersion, Kind, Statement
from redleaf.web.shortcuts import is_partial, member_required, render_error, render_page, safe_next

REPORTABLE = (Kind.NOTE, Kind.COMMENT, Kind.ACCOUNT)
APPEAL_MAX = 2000


def _pick(texts: dict | None) -> str:
    """A {"zh": ..., "en": ...} text from the guidelines file, in the active language."""
    if not texts:
        return ""
    code = "zh" if (get_language() or settings.LANGUAGE_CODE).startswith("zh") else "en"
    return texts.get(code) or texts.get("en") or ""


# --- the guidelines -----------------------------------------------------------------------------
def _effective(data: dict):
    try:
        return date.fromisoformat(str(data.get("effective", "")))
    except ValueError:
        return None


@require_GET
def guidelines(request):
    data = rules.load_guidelines_data()
    version = GuidelinesVersion.objects.order_by("-number").first()
    shipped = version is None or version.number == data.get("version")
    actions = [(code, _pick(text)) for code, text in (data.get("actions") or {}).items()]
    context = {
        "version": version.number if version else data.get("version", 1),
        "effective": _effective(data) if shipped else version.created_at,
        "intro": _pick(data.get("intro")),
        "how_review_works": _pick(data.get("how_review_works")),
        "actions": actions,
        "rules": selectors.rules_active(),
        "appeal_days": settings.MODERATION_APPEAL_DAYS,
    }
    return render(request, "moderation/public/guidelines.html", context)


# --- reporting ----------------------------------------------------------------------------------
def _report_target(request, kind: str, object_id: str):
    """The item as the reporter sees it (a 404 for a kind we do not take or an item they cannot see)."""
    if kind not in REPORTABLE:
        raise Http404
    return policies.reportable(request.user, kind, object_id)


def _item_url(kind: str, obj) -> str:
    if kind == Kind.NOTE:
        return reverse("notes:detail", args=[obj.pk])
    if kind == Kind.COMMENT:
        return reverse("notes:detail", args=[obj.note_id]) + f"#comment-{obj.pk}"
    return reverse("accounts:profile", args=[obj.username])


@require_http_methods(["GET", "POST"])
@member_required
def report(request, kind: str, object_id: str):
    try:
        obj = _report_target(request, kind, object_id)
    except RedleafError as error:
        return render_error(request, error)
    context = {
        "kind": kind, "obj": obj, "object_id": object_id, "rules": selectors.rules_active(),
        "item_url": _item_url(kind, obj), "text_max": settings.MODERATION_REPORT_MAX,
        "chosen": request.POST.get("rule", ""), "text": request.POST.get("text", ""), "error": None,
        "done": False, "inline": is_partial(request),
    }
    context["next"] = safe_next(request, context["item_url"])
    status = 200
    if request.method == "POST":
        try:
            services.report_create(reporter=request.user, kind=kind, object_id=object_id,
                                   rule_id=context["chosen"], text=context["text"])
        except RedleafError as error:
            if error.status == 404:
                return render_error(request, error)
            context["error"], status = error, error.status
        else:
            context["done"] = True
    return render_page(request, "moderation/public/report.html", "moderation/public/_report_form.html",
                       context, status=status)


# --- decisions about my content (statements of reasons) and appeals ------------------------------
@require_GET
@member_required
def statements(request):
    return render(request, "moderation/public/statements.html",
                  {"statements": selectors.statements_of(user=request.user)})


def _statement_item(user, statement: Statement) -> dict:
    """Where the item a statement is about can still be seen by its author (or no link)."""
    from redleaf.accounts.models import User
    from redleaf.engagement import selectors as engagement_selectors
    from redleaf.notes import selectors as note_selectors

    url = ""
    try:
        if statement.kind == Kind.NOTE:
            note_selectors.note_get(viewer=user, note_id=statement.object_id)
            url = reverse("notes:detail", args=[statement.object_id])
        elif statement.kind == Kind.COMMENT:
            comment = engagement_selectors.comment_get(viewer=user, comment_id=statement.object_id)
            url = reverse("notes:detail", args=[comment.note_id]) + f"#comment-{comment.pk}"
        elif statement.kind == Kind.PROFILE:
            url = reverse("accounts:settings")
        elif statement.kind == Kind.ACCOUNT and User.objects.filter(pk=statement.object_id, is_active=True).exists():
            url = reverse("accounts:profile", args=[user.username])
    except RedleafError:
        url = ""
    return {"url": url}


@require_http_methods(["GET", "POST"])
@member_required
def statement(request, statement_id: int):
    try:
        found = selectors.statement_get(user=request.user, statement_id=statement_id)
    except RedleafError as error:
        return render_error(request, error)
    services.statement_mark_read(statement=found)
    text, error, status = "", None, 200
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            services.appeal_create(user=request.user, statement_id=found.pk, text=text)
        except RedleafError as exc:
            if exc.status == 404 and exc.code == "statement_not_found":
                return render_error(request, exc)
            error, status = exc, exc.status
        else:
            messages.success(request, _("Your appeal is in. A different moderator will look at it; "
                                        "the answer will appear on this page."))
            return redirect("moderation:statement", statement_id=found.pk)
    appeal = Appeal.objects.filter(statement=found).first()
    case_reason = Case.objects.filter(pk=found.decision.case_id).values_list("reason", flat=True).first()
    context = {
        "statement": found, "decision": found.decision, "appeal": appeal, "item": _statement_item(request.user, found),
        "reported": case_reason == Case.Reason.REPORTED,
        "appeal_open": appeal is None and timezone.now() <= found.appeal_until,
        "text": text, "error": error, "text_max": APPEAL_MAX,
    }
    return render(request, "moderation/public/statement.html", context, status=status)


# --- my reports ---------------------------------------------------------------------------------
@require_GET
@member_required
def my_reports(request):
    rows = []
    for row in selectors.my_reports(user=request.user):
        url = ""
        if row.visible and row.kind == Kind.NOTE:
            url = reverse("notes:detail", args=[row.object_id])
        elif row.visible and row.kind == Kind.COMMENT:
            url = reverse("notes:detail", args=[row.note_id]) + f"#comment-{row.object_id}"
        elif row.visible and row.kind == Kind.ACCOUNT:
            url = reverse("accounts:profile", args=[row.username])
        r = row.report
        rows.append({"report": r, "kind": row.kind, "excerpt": row.excerpt, "url": url,
                     "closed": r.case.state == Case.State.DECIDED and not r.outcome})
    return render(request, "moderation/public/my_reports.html", {"rows": rows})


# --- transparency -------------------------------------------------------------------------------
def _bars(pairs) -> list[dict]:
    """[(label, n), ...] -> rows with the bar's width as a share of the largest."""
    pairs = [(label, n) for label, n in pairs if n]
    top = max((n for _label, n in pairs), default=0)
    return [{"label": label, "n": n, "pct": round(100 * n / top) if top else 0} for label, n in pairs]


@require_GET
def transparency(request):
    t = selectors.transparency()
    actions = dict(Decision.Action.choices)
    account_actions = dict(Decision.AccountAction.choices)
    appeal_states = dict(Appeal.State.choices)
    kinds = dict(Kind.choices)
    hours = t["median_hours_to_decision"]
    context = {
        "t": t,
        "by_rule": _bars((rule.title if rule else _("Unknown rule"), n) for rule, n in t["by_rule"]),
        "by_action": _bars(sorted(((actions.get(a, a), n) for a, n in t["by_action"].items()),
                                  key=lambda p: -p[1])),
        "account_actions": _bars((account_actions.get(a, a), n) for a, n in t["account_actions"].items()),
        "by_kind": _bars((capfirst(kinds.get(k, k)), n) for k, n in t["by_kind"].items()),
        "detection": _bars([(_("Found by automated checks"), t["automated_detection"]),
                            (_("Reported by members"), t["from_reports"])]),
        "release": _bars([(_("Released automatically"), t["released_automatically"]),
                          (_("Held for a person"), t["held_automatically"])]),
        "appeals": _bars((appeal_states.get(s, s), n) for s, n in t["appeals"].items()),
        "appeals_total": sum(t["appeals"].values()),
        "median_minutes": round(hours * 60) if hours is not None else None,
        "median_hours": round(hours) if hours is not None else None,
    }
    return render(request, "moderation/public/transparency.html", context)
