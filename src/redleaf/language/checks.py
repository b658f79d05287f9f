"""Is what an engine gave back a translation we can show? Every engine's answer is cleaned and checked
here before it is cached or shown; one that fails is rejected (the member keeps the original and a clear
message) and never cached.

- clean: control characters, bidi overrides and NULs are removed (a NUL cannot even be stored in PostgreSQL);
- not empty, in the target language (detect's runs), of a plausible length for the source (in words: a
  Han character weighs 2/3 of a word, as in detect);
- for LLM engines also: none of our prompt in it (a marker hidden in the prompt, or five of its words in a
  row), and the source's meaning in it — an answer to an instruction hidden in the text, instead of its
  translation, shares few words with the dictionary's meanings of the source (CC-CEDICT, both ways)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from redleaf.language.detect import HAN, LATIN, detect
from redleaf.language.engines.base import OutputRejected

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LATIN_WORD = re.compile(rf"[{LATIN}0-9]+(?:['’][{LATIN}]+)*")
_HAN_CHAR = re.compile(f"[{HAN}]")
_WORD = re.compile(r"[a-z]+")
MAX_RATIO, SLACK_ABOVE = 3.0, 5.0
MIN_RATIO, SLACK_BELOW = 1 / 3, 2.0
ANCHOR_MIN_WORDS = 3  # fewer checkable words than this: the meaning check says nothing
ANCHOR_LONG, ANCHOR_MIN_SHARE = 6, 0.15  # a longer text needs more than one word in six to carry over
_QUESTION = re.compile(r"[?？]")
SHINGLE = 5
# Chinese words whose dictionary meanings are grammar, not meaning ("possessive particle").
_ZH_GRAMMAR = frozenset("的 了 着 过 吗 呢 吧 啊 呀 哦 嘛 地 得 之 所 把 被 是 在 和 与 及 也 就 都 而 很 太 就是 一个 这个 那个".split())
_EN_STOP = frozenset("the and for with that this from are was were have has had you your our their his her its "
                     "not but all any can will would could should into onto about than then them they there here "
                     "what which who whom whose when where why how one also very just some such i me my we us "
                     "it he she him yes no so too do does did".split())


def rejected(detail: str) -> OutputRejected:
    return OutputRejected(_("The translation service answered with something that is not a translation."),
                          detail=detail)


def clean(text: str) -> str:
    return _CONTROL.sub("", text or "").strip()


def weight(text: str) -> float:
    """Roughly how many words: Latin words and numbers count one, Han characters two thirds."""
    return len(_LATIN_WORD.findall(text)) + len(_HAN_CHAR.findall(text)) * 2 / 3


def _name_like(word: str) -> bool:
    return word[:1].isupper() or any(ch.isdigit() or ch.isupper() for ch in word)


def copied(source_text: str, output: str) -> set[str]:
    """The names and numbers of the output that stand as written in the source: brand and model names
    ("iPhone 15 Pro Max"), numbers. Any translation may copy them. (Ordinary words copied are not
    counted out: an English text given back untranslated is not Chinese.)"""
    source = {word for word in _LATIN_WORD.findall(source_text or "") if _name_like(word)}
    return {word for word in _LATIN_WORD.findall(output or "") if word in source}


def without_copied(source_text: str, output: str) -> str:
    """The output without the words it copied from the source (see copied())."""
    kept = copied(source_text, output)
    if not kept:
        return output
    return _LATIN_WORD.sub(lambda m: " " if m.group() in kept else m.group(), output)


def check_translation(source_text: str, output: str, *, target: str) -> str:
    """The cleaned output, or OutputRejected: empty, wrong language, implausible length. The language is
    that of what the output says besides the words it copied from the source: "刚入手了 iPhone 15 Pro Max"
    is Chinese."""
    out = clean(output)
    if not out:
        raise rejected("empty output")
    own = without_copied(source_text, out)
    found = detect(own)
    if found.languages and found.primary != target or not found.languages and detect(source_text).languages:
        raise rejected(f"output in {found.languages}, wanted {target}")
    w_in, w_out = weight(source_text), weight(out)
    if w_out > MAX_RATIO * w_in + SLACK_ABOVE or w_out < MIN_RATIO * w_in - SLACK_BELOW:
        raise rejected(f"implausible length: {w_in:.1f} words in, {w_out:.1f} out")
    return out


def check_no_leak(source_text: str, output: str, *, prompt: str, marker: str) -> None:
    if marker and marker.lower() in output.lower():
        raise rejected("the prompt's marker is in the output")
    words = _WORD.findall(prompt.lower())
    said = " ".join(_WORD.findall(output.lower()))
    source = " ".join(_WORD.findall(source_text.lower()))
    for i in range(len(words) - SHINGLE + 1):
        shingle = " ".join(words[i:i + SHINGLE])
        if shingle in said and shingle not in source:
            raise rejected(f"the prompt is in the output: {shingle!r}")


def _stem(word: str) -> str:
    for ending, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: len(word) - len(ending)] + replacement
    return word


def _content_words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text.lower()) if len(w) >= 3 and w not in _EN_STOP}


def _sound(definitions: list[str]) -> bool:
    """哈哈, 啊, 嗯: a sound or an interjection has no meaning to find ("hahaha" is its translation)."""
    return bool(definitions) and definitions[0].lower().startswith(("(onom.)", "(interj.)", "interjection", "(laughter"))


def meaning_share(source_text: str, output: str, *, source: str, target: str) -> tuple[int, int]:
    """(checked, anchored): how many of the source's words the dictionary can speak for, and how many of
    those have a dictionary meaning in the output."""
    from redleaf.language import glossary

    checked = anchored = 0
    if source == "zh" and target == "en":
        said = _content_words(output)
        for token in glossary.gloss(source_text):
            if token.lang != "zh" or token.text in _ZH_GRAMMAR or token.by_parts or _sound(token.definitions):
                continue
            meaning = set().union(*(_content_words(d) for d in token.definitions[:6])) if token.definitions else set()
            if meaning:
                checked += 1
                anchored += bool(meaning & said)
    elif source == "en" and target == "zh":
        kept = copied(source_text, output)  # a name written as it was is carried over, not translated
        for token in glossary.gloss(source_text):
            if token.lang != "en" or token.text.lower() in _EN_STOP or not token.equivalents or token.text in kept:
                continue
            found = list(token.equivalents)
            for form in glossary._inflections(token.text.lower()):  # "tried": 验方 as written, 试 as "try"
                found += glossary.equivalents(form)
            checked += 1
            anchored += any(sense.simplified in output or sense.traditional in output for sense in found)
    return checked, anchored


def check_meaning(source_text: str, output: str, *, source: str, target: str) -> None:
    """Reject an answer given instead of a translation: none of the source's dictionary meanings in it (of
    three or more words the dictionary knows), or almost none of a longer text's; or a question that
    came back as something else ("What is the capital of France?" → 巴黎). Short slang (笑死, 绝了) says
    too little to judge and passes."""
    checked, anchored = meaning_share(source_text, output, source=source, target=target)
    if checked >= ANCHOR_MIN_WORDS and anchored == 0 or checked >= ANCHOR_LONG and anchored < ANCHOR_MIN_SHARE * checked:
        raise rejected(f"not a translation of the source: {anchored} of {checked} words' meanings found")
    if _QUESTION.search(source_text) and not _QUESTION.search(output):
        raise rejected("not a translation of the source: a question came back as an answer")
