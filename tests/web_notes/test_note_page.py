"""The note page: what the author, another member and a visitor see; who gets a 404; and what the
page costs in queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from redleaf.accounts import services as account_services
from redleaf.engagement import services as engagement_services
from redleaf.notes import services as note_services
from redleaf.notes.models import Audience
from tests import factories
from tests.web_notes.conftest import client_for


def url(note) -> str:
    return f"/notes/{note.pk}"


def test_visitor_reads_a_public_note_and_is_asked_to_log_in_for_actions(note):
    response = Client().get(url(note))
    assert response.status_code == 200
    html = response.content.decode()
    assert "番茄牛腩" in html
    assert html.count('class="rl-slide"') == 2
    assert f"/login?next=/notes/{note.pk}" in html  # like, collect, follow and comment all lead there
    assert "hx-post" not in html.split('id="note-actions')[1].split("</div>")[0]
    assert 'name="text"' not in html  # no comment box for a visitor


def test_pictures_use_the_large_variant_with_placeholder_and_alt(mei):
    note = note_services.note_create(author=mei, title="pics", images=[factories.upload("a.jpg")], alts=["A red square"])
    html = Client().get(url(note)).content.decode()
    image = note.cover
    assert image.large_url in html
    assert 'alt="A red square"' in html
    assert f'data-blurhash="{image.blurhash}"' in html
    assert "background-color: #" in html  # the average colour shows while the picture loads


def test_topics_and_resolved_mentions_are_links(note, alex):
    html = Client().get(url(note)).content.decode()
    assert 'href="/topics/%E5%AE%B6%E5%B8%B8%E8%8F%9C"' in html or 'href="/topics/家常菜"' in html
    assert f'href="/u/{alex.username}">@{alex.name}</a>' in html
    assert "@nobody_here" in html and 'href="/u/nobody_here"' not in html  # not a member: plain text
    assert "第二行" in html and "<br>第二行" in html


def test_text_is_escaped(mei):
    note = factories.make_note(mei, title="<b>bold</b>", body="<script>alert(1)</script> #ok", images=0)
    html = Client().get(url(note)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_author_sees_edit_delete_and_state(mei_client, mei):
    draft = factories.make_note(mei, title="Half done", images=1, draft=True)
    html = mei_client.get(url(draft)).content.decode()
    assert f"/notes/{draft.pk}/edit" in html and f"/notes/{draft.pk}/delete" in html
    assert 'class="rl-state is-draft"' in html
    assert f'action="/notes/{draft.pk}/publish"' in html
    assert "note-actions" not in html  # nobody can like a draft yet


def test_another_member_sees_follow_and_actions(note, alex_client):
    html = alex_client.get(url(note)).content.decode()
    assert "/u/mei/follow" in html
    assert f'hx-post="/notes/{note.pk}/like"' in html
    assert 'name="text"' in html
    assert f"/notes/{note.pk}/edit" not in html


def test_audience_badge(mei, mei_client):
    note = factories.make_note(mei, title="mine", audience=Audience.ONLY_ME)
    assert "Only me" in mei_client.get(url(note), HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize("audience", [Audience.FOLLOWERS, Audience.ONLY_ME])
def test_notes_the_viewer_may_not_see_are_404(mei, alex_client, audience):
    note = factories.make_note(mei, title="private", audience=audience)
    response = alex_client.get(url(note))
    assert response.status_code == 404
    assert "private" not in response.content.decode()
    assert Client().get(url(note)).status_code == 404


def test_followers_see_a_followers_note(mei, alex, alex_client):
    note = factories.make_note(mei, title="for friends", audience=Audience.FOLLOWERS)
    account_services.follow_create(follower=alex, followee=mei)
    assert alex_client.get(url(note)).status_code == 200


def test_blocked_either_way_is_404(note, mei, alex, alex_client):
    account_services.block_create(blocker=mei, blocked=alex)
    assert alex_client.get(url(note)).status_code == 404
    assert client_for(mei).get(url(note)).status_code == 200


def test_drafts_and_unknown_ids_are_404(mei, alex_client):
    draft = factories.make_note(mei, title="draft", draft=True)
    assert alex_client.get(url(draft)).status_code == 404
    assert alex_client.get("/notes/999999999").status_code == 404
    assert alex_client.get("/notes/99999999999999999999999").status_code == 404


def _with_comments(mei, note, n: int) -> None:
    others = [factories.make_user() for _ in range(3)]
    for i in range(n):
        comment = engagement_services.comment_create(author=others[i % 3], note=note, text=f"comment {i} @mei")
        for j in range(2):
            engagement_services.comment_create(author=others[(i + j + 1) % 3], note=note, text=f"reply {j}",
                                               reply_to=comment)
        engagement_services.comment_like_create(user=mei, comment=comment)


def _queries(client, note) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url(note))
    assert response.status_code == 200
    return len(ctx)


@pytest.mark.parametrize("who", ["member", "visitor"])
def test_note_page_costs_the_same_with_3_or_20_comments(mei, alex, who):
    small = factories.make_note(mei, title="small @alex #a #b", images=3)
    large = factories.make_note(mei, title="large @alex #a #b", images=3)
    _with_comments(mei, small, 3)
    _with_comments(mei, large, 20)
    engagement_services.comment_pin(comment=large.comments.filter(parent=None).last(), actor=mei)
    client = client_for(alex) if who == "member" else Client()
    _queries(client, small)  # warm the session and content types
    few, many = _queries(client, small), _queries(client, large)
    assert few == many
    assert many <= (22 if who == "member" else 14)
    html = client.get(url(large)).content.decode()
    assert html.count('class="rl-comment ') + html.count('class="rl-comment"') == 11 + 11 * 2  # the pinned one and the first ten
    assert f'hx-get="/notes/{large.pk}/comments?cursor=' in html
