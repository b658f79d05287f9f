"""Translation, the one place it happens: an item's text is cut into runs (segments.py), the runs not in
the target language are looked up in the shared cache and only the misses go to the engine — after the
member's and the site's limits allow it — and the engine's answers are checked (checks.py) before they
are cached and shown. An engine that is not set up for a pair falls back to the glossary, saying so; one
that fails, times out or answers with something that is not a translation gives a clear error, and the
original text stays where it was. Nothing is written for a failed translation but the usage count."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import RedleafError
from redleaf.language import checks, engines, selectors
from redleaf.language.engines import Engine, EngineError, EngineUnavailable
from redleaf.language.engines.glossary import GlossWord, gloss_words
from redleaf.language.models import ReadingPreference, Translation, TranslationSource, UsageCounter
from redleaf.language.segments import segments

log = logging.getLogger("redleaf.language")


@dataclass(eq=False)  # pieces are told apart by identity (two equal runs in one text are two pieces)
class Piece:
    original: str
    lang: str | None
    output: str | None = None  # None: kept as written (already in the target language, or no language)
    words: list[GlossWord] = field(default_factory=list)  # the glossary engine's word-by-word help

    @property
    def shown(self) -> str:
        if self.output is None:
            return self.original
        lead = self.original[: len(self.original) - len(self.original.lstrip())]
        trail = self.original[len(self.original.rstrip()):]
        return f"{lead}{self.output}{trail}"


@dataclass
class TextTranslation:
    original: str
    pieces: list[Piece]

    @property
    def text(self) -> str:
        return "".join(piece.shown for piece in self.pieces)

    @property
    def translated(self) -> bool:
        return any(piece.output is not None for piece in self.pieces)


@dataclass
class ItemTranslation:
    kind: str
    item_id: int
    target: str
    engine: Engine
    fields: dict[str, TextTranslation]
    from_cache: bool = False
    notice: object = None  # a lazy message: why the glossary stands in, or why nothing changed
    notice_code: str = ""
    item: object = None  # the note or comment, as the viewer may see it

    @property
    def label(self) -> object:
        """What the member reads above it: a machine translation naming its engine, or the glossary saying
        it is not a translation."""
        if self.is_glossary:
            return _("Glossary · word-by-word meanings from %(dictionary)s, not a translation") % {
                "dictionary": self.engine_label}
        return _("Machine translation · %(engine)s") % {"engine": self.engine_label}

    @property
    def translated(self) -> bool:
        return any(f.translated for f in self.fields.values())

    @property
    def engine_label(self) -> str:
        return str(self.engine.label)

    @property
    def is_glossary(self) -> bool:
        return self.engine.is_glossary


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# --- limits -------------------------------------------------------------------------------------------------
def _take(scope: str, window: int, limit: int, n: int = 1) -> bool:
    if limit <= 0:
        return True
    try:
        with transaction.atomic():
            _row, created = UsageCounter.objects.get_or_create(scope=scope, window=window)
    except IntegrityError:  # another process made the row first
        created = False
    if created and scope.endswith(":minute"):
        UsageCounter.objects.filter(scope__endswith=":minute", window__lt=window - 1).delete()
    elif created and scope.endswith(":day"):
        UsageCounter.objects.filter(scope__endswith=":day", window__lt=window - 1).delete()
    return UsageCounter.objects.filter(scope=scope, window=window, count__lte=limit - n).update(
        count=F("count") + n) == 1


def usage_take(*, user, now: float | None = None, calls: int = 1) -> None:
    """Count `calls` engine calls for the member and the site, or refuse them (429) when a limit would be
    passed. Counters live in the database, so every web process sees the same count; all or nothing.
    Only engine calls are counted: a translation found in the cache costs nothing."""
    now = time.time() if now is None else now
    minute, day = int(now // 60), int(now // 86400)
    scopes = [(f"member:{user.pk}:minute", minute, settings.TRANSLATION_MEMBER_PER_MINUTE,
               _("You have translated a lot in the last minute. Wait a moment and try again.")),
              (f"member:{user.pk}:day", day, settings.TRANSLATION_MEMBER_PER_DAY,
               _("You have reached today's translation limit. It starts again tomorrow.")),
              ("site:minute", minute, settings.TRANSLATION_SITE_PER_MINUTE,
               _("Many members are translating right now. Try again in a minute."))]
    with transaction.atomic():
        for scope, window, limit, message in scopes:
            if not _take(scope, window, limit, calls):
                raise RedleafError("translation_rate_limited", message, status=429)


def usage_give_back(*, user, calls: int, now: float | None = None) -> None:
    """Return calls counted by usage_take that were never made (an earlier call of the same item failed)."""
    now = time.time() if now is None else now
    minute, day = int(now // 60), int(now // 86400)
    for scope, window in ((f"member:{user.pk}:minute", minute), (f"member:{user.pk}:day", day),
                          ("site:minute", minute)):
        UsageCounter.objects.filter(scope=scope, window=window, count__gte=calls).update(count=F("count") - calls)


# --- translation --------------------------------------------------------------------------------------------
def _pieces(text: str) -> list[Piece]:
    return [Piece(seg.text, seg.lang) for seg in segments(text)]


def _work(fields: dict[str, TextTranslation], target: str) -> list[Piece]:
    return [p for f in fields.values() for p in f.pieces
            if p.lang is not None and p.lang != target and _source(p)]


def _source(piece: Piece) -> str:
    """What an engine is sent for a piece: without control characters, bidi marks or the spaces around."""
    return checks.clean(piece.original)


def _pick_engine(work: list[Piece], target: str, engine: Engine | None) -> tuple[Engine, object, str]:
    engine = engine or engines.configured()
    pairs = {(p.lang, target) for p in work}
    if all(engine.supports(source, target) for source, target in pairs):
        return engine, None, ""
    return _fallback(engine, pairs)


def _fallback(engine: Engine, pairs: set) -> tuple[Engine, object, str]:
    glossary = engines.glossary_engine()
    if not all(glossary.supports(source, target) for source, target in pairs):
        raise RedleafError("translation_unsupported", _("This cannot be translated into that language here."))
    if engine.is_glossary:
        return glossary, None, ""
    return glossary, _("%(engine)s cannot translate this here, so the glossary is shown instead.") % {
        "engine": engine.label}, "engine_unavailable"


def _run(engine: Engine, work: list[Piece], target: str, user) -> bool:
    """Fill in every piece's output: from the cache, then from the engine. True when all came cached."""
    if engine.is_glossary:
        for piece in work:
            piece.words = gloss_words(_source(piece), target)
            piece.output = engine.translate(_source(piece), source=piece.lang, target=target)
        return False
    keys = {p: (text_hash(_source(p)), p.lang, engine.version(p.lang, target)) for p in work}
    found = {(t.text_hash, t.source, t.engine_version): t.output for t in Translation.objects.filter(
        text_hash__in={k[0] for k in keys.values()}, target=target, engine=engine.name,
        engine_version__in={k[2] for k in keys.values()})}
    missing = [p for p in work if keys[p] not in found]
    for piece in work:
        if keys[piece] in found:
            piece.output = found[keys[piece]]
    if not missing:
        return True
    calls = len({keys[p] for p in missing})  # the same run twice in one item is one call
    metered = engine.metered and user is not None and user.is_authenticated
    if metered:
        usage_take(user=user, calls=calls)  # only engine calls count: what the cache had costs nothing
    made: dict[tuple, str] = {}
    try:
        for piece in missing:
            if keys[piece] in made:
                piece.output = made[keys[piece]]
                continue
            text = _source(piece)
            made[keys[piece]] = None  # called, whatever comes of it
            output = engine.translate(text, source=piece.lang, target=target)
            piece.output = made[keys[piece]] = checks.check_translation(text, output, target=target)
    except Exception:
        if metered and calls > len(made):
            usage_give_back(user=user, calls=calls - len(made))  # the calls never made
        raise
    Translation.objects.bulk_create([Translation(text_hash=k[0], source=k[1], target=target, engine=engine.name,
                                                 engine_version=k[2], output=out) for k, out in made.items()],
                                    ignore_conflicts=True)
    return False


def fields_translate(*, user, fields: list[tuple[str, str]], target: str, engine: Engine | None = None
                     ) -> tuple[dict, Engine, bool, object, str]:
    total = sum(len(text) for _name, text in fields)
    if total > settings.TRANSLATION_MAX_CHARS:
        raise RedleafError("text_too_long", _("This is too long to translate (at most %(n)s characters).")
                           % {"n": f"{settings.TRANSLATION_MAX_CHARS:,}"}, status=413)
    translated = {name: TextTranslation(text, _pieces(text)) for name, text in fields}
    work = _work(translated, target)
    if not work:
        if any(text.strip() for _name, text in fields) and any(
                p.lang is not None for t in translated.values() for p in t.pieces):
            return translated, engines.configured(), False, _("This is already in %(language)s.") % {
                "language": selectors.language_name(target)}, "already_in_target"
        return translated, engines.configured(), False, _("There is nothing here to translate."), "nothing_to_translate"
    engine, notice, code = _pick_engine(work, target, engine)
    try:
        cached = _run(engine, work, target, user)
    except EngineUnavailable as exc:
        log.warning("translation engine %s unavailable: %s", engine.name, exc.detail)
        engine, notice, code = _fallback(engine, {(p.lang, target) for p in work})
        cached = _run(engine, work, target, user)
    except EngineError as exc:
        log.warning("translation by %s failed: %s: %s", engine.name, exc.code, exc.detail)
        raise RedleafError(exc.code, exc.message, status=exc.status) from exc
    return translated, engine, cached, notice, code


def item_translate(*, viewer, kind: str, item_id, target: str | None = None, engine: Engine | None = None
                   ) -> ItemTranslation:
    """Translate a note (title and body) or a comment the viewer can see into `target` (by default the
    language the viewer reads the site in), with the configured engine unless one is given."""
    item = selectors.item_get(viewer=viewer, kind=kind, item_id=item_id)
    code = selectors.target_clean(target) if target is not None else selectors.target_for(viewer)
    fields, engine, cached, notice, notice_code = fields_translate(
        user=viewer, fields=selectors.item_fields(item), target=code, engine=engine)
    if engine.cached and not cached:  # a whole cache hit was remembered when it was made
        _remember(kind, item, fields)
    return ItemTranslation(kind=kind, item_id=item.pk, target=code, engine=engine, fields=fields,
                           from_cache=cached, notice=notice, notice_code=notice_code, item=item)


def _remember(kind: str, item, fields: dict[str, TextTranslation]) -> None:
    hashes = {text_hash(_source(p)) for f in fields.values() for p in f.pieces if p.output is not None}
    note_id = item.pk if kind == "note" else item.note_id
    TranslationSource.objects.bulk_create(
        [TranslationSource(kind=kind, item_id=item.pk, note_id=note_id, text_hash=h) for h in hashes],
        ignore_conflicts=True)


def translations_forget(*, note_id: int | None = None, comment_id: int | None = None) -> int:
    """Drop the cached translations made for a note (and its comments) or a comment that was deleted,
    removed or edited; a translation another item still uses stays. Answers how many went."""
    sources = TranslationSource.objects.filter(note_id=note_id) if note_id is not None else \
        TranslationSource.objects.filter(kind="comment", item_id=comment_id)
    with transaction.atomic():
        hashes = set(sources.values_list("text_hash", flat=True))
        if not hashes:
            return 0
        sources.delete()
        kept = set(TranslationSource.objects.filter(text_hash__in=hashes).values_list("text_hash", flat=True))
        deleted, _detail = Translation.objects.filter(text_hash__in=hashes - kept).delete()
    return deleted


def preference_update(*, user, always_translate: bool | None = None, show_pinyin: bool | None = None
                      ) -> ReadingPreference:
    pref, _created = ReadingPreference.objects.get_or_create(user=user)
    changed = []
    if always_translate is not None and pref.always_translate != always_translate:
        pref.always_translate = always_translate
        changed.append("always_translate")
    if show_pinyin is not None and pref.show_pinyin != show_pinyin:
        pref.show_pinyin = show_pinyin
        changed.append("show_pinyin")
    if changed:
        pref.save(update_fields=[*changed, "updated_at"])
    user._reading_preference = pref
    return pref
