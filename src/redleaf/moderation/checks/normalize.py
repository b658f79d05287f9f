"""Text as the checks (and search, later) compare it: one form for the many ways people write a word.

fold(): NFKC (full-width ＡＢＣ and ｈｅｌｌｏ become ABC, hello), case folded, traditional Chinese to
simplified (opencc t2s: 貓 → 猫), zero-width and bidi control characters dropped.

Evasions are handled where terms are compiled (term_regex): between the letters of a term any run of
spaces, punctuation or symbols may stand ("k i l l", "f.u.c.k", "傻 逼", "傻*逼"), each letter may be
repeated ("stuuupid"), and common look-alike digits and signs stand for letters (0→o, 1→i/l, 3→e, 4→a,
5→s, 7→t, @→a, $→s). English terms match whole words only; Chinese terms match where they stand,
because Chinese is written without spaces (a term must be specific enough to mean one thing)."""

from __future__ import annotations

import re
import threading
import unicodedata

_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
     0x2066, 0x2067, 0x2068, 0x2069])
_converter = None
_lock = threading.Lock()


def _t2s():
    global _converter
    if _converter is None:
        with _lock:
            if _converter is None:
                import opencc

                _converter = opencc.OpenCC("t2s")
    return _converter


def _has_han(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE).casefold()
    if _has_han(text):
        text = _t2s().convert(text)
    return text


# Letters and the look-alikes that stand in for them.
LOOKALIKE = {"a": "a4@", "e": "e3", "i": "i1!|", "l": "l1|", "o": "o0", "s": "s5$", "t": "t7+", "b": "b8",
             "g": "g9"}
SEPARATOR = r"[\s\W_]{0,3}"  # up to three spaces or symbols between two letters of a term


def _char_class(ch: str) -> str:
    alts = LOOKALIKE.get(ch)
    if alts:
        return "[" + re.escape(alts) + "]"
    return re.escape(ch)


def is_latin_word(term: str) -> bool:
    return bool(re.search(r"[a-z0-9]", term)) and not _has_han(term)


def term_regex(term: str) -> str:
    """The regular expression (for folded text) that finds `term` and its evasions."""
    term = fold(term).strip()
    parts = []
    for word in term.split():
        letters = [(_char_class(ch) + "+") for ch in word]
        parts.append(SEPARATOR.join(letters))
    if is_latin_word(term) and parts and re.fullmatch(r"[a-z]{3,}", term.split()[-1]):
        # plurals: troll → trolls, bitch → bitches, tranny → trannies
        last = term.split()[-1]
        if last.endswith("y"):
            parts[-1] = SEPARATOR.join(_char_class(ch) + "+" for ch in last[:-1]) + "(?:y+|ies)"
        elif re.search(r"(?:s|x|z|ch|sh)$", last):
            parts[-1] += "(?:es)?"
        else:  # only -s: "spic" must not find "spices"
            parts[-1] += "s?"
    body = r"[\s\W_]+".join(parts)
    if is_latin_word(term):
        return rf"(?<![a-z0-9]){body}(?![a-z0-9])"
    return body


_SPLIT = re.compile(r"[\s\W_]+")
# The prefilter form: no separators, look-alikes to one letter, runs of a letter to one. Every text a
# term's regular expression matches contains the term's prefilter form in its own (a fast substring
# test picks the few terms worth running their expression).
_CANON = str.maketrans({"4": "a", "@": "a", "3": "e", "1": "i", "!": "i", "|": "i", "l": "i", "0": "o",
                        "5": "s", "$": "s", "7": "t", "+": "t", "8": "b", "9": "g"})
_SEPARATORS = re.compile(r"[^\w@$!|+]+|_")
_RUNS = re.compile(r"(.)\1+")


def prefilter_form(folded: str) -> str:
    return _RUNS.sub(r"\1", _SEPARATORS.sub("", folded).translate(_CANON))


def tokens(text: str) -> list[str]:
    """Words of folded text: Chinese segmented with jieba, other text split at spaces and punctuation."""
    text = fold(text)
    if not _has_han(text):
        return [t for t in _SPLIT.split(text) if t]
    import jieba

    jieba.setLogLevel(60)
    return [t for t in (w.strip() for w in jieba.lcut(text)) if t and not _SPLIT.fullmatch(t)]


def squash(text: str) -> str:
    """Folded text without spaces and punctuation: the same words written differently compare equal."""
    return _SPLIT.sub("", fold(text))
