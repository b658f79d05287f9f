"""accounts/services.py: sign-up, tokens, profiles, follows, blocks and mutes."""

from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from django_tasks_db.models import DBTaskResult

from redleaf.accounts import selectors, services
from redleaf.accounts.models import ApiToken, Block, Follow, Mute, User
from redleaf.core.errors import RedleafError
from redleaf.engagement import services as engagement
from redleaf.engagement.models import Board
from redleaf.media.models import Image
from redleaf.notes import services as note_services
from redleaf.notes.models import Mention
from tests import factories
from tests.factories import PASSWORD, image_bytes, upload


def error_of(call, **kwargs) -> RedleafError:
    with pytest.raises(RedleafError) as info:
        call(**kwargs)
    return info.value


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


# --- sign-up ------------------------------------------------------------------------------------
def test_signup_makes_a_member_with_a_private_default_board(db):
    user = services.user_signup(username="xiao_hong", password=PASSWORD, display_name=" 小红 ", language="zh")
    assert user.display_name == "小红"
    assert user.ui_language == "zh-hans"
    assert user.languages == ["zh"]  # taken from the interface language when not given
    assert user.check_password(PASSWORD)
    assert user.password.startswith("argon2$")
    board = Board.objects.get(owner=user)
    assert board.is_default and board.is_private


def test_signup_keeps_spoken_languages_in_order_without_repeats(db):
    user = services.user_signup(username="bilingual", password=PASSWORD, language="en", languages=["EN", "zh", "en"])
    assert user.languages == ["en", "zh"]


@pytest.mark.parametrize("username", ["", "ab", "a" * 31, "has space", "中文名", "dash-name", "x@y", "dot.name"])
def test_signup_refuses_bad_usernames(db, username):
    error = error_of(services.user_signup, username=username, password=PASSWORD)
    assert (error.code, error.field, error.status) == ("bad_username", "username", 400)
    assert not User.objects.exists()


@pytest.mark.parametrize("username", ["admin", "Admin", "API", "explore", "login", "redleaf"])
def test_signup_refuses_reserved_names(db, username):
    error = error_of(services.user_signup, username=username, password=PASSWORD)
    assert (error.code, error.status) == ("username_taken", 409)


def test_signup_refuses_a_name_taken_in_another_case(mei):
    for name in ("mei", "MEI", "Mei"):
        error = error_of(services.user_signup, username=name, password=PASSWORD)
        assert (error.code, error.status, error.field) == ("username_taken", 409, "username")
    assert User.objects.filter(username__iexact="mei").count() == 1


def test_the_database_itself_keeps_names_one_in_any_case(mei):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="MEI")


@pytest.mark.parametrize("password", ["", "short", "password", "12345678"])
def test_signup_refuses_weak_passwords(db, password):
    error = error_of(services.user_signup, username="newbie", password=password)
    assert (error.code, error.field) == ("weak_password", "password")
    assert str(error.message)
    assert not User.objects.exists()


@pytest.mark.parametrize(("language", "languages"), [("fr", None), ("", ["zh", "klingon"]), ("zh-tw", None)])
def test_signup_refuses_unknown_languages(db, language, languages):
    error = error_of(services.user_signup, username="newbie", password=PASSWORD, language=language,
                     languages=languages)
    assert error.code == "unknown_language"
    assert not User.objects.exists() and not Board.objects.exists()


def test_signup_refuses_a_long_display_name(db):
    error = error_of(services.user_signup, username="newbie", password=PASSWORD, display_name="长" * 41)
    assert error.code == "display_name_too_long"


def test_signup_cleans_control_characters_from_the_display_name(db):
    user = services.user_signup(username="newbie", password=PASSWORD, display_name="A\x00l\u202eex")
    assert user.display_name == "Alex"


# --- log-in and tokens ---------------------------------------------------------------------------
def test_authenticate_accepts_any_case_of_the_username(mei):
    assert services.user_authenticate(username="mei", password=PASSWORD) == mei
    assert services.user_authenticate(username=" MEI ", password=PASSWORD) == mei


@pytest.mark.parametrize(("username", "password"), [
    ("mei", "wrong password"), ("nobody", PASSWORD), ("", ""), ("me\x00i", PASSWORD), ("x" * 500, PASSWORD),
])
def test_authenticate_refuses_wrong_credentials_alike(mei, username, password):
    error = error_of(services.user_authenticate, username=username, password=password)
    assert (error.code, error.status) == ("bad_credentials", 401)


def test_a_suspended_member_still_signs_in_to_a_gated_session(mei):
    """Only to read why and appeal: see tests/moderation/test_decision_integrity.py for the gate."""
    User.objects.filter(pk=mei.pk).update(is_active=False)
    assert services.user_authenticate(username="mei", password=PASSWORD).is_active is False
    assert error_of(services.user_authenticate, username="mei", password="wrong").code == "bad_credentials"


def test_only_the_token_hash_is_stored(mei):
    key = services.token_create(user=mei)
    token = ApiToken.objects.get(user=mei)
    assert token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    assert len(key) >= 40
    assert selectors.user_by_token(key=key) == mei
    assert selectors.user_by_token(key=token.key_hash) is None  # the stored value is no key


def test_a_revoked_token_no_longer_works(mei, alex):
    key = services.token_create(user=mei)
    other = services.token_create(user=mei)
    services.token_revoke(user=alex, key=key)  # not alex's to revoke
    assert selectors.user_by_token(key=key) == mei
    services.token_revoke(user=mei, key=key)
    assert selectors.user_by_token(key=key) is None
    assert selectors.user_by_token(key=other) == mei


def test_a_token_of_a_suspended_member_still_names_them_for_the_gate(mei):
    key = services.token_create(user=mei)
    User.objects.filter(pk=mei.pk).update(is_active=False)
    assert selectors.user_by_token(key=key).pk == mei.pk  # api/auth.py lets it reach only statements
    assert selectors.user_by_token(key=key + "x") is None


# --- profile ---------------------------------------------------------------------------------------
def test_profile_update_changes_only_what_is_given(mei):
    services.profile_update(user=mei, bio="  爱吃火锅，也爱猫。 ", languages=["zh", "en"], ui_language="en")
    mei = fresh(mei)
    assert (mei.display_name, mei.bio, mei.languages, mei.ui_language) == ("小美", "爱吃火锅，也爱猫。", ["zh", "en"], "en")


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"display_name": "x" * 41}, "display_name_too_long"),
    ({"bio": "字" * 301}, "bio_too_long"),
    ({"languages": ["de"]}, "unknown_language"),
    ({"ui_language": "ja"}, "unknown_language"),
])
def test_profile_update_limits(mei, kwargs, code):
    assert error_of(services.profile_update, user=mei, **kwargs).code == code
    assert fresh(mei).bio == ""


def test_profile_limits_are_inclusive(mei):
    services.profile_update(user=mei, display_name="x" * 40, bio="字" * 300)
    assert len(fresh(mei).bio) == 300


def test_avatar_goes_through_image_ingest_with_a_small_side(mei):
    services.profile_update(user=mei, avatar=upload("me.png", image_bytes("PNG", (1200, 900))))
    avatar = fresh(mei).avatar
    assert avatar.owner_id == mei.pk
    assert max(avatar.variants["large"]["width"], avatar.variants["large"]["height"]) == 512
    assert max(avatar.variants["thumb"]["width"], avatar.variants["thumb"]["height"]) <= 512
    assert avatar.variants["large"]["path"].endswith(".webp")


def test_a_bad_avatar_is_refused_and_the_old_one_stays(mei):
    services.profile_update(user=mei, avatar=upload())
    old = fresh(mei).avatar_id
    error = error_of(services.profile_update, user=mei, avatar=upload("me.jpg", b"not a picture"))
    assert error.code == "image_type_unsupported"
    assert fresh(mei).avatar_id == old


def test_a_replaced_avatar_is_cleaned_up_by_the_worker(mei, django_capture_on_commit_callbacks):
    services.profile_update(user=mei, avatar=upload())
    old = fresh(mei).avatar
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_update(user=fresh(mei), avatar=upload())
    task = DBTaskResult.objects.get(task_path="redleaf.media.tasks.images_delete_unused")
    assert task.args_kwargs["kwargs"] == {"image_ids": [old.pk]}


# --- follows ---------------------------------------------------------------------------------------
def test_follow_and_unfollow_keep_counters(mei, alex):
    services.follow_create(follower=alex, followee=mei)
    assert (fresh(alex).following_count, fresh(mei).followers_count) == (1, 1)
    assert Follow.objects.filter(follower=alex, followee=mei).exists()
    services.follow_delete(follower=alex, followee=mei)
    assert (fresh(alex).following_count, fresh(mei).followers_count) == (0, 0)


def test_following_yourself_is_refused(mei):
    error = error_of(services.follow_create, follower=mei, followee=mei)
    assert (error.code, error.status) == ("cannot_follow_self", 400)
    assert fresh(mei).following_count == 0


def test_following_twice_is_a_conflict_and_counts_once(mei, alex):
    services.follow_create(follower=alex, followee=mei)
    error = error_of(services.follow_create, follower=alex, followee=mei)
    assert (error.code, error.status) == ("already_following", 409)
    assert (fresh(alex).following_count, fresh(mei).followers_count) == (1, 1)


def test_unfollowing_someone_you_do_not_follow(mei, alex):
    error = error_of(services.follow_delete, follower=alex, followee=mei)
    assert (error.code, error.status) == ("not_following", 404)
    assert fresh(mei).followers_count == 0


def test_following_an_inactive_member_is_a_404(mei, alex):
    User.objects.filter(pk=mei.pk).update(is_active=False)
    assert error_of(services.follow_create, follower=alex, followee=fresh(mei)).code == "user_not_found"


# --- blocks ----------------------------------------------------------------------------------------
def test_block_ends_follows_both_ways_and_counters_drop(mei, alex, mod_lin):
    services.follow_create(follower=alex, followee=mei)
    services.follow_create(follower=mei, followee=alex)
    services.follow_create(follower=mod_lin, followee=mei)
    services.block_create(blocker=mei, blocked=alex)
    assert not Follow.objects.filter(follower__in=[mei, alex], followee__in=[mei, alex]).exists()
    assert (fresh(mei).followers_count, fresh(mei).following_count) == (1, 0)  # mod_lin still follows
    assert (fresh(alex).followers_count, fresh(alex).following_count) == (0, 0)


def test_the_blocked_member_sees_a_silent_404_on_the_blockers_profile(mei, alex, mod_lin):
    services.block_create(blocker=mei, blocked=alex)
    with pytest.raises(RedleafError) as info:
        selectors.user_get(viewer=alex, username="mei")
    assert (info.value.code, info.value.status) == ("user_not_found", 404)
    with pytest.raises(RedleafError) as unknown:
        selectors.user_get(viewer=alex, username="nobody_here")
    assert (info.value.code, str(info.value.message)) == (unknown.value.code, str(unknown.value.message))
    # The block hides both ways, and only between the two of them.
    with pytest.raises(RedleafError):
        selectors.user_get(viewer=mei, username="alex")
    assert selectors.user_get(viewer=mod_lin, username="mei") == mei
    assert selectors.user_get(viewer=None, username="MEI") == mei


def test_a_blocked_member_can_no_longer_follow_the_blocker(mei, alex):
    services.block_create(blocker=mei, blocked=alex)
    assert error_of(services.follow_create, follower=alex, followee=mei).status == 404
    assert error_of(services.follow_create, follower=mei, followee=alex).status == 404
    assert not Follow.objects.exists()


def test_a_blocked_member_can_no_longer_like_collect_or_comment(mei, alex):
    note = factories.make_note(mei, title="周末火锅", images=0)
    comment = engagement.comment_create(author=mei, note=note, text="欢迎来吃")
    services.block_create(blocker=mei, blocked=alex)
    for call, kwargs in [
        (engagement.like_create, {"user": alex, "note": note}),
        (engagement.collect_create, {"user": alex, "note": note}),
        (engagement.comment_create, {"author": alex, "note": note, "text": "looks good"}),
        (engagement.comment_create, {"author": alex, "note": note, "text": "me too", "reply_to": comment}),
        (engagement.comment_like_create, {"user": alex, "comment": comment}),
    ]:
        error = error_of(call, **kwargs)
        assert error.status == 404, call
    note.refresh_from_db()
    assert (note.likes_count, note.collects_count, note.comments_count) == (0, 0, 1)


def test_a_blocked_member_can_no_longer_mention_the_blocker(mei, alex, mod_lin):
    services.block_create(blocker=mei, blocked=alex)
    note = note_services.note_create(author=alex, title="Dinner", body="with @mei and @mod_lin")
    assert list(Mention.objects.filter(note=note).values_list("user__username", flat=True)) == ["mod_lin"]
    # ...and the blocker cannot mention the member they blocked either.
    note = note_services.note_create(author=mei, body="@alex 你好")
    assert not Mention.objects.filter(note=note).exists()


def test_blocking_twice_yourself_and_unblocking(mei, alex):
    assert error_of(services.block_create, blocker=mei, blocked=mei).code == "cannot_block_self"
    services.block_create(blocker=mei, blocked=alex)
    error = error_of(services.block_create, blocker=mei, blocked=alex)
    assert (error.code, error.status) == ("already_blocked", 409)
    services.block_delete(blocker=mei, blocked=alex)
    assert not Block.objects.exists()
    assert error_of(services.block_delete, blocker=mei, blocked=alex).code == "not_blocked"
    assert selectors.user_get(viewer=alex, username="mei") == mei
    services.follow_create(follower=alex, followee=mei)  # allowed again; the old follow is not restored


def test_the_blocked_member_can_still_block_back(mei, alex):
    services.block_create(blocker=mei, blocked=alex)
    services.block_create(blocker=alex, blocked=mei)
    assert Block.objects.count() == 2


# --- mutes -----------------------------------------------------------------------------------------
def test_mute_hides_from_my_feeds_but_not_from_their_profile(mei, alex):
    from redleaf.notes import selectors as note_selectors

    services.follow_create(follower=alex, followee=mei)
    note = factories.make_note(mei, title="火锅", images=0)
    services.mute_create(muter=alex, muted=mei)
    assert note_selectors.feed_following(viewer=alex).items == []
    assert note not in note_selectors.feed_explore(viewer=alex).items
    assert note_selectors.user_notes(viewer=alex, author=mei).items == [note]
    assert note_selectors.note_get(viewer=alex, note_id=note.pk) == note
    assert Follow.objects.filter(follower=alex, followee=mei).exists()  # a mute is not an unfollow
    assert note_selectors.feed_explore(viewer=None).items == [note]  # only alex's feeds change
    services.mute_delete(muter=alex, muted=mei)
    assert note_selectors.feed_following(viewer=alex).items == [note]


def test_mute_rules(mei, alex):
    assert error_of(services.mute_create, muter=mei, muted=mei).code == "cannot_mute_self"
    services.mute_create(muter=mei, muted=alex)
    assert error_of(services.mute_create, muter=mei, muted=alex).code == "already_muted"
    services.mute_delete(muter=mei, muted=alex)
    assert not Mute.objects.exists()
    assert error_of(services.mute_delete, muter=mei, muted=alex).code == "not_muted"


def test_a_failed_profile_update_stores_no_image(mei, settings):
    error_of(services.profile_update, user=mei, bio="x" * 301, avatar=upload())
    assert not Image.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.webp"))
