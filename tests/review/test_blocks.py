"""Review: a block is silent and whole: the blocked member cannot reach the blocker's threads, even
through a reply someone else wrote in them."""

from __future__ import annotations

import pytest

from redleaf.accounts import services as account_services
from redleaf.core.errors import NotFound
from redleaf.engagement import services as engagement_services
from redleaf.engagement.models import Comment
from tests import factories


@pytest.fixture
def thread(mei, alex, mod_lin):
    """On mod_lin's note, alex's comment with mei's reply under it; alex then blocks bo."""
    note = factories.make_note(mod_lin, title="Weekend market")
    root = engagement_services.comment_create(author=alex, note=note, text="Which stall?")
    reply = engagement_services.comment_create(author=mei, note=note, text="The third one", reply_to=root)
    bo = factories.make_user("bobo")
    account_services.block_create(blocker=alex, blocked=bo)
    return note, root, reply, bo


@pytest.mark.django_db
def test_blocked_member_cannot_reply_into_the_blockers_thread_through_another_reply(thread):
    note, root, reply, bo = thread
    with pytest.raises(NotFound):
        engagement_services.comment_create(author=bo, note=note, text="me too", reply_to=reply)
    assert not Comment.objects.filter(author=bo).exists()
    root.refresh_from_db()
    assert root.replies_count == 1


@pytest.mark.django_db
def test_blocked_member_cannot_reply_into_the_blockers_thread_over_the_api(thread, client):
    note, _root, reply, bo = thread
    token = account_services.token_create(user=bo)
    response = client.post(f"/api/v1/notes/{note.pk}/comments", {"text": "me too", "reply_to": str(reply.pk)},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "comment_not_found"
    assert not Comment.objects.filter(author=bo).exists()


@pytest.mark.django_db
def test_others_still_reply_to_a_reply_in_the_thread(thread, mod_lin):
    note, root, reply, _bo = thread
    answer = engagement_services.comment_create(author=mod_lin, note=note, text="Agreed", reply_to=reply)
    assert answer.parent_id == root.pk
