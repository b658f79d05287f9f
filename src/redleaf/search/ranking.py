"""How search orders results: the one formula, here.

    score(note, query) = relevance(note, query) × quality(note) × freshness(note)
    quality   = (1 + likes + 2·comments + 3·collects) ^ 0.25      collects weigh most, then comments
    freshness = 2 ^ (−age / 90 days)                               a note's score halves every 90 days
    relevance = text relevance from the backend (BM25 in SQLite FTS5; ts_rank in PostgreSQL), with field
                weights title > #topics > body > characters, and half weight for a match through a pinyin
                reading, a spelling correction or the other language only

Exact-language matches rank above cross-language ones outright: a note that matches every word of the
query as written (in its own language, or as its characters) gets EXACT_BONUS added to its log score,
which no quality or freshness can make up; the others follow, by the same formula.

Taken as a logarithm, quality × freshness is one number per note that does not change with time:

    rank(note) = 0.25 · ln(1 + likes + 2·comments + 3·collects) + ln 2 · (published − 2025-01-01) / 90 days
    log score  = ln(relevance) + rank(note)

since −age = published − now, and "now" is the same for every note of one search. So the rank is
stored on the note's document (updated when its counts change, like notes/scoring.py's hot score),
results page by (score, id) with a cursor, and the database can walk notes from the highest rank down.

That is what keeps a search fast on a million notes. Each document also carries its rank's tier as an
index term (r64 for a rank of 6.4 to 6.5; on PostgreSQL also the blocks of 4 and 16 tiers it lies in, so a
span is a few terms: backends/base.py), so PostgreSQL's GIN index intersects a common word's postings
with the top tiers' and hands back the best-ranked matches without reading the rest (SQLite walks the
same span of ranks in a covering index instead: FTS5 would merge the tiers' long doclists). Tiers are taken
from the top, in growing spans, until the span holds CANDIDATE_WINDOW (300) matches (or none are left),
and every match in the span is scored. A note below the span could outscore one inside only if its
relevance were e^(Δrank) times higher: field weights and BM25's saturation keep relevance within a
factor of a few among matches, while a span of 300 matches of a common word reaches well below the top.
Paging past the span goes on with the tiers below it.

Members: rank = 0.5 · ln(1 + followers) + 0.2 · ln(1 + notes). Topics: rank = 0.5 · ln(1 + notes).
Hot searches: each distinct searcher adds 1 to a value that halves every HOT_HALF_LIFE_HOURS (24). It is
stored as heat = log2(value) + hours since 2025-01-01 / 24, which, like a note's rank, does not change
with time: the hot list is the highest heat, and value = 2 ^ (heat − hours now / 24)."""

from __future__ import annotations

import math
from datetime import datetime

EPOCH = 1735689600.0  # 2025-01-01
HALF_LIFE_DAYS = 90.0
QUALITY_POWER = 0.25
HOT_HALF_LIFE_HOURS = 24.0


TIER_WIDTH = 0.1
EXACT_BONUS = 100.0


def tier_of(rank: float) -> int:
    return math.floor(rank / TIER_WIDTH)


def tier_term(rank: float) -> str:
    return f"r{max(0, tier_of(rank))}"


def engagement(*, likes: int, comments: int, collects: int) -> int:
    return max(0, likes) + 2 * max(0, comments) + 3 * max(0, collects)


def note_rank(*, likes: int, comments: int, collects: int, published_at: datetime | None) -> float:
    quality = QUALITY_POWER * math.log1p(engagement(likes=likes, comments=comments, collects=collects))
    if published_at is None:  # a draft or a note under review (only its author finds it)
        return quality
    return quality + math.log(2) * (published_at.timestamp() - EPOCH) / (HALF_LIFE_DAYS * 86400)


def user_rank(*, followers: int, notes: int) -> float:
    return 0.5 * math.log1p(max(0, followers)) + 0.2 * math.log1p(max(0, notes))


def topic_rank(*, notes: int) -> float:
    return 0.5 * math.log1p(max(0, notes))


def _hours(moment: datetime) -> float:
    return (moment.timestamp() - EPOCH) / 3600


def hot_value(heat: float, *, now: datetime) -> float:
    """A hot search's value now (about how many distinct searchers in the last day)."""
    exponent = heat - _hours(now) / HOT_HALF_LIFE_HOURS
    return 2.0 ** min(exponent, 60.0)


def hot_heat(heat: float | None, *, now: datetime) -> float:
    """The heat after one more searcher, `now`."""
    value = 0.0 if heat is None else hot_value(heat, now=now)
    return math.log2(value + 1.0) + _hours(now) / HOT_HALF_LIFE_HOURS
