"""What review adds to pages other apps render: a labelled note's label, the statement behind a
limited note (for its author), and the guidelines version a new member agrees to. Tags, so the
notes, engagement and accounts views need not know review exists."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy

from redleaf.moderation.models import Kind, Rule, Statement

register = template.Library()


def _rules(context) -> dict[str, Rule]:
    """Every rule, read once per request (a waterfall may show many labelled cards)."""
    request = context.get("request")
    cached = getattr(request, "_redleaf_rules", None) if request is not None else None
    if cached is None:
        cached = {rule.pk: rule for rule in Rule.objects.all()}
        if request is not None:
            request._redleaf_rules = cached
    return cached


@register.simple_tag(takes_context=True)
def rule_label(context, rule_id) -> str:
    """`{% rule_label note.label_rule %}`: the rule's label in the viewer's language ("" for none)."""
    if not rule_id:
        return ""
    rule = _rules(context).get(str(rule_id))
    return rule.label if rule is not None else ""


@register.simple_tag(takes_context=True)
def rule_for(context, rule_id) -> Rule | None:
    """`{% rule_for statement.rule_id as rule %}`."""
    return _rules(context).get(str(rule_id)) if rule_id else None


@register.simple_tag
def note_statement(note) -> Statement | None:
    """`{% note_statement note as statement %}`: the latest statement of reasons its author got about
    this note (the reason it is limited or labelled), or None."""
    if note is None:
        return None
    return (Statement.objects.filter(user_id=note.author_id, kind=Kind.NOTE, object_id=note.pk)
            .order_by("-id").first())


@register.simple_tag
def guidelines_version() -> int:
    """The guidelines version in force (what a new member agrees to)."""
    from redleaf.moderation import rules

    return rules.current_version() or 1


@register.simple_tag
def unread_statements(user) -> int:
    """`{% unread_statements user as n %}`: decisions about the member's content they have not opened."""
    if user is None or not user.is_authenticated:
        return 0
    return Statement.objects.filter(user=user, read_at__isnull=True).count()


@register.filter
def language_names(codes) -> str:
    """["zh", "en"] -> "Chinese + English" in the viewer's language (codes the site does not name stay codes)."""
    from django.utils.translation import gettext

    names = {"zh": gettext("Chinese"), "en": gettext("English")}
    return " + ".join(names.get(code, code) for code in (codes or []))


@register.filter
def proposed_action(action: str) -> str:
    """What the automated checks proposed, in words."""
    from django.utils.translation import gettext

    words = {"allow": gettext("allow"), "label": gettext("label it"), "limit": gettext("limit its reach"),
             "hold": gettext("hold for a person"), "remove": gettext("remove")}
    return words.get(action or "", action or "—")


_AIMED = " (aimed at someone)"


@register.simple_tag
def signal_detail(signal, moderator: bool = False) -> str:
    """What a check noticed, in words for the reader: a member sees the words of theirs that matched
    (never model internals); a moderator also sees what a picture model reported."""
    import re

    from django.utils.html import format_html
    from django.utils.translation import gettext

    detail = (signal or {}).get("detail") or ""
    check = (signal or {}).get("check") or ""
    if not detail:
        return ""
    if check in ("nudity", "image_hash", "error"):
        return detail if moderator else ""
    many = re.fullmatch(r"(\d+) terms", detail)
    if many:
        return gettext("%(n)s words or phrases from the lists") % {"n": many.group(1)}
    if detail.endswith(_AIMED):
        return format_html("<q>{}</q> ({})", detail[: -len(_AIMED)][:80], gettext("aimed at someone"))
    if check == "tone":
        return ""
    return format_html("<q>{}</q>", detail[:80])


_AUDIT_ACTIONS = {
    "held": gettext_lazy("held for a person"),
    "released": gettext_lazy("released"),
    "claim": gettext_lazy("claimed"),
    "unclaim": gettext_lazy("put back"),
    "escalate": gettext_lazy("escalated"),
    "appeal": gettext_lazy("appealed"),
    "appeal:upheld": gettext_lazy("appeal: decision upheld"),
    "appeal:reversed": gettext_lazy("appeal: decision reversed"),
    "report": gettext_lazy("reported"),
    "moderator_add": gettext_lazy("made a moderator"),
    "moderator_remove": gettext_lazy("no longer a moderator"),
    "closed:item_gone": gettext_lazy("closed: the author deleted it"),
    "closed:superseded": gettext_lazy("closed: replaced by a newer change"),
}
_DETAIL_KEYS = {
    "why": gettext_lazy("why"), "proposed": gettext_lazy("proposed"), "rules": gettext_lazy("rules"),
    "rule": gettext_lazy("rule"), "reason": gettext_lazy("reason"), "account_action": gettext_lazy("account action"),
    "languages": gettext_lazy("languages"),
}
_WHY = {
    "flagged": gettext_lazy("flagged by the checks"), "new_account": gettext_lazy("new account"),
    "recent_strike": gettext_lazy("a recent strike"), "check_failed": gettext_lazy("a check failed"),
}


@register.simple_tag
def audit_action(entry) -> str:
    from redleaf.moderation.models import Decision

    action = entry.action or ""
    if action.startswith("decide:"):
        code = action.split(":", 1)[1]
        return str(dict(Decision.Action.choices).get(code, code))
    return str(_AUDIT_ACTIONS.get(action, action))


@register.simple_tag
def audit_detail(entry) -> str:
    """The entry's details a person needs (why, proposed action, rule, reason…), in the reader's language."""
    from django.utils.html import format_html_join

    from redleaf.moderation.models import Decision

    rules = None
    parts = []
    for key, value in (entry.detail or {}).items():
        if key not in _DETAIL_KEYS or value in ("", None, [], {}):
            continue
        if key == "why":
            value = _WHY.get(value, value)
        elif key == "proposed":
            value = proposed_action(value)
        elif key == "account_action":
            value = dict(Decision.AccountAction.choices).get(value, value)
        elif key in ("rule", "rules"):
            if rules is None:
                rules = {r.pk: r for r in Rule.objects.all()}
            ids = value if isinstance(value, list) else [value]
            value = ", ".join(rules[i].title if i in rules else str(i) for i in ids)
        elif key == "languages":
            value = language_names(value)
        parts.append((str(_DETAIL_KEYS[key]), str(value)))
    return format_html_join("; ", "{}: {}", parts)
