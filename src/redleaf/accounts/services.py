"""Every write about members: sign-up, tokens, profiles, follows, blocks, mutes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from redleaf.accounts import policies
from redleaf.accounts.models import ApiToken, Block, Follow, Mute, User
from redleaf.core import events
from redleaf.core.errors import Conflict, RedleafError, Unauthenticated
from redleaf.core.text import USERNAME_RE, clean_text

SUPPORTED_LANGUAGES = {"zh", "en"}
UI_LANGUAGES = {code for code, _name in settings.LANGUAGES}
RESERVED_USERNAMES = {"admin", "api", "static", "media", "explore", "following", "search", "login", "logout",
                      "signup", "settings", "notes", "topics", "boards", "healthz", "me", "redleaf"}


def _clean_languages(languages: list[str] | None) -> list[str]:
    result: list[str] = []
    for code in languages or []:
        code = (code or "").strip().lower()
        if code not in SUPPORTED_LANGUAGES:
            raise RedleafError("unknown_language", _("Unknown language: %(code)s") % {"code": code[:10]},
                               field="languages")
        if code not in result:
            result.append(code)
    return result


def _clean_ui_language(language: str | None) -> str:
    language = (language or "").strip().lower()
    if language in {"zh", "zh-cn", "zh_hans"}:
        language = "zh-hans"
    if language and language not in UI_LANGUAGES:
        raise RedleafError("unknown_language", _("Unknown language: %(code)s") % {"code": language[:10]},
                           field="language")
    return language


def _clean_display_name(display_name: str) -> str:
    display_name = clean_text(display_name)
    if len(display_name) > 40:
        raise RedleafError("display_name_too_long", _("A display name can have at most 40 characters."),
                           field="display_name")
    return display_name


@transaction.atomic
def user_signup(*, username: str, password: str, display_name: str = "", language: str = "",
                languages: list[str] | None = None) -> User:
    from redleaf.engagement.services import board_create_default

    username = (username or "").strip()
    if not USERNAME_RE.match(username):
        raise RedleafError("bad_username",
                           _("A username has 3–30 letters, digits or underscores."), field="username")
    if username.lower() in RESERVED_USERNAMES:
        raise Conflict("username_taken", _("That username is taken."), field="username")
    ui_language = _clean_ui_language(language)
    spoken = _clean_languages(languages)
    if not spoken and ui_language:
        spoken = ["zh" if ui_language == "zh-hans" else "en"]
    try:
        validate_password(password or "", User(username=username))
    except ValidationError as exc:
        raise RedleafError("weak_password", " ".join(exc.messages), field="password") from exc
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict("username_taken", _("That username is taken."), field="username")
    display_name = _clean_display_name(display_name)
    _require_allowed_username(username)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=username, password=password, ui_language=ui_language, languages=spoken,
                guidelines_version=_guidelines_version(),
            )
    except IntegrityError as exc:  # two sign-ups raced for one name
        raise Conflict("username_taken", _("That username is taken."), field="username") from exc
    board_create_default(owner=user)
    if display_name:
        _profile_submit(user, {"display_name": display_name})  # checked like any profile change
    events.send_on_commit(events.account_changed, user_id=user.pk, reason="signup")
    return user


def _guidelines_version() -> int:
    from redleaf.moderation.rules import current_version

    return current_version()


def _require_allowed_username(username: str) -> None:
    """A username is the address of a profile and cannot wait for review: one the checks flag is refused."""
    from redleaf.moderation.items import Content
    from redleaf.moderation.services import run_checks

    _signals, verdict, *_rest = run_checks(Content(text=username.replace("_", " ")))
    if verdict.action not in ("allow", "label"):
        raise RedleafError("username_not_allowed",
                           _("That username may break our community guidelines. Please choose another."),
                           field="username")


def _profile_submit(user: User, changes: dict) -> bool:
    """Name, bio and avatar changes are checked before anyone else sees them: a clean change applies at
    once; a flagged one waits for a moderator while the profile stays as it was. True if applied."""
    from redleaf.moderation.models import Kind, ProfileChange
    from redleaf.moderation.services import case_close_superseded, item_submitted

    pending = ProfileChange.objects.select_for_update().filter(user=user, state=ProfileChange.State.PENDING).first()
    if pending is not None:  # a newer change replaces the one waiting
        for name in ("display_name", "bio"):
            if name not in changes and getattr(pending, name) is not None:
                changes[name] = getattr(pending, name)
        if "avatar" not in changes and pending.avatar_id:
            changes["avatar"] = pending.avatar
        pending.state = ProfileChange.State.REJECTED
        pending.save(update_fields=["state"])
        case_close_superseded(kind=Kind.PROFILE, object_id=pending.pk)
    change = ProfileChange.objects.create(user=user, **changes)
    item_submitted(kind=Kind.PROFILE, obj=change, author=user)
    change.refresh_from_db(fields=["state"])
    user.refresh_from_db(fields=["display_name", "bio", "avatar"])
    return change.state == ProfileChange.State.APPLIED


def profile_change_apply(*, change) -> None:
    """Review released a profile change (or an appeal reversed its rejection)."""
    from redleaf.media import tasks as media_tasks
    from redleaf.moderation.models import ProfileChange

    user = User.objects.select_for_update().get(pk=change.user_id)
    fields = []
    for name in ("display_name", "bio"):
        value = getattr(change, name)
        if value is not None:
            setattr(user, name, value)
            fields.append(name)
    if change.avatar_id and change.avatar_id != user.avatar_id:
        old_avatar_id = user.avatar_id
        user.avatar_id = change.avatar_id
        fields.append("avatar")
        if old_avatar_id is not None:
            transaction.on_commit(lambda: media_tasks.images_delete_unused.enqueue(image_ids=[old_avatar_id]))
    if fields:
        user.save(update_fields=fields)
    ProfileChange.objects.filter(pk=change.pk).update(state=ProfileChange.State.APPLIED)
    change.state = ProfileChange.State.APPLIED
    events.send_on_commit(events.account_changed, user_id=user.pk, reason="profile")


def profile_change_reject(*, change) -> None:
    from redleaf.media import tasks as media_tasks
    from redleaf.moderation.models import ProfileChange

    ProfileChange.objects.filter(pk=change.pk).update(state=ProfileChange.State.REJECTED)
    change.state = ProfileChange.State.REJECTED
    if change.avatar_id:
        avatar_id = change.avatar_id
        transaction.on_commit(lambda: media_tasks.images_delete_unused.enqueue(image_ids=[avatar_id]))


def account_restrict(*, user: User, until) -> None:
    User.objects.filter(pk=user.pk).update(posting_restricted_until=until)
    user.posting_restricted_until = until


def account_suspend(*, user: User) -> None:
    """Suspended: profile, notes and comments hidden from everyone; the member can still sign in, but only
    to read the statement of reasons and appeal (core/middleware.SuspendedGateMiddleware)."""
    from redleaf.engagement.services import note_comments_recount

    User.objects.filter(pk=user.pk).update(is_active=False)
    user.is_active = False
    note_comments_recount(note_ids=_commented_note_ids(user))  # their words leave every thread
    events.send_on_commit(events.account_changed, user_id=user.pk, reason="suspended")


def _commented_note_ids(user: User) -> list[int]:
    from redleaf.engagement.models import Comment

    return list(Comment.objects.filter(author=user).values_list("note_id", flat=True).distinct())


def account_reinstate(*, user: User) -> None:
    from redleaf.engagement.services import note_comments_recount

    User.objects.filter(pk=user.pk).update(is_active=True, posting_restricted_until=None)
    user.is_active, user.posting_restricted_until = True, None
    note_comments_recount(note_ids=_commented_note_ids(user))
    events.send_on_commit(events.account_changed, user_id=user.pk, reason="reinstated")


def user_authenticate(*, username: str, password: str) -> User:
    username = (username or "").strip()
    # A string that cannot be a username names nobody (and a NUL in it is a 500 on PostgreSQL).
    user = authenticate(username=username, password=password or "") if USERNAME_RE.match(username) else None
    if user is None and USERNAME_RE.match(username):
        # Usernames are unique case-insensitively; let people type them as they like.
        match = User.objects.filter(username__iexact=username).first()
        if match is not None:
            user = authenticate(username=match.username, password=password or "")
    if user is None:
        raise Unauthenticated("bad_credentials", _("Wrong username or password."))
    return user


def token_create(*, user: User) -> str:
    """Make an API token and return its key; only its hash is kept."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key))
    return key


def token_revoke(*, user: User, key: str) -> None:
    ApiToken.objects.filter(user=user, key_hash=ApiToken.hash_key(key)).delete()


@transaction.atomic
def profile_update(*, user: User, display_name: str | None = None, bio: str | None = None,
                   languages: list[str] | None = None, ui_language: str | None = None,
                   avatar=None) -> User:
    """Languages apply at once; a new name, bio or avatar is checked first (see _profile_submit).
    `user.profile_held` tells the caller whether the change waits for review."""
    from redleaf.media.services import image_ingest

    fields: list[str] = []
    reviewed: dict = {}
    if display_name is not None:
        display_name = _clean_display_name(display_name)
        if display_name != user.display_name:
            reviewed["display_name"] = display_name
    if bio is not None:
        bio = clean_text(bio)
        if len(bio) > 300:
            raise RedleafError("bio_too_long", _("A bio can have at most 300 characters."), field="bio")
        if bio != user.bio:
            reviewed["bio"] = bio
    if languages is not None:
        user.languages = _clean_languages(languages)
        fields.append("languages")
    if ui_language is not None:
        user.ui_language = _clean_ui_language(ui_language)
        fields.append("ui_language")
    if fields:
        user.save(update_fields=fields)
    if avatar is not None:
        reviewed["avatar"] = image_ingest(owner=user, upload=avatar, max_side=512)
    user.profile_held = bool(reviewed) and not _profile_submit(user, reviewed)
    return user


def _bump(user_id: int, **deltas: int) -> None:
    User.objects.filter(pk=user_id).update(**{name: F(name) + delta for name, delta in deltas.items()})


@transaction.atomic
def follow_create(*, follower: User, followee: User) -> Follow:
    policies.require_can_follow(follower, followee)
    try:
        with transaction.atomic():
            follow = Follow.objects.create(follower=follower, followee=followee)
    except IntegrityError as exc:
        raise Conflict("already_following", _("You already follow this member.")) from exc
    _bump(follower.pk, following_count=1)
    _bump(followee.pk, followers_count=1)
    return follow


@transaction.atomic
def follow_delete(*, follower: User, followee: User) -> None:
    deleted, _rows = Follow.objects.filter(follower=follower, followee=followee).delete()
    if not deleted:
        raise RedleafError("not_following", _("You do not follow this member."), status=404)
    _bump(follower.pk, following_count=-1)
    _bump(followee.pk, followers_count=-1)


def _end_follows_between(a: User, b: User) -> None:
    for follow in Follow.objects.filter(Q(follower=a, followee=b) | Q(follower=b, followee=a)):
        follow.delete()
        _bump(follow.follower_id, following_count=-1)
        _bump(follow.followee_id, followers_count=-1)


@transaction.atomic
def block_create(*, blocker: User, blocked: User) -> Block:
    """Silent block: the blocked member is not told; follows both ways end at once."""
    policies.require_can_block(blocker, blocked)
    try:
        with transaction.atomic():
            block = Block.objects.create(blocker=blocker, blocked=blocked)
    except IntegrityError as exc:
        raise Conflict("already_blocked", _("You have already blocked this member.")) from exc
    _end_follows_between(blocker, blocked)
    return block


@transaction.atomic
def block_delete(*, blocker: User, blocked: User) -> None:
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
    if not deleted:
        raise RedleafError("not_blocked", _("You have not blocked this member."), status=404)


@transaction.atomic
def mute_create(*, muter: User, muted: User) -> Mute:
    policies.require_can_mute(muter, muted)
    try:
        with transaction.atomic():
            return Mute.objects.create(muter=muter, muted=muted)
    except IntegrityError as exc:
        raise Conflict("already_muted", _("You have already muted this member.")) from exc


@transaction.atomic
def mute_delete(*, muter: User, muted: User) -> None:
    deleted, _rows = Mute.objects.filter(muter=muter, muted=muted).delete()
    if not deleted:
        raise RedleafError("not_muted", _("You have not muted this member."), status=404)
