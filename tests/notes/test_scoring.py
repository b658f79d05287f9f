"""notes/scoring.py: the explore score, with worked numbers from its docstring's formula
hot_score = log10(max(1, likes + 2·collects + 3·comments)) + (published − 2025-01-01) / 1 day."""

from datetime import UTC, datetime, timedelta

import pytest

from redleaf.notes.scoring import hot_score

NEW_YEAR = datetime(2025, 1, 1, tzinfo=UTC)


def score(likes=0, collects=0, comments=0, at=NEW_YEAR):
    return hot_score(likes=likes, collects=collects, comments=comments, published_at=at)


def test_worked_numbers():
    assert score() == 0.0                                   # no engagement, at the epoch
    assert score(likes=10) == pytest.approx(1.0)            # log10(10)
    assert score(likes=4, collects=3, comments=2) == pytest.approx(1.2041, abs=1e-4)  # log10(4+6+6=16)
    assert score(at=NEW_YEAR + timedelta(days=1)) == pytest.approx(1.0)
    assert score(likes=100, at=datetime(2025, 1, 11, 12, tzinfo=UTC)) == pytest.approx(2 + 10.5)


def test_one_like_counts_as_nothing_yet():
    assert score(likes=1) == score(likes=0) == 0.0  # log10(max(1, 1)) = 0


def test_collects_and_comments_weigh_more_than_likes():
    assert score(collects=1) == score(likes=2)
    assert score(comments=1) == score(likes=3)
    assert score(comments=5) > score(collects=5) > score(likes=5)


def test_ten_times_the_engagement_ranks_level_with_a_day_fresher():
    later = NEW_YEAR + timedelta(days=30)
    assert score(likes=100, at=later) == pytest.approx(score(likes=10, at=later + timedelta(days=1)))


def test_an_unpublished_note_scores_zero():
    assert hot_score(likes=50, collects=5, comments=5, published_at=None) == 0.0
