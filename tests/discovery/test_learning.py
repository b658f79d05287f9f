"""Learning in real time: every like, collect, comment, long view and mark changes the member's
interest profile at once (through core.events and the real services), and the next page shows it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from redleaf.discovery import learning, services
from redleaf.discovery import weights as W
from redleaf.discovery.learning import NoteFacts
from redleaf.discovery.models import InterestProfile
from redleaf.engagement import services as engagement
from tests.discovery.conftest import explore, ids

pytestmark = pytest.mark.django_db


def topic_weight(user, name: str) -> float:
    profile = InterestProfile.objects.get(user=user)
    return next((entry[0] for entry in profile.topics.values() if entry[2] == name), 0.0)


def test_a_collect_on_hotpot_notes_changes_the_next_page(reader, hotpot_and_running, commit):
    hotpot, running = hotpot_and_running
    first = explore(reader, size=4)
    hotpot_ids = {n.pk for n in hotpot}
    # A newcomer gets the popular running notes first, mixed with new ones for variety.
    assert [n.pk in hotpot_ids for n in first.items] == [False, True, False, True]
    assert {n.reason.code for n in first.items} == {"popular"}
    commit(engagement.collect_create, user=reader, note=hotpot[0])
    second = explore(reader, cursor=first.next_cursor, size=4)
    assert [n.pk in hotpot_ids for n in second.items] == [True, True, True, False], [n.title for n in second.items]
    with translation.override("en"):
        assert [n.reason.text for n in second.items[:3]] == ["Because you collected notes about #火锅"] * 3
    with translation.override("zh-hans"):
        assert second.items[0].reason.text == "因为你收藏过 #火锅 的笔记"
    assert hotpot[0].pk not in ids(second)  # collected: seen


def test_each_action_weighs_as_documented(reader, hotpot_and_running, commit):
    hotpot, _running = hotpot_and_running
    commit(engagement.like_create, user=reader, note=hotpot[0])
    liked = topic_weight(reader, "火锅")
    commit(engagement.collect_create, user=reader, note=hotpot[1])
    assert topic_weight(reader, "火锅") == pytest.approx(liked + W.ACTIONS["collect"], abs=0.01)
    assert W.ACTIONS["comment"] > W.ACTIONS["collect"] > W.ACTIONS["like"] > 0
    commit(engagement.comment_create, author=reader, note=hotpot[2], text="看起来好好吃")
    assert topic_weight(reader, "火锅") == pytest.approx(liked + W.ACTIONS["collect"] + W.ACTIONS["comment"], abs=0.02)
    commit(engagement.collect_delete, user=reader, note=hotpot[1])
    assert topic_weight(reader, "火锅") == pytest.approx(liked + W.ACTIONS["comment"], abs=0.02)
    profile = InterestProfile.objects.get(user=reader)
    assert [r[0] for r in profile.recent] == [str(hotpot[2].pk), str(hotpot[0].pk)]  # the uncollect is gone
    assert {str(hotpot[0].pk), str(hotpot[1].pk), str(hotpot[2].pk)} <= set(profile.seen)


def test_a_long_view_teaches_once_and_a_short_one_only_marks_seen(reader, hotpot_and_running):
    hotpot, _running = hotpot_and_running
    services.view_record(user=reader, note_id=hotpot[0].pk, seconds=2)
    assert topic_weight(reader, "火锅") == pytest.approx(W.ACTIONS["view"], abs=0.01)
    services.view_record(user=reader, note_id=hotpot[0].pk, seconds=W.LONG_VIEW_SECONDS + 1)
    services.view_record(user=reader, note_id=hotpot[0].pk, seconds=60)  # counted once
    assert topic_weight(reader, "火锅") == pytest.approx(W.ACTIONS["view"] + W.ACTIONS["long_view"], abs=0.01)
    assert hotpot[0].pk not in ids(explore(reader))


def test_not_interested_pushes_the_topic_down_and_undo_gives_it_back(reader, hotpot_and_running, commit):
    hotpot, _running = hotpot_and_running
    commit(engagement.like_create, user=reader, note=hotpot[0])
    before = topic_weight(reader, "火锅")
    mark = services.mark_create(user=reader, kind="not_interested", note_id=hotpot[1].pk)
    assert topic_weight(reader, "火锅") == pytest.approx(before + W.ACTIONS["not_interested"], abs=0.01)
    services.mark_delete(user=reader, mark_id=mark.pk)
    assert topic_weight(reader, "火锅") == pytest.approx(before, abs=0.01)


def test_own_notes_and_gone_notes_teach_nothing(mei, hotpot_and_running):
    hotpot, _running = hotpot_and_running
    assert services.interest_learn(user_id=mei.pk, note_id=hotpot[0].pk, action="like") is None
    assert services.interest_learn(user_id=mei.pk, note_id=1, action="like") is None
    with pytest.raises(ValueError):
        services.interest_learn(user_id=mei.pk, note_id=hotpot[0].pk, action="stare")


def test_interests_fade_with_a_half_life():
    profile = InterestProfile(topics={}, authors={}, languages={}, recent=[], seen=[], chosen_topics=[])
    facts = NoteFacts(note_id=1, author_id=2, topics=((7, "猫咪"),), language="zh", title="t")
    then = timezone.now() - timedelta(days=W.HALF_LIFE_DAYS)
    learning.apply(profile, facts, "collect", then)
    learning.decay(profile, timezone.now())
    assert profile.topics["7"][0] == pytest.approx(W.ACTIONS["collect"] / 2, rel=0.01)
    assert profile.topics["7"][1] == "collect"  # the strongest action, named by reasons
    assert profile.authors["2"] == pytest.approx(W.ACTIONS["collect"] * W.AUTHOR_SHARE / 2, rel=0.01)


def test_a_profile_is_first_built_from_history(reader, hotpot_and_running):
    """Members from before discovery (and the bulk seed's) start from what they already did."""
    hotpot, running = hotpot_and_running
    engagement.collect_create(user=reader, note=hotpot[0])  # no event reaches discovery here
    engagement.like_create(user=reader, note=running[0])
    profile = services.profile_ensure(user=reader)
    assert topic_weight(reader, "火锅") == pytest.approx(W.ACTIONS["collect"], abs=0.01)
    assert topic_weight(reader, "running") == pytest.approx(W.ACTIONS["like"], abs=0.01)
    assert profile.interactions == 2 and profile.read_languages == ["zh", "en"]


def test_learning_costs_a_handful_of_queries(reader, hotpot_and_running, django_assert_max_num_queries):
    hotpot, _running = hotpot_and_running
    services.profile_ensure(user=reader)
    with django_assert_max_num_queries(6):  # note, topics, lock the profile, save (and savepoints)
        services.interest_learn(user_id=reader.pk, note_id=hotpot[0].pk, action="like")
