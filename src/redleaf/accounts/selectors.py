from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from redleaf.accounts import policies
from redleaf.accounts.models import ApiToken, Block, Follow, Mute, User
from redleaf.core.compiled import Compiled
from redleaf.core.text import USERNAME_RE


def user_get(*, viewer: User | None, username: str) -> User:
    """The member named `username` as `viewer` may see them, or a 404 (also when blocked either way)."""
    if not USERNAME_RE.match(username or ""):
        raise policies.user_not_found()  # e.g. a NUL from a URL, which PostgreSQL cannot even compare
    user = User.objects.select_related("avatar").filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise policies.user_not_found()
    policies.require_can_see_user(viewer, user)
    return user


def _user_fields() -> list[str]:
    return [f.attname for f in User._meta.concrete_fields]


def _member_by_token(key_hash: str) -> QuerySet:
    return User.objects.filter(api_tokens__key_hash=key_hash).values_list(*_user_fields(), "api_tokens__id",
                                                                          "api_tokens__last_used_at")


_BY_TOKEN = Compiled(_member_by_token)  # on every API call: its SQL made once per process


def user_by_token(*, key: str) -> User | None:
    rows = _BY_TOKEN.rows(ApiToken.hash_key(key))
    if not rows:
        return None  # a suspended member's token still names them: api/auth.py gates what it reaches
    *values, token_id, last_used_at = rows[0]
    user = User.from_db("default", _user_fields(), values)
    now = timezone.now()
    if last_used_at is None or (now - last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)  # coarse, to keep reads cheap
    return user


@dataclass(frozen=True)
class Relationship:
    following: bool = False
    followed_by: bool = False
    blocking: bool = False
    muting: bool = False


def relationship(*, viewer: User | None, other: User) -> Relationship:
    if viewer is None or not viewer.is_authenticated or viewer.pk == other.pk:
        return Relationship()
    follows = set(
        Follow.objects.filter(
            Q(follower=viewer, followee=other) | Q(follower=other, followee=viewer)
        ).values_list("follower_id", flat=True)
    )
    return Relationship(
        following=viewer.pk in follows,
        followed_by=other.pk in follows,
        blocking=Block.objects.filter(blocker=viewer, blocked=other).exists(),
        muting=Mute.objects.filter(muter=viewer, muted=other).exists(),
    )


def followee_ids(user: User) -> QuerySet:
    return Follow.objects.filter(follower=user).values("followee_id")


def hidden_author_ids(viewer: User | None) -> list[int]:
    """Members whose notes `viewer` must not see in feeds: blocked either way, or muted. One query."""
    if viewer is None or not viewer.is_authenticated:
        return []
    return list(
        Block.objects.filter(blocker=viewer).values_list("blocked_id", flat=True).union(
            Block.objects.filter(blocked=viewer).values_list("blocker_id", flat=True),
            Mute.objects.filter(muter=viewer).values_list("muted_id", flat=True),
        )
    )


def followees_and_hidden(viewer: User | None) -> tuple[set[int], set[int]]:
    """Whom `viewer` follows, and whose notes they must not see in feeds (hidden_author_ids), in one
    round trip: a feed page needs both, live (a follow or an unblock is felt at once)."""
    from django.db import connection

    if viewer is None or not viewer.is_authenticated:
        return set(), set()
    follow, block, mute = Follow._meta.db_table, Block._meta.db_table, Mute._meta.db_table
    # Only our own models' table names are formatted in; the member's id is a parameter.
    sql = f"""SELECT 1, followee_id FROM {follow} WHERE follower_id = %s
              UNION ALL SELECT 2, blocked_id FROM {block} WHERE blocker_id = %s
              UNION ALL SELECT 2, blocker_id FROM {block} WHERE blocked_id = %s
              UNION ALL SELECT 2, muted_id FROM {mute} WHERE muter_id = %s"""  # noqa: S608
    followees: set[int] = set()
    hidden: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, [viewer.pk] * 4)
        for kind, user_id in cursor.fetchall():
            (followees if kind == 1 else hidden).add(user_id)
    return followees, hidden


def blocked_either_ids(viewer: User | None) -> list[int]:
    if viewer is None or not viewer.is_authenticated:
        return []
    return list(
        Block.objects.filter(blocker=viewer).values_list("blocked_id", flat=True).union(
            Block.objects.filter(blocked=viewer).values_list("blocker_id", flat=True)
        )
    )


def followers(*, user: User) -> QuerySet:
    return User.objects.filter(following_set__followee=user, is_active=True).select_related("avatar")


def following(*, user: User) -> QuerySet:
    return User.objects.filter(follower_set__follower=user, is_active=True).select_related("avatar")


def blocked_members(*, user: User) -> list[User]:
    """The members `user` has blocked, most recent first (their settings page lists them to unblock)."""
    return list(User.objects.filter(blocked_by_set__blocker=user).select_related("avatar")
                .order_by("-blocked_by_set__created_at"))


def user_get_blocked(*, blocker: User, username: str) -> User:
    """A member `blocker` has blocked, found by name although their profile is hidden; else a 404."""
    if not USERNAME_RE.match(username or ""):
        raise policies.user_not_found()
    user = User.objects.filter(username__iexact=username, blocked_by_set__blocker=blocker).first()
    if user is None:
        raise policies.user_not_found()
    return user
