"""notes/services.py: compose, edit, delete and release notes; nothing is ever half-stored."""

import pytest
from django_tasks_db.models import DBTaskResult

from redleaf.accounts import services as account_services
from redleaf.accounts.models import User
from redleaf.core.errors import RedleafError
from redleaf.engagement import services as engagement
from redleaf.engagement.models import Board, Collect, Comment, Like
from redleaf.media.models import Image
from redleaf.notes import services
from redleaf.notes.models import Audience, Mention, Note, NoteImage, NoteState, NoteTopic, Topic
from tests import factories
from tests.factories import image_bytes, upload


def error_of(call, **kwargs) -> RedleafError:
    with pytest.raises(RedleafError) as info:
        call(**kwargs)
    return info.value


def uploads(n: int) -> list:
    return [upload(f"p{i}.jpg", image_bytes("JPEG", (24 + i, 16), (10 * i % 255, 80, 120))) for i in range(n)]


def topic_counts() -> dict[str, int]:
    return dict(Topic.objects.values_list("key", "notes_count"))


def image_ids(note: Note) -> list[int]:
    return list(NoteImage.objects.filter(note=note).order_by("position").values_list("image_id", flat=True))


def nothing_stored(media_files) -> bool:
    return not Note.objects.exists() and not Image.objects.exists() and not media_files()


# --- create --------------------------------------------------------------------------------------
def test_a_text_only_note_is_published_at_once(mei):
    note = services.note_create(author=mei, title="今天的晚饭", body="番茄炒蛋")
    assert note.state == NoteState.PUBLISHED and note.published_at is not None
    assert note.cover is None and image_ids(note) == []
    assert User.objects.get(pk=mei.pk).notes_count == 1
    assert note.hot_score > 0


def test_a_note_with_images_keeps_their_order_and_cover_and_alts(mei):
    files = uploads(3)
    note = services.note_create(author=mei, title="Three", images=files, alts=["first", "second"])
    ids = image_ids(note)
    assert len(ids) == 3 and note.cover_id == ids[0]
    alts = [Image.objects.get(pk=i).alt for i in ids]
    assert alts == ["first", "second", ""]
    assert [Image.objects.get(pk=i).width for i in ids] == [24, 25, 26]  # in upload order


def test_eighteen_images_are_fine_nineteen_are_refused(mei, media_files):
    note = services.note_create(author=mei, images=uploads(18))
    assert len(image_ids(note)) == 18
    Note.objects.all().delete()
    before = Image.objects.count()
    error = error_of(services.note_create, author=mei, images=uploads(19))
    assert (error.code, error.field, error.status) == ("too_many_images", "images", 400)
    assert Image.objects.count() == before and not Note.objects.exists()


def test_a_bad_image_among_good_ones_stores_nothing(mei, media_files):
    files = uploads(2) + [upload("oops.jpg", b"just text, not a picture")]
    error = error_of(services.note_create, author=mei, title="half", images=files)
    assert error.code == "image_type_unsupported"
    assert nothing_stored(media_files)


@pytest.mark.parametrize(("kwargs", "code", "field"), [
    ({"title": "标" * 41}, "title_too_long", "title"),
    ({"title": "ok", "body": "字" * 1001}, "body_too_long", "body"),
    ({"title": "ok", "audience": "friends"}, "bad_audience", "audience"),
    ({"title": "ok", "audience": "PUBLIC"}, "bad_audience", "audience"),
    ({}, "note_empty", None),
    ({"title": "   ", "body": "\x00\n\t"}, "note_empty", None),
])
def test_bad_notes_are_refused_with_a_stable_code(mei, media_files, kwargs, code, field):
    error = error_of(services.note_create, author=mei, images=uploads(1) if code != "note_empty" else [], **kwargs)
    assert (error.code, error.field, error.status) == (code, field, 400)
    assert nothing_stored(media_files)


def test_limits_are_inclusive_and_count_characters_not_bytes(mei):
    note = services.note_create(author=mei, title="标" * 40, body="字" * 1000)
    assert len(note.title) == 40


def test_limits_follow_the_settings(mei, settings):
    settings.NOTE_TITLE_MAX = 5
    settings.NOTE_BODY_MAX = 10
    settings.NOTE_IMAGES_MAX = 2
    assert error_of(services.note_create, author=mei, title="123456").code == "title_too_long"
    assert error_of(services.note_create, author=mei, body="x" * 11).code == "body_too_long"
    assert error_of(services.note_create, author=mei, images=uploads(3)).code == "too_many_images"
    services.note_create(author=mei, title="12345", body="x" * 10, images=uploads(2))


def test_the_default_audience_is_public_and_others_are_kept(mei):
    assert services.note_create(author=mei, title="a").audience == Audience.PUBLIC
    assert services.note_create(author=mei, title="b", audience=" followers ").audience == Audience.FOLLOWERS
    assert services.note_create(author=mei, title="c", audience="only_me").audience == Audience.ONLY_ME


# --- topics --------------------------------------------------------------------------------------
def test_topics_fold_case_and_count_published_notes(mei, alex):
    services.note_create(author=mei, title="#火锅 真香", body="#Cats 也爱吃 #cats")
    services.note_create(author=alex, body="My #cats #CATS")
    assert topic_counts() == {"火锅": 1, "cats": 2}
    assert Topic.objects.get(key="cats").name == "Cats"  # the first spelling names the topic
    draft = services.note_create(author=alex, body="#cats draft", draft=True)
    assert topic_counts()["cats"] == 2  # drafts do not count
    assert NoteTopic.objects.filter(note=draft).exists()


def test_topic_counts_follow_publish_edit_and_delete(mei):
    note = services.note_create(author=mei, body="#火锅 #川菜", draft=True)
    assert topic_counts() == {"火锅": 0, "川菜": 0}
    note = services.note_update(note=note, actor=mei, publish=True)
    assert topic_counts() == {"火锅": 1, "川菜": 1}
    services.note_update(note=note, actor=mei, body="#火锅 #粤菜")
    assert topic_counts() == {"火锅": 1, "川菜": 0, "粤菜": 1}
    assert set(NoteTopic.objects.filter(note=note).values_list("topic__key", flat=True)) == {"火锅", "粤菜"}
    assert all(nt.published_at == note.published_at for nt in NoteTopic.objects.filter(note=note))
    services.note_delete(note=Note.objects.get(pk=note.pk), actor=mei)
    assert topic_counts() == {"火锅": 0, "川菜": 0, "粤菜": 0}


# --- mentions ------------------------------------------------------------------------------------
def test_mentions_resolve_to_members_and_ignore_unknown_names(mei, alex, mod_lin):
    note = services.note_create(author=mei, body="和@Alex、@mod_lin 还有 @nobody_at_all 一起")
    assert set(Mention.objects.filter(note=note).values_list("user__username", flat=True)) == {"alex", "mod_lin"}
    services.note_update(note=note, actor=mei, body="只有@alex")
    assert list(Mention.objects.filter(note=note).values_list("user__username", flat=True)) == ["alex"]


def test_inactive_members_and_blocks_either_way_are_not_mentioned(mei, alex, mod_lin):
    account_services.block_create(blocker=alex, blocked=mei)  # alex blocked mei
    User.objects.filter(pk=mod_lin.pk).update(is_active=False)
    note = services.note_create(author=mei, body="@alex @mod_lin @mei")
    assert list(Mention.objects.filter(note=note).values_list("user__username", flat=True)) == ["mei"]


# --- drafts and the lifecycle --------------------------------------------------------------------
def test_a_draft_is_published_by_an_edit_with_publish(mei):
    note = services.note_create(author=mei, title="草稿", draft=True)
    assert note.state == NoteState.DRAFT and note.published_at is None
    assert User.objects.get(pk=mei.pk).notes_count == 0
    note = services.note_update(note=note, actor=mei, publish=True)
    assert note.state == NoteState.PUBLISHED and note.published_at is not None
    assert User.objects.get(pk=mei.pk).notes_count == 1
    assert Note.objects.get(pk=note.pk).hot_score == note.hot_score > 0


def test_editing_a_draft_without_publish_keeps_it_a_draft(mei):
    note = services.note_create(author=mei, title="草稿", draft=True)
    note = services.note_update(note=note, actor=mei, title="还是草稿")
    assert (note.state, note.title) == (NoteState.DRAFT, "还是草稿")


def test_note_release_only_touches_pending_notes(mei):
    note = services.note_create(author=mei, title="x", draft=True)
    assert services.note_release(note=note).state == NoteState.DRAFT
    Note.objects.filter(pk=note.pk).update(state=NoteState.PENDING)
    released = services.note_release(note=Note.objects.get(pk=note.pk))
    assert released.state == NoteState.PUBLISHED
    published_at = released.published_at
    # Published again after a second review keeps its first publication time and counts once more.
    Note.objects.filter(pk=note.pk).update(state=NoteState.PENDING)
    User.objects.filter(pk=mei.pk).update(notes_count=0)
    again = services.note_release(note=Note.objects.get(pk=note.pk))
    assert again.published_at == published_at


# --- edit ----------------------------------------------------------------------------------------
def test_edit_reorders_images_and_moves_the_cover(mei):
    note = services.note_create(author=mei, title="three", images=uploads(3))
    a, b, c = image_ids(note)
    note = services.note_update(note=note, actor=mei, image_ids=[c, a, b])
    assert image_ids(note) == [c, a, b] and note.cover_id == c
    assert Note.objects.get(pk=note.pk).cover_id == c


def test_edit_adds_new_images_after_the_kept_ones(mei):
    note = services.note_create(author=mei, title="two", images=uploads(2))
    a, b = image_ids(note)
    note = services.note_update(note=note, actor=mei, image_ids=[b], new_images=uploads(1), alts=["new one"])
    ids = image_ids(note)
    assert ids[0] == b and len(ids) == 2 and Image.objects.get(pk=ids[1]).alt == "new one"


def test_removing_an_image_enqueues_its_clean_up_after_commit(mei, django_capture_on_commit_callbacks,
                                                             run_enqueued_tasks):
    note = services.note_create(author=mei, title="two", images=uploads(2))
    a, b = image_ids(note)
    removed = Image.objects.get(pk=b)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.note_update(note=note, actor=mei, image_ids=[a])
    assert not DBTaskResult.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    task = DBTaskResult.objects.get(task_path__startswith="redleaf.media.")  # search queues its own too
    assert task.task_path == "redleaf.media.tasks.images_delete_unused"
    assert task.args_kwargs["kwargs"] == {"image_ids": [b]}
    with django_capture_on_commit_callbacks(execute=True):
        assert 1 in run_enqueued_tasks()
    assert set(Image.objects.values_list("pk", flat=True)) == {a}
    from django.core.files.storage import default_storage

    assert not any(default_storage.exists(v["path"]) for v in removed.variants.values())


def test_edit_refuses_images_of_another_note(mei):
    mine = services.note_create(author=mei, title="mine", images=uploads(1))
    other = services.note_create(author=mei, title="other", images=uploads(1))
    error = error_of(services.note_update, note=mine, actor=mei, image_ids=image_ids(other))
    assert (error.code, error.field) == ("unknown_image", "image_ids")


def test_edit_counts_kept_and_new_images_together(mei):
    note = services.note_create(author=mei, title="many", images=uploads(17))
    error = error_of(services.note_update, note=note, actor=mei, new_images=uploads(2))
    assert error.code == "too_many_images"
    assert len(image_ids(note)) == 17


def test_edit_cannot_empty_a_note(mei):
    note = services.note_create(author=mei, images=uploads(1))
    assert error_of(services.note_update, note=note, actor=mei, image_ids=[]).code == "note_empty"
    services.note_update(note=note, actor=mei, image_ids=[], title="now text only")


def test_a_failed_edit_stores_none_of_its_new_images(mei, media_files):
    note = services.note_create(author=mei, title="x", images=uploads(1))
    before = (Image.objects.count(), media_files())
    error = error_of(services.note_update, note=note, actor=mei, title="t" * 41, new_images=uploads(2))
    assert error.code == "title_too_long"
    error = error_of(services.note_update, note=note, actor=mei,
                     new_images=uploads(1) + [upload("bad.jpg", b"nope")])
    assert error.code == "image_type_unsupported"
    assert (Image.objects.count(), media_files()) == before


def test_only_the_author_edits_or_deletes(mei, alex):
    note = services.note_create(author=mei, title="mine")
    error = error_of(services.note_update, note=note, actor=alex, title="yours now")
    assert (error.code, error.status) == ("not_note_author", 403)
    assert error_of(services.note_delete, note=note, actor=alex).status == 403
    private = services.note_create(author=mei, title="secret", audience="only_me")
    assert error_of(services.note_delete, note=private, actor=alex).status == 404  # not even visible
    assert Note.objects.count() == 2


def test_edit_changes_audience_and_validates_it(mei):
    note = services.note_create(author=mei, title="x")
    assert services.note_update(note=note, actor=mei, audience="followers").audience == Audience.FOLLOWERS
    assert error_of(services.note_update, note=note, actor=mei, audience="everyone").code == "bad_audience"


# --- delete --------------------------------------------------------------------------------------
def test_delete_takes_every_counter_down_and_the_worker_deletes_the_files(
        mei, alex, mod_lin, media_files, django_capture_on_commit_callbacks, run_enqueued_tasks):
    note = services.note_create(author=mei, title="#火锅 night", images=uploads(2))
    board = engagement.board_create(owner=alex, name="吃")
    engagement.like_create(user=alex, note=note)
    engagement.like_create(user=mod_lin, note=note)
    engagement.collect_create(user=alex, note=note, board=board)
    engagement.collect_create(user=mod_lin, note=note)
    engagement.comment_create(author=alex, note=note, text="yum")
    assert User.objects.get(pk=mei.pk).likes_received_count == 2
    assert len(media_files()) == 4

    with django_capture_on_commit_callbacks(execute=True):
        services.note_delete(note=note, actor=mei)

    mei = User.objects.get(pk=mei.pk)
    assert (mei.notes_count, mei.likes_received_count) == (0, 0)
    assert topic_counts() == {"火锅": 0}
    assert Board.objects.get(pk=board.pk).collects_count == 0
    assert Board.objects.get(owner=mod_lin, is_default=True).collects_count == 0
    assert not (Like.objects.exists() or Collect.objects.exists() or Comment.objects.exists())
    assert Image.objects.count() == 2 and len(media_files()) == 4  # until the worker runs
    with django_capture_on_commit_callbacks(execute=True):
        run_enqueued_tasks()
    assert not Image.objects.exists() and media_files() == []


def test_deleting_a_draft_leaves_published_counts_alone(mei):
    services.note_create(author=mei, body="#火锅")
    draft = services.note_create(author=mei, body="#火锅 draft", draft=True)
    services.note_delete(note=draft, actor=mei)
    assert User.objects.get(pk=mei.pk).notes_count == 1
    assert topic_counts() == {"火锅": 1}


def test_images_shared_with_an_avatar_survive_a_note_delete(mei, django_capture_on_commit_callbacks,
                                                           run_enqueued_tasks):
    note = factories.make_note(mei, images=1)
    image_id = image_ids(note)[0]
    User.objects.filter(pk=mei.pk).update(avatar_id=image_id)
    with django_capture_on_commit_callbacks(execute=True):
        services.note_delete(note=note, actor=mei)
        run_enqueued_tasks()
    assert Image.objects.filter(pk=image_id).exists()


# --- rescoring -----------------------------------------------------------------------------------
def test_note_rescore_uses_the_current_counts(mei):
    from redleaf.notes.scoring import hot_score

    note = services.note_create(author=mei, title="x")
    Note.objects.filter(pk=note.pk).update(likes_count=7, collects_count=1, comments_count=1)
    services.note_rescore(note_id=note.pk)
    expected = hot_score(likes=7, collects=1, comments=1, published_at=note.published_at)
    assert Note.objects.get(pk=note.pk).hot_score == pytest.approx(expected)
    services.note_rescore(note_id=123)  # gone: nothing to do
