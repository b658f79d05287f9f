"""The tone of a short text, for review's weak tone signal (moderation/checks/text.py) and explore's
conversation signals (discovery/tone.py): vaderSentiment for English, snownlp for Chinese. Both ship their
models inside their packages; each is loaded once per process, on first use."""

from __future__ import annotations

import threading

_lock = threading.Lock()
_vader = None


def english_compound(text: str) -> float:
    """vaderSentiment's compound score, -1 (hostile) .. 1 (warm)."""
    global _vader
    if _vader is None:
        with _lock:
            if _vader is None:
                from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

                _vader = SentimentIntensityAnalyzer()
    return _vader.polarity_scores(text)["compound"]


def chinese_positive(text: str) -> float | None:
    """snownlp's probability that the text is positive, over jieba's words (its own segmenter is ten
    times slower and gives nearly the same words); None when no word is left."""
    import jieba
    from snownlp import normal, sentiment

    jieba.setLogLevel(60)
    words = normal.filter_stop([w for w in jieba.lcut(text) if w.strip()])
    if not words:
        return None
    label, prob = sentiment.classifier.classifier.classify(words)
    return prob if label == "pos" else 1 - prob
