"""`glossary`, the embedded default: no translation at all, but CC-CEDICT's meaning of each word, with its
pinyin, in the reader's language. Shown as "Glossary · word by word", never as a translation: it cannot
order words or choose between meanings, and members should know that. Works offline, costs nothing, so
it is neither metered nor cached (a gloss of a note takes a few milliseconds)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from redleaf.language import glossary
from redleaf.language.engines.base import Engine

VERSION = "1"
_PUNCT = {"，": ", ", "。": ". ", "！": "! ", "？": "? ", "、": ", ", "：": ": ", "；": "; ", "（": " (", "）": ") ",
          "“": ' "', "”": '" ', "‘": " '", "’": "' ", "《": " «", "》": "» ", "…": "…", "～": "~"}
_PARENS = re.compile(r"\s*\([^)]*\)|\s*\[[^\]]*\]")
_PREFIX = re.compile(r"^\S+: ")
_SPACE_BEFORE = re.compile(r"\s+([,.!?;:)»…])")


@dataclass
class GlossWord:
    text: str  # as written
    lang: str | None
    pinyin: str = ""  # Chinese words
    meaning: str = ""  # the first meaning in the reader's language ("" when the dictionary has none)
    meanings: tuple[str, ...] = ()


def short_meaning(definition: str) -> str:
    """CC-CEDICT's first meaning, short enough to sit under a word: "to eat (food)" → "to eat"."""
    text = _PREFIX.sub("", definition)  # "一: one", a part's meaning when the word is read by its parts
    text = _PARENS.sub("", text).strip()  # "(completed action marker)": grammar, no meaning for a row
    return re.split(r";|, ", text, maxsplit=1)[0].strip()


def gloss_words(text: str, target: str) -> list[GlossWord]:
    """The text word by word, each with what a reader of `target` needs."""
    words = []
    for token in glossary.gloss(text):
        if token.lang == "zh" and target != "zh" and token.by_parts:
            # Not in the dictionary as one word: each part's meaning, in order, none dropped (好难 → "good
            # difficult"); a character the dictionary lacks stands as written.
            parts = glossary.part_meanings(token)
            meaning = " ".join(short_meaning(d) or part for part, d in parts)
            words.append(GlossWord(token.text, "zh", token.pinyin or "", meaning,
                                   tuple(f"{part}: {d}" if d else part for part, d in parts)))
        elif token.lang == "zh" and target != "zh":
            meanings = tuple(token.definitions[:3])
            words.append(GlossWord(token.text, "zh", token.pinyin or "", short_meaning(meanings[0]) if meanings else "",
                                   meanings))
        elif token.lang == "en" and target == "zh":
            found = tuple(sense.simplified for sense in token.equivalents[:3])
            pinyin = token.equivalents[0].pinyin if token.equivalents else ""
            words.append(GlossWord(token.text, "en", pinyin, found[0] if found else "", found))
        else:
            words.append(GlossWord(token.text, token.lang))
    return words


def gloss_line(words: list[GlossWord], target: str) -> str:
    """The glosses in a row: "xiaolongbao really tasty!" for 小笼包真好吃！ (a glossary, not a sentence)."""
    out: list[str] = []
    for word in words:
        if word.meaning:
            out.append(word.meaning if target == "zh" else f" {word.meaning} ")
        elif word.lang is None and target != "zh":
            out.append("".join(_PUNCT.get(ch, ch) for ch in word.text))
        else:
            out.append(word.text)
    line = "".join(out)
    return _SPACE_BEFORE.sub(r"\1", " ".join(line.split())) if target != "zh" else line.strip()


class GlossaryEngine(Engine):
    name = "glossary"
    label = "CC-CEDICT"
    is_glossary = True
    metered = False
    cached = False

    def version(self, source: str, target: str) -> str:
        return f"{VERSION}:{glossary.dictionary_date()}"

    def supports(self, source: str, target: str) -> bool:
        return {source, target} == {"zh", "en"}

    def translate(self, text: str, *, source: str, target: str) -> str:
        return gloss_line(gloss_words(text, target), target)
