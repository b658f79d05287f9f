"""A page that is not ten copies of one thing: greedy re-ranking where every further note of an
author or a topic already on the page costs REPEAT_AUTHOR / REPEAT_TOPIC, under hard caps per author
and per topic (weights.page_caps), with a place kept for a new creator's note (exploration).

Penalties only ever lower a score, so the greedy pick is lazy: candidates wait in a heap under the
score they had when last looked at; the best is re-scored against the page so far and taken if it is
still the best, else put back. A page costs a few dozen re-scorings, not size × candidates."""

from __future__ import annotations

import heapq

from redleaf.discovery import weights as W
from redleaf.discovery.pipeline.context import Candidate

WINDOW = 4  # how far down the list a page looks for its next note, in pages


def pick(ranked: list[Candidate], size: int, *, already: list[Candidate] = (), fill: bool = True) -> list[Candidate]:
    """The next notes of a page of `size` that already holds `already` (picked from an earlier round of
    candidates: they count against the caps). `fill`: when the caps leave the page short, fill it from
    `ranked` regardless (the last round: better a full page than an early end)."""
    per_author, per_topic = W.page_caps(size)
    pool = ranked[: size * WINDOW]
    authors: dict[int, int] = {}
    topics: dict[int, int] = {}
    for c in already:
        authors[c.author_id] = authors.get(c.author_id, 0) + 1
        for t in c.topics:
            topics[t] = topics.get(t, 0) + 1
    page: list[Candidate] = []
    taken: set[int] = set()
    size -= len(already)

    def adjusted(c: Candidate) -> float | None:
        """The score on this page, or None if a cap rules it out."""
        seen = authors.get(c.author_id, 0)
        if seen >= per_author:
            return None
        repeats = seen * W.REPEAT_AUTHOR
        for t in c.topics:
            n = topics.get(t, 0)
            if n >= per_topic:
                return None
            repeats += n * W.REPEAT_TOPIC
        return c.score - repeats

    def take(c: Candidate) -> None:
        page.append(c)
        taken.add(c.note_id)
        authors[c.author_id] = authors.get(c.author_id, 0) + 1
        for t in c.topics:
            topics[t] = topics.get(t, 0) + 1

    heap = [(-c.score, i) for i, c in enumerate(pool)]  # already in order: a valid heap
    while heap and len(page) < size:
        _stale, i = heapq.heappop(heap)
        score = adjusted(pool[i])
        if score is None:
            continue  # capped: it can only stay capped on this page
        if heap and score < -heap[0][0]:
            heapq.heappush(heap, (-score, i))  # someone else may be better now
            continue
        take(pool[i])
    if fill and len(page) < size:  # the caps left the page short: fill it rather than end the feed early
        for c in ranked:
            if len(page) >= size:
                break
            if c.note_id not in taken:
                take(c)
    _keep_exploration(page, pool, taken, size)
    return page


def _keep_exploration(page: list[Candidate], pool: list[Candidate], taken: set[int], size: int) -> None:
    """If no note on the page is from a new creator and one is among the candidates, it takes the
    place of the page's weakest note (shown in the page's middle, not at the top)."""
    if W.EXPLORATION_SLOTS <= 0 or len(page) < 4 or any(c.new_creator for c in page):
        return
    newcomer = next((c for c in pool if c.new_creator and c.note_id not in taken), None)
    if newcomer is None:
        return
    page.pop()
    page.insert(min(len(page), max(2, size // 3)), newcomer)
