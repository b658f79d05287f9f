"""Mixed text, cut for translation. detect() gives runs of one language each; a light run (two words
or fewer — a loanword, a brand, "OMG") joins its neighbour, because "这个 latte 太好喝了" is one Chinese
sentence that an engine translates whole (keeping "latte"), while "今天做了 dumplings for my friends，第一次
包饺子好难" is two languages that each stay themselves. Runs of no served language (emoji, Japanese when it
is not served) are kept as written."""

from __future__ import annotations

from dataclasses import dataclass

from redleaf.language.checks import weight
from redleaf.language.detect import detect


@dataclass
class Segment:
    text: str
    lang: str | None


LIGHT = 2.0  # words: "OMG", "latte", "Apple Watch", 臭豆腐; four Han characters (今天做了) are a clause


def _light(segment: Segment) -> bool:
    return segment.lang is not None and weight(segment.text) <= LIGHT


def segments(text: str) -> list[Segment]:
    runs = [Segment(text[run.start:run.end], run.lang) for run in detect(text).runs]
    out: list[Segment] = []
    for segment in runs:
        if out and out[-1].lang is not None and segment.lang is not None and (
                segment.lang == out[-1].lang or _light(segment)):
            out[-1] = Segment(out[-1].text + segment.text, out[-1].lang)
        elif out and len(out) == 1 and _light(out[0]) and segment.lang is not None:
            out[0] = Segment(out[0].text + segment.text, segment.lang)  # a light first run joins the next
        else:
            out.append(segment)
    merged: list[Segment] = []
    for segment in out:  # a light run's absorption can leave two neighbours of one language
        if merged and merged[-1].lang == segment.lang:
            merged[-1] = Segment(merged[-1].text + segment.text, segment.lang)
        else:
            merged.append(segment)
    return merged
