"""Reads of review: a moderator's queue, one case with everything needed to decide it, a member's
statements and reports, the guidelines, and the public transparency figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import NotFound
from redleaf.core.pagination import Page, keyset_page
from redleaf.moderation import items, policies
from redleaf.moderation.models import (
    AuditEntry,
    Case,
    Decision,
    Kind,
    Moderator,
    Report,
    Rule,
    Screening,
    Statement,
    Strike,
)

QUEUE_ORDER = ("-priority", "-risk", "-reach", "created_at", "id")


def queue(*, moderator, cursor: str | None = None, size: int = 20, claimed: str = "any") -> Page:
    """Open cases in the languages this moderator reads, riskiest and widest-reaching first, then
    oldest. Cases on the moderator's own content, and appeals against their own decisions, are left out."""
    mod = policies.require_moderator(moderator)
    qs = _queue_qs(mod)
    if claimed == "mine":
        qs = qs.filter(claimed_by=moderator)
    elif claimed == "free":
        lapse = timezone.now() - timedelta(minutes=_claim_minutes())
        qs = qs.filter(Q(claimed_by__isnull=True) | Q(claimed_by=moderator) | Q(claimed_at__lt=lapse))
    qs = qs.select_related("author", "claimed_by", "screening").annotate(reports_n=Count("reports"))
    return keyset_page(qs, order=QUEUE_ORDER, cursor=cursor, size=max(1, min(size, 100)))


def _claim_minutes() -> int:
    from django.conf import settings

    return settings.MODERATION_CLAIM_MINUTES


def _languages_q(mod: Moderator, prefix: str = "") -> Q:
    """Cases in a language this moderator reads (or in none: a picture, an emoji)."""
    langs = Q(**{f"{prefix}lang_zh": False, f"{prefix}lang_en": False, f"{prefix}lang_other": False})
    if "zh" in mod.languages:
        langs |= Q(**{f"{prefix}lang_zh": True})
    if "en" in mod.languages:
        langs |= Q(**{f"{prefix}lang_en": True})
    if any(code not in ("zh", "en") for code in mod.languages):
        langs |= Q(**{f"{prefix}lang_other": True})
    return langs


def _queue_qs(mod: Moderator) -> QuerySet:
    return (Case.objects.filter(_languages_q(mod), state=Case.State.OPEN).exclude(author_id=mod.user_id)
            .exclude(excluded__id=mod.user_id))


def queue_excerpts(cases) -> dict[int, str]:
    """What each queued case is about, in a line: one query per kind of item on the page."""
    from redleaf.accounts.models import User
    from redleaf.engagement.models import Comment
    from redleaf.moderation.models import ProfileChange
    from redleaf.notes.models import Note

    wanted: dict[str, dict[int, list[int]]] = {}
    for case in cases:
        wanted.setdefault(case.kind, {}).setdefault(case.object_id, []).append(case.pk)
    lines: dict[int, str] = {}

    def put(kind, pk, *texts):
        line = " · ".join(t for t in texts if t)[:160]
        for case_pk in wanted[kind].get(pk, []):
            lines[case_pk] = line

    if Kind.NOTE in wanted:
        for pk, title, body in Note.objects.filter(pk__in=wanted[Kind.NOTE]).values_list("pk", "title", "body"):
            put(Kind.NOTE, pk, title, body)
    if Kind.COMMENT in wanted:
        for pk, text in Comment.objects.filter(pk__in=wanted[Kind.COMMENT]).values_list("pk", "text"):
            put(Kind.COMMENT, pk, text)
    if Kind.PROFILE in wanted:
        for pk, name, bio in (ProfileChange.objects.filter(pk__in=wanted[Kind.PROFILE])
                              .values_list("pk", "display_name", "bio")):
            put(Kind.PROFILE, pk, name or "", bio or "")
    if Kind.ACCOUNT in wanted:
        for pk, username, name, bio in (User.objects.filter(pk__in=wanted[Kind.ACCOUNT])
                                        .values_list("pk", "username", "display_name", "bio")):
            put(Kind.ACCOUNT, pk, "@" + username, name, bio)
    return lines


def queue_counts(*, moderator) -> dict:
    mod = policies.require_moderator(moderator)
    qs = _queue_qs(mod)
    return {"open": qs.count(), "high": qs.filter(priority=Case.Priority.HIGH).count(),
            "mine": qs.filter(claimed_by=moderator).count()}


def next_case(*, moderator, exclude=()) -> Case | None:
    """The first case in the queue no one else is working on (for "decide and go to the next"),
    other than those in `exclude` (the ones this moderator skipped)."""
    mod = policies.require_moderator(moderator)
    lapse = timezone.now() - timedelta(minutes=_claim_minutes())
    qs = _queue_qs(mod).filter(Q(claimed_by__isnull=True) | Q(claimed_by=moderator) | Q(claimed_at__lt=lapse))
    if exclude:
        qs = qs.exclude(pk__in=list(exclude))
    return qs.order_by(*QUEUE_ORDER).first()


@dataclass
class CaseView:
    case: Case
    item: object | None
    content: items.Content | None
    screening: Screening | None
    reports: list[Report]
    history: list[Decision]  # earlier decisions about this author
    item_decisions: list[Decision]  # earlier decisions about this very item
    author_strikes: int
    author_items: dict = field(default_factory=dict)
    appeal_text: str = ""
    trust_level: str = "new"  # trust.level: new, member (trusted) or struck
    on_note: object | None = None  # for a comment: the note it is on
    earlier_statement: Statement | None = None  # for an appeal: the decision appealed against


def case_get(*, moderator, case_id) -> CaseView:
    mod = policies.require_moderator(moderator)
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        pk = 0
    case = (Case.objects.select_related("author", "claimed_by", "screening", "appeal", "appeal__statement")
            .filter(pk=pk).first() if 0 < pk < 2**63 else None)
    if case is None or not policies.reads_case(mod, case) or case.author_id == mod.user_id:
        raise NotFound("case_not_found", _("No such case."))  # a case about my own content is not mine to see
    item = items.load(case.kind, case.object_id)
    content = items.content(case.kind, item) if item is not None else None
    screening = case.screening
    if screening is None:
        screening = Screening.objects.filter(kind=case.kind, object_id=case.object_id).order_by("-id").first()
    history = list(Decision.objects.filter(case__author=case.author).exclude(case=case)
                   .select_related("rule", "moderator", "case").order_by("-id")[:20])
    item_decisions = list(Decision.objects.filter(case__kind=case.kind, case__object_id=case.object_id)
                          .select_related("rule", "moderator").order_by("-id")[:20])
    reports = list(case.reports.select_related("reporter", "rule").order_by("id")[:50])
    from redleaf.engagement.models import Comment
    from redleaf.notes.models import Note

    author_items = {"notes": Note.objects.filter(author=case.author).count(),
                    "comments": Comment.objects.filter(author=case.author).count()}
    from redleaf.moderation import trust

    on_note = None
    if case.kind == Kind.COMMENT and item is not None:
        on_note = Note.objects.filter(pk=item.note_id).only("id", "title", "body", "state").first()
    earlier = None
    if case.appeal_id:
        earlier = (Statement.objects.select_related("rule", "decision", "decision__moderator")
                   .filter(pk=case.appeal.statement_id).first())
    return CaseView(case=case, item=item, content=content, screening=screening, reports=reports,
                    history=history, item_decisions=item_decisions,
                    author_strikes=Strike.objects.filter(user=case.author, lifted_at__isnull=True).count(),
                    author_items=author_items, appeal_text=case.appeal.text if case.appeal_id else "",
                    trust_level=trust.level(case.author), on_note=on_note, earlier_statement=earlier)


def rules_active() -> list[Rule]:
    return list(Rule.objects.filter(is_active=True))


def statements_of(*, user) -> list[Statement]:
    return list(Statement.objects.filter(user=user).select_related("rule", "appeal").order_by("-id")[:100])


def statement_get(*, user, statement_id) -> Statement:
    return policies.own_statement(user, statement_id)


def reports_of(*, user) -> list[Report]:
    return list(Report.objects.filter(reporter=user).select_related("rule", "case").order_by("-id")[:100])


@dataclass
class MyReport:
    report: Report
    kind: str
    object_id: int
    excerpt: str  # as the reporter saw it when reporting
    visible: bool  # the reporter can still see the item (the page may link to it)
    note_id: int | None = None  # a comment's note
    username: str = ""  # an account's


def my_reports(*, user) -> list[MyReport]:
    """A member's reports with what each was about, and whether they can still see it: one query per
    kind of item. The item's current text is never shown (it may have changed, or been hidden from them)."""
    from redleaf.accounts.models import User
    from redleaf.accounts.selectors import blocked_either_ids
    from redleaf.engagement.models import Comment, CommentState
    from redleaf.notes.selectors import visible_notes

    reports = reports_of(user=user)
    ids: dict[str, set[int]] = {Kind.NOTE: set(), Kind.COMMENT: set(), Kind.ACCOUNT: set()}
    for r in reports:
        ids.setdefault(r.case.kind, set()).add(r.case.object_id)
    blocked = list(blocked_either_ids(user))
    notes = set(visible_notes(user, hide_muted=False).filter(pk__in=ids[Kind.NOTE]).values_list("pk", flat=True))
    comments = dict(Comment.objects.filter(pk__in=ids[Kind.COMMENT], state=CommentState.PUBLISHED,
                                           author__is_active=True,
                                           note__in=visible_notes(user, hide_muted=False))
                    .exclude(author_id__in=blocked).values_list("pk", "note_id"))
    accounts = dict(User.objects.filter(pk__in=ids[Kind.ACCOUNT], is_active=True).exclude(pk__in=blocked)
                    .values_list("pk", "username"))
    rows = []
    for r in reports:
        kind, pk = r.case.kind, r.case.object_id
        visible = pk in notes if kind == Kind.NOTE else pk in comments if kind == Kind.COMMENT else pk in accounts
        rows.append(MyReport(report=r, kind=kind, object_id=pk, excerpt=r.excerpt, visible=visible,
                             note_id=comments.get(pk), username=accounts.get(pk, "")))
    return rows


def item_review_state(*, kind: str, object_id: int) -> Screening | None:
    """The latest screening of an item (its author sees why it waits)."""
    return Screening.objects.filter(kind=kind, object_id=object_id).order_by("-id").first()


def audit_log(*, moderator, cursor: str | None = None, size: int = 50) -> Page:
    """What moderation did, for a moderator: entries about cases they may read (their languages, not
    about their own content or account, so no one learns who reported them) and those about no case."""
    mod = policies.require_moderator(moderator)
    readable = Q(case__isnull=True) | (_languages_q(mod, "case__") & ~Q(case__author_id=mod.user_id))
    qs = (AuditEntry.objects.filter(readable).exclude(kind=Kind.ACCOUNT, object_id=mod.user_id)
          .select_related("actor"))
    return keyset_page(qs, order=("-id",), cursor=cursor, size=max(1, min(size, 200)))


def transparency(*, days: int = 365) -> dict:
    """Public figures (DSA Art. 15/24 style): decisions by rule and action, automated detection vs
    reports, appeals and their outcomes, median time from case to decision."""
    since = timezone.now() - timedelta(days=days)
    decisions = Decision.objects.filter(created_at__gte=since).exclude(action="escalate")
    by_action = dict(decisions.values_list("action").annotate(n=Count("id")).order_by())
    rules = {r.id: r for r in Rule.objects.all()}
    # By rule: the decisions that applied one (a removal, limit, label or account action); approvals,
    # and appeals' reversals and upholdings (counted under appeals), name a rule without applying it.
    applied = decisions.filter(Q(action__in=("remove", "limit", "label")) | ~Q(account_action="")).exclude(
        action__in=("restore", "uphold"))
    by_rule = [(rules.get(rid), n) for rid, n in applied.exclude(rule__isnull=True).values_list("rule_id")
               .annotate(n=Count("id")).order_by("-n")]
    automated = decisions.filter(automated=True).count()
    reported = decisions.filter(case__reason=Case.Reason.REPORTED).count()
    released_automatically = AuditEntry.objects.filter(created_at__gte=since, action="released").count()
    held_automatically = AuditEntry.objects.filter(created_at__gte=since, action="held").count()
    waits = []
    for created, decided in (Case.objects.filter(decided_at__gte=since, decided_at__isnull=False)
                             .values_list("created_at", "decided_at")[:20000]):
        waits.append((decided - created).total_seconds())
    by_kind = dict(Case.objects.filter(created_at__gte=since).values_list("kind").annotate(n=Count("id")).order_by())
    from redleaf.moderation.models import Appeal

    appeals = dict(Appeal.objects.filter(created_at__gte=since).values_list("state").annotate(n=Count("id"))
                   .order_by())
    account_actions = dict(decisions.exclude(account_action="").values_list("account_action")
                           .annotate(n=Count("id")).order_by())
    return {
        "days": days,
        "decisions": sum(by_action.values()),
        "by_action": by_action,
        "by_rule": by_rule,
        "by_kind": by_kind,
        "automated_detection": automated,
        "from_reports": reported,
        "released_automatically": released_automatically,
        "held_automatically": held_automatically,
        "median_hours_to_decision": round(statistics.median(waits) / 3600, 2) if waits else None,
        "appeals": appeals,
        "account_actions": account_actions,
        "kinds": Kind,
    }
