"""What review adds to pages other apps render: a labelled note's label, the statement behind a
limited note (for its author), and the guidelines version a new member agrees to. Tags, so the
notes, engagement and accounts views need not know review exists."""

from __future__ import annotations

from django import template

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
