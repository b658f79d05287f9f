"""The events other apps follow (core/events.py) are sent once the write commits, and never for a
write that rolled back."""

from __future__ import annotations

import pytest
from django.db import transaction

from redleaf.accounts import services as account_services
from redleaf.core import events
from redleaf.engagement import services as engagement_services
from redleaf.notes import services as note_services
from tests import factories


@pytest.fixture
def heard():
    got: list[tuple[str, dict]] = []

    def listener(name):
        def receive(sender, signal, **kwargs):
            got.append((name, kwargs))
        return receive

    receivers = {sig: listener(name) for name, sig in
                 (("note", events.note_changed), ("engaged", events.engaged), ("account", events.account_changed))}
    for sig, fn in receivers.items():
        sig.connect(fn)
    yield got
    for sig, fn in receivers.items():
        sig.disconnect(fn)


@pytest.mark.django_db(transaction=True)
def test_note_life_is_told_after_commit(heard, mei, alex):
    note = factories.make_note(mei, title="红烧肉", images=0)
    assert ("note", {"note_id": note.pk, "reason": "published"}) in heard
    heard.clear()
    engagement_services.like_create(user=alex, note=note)
    engagement_services.collect_create(user=alex, note=note)
    engagement_services.comment_create(author=alex, note=note, text="Looks great")
    engagement_services.like_delete(user=alex, note=note)
    assert [(n, k["action"]) for n, k in heard] == [("engaged", "like"), ("engaged", "collect"),
                                                      ("engaged", "comment"), ("engaged", "unlike")]
    heard.clear()
    note_services.note_update(note=note, actor=mei, title="红烧肉做法")
    note_services.note_delete(note=note, actor=mei)
    reasons = [k["reason"] for n, k in heard if n == "note"]
    assert reasons[-1] == "deleted" and "edited" in reasons


@pytest.mark.django_db(transaction=True)
def test_nothing_is_told_for_a_rolled_back_write(heard, mei):
    heard.clear()  # mei's own sign-up
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.make_note(mei, title="never", images=0)
        raise RuntimeError
    assert heard == []
    account_services.account_suspend(user=mei)
    assert heard == [("account", {"user_id": mei.pk, "reason": "suspended"})]
