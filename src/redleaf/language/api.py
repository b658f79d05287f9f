"""API of the language bridge: translate a note or comment, reading help for an item or one word, and the
member's reading preferences. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from redleaf.api.auth import OPTIONAL, OPTIONAL_SECURITY, viewer
from redleaf.api.schemas import errors
from redleaf.language import selectors, services

router = Router(tags=["language"])


class TranslateIn(Schema):
    kind: str = Field(description="`note` or `comment`.")
    id: int | str = Field(description="The note's or comment's id.")
    target: str | None = Field(None, description="The language to translate into (`zh`, `en`); by default a "
                                                 "language the caller reads: their interface language when they read "
                                                 "it, else the first of their languages the site serves.")


class GlossWordOut(Schema):
    text: str
    lang: str | None
    pinyin: str = ""
    meaning: str = Field("", description="The first meaning in the target language; empty when there is none.")


class PieceOut(Schema):
    original: str
    lang: str | None = Field(description="The run's language; null for emoji, punctuation or a language not served.")
    translated: str | None = Field(description="null: kept as written (already in the target language).")
    words: list[GlossWordOut] = Field(description="The glossary engine's word-by-word help (empty otherwise).")


class FieldOut(Schema):
    name: str = Field(description="`title` and `body` for a note, `text` for a comment.")
    original: str
    text: str = Field(description="The field as shown translated: translated runs and the runs kept as written.")
    pieces: list[PieceOut]


class EngineOut(Schema):
    name: str = Field(description="`glossary`, `libretranslate`, `openai` or `argos`.")
    label: str
    kind: str = Field(description="`machine_translation`, or `glossary` (word-by-word meanings, not a translation).")


class NoticeOut(Schema):
    code: str
    message: str


class TranslationOut(Schema):
    kind: str
    id: str
    target: str
    translated: bool = Field(description="False when nothing needed translating (see `notice`).")
    cached: bool = Field(description="Every translated run came from the shared cache.")
    label: str = Field(description="What to show above it, e.g. “Machine translation · LibreTranslate”.")
    engine: EngineOut
    notice: NoticeOut | None
    fields: list[FieldOut]


def _translation(result: services.ItemTranslation) -> dict:
    return {
        "kind": result.kind, "id": str(result.item_id), "target": result.target, "translated": result.translated,
        "cached": result.from_cache, "label": str(result.label),
        "engine": {"name": result.engine.name, "label": result.engine_label,
                   "kind": "glossary" if result.is_glossary else "machine_translation"},
        "notice": {"code": result.notice_code, "message": str(result.notice)} if result.notice else None,
        "fields": [{"name": name, "original": f.original, "text": f.text, "pieces": [
            {"original": p.original, "lang": p.lang, "translated": p.output,
             "words": [{"text": w.text, "lang": w.lang, "pinyin": w.pinyin, "meaning": w.meaning} for w in p.words]}
            for p in f.pieces]} for name, f in result.fields.items()],
    }


@router.post("/translate", response={200: TranslationOut, **errors(400, 401, 404, 413, 429, 502, 503, 504)},
             summary="Translate a note or a comment")
def translate(request: HttpRequest, payload: TranslateIn):
    """Machine translation of a note (title and body) or a comment the caller can see. Mixed-language text
    is translated run by run; runs already in the target language stay as written. Translations are
    cached and shared; engine calls count against per-member and per-minute limits (429). An engine that
    fails answers 502 (`translation_failed`, `translation_rejected` when its answer was not a translation),
    504 on a time-out: show the original then."""
    return _translation(services.item_translate(viewer=request.auth, kind=payload.kind, item_id=payload.id,
                                                target=payload.target))


class SenseOut(Schema):
    simplified: str
    traditional: str
    pinyin: str
    meanings: list[str]


class TokenOut(Schema):
    text: str
    start: int
    end: int
    lang: str | None
    pinyin: str | None = Field(None, description="Chinese words: the reading, with tone marks.")
    meanings: list[str] = Field(description="Chinese words: English meanings, the likeliest first.")
    equivalents: list[SenseOut] = Field(description="English words: Chinese words for them.")


class RubyOut(Schema):
    text: str
    pinyin: str | None


class HelpFieldOut(Schema):
    name: str
    tokens: list[TokenOut]
    pinyin: list[RubyOut] = Field(description="The text with each Chinese character's syllable (for ruby).")


class ReadingHelpOut(Schema):
    kind: str
    id: str
    fields: list[HelpFieldOut]


def _sense(sense) -> dict:
    return {"simplified": sense.simplified, "traditional": sense.traditional, "pinyin": sense.pinyin,
            "meanings": list(sense.definitions)}


def _token(token) -> dict:
    return {"text": token.text, "start": token.start, "end": token.end, "lang": token.lang, "pinyin": token.pinyin,
            "meanings": list(token.definitions), "equivalents": [_sense(s) for s in token.equivalents]}


@router.get("/reading-help", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: ReadingHelpOut, **errors(400, 404)}, summary="Reading help for a note or a comment")
def reading_help(request: HttpRequest, kind: str = Query(...), id: str = Query(...)):  # noqa: A002
    """Every word of the item with its reading help (CC-CEDICT through jieba): pinyin and English meanings
    for Chinese words, Chinese equivalents for English ones, and the pinyin line for ruby. Works with no
    translation engine."""
    item, fields = selectors.item_reading_help(viewer=viewer(request), kind=kind, item_id=id)
    return {"kind": kind, "id": str(item.pk), "fields": [
        {"name": name, "tokens": [_token(t) for t in tokens if t.is_word],
         "pinyin": [{"text": text, "pinyin": syllable} for text, syllable in line]} for name, tokens, line in fields]}


class WordOut(Schema):
    text: str
    lang: str | None
    pinyin: str | None
    meanings: list[str]
    senses: list[SenseOut] = Field(description="Chinese: the dictionary's entries for the word (or its parts).")
    equivalents: list[SenseOut]


@router.get("/reading-help/word", auth=OPTIONAL, openapi_extra=OPTIONAL_SECURITY,
            response={200: WordOut, **errors(400)}, summary="Reading help for one word")
def reading_help_word(request: HttpRequest, text: str = Query(..., description="A word or a short phrase.")):
    token = selectors.word_help(text=text)
    return {"text": token.text, "lang": token.lang, "pinyin": token.pinyin, "meanings": list(token.definitions),
            "senses": [_sense(s) for s in token.senses], "equivalents": [_sense(s) for s in token.equivalents]}


class PreferencesOut(Schema):
    always_translate: bool
    show_pinyin: bool
    reads: list[str] = Field(description="The languages the member reads (their profile's languages).")
    target: str = Field(description="What their translations are into: their interface language when they read it, "
                                    "else the first of their languages the site serves.")


class PreferencesIn(Schema):
    always_translate: bool | None = None
    show_pinyin: bool | None = None


def _preferences(user, pref) -> dict:
    return {"always_translate": pref.always_translate, "show_pinyin": pref.show_pinyin,
            "reads": selectors.reader_languages(user), "target": selectors.target_for(user)}


@router.get("/me/reading-preferences", response={200: PreferencesOut, **errors(401)},
            summary="My reading preferences")
def preferences_get(request: HttpRequest):
    return _preferences(request.auth, selectors.preference_get(user=request.auth))


@router.patch("/me/reading-preferences", response={200: PreferencesOut, **errors(400, 401)},
              summary="Change my reading preferences")
def preferences_update(request: HttpRequest, payload: PreferencesIn):
    pref = services.preference_update(user=request.auth, always_translate=payload.always_translate,
                                      show_pinyin=payload.show_pinyin)
    return _preferences(request.auth, pref)
