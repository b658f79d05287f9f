"""Who may do what in review: moderators decide cases in the languages they read, never their own
content, never twice, and never an appeal against their own decision."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import Conflict, Forbidden, NotFound
from redleaf.moderation.models import Case, Kind, Moderator, Statement


def moderator_of(user) -> Moderator | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        mod = user.moderator
    except Moderator.DoesNotExist:
        return None
    return mod if mod.is_active else None


def is_moderator(user) -> bool:
    return moderator_of(user) is not None


def require_moderator(user) -> Moderator:
    mod = moderator_of(user)
    if mod is None:
        raise Forbidden("not_moderator", _("Only moderators can do this."))
    return mod


def reads_case(mod: Moderator, case: Case) -> bool:
    """A case in a language goes to moderators who read it; a mixed one to readers of either; one with
    no detected language (a picture, an emoji) to anyone."""
    if not case.languages:
        return True
    return bool(set(case.languages) & set(mod.languages))


def claim_lapsed(case: Case) -> bool:
    return case.claimed_at is None or case.claimed_at < timezone.now() - timedelta(
        minutes=settings.MODERATION_CLAIM_MINUTES)


def require_can_decide(mod: Moderator, case: Case) -> None:
    if case.state != Case.State.OPEN:
        raise Conflict("case_decided", _("This case has already been decided."))
    if not reads_case(mod, case):
        raise Forbidden("case_outside_languages", _("This case is in a language you do not review."))
    if case.author_id == mod.user_id:
        raise Forbidden("own_case", _("Another moderator must decide a case about your own content."))
    if case.excluded.filter(pk=mod.user_id).exists():
        raise Forbidden("decided_before", _("You decided this before: another moderator must look at it."))


def reportable(reporter, kind: str, object_id):
    """The item, if the reporter can see it (a 404 otherwise, as if it did not exist)."""
    if kind == Kind.NOTE:
        from redleaf.notes.selectors import note_get

        return note_get(viewer=reporter, note_id=object_id)
    if kind == Kind.COMMENT:
        from redleaf.engagement.selectors import comment_get

        return comment_get(viewer=reporter, comment_id=object_id)
    from redleaf.accounts.selectors import user_get

    return user_get(viewer=reporter, username=str(object_id))


def own_statement(user, statement_id, *, lock: bool = False) -> Statement:
    try:
        pk = int(statement_id)
    except (TypeError, ValueError):
        pk = 0
    qs = Statement.objects.select_related("decision", "rule")
    if lock:
        qs = qs.select_for_update(of=("self",))
    statement = qs.filter(pk=pk, user=user).first() if 0 < pk < 2**63 else None
    if statement is None:
        raise NotFound("statement_not_found", _("No such decision."))
    return statement
