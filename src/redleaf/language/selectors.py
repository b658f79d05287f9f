"""Reads for the language bridge: the item a member asks about (through the notes and engagement
selectors, so visibility is decided where it always is), its text and languages, what the member reads,
and their preferences."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import RedleafError
from redleaf.language.detect import detect
from redleaf.language.models import ReadingPreference

KINDS = ("note", "comment")
NAMES = {"zh": _("Chinese"), "en": _("English"), "ja": _("Japanese"), "ko": _("Korean"), "fr": _("French"),
         "de": _("German"), "es": _("Spanish"), "ru": _("Russian"), "it": _("Italian"), "pt": _("Portuguese")}


def language_name(code: str | None) -> str:
    """A language's name in the member's language ("zh" → Chinese, 中文); a code we cannot name stays a code."""
    return str(NAMES.get(code or "", code or ""))


def item_get(*, viewer, kind: str, item_id):
    """The note or comment, if `viewer` may see it (a 404 otherwise, whatever the reason: blocked, only me,
    under review, removed)."""
    if kind == "note":
        from redleaf.notes.selectors import note_get

        return note_get(viewer=viewer, note_id=item_id)
    if kind == "comment":
        from redleaf.engagement.selectors import comment_get

        return comment_get(viewer=viewer, comment_id=item_id)
    raise RedleafError("bad_kind", _("Say what to translate: kind is “note” or “comment”."), field="kind")


def item_fields(item) -> list[tuple[str, str]]:
    if hasattr(item, "body"):
        return [("title", item.title or ""), ("body", item.body or "")]
    return [("text", item.text or "")]


def item_languages(item) -> list[str]:
    """The languages review stored on the item, or detected now (items posted before detection ran)."""
    stored = list(getattr(item, "languages", None) or [])
    if stored:
        return stored
    return detect("\n".join(text for _name, text in item_fields(item))).languages


def ui_code(language: str | None = None) -> str:
    """The interface language as a detection code: zh-hans → zh."""
    language = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    return language.split("-", 1)[0]


def reader_languages(user) -> list[str]:
    """What the member reads: their languages, else the interface language."""
    spoken = list(getattr(user, "languages", None) or []) if user is not None and user.is_authenticated else []
    return spoken or [ui_code()]


def target_for(user) -> str:
    """The language to translate into for this reader: one they read. Their interface language when they
    read it (or list no languages), else the first language they list that the site serves; guests get
    the interface language."""
    signed_in = user is not None and user.is_authenticated
    ui = ui_code(getattr(user, "ui_language", None) or None) if signed_in else ui_code()
    reads = [code for code in (getattr(user, "languages", None) or []) if code in settings.LANGUAGES_SERVED] \
        if signed_in else []
    if reads and ui not in reads:
        return reads[0]
    return ui if ui in settings.LANGUAGES_SERVED else (reads[0] if reads else ui_code())


_ALIASES = {"zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh", "zh-hans-cn": "zh", "en-us": "en", "en-gb": "en",
            "en-au": "en", "en-ca": "en"}


def target_clean(value) -> str:
    """A target language as detection codes name it ("zh-Hans", "zh_CN" and "ZH" are zh); anything else,
    traditional Chinese included (not served), is a clear 400."""
    code = str(value or "").strip().lower().replace("_", "-")[:20]
    code = _ALIASES.get(code, code)
    if code not in settings.LANGUAGES_SERVED:
        raise RedleafError("unknown_language",
                           _("Translate into one of: %(langs)s.") % {"langs": ", ".join(
                               f"{language_name(served)} ({served})" for served in settings.LANGUAGES_SERVED)},
                           field="target")
    return code


def needs_translation(item_languages: list[str], user) -> bool:
    """Whether to offer "translate": the item has a language the member does not read."""
    reads = reader_languages(user)
    return any(lang not in reads for lang in item_languages if lang)


def preference_get(*, user) -> ReadingPreference:
    """The member's preferences (unsaved defaults when they never set any; guests get the defaults)."""
    if user is None or not user.is_authenticated:
        return ReadingPreference()
    found = getattr(user, "_reading_preference", None)
    if found is None:
        found = ReadingPreference.objects.filter(user=user).first() or ReadingPreference(user=user)
        user._reading_preference = found
    return found


# --- reading help -------------------------------------------------------------------------------------------
MAX_WORD = 40


def item_reading_help(*, viewer, kind: str, item_id) -> tuple[object, list[tuple[str, list, list]]]:
    """(item, [(field, tokens, pinyin line)]) for a note or comment the viewer can see."""
    from redleaf.language import glossary

    item = item_get(viewer=viewer, kind=kind, item_id=item_id)
    return item, [(name, glossary.gloss(text), glossary.pinyin_line(text)) for name, text in item_fields(item)]


def word_help(*, text) -> object:
    """The reading help for one word (or a short phrase): a Token with pinyin and meanings (Chinese) or
    Chinese equivalents (English)."""
    from redleaf.language import glossary

    word = " ".join(str(text or "").split())
    if not word or len(word) > MAX_WORD:
        raise RedleafError("bad_word", _("Send one word or a short phrase (at most %(n)d characters).")
                           % {"n": MAX_WORD}, field="text")
    tokens = [t for t in glossary.gloss(word) if t.is_word]
    if len(tokens) == 1 and tokens[0].text == word:
        return tokens[0]
    token = glossary.Token(word, 0, len(word), tokens[0].lang if tokens else None)
    if token.lang == "zh":
        return glossary._chinese_token(token)
    if token.lang == "en":
        token.equivalents = list(glossary.equivalents(word))
    return token


def word_at(*, text, offset) -> object | None:
    """The word of `text` (a stretch of a page a member tapped) at `offset`, with its reading help; None
    when nothing there is a word (a space, punctuation, an emoji)."""
    from redleaf.language import glossary

    text = str(text or "")
    try:
        at = int(offset)
    except (TypeError, ValueError):
        raise RedleafError("bad_offset", _("Say where the word is."), field="at") from None
    if not text or len(text) > 400 or not 0 <= at <= len(text):
        raise RedleafError("bad_offset", _("Say where the word is."), field="at")
    for token in glossary.gloss(text):
        if token.is_word and (token.start <= at < token.end or (at == len(text) and token.end == at)):
            return token
    return None
