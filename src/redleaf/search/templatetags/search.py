"""Highlighted matches: `{{ text|highlight:query }}` marks what matched (analysis.highlight_spans), escaping
everything else; `|highlight_snippet:query` shows a short stretch of a long text around the first match."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from redleaf.search.analysis import highlight_spans

register = template.Library()
SNIPPET = 60


def _marked(text: str, spans) -> str:
    out, pos = [], 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


@register.filter
def highlight(text, query):
    text = text or ""
    if query is None:
        return escape(text)
    return mark_safe(_marked(text, highlight_spans(text, query)))  # noqa: S308 - every piece is escaped


@register.filter
def highlight_snippet(text, query):
    text = text or ""
    spans = highlight_spans(text, query) if query is not None else []
    if not spans:
        return escape(text[:SNIPPET * 2] + ("…" if len(text) > SNIPPET * 2 else ""))
    start = max(0, spans[0][0] - SNIPPET // 3)
    end = min(len(text), start + SNIPPET * 2)
    shown = [(s - start, min(e, end) - start) for s, e in spans if s >= start and s < end]
    piece = _marked(text[start:end], shown)
    return mark_safe(("…" if start else "") + piece + ("…" if end < len(text) else ""))  # noqa: S308


@register.filter
def search_q(text) -> str:
    """`q=<text>` for a link to a search."""
    from urllib.parse import urlencode

    return urlencode({"q": text or ""})


@register.filter
def search_tab_query(value, params) -> str:
    """The query string of a result tab: the same words, that type, the note filters dropped."""
    from urllib.parse import urlencode

    query = {"q": params.q}
    if value != "notes":
        query["type"] = value
    return urlencode(query)


@register.filter
def hot_width(value, rows) -> int:
    """A bar's width in percent of the hottest row's value."""
    top = max((getattr(r, "current", 0.0) for r in rows), default=0.0)
    return round(100 * float(value or 0) / top) if top else 0
