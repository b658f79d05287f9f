"""accounts/selectors.py and accounts/policies.py: who sees whom, and how members relate."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from redleaf.accounts import policies, selectors, services
from redleaf.accounts.models import ApiToken, User
from redleaf.accounts.selectors import Relationship
from redleaf.core.errors import RedleafError


def not_found(viewer, username):
    with pytest.raises(RedleafError) as info:
        selectors.user_get(viewer=viewer, username=username)
    assert (info.value.code, info.value.status) == ("user_not_found", 404)


def test_user_get_finds_members_in_any_case(mei, alex):
    assert selectors.user_get(viewer=alex, username="MeI") == mei
    assert selectors.user_get(viewer=AnonymousUser(), username="mei") == mei


@pytest.mark.parametrize("username", ["nobody", "", "me\x00i", "mei\n", "x" * 300, "../mei", "小美"])
def test_user_get_is_a_404_for_names_that_match_nobody(mei, username):
    not_found(mei, username)


def test_user_get_hides_inactive_members(mei, alex):
    User.objects.filter(pk=mei.pk).update(is_active=False)
    not_found(alex, "mei")


def test_relationship_both_ways(mei, alex):
    assert selectors.relationship(viewer=alex, other=mei) == Relationship()
    services.follow_create(follower=alex, followee=mei)
    assert selectors.relationship(viewer=alex, other=mei) == Relationship(following=True)
    assert selectors.relationship(viewer=mei, other=alex) == Relationship(followed_by=True)
    services.follow_create(follower=mei, followee=alex)
    assert selectors.relationship(viewer=mei, other=alex) == Relationship(following=True, followed_by=True)
    services.mute_create(muter=alex, muted=mei)
    assert selectors.relationship(viewer=alex, other=mei) == Relationship(following=True, followed_by=True,
                                                                          muting=True)
    assert selectors.relationship(viewer=mei, other=alex).muting is False  # a mute is private
    services.block_create(blocker=mei, blocked=alex)
    assert selectors.relationship(viewer=mei, other=alex) == Relationship(blocking=True)
    assert selectors.relationship(viewer=alex, other=mei) == Relationship(muting=True)  # a block is silent


def test_relationship_with_yourself_or_as_a_visitor_is_empty(mei):
    assert selectors.relationship(viewer=mei, other=mei) == Relationship()
    assert selectors.relationship(viewer=None, other=mei) == Relationship()
    assert selectors.relationship(viewer=AnonymousUser(), other=mei) == Relationship()


def test_followers_and_following_lists(mei, alex, mod_lin):
    services.follow_create(follower=alex, followee=mei)
    services.follow_create(follower=mod_lin, followee=mei)
    assert set(selectors.followers(user=mei)) == {alex, mod_lin}
    assert list(selectors.following(user=alex)) == [mei]
    User.objects.filter(pk=mod_lin.pk).update(is_active=False)
    assert list(selectors.followers(user=mei)) == [alex]


def test_hidden_author_ids_and_blocked_either_ids(mei, alex, mod_lin):
    assert selectors.hidden_author_ids(None) == [] and selectors.blocked_either_ids(AnonymousUser()) == []
    services.block_create(blocker=alex, blocked=mei)  # alex blocked mei
    services.mute_create(muter=mei, muted=mod_lin)
    assert set(selectors.hidden_author_ids(mei)) == {alex.pk, mod_lin.pk}
    assert selectors.blocked_either_ids(mei) == [alex.pk]
    assert selectors.hidden_author_ids(alex) == [mei.pk]
    assert selectors.hidden_author_ids(mod_lin) == []  # being muted changes nothing for the muted


def test_is_blocked_either_and_can_see(mei, alex):
    assert not policies.is_blocked_either(mei, alex)
    services.block_create(blocker=mei, blocked=alex)
    assert policies.is_blocked_either(mei, alex) and policies.is_blocked_either(alex, mei)
    assert not policies.is_blocked_either(None, mei)
    assert not policies.is_blocked_either(mei, mei)
    with pytest.raises(RedleafError):
        policies.require_can_see_user(alex, mei)
    policies.require_can_see_user(None, mei)


def test_user_by_token_touches_last_used_at_coarsely(mei, django_assert_num_queries):
    key = services.token_create(user=mei)
    with django_assert_num_queries(2):  # read, then the first use is written down
        selectors.user_by_token(key=key)
    first = ApiToken.objects.get().last_used_at
    with django_assert_num_queries(1):  # used again at once: a read only
        selectors.user_by_token(key=key)
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=10))
    selectors.user_by_token(key=key)
    assert ApiToken.objects.get().last_used_at >= first
    assert selectors.user_by_token(key="no such key") is None
