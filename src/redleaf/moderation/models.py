"""Review before release, as data: the guidelines (rules and their word lists, editable in the admin),
what the automated checks found on each item (Screening), the cases people decide, reports, decisions,
statements of reasons, appeals, account actions and the audit log.

An item is named by (kind, object_id): a note, a comment, a profile change or an account. Items live in
their own apps; moderation/items.py knows how to read and change each kind."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from redleaf.core.models import SnowflakeField


class Kind(models.TextChoices):
    NOTE = "note", _("note")
    COMMENT = "comment", _("comment")
    PROFILE = "profile", _("profile")
    ACCOUNT = "account", _("account")


class RuleAction(models.TextChoices):
    REMOVE = "remove", _("Remove")
    LIMIT = "limit", _("Limit reach")
    LABEL = "label", _("Label")
    ALLOW = "allow", _("Allow")


def _pick(zh: str, en: str) -> str:
    return zh if (get_language() or "").startswith("zh") else en


class Rule(models.Model):
    """One community guideline. `id` is stable (reports, decisions and statements cite it)."""

    id = models.SlugField(primary_key=True, max_length=40)
    position = models.PositiveSmallIntegerField(default=0)
    default_action = models.CharField(max_length=10, choices=RuleAction.choices, default=RuleAction.REMOVE)
    title_zh = models.CharField(max_length=80)
    title_en = models.CharField(max_length=80)
    summary_zh = models.CharField(max_length=300, blank=True)
    summary_en = models.CharField(max_length=300, blank=True)
    explanation_zh = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    examples_not_ok_zh = models.JSONField(default=list, blank=True)
    examples_not_ok_en = models.JSONField(default=list, blank=True)
    examples_ok_zh = models.JSONField(default=list, blank=True)
    examples_ok_en = models.JSONField(default=list, blank=True)
    label_zh = models.CharField(max_length=80, blank=True)  # shown on a labelled or limited item
    label_en = models.CharField(max_length=80, blank=True)
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return f"{self.id}: {self.title_en}"

    @property
    def title(self) -> str:
        return _pick(self.title_zh, self.title_en)

    @property
    def summary(self) -> str:
        return _pick(self.summary_zh, self.summary_en)

    @property
    def explanation(self) -> str:
        return _pick(self.explanation_zh, self.explanation_en)

    @property
    def examples_not_ok(self) -> list[str]:
        return _pick(self.examples_not_ok_zh, self.examples_not_ok_en)

    @property
    def examples_ok(self) -> list[str]:
        return _pick(self.examples_ok_zh, self.examples_ok_en)

    @property
    def label(self) -> str:
        return _pick(self.label_zh, self.label_en) or self.title


class Term(models.Model):
    """A word, phrase or pattern that points at a rule, matched after normalisation (checks/normalize.py)."""

    class TermKind(models.TextChoices):
        TERM = "term", _("term")
        PATTERN = "pattern", _("pattern (regular expression)")

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="terms")
    lang = models.CharField(max_length=5, blank=True, help_text=_("zh, en, or empty for any language"))
    kind = models.CharField(max_length=10, choices=TermKind.choices, default=TermKind.TERM)
    value = models.CharField(max_length=300)
    score = models.FloatField(default=1.0, help_text=_("0 to 1: how sure a match makes us (0.5 flags, 0.9 is clear)"))
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "lang", "kind", "value"], name="term_once")]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self) -> str:
        return f"{self.rule_id}/{self.lang or '*'}: {self.value}"


class BlockedImage(models.Model):
    """A perceptual hash of a removed picture: a re-upload of it (resized, re-encoded) is caught."""

    hash = models.CharField(max_length=64, unique=True)
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="blocked_images")
    source = models.CharField(max_length=80, blank=True)  # e.g. "case 123"
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.hash


class GuidelinesVersion(models.Model):
    """Every change an operator makes to the rules or lists bumps the version (the checks recompile,
    and the public page says which version is in force and since when)."""

    number = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"v{self.number}"


class Moderator(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator")
    languages = models.JSONField(default=list)  # the languages whose cases this moderator reviews
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} {self.languages}"


class Screening(models.Model):
    """One run of the automated checks over one version of an item. Made in the same transaction as
    the write that submitted the item, so a worker that dies mid-check loses nothing: an unfinished
    screening is picked up again when a worker starts (services.screenings_resume)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = SnowflakeField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    languages = models.JSONField(default=list)
    signals = models.JSONField(default=list)  # [Signal.as_dict(), ...]
    action = models.CharField(max_length=10, blank=True)  # the verdict: allow, label, limit, hold, remove
    rules = models.JSONField(default=list)
    risk = models.FloatField(default=0.0)
    rulebook_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "object_id", "-id"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["author", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.status} {self.action}"


class Case(models.Model):
    """Something a person must decide. One open case per item for its current version: flags and
    reports on the same item join it. An appeal is a case of its own (about one earlier decision), so
    deciding it never decides a later flag on the same item, nor the other way round."""

    class State(models.TextChoices):
        OPEN = "open", _("open")
        DECIDED = "decided", _("decided")

    class Reason(models.TextChoices):
        FLAGGED = "flagged", _("automated checks flagged it")
        NEW_ACCOUNT = "new_account", _("new account")
        RECENT_STRIKE = "recent_strike", _("a recent strike")
        CHECK_FAILED = "check_failed", _("a check failed")
        REPORTED = "reported", _("reported by members")
        APPEAL = "appeal", _("appeal")
        ESCALATED = "escalated", _("escalated")

    class Priority(models.IntegerChoices):
        NORMAL = 0, _("normal")
        HIGH = 1, _("high")

    id = SnowflakeField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cases_about")
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    priority = models.SmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    risk = models.FloatField(default=0.0)
    reach = models.PositiveIntegerField(default=0)  # the author's followers when the case opened
    languages = models.JSONField(default=list)  # empty: any moderator
    lang_zh = models.BooleanField(default=False)  # languages, spread out so the queue can filter in SQL
    lang_en = models.BooleanField(default=False)
    lang_other = models.BooleanField(default=False)
    proposed_action = models.CharField(max_length=10, blank=True)
    proposed_rules = models.JSONField(default=list)
    screening = models.ForeignKey(Screening, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Appeals and escalations: moderators who decided or escalated before may not decide it again.
    excluded = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    appeal = models.ForeignKey("Appeal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], condition=Q(state="open", appeal__isnull=True),
                                    name="one_open_case"),
            models.UniqueConstraint(fields=["appeal"], condition=Q(state="open"), name="one_open_appeal_case"),
        ]
        indexes = [
            models.Index(fields=["state", "-priority", "-risk", "-reach", "created_at"], name="case_queue"),
            models.Index(fields=["kind", "object_id", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"case {self.pk}: {self.kind}:{self.object_id} {self.state}"


class Report(models.Model):
    id = SnowflakeField()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made")
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(max_length=1000, blank=True)
    excerpt = models.CharField(max_length=300, blank=True)  # the item as the reporter saw it
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, blank=True)  # filled when the case is decided

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "reporter"], name="report_once_per_case")]

    def __str__(self) -> str:
        return f"report {self.pk} on case {self.case_id}"


class Decision(models.Model):
    class Action(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REMOVE = "remove", _("Remove")
        LIMIT = "limit", _("Limit reach")
        LABEL = "label", _("Label")
        ESCALATE = "escalate", _("Escalate")
        RESTORE = "restore", _("Restore")  # an appeal reversed an earlier decision
        UPHOLD = "uphold", _("Uphold")  # an appeal left an earlier decision standing

    class AccountAction(models.TextChoices):
        NONE = "", _("No account action")
        WARN = "warn", _("Warn")
        RESTRICT = "restrict", _("Restrict posting")
        SUSPEND = "suspend", _("Suspend")

    id = SnowflakeField()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")  # null: made by automated means alone
    action = models.CharField(max_length=10, choices=Action.choices)
    account_action = models.CharField(max_length=10, choices=AccountAction.choices, blank=True, default="")
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    automated = models.BooleanField(default=False)  # automated means were used (detection), see statements
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.action} on case {self.case_id}"


class Statement(models.Model):
    """A statement of reasons (EU DSA Art. 17) sent to the author of a restricted item: what was done,
    the facts, whether automated means were used, the rule, and how to appeal."""

    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statements")
    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="statement")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=10)
    account_action = models.CharField(max_length=10, blank=True)
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    facts = models.TextField(blank=True)  # what the moderator saw, in their words
    excerpt = models.CharField(max_length=300, blank=True)  # the item as it was, for the author's memory
    automated_detection = models.BooleanField(default=False)
    automated_decision = models.BooleanField(default=False)
    signals = models.JSONField(default=list, blank=True)  # what the automated checks noticed, if anything
    created_at = models.DateTimeField(auto_now_add=True)
    appeal_until = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-id"])]

    def __str__(self) -> str:
        return f"statement {self.pk} to {self.user_id}"


class Appeal(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("waiting for a moderator")
        UPHELD = "upheld", _("decision upheld")
        REVERSED = "reversed", _("decision reversed")

    id = SnowflakeField()
    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="appeal")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"appeal {self.pk} ({self.state})"


class Strike(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="strikes")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="strikes")
    rule = models.ForeignKey(Rule, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)  # an appeal reversed the decision

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"strike on {self.user_id}"


class ProfileChange(models.Model):
    """A change to a name, bio or avatar that waits for review. Until it is approved, everyone else
    sees the profile as it was."""

    class State(models.TextChoices):
        PENDING = "pending", _("under review")
        APPLIED = "applied", _("applied")
        REJECTED = "rejected", _("rejected")

    id = SnowflakeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_changes")
    display_name = models.CharField(max_length=40, null=True, blank=True)
    bio = models.CharField(max_length=300, null=True, blank=True)
    avatar = models.ForeignKey("media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user"], condition=Q(state="pending"),
                                               name="one_pending_profile_change")]

    def __str__(self) -> str:
        return f"profile change {self.pk} of {self.user_id}"


class AuditEntry(models.Model):
    """Every moderation action: who (null for the automated checks), what, when, why."""

    id = SnowflakeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    action = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, blank=True)
    object_id = models.BigIntegerField(null=True, blank=True)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit")
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["-created_at"]), models.Index(fields=["kind", "object_id"])]
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_id or 'auto'} {self.action}"
