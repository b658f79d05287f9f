from __future__ import annotations

import json

from django import template

register = template.Library()


@register.filter
def reason_json(reason) -> str:
    """A card's reason as JSON for its menu's forms (so an undone card shows its reason again)."""
    if reason is None:
        return ""
    return json.dumps({"code": reason.code, "params": reason.params}, ensure_ascii=False)


@register.filter
def reason_topic(reason) -> str:
    """The topic a reason names ("because you collected notes about #火锅"), if any."""
    if reason is None or not reason.code.startswith("topic_"):
        return ""
    return reason.params.get("topic", "")
