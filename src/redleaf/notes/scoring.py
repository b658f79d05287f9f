"""The explore feed's simple score (the discovery issue, #5, replaces it).

    hot_score = log10(max(1, likes + 2·collects + 3·comments)) + published_epoch_seconds / 86400

Engagement counts on a log scale and each day of freshness is worth one order of magnitude: a
note with ten times the engagement ranks level with one posted a day later. Because time enters
as a constant per note, a score changes only when the note's counts change, so the feed can be
paged by (hot_score, id) with a cursor and no periodic re-scoring. Collects weigh more than likes
(saving a note says "this was useful"), comments more still (they start conversation)."""

from __future__ import annotations

import math
from datetime import datetime

DAY = 86400.0
EPOCH = 1735689600.0  # 2025-01-01, keeps the numbers small


def hot_score(*, likes: int, collects: int, comments: int, published_at: datetime | None) -> float:
    if published_at is None:
        return 0.0
    engagement = likes + 2 * collects + 3 * comments
    return math.log10(max(1, engagement)) + (published_at.timestamp() - EPOCH) / DAY
