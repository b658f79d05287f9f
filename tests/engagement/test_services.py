"""engagement/services.py: likes, boards and collects, comments and comment likes, and their counters."""

import pytest

from redleaf.accounts import services as account_services
from redleaf.accounts.models import User
from redleaf.core.errors import RedleafError
from redleaf.engagement import services
from redleaf.engagement.models import Board, Collect, Comment, CommentLike, Like
from redleaf.notes.models import Note
from tests import factories


def error_of(call, **kwargs) -> RedleafError:
    with pytest.raises(RedleafError) as info:
        call(**kwargs)
    return info.value


def counts(note: Note) -> tuple[int, int, int]:
    note = Note.objects.get(pk=note.pk)
    return note.likes_count, note.collects_count, note.comments_count


def board_count(board: Board) -> int:
    return Board.objects.get(pk=board.pk).collects_count


def comment_row(comment: Comment) -> Comment:
    return Comment.objects.get(pk=comment.pk)


@pytest.fixture
def hotpot(mei):
    return factories.make_note(mei, title="#火锅 周末", body="麻辣锅底", images=0)


# --- likes ---------------------------------------------------------------------------------------
def test_like_and_unlike_keep_note_score_and_author_counts(hotpot, mei, alex, mod_lin):
    before = Note.objects.get(pk=hotpot.pk).hot_score
    services.like_create(user=alex, note=hotpot)
    services.like_create(user=mod_lin, note=hotpot)
    assert counts(hotpot) == (2, 0, 0)
    assert User.objects.get(pk=mei.pk).likes_received_count == 2
    assert Note.objects.get(pk=hotpot.pk).hot_score > before  # log10(2) > 0: rescored
    services.like_delete(user=alex, note=hotpot)
    assert counts(hotpot) == (1, 0, 0)
    assert User.objects.get(pk=mei.pk).likes_received_count == 1
    assert list(Like.objects.values_list("user__username", flat=True)) == ["mod_lin"]


def test_liking_twice_is_a_conflict(hotpot, alex):
    services.like_create(user=alex, note=hotpot)
    error = error_of(services.like_create, user=alex, note=hotpot)
    assert (error.code, error.status) == ("already_liked", 409)
    assert counts(hotpot) == (1, 0, 0)


def test_unliking_without_a_like(hotpot, alex):
    error = error_of(services.like_delete, user=alex, note=hotpot)
    assert (error.code, error.status) == ("not_liked", 404)
    assert counts(hotpot) == (0, 0, 0)


def test_authors_may_like_their_own_note(hotpot, mei):
    services.like_create(user=mei, note=hotpot)
    assert counts(hotpot) == (1, 0, 0)


def test_engaging_with_a_note_you_cannot_see(mei, alex):
    secret = factories.make_note(mei, title="secret", images=0, audience="only_me")
    friends = factories.make_note(mei, title="friends", images=0, audience="followers")
    draft = factories.make_note(mei, title="draft", images=0, draft=True)
    for note in (secret, friends, draft):
        for call, kwargs in [(services.like_create, {"user": alex}), (services.collect_create, {"user": alex}),
                             (services.comment_create, {"author": alex, "text": "hi"})]:
            error = error_of(call, note=note, **kwargs)
            assert (error.code, error.status) == ("note_not_found", 404)
    assert error_of(services.like_create, user=mei, note=draft).code == "note_not_published"
    assert not (Like.objects.exists() or Collect.objects.exists() or Comment.objects.exists())
    account_services.follow_create(follower=alex, followee=mei)
    services.like_create(user=alex, note=Note.objects.get(pk=friends.pk))


# --- boards and collects ----------------------------------------------------------------------------
def test_collect_goes_into_the_default_board(hotpot, alex):
    services.collect_create(user=alex, note=hotpot)
    default = Board.objects.get(owner=alex, is_default=True)
    assert Collect.objects.get().board == default
    assert board_count(default) == 1 and counts(hotpot) == (0, 1, 0)


def test_collect_into_a_named_board(hotpot, alex):
    board = services.board_create(owner=alex, name="想吃的", description="  周末  ", is_private=True)
    assert (board.name, board.description, board.is_private, board.is_default) == ("想吃的", "周末", True, False)
    services.collect_create(user=alex, note=hotpot, board=board)
    assert board_count(board) == 1 and counts(hotpot) == (0, 1, 0)
    assert board_count(Board.objects.get(owner=alex, is_default=True)) == 0


def test_collecting_twice_even_into_another_board_is_a_conflict(hotpot, alex):
    board = services.board_create(owner=alex, name="Food")
    services.collect_create(user=alex, note=hotpot)
    error = error_of(services.collect_create, user=alex, note=hotpot, board=board)
    assert (error.code, error.status) == ("already_collected", 409)
    assert counts(hotpot) == (0, 1, 0) and board_count(board) == 0


def test_someone_elses_board_is_refused(hotpot, alex, mod_lin):
    theirs = services.board_create(owner=mod_lin, name="Lin's")
    error = error_of(services.collect_create, user=alex, note=hotpot, board=theirs)
    assert (error.code, error.status) == ("board_not_found", 404)
    assert not Collect.objects.exists() and counts(hotpot) == (0, 0, 0)


def test_uncollect(hotpot, alex):
    board = services.board_create(owner=alex, name="Food")
    services.collect_create(user=alex, note=hotpot, board=board)
    services.collect_delete(user=alex, note=hotpot)
    assert board_count(board) == 0 and counts(hotpot) == (0, 0, 0)
    error = error_of(services.collect_delete, user=alex, note=hotpot)
    assert (error.code, error.status) == ("not_collected", 404)


@pytest.mark.parametrize(("name", "code"), [("", "board_name_required"), ("  \x00 ", "board_name_required"),
                                            ("板" * 31, "board_name_too_long")])
def test_board_name_rules(alex, name, code):
    error = error_of(services.board_create, owner=alex, name=name)
    assert (error.code, error.field) == (code, "name")


def test_board_names_are_unique_per_owner(alex, mod_lin):
    services.board_create(owner=alex, name="Food")
    error = error_of(services.board_create, owner=alex, name=" Food ")
    assert (error.code, error.status) == ("board_exists", 409)
    services.board_create(owner=mod_lin, name="Food")  # another owner may
    other = services.board_create(owner=alex, name="Travel")
    error = error_of(services.board_update, board=other, actor=alex, name="Food")
    assert error.code == "board_exists"
    assert Board.objects.get(pk=other.pk).name == "Travel"


def test_board_update_by_its_owner_only(alex, mod_lin):
    board = services.board_create(owner=alex, name="Food")
    services.board_update(board=board, actor=alex, name="吃的", description="好吃", is_private=True)
    board = Board.objects.get(pk=board.pk)
    assert (board.name, board.description, board.is_private) == ("吃的", "好吃", True)
    assert error_of(services.board_update, board=board, actor=mod_lin, name="mine").code == "board_not_found"


def test_the_default_board_cannot_be_deleted(alex):
    default = Board.objects.get(owner=alex, is_default=True)
    error = error_of(services.board_delete, board=default, actor=alex)
    assert error.code == "cannot_delete_default_board"
    assert Board.objects.filter(pk=default.pk).exists()


def test_deleting_a_board_takes_its_collects_off_the_notes(mei, alex, mod_lin):
    notes = [factories.make_note(mei, title=f"n{i}", images=0) for i in range(3)]
    board = services.board_create(owner=alex, name="Food")
    for note in notes[:2]:
        services.collect_create(user=alex, note=note, board=board)
    services.collect_create(user=alex, note=notes[2])
    services.collect_create(user=mod_lin, note=notes[0])
    assert error_of(services.board_delete, board=board, actor=mod_lin).code == "board_not_found"
    services.board_delete(board=board, actor=alex)
    assert [counts(n)[1] for n in notes] == [1, 0, 1]
    assert not Board.objects.filter(pk=board.pk).exists()
    assert Collect.objects.count() == 2


# --- comments ---------------------------------------------------------------------------------------
def test_comment_is_cleaned_and_counted(hotpot, alex):
    comment = services.comment_create(author=alex, note=hotpot, text="  看起来好辣！\x07 ")
    assert comment.text == "看起来好辣！" and comment.parent is None
    assert counts(hotpot) == (0, 0, 1)


@pytest.mark.parametrize(("text", "code"), [("", "comment_empty"), ("  \n\t ", "comment_empty"),
                                            ("x" * 501, "comment_too_long")])
def test_bad_comments(hotpot, alex, text, code):
    error = error_of(services.comment_create, author=alex, note=hotpot, text=text)
    assert (error.code, error.field, error.status) == (code, "text", 400)
    assert counts(hotpot) == (0, 0, 0)


def test_comment_limit_follows_the_setting(hotpot, alex, settings):
    settings.COMMENT_MAX = 5
    assert error_of(services.comment_create, author=alex, note=hotpot, text="123456").code == "comment_too_long"
    services.comment_create(author=alex, note=hotpot, text="12345")


def test_a_reply_to_a_reply_attaches_to_the_root_and_names_whom_it_answers(hotpot, mei, alex, mod_lin):
    root = services.comment_create(author=alex, note=hotpot, text="Where is this?")
    reply = services.comment_create(author=mei, note=hotpot, text="成都", reply_to=root)
    assert (reply.parent_id, reply.reply_to_user) == (root.pk, None)  # answering the root needs no name
    deeper = services.comment_create(author=mod_lin, note=hotpot, text="我也去过", reply_to=reply)
    assert (deeper.parent_id, deeper.reply_to_user_id) == (root.pk, mei.pk)
    assert comment_row(root).replies_count == 2
    assert counts(hotpot) == (0, 0, 3)


def test_replying_to_a_comment_on_another_note_is_refused(hotpot, mei, alex):
    other = factories.make_note(mei, title="other", images=0)
    elsewhere = services.comment_create(author=alex, note=other, text="hi")
    error = error_of(services.comment_create, author=alex, note=hotpot, text="x", reply_to=elsewhere)
    assert (error.code, error.field) == ("reply_elsewhere", "reply_to")
    assert counts(hotpot) == (0, 0, 0) and comment_row(elsewhere).replies_count == 0


# --- pins ---------------------------------------------------------------------------------------------
def test_only_the_notes_author_pins_and_one_pin_at_a_time(hotpot, mei, alex):
    first = services.comment_create(author=alex, note=hotpot, text="first")
    second = services.comment_create(author=alex, note=hotpot, text="second")
    error = error_of(services.comment_pin, comment=first, actor=alex)
    assert (error.code, error.status) == ("not_note_author", 403)
    services.comment_pin(comment=first, actor=mei)
    assert comment_row(first).is_pinned
    services.comment_pin(comment=second, actor=mei)
    assert (comment_row(first).is_pinned, comment_row(second).is_pinned) == (False, True)
    services.comment_pin(comment=second, actor=mei)  # pinning the pinned one again is harmless
    services.comment_unpin(comment=second, actor=mei)
    assert not Comment.objects.filter(is_pinned=True).exists()


def test_a_reply_cannot_be_pinned(hotpot, mei, alex):
    root = services.comment_create(author=alex, note=hotpot, text="root")
    reply = services.comment_create(author=mei, note=hotpot, text="reply", reply_to=root)
    error = error_of(services.comment_pin, comment=reply, actor=mei)
    assert (error.code, error.status) == ("cannot_pin_reply", 403)


# --- deleting comments --------------------------------------------------------------------------------
def test_authors_delete_their_own_comments(hotpot, alex, mod_lin):
    comment = services.comment_create(author=alex, note=hotpot, text="oops")
    error = error_of(services.comment_delete, comment=comment, actor=mod_lin)
    assert (error.code, error.status) == ("not_comment_author", 403)
    services.comment_delete(comment=comment, actor=alex)
    assert not Comment.objects.exists() and counts(hotpot) == (0, 0, 0)


def test_the_notes_author_may_delete_comments_on_their_note(hotpot, mei, alex):
    comment = services.comment_create(author=alex, note=hotpot, text="spam")
    services.comment_delete(comment=comment, actor=mei)
    assert counts(hotpot) == (0, 0, 0)


def test_deleting_a_root_removes_its_replies_from_the_count(hotpot, mei, alex, mod_lin):
    root = services.comment_create(author=alex, note=hotpot, text="root")
    for who in (mei, mod_lin, alex):
        services.comment_create(author=who, note=hotpot, text="reply", reply_to=root)
    other = services.comment_create(author=mod_lin, note=hotpot, text="another")
    assert counts(hotpot) == (0, 0, 5)
    services.comment_delete(comment=root, actor=alex)
    assert counts(hotpot) == (0, 0, 1)
    assert list(Comment.objects.all()) == [other]


def test_deleting_a_reply_takes_it_off_its_root(hotpot, alex, mod_lin):
    root = services.comment_create(author=alex, note=hotpot, text="root")
    reply = services.comment_create(author=mod_lin, note=hotpot, text="reply", reply_to=root)
    services.comment_delete(comment=reply, actor=mod_lin)
    assert comment_row(root).replies_count == 0 and counts(hotpot) == (0, 0, 1)


# --- comment likes ------------------------------------------------------------------------------------
def test_comment_likes(hotpot, alex, mod_lin):
    comment = services.comment_create(author=alex, note=hotpot, text="like me")
    services.comment_like_create(user=mod_lin, comment=comment)
    services.comment_like_create(user=alex, comment=comment)
    assert comment_row(comment).likes_count == 2
    error = error_of(services.comment_like_create, user=mod_lin, comment=comment)
    assert (error.code, error.status) == ("already_liked", 409)
    services.comment_like_delete(user=mod_lin, comment=comment)
    assert comment_row(comment).likes_count == 1
    error = error_of(services.comment_like_delete, user=mod_lin, comment=comment)
    assert (error.code, error.status) == ("not_liked", 404)
    assert CommentLike.objects.count() == 1


def test_comments_of_a_blocked_member_cannot_be_liked_or_answered(hotpot, alex, mod_lin):
    comment = services.comment_create(author=alex, note=hotpot, text="hello")
    account_services.block_create(blocker=alex, blocked=mod_lin)
    assert error_of(services.comment_like_create, user=mod_lin, comment=comment).code == "comment_not_found"
    error = error_of(services.comment_create, author=mod_lin, note=hotpot, text="hey", reply_to=comment)
    assert error.code == "comment_not_found"
