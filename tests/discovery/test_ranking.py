"""Ranking and diversity, stage by stage: the features and weights of weights.py, and pages that are
not ten copies of one thing."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from redleaf.discovery import weights as W
from redleaf.discovery.models import FeedSession, InterestProfile
from redleaf.discovery.pipeline import diversity, ranking
from redleaf.discovery.pipeline.context import Candidate, Context
from redleaf.discovery.pipeline.features import Signals


def context(**profile) -> Context:
    fields = {"topics": {}, "authors": {}, "chosen_topics": [], "recent": [], "seen": [], "languages": {}}
    fields.update(profile)
    return Context(viewer=None, profile=InterestProfile(**fields), session=FeedSession(), now=timezone.now(),
                   size=20, read_languages=["zh"])


def candidate(note_id: int, **kwargs) -> Candidate:
    kwargs.setdefault("published", time.time())
    kwargs.setdefault("author_id", note_id)
    kwargs.setdefault("language", "zh")
    return Candidate(note_id=note_id, **kwargs)


def order(ctx, *candidates) -> list[int]:
    return [c.note_id for c in ranking.score_all(ctx, list(candidates))]


def test_collects_weigh_more_than_likes_and_comments_more_still():
    ctx = context()
    assert order(ctx, candidate(1, likes=10), candidate(2, collects=10), candidate(3, comments=10)) == [3, 2, 1]


def test_topic_and_author_affinity_and_following_lift():
    ctx = context(topics={"7": [8.0, "collect", "火锅"], "9": [-4.0, "not_interested", "广告"]}, authors={"50": 3.0})
    ctx.followees = {60}
    ranked = order(ctx, candidate(1, topics=(7,)), candidate(2), candidate(3, topics=(9,)),
                   candidate(4, author_id=50), candidate(5, author_id=60))
    assert ranked[0] == 1 and ranked[-1] == 3
    assert ranked.index(4) < ranked.index(2) and ranked.index(5) < ranked.index(2)


def test_older_notes_fade():
    ctx = context()
    day = 86400
    assert order(ctx, candidate(1, published=time.time() - 10 * day), candidate(2)) == [2, 1]


def test_kind_and_cross_language_conversation_lifts_hostility_reports_and_hides_lower():
    ctx = context()
    kind = Signals(comments_scored=8, positive=7, hostile=0, replies=4, cross_language_replies=3, reports=0, hides=0)
    plain = Signals(comments_scored=8, positive=2, hostile=0, replies=0, cross_language_replies=0, reports=0, hides=0)
    hostile = Signals(comments_scored=8, positive=0, hostile=6, replies=2, cross_language_replies=0, reports=0, hides=0)
    reported = Signals(comments_scored=0, positive=0, hostile=0, replies=0, cross_language_replies=0, reports=3, hides=2)
    ranked = order(ctx, *(candidate(i, comments=8, signals=s) for i, s in enumerate([plain, hostile, kind, reported])))
    assert ranked[0] == 2 and ranked[-2:] in ([1, 3], [3, 1])


def test_tone_counts_only_after_a_few_comments():
    one = ranking.tone_parts(Signals(1, 1, 0, 0, 0, 0, 0))["positive_tone"]
    many = ranking.tone_parts(Signals(12, 12, 0, 0, 0, 0, 0))["positive_tone"]
    assert one == pytest.approx(W.POSITIVE_TONE / (1 + W.TONE_TRUST)) and many > 3 * one


def test_languages_the_member_does_not_read_are_pushed_down():
    ctx = context()
    ranked = ranking.score_all(ctx, [candidate(1, language="en", likes=50), candidate(2, language="zh")])
    assert [c.note_id for c in ranked] == [2, 1]
    assert ranked[1].parts["language_unreadable"] == W.LANGUAGE_UNREADABLE


def test_diversity_caps_authors_and_topics_per_page():
    ctx = context(topics={"5": [10.0, "collect", "猫咪"]})
    per_author, per_topic = W.page_caps(20)
    weak = [candidate(i, language="en", published=time.time() - 30 * 86400) for i in range(100, 130)]
    one_author = [candidate(i, author_id=1, topics=(5,), likes=5000) for i in range(10)]
    page = diversity.pick(ranking.score_all(ctx, one_author + weak), 20)
    assert sum(c.author_id == 1 for c in page) == per_author == 2 and len(page) == 20
    one_topic = [candidate(i, topics=(5,), likes=5000) for i in range(30, 50)]
    page = diversity.pick(ranking.score_all(ctx, one_topic + weak), 20)
    assert sum(5 in c.topics for c in page) == per_topic == 8 and len(page) == 20
    # and below the caps, each repeat costs: the second note of an author comes after a fresh voice
    page = diversity.pick(ranking.score_all(context(), [candidate(1, author_id=7, likes=10),
                                                        candidate(2, author_id=7, likes=10), candidate(3, likes=9)]), 3)
    assert [c.note_id for c in page] == [2, 3, 1]


def test_the_caps_count_notes_an_earlier_round_put_on_the_page():
    """serve.py makes a page in rounds (sources, then popular windows): a later round's notes are capped
    together with the page so far, and only a last round fills a page the caps left short."""
    ctx = context()
    first = diversity.pick(ranking.score_all(ctx, [candidate(i, author_id=1, likes=900) for i in range(6)]), 6,
                           fill=False)
    assert [c.author_id for c in first] == [1, 1]  # the caps, not yet filled: a popular window may come
    later = ranking.score_all(ctx, [candidate(i, author_id=1, likes=800) for i in range(10, 14)]
                              + [candidate(i, likes=5) for i in range(20, 22)])
    second = diversity.pick(later, 6, already=first, fill=False)
    assert sum(c.author_id == 1 for c in second) == 0 and len(second) == 2
    filled = diversity.pick(later, 6, already=first, fill=True)
    assert len(first + filled) == 6  # the last round: a full page


def test_a_page_is_filled_even_when_the_caps_cannot_be_met():
    ctx = context()
    page = diversity.pick(ranking.score_all(ctx, [candidate(i, author_id=1) for i in range(5)]), 4)
    assert len(page) == 4  # one author only: better a full page than an early end


def test_a_new_creator_keeps_a_place_on_the_page():
    ctx = context()
    established = [candidate(i, likes=200) for i in range(1, 30)]
    newcomer = candidate(99, new_creator=True)
    page = diversity.pick(ranking.score_all(ctx, [*established, newcomer]), 20)
    assert 99 in [c.note_id for c in page]
