"""Template helpers shared by every page: compact numbers, avatars, cover shapes, tints."""

from __future__ import annotations

import zlib

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

AVATAR_COLOURS = ["#ff2442", "#ff7a45", "#f5a623", "#36b37e", "#00a8a8", "#3b82f6", "#7c5cff", "#e0529c"]
TINTS = ["#fff1f0", "#fff7e6", "#fcffe6", "#e6fffb", "#e6f4ff", "#f9f0ff", "#fff0f6", "#f0f5ff"]
# A card's cover keeps the picture's shape, within 3:4 (tall) and 4:3 (wide), as Xiaohongshu does.
RATIO_MIN, RATIO_MAX = 0.75, 4 / 3


def _trim(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@register.filter
def compact(value) -> str:
    """12345 → "1.2万" in Chinese, "12.3k" in English; small numbers stay as they are. The units
    belong to each language's way of counting, so they are chosen here rather than translated."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    sign = "-" if number < 0 else ""
    number = abs(number)
    if (translation.get_language() or "").startswith("zh"):
        if number >= 100_000_000:
            return f"{sign}{_trim(number / 100_000_000)}亿"
        if number >= 10_000:
            return f"{sign}{_trim(number / 10_000)}万"
        return f"{sign}{number}"
    if number >= 1_000_000:
        return f"{sign}{_trim(number / 1_000_000)}m"
    if number >= 1_000:
        return f"{sign}{_trim(number / 1_000)}k"
    return f"{sign}{number}"


def _pick(seed, choices: list[str]) -> str:
    return choices[zlib.crc32(str(seed).encode()) % len(choices)]


@register.filter
def avatar_colour(user) -> str:
    return _pick(getattr(user, "username", user), AVATAR_COLOURS)


@register.filter
def tint(seed) -> str:
    """A soft background colour for a text-only card, stable for a given note."""
    return _pick(seed, TINTS)


@register.filter
def initial(user) -> str:
    name = (getattr(user, "name", "") or getattr(user, "username", "") or "?").strip()
    return name[:1].upper() or "?"


@register.filter
def cover_ratio(image) -> str:
    """The CSS aspect-ratio of a card cover ("width / height"), clamped to 3:4 … 4:3."""
    if image is None or not getattr(image, "width", 0) or not getattr(image, "height", 0):
        return "3 / 4"
    ratio = min(max(image.height / image.width, RATIO_MIN), RATIO_MAX)
    return f"1000 / {round(ratio * 1000)}"


@register.filter
def cover_ratio_value(image) -> str:
    """The same clamped shape as height ÷ width, for the waterfall script ("1.333")."""
    if image is None or not getattr(image, "width", 0) or not getattr(image, "height", 0):
        return "1.333"
    return f"{min(max(image.height / image.width, RATIO_MIN), RATIO_MAX):.3f}"


@register.inclusion_tag("web/_avatar.html")
def avatar(user, size: int = 32, css_class: str = ""):
    return {"member": user, "size": size, "css_class": css_class}


# Line icons drawn on a 24×24 grid (stroke = currentColor), so they follow the text colour.
ICONS = {
    "home": '<path d="M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z"/>',
    "users": '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20a6.5 6.5 0 0 1 13 0"/>'
             '<path d="M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.2a6.5 6.5 0 0 1 3.5 5.8"/>',
    "plus": '<path d="M12 5v14M5 12h14"/>',
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>',
    "heart": '<path d="M12 20.5s-7.5-4.6-9.3-9.4C1.5 7.8 3.6 4.5 7 4.5c2 0 3.4 1.1 5 3 1.6-1.9 3-3 5-3 3.4 0 '
             '5.5 3.3 4.3 6.6-1.8 4.8-9.3 9.4-9.3 9.4z"/>',
    "more": '<circle cx="5" cy="12" r="1.3"/><circle cx="12" cy="12" r="1.3"/><circle cx="19" cy="12" r="1.3"/>',
    "lock": '<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/>',
    "users-lock": '<circle cx="10" cy="8" r="4"/><path d="M3 21a7 7 0 0 1 10-6.3"/>'
                  '<rect x="15" y="16" width="6" height="5" rx="1"/><path d="M16.5 16v-1.5a1.5 1.5 0 0 1 3 0V16"/>',
    "settings": '<circle cx="12" cy="12" r="3"/><path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1'
                'a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 '
                '0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1'
                'a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9'
                'a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 '
                '2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z"/>',
    "logout": '<path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9"/>',
    "hash": '<path d="M4 9h16M4 15h16M10 3 8 21M16 3l-2 18"/>',
    "image": '<rect x="3" y="3" width="18" height="18" rx="3"/><circle cx="8.5" cy="8.5" r="1.5"/>'
             '<path d="m21 15-5-5L5 21"/>',
    "bookmark": '<path d="M19 21l-7-5-7 5V5a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2z"/>',
    "globe": '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18"/>',
    "compass": '<circle cx="12" cy="12" r="9"/><path d="m15.5 8.5-2 5-5 2 2-5z"/>',
    "x": '<path d="M18 6 6 18M6 6l12 12"/>',
    "shield": '<path d="M12 3 4.5 6v5.5c0 4.6 3.2 8.3 7.5 9.5 4.3-1.2 7.5-4.9 7.5-9.5V6z"/><path d="m9 12 2 2 4-4"/>',
    "flag": '<path d="M5 21V4M5 4h11l-2 4 2 4H5"/>',
    "check": '<path d="M20 6 9 17l-5-5"/>',
    "leaf": '<path d="M12 2.5C8 6 5.5 9.6 5.5 13.5a6.5 6.5 0 0 0 13 0C18.5 9.6 16 6 12 2.5z"/><path d="M12 8v13"/>',
}


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    return format_html(
        '<svg class="icon icon-{} {}" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" '
        'focusable="false" fill="none" stroke="currentColor" stroke-width="1.9" stroke-linecap="round" '
        'stroke-linejoin="round">{}</svg>', name, css_class, mark_safe(ICONS[name]))  # noqa: S308 (our constants)
