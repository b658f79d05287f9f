"""The vocabulary as query understanding asks it (analysis.Lexicon), from the Term table: Chinese words by
their pinyin reading, and which terms the index knows (for spelling), commonest first. One Lexicon per
query: it remembers what it was asked.

What was asked is also kept for every query of this process for CACHE_SECONDS (the same words are
searched again and again, and a vocabulary look-up is a round trip each): document frequencies only
guide understanding and so may be a minute old; this process forgets them at once when it changes the
vocabulary itself (forget(), called by services.py), the others within the minute."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from redleaf.search.models import Term

CACHE_SECONDS = 60.0
CACHE_SIZE = 50_000

_lock = threading.Lock()
_shared_df: dict[str, int] = {}
_shared_pinyin: dict[str, list[str]] = {}
_since = 0.0


def forget() -> None:
    """Drop what this process remembers of the vocabulary (it changed, or a test's database did)."""
    global _since
    with _lock:
        _shared_df.clear()
        _shared_pinyin.clear()
        _since = time.monotonic()


def _shared() -> tuple[dict[str, int], dict[str, list[str]]]:
    if time.monotonic() - _since > CACHE_SECONDS or len(_shared_df) + len(_shared_pinyin) > CACHE_SIZE:
        forget()
    return _shared_df, _shared_pinyin


class DatabaseLexicon:
    def __init__(self) -> None:
        self._df, self._pinyin = _shared()

    def prefetch(self, terms: Iterable[str], pinyins: Iterable[str]) -> None:
        """Look up, in two queries, what understanding this query will ask (the rest is asked as it comes)."""
        self._load(t for t in dict.fromkeys(terms) if t)
        wanted = [p for p in dict.fromkeys(pinyins) if p and len(p) <= 80 and p not in self._pinyin]
        if wanted:
            found: dict[str, list[tuple[int, str]]] = {p: [] for p in wanted}
            for term, pinyin, df in Term.objects.filter(pinyin__in=wanted, df__gt=0).values_list("term", "pinyin", "df"):
                found[pinyin].append((-df, term))
            for pinyin, rows in found.items():
                self._pinyin[pinyin] = [term for _df, term in sorted(rows)[:5]]

    def by_pinyin(self, pinyin: str) -> list[str]:
        if not pinyin or len(pinyin) > 80:
            return []
        if pinyin not in self._pinyin:
            rows = Term.objects.filter(pinyin=pinyin, df__gt=0).order_by("-df", "term").values_list("term", "df")[:5]
            self._pinyin[pinyin] = [term for term, _df in rows]
        return self._pinyin[pinyin]

    def _load(self, terms: Iterable[str]) -> None:
        missing = [t for t in terms if t not in self._df and len(t) <= 40]
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            found = dict(Term.objects.filter(term__in=chunk).values_list("term", "df"))
            for t in chunk:
                self._df[t] = found.get(t, 0)

    def df(self, term: str) -> int:
        """How many notes use this term, if it was asked already (0 otherwise: no query is made here)."""
        return self._df.get(term, 0)

    def known(self, terms: Iterable[str]) -> set[str]:
        terms = list(terms)
        self._load(terms)
        return {t for t in terms if self._df.get(t, 0) > 0}

    def ranked(self, terms: Iterable[str]) -> list[str]:
        terms = list(terms)
        self._load(terms)
        return sorted(terms, key=lambda t: (-self._df.get(t, 0), t))
