"""jieba with the words Redleaf has learnt: topic names and hot search terms (the LearnedWord table),
so 小红书 or 多巴胺穿搭 stay one word. Every process applies the table to jieba's default instance (shared
with the moderation checks and the glossary, which cut better for it, and so that jieba's 50 MB
dictionary is loaded once per process), at first use and again at most every SYNC_SECONDS.

A note indexed before a word was learnt is still found by it: every Chinese query word also matches as
a phrase over the note's characters (analysis.py)."""

from __future__ import annotations

import threading
import time

SYNC_SECONDS = 30.0
MAX_WORD = 12

_lock = threading.RLock()
_applied: set[str] = set()
_synced_at = 0.0
_generation = 0  # bumped whenever jieba learns a word: what was cut before may be cut otherwise now


def _base():
    import jieba

    if not jieba.dt.initialized:
        with _lock:
            if not jieba.dt.initialized:
                jieba.setLogLevel(60)
                jieba.initialize()
    return jieba.dt


def tokenizer():
    dt = _base()
    if _synced_at != float("inf") and time.monotonic() - _synced_at > SYNC_SECONDS:
        sync()
    return dt


def apply(words) -> None:
    """Teach this process's jieba these words."""
    global _generation
    dt = _base()
    with _lock:
        for word in words:
            if word and word not in _applied and 1 < len(word) <= MAX_WORD:
                dt.add_word(word)  # with a frequency high enough that jieba keeps it whole
                _applied.add(word)
                _generation += 1


def generation() -> int:
    return _generation


def applied() -> set[str]:
    return _applied


def sync() -> None:
    """Apply the learnt words this process does not have yet (a cheap query when there are none)."""
    global _synced_at
    _synced_at = time.monotonic()
    try:
        from redleaf.search.models import LearnedWord

        words = list(LearnedWord.objects.values_list("word", flat=True)[:50_000])
    except Exception:  # no database (a bare analysis run) or no table yet (before migrate)
        return
    apply(w for w in words if w not in _applied)


def freeze() -> None:
    """In a process that must not touch the database (reindex's analysis workers): no more syncing."""
    global _synced_at
    _synced_at = float("inf")


def reset_for_tests() -> None:
    global _synced_at
    _synced_at = 0.0
