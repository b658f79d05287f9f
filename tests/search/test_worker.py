"""The real worker keeps the index in step: a note published, edited, liked or deleted in one process
queues its index task when the write commits, and `db_worker` in another process runs it. Until then,
search still never shows what the viewer may no longer see (test_visibility.py)."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from redleaf.engagement import services as engagement_services
from redleaf.notes import services as note_services
from redleaf.search import ranking, selectors
from redleaf.search.models import NoteDocument, UserDocument
from tests import factories
from tests.core.test_worker import run_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def found(q: str) -> list[int]:
    return [n.pk for n in selectors.search(viewer=None, params=selectors.clean_params(q=q)).items]


def search_tasks() -> list[str]:
    return list(DBTaskResult.objects.filter(task_path__startswith="redleaf.search.").values_list("status", flat=True))


def test_the_worker_indexes_edits_engagement_and_deletes(settings, tmp_path):
    mei = factories.make_user("mei", display_name="小美", language="zh-hans", languages=["zh"])
    note = factories.make_note(mei, title="抹茶拿铁", body="京都的抹茶", images=0)
    assert found("抹茶") == []  # published, but the worker has not indexed it yet
    assert "READY" in search_tasks()
    result = run_worker(settings, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert set(search_tasks()) == {"SUCCESSFUL"}
    assert found("抹茶") == [note.pk] and found("matcha") == []
    assert UserDocument.objects.filter(user_id=mei.pk).exists()  # the sign-up was indexed too

    note_services.note_update(note=note, actor=mei, title="焙茶拿铁 hojicha latte", body="京都的焙茶")
    alex = factories.make_user("alex", display_name="Alex", language="en", languages=["en"])
    engagement_services.collect_create(user=alex, note=note)
    assert found("抹茶") == []  # the live text decides at once
    assert found("hojicha") == []  # a new word waits for the worker
    result = run_worker(settings, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert found("hojicha") == [note.pk]
    document = NoteDocument.objects.get(note_id=note.pk)
    fresh = ranking.note_rank(likes=0, comments=0, collects=0, published_at=note.published_at)
    assert "抹茶" not in document.words and document.rank > fresh  # the collect counts

    note_services.note_delete(note=note, actor=mei)
    assert found("hojicha") == []
    assert NoteDocument.objects.filter(note_id=note.pk).exists()  # until the worker
    result = run_worker(settings, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert not NoteDocument.objects.filter(note_id=note.pk).exists()


def test_a_draft_and_a_note_under_review_are_indexed_for_their_author(settings, tmp_path):
    """"Search my notes" finds drafts and notes waiting for review once the worker has run, as it does
    published notes; nobody else finds them."""
    settings.TRUST_MIN_RELEASED = 3  # a newcomer: her first note waits for a moderator
    mine = selectors.clean_params(q="焙茶", scope="mine")
    mia = factories.make_user("mia", display_name="Mia", language="en", languages=["en"])
    draft = note_services.note_create(author=mia, title="焙茶 draft", body="hojicha notes", draft=True)
    waiting = note_services.note_create(author=mia, title="焙茶 waiting", body="first note")  # a newcomer's: held
    waiting.refresh_from_db()
    assert waiting.state == "pending"
    result = run_worker(settings, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert set(NoteDocument.objects.values_list("note_id", flat=True)) >= {draft.pk, waiting.pk}
    assert {n.pk for n in selectors.search(viewer=mia, params=mine).items} == {draft.pk, waiting.pk}
    assert found("焙茶") == []
