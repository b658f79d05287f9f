"""Mixed text, cut for translation. detect() gives runs of one language each; a light run (two words
or fewer — a loanword, a brand, "OMG") joins its neighbour, because "这个 latte 太好喝了" is one Chinese
sentence that an engine translates whole (keeping "latte"), while "今天做了 dumplings for my friends，第一次
包饺子好难但是好吃" is two languages that each stay themselves. Runs of no served language (emoji, Japanese when it
is not served) are kept as written.

A light first run has only one neighbour, the next: it joins the next run and takes its language unless
it is the heavier of the two ("wow 太美了" is Chinese with an English interjection, "OMG 好" stays English
with a Chinese word). Model names and numbers weigh nothing when deciding what is light ("iPhone 15 Pro
Max" is two words, Pro and Max): they are copied as written by any translation, in any language."""

from __future__ import annotations

import re
from dataclasses import dataclass

from redleaf.language.checks import weight
from redleaf.language.detect import LATIN, detect


@dataclass
class Segment:
    text: str
    lang: str | None


LIGHT = 2.0  # words: "OMG", "latte", "Apple Watch", 臭豆腐; four Han characters (今天做了) are a clause
# A token a translation copies as written: a number (15, 2024), a model name with digits (PS5, A17) or a
# capital inside it (iPhone, MacBook, OMG).
_NAME = re.compile(rf"(?<![{LATIN}0-9])(?:[0-9]+(?:[.,][0-9]+)*[{LATIN}]*|[{LATIN}]*[0-9][{LATIN}0-9]*"
                   rf"|[{LATIN}]+[A-Z][{LATIN}]*)(?![{LATIN}0-9])")


def run_weight(text: str) -> float:
    """weight() without the tokens a translation copies as written (numbers, model names)."""
    return weight(_NAME.sub(" ", text))


def _light(segment: Segment) -> bool:
    return segment.lang is not None and run_weight(segment.text) <= LIGHT


def segments(text: str) -> list[Segment]:
    runs = [Segment(text[run.start:run.end], run.lang) for run in detect(text).runs]
    out: list[Segment] = []
    for segment in runs:
        last = out[-1] if out else None
        if last is None or last.lang is None or segment.lang is None:
            out.append(segment)
        elif segment.lang == last.lang:
            out[-1] = Segment(last.text + segment.text, last.lang)
        elif len(out) == 1 and _light(last) and (
                not _light(segment) or run_weight(last.text) < run_weight(segment.text)):
            out[0] = Segment(last.text + segment.text, segment.lang)  # a light first run joins the next
        elif _light(segment):
            out[-1] = Segment(last.text + segment.text, last.lang)
        else:
            out.append(segment)
    merged: list[Segment] = []
    for segment in out:  # a light run's absorption can leave two neighbours of one language
        if merged and merged[-1].lang == segment.lang:
            merged[-1] = Segment(merged[-1].text + segment.text, segment.lang)
        else:
            merged.append(segment)
    return merged
