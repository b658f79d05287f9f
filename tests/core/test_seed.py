"""`redleaf seed`: the demo (through the services) and the bulk mode (straight to the tables) leave a
database whose every counter equals the rows it counts, and whose feeds show something."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Count, F, Q
from django.utils import timezone, translation

from redleaf.accounts.models import Follow, User
from redleaf.accounts.services import user_authenticate
from redleaf.core.demo import people
from redleaf.core.demo.seed import REVIEW_QUEUE_MEMBERS, REVIEW_QUEUE_NOTES
from redleaf.core.ids import id_time
from redleaf.engagement.models import Board, Collect, Comment, CommentLike, Like
from redleaf.moderation.models import Case
from redleaf.notes.models import Note, NoteImage, NoteState, NoteTopic, Topic
from redleaf.notes.scoring import hot_score
from redleaf.notes.selectors import feed_explore, feed_following


def seed(*args: str) -> str:
    out = io.StringIO()
    with translation.override("en"):  # the messages are translated; these tests read the English
        call_command("seed", *args, "--no-progress", stdout=out)
    return out.getvalue()


def _counts(qs, field: str) -> dict[int, int]:
    return dict(qs.values_list(field).annotate(n=Count("*")).values_list(field, "n"))


def assert_counters_match_rows() -> None:
    likes = _counts(Like.objects, "note")
    collects = _counts(Collect.objects, "note")
    comments = _counts(Comment.objects.filter(state="published"), "note")
    for note in Note.objects.only("likes_count", "collects_count", "comments_count", "hot_score", "published_at"):
        assert note.likes_count == likes.get(note.pk, 0), note.pk
        assert note.collects_count == collects.get(note.pk, 0), note.pk
        assert note.comments_count == comments.get(note.pk, 0), note.pk
        expected = hot_score(likes=note.likes_count, collects=note.collects_count, comments=note.comments_count,
                             published_at=note.published_at)
        assert note.hot_score == pytest.approx(expected), note.pk

    followers, following = _counts(Follow.objects, "followee"), _counts(Follow.objects, "follower")
    published = _counts(Note.objects.filter(state=NoteState.PUBLISHED), "author")
    received = _counts(Like.objects, "note__author")
    for user in User.objects.all():
        assert user.followers_count == followers.get(user.pk, 0), user.username
        assert user.following_count == following.get(user.pk, 0), user.username
        assert user.notes_count == published.get(user.pk, 0), user.username
        assert user.likes_received_count == received.get(user.pk, 0), user.username

    replies = _counts(Comment.objects.filter(state="published"), "parent")
    comment_likes = _counts(CommentLike.objects, "comment")
    for comment in Comment.objects.only("replies_count", "likes_count", "parent_id", "is_pinned"):
        assert comment.replies_count == replies.get(comment.pk, 0)
        assert comment.likes_count == comment_likes.get(comment.pk, 0)
        assert not (comment.is_pinned and comment.parent_id), "only top-level comments are pinned"
    assert not Comment.objects.filter(parent__parent__isnull=False).exists(), "one level of replies"

    board_collects = _counts(Collect.objects, "board")
    for board in Board.objects.all():
        assert board.collects_count == board_collects.get(board.pk, 0)
    assert not Collect.objects.exclude(board__owner=F("user")).exists(), "collects go to the member's boards"

    topic_notes = _counts(NoteTopic.objects.filter(note__state=NoteState.PUBLISHED), "topic")
    for topic in Topic.objects.all():
        assert topic.notes_count == topic_notes.get(topic.pk, 0), topic.name

    # engagement only where the member may engage: published notes
    assert not Like.objects.exclude(note__state=NoteState.PUBLISHED).exists()
    assert not Comment.objects.exclude(note__state=NoteState.PUBLISHED).exists()
    assert User.objects.filter(boards__is_default=True).count() == User.objects.count()


# --- the demo -----------------------------------------------------------------------------------------
def test_demo_seed_keeps_every_counter_and_rule(db):
    output = seed("--members", "6", "--notes", "12")

    assert "demo" in output and people.DEMO_PASSWORD in output
    assert User.objects.count() == 6 + REVIEW_QUEUE_MEMBERS  # newcomers whose first notes wait for review
    assert Note.objects.count() == 12 + REVIEW_QUEUE_NOTES
    assert Note.objects.filter(state=NoteState.PENDING).count() == REVIEW_QUEUE_NOTES
    assert Case.objects.filter(state="open").count() >= REVIEW_QUEUE_NOTES
    assert User.objects.get(username=people.DEMO_USERNAME).is_moderator
    assert Like.objects.exists() and Comment.objects.exists() and Follow.objects.exists()
    assert Comment.objects.filter(parent__isnull=False).exists(), "some replies"
    assert_counters_match_rows()

    demo = user_authenticate(username=people.DEMO_USERNAME, password=people.DEMO_PASSWORD)
    assert set(demo.languages) == {"zh", "en"}
    assert all(user.languages for user in User.objects.all())
    titles = list(Note.objects.values_list("title", flat=True))
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in titles), "some Chinese notes"
    assert any(t.isascii() for t in titles), "some English notes"
    assert NoteImage.objects.exists() and Topic.objects.exists()

    now = timezone.now()
    published = list(Note.objects.filter(state=NoteState.PUBLISHED).values_list("published_at", flat=True))
    assert all(now - timedelta(days=31) < moment < now for moment in published)
    assert len(set(published)) == len(published), "spread over the month, not all at once"
    for note in Note.objects.filter(comments__isnull=False).distinct():
        assert not note.comments.filter(created_at__lt=note.published_at).exists(), "comments come after notes"

    feed = feed_following(viewer=demo)
    assert feed.items, "demo follows people who posted"
    assert feed_explore(viewer=None).items


def test_same_seed_gives_the_same_demo(db):
    def snapshot():
        return (sorted(User.objects.values_list("username", "display_name")),
                sorted(Note.objects.values_list("title", "body")))

    seed("--members", "3", "--notes", "4", "--seed", "7")
    first = snapshot()
    connection.check_constraints()  # also runs PostgreSQL's deferred checks, which flush needs done
    call_command("flush", interactive=False, verbosity=0)
    assert not User.objects.exists()
    seed("--members", "3", "--notes", "4", "--seed", "7")
    assert snapshot() == first
    assert len(first[1]) == 4 + REVIEW_QUEUE_NOTES


def test_if_empty_does_nothing_when_members_exist(alex):
    output = seed("--if-empty", "--members", "3", "--notes", "3")

    assert "nothing seeded" in output
    assert list(User.objects.values_list("username", flat=True)) == ["alex"]
    assert not Note.objects.exists()


def test_seeding_a_database_with_members_is_refused(alex):
    with pytest.raises(CommandError):
        seed("--members", "3", "--notes", "3")
    with pytest.raises(CommandError):
        seed("--bulk", "--members", "10", "--notes", "10")


# --- bulk -------------------------------------------------------------------------------------------
def test_bulk_seed_is_consistent_and_feeds_show_notes(db):
    output = seed("--bulk", "--members", "200", "--notes", "2000")
    connection.check_constraints()  # every foreign key points at a row

    assert "Bulk seed" in output
    assert User.objects.count() == 200
    assert Note.objects.count() == 2000
    assert Follow.objects.count() > 200 * 10
    assert Like.objects.count() > 2000 and Comment.objects.count() > 1000
    assert Comment.objects.filter(parent__isnull=False).exists() and Comment.objects.filter(is_pinned=True).exists()
    assert_counters_match_rows()
    # ids are snowflakes made at each row's own time
    for note in Note.objects.filter(state=NoteState.PUBLISHED)[:50]:
        assert abs((id_time(note.pk) - note.published_at).total_seconds()) < 1
    assert Note.objects.filter(Q(cover__isnull=False)).exists()

    demo = user_authenticate(username=people.DEMO_USERNAME, password=people.DEMO_PASSWORD)
    assert demo.following_count > 100
    follower = User.objects.filter(following_count__gt=0).exclude(pk=demo.pk).first()
    for viewer in (demo, follower):
        page = feed_following(viewer=viewer)
        assert page.items
        followed = set(Follow.objects.filter(follower=viewer).values_list("followee_id", flat=True))
        assert {note.author_id for note in page.items} <= followed
    assert len(feed_explore(viewer=demo).items) == 20
