"""Template helpers for the language bridge: what to offer on a note or comment (translate, pinyin), and
the pinyin (ruby) rendering of a text with its words tappable."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from redleaf.language import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def bridge_for(context, item, kind: str) -> dict:
    """{offer, auto, pinyin, show_pinyin, reads, target} for one note or comment on the page."""
    user = context.get("user")
    languages = selectors.item_languages(item)
    pref = selectors.preference_get(user=user)
    offer = selectors.needs_translation(languages, user)
    signed_in = user is not None and user.is_authenticated
    return {"offer": offer, "auto": offer and signed_in and pref.always_translate, "signed_in": signed_in,
            "pinyin": "zh" in languages, "show_pinyin": "zh" in languages and pref.show_pinyin,
            "reads": ",".join(selectors.reader_languages(user)), "languages": languages}


@register.simple_tag(takes_context=True)
def bridge_page(context) -> dict:
    """What the bridge's script needs on any page with notes or comments: the languages the viewer reads
    (a tap on a word in one of them opens no card)."""
    return {"reads": ",".join(selectors.reader_languages(context.get("user")))}


@register.filter
def ruby(tokens) -> SafeString:
    """glossary.gloss() tokens as HTML: each Chinese word a tappable span of <ruby> characters with their
    syllables, each English word a tappable span, the rest as written (line breaks kept)."""
    out: list[str] = []
    for token in tokens:
        if token.lang == "zh":
            syllables = (token.pinyin or "").split()
            if len(syllables) != len(token.text):
                syllables = [""] * len(token.text)
            chars = "".join(f"<ruby>{escape(ch)}<rt>{escape(py)}</rt></ruby>" for ch, py in zip(token.text, syllables,
                                                                                               strict=True))
            out.append(f'<span class="rl-w" data-w="{escape(token.text)}">{chars}</span>')
        elif token.is_word:
            out.append(f'<span class="rl-w" data-w="{escape(token.text)}">{escape(token.text)}</span>')
        else:
            out.append(escape(token.text).replace("\n", "<br>"))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above
