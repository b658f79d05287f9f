"""API operations of review: the moderation queue for moderators' own tools and bots (queue, claim,
decide), reports, statements of reasons and appeals for members, and the guidelines for anyone.
Thin: parse, call one service or selector, render."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from redleaf.api.auth import OPTIONAL, OPTIONAL_SECURITY
from redleaf.api.schemas import errors
from redleaf.moderation import selectors, services
from redleaf.moderation.models import Case, Report, Statement

router = Router(tags=["moderation"])


class SignalOut(Schema):
    check: str
    rule: str
    score: float
    detail: str


class ItemRef(Schema):
    kind: str = Field(description="note, comment, profile (a change to a name, bio or avatar) or account.")
    id: str


class CaseOut(Schema):
    id: str
    item: ItemRef
    author: str = Field(description="The username of the item's author.")
    reason: str = Field(description="flagged, new_account, recent_strike, check_failed, reported, appeal or "
                                    "escalated.")
    priority: str = Field(description="normal or high.")
    risk: float
    reach: int
    languages: list[str]
    proposed_action: str = Field(description="What the automated checks propose: allow, label, limit, hold, "
                                             "remove (a person decides either way).")
    proposed_rules: list[str]
    signals: list[SignalOut]
    excerpt: str
    reports: int
    claimed_by: str | None
    created_at: datetime
    waiting_seconds: int
    appeal: str | None = Field(description="For an appeal: the author's words.")


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class DecideIn(Schema):
    action: str = Field(description="approve, remove, limit, label or escalate; on an appeal: restore or uphold.")
    rule: str | None = Field(None, description="The rule id; required for remove, limit, label and account actions.")
    reason: str = Field("", description="What you saw, in your words: the author reads it in the statement.")
    account_action: str = Field("", description="Also: warn, restrict (posting) or suspend the author.")


class DecisionOut(Schema):
    id: str
    case_id: str
    action: str
    account_action: str
    rule: str | None
    created_at: datetime


class ReportIn(Schema):
    kind: str = Field(description="note, comment or account.")
    id: str = Field(description="The note's or comment's id, or the account's username.")
    rule: str
    text: str = ""


class ReportOut(Schema):
    id: str
    case_id: str
    kind: str
    rule: str
    outcome: str = Field(description="Empty while a moderator has not decided; then approve (no violation "
                                     "found), remove, limit, label, warn, restrict or suspend.")
    created_at: datetime


class StatementOut(Schema):
    id: str
    item: ItemRef
    action: str
    account_action: str
    rule: str | None
    rule_title: str | None
    facts: str
    excerpt: str
    automated_detection: bool = Field(description="Automated means helped find the item.")
    automated_decision: bool = Field(description="Always false: people decide.")
    signals: list[SignalOut] = Field(description="What the automated checks noticed, when they were used.")
    created_at: datetime
    appeal_until: datetime
    appeal_state: str | None = Field(description="open, upheld or reversed, once appealed.")


class AppealIn(Schema):
    text: str


class AppealOut(Schema):
    id: str
    statement_id: str
    state: str
    created_at: datetime


class RuleOut(Schema):
    id: str
    title: str
    summary: str
    default_action: str


class GuidelinesOut(Schema):
    version: int
    rules: list[RuleOut]


def _case(case: Case, *, signals: list | None = None, excerpt: str = "", reports: int | None = None) -> dict:
    from django.utils import timezone

    screening = case.screening
    return {
        "id": str(case.pk), "item": {"kind": case.kind, "id": str(case.object_id)},
        "author": case.author.username, "reason": case.reason,
        "priority": "high" if case.priority else "normal", "risk": case.risk, "reach": case.reach,
        "languages": case.languages, "proposed_action": case.proposed_action, "proposed_rules": case.proposed_rules,
        "signals": signals if signals is not None else (screening.signals if screening else []),
        "excerpt": excerpt, "reports": reports if reports is not None else case.reports.count(),
        "claimed_by": case.claimed_by.username if case.claimed_by_id else None,
        "created_at": case.created_at,
        "waiting_seconds": int((timezone.now() - case.created_at).total_seconds()),
        "appeal": case.appeal.text if case.appeal_id else None,
    }


def _report(r: Report) -> dict:
    return {"id": str(r.pk), "case_id": str(r.case_id), "kind": r.case.kind, "rule": r.rule_id,
            "outcome": r.outcome, "created_at": r.created_at}


def _statement(s: Statement) -> dict:
    appeal = getattr(s, "appeal", None) if hasattr(s, "appeal") else None
    return {"id": str(s.pk), "item": {"kind": s.kind, "id": str(s.object_id)}, "action": s.action,
            "account_action": s.account_action, "rule": s.rule_id, "rule_title": s.rule.title if s.rule else None,
            "facts": s.facts, "excerpt": s.excerpt, "automated_detection": s.automated_detection,
            "automated_decision": s.automated_decision, "signals": s.signals, "created_at": s.created_at,
            "appeal_until": s.appeal_until, "appeal_state": appeal.state if appeal else None}


# --- moderators -------------------------------------------------------------------------------
@router.get("/moderation/queue", response={200: CasePage, **errors(401, 403)},
            summary="Open cases in the languages I review, riskiest and widest-reaching first")
def moderation_queue(request: HttpRequest, cursor: str = Query(None), limit: int = Query(20, ge=1, le=100),
                     claimed: str = Query("any", description="any, free (no one else on it) or mine")):
    page = selectors.queue(moderator=request.auth, cursor=cursor, size=limit, claimed=claimed)
    excerpts = selectors.queue_excerpts(page.items)
    return {"items": [_case(c, excerpt=excerpts.get(c.pk, ""), reports=c.reports_n) for c in page.items],
            "next_cursor": page.next_cursor}


@router.get("/moderation/cases/{id}", response={200: CaseOut, **errors(401, 403, 404)},
            summary="One case with its signals (404 outside my languages)")
def moderation_case(request: HttpRequest, id: str):  # noqa: A002
    view = selectors.case_get(moderator=request.auth, case_id=id)
    signals = view.screening.signals if view.screening else []
    return _case(view.case, signals=signals, excerpt=view.content.excerpt if view.content else "",
                 reports=len(view.reports))


@router.post("/moderation/cases/{id}/claim", response={200: CaseOut, **errors(401, 403, 404, 409)},
             summary="Claim a case so no one else decides it (409 if another moderator holds it)")
def moderation_claim(request: HttpRequest, id: str):  # noqa: A002
    case = services.case_claim(case_id=id, moderator=request.auth)
    return _case(case)


@router.post("/moderation/cases/{id}/decide", response={200: DecisionOut, **errors(400, 401, 403, 404, 409)},
             summary="Decide a case: it takes effect at once (409 if already decided or claimed by another)")
def moderation_decide(request: HttpRequest, id: str, payload: DecideIn):  # noqa: A002
    d = services.case_decide(case_id=id, moderator=request.auth, action=payload.action, rule_id=payload.rule,
                             reason=payload.reason, account_action=payload.account_action)
    return {"id": str(d.pk), "case_id": str(d.case_id), "action": d.action, "account_action": d.account_action,
            "rule": d.rule_id, "created_at": d.created_at}


# --- members ----------------------------------------------------------------------------------
@router.post("/reports", response={201: ReportOut, **errors(400, 401, 404, 409)},
             summary="Report a note, comment or account under a rule (reports on one item join one case)")
def report_create(request: HttpRequest, payload: ReportIn):
    report = services.report_create(reporter=request.auth, kind=payload.kind, object_id=payload.id,
                                    rule_id=payload.rule, text=payload.text)
    return Status(201, _report(report))


@router.get("/reports", response={200: list[ReportOut], **errors(401)}, summary="My reports and their outcomes")
def report_list(request: HttpRequest):
    return [_report(r) for r in selectors.reports_of(user=request.auth)]


@router.get("/statements", response={200: list[StatementOut], **errors(401)},
            summary="Statements of reasons: decisions about my content")
def statement_list(request: HttpRequest):
    return [_statement(s) for s in selectors.statements_of(user=request.auth)]


@router.get("/statements/{id}", response={200: StatementOut, **errors(401, 404)}, summary="One statement of reasons")
def statement_detail(request: HttpRequest, id: str):  # noqa: A002
    return _statement(selectors.statement_get(user=request.auth, statement_id=id))


@router.post("/statements/{id}/appeal", response={201: AppealOut, **errors(400, 401, 404, 409, 410)},
             summary="Appeal a decision (open for six months; a different moderator decides)")
def statement_appeal(request: HttpRequest, id: str, payload: AppealIn):  # noqa: A002
    appeal = services.appeal_create(user=request.auth, statement_id=id, text=payload.text)
    return Status(201, {"id": str(appeal.pk), "statement_id": str(appeal.statement_id), "state": appeal.state,
                        "created_at": appeal.created_at})


@router.get("/guidelines", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY, response={200: GuidelinesOut, **errors(400)},
            summary="The community guidelines in force (guests welcome)")
def guidelines(request: HttpRequest, lang: str = Query(None, description="zh or en; default: the caller's language")):
    from django.utils import translation

    from redleaf.core.errors import RedleafError
    from redleaf.moderation.rules import current_version

    if lang not in (None, "zh", "en"):
        raise RedleafError("unknown_language", _("Unknown language: %(code)s") % {"code": lang[:10]}, field="lang")
    with translation.override({"zh": "zh-hans", "en": "en"}.get(lang or "", translation.get_language())):
        return {"version": current_version(),
                "rules": [{"id": r.id, "title": r.title, "summary": r.summary, "default_action": r.default_action}
                          for r in selectors.rules_active()]}
