"""Template helpers for the note page and the composer: linked #topics and @mentions, image
placeholders, carousel shape, reply paging, dates."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from redleaf.core.pagination import encode_cursor
from redleaf.core.text import MENTION_RE, TOPIC_RE
from redleaf.web.templatetags.redleaf import cover_ratio, cover_ratio_value

register = template.Library()

TOKEN_RE = re.compile(f"(?P<topic>{TOPIC_RE.pattern})|(?P<mention>{MENTION_RE.pattern})")
BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"

def _topic_url(name: str) -> str:
    try:
        return reverse("web:topic", args=[name])
    except NoReverseMatch:
        return ""


SENTINEL = "7319468250173"  # a number no real id or path contains


@lru_cache(maxsize=64)
def _url_parts(name: str) -> tuple[str, str]:
    head, _sep, tail = reverse(name, args=[SENTINEL]).partition(SENTINEL)
    return head, tail


@register.filter
def path(value, name: str) -> str:
    """`{{ comment.pk|path:"engagement:comment_like" }}`: the URL named `name` for this one
    argument. Reversed once per name, then filled in, since a page of comments needs hundreds."""
    head, tail = _url_parts(name)
    return f"{head}{quote(str(value), safe='')}{tail}"


@register.filter
def user_url(user) -> str:
    return path(user.username, "accounts:profile")


@register.filter
def linked_text(text: str, note=None) -> SafeString:
    """Text with #topics linked to their pages and @mentions linked to profiles. Only mentions the
    note resolved (note.mentions: real, visible members) become links; the rest stay plain text."""
    mentioned = {}
    if note is not None:
        mentioned = {m.user.username.lower(): m.user for m in note.mentions.all()}
    parts: list[str] = []
    last = 0
    for match in TOKEN_RE.finditer(text or ""):
        parts.append(escape(text[last:match.start()]))
        last = match.end()
        whole = match.group(0)
        if match.group("topic"):
            name = match.group(2)
            url = _topic_url(name)
            parts.append(format_html('<a class="rl-topic" href="{}">{}</a>', url, whole) if url else escape(whole))
            continue
        user = mentioned.get(match.group(4).lower())
        if user is None:
            parts.append(escape(whole))
        else:
            parts.append(format_html('<a class="rl-mention" href="{}">@{}</a>', user_url(user), user.name))
    parts.append(escape((text or "")[last:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))  # noqa: S308 - every piece above is escaped


@register.filter
def bh_colour(image) -> str:
    """The picture's average colour, read from its blurhash (characters 2–5 hold it), shown while
    the picture loads."""
    value = getattr(image, "blurhash", "") or ""
    if len(value) < 6:
        return "#f2f2f2"
    number = 0
    for char in value[2:6]:
        index = BASE83.find(char)
        if index < 0:
            return "#f2f2f2"
        number = number * 83 + index
    return f"#{number & 0xFFFFFF:06x}"


# The carousel's stage takes the same clamped shape as a card cover (3:4 … 4:3).
register.filter("stage_ratio", cover_ratio)
register.filter("stage_hr", cover_ratio_value)


@register.simple_tag
def replies_cursor(comment) -> str:
    """Where "show more replies" goes on from: after the last reply already shown."""
    shown = getattr(comment, "shown_replies", None) or []
    return encode_cursor([shown[-1].pk]) if shown else ""


@register.filter
def more_replies(comment) -> int:
    return max(0, comment.replies_count - len(getattr(comment, "shown_replies", None) or []))


@register.filter
def when(value) -> str:
    """"just now", "5 minutes ago", "3 days ago", then the date."""
    if not value:
        return ""
    delta = timezone.now() - value
    if delta < timedelta(minutes=1):
        return _("just now")
    if delta < timedelta(hours=1):
        n = int(delta.total_seconds() // 60)
        return ngettext("%(n)d minute ago", "%(n)d minutes ago", n) % {"n": n}
    if delta < timedelta(days=1):
        n = int(delta.total_seconds() // 3600)
        return ngettext("%(n)d hour ago", "%(n)d hours ago", n) % {"n": n}
    if delta < timedelta(days=7):
        n = delta.days
        return ngettext("%(n)d day ago", "%(n)d days ago", n) % {"n": n}
    local = timezone.localtime(value)
    # In the member's language: 12月1日 / December 1, and with the year when it is not this one.
    if local.year == timezone.localtime().year:
        return date_format(local, "MONTH_DAY_FORMAT")
    return date_format(local, "DATE_FORMAT")


# Line icons for the note page, drawn like the site's own (24×24 grid, stroke = currentColor).
ICONS = {
    "star": '<path d="m12 3.2 2.7 5.5 6 .9-4.35 4.25 1.03 6-5.38-2.83-5.38 2.83 1.03-6L3.3 9.6l6-.9z"/>',
    "chat": '<path d="M20.5 11.5a8.5 8.5 0 0 1-12.4 7.55L3.5 20.5l1.45-4.3A8.5 8.5 0 1 1 20.5 11.5z"/>',
    "chevron-left": '<path d="m15 5-7 7 7 7"/>',
    "chevron-right": '<path d="m9 5 7 7-7 7"/>',
    "chevron-up": '<path d="m5 15 7-7 7 7"/>',
    "chevron-down": '<path d="m5 9 7 7 7-7"/>',
    "pin": '<path d="M9 3h6l-1 6 4 4H6l4-4zM12 13v8"/>',
    "trash": '<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3"/>',
    "pencil": '<path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4"/>',
    "send": '<path d="M21 3 10 14M21 3l-7 18-4-7-7-4z"/>',
    "back": '<path d="M15 5l-7 7 7 7"/>',
    "camera": '<path d="M4 8h3l2-3h6l2 3h3a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V9a1 1 0 0 1 1-1z"/>'
              '<circle cx="12" cy="13.5" r="3.5"/>',
    "grip": '<circle cx="9" cy="6" r="1.2"/><circle cx="15" cy="6" r="1.2"/><circle cx="9" cy="12" r="1.2"/>'
            '<circle cx="15" cy="12" r="1.2"/><circle cx="9" cy="18" r="1.2"/><circle cx="15" cy="18" r="1.2"/>',
    "send-up": '<path d="M12 19V5M5 12l7-7 7 7"/>',
}


@register.simple_tag
def nicon(name: str, css_class: str = "") -> str:
    from redleaf.web.templatetags.redleaf import ICONS as WEB_ICONS

    return format_html(
        '<svg class="icon icon-{} {}" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" '
        'focusable="false" fill="none" stroke="currentColor" stroke-width="1.9" stroke-linecap="round" '
        'stroke-linejoin="round">{}</svg>', name, css_class,
        mark_safe(ICONS.get(name) or WEB_ICONS[name]))  # noqa: S308 - our own constants
