"""Counters stay right when many members act on one note at the same moment: real threads, each with
its own database connection, against the real database (SQLite takes IMMEDIATE write locks and waits
up to 20 s; PostgreSQL locks rows)."""

import threading

import pytest
from django.db import connection

from redleaf.accounts import services as account_services
from redleaf.accounts.models import Follow, User
from redleaf.core.errors import RedleafError
from redleaf.engagement import services
from redleaf.engagement.models import Board, Collect, Comment, CommentLike, Like
from redleaf.notes import services as note_services
from redleaf.notes.models import Note
from tests import factories

THREADS = 8


def together(action, members, load=None) -> list[BaseException]:
    """Run `action(member)` in one thread per member, all released at once; return what they raised.
    With `load`, each thread first reads its own copy of the rows it acts on, as a request would
    (`action(member, loaded)`), so no two threads share one model instance."""
    barrier = threading.Barrier(len(members))
    errors: list[BaseException] = []

    def run(member):
        try:
            loaded = load() if load else None
            barrier.wait(timeout=30)
            action(member, loaded) if load else action(member)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    return errors


@pytest.fixture
def crowd(transactional_db):
    author = factories.make_user("hotpot_author")
    fans = [factories.make_user(f"fan{i}") for i in range(THREADS)]
    note = factories.make_note(author, title="#火锅 人气王", images=0)
    return author, fans, Note.objects.select_related("author").get(pk=note.pk)


@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_collects_and_comments_keep_counters_equal_to_rows(crowd):
    author, fans, note = crowd

    def engage(fan):
        services.like_create(user=fan, note=note)
        services.collect_create(user=fan, note=note)
        services.comment_create(author=fan, note=note, text=f"{fan.username} 也想吃")

    assert together(engage, fans) == []
    fresh = Note.objects.get(pk=note.pk)
    assert fresh.likes_count == Like.objects.filter(note=note).count() == THREADS
    assert fresh.collects_count == Collect.objects.filter(note=note).count() == THREADS
    assert fresh.comments_count == Comment.objects.filter(note=note).count() == THREADS
    assert User.objects.get(pk=author.pk).likes_received_count == THREADS
    assert all(b.collects_count == 1 for b in Board.objects.filter(owner__in=fans))

    # Half take their like back while the other half reply to the first comment, all at once.
    root = Comment.objects.filter(note=note).order_by("id").first()

    def mixed(fan):
        if fans.index(fan) % 2:
            services.like_delete(user=fan, note=note)
            services.collect_delete(user=fan, note=note)
        else:
            services.comment_create(author=fan, note=note, text="回复", reply_to=root)

    assert together(mixed, fans) == []
    fresh = Note.objects.get(pk=note.pk)
    assert fresh.likes_count == Like.objects.filter(note=note).count() == THREADS // 2
    assert fresh.collects_count == Collect.objects.filter(note=note).count() == THREADS // 2
    assert fresh.comments_count == Comment.objects.filter(note=note).count() == THREADS + THREADS // 2
    assert Comment.objects.get(pk=root.pk).replies_count == THREADS // 2
    assert User.objects.get(pk=author.pk).likes_received_count == THREADS // 2


@pytest.mark.django_db(transaction=True)
def test_one_member_liking_twice_at_once_gets_one_like_and_a_conflict(crowd):
    _author, fans, note = crowd
    errors = together(lambda fan: services.like_create(user=fans[0], note=note), fans)
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, RedleafError) and e.code == "already_liked" for e in errors), errors
    assert Note.objects.get(pk=note.pk).likes_count == Like.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_follows_keep_follower_counts(crowd):
    author, fans, _note = crowd
    assert together(lambda fan: account_services.follow_create(follower=fan, followee=author), fans) == []
    assert User.objects.get(pk=author.pk).followers_count == Follow.objects.filter(followee=author).count() == THREADS
    assert all(u.following_count == 1 for u in User.objects.filter(pk__in=[f.pk for f in fans]))


def only_not_found(errors) -> bool:
    return all(isinstance(e, RedleafError) and e.status == 404 for e in errors)


@pytest.mark.django_db(transaction=True)
def test_replies_racing_the_deletion_of_their_root(crowd):
    author, fans, note = crowd
    root = services.comment_create(author=fans[0], note=note, text="root")
    services.comment_create(author=fans[1], note=note, text="first reply", reply_to=root)

    def load():
        return Note.objects.select_related("author").get(pk=note.pk), Comment.objects.get(pk=root.pk)

    def act(fan, loaded):
        my_note, my_root = loaded
        if fan == fans[0]:
            services.comment_delete(comment=my_root, actor=fan)
        elif fans.index(fan) % 2:
            services.comment_create(author=fan, note=my_note, text="回复", reply_to=my_root)
        else:
            services.comment_like_create(user=fan, comment=my_root)

    errors = together(act, fans, load)
    assert only_not_found(errors), errors  # what came too late finds no comment: a clean 404
    fresh = Note.objects.get(pk=note.pk)
    assert fresh.comments_count == Comment.objects.filter(note=note).count() == 0
    assert not CommentLike.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_likes_and_comments_racing_the_deletion_of_their_note(crowd):
    author, fans, note = crowd

    def load():
        return Note.objects.select_related("author").get(pk=note.pk)

    def act(fan, my_note):
        if fan == fans[0]:
            note_services.note_delete(note=my_note, actor=author)
        elif fans.index(fan) % 2:
            services.like_create(user=fan, note=my_note)
        else:
            services.comment_create(author=fan, note=my_note, text="还在吗")

    errors = together(act, fans, load)
    assert only_not_found(errors), errors
    assert not Note.objects.filter(pk=note.pk).exists()
    assert not Like.objects.exists() and not Comment.objects.exists()
    assert User.objects.get(pk=author.pk).likes_received_count == 0
