"""The tone of a comment, for the conversation signals that lift kind threads: vaderSentiment for
English, snownlp (over jieba's words, as review's tone check does) for Chinese. Both ship their
models inside their packages. Slow-ish (snownlp ~1 ms), so only the worker calls this, and the same
words are judged once per process."""

from __future__ import annotations

import functools
import re
import threading

from redleaf.discovery import weights as W

POSITIVE, NEUTRAL, HOSTILE = 1, 0, -1
MAX_CHARS = 300
_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]{2}")
_lock = threading.Lock()
_vader = None


def _vader_scores(text: str) -> float:
    global _vader
    if _vader is None:
        with _lock:
            if _vader is None:
                from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

                _vader = SentimentIntensityAnalyzer()
    return _vader.polarity_scores(text)["compound"]


def _snownlp_positive(text: str) -> float | None:
    import jieba
    from snownlp import normal, sentiment

    jieba.setLogLevel(60)
    words = normal.filter_stop([w for w in jieba.lcut(text) if w.strip()])
    if not words:
        return None
    label, prob = sentiment.classifier.classifier.classify(words)
    return prob if label == "pos" else 1 - prob


@functools.lru_cache(maxsize=20000)
def tone(text: str) -> int:
    """POSITIVE, NEUTRAL or HOSTILE. Chinese when the text has Han characters, else English."""
    sample = (text or "")[:MAX_CHARS]
    if _HAN.search(sample):
        positive = _snownlp_positive(sample)
        if positive is None:
            return NEUTRAL
        if positive >= W.SNOWNLP_POSITIVE:
            return POSITIVE
        return HOSTILE if positive <= W.SNOWNLP_HOSTILE else NEUTRAL
    if not _LATIN.search(sample):
        return NEUTRAL  # emoji, numbers: no words to judge
    compound = _vader_scores(sample)
    if compound >= W.VADER_POSITIVE:
        return POSITIVE
    return HOSTILE if compound <= W.VADER_HOSTILE else NEUTRAL
