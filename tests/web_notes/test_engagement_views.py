"""Likes, collects and comments from the note page: HTMX requests get the changed part back with
fresh counts, plain form posts go back to the note, visitors are sent to log in."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from redleaf.accounts import services as account_services
from redleaf.engagement import services as engagement_services
from redleaf.engagement.models import Board, Collect, Comment, CommentLike, Like
from tests import factories
from tests.web_notes.conftest import HTMX, client_for


def count(html: str, kind: str) -> str:
    match = re.search(rf'data-count="{kind}">([^<]*)<', html)
    assert match, f"no {kind} count in the partial"
    return match.group(1).strip()


# --- likes ----------------------------------------------------------------------------------------

def test_like_and_unlike_over_htmx_return_the_action_bar(note, alex, alex_client):
    response = alex_client.post(f"/notes/{note.pk}/like", **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<div class="rl-actions" id="note-actions-{note.pk}"')
    assert "<html" not in html
    assert count(html, "likes") == "1"
    assert 'aria-pressed="true"' in html and f'hx-post="/notes/{note.pk}/unlike"' in html
    assert Like.objects.filter(user=alex, note=note).exists()

    again = alex_client.post(f"/notes/{note.pk}/like", **HTMX)  # a double click changes nothing
    assert again.status_code == 200 and count(again.content.decode(), "likes") == "1"

    response = alex_client.post(f"/notes/{note.pk}/unlike", **HTMX)
    html = response.content.decode()
    assert count(html, "likes") == "Like"
    assert f'hx-post="/notes/{note.pk}/like"' in html
    assert not Like.objects.filter(user=alex, note=note).exists()


def test_like_without_javascript_goes_back_to_the_note(note, alex_client):
    response = alex_client.post(f"/notes/{note.pk}/like")
    assert response.status_code == 302 and response["Location"] == f"/notes/{note.pk}"
    note.refresh_from_db()
    assert note.likes_count == 1


def test_visitors_are_sent_to_log_in(note):
    response = Client().post(f"/notes/{note.pk}/like")
    assert response.status_code == 302 and response["Location"].startswith("/login?next=")
    response = Client().post(f"/notes/{note.pk}/like", HTTP_HX_REQUEST="true",
                             HTTP_HX_CURRENT_URL=f"http://testserver/notes/{note.pk}")
    assert response["HX-Redirect"] == f"/login?next=%2Fnotes%2F{note.pk}"
    assert not Like.objects.exists()


def test_liking_a_note_you_cannot_see_is_404(mei, alex_client):
    hidden = factories.make_note(mei, title="only me", audience="only_me")
    assert alex_client.post(f"/notes/{hidden.pk}/like", **HTMX).status_code == 404
    assert not Like.objects.exists()


def test_liking_a_draft_is_refused(mei, mei_client):
    draft = factories.make_note(mei, title="draft", draft=True)
    response = mei_client.post(f"/notes/{draft.pk}/like", **HTMX)
    assert response.status_code == 409
    assert not Like.objects.exists()


# --- collects and boards ----------------------------------------------------------------------------

def test_collect_into_a_board_and_uncollect(note, alex, alex_client):
    board = engagement_services.board_create(owner=alex, name="Dinner ideas")
    response = alex_client.post(f"/notes/{note.pk}/collect", {"board_id": board.pk}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert count(html, "collects") == "1"
    assert f'hx-post="/notes/{note.pk}/uncollect"' in html
    assert Collect.objects.get(user=alex, note=note).board_id == board.pk

    response = alex_client.post(f"/notes/{note.pk}/uncollect", **HTMX)
    html = response.content.decode()
    assert count(html, "collects") == "Collect"
    assert "Dinner ideas" in html  # the picker is back
    assert not Collect.objects.exists()


def test_collect_without_a_board_goes_to_the_default_board(note, alex, alex_client):
    alex_client.post(f"/notes/{note.pk}/collect", **HTMX)
    assert Collect.objects.get(user=alex).board.is_default


def test_collect_into_someone_elses_board_is_refused(note, mei, alex_client):
    board = engagement_services.board_create(owner=mei, name="Mei's")
    response = alex_client.post(f"/notes/{note.pk}/collect", {"board_id": board.pk}, **HTMX)
    assert response.status_code == 404
    assert not Collect.objects.exists()


def test_new_board_from_the_picker(note, alex, alex_client):
    response = alex_client.post("/boards/new", {"name": "Weekend", "note": note.pk, "is_private": "on"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    board = Board.objects.get(owner=alex, name="Weekend")
    assert board.is_private
    assert f'class="rl-board is-new" type="submit" name="board_id" value="{board.pk}"' in html
    assert "<details class=\"rl-picker-wrap\" open>" in html
    default = Board.objects.get(owner=alex, is_default=True)
    assert html.index(f'value="{board.pk}"') < html.index(f'value="{default.pk}"')  # the new one first

    again = alex_client.post("/boards/new", {"name": "Weekend", "note": note.pk}, **HTMX)
    assert again.status_code == 409
    assert again["HX-Retarget"] == f"#board-error-{note.pk}"
    assert "already have a board with that name" in again.content.decode()


# --- comments -------------------------------------------------------------------------------------

def test_new_comment_appears_with_fresh_counts(note, alex_client, alex):
    response = alex_client.post(f"/notes/{note.pk}/comments", {"text": "Looks great <3"}, **HTMX)
    assert response.status_code == 200
    comment = Comment.objects.get(author=alex)
    assert response["HX-Retarget"] == f"#new-comments-{note.pk}"
    assert response["HX-Reswap"] == "afterbegin"
    html = response.content.decode()
    assert f'id="comment-{comment.pk}"' in html and "Looks great &lt;3" in html
    assert f'id="note-actions-{note.pk}" hx-swap-oob="true"' in html
    assert count(html, "comments") == "1"
    assert f'id="comments-head-{note.pk}" hx-swap-oob="true"' in html


def test_reply_goes_under_its_comment_and_names_who_it_answers(note, mei, alex, alex_client):
    top = engagement_services.comment_create(author=mei, note=note, text="first")
    reply = engagement_services.comment_create(author=mei, note=note, text="second", reply_to=top)
    response = alex_client.post(f"/notes/{note.pk}/comments", {"text": "answer", "reply_to": reply.pk}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#replies-{top.pk}"
    assert response["HX-Reswap"] == "beforeend"
    mine = Comment.objects.get(author=alex)
    assert mine.parent_id == top.pk and mine.reply_to_user_id == mei.pk
    assert f'href="/u/{mei.username}">{mei.name}</a>' in response.content.decode()


def test_reply_form_without_javascript_names_who_you_answer(note, mei, alex_client):
    top = engagement_services.comment_create(author=mei, note=note, text="first")
    html = alex_client.get(f"/notes/{note.pk}?reply_to={top.pk}").content.decode()
    assert f'name="reply_to" value="{top.pk}"' in html
    assert f'<b class="rl-replying-name">{mei.name}</b>' in html


def test_comment_without_javascript_redirects_to_it(note, alex_client, alex):
    response = alex_client.post(f"/notes/{note.pk}/comments", {"text": "plain"})
    comment = Comment.objects.get(author=alex)
    assert response.status_code == 302
    assert response["Location"] == f"/notes/{note.pk}#comment-{comment.pk}"


@pytest.mark.parametrize("text, message", [("   ", "Write something first."), ("x" * 501, "at most 500 characters")])
def test_bad_comment_shows_the_message_in_the_form(note, alex_client, text, message):
    response = alex_client.post(f"/notes/{note.pk}/comments", {"text": text}, HTTP_ACCEPT_LANGUAGE="en", **HTMX)
    assert response.status_code == 400
    assert response["HX-Retarget"] == f"#comment-error-{note.pk}"
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_commenting_where_blocked_is_404(note, mei, alex, alex_client):
    account_services.block_create(blocker=mei, blocked=alex)
    response = alex_client.post(f"/notes/{note.pk}/comments", {"text": "hi"}, **HTMX)
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_comments_page_by_cursor(note, mei, alex, settings, monkeypatch):
    settings.FEED_PAGE_SIZE = 2
    monkeypatch.setattr("redleaf.notes.views.FIRST_COMMENTS", 2)
    made = [engagement_services.comment_create(author=alex, note=note, text=f"c{i}") for i in range(5)]
    engagement_services.comment_pin(comment=made[3], actor=mei)
    page = Client().get(f"/notes/{note.pk}")
    html = page.content.decode()
    first = re.findall(r'<div class="rl-comment[^"]*" id="comment-(\d+)"', html)
    assert [int(i) for i in first] == [made[3].pk, made[0].pk, made[1].pk]  # pinned first
    next_url = re.search(r'hx-get="(/notes/\d+/comments\?cursor=[^"]+)"', html).group(1)
    seen = [int(i) for i in first]
    while next_url:
        response = Client().get(next_url.replace("&amp;", "&"), **HTMX)
        assert response.status_code == 200
        part = response.content.decode()
        assert "<html" not in part
        seen += [int(i) for i in re.findall(r'id="comment-(\d+)"', part)]
        match = re.search(r'hx-get="(/notes/\d+/comments\?cursor=[^"]+)"', part)
        next_url = match.group(1) if match else None
    assert sorted(seen) == sorted(c.pk for c in made) and len(seen) == 5  # every one once, pinned not twice
    assert Client().get(f"/notes/{note.pk}/comments?cursor=garbage").status_code == 400
    full = Client().get(f"/notes/{note.pk}/comments")
    assert full.status_code == 200 and "<html" in full.content.decode()


def test_more_replies(note, mei, alex, settings):
    top = engagement_services.comment_create(author=mei, note=note, text="top")
    replies = [engagement_services.comment_create(author=alex, note=note, text=f"r{i}", reply_to=top)
               for i in range(6)]
    html = Client().get(f"/notes/{note.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Show 3 more replies" in html
    more = re.search(r'hx-get="(/comments/\d+/replies\?cursor=[^"]+)"', html).group(1)
    part = Client().get(more, **HTMX).content.decode()
    assert re.findall(r'id="comment-(\d+)"', part) == [str(r.pk) for r in replies[3:]]
    full = Client().get(more.replace("&amp;", "&"))  # without JavaScript: a page of its own
    assert full.status_code == 200 and "<html" in full.content.decode() and "r5" in full.content.decode()


def test_comment_like_and_unlike(note, mei, alex, alex_client):
    comment = engagement_services.comment_create(author=mei, note=note, text="like me")
    response = alex_client.post(f"/comments/{comment.pk}/like", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'aria-pressed="true"' in html and ">1</span>" in html
    assert CommentLike.objects.filter(user=alex, comment=comment).exists()
    html = alex_client.post(f"/comments/{comment.pk}/unlike", **HTMX).content.decode()
    assert 'aria-pressed="false"' in html
    assert not CommentLike.objects.exists()


def test_note_author_pins_and_unpins(note, mei, alex, mei_client, alex_client):
    first = engagement_services.comment_create(author=alex, note=note, text="first")
    second = engagement_services.comment_create(author=alex, note=note, text="second")
    assert alex_client.post(f"/comments/{second.pk}/pin", **HTMX).status_code == 403
    response = mei_client.post(f"/comments/{second.pk}/pin", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index(f'id="comment-{second.pk}"') < html.index(f'id="comment-{first.pk}"')
    assert "is-pinned" in html and f'/comments/{second.pk}/unpin' in html
    html = mei_client.post(f"/comments/{second.pk}/unpin", **HTMX).content.decode()
    assert html.index(f'id="comment-{first.pk}"') < html.index(f'id="comment-{second.pk}"')
    assert not Comment.objects.filter(is_pinned=True).exists()


def test_pin_buttons_show_only_to_the_note_author(note, alex, mei_client, alex_client):
    comment = engagement_services.comment_create(author=alex, note=note, text="hello")
    assert f"/comments/{comment.pk}/pin" in mei_client.get(f"/notes/{note.pk}").content.decode()
    assert f"/comments/{comment.pk}/pin" not in alex_client.get(f"/notes/{note.pk}").content.decode()


def test_delete_own_comment_and_the_note_author_deletes_others(note, mei, alex, mei_client, alex_client):
    top = engagement_services.comment_create(author=alex, note=note, text="top")
    engagement_services.comment_create(author=mei, note=note, text="reply", reply_to=top)
    other = engagement_services.comment_create(author=alex, note=note, text="other")
    stranger = client_for(factories.make_user("stranger"))
    assert stranger.post(f"/comments/{other.pk}/delete", **HTMX).status_code == 403

    response = alex_client.post(f"/comments/{top.pk}/delete", **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert count(html, "comments") == "1"  # the comment and its reply went
    assert 'id="comment-' not in html  # nothing is swapped in where it was
    response = mei_client.post(f"/comments/{other.pk}/delete", **HTMX)
    assert response.status_code == 200
    assert not Comment.objects.exists()
    note.refresh_from_db()
    assert note.comments_count == 0
