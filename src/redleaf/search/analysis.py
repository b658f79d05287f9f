"""One analysis pipeline for indexing and for querying, so a word is written the same way on both sides.

Folding, character by character (so every folded character knows where it came from in the original
text, which is how matches are highlighted): NFKC (full-width ＡＢＣ and ｈｅｌｌｏ become ABC, hello),
case folding, Latin diacritics dropped (café → cafe), traditional Chinese to simplified (OpenCC t2s:
貓 → 猫), control and zero-width characters dropped.

A text then gives two streams of index terms:
- words: Chinese cut by jieba in search mode (every dictionary word inside a longer one too: 天花板 gives
  天花 and 天花板), with a user dictionary that learns topic names and hot terms (dictionary.py) so
  小红书 stays one word; English and other alphabetic words, stop words dropped, English stemmed
  (Snowball: recipes → recip, like recipe); numbers; emoji as `u1f431` (so 🐱 finds 🐱).
- chars: every Chinese character in order. A Chinese query word also matches as a phrase over these
  (a substring match), so 猫 finds 猫咪 and 橘猫, and a word cut differently in a note (before the
  dictionary learnt it, or by its neighbours) is still found.

A query is cut into concepts (one per word the member typed); each concept has alternatives with a
weight: the word itself (1.0), its characters as a phrase (0.8), its pinyin reading's words (0.9: maomi,
mao mi → 猫咪), a spelling correction (0.7: recipies → recipe; 小龙包 → 小笼包 by its pinyin), and its
CC-CEDICT equivalents in the other language (0.5: cat → 猫, 火锅 → hotpot / hot pot). Exact-language matches
therefore rank above cross-language ones. The vocabulary (pinyin readings, spellings, document
frequencies) is asked through a `Lexicon` (lexicon.py), so this module stays pure and testable."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from redleaf.search import dictionary  # jieba with the learnt words (no import of ours back)

MAX_QUERY_CHARS = 200  # what a query is cut to; the rest is ignored (a 10,000-character paste is no error)
MAX_CONCEPTS = 8
MAX_TEXT_CHARS = 20_000
COMMON_WORD = 300  # jieba's frequency count below which a dictionary equivalent is too rare to search

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f\u3007"
_HAN_CHAR = re.compile(f"[{HAN}]")
HAN_WORD = re.compile(f"^[{HAN}]+$")
_SAFE = re.compile(r"^[^\W_]+$")


def safe_term(term: str) -> bool:
    """A term the full-text engines read as one plain token (letters, digits, Chinese characters)."""
    return bool(_SAFE.match(term))
# Emoji and pictographs (no \p{Extended_Pictographic} in Python's re): the common blocks.
EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff"
_TOKENS = re.compile(
    rf"(?P<han>[{HAN}]+)|(?P<emoji>[{EMOJI}])|(?P<word>(?:(?![{HAN}])[^\W_])+)"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]")

ZH_STOP = frozenset(
    "的 了 是 在 我 你 他 她 它 们 和 与 也 就 都 而 及 着 把 被 这 那 有 个 吧 呢 啊 吗 哦 呀 嘛 啦 之 于 以 "
    "我们 你们 他们 她们 这个 那个 一个 没有 就是 还是 真的 什么 怎么 可以 因为 所以 但是 如果".split())
EN_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being am do does did "
    "i me my we our you your he him his she her it its they them their this that these those there here "
    "so very just too not no nor than then s t can will would should could have has had having what which "
    "who whom how when where why all any both each few more most other some such only own same into over "
    "about up down out off again once".split())


# --- folding ----------------------------------------------------------------------------------------------
_t2s_lock = threading.Lock()
_t2s = None


def _converter():
    global _t2s
    if _t2s is None:
        with _t2s_lock:
            if _t2s is None:
                import opencc

                _t2s = opencc.OpenCC("t2s")
    return _t2s


def _fold_char(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch).casefold()
    if folded.isascii():
        return folded
    out = []
    for c in folded:
        if "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff":  # Latin with marks: café → cafe
            c = "".join(d for d in unicodedata.normalize("NFD", c) if not unicodedata.combining(d))
        out.append(c)
    return "".join(out)


class _FoldTable(dict):
    """str.translate's table for fold_text: each code point folded once per process (as fold() folds it,
    a control character becoming a space), then looked up in C."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        value = " " if _CONTROL.match(ch) else _fold_char(ch)
        self[code] = value
        return value


_FOLD_TABLE = _FoldTable()


def fold_text(text: str) -> str:
    """fold(text)'s text without the offsets (indexing and query keys): the same characters, ten times
    faster (one translate instead of a normalisation per character)."""
    folded = text[:MAX_TEXT_CHARS].translate(_FOLD_TABLE)
    if _HAN_CHAR.search(folded):
        folded = _simplified(folded)
    return folded


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    out: list[str] = []
    source: list[int] = []
    for i, ch in enumerate(text[:MAX_TEXT_CHARS]):
        if _CONTROL.match(ch):
            out.append(" ")  # a control character separates, as a space would
            source.append(i)
            continue
        for c in _fold_char(ch):
            out.append(c)
            source.append(i)
    folded = "".join(out)
    if _HAN_CHAR.search(folded):
        folded = _simplified(folded)
    return folded, source


def _simplified(text: str) -> str:
    """t2s, keeping the length (and so the offsets): OpenCC converts phrase by phrase, and a phrase may
    change length (rarely); then each Han run is converted on its own, character by character at worst."""
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    parts = []
    for m in re.finditer(f"[{HAN}]+|[^{HAN}]+", text):
        piece = m.group()
        if _HAN_CHAR.match(piece):
            c = _converter().convert(piece)
            if len(c) != len(piece):
                c = "".join(x if len(x := _converter().convert(ch)) == 1 else ch for ch in piece)
            piece = c
        parts.append(piece)
    return "".join(parts)


def normalize(text: str) -> str:
    """The folded form of a short text, spaces collapsed (query keys, hot-search keys, topic keys)."""
    return " ".join(fold_text(text or "").split())


def suggestion_key(text: str) -> str:
    """What a suggestion is stored under, and what a typed prefix is looked up as: folded, no spaces."""
    return normalize(text).replace(" ", "")[:100]


# --- English ----------------------------------------------------------------------------------------------
_stemmer_lock = threading.Lock()
_stemmer = None


def stem(word: str) -> str:
    global _stemmer
    if _stemmer is None:
        with _stemmer_lock:
            if _stemmer is None:
                import Stemmer

                _stemmer = Stemmer.Stemmer("english")
    return _stemmer.stemWord(word)


@lru_cache(maxsize=100_000)
def _latin_term(word: str) -> str | None:
    """The index term for a folded alphabetic/number word, or None for a stop word."""
    if word in EN_STOP:
        return None
    if word.isascii() and word.isalpha() and len(word) > 2:
        return stem(word)
    return word


def emoji_term(ch: str) -> str:
    return f"u{ord(ch):x}"


# --- Chinese ------------------------------------------------------------------------------------------------
def _jieba():
    return dictionary.tokenizer()


# Runs of Chinese characters recur (set phrases, a topic's name, 太好吃了): each is cut once per process
# and dictionary. The cache is dropped whenever jieba learns a word (dictionary.generation()).
CUT_CACHE_SIZE = 100_000
_cut_cache: dict[str, tuple[str, ...]] = {}
_cut_generation = -1


def cut_for_index(run: str) -> list[str]:
    global _cut_generation
    tokenizer = _jieba()  # may sync learnt words first
    if _cut_generation != dictionary.generation():
        _cut_cache.clear()
        _cut_generation = dictionary.generation()
    cut = _cut_cache.get(run)
    if cut is None:
        cut = tuple(w for w in tokenizer.cut_for_search(run, HMM=False) if len(w) > 1 and w not in ZH_STOP)
        if len(_cut_cache) >= CUT_CACHE_SIZE:
            _cut_cache.clear()
        _cut_cache[run] = cut
    return list(cut)


def cut_for_query(run: str) -> list[str]:
    return [w for w in _jieba().cut(run, HMM=False) if w.strip()]


# --- documents --------------------------------------------------------------------------------------------
@dataclass
class Terms:
    words: list[str] = field(default_factory=list)
    chars: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(self.words)

    def chars_text(self) -> str:
        return " ".join(self.chars)


def analyse(text: str) -> Terms:
    """Index terms of a text (see the module docstring)."""
    folded = fold_text(text or "")
    terms = Terms()
    for m in _TOKENS.finditer(folded):
        kind = m.lastgroup
        if kind == "han":
            run = m.group()
            terms.words += cut_for_index(run)
            terms.chars += list(run)
        elif kind == "emoji":
            terms.words.append(emoji_term(m.group()))
        else:
            term = _latin_term(m.group())
            if term:
                terms.words.append(term)
    return terms


def han_words(text: str) -> list[str]:
    """The Chinese dictionary words of a text (for the vocabulary: pinyin and spelling look-ups)."""
    folded = fold_text(text or "")
    found: dict[str, None] = {}
    for m in _TOKENS.finditer(folded):
        if m.lastgroup == "han":
            for w in cut_for_index(m.group()):
                found.setdefault(w, None)
    return list(found)


# --- pinyin -------------------------------------------------------------------------------------------------
def toneless(syllable: str) -> str:
    s = unicodedata.normalize("NFD", syllable.lower()).replace("u\u0308", "v").replace("u:", "v")
    return "".join(c for c in s if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def syllable_set() -> frozenset[str]:
    from redleaf.language.glossary import char_readings

    found = {toneless(r) for r in char_readings().values() if r}
    found |= {"lv", "nv", "lve", "nve"}
    return frozenset(s for s in found if s.isascii() and s.isalpha())


_WITH_U_DIAERESIS = re.compile(r"[^\W\d_]*[üÜǖǘǚǜǕǗǙǛ][^\W\d_]*")


def pinyin_v(text: str, *, prefix: bool = False) -> str:
    """Pinyin's ü typed as ü, with or without its tone (lüxing, nǚrén): spelt v, as pinyin keyboards
    and our readings spell it (lvxing), when the word is pinyin so; any other word (über) keeps its
    letters. Folding alone would make lüxing "luxing", another word. `prefix`: what is being typed,
    whose last syllable may be unfinished (lüx): always v, so that typing on does not jump between
    spellings."""
    def swap(match: re.Match) -> str:
        word = match.group()
        plain = toneless(word)
        return plain if prefix or pinyin_syllables(plain) else word

    return _WITH_U_DIAERESIS.sub(swap, text) if _WITH_U_DIAERESIS.search(text) else text


def pinyin_syllables(word: str) -> list[str] | None:
    """"maomi" → ["mao", "mi"]; None when the word is not a run of pinyin syllables. Longest syllables
    first, backing off (xian is one syllable, xi'an two: either way the joined reading is what is looked up)."""
    word = word.lower()
    if not word.isascii() or not word.isalpha() or len(word) > 40:
        return None
    syllables = syllable_set()
    best: dict[int, list[str] | None] = {len(word): []}

    def parse(i: int) -> list[str] | None:
        if i in best:
            return best[i]
        best[i] = None
        for j in range(min(len(word), i + 6), i, -1):
            if word[i:j] in syllables:
                rest = parse(j)
                if rest is not None:
                    best[i] = [word[i:j], *rest]
                    break
        return best[i]

    return parse(0)


def reading(word: str) -> tuple[str, str]:
    """(pinyin, initials) of a Chinese word: 小笼包 → ("xiaolongbao", "xlb")."""
    from redleaf.language.glossary import syllables

    found = [toneless(s) for s in syllables(word) if s]
    return "".join(found), "".join(s[0] for s in found if s)


def latin_reading(text: str) -> tuple[str, str]:
    """Pinyin and initials of a mixed text (a display name, a topic): Chinese characters read, letters kept."""
    folded = normalize(text)
    full, initials = [], []
    for m in _TOKENS.finditer(folded):
        if m.lastgroup == "han":
            for w in cut_for_query(m.group()):
                p, i = reading(w)
                full.append(p)
                initials.append(i)
        elif m.lastgroup == "word":
            full.append(m.group())
            initials.append(m.group()[:1])
    return "".join(full), "".join(initials)


# --- queries ------------------------------------------------------------------------------------------------
EXACT, CHARS, PINYIN, SPELLING, CROSS = "exact", "chars", "pinyin", "spelling", "cross"
WEIGHTS = {EXACT: 1.0, CHARS: 0.8, PINYIN: 0.9, SPELLING: 0.7, CROSS: 0.5}


@dataclass(frozen=True)
class Alternative:
    """One way a concept may match: all `terms` in the words stream (kind "words"), or the characters in
    a row in the chars stream (kind "chars")."""

    kind: str
    terms: tuple[str, ...]
    origin: str
    weight: float

    @property
    def exact(self) -> bool:
        return self.origin in (EXACT, CHARS)


@dataclass
class Concept:
    text: str  # as the member typed it (folded)
    alternatives: list[Alternative] = field(default_factory=list)

    def add(self, kind: str, terms: Iterable[str], origin: str, weight: float | None = None) -> None:
        terms = tuple(t for t in terms if t)
        if not terms:
            return
        weight = WEIGHTS[origin] if weight is None else weight
        for i, alt in enumerate(self.alternatives):
            if alt.kind == kind and alt.terms == terms:
                if weight > alt.weight:
                    self.alternatives[i] = Alternative(kind, terms, origin, weight)
                return
        self.alternatives.append(Alternative(kind, terms, origin, weight))


@dataclass
class Query:
    text: str  # the folded query
    concepts: list[Concept] = field(default_factory=list)
    corrected: str | None = None  # "showing results for …" when a spelling was corrected
    df_floor: int = 0  # set by selectors.parse: the rarest word's note count, as the vocabulary knows it

    @property
    def empty(self) -> bool:
        return not any(c.alternatives for c in self.concepts)

    def highlight_words(self) -> set[str]:
        return {t for c in self.concepts for a in c.alternatives if a.kind == "words" for t in a.terms}

    def highlight_phrases(self) -> set[str]:
        return {"".join(a.terms) for c in self.concepts for a in c.alternatives if a.kind == "chars"}


class Lexicon(Protocol):
    """What query understanding asks the vocabulary (lexicon.py answers from the database)."""

    def by_pinyin(self, pinyin: str) -> list[str]: ...  # Chinese words read so, commonest first

    def known(self, terms: Iterable[str]) -> set[str]: ...  # which of these terms occur in the index


class NoLexicon:
    """Query understanding without a vocabulary: no pinyin, no spelling (the baseline, and tests)."""

    def by_pinyin(self, pinyin: str) -> list[str]:
        return []

    def known(self, terms: Iterable[str]) -> set[str]:
        return set(terms)


def _prefetch(folded: str, lexicon) -> None:
    """Everything the vocabulary will probably be asked about this query, asked at once."""
    terms, pinyins = [], []
    latin: list[str] = []
    for m in _TOKENS.finditer(folded):
        run = m.group()
        if m.lastgroup == "han":
            words = [run, *cut_for_query(run)]
            terms += words
            for word in words:
                if len(word) > 1:
                    pinyin = reading(word)[0]
                    pinyins.append(pinyin)
                    terms.append(pinyin)
        elif m.lastgroup == "word":
            latin.append(run)
            terms.append(_latin_term(run) or run)
    for size in (2, 3, 4):
        for i in range(len(latin) - size + 1):
            joined = "".join(latin[i:i + size])
            pinyins.append(joined)
            terms += [joined, _latin_term(joined) or joined]
    pinyins += [w for w in latin if w.isascii() and w.isalpha()]
    lexicon.prefetch(terms, pinyins)


def _tokens(folded: str, lexicon: Lexicon | None = None) -> list[tuple[str, str]]:
    """(kind, text) query tokens: ("han", word) from jieba's precise cut, ("word", w), ("emoji", e), and
    ("typo", run) for a run of Chinese characters the index does not know but knows a word read like it
    (小龙包 for 小笼包: a homophone typo, which jieba would cut into 小龙 / 包)."""
    found: list[tuple[str, str]] = []
    for m in _TOKENS.finditer(folded):
        run = m.group()
        if m.lastgroup == "han":
            if lexicon is not None and 2 <= len(run) <= 6 and not _a_word(run) and not lexicon.known([run]):
                pinyin = reading(run)[0]
                readings = [w for w in lexicon.by_pinyin(pinyin) if w != run]
                if readings or (len(run) > 2 and lexicon.known([pinyin])):
                    found.append(("typo", run))
                    continue
            found += [("han", w) for w in _merge_singles(cut_for_query(run))]
        else:
            found.append((m.lastgroup, run))
    return found


def _merge_singles(words: list[str]) -> list[str]:
    """Characters jieba left alone, side by side, are a word it does not know (小红书 before it learns it:
    小 / 红 / 书): one phrase, not three characters each with its own meanings."""
    merged: list[str] = []
    single = False
    for word in words:
        alone = len(word) == 1 and word not in ZH_STOP
        if alone and single:
            merged[-1] += word
        else:
            merged.append(word)
        single = alone
    return merged


def parse_query(text: str, lexicon: Lexicon | None = None, *, understand: bool = True) -> Query:
    """A member's query as concepts with alternatives. `understand=False` is the plain full-text baseline:
    the same words and characters, no pinyin, spelling or cross-language alternatives."""
    lexicon = lexicon or NoLexicon()
    raw = text[: MAX_QUERY_CHARS * 2]
    folded = normalize(pinyin_v(raw) if understand else raw)[:MAX_QUERY_CHARS]
    query = Query(text=folded)
    if understand and hasattr(lexicon, "prefetch"):
        _prefetch(folded, lexicon)
    tokens = _tokens(folded, lexicon if understand else None)
    meaningful = [t for t in tokens if not (t[0] == "han" and t[1] in ZH_STOP) and not (
        t[0] == "word" and t[1] in EN_STOP)]
    tokens = meaningful or tokens  # a query of only stop words still searches for them
    i = 0
    corrections: dict[str, str] = {}
    while i < len(tokens) and len(query.concepts) < MAX_CONCEPTS:
        if understand:
            span = _pinyin_span(tokens, i, lexicon)
            if span:
                j, words = span
                query.concepts.append(_pinyin_concept(tokens[i:j], words))
                i = j
                continue
        kind, token = tokens[i]
        if understand and kind == "word" and i + 1 < len(tokens) and tokens[i + 1][0] == "word":
            pair = _pair_concept(token, tokens[i + 1][1], lexicon)  # hot pot, study tips: one concept
            if pair is not None:
                query.concepts.append(pair)
                i += 2
                continue
        if kind == "typo":
            concept = Concept(token)
            concept.add("chars", list(token), CHARS)
            pinyin = reading(token)[0]
            for other in lexicon.by_pinyin(pinyin)[:2]:
                if other != token:
                    concept.add("words", [other], SPELLING)
                    corrections.setdefault(token, other)
            if lexicon.known([pinyin]):
                concept.add("words", [pinyin], CROSS)
        elif kind == "han":
            concept = _han_concept(token, lexicon, understand, corrections)
        elif kind == "emoji":
            concept = Concept(token)
            concept.add("words", [emoji_term(token)], EXACT)
        else:
            concept = _word_concept(token, lexicon, understand, corrections)
        if concept.alternatives:
            query.concepts.append(concept)
        i += 1
    if corrections:
        query.corrected = " ".join(corrections.get(c.text, c.text) for c in query.concepts)
    return query


def _base_word(text: str) -> bool:
    """A word of jieba's own dictionary (not one Redleaf taught it)."""
    from redleaf.search import dictionary

    return _a_word(text) and text not in dictionary.applied()


def _a_word(text: str) -> bool:
    """Is this a word jieba's dictionary knows (so not a typo, even when no note uses it yet)?"""
    return _jieba().FREQ.get(text, 0) > 0


def _han_concept(word: str, lexicon: Lexicon, understand: bool, corrections: dict[str, str]) -> Concept:
    concept = Concept(word)
    if len(word) > 1:
        concept.add("words", [word], EXACT)
    if len(word) == 1 or not _base_word(word):
        # Its characters as a phrase: a character inside longer words (猫 in 橘猫), and a word jieba did
        # not always know (a learnt one: notes indexed before cut it otherwise). A word of jieba's own
        # dictionary is cut the same way in every note, so the word alone finds it, and its characters
        # as a phrase would make the index re-read every note holding both characters (火 … 锅).
        concept.add("chars", list(word), CHARS, 1.0 if len(word) == 1 else None)
    if not understand:
        return concept
    if len(word) > 1 and not _a_word(word) and not lexicon.known([word]):
        pinyin, _initials = reading(word)  # a homophone typo: 小龙包 is read as 小笼包 is
        for other in lexicon.by_pinyin(pinyin)[:2]:
            if other != word:
                concept.add("words", [other], SPELLING)
                corrections.setdefault(word, other)
    if len(word) > 1:
        loan = reading(word)[0]  # xiaolongbao, as English notes write 小笼包
        if loan and lexicon.known([loan]):
            concept.add("words", [loan], CROSS)
    for phrase in english_for(word):
        concept.add("words", phrase, CROSS)
        if len(phrase) == 1:
            for split in _compound_splits(phrase[0], lexicon):  # hotpot is also written hot pot
                concept.add("words", split, CROSS)
    return concept


def _compound_splits(word: str, lexicon: Lexicon) -> list[tuple[str, str]]:
    if not (word.isascii() and word.isalpha() and 6 <= len(word) <= 20):
        return []
    pairs = [(word[:i], word[i:]) for i in range(3, len(word) - 2)]
    stems = {p: (_latin_term(p[0]) or p[0], _latin_term(p[1]) or p[1]) for p in pairs}
    known = lexicon.known({t for pair in stems.values() for t in pair})
    return [stems[p] for p in pairs if stems[p][0] in known and stems[p][1] in known][:1]


def _word_concept(word: str, lexicon: Lexicon, understand: bool, corrections: dict[str, str]) -> Concept:
    concept = Concept(word)
    term = _latin_term(word) or word
    concept.add("words", [term], EXACT)
    if not understand or not word.isascii() or not word.isalpha():
        return concept
    if len(word) > 3 and not lexicon.known([term]):
        for fixed in spelling_candidates(word, lexicon)[:1]:
            concept.add("words", [_latin_term(fixed) or fixed], SPELLING)
            corrections.setdefault(word, fixed)
    _add_chinese(concept, chinese_for(word), lexicon, word)
    return concept


def _first_meaning(char: str, english: str) -> bool:
    from redleaf.language.glossary import senses

    found = senses(char)
    key = english.lower()
    return bool(found) and any(_clean_definition(d) in (key, _singular(key)) for d in found[0].definitions[:2])


def _add_chinese(concept: Concept, candidates: tuple[str, ...], lexicon: Lexicon, english: str = "") -> None:
    """Chinese equivalents worth searching: words the index holds, and a single character when this is
    what it first means (猫 for cat, 茶 for tea; not 团 for "dumpling": 团 is first of all a group)."""
    words = [w for w in candidates if len(w) > 1]
    known = lexicon.known(words) if words else set()
    for word in words:
        if word in known:
            concept.add("words", [word], CROSS)
            concept.add("chars", list(word), CROSS, 0.45)
    for char in (c for c in candidates if len(c) == 1):
        if english and _first_meaning(char, english):
            concept.add("chars", [char], CROSS, 0.45)


def _pair_concept(first: str, second: str, lexicon: Lexicon) -> Concept | None:
    """Two English words that are one thing: a CC-CEDICT entry (hot pot → 火锅), or a word the notes write
    joined (study tips → #studytips)."""
    if not (first.isascii() and second.isascii() and first.isalpha() and second.isalpha()):
        return None
    zh = chinese_for(f"{first} {second}") + chinese_for(first + second)
    joined = _latin_term(first + second) or first + second
    if not zh and not lexicon.known([joined]):
        return None
    concept = Concept(f"{first} {second}")
    concept.add("words", [_latin_term(first) or first, _latin_term(second) or second], EXACT)
    concept.add("words", [joined], EXACT, 0.9)
    _add_chinese(concept, tuple(dict.fromkeys(zh)), lexicon, f"{first} {second}")
    return concept


def _pinyin_span(tokens: list[tuple[str, str]], i: int, lexicon: Lexicon) -> tuple[int, list[str]] | None:
    """The longest run of pinyin tokens from i (at most 4 words: "xiao long bao") that reads as a
    Chinese word in the vocabulary, with those words."""
    j = i
    while j < len(tokens) and j - i < 4 and tokens[j][0] == "word" and pinyin_syllables(tokens[j][1]):
        j += 1
    for end in range(j, i, -1):
        joined = "".join(t for _k, t in tokens[i:end])
        if len(joined) < 2:
            continue
        words = lexicon.by_pinyin(joined)
        if words or (end - i > 1 and lexicon.known([joined])):  # xiao long bao, as English writes it
            return end, words[:3]
    return None


def _pinyin_concept(tokens: list[tuple[str, str]], words: list[str]) -> Concept:
    typed = " ".join(t for _k, t in tokens)
    concept = Concept(typed)
    concept.add("words", [_latin_term(t) or t for _k, t in tokens], EXACT)  # it may be English after all
    if len(tokens) > 1:
        concept.add("words", ["".join(t for _k, t in tokens)], EXACT)  # or the word joined (xiaolongbao)
    for rank, word in enumerate(words):
        weight = WEIGHTS[PINYIN] - 0.05 * rank
        concept.add("words", [word], PINYIN, weight)
        concept.add("chars", list(word), PINYIN, weight - 0.05)
    return concept


# --- cross-language (CC-CEDICT, through language/glossary.py) ---------------------------------------------
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


_LEADING = re.compile(r"^(?:to be |to |an? |the )")


def _clean_definition(definition: str) -> str:
    clean = " ".join(_PARENS.sub(" ", definition).lower().replace("-", " ").split()).strip(" .,;:!?'\"")
    return _LEADING.sub("", clean)


@lru_cache(maxsize=4096)
def chinese_for(word: str) -> tuple[str, ...]:
    """Chinese words whose CC-CEDICT meaning is exactly this English word: cat → 猫, 喵星人."""
    from redleaf.language.glossary import equivalents

    key = word.lower()
    found = []
    for sense in equivalents(key):
        if any(_clean_definition(d) in (key, _singular(key)) for d in sense.definitions[:3]):  # the meaning exactly
            found.append(sense.simplified)
    return tuple(found[:4])


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def english_for(word: str) -> tuple[tuple[str, ...], ...]:
    """English index terms for a Chinese word, from its first CC-CEDICT meanings (at most three words
    each): 火锅 → (hotpot,); 猫 → (cat,). Each is a tuple of terms, all of which must match."""
    from redleaf.language.glossary import senses

    found: list[tuple[str, ...]] = []
    for sense in senses(word)[:1]:
        for definition in sense.definitions[:3]:
            clean = _clean_definition(definition)
            words = clean.split()
            if not clean or len(words) > 3 or clean.startswith(("see ", "variant", "surname", "abbr")):
                continue
            terms = tuple(t for t in (_latin_term(w) for w in words) if t)
            if terms and terms not in found:
                found.append(terms)
            if len(words) == 2 and (joined := _latin_term("".join(words))):
                found.append((joined,))  # hot pot ↔ hotpot
    return tuple(found[:3])


# --- spelling -------------------------------------------------------------------------------------------------
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts)


def spelling_candidates(word: str, lexicon: Lexicon) -> list[str]:
    """Words one edit away (two for long words, by deletions) whose stem the index knows: recipies →
    recipes. The surface word is returned; the caller stems it."""
    word = word.lower()
    candidates = edits1(word)
    if len(word) >= 7:
        candidates |= {e2 for e1 in [word[:i] + word[i + 1:] for i in range(len(word))]
                       for e2 in (e1[:i] + e1[i + 1:] for i in range(len(e1)))}
    candidates.discard(word)
    by_term: dict[str, str] = {}
    for c in sorted(candidates):
        t = _latin_term(c)
        if t and len(c) > 2:
            by_term.setdefault(t, c)
    known = lexicon.known(by_term)
    # prefer the candidate whose stem is most common (the lexicon returns it in that order when it can)
    order = getattr(lexicon, "ranked", None)
    ranked = order(known) if order else sorted(known)
    return [by_term[t] for t in ranked]


# --- highlighting ---------------------------------------------------------------------------------------------
def highlight_spans(text: str, query: Query) -> list[tuple[int, int]]:
    """(start, end) ranges of the original text that matched the query: words whose index term is one of
    the query's terms, and runs of Chinese characters that are one of its phrases."""
    if not text or query.empty:
        return []
    folded, source = fold(text)
    words, phrases = query.highlight_words(), query.highlight_phrases()
    spans: list[tuple[int, int]] = []
    for m in _TOKENS.finditer(folded):
        kind, token = m.lastgroup, m.group()
        if kind == "han":
            for phrase in phrases | {w for w in words if _HAN_CHAR.match(w)}:
                start = token.find(phrase)
                while start >= 0 and phrase:
                    spans.append((m.start() + start, m.start() + start + len(phrase)))
                    start = token.find(phrase, start + len(phrase))
        elif kind == "emoji":
            if emoji_term(token) in words:
                spans.append((m.start(), m.end()))
        elif (_latin_term(token) or token) in words:
            spans.append((m.start(), m.end()))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        start, end = source[start], source[end - 1] + 1
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
