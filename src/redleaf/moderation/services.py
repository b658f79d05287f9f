"""Every write of review before release.

The release decision, in one place (`_route`):
- the automated checks run on every item and record their signals on a Screening;
- a clean item from a trusted member is released at once;
- a new member's item waits for a person; anything the checks flag waits, whoever posts it; a clear
  violation (a remove-rule at or above the high threshold) waits at high priority. Nothing is ever
  deleted by automation: people decide, and every restriction sends a statement of reasons.

Notes are checked by the task worker (or in the request, REDLEAF_MODERATION_SCREEN_IN=request);
comments and profile edits in the request. A screening is saved in the same transaction as the item,
so a worker that dies mid-check loses nothing (`screenings_resume` runs when a worker starts)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from redleaf.accounts.models import User
from redleaf.core.errors import Conflict, Forbidden, NotFound, RedleafError
from redleaf.core.text import clean_text
from redleaf.moderation import items, policies, trust
from redleaf.moderation.checks.base import REMOVE, Signal, SpamContext
from redleaf.moderation.models import (
    Appeal,
    AuditEntry,
    BlockedImage,
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

log = logging.getLogger("redleaf.moderation")

RESTRICTING = {"remove", "limit", "label"}


def audit(*, actor, action: str, kind: str = "", object_id: int | None = None, case: Case | None = None,
          **detail) -> AuditEntry:
    return AuditEntry.objects.create(actor=actor, action=action, kind=kind, object_id=object_id, case=case,
                                     detail=detail)


# --- submission and the automated checks -------------------------------------------------------
def item_submitted(*, kind: str, obj, author: User, now: bool = False, text_only: bool = False) -> Screening:
    """An item was posted or changed: record a screening and check it (here when `now`, or for
    anything but notes; notes in the worker unless REDLEAF_MODERATION_SCREEN_IN=request). `text_only`:
    only its text changed, so its pictures (checked with the version before) are not checked again."""
    screening = Screening.objects.create(kind=kind, object_id=obj.pk, author=author)
    if kind == Kind.NOTE and settings.MODERATION_SCREEN_IN == "worker" and not now:
        from redleaf.moderation import tasks

        transaction.on_commit(lambda: tasks.screen_item.enqueue(screening_id=screening.pk))
    else:
        screening_run(screening_id=screening.pk, text_only=text_only)
    return screening


def _languages(text: str) -> list[str]:
    from redleaf.language.detect import detect

    return list(detect(text).languages) if text.strip() else []


def _spam_context(screening: Screening, author: User, fingerprint: str) -> SpamContext:
    now = timezone.now()
    recent = Screening.objects.filter(author=author, created_at__gte=now - timedelta(hours=1)).count()
    same = 0
    if fingerprint:
        same = (Screening.objects.filter(fingerprint=fingerprint, created_at__gte=now - timedelta(days=1))
                .exclude(author=author).values("author_id").distinct().count())
    age = (now - author.date_joined).total_seconds() / 3600
    return SpamContext(account_age_hours=age, recent_items=max(0, recent - 1), same_text_authors=same,
                       burst_limit=settings.MODERATION_BURST_ITEMS, repeat_limit=settings.MODERATION_REPEAT_ACCOUNTS)


def _image_source(image):
    """The picture the checks read: its 540 px variant (the nudity model looks at 320 px; decoding the
    1440 px one would triple the time for nothing)."""
    path = (image.variants.get("thumb") or image.variants.get("large") or {}).get("path")
    return default_storage.open(path, "rb") if path else None


def run_checks(content: items.Content, *, author: User | None = None, screening: Screening | None = None):
    """Run every automated check on one item's content: (signals, verdict, languages, fingerprint).
    A check that raises becomes an "error" signal: the item then waits for a person."""
    from redleaf.moderation import rules
    from redleaf.moderation.checks.text import check_text, text_fingerprint
    from redleaf.moderation.checks.verdict import verdict

    book = rules.rulebook()
    signals: list[Signal] = []
    languages: list[str] = []
    fingerprint = ""
    try:
        languages = _languages(content.text)
        fingerprint = text_fingerprint(content.text) if content.text.strip() else ""
        spam = _spam_context(screening, author, fingerprint) if author is not None and screening else None
        lang = languages[0] if len(languages) == 1 else None
        signals += check_text(content.text, book=book, lang=lang, spam=spam)
    except Exception as exc:  # noqa: BLE001 - any failure holds the item for a person
        log.exception("text checks failed")
        signals.append(Signal(check="error", score=1.0, detail=f"text: {type(exc).__name__}"))
    if content.images:
        try:
            from redleaf.moderation.checks.images import check_image

            blocklist = rules.hash_blocklist()
            for image in content.images:
                source = _image_source(image)
                if source is None:
                    signals.append(Signal(check="error", score=1.0, detail=f"image {image.pk}: no file"))
                    continue
                with source:
                    signals += check_image(source, blocklist=blocklist)
        except Exception as exc:  # noqa: BLE001
            log.exception("image checks failed")
            signals.append(Signal(check="error", score=1.0, detail=f"image: {type(exc).__name__}"))
    result = verdict(signals, book, flag=settings.MODERATION_FLAG_SCORE, high=settings.MODERATION_HIGH_SCORE)
    return signals, result, languages, fingerprint, book.version


@transaction.atomic
def screening_run(*, screening_id: int, text_only: bool = False) -> Screening | None:
    """Check one item and route it. Safe to run twice: a finished screening is left alone, and a
    newer screening of the same item makes an older one moot."""
    screening = Screening.objects.select_for_update().filter(pk=screening_id).first()
    if screening is None or screening.status != Screening.Status.QUEUED:
        return screening
    obj = items.lock(screening.kind, screening.object_id)
    newer = Screening.objects.filter(kind=screening.kind, object_id=screening.object_id, pk__gt=screening.pk)
    if obj is None or newer.exists():
        screening.status = Screening.Status.DONE
        screening.finished_at = timezone.now()
        screening.save(update_fields=["status", "finished_at"])
        return screening
    screening.attempts += 1
    author = items.author_of(screening.kind, obj)
    content = items.content(screening.kind, obj)
    if text_only:
        content.images = []
    signals, result, languages, fingerprint, version = run_checks(content, author=author, screening=screening)
    failed = any(s.check == "error" for s in signals)
    screening.status = Screening.Status.FAILED if failed else Screening.Status.DONE
    screening.signals = [s.as_dict() for s in signals]
    screening.action, screening.rules, screening.risk = result.action, result.rules, result.risk
    screening.languages, screening.fingerprint, screening.rulebook_version = languages, fingerprint, version
    screening.finished_at = timezone.now()
    screening.save()
    if screening.kind in (Kind.NOTE, Kind.COMMENT) and obj.languages != languages:
        type(obj).objects.filter(pk=obj.pk).update(languages=languages)
        obj.languages = languages
    _route(screening, obj, author, failed=failed)
    return screening


def _route(screening: Screening, obj, author: User, *, failed: bool) -> None:
    kind = screening.kind
    if failed:
        items.hold(kind, obj)
        case_open(kind=kind, obj=obj, author=author, reason=Case.Reason.CHECK_FAILED, screening=screening)
        audit(actor=None, action="held", kind=kind, object_id=obj.pk, screening=screening.pk, why="check_failed")
        return
    if screening.action != "allow":
        items.hold(kind, obj)
        case = case_open(kind=kind, obj=obj, author=author, reason=Case.Reason.FLAGGED, screening=screening,
                         high=screening.action == REMOVE)
        audit(actor=None, action="held", kind=kind, object_id=obj.pk, case=case, screening=screening.pk,
              why="flagged", proposed=screening.action, rules=screening.rules)
        return
    # A clean profile change applies whoever makes it (everyone needs a name); other items of members
    # without history wait for a person.
    level = trust.level(author) if items.is_waiting(kind, obj) and kind != Kind.PROFILE else "member"
    if level != "member":
        reason = Case.Reason.RECENT_STRIKE if level == "struck" else Case.Reason.NEW_ACCOUNT
        case = case_open(kind=kind, obj=obj, author=author, reason=reason, screening=screening)
        audit(actor=None, action="held", kind=kind, object_id=obj.pk, case=case, why=reason)
        return
    if items.is_waiting(kind, obj):
        items.release(kind, obj)
        audit(actor=None, action="released", kind=kind, object_id=obj.pk, screening=screening.pk)


def screenings_resume(*, older_than_seconds: float = 0) -> int:
    """Queue again every screening a worker took and never finished (it was killed, or the machine
    went down). Runs when a worker starts; returns how many were queued again."""
    from redleaf.moderation import tasks

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(Screening.objects.filter(status=Screening.Status.QUEUED, created_at__lte=cutoff)
               .values_list("pk", flat=True)[:10000])
    for pk in ids:
        tasks.screen_item.enqueue(screening_id=pk)
    if ids:
        log.warning("queued %d unfinished screenings again", len(ids))
    return len(ids)


# --- cases --------------------------------------------------------------------------------------
def _lang_flags(languages: list[str]) -> dict:
    return {"lang_zh": "zh" in languages, "lang_en": "en" in languages,
            "lang_other": any(lang not in ("zh", "en") for lang in languages)}


def case_open(*, kind: str, obj, author: User, reason: str, screening: Screening | None = None,
              high: bool = False, languages: list[str] | None = None) -> Case:
    """The item's open case, made or joined: flags, reports and appeals on one item are one case."""
    if languages is None:
        languages = screening.languages if screening is not None else list(getattr(obj, "languages", []) or [])
        if kind == Kind.ACCOUNT and not languages:
            languages = list(author.languages or [])
    priority = Case.Priority.HIGH if high else Case.Priority.NORMAL
    risk = screening.risk if screening is not None else 0.0
    open_cases = Case.objects.select_for_update().filter(kind=kind, object_id=obj.pk, state=Case.State.OPEN,
                                                         appeal__isnull=True)
    case = open_cases.first()
    if case is None:
        try:
            with transaction.atomic():
                return Case.objects.create(
                    kind=kind, object_id=obj.pk, author=author, reason=reason, priority=priority, risk=risk,
                    reach=author.followers_count, languages=languages, **_lang_flags(languages),
                    proposed_action=screening.action if screening is not None else "",
                    proposed_rules=screening.rules if screening is not None else [], screening=screening)
        except IntegrityError:  # another request opened it a moment ago: join that one
            case = open_cases.get()
    case.priority = max(case.priority, priority)
    case.risk = max(case.risk, risk)
    if screening is not None:
        case.screening = screening
        case.proposed_action, case.proposed_rules = screening.action, screening.rules
        if screening.languages:
            case.languages = screening.languages
            for name, value in _lang_flags(screening.languages).items():
                setattr(case, name, value)
    case.save()
    return case


def case_claim(*, case_id, moderator: User) -> Case:
    """Take a case so no one else decides it at the same time. A claim lapses after
    REDLEAF_MODERATION_CLAIM_MINUTES; claiming your own claim again renews it."""
    mod = policies.require_moderator(moderator)
    with transaction.atomic():
        case = _case_locked(case_id)
        policies.require_can_decide(mod, case)
        if case.claimed_by_id not in (None, moderator.pk) and not policies.claim_lapsed(case):
            raise Conflict("case_claimed", _("Another moderator is working on this case."))
        case.claimed_by, case.claimed_at = moderator, timezone.now()
        case.save(update_fields=["claimed_by", "claimed_at"])
        audit(actor=moderator, action="claim", kind=case.kind, object_id=case.object_id, case=case)
    return case


def case_unclaim(*, case_id, moderator: User) -> Case:
    policies.require_moderator(moderator)
    with transaction.atomic():
        case = _case_locked(case_id)
        if case.claimed_by_id == moderator.pk and case.state == Case.State.OPEN:
            case.claimed_by, case.claimed_at = None, None
            case.save(update_fields=["claimed_by", "claimed_at"])
            audit(actor=moderator, action="unclaim", kind=case.kind, object_id=case.object_id, case=case)
    return case


def _case_locked(case_id) -> Case:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        pk = 0
    case = Case.objects.select_for_update().filter(pk=pk).first() if 0 < pk < 2**63 else None
    if case is None:
        raise NotFound("case_not_found", _("No such case."))
    return case


def _rule(rule_id: str | None, *, required: bool) -> Rule | None:
    if not rule_id:
        if required:
            raise RedleafError("rule_required", _("Choose the rule this breaks."), field="rule")
        return None
    rule = Rule.objects.filter(pk=str(rule_id)[:40]).first()
    if rule is None:
        raise RedleafError("unknown_rule", _("There is no such rule."), field="rule")
    return rule


DECIDE_ACTIONS = {"approve", "remove", "limit", "label", "escalate", "restore", "uphold"}


def case_decide(*, case_id, moderator: User, action: str, rule_id: str | None = None, reason: str = "",
                account_action: str = "") -> Decision:
    """A moderator decides a case. It takes effect at once (the item's state changes in this
    transaction); restrictions send the author a statement of reasons and, for removals and
    account actions, a strike that lowers their trust."""
    mod = policies.require_moderator(moderator)
    action = (action or "").strip().lower()
    account_action = (account_action or "").strip().lower()
    reason = clean_text(reason or "")[:2000]
    if action not in DECIDE_ACTIONS:
        raise RedleafError("bad_action", _("Unknown decision."), field="action")
    if account_action not in Decision.AccountAction.values:
        raise RedleafError("bad_account_action", _("Unknown account action."), field="account_action")
    decision = _decide(case_id, mod, moderator, action, rule_id, reason, account_action)
    if decision is None:
        raise Conflict("item_gone", _("The item was deleted by its author; the case is closed."))
    return decision


@transaction.atomic
def _decide(case_id, mod: Moderator, moderator: User, action: str, rule_id, reason: str,
            account_action: str) -> Decision | None:
    """case_decide under its locks; None when the item is gone (the case is closed, and that commits)."""
    case = _case_locked(case_id)
    policies.require_can_decide(mod, case)
    if case.claimed_by_id not in (None, moderator.pk) and not policies.claim_lapsed(case):
        raise Conflict("case_claimed", _("Another moderator is working on this case."))
    obj = items.lock(case.kind, case.object_id)
    if obj is None:  # the author deleted it meanwhile: nothing left to decide
        case.state, case.decided_at = Case.State.DECIDED, timezone.now()
        case.save(update_fields=["state", "decided_at"])
        audit(actor=moderator, action="closed:item_gone", kind=case.kind, object_id=case.object_id, case=case)
        return None
    if case.appeal_id:
        return _decide_appeal(case, obj, moderator, action, reason)
    if action in ("restore", "uphold"):
        raise RedleafError("not_an_appeal", _("Only an appeal can be upheld or reversed."), field="action")
    items.require_action_fits(case.kind, action)
    rule = _rule(rule_id, required=action in RESTRICTING or bool(account_action))
    if action == "escalate":
        return _escalate(case, moderator, rule, reason)
    items.apply(case.kind, obj, action, rule.pk if rule else None)
    detected = bool(case.screening_id and case.proposed_action not in ("", "allow"))
    decision = Decision.objects.create(case=case, moderator=moderator, action=action,
                                       account_action=account_action, rule=rule, reason=reason,
                                       automated=detected)
    author = case.author
    if action == "remove" and rule is not None:
        Strike.objects.create(user=author, decision=decision, rule=rule)
        if case.kind == Kind.NOTE or case.kind == Kind.PROFILE:
            _block_pictures(case, obj, rule)
    if account_action:
        _account_action(author, account_action, decision, rule)
    if action in RESTRICTING or account_action:
        _statement(decision, case, obj, author, detected)
    outcome = account_action or action
    Report.objects.filter(case=case).update(outcome=outcome)
    case.state, case.decided_at = Case.State.DECIDED, timezone.now()
    case.save(update_fields=["state", "decided_at"])
    audit(actor=moderator, action=f"decide:{action}", kind=case.kind, object_id=case.object_id, case=case,
          rule=rule.pk if rule else "", reason=reason, account_action=account_action)
    return decision


def _escalate(case: Case, moderator: User, rule: Rule | None, reason: str) -> Decision:
    decision = Decision.objects.create(case=case, moderator=moderator, action="escalate", rule=rule, reason=reason)
    case.priority = Case.Priority.HIGH
    if not case.appeal_id:  # an escalated appeal is still an appeal
        case.reason = Case.Reason.ESCALATED
    case.claimed_by = case.claimed_at = None
    case.save(update_fields=["priority", "reason", "claimed_by", "claimed_at"])
    case.excluded.add(moderator)
    audit(actor=moderator, action="escalate", kind=case.kind, object_id=case.object_id, case=case, reason=reason)
    return decision


def _decide_appeal(case: Case, obj, moderator: User, action: str, reason: str) -> Decision:
    if action not in ("restore", "uphold", "approve", "escalate"):
        raise RedleafError("appeal_action", _("An appeal is either upheld or reversed."), field="action")
    if action == "escalate":
        return _escalate(case, moderator, None, reason)
    appeal = Appeal.objects.select_for_update().get(pk=case.appeal_id)
    reverse = action in ("restore", "approve")
    earlier = appeal.statement.decision
    if reverse:
        items.restore(case.kind, obj, decided_at=earlier.created_at)
        Strike.objects.filter(decision=earlier, lifted_at__isnull=True).update(lifted_at=timezone.now())
        if earlier.account_action in ("restrict", "suspend"):
            items.restore(Kind.ACCOUNT, case.author)
        Report.objects.filter(case_id=earlier.case_id).update(outcome="reversed")
    decision = Decision.objects.create(case=case, moderator=moderator, action="restore" if reverse else "uphold",
                                       rule=earlier.rule, reason=reason)
    appeal.state = Appeal.State.REVERSED if reverse else Appeal.State.UPHELD
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["state", "decided_at"])
    case.state, case.decided_at = Case.State.DECIDED, timezone.now()
    case.save(update_fields=["state", "decided_at"])
    audit(actor=moderator, action="appeal:" + appeal.state, kind=case.kind, object_id=case.object_id, case=case,
          reason=reason, appeal=appeal.pk)
    return decision


def _block_pictures(case: Case, obj, rule: Rule) -> None:
    """A removed note's pictures go on the blocklist, so the same picture posted again is caught."""
    if rule.default_action != "remove":
        return
    signals = case.screening.signals if case.screening_id else []
    if not any(s.get("check") in ("nudity", "image_hash") for s in signals):
        return  # the text broke the rule, not the pictures: an innocent photo is not blocked for ever
    from redleaf.moderation.checks.images import image_hash

    for image in items.content(case.kind, obj).images:
        source = _image_source(image)
        if source is None:
            continue
        with source:
            value = image_hash(source)
        BlockedImage.objects.get_or_create(hash=value, defaults={"rule": rule, "source": f"case {case.pk}"})


def _account_action(user: User, action: str, decision: Decision, rule: Rule | None) -> None:
    from redleaf.accounts import services as account_services

    if action in ("restrict", "suspend") and not Strike.objects.filter(decision=decision).exists():
        Strike.objects.create(user=user, decision=decision, rule=rule)
    if action == "restrict":
        until = timezone.now() + timedelta(days=settings.MODERATION_RESTRICT_DAYS)
        account_services.account_restrict(user=user, until=until)
    elif action == "suspend":
        account_services.account_suspend(user=user)


def _statement(decision: Decision, case: Case, obj, author: User, detected: bool) -> Statement:
    now = timezone.now()
    return Statement.objects.create(
        user=author, decision=decision, kind=case.kind, object_id=case.object_id, action=decision.action,
        account_action=decision.account_action, rule=decision.rule, facts=decision.reason,
        excerpt=items.content(case.kind, obj).excerpt if case.kind != Kind.ACCOUNT else "",
        automated_detection=detected, automated_decision=False, created_at=now,
        signals=[s for s in (case.screening.signals if detected and case.screening_id else [])
                 if s.get("score", 0) >= settings.MODERATION_FLAG_SCORE and s.get("check") != "tone"],
        appeal_until=now + timedelta(days=settings.MODERATION_APPEAL_DAYS))


# --- members: reports and appeals --------------------------------------------------------------
def report_create(*, reporter: User, kind: str, object_id, rule_id: str, text: str = "") -> Report:
    """Report a note, comment or account under a rule. Reports on one item join one case."""
    text = clean_text(text or "")
    if len(text) > settings.MODERATION_REPORT_MAX:
        raise RedleafError("report_too_long", _("A report can have at most %(n)d characters.")
                           % {"n": settings.MODERATION_REPORT_MAX}, field="text")
    if kind not in (Kind.NOTE, Kind.COMMENT, Kind.ACCOUNT):
        raise RedleafError("bad_kind", _("Only notes, comments and accounts can be reported."), field="kind")
    rule = _rule(rule_id, required=True)
    obj = policies.reportable(reporter, kind, object_id)  # 404 unless the reporter can see it
    author = items.author_of(kind, obj)
    if author.pk == reporter.pk:
        raise RedleafError("report_self", _("You cannot report your own content."))
    with transaction.atomic():
        case = case_open(kind=kind, obj=obj, author=author, reason=Case.Reason.REPORTED,
                         languages=None if kind != Kind.ACCOUNT else list(author.languages or []))
        if Report.objects.filter(case=case, reporter=reporter).exists():
            raise Conflict("already_reported", _("You have already reported this; a moderator will look at it."))
        report = Report.objects.create(case=case, reporter=reporter, rule=rule, text=text,
                                       excerpt=items.content(kind, obj).excerpt[:300])
        Case.objects.filter(pk=case.pk).update(reach=F("reach") + 1)
        audit(actor=reporter, action="report", kind=kind, object_id=obj.pk, case=case, rule=rule.pk)
    return report


def appeal_create(*, user: User, statement_id, text: str) -> Appeal:
    """Ask for a decision to be looked at again. Open for six months; a different moderator decides."""
    text = clean_text(text or "")
    if not text:
        raise RedleafError("appeal_empty", _("Tell us why the decision is wrong."), field="text")
    if len(text) > 2000:
        raise RedleafError("appeal_too_long", _("An appeal can have at most %(n)d characters.") % {"n": 2000},
                           field="text")
    with transaction.atomic():
        statement = policies.own_statement(user, statement_id, lock=True)
        if timezone.now() > statement.appeal_until:
            raise RedleafError("appeal_window_closed", _("The time to appeal this decision has passed."),
                               status=410)
        if Appeal.objects.filter(statement=statement).exists():
            raise Conflict("already_appealed", _("You have already appealed this decision."))
        obj = items.load(statement.kind, statement.object_id)
        if obj is None:
            raise NotFound("item_gone", _("The item this decision was about no longer exists."))
        appeal = Appeal.objects.create(statement=statement, user=user, text=text)
        earlier = statement.decision
        languages = list(earlier.case.languages) if earlier.case_id else []
        case = Case.objects.create(kind=statement.kind, object_id=statement.object_id, author=user,
                                   reason=Case.Reason.APPEAL, appeal=appeal, languages=languages,
                                   reach=user.followers_count, **_lang_flags(languages))
        excluded = [earlier.moderator_id] + [d.moderator_id for d in earlier.case.decisions.filter(action="escalate")]
        case.excluded.add(*[pk for pk in excluded if pk])
        audit(actor=user, action="appeal", kind=statement.kind, object_id=statement.object_id, case=case)
    return appeal


def case_close_superseded(*, kind: str, object_id: int) -> None:
    """The item a case is about was replaced by a newer one (a profile change made again before it was
    decided): its open case closes, so no one decides, or strikes, what no longer stands."""
    for case in Case.objects.select_for_update().filter(kind=kind, object_id=object_id, state=Case.State.OPEN,
                                                        appeal__isnull=True):
        case.state, case.decided_at = Case.State.DECIDED, timezone.now()
        case.save(update_fields=["state", "decided_at"])
        audit(actor=None, action="closed:superseded", kind=kind, object_id=object_id, case=case)


def statement_mark_read(*, statement: Statement) -> None:
    if statement.read_at is None:
        Statement.objects.filter(pk=statement.pk).update(read_at=timezone.now())


# --- operators ---------------------------------------------------------------------------------
def moderator_add(*, user: User, languages: list[str], actor: User | None = None) -> Moderator:
    codes = sorted({c.strip().lower() for c in languages if c.strip()})
    unknown = [c for c in codes if c not in settings.LANGUAGES_SERVED]
    if not codes or unknown:
        raise RedleafError("bad_languages", _("List the languages this moderator reads, from: %(langs)s.")
                           % {"langs": ", ".join(settings.LANGUAGES_SERVED)}, field="languages")
    with transaction.atomic():
        mod, _created = Moderator.objects.update_or_create(user=user, defaults={"languages": codes,
                                                                               "is_active": True})
        User.objects.filter(pk=user.pk).update(is_moderator=True)
        user.is_moderator = True
        audit(actor=actor, action="moderator_add", kind=Kind.ACCOUNT, object_id=user.pk, languages=codes)
    return mod


def moderator_remove(*, user: User, actor: User | None = None) -> bool:
    with transaction.atomic():
        changed = Moderator.objects.filter(user=user, is_active=True).update(is_active=False)
        User.objects.filter(pk=user.pk).update(is_moderator=False)
        user.is_moderator = False
        Case.objects.filter(claimed_by=user, state=Case.State.OPEN).update(claimed_by=None, claimed_at=None)
        if changed:
            audit(actor=actor, action="moderator_remove", kind=Kind.ACCOUNT, object_id=user.pk)
    return bool(changed)


def moderator_languages_update(*, moderator: User, languages: list[str]) -> Moderator:
    policies.require_moderator(moderator)
    return moderator_add(user=moderator, languages=languages, actor=moderator)


def require_may_post(user: User) -> None:
    """Restricted members cannot post until their restriction ends."""
    until = user.posting_restricted_until
    if until is not None and until > timezone.now():
        raise Forbidden("posting_restricted", _("Your account may not post until %(date)s.")
                        % {"date": date_format(timezone.localtime(until), "DATETIME_FORMAT")})

