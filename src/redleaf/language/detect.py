"""Which languages a text is written in, and where each run of them is.

Scripts decide first, because they are certain and fast: Han characters are Chinese (simplified and
traditional alike), Hangul Korean, kana Japanese — and Han characters too when their sentence has
hiragana (the particles of almost every Japanese sentence; katakana alone is often a brand name in Chinese
text, and one の is Chinese internet style, so the text needs two hiragana at least).
Runs of Latin letters go to lingua, loaded once per process with only the served Latin-script languages
(settings.LANGUAGES_SERVED, from REDLEAF_LANGUAGES_SERVED); with one of them served (zh and en, the
default) Latin is that language without asking, and lingua is never loaded. Punctuation, digits, spaces,
emoji and control characters join the run before them (or the first run); runs of one language merge.

The mixed-language rule, for review routing: each language weighs its words — a Latin word 1, a Han
character 2/3 (a Chinese word is one and a half characters on average), a kana 1/3. The heaviest language comes first.
Another served language counts too when it weighs at least 3 (three words, or five Han characters) and
at least a quarter of the text. So "这个 latte 太好喝了" and "今天买了 Apple Watch 好开心" are Chinese, not
mixed: a loanword or a brand name does not make a Chinese text readable by an English-only moderator.
Languages we do not serve (Japanese by default, Korean, Russian, ...) weigh in but are not listed: a
Japanese text is [] (no served language: review sends it to anyone), and the English word in a Japanese
sentence does not make it English.

Only the first MAX_CHARS characters are read, so 100 KB costs what 20 KB does; the last run is stretched
to the end of the text so that the runs still cover all of it."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings

MAX_CHARS = 20_000
MIN_WEIGHT = 3.0  # a second language needs three words (five Han characters) ...
MIN_SHARE = 0.25  # ... and a quarter of the text
# What one letter weighs, in words: a Chinese word is one and a half characters on average, a Japanese
# or Korean one about three; Latin and other alphabets are counted by words.
WEIGHT = {"han": 2 / 3, "kana": 1 / 3, "hangul": 1 / 2}

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\u3007"
HIRAGANA = "\u3040-\u309f"
KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
HANGUL = "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\uff21-\uff3a\uff41-\uff5a"
_LETTERS = re.compile(
    rf"(?P<han>[{HAN}]+)|(?P<hiragana>[{HIRAGANA}]+)|(?P<katakana>[{KATAKANA}]+)|(?P<hangul>[{HANGUL}]+)"
    rf"|(?P<latin>[{LATIN}]+(?:['’][{LATIN}]+)*)"
    rf"|(?P<other>(?:(?![{HAN}{HIRAGANA}{KATAKANA}{HANGUL}{LATIN}])[^\W\d_])+)"
)
_HIRAGANA = re.compile(f"[{HIRAGANA}]")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
SCRIPT_LANG = {"han": "zh", "kana": "ja", "hangul": "ko", "cyrillic": "ru", "arabic": "ar", "hebrew": "he",
               "thai": "th", "greek": "el", "devanagari": "hi"}
UNKNOWN = "und"  # letters of no language we can name (a Latin text when no Latin language is served)


class Run(NamedTuple):
    lang: str | None  # None: no served language (punctuation, digits, emoji, or a language we do not serve)
    start: int
    end: int


@dataclass
class Detection:
    languages: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)

    @property
    def primary(self) -> str | None:
        return self.languages[0] if self.languages else None

    @property
    def mixed(self) -> bool:
        return len(self.languages) > 1


def served() -> list[str]:
    return list(getattr(settings, "LANGUAGES_SERVED", ["zh", "en"]) or ["zh", "en"])


def _latin_served(languages: tuple[str, ...]) -> list[str]:
    return [code for code in languages if code not in SCRIPT_LANG.values()]


# --- lingua, once per process per set of served languages ---------------------------------------------
_detectors: dict[tuple[str, ...], object] = {}
_lock = threading.Lock()


def latin_detector(languages: tuple[str, ...]):
    """lingua with only the served languages written in Latin letters; None when fewer than two are."""
    if languages not in _detectors:
        with _lock:
            if languages not in _detectors:
                _detectors[languages] = _build_detector(_latin_served(languages))
    return _detectors[languages]


def _build_detector(codes: list[str]):
    if len(codes) < 2:
        return None
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    found = []
    for code in codes:
        try:
            found.append(Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())))
        except (AttributeError, ValueError):
            continue  # a served code lingua does not know: never detected in Latin letters
    return LanguageDetectorBuilder.from_languages(*found).build() if len(found) > 1 else None


def _latin_language(chunk: str, languages: tuple[str, ...]) -> str:
    latin = _latin_served(languages)
    if not latin:
        return UNKNOWN
    detector = latin_detector(languages)
    if detector is None:
        return latin[0]
    found = detector.detect_language_of(chunk)
    return found.iso_code_639_1.name.lower() if found is not None else latin[0]


def _other_script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0].lower()  # CYRILLIC, ARABIC, HEBREW, ...
    except ValueError:
        return UNKNOWN


# --- detection -------------------------------------------------------------------------------------------
def _japanese_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences with hiragana in them, when the text has at least two hiragana."""
    if len(_HIRAGANA.findall(text)) < 2:
        return []
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        if _HIRAGANA.search(text, start, m.start()):
            spans.append((start, m.start()))
        start = m.end()
    return spans


def _pieces(text: str) -> list[list]:
    """[script, start, end, words] runs of one script; what lies between letters joins the run before.
    Han characters in a sentence with hiragana are Japanese."""
    japanese = _japanese_sentences(text)
    pieces: list[list] = []
    for m in _LETTERS.finditer(text):
        script = m.lastgroup
        if script in ("hiragana", "katakana") or (
                script == "han" and any(a <= m.start() < b for a, b in japanese)):
            script = "kana"
        elif script == "other":
            script = _other_script(m.group()[0])
        words = m.end() - m.start() if script in WEIGHT else 1
        if pieces and pieces[-1][0] == script:
            pieces[-1][2] = m.end()
            pieces[-1][3] += words
        else:
            if pieces:
                pieces[-1][2] = m.start()
            pieces.append([script, pieces[-1][2] if pieces else 0, m.end(), words])
    return pieces


def detect(text: str) -> Detection:
    full = len(text or "")
    text = (text or "")[:MAX_CHARS]
    pieces = _pieces(text)
    if not pieces:
        return Detection(runs=[Run(None, 0, full)] if full else [])
    pieces[-1][2] = full
    languages = tuple(served())
    runs: list[Run] = []
    weight: dict[str, float] = {}  # insertion order = order of first appearance, the tie-break
    for script, start, end, words in pieces:
        if script == "latin":
            lang = _latin_language(text[start:end], languages)
        else:
            lang = SCRIPT_LANG.get(script, UNKNOWN)
        weight[lang] = weight.get(lang, 0.0) + words * WEIGHT.get(script, 1.0)
        shown = lang if lang in languages else None
        if runs and runs[-1].lang == shown:
            runs[-1] = Run(shown, runs[-1].start, end)
        else:
            runs.append(Run(shown, start, end))
    return Detection(languages=_ranked(weight, languages), runs=runs)


def _ranked(weight: dict[str, float], languages: tuple[str, ...]) -> list[str]:
    total = sum(weight.values())
    ranked = sorted(weight, key=lambda lang: -weight[lang])  # stable: ties keep the order of appearance
    found = []
    for i, lang in enumerate(ranked):
        if lang not in languages:
            continue
        if i == 0 or (weight[lang] >= MIN_WEIGHT and weight[lang] / total >= MIN_SHARE):
            found.append(lang)
    return found


def primary(text: str) -> str | None:
    return detect(text).primary
