"""The tone of a comment, for the conversation signals that lift kind threads: vaderSentiment for
English, snownlp for Chinese (core/sentiment.py, shared with review's tone check). Both ship their
models inside their packages. Slow-ish (snownlp ~1 ms), so only the worker calls this, and the same
words are judged once per process."""

from __future__ import annotations

import functools
import re

from redleaf.core import sentiment
from redleaf.discovery import weights as W

POSITIVE, NEUTRAL, HOSTILE = 1, 0, -1
MAX_CHARS = 300
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2}")


@functools.lru_cache(maxsize=20000)
def tone(text: str) -> int:
    """POSITIVE, NEUTRAL or HOSTILE. Chinese when the text has Han characters, else English."""
    sample = (text or "")[:MAX_CHARS]
    if _HAN.search(sample):
        positive = sentiment.chinese_positive(sample)
        if positive is None:
            return NEUTRAL
        if positive >= W.SNOWNLP_POSITIVE:
            return POSITIVE
        return HOSTILE if positive <= W.SNOWNLP_HOSTILE else NEUTRAL
    if not _LATIN.search(sample):
        return NEUTRAL  # emoji, numbers: no words to judge
    compound = sentiment.english_compound(sample)
    if compound >= W.VADER_POSITIVE:
        return POSITIVE
    return HOSTILE if compound <= W.VADER_HOSTILE else NEUTRAL
