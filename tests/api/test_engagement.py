"""Engagement over the API: likes, collects and boards, comments, replies, comment likes and pins."""

from __future__ import annotations

import pytest

from redleaf.engagement.models import Board, Collect, Comment, CommentLike, Like
from tests import factories

V1 = "/api/v1"


@pytest.fixture
def note(mei):
    """mei's public note."""
    return factories.make_note(mei, title="周末早餐", images=1)


# --- likes ---------------------------------------------------------------------------------------
class TestNoteLike:
    endpoint = f"{V1}/notes/{{}}/like"

    def test_like_and_unlike(self, api, note, alex):
        assert api(alex).ok("POST", self.endpoint.format(note.pk)) == {"liked": True, "likes": 1}
        assert Like.objects.filter(user=alex, note=note).exists()
        assert api(alex).ok("DELETE", self.endpoint.format(note.pk)) == {"liked": False, "likes": 0}
        assert not Like.objects.exists()

    def test_twice(self, api, note, alex):
        api(alex).ok("POST", self.endpoint.format(note.pk))
        api(alex).fails("POST", self.endpoint.format(note.pk), 409, "already_liked")
        note.refresh_from_db()
        assert note.likes_count == 1

    def test_unlike_without_like(self, api, note, alex):
        api(alex).fails("DELETE", self.endpoint.format(note.pk), 404, "not_liked")

    def test_unauthenticated(self, api, note):
        api().fails("POST", self.endpoint.format(note.pk), 401, "unauthenticated")

    def test_unknown_note(self, api, alex):
        for note_id in ("999", "abc", "-1", "99999999999999999999999"):
            api(alex).fails("POST", self.endpoint.format(note_id), 404, "note_not_found")

    def test_blocked(self, api, note, alex):
        api(note.author).ok("POST", f"{V1}/users/alex/block")
        api(alex).fails("POST", self.endpoint.format(note.pk), 404, "note_not_found")
        assert not Like.objects.exists()

    def test_draft_cannot_be_liked_by_its_author(self, api, mei):
        draft = factories.make_note(mei, draft=True)
        api(mei).fails("POST", self.endpoint.format(draft.pk), 409, "note_not_published")


# --- collects and boards ---------------------------------------------------------------------------
class TestNoteCollect:
    endpoint = f"{V1}/notes/{{}}/collect"

    def test_into_the_default_board(self, api, note, alex):
        body = api(alex).ok("POST", self.endpoint.format(note.pk))
        default = Board.objects.get(owner=alex, is_default=True)
        assert body == {"collected": True, "collects": 1, "board_id": str(default.pk)}
        assert api(alex).ok("DELETE", self.endpoint.format(note.pk)) == {
            "collected": False, "collects": 0, "board_id": None}
        assert not Collect.objects.exists()

    def test_into_a_named_board(self, api, note, alex):
        board = api(alex).ok("POST", f"{V1}/boards", status=201, json={"name": "Breakfasts"})
        body = api(alex).ok("POST", self.endpoint.format(note.pk), json={"board_id": board["id"]})
        assert body["board_id"] == board["id"]
        assert [n["id"] for n in api(alex).ok("GET", f"{V1}/boards/{board['id']}/notes")["items"]] == [str(note.pk)]

    def test_into_someone_elses_board(self, api, note, alex, mei):
        theirs = api(mei).ok("POST", f"{V1}/boards", status=201, json={"name": "Public", "is_private": False})
        api(alex).fails("POST", self.endpoint.format(note.pk), 404, "board_not_found", json={"board_id": theirs["id"]})
        api(alex).fails("POST", self.endpoint.format(note.pk), 404, "board_not_found", json={"board_id": "abc"})
        assert not Collect.objects.exists()

    def test_twice(self, api, note, alex):
        api(alex).ok("POST", self.endpoint.format(note.pk))
        api(alex).fails("POST", self.endpoint.format(note.pk), 409, "already_collected")

    def test_uncollect_without_collect(self, api, note, alex):
        api(alex).fails("DELETE", self.endpoint.format(note.pk), 404, "not_collected")

    def test_unauthenticated(self, api, note):
        api().fails("POST", self.endpoint.format(note.pk), 401, "unauthenticated")

    def test_blocked(self, api, note, alex):
        api(note.author).ok("POST", f"{V1}/users/alex/block")
        api(alex).fails("POST", self.endpoint.format(note.pk), 404, "note_not_found")


class TestBoards:
    endpoint = f"{V1}/boards"

    def test_create_list_update_delete(self, api, alex):
        created = api(alex).ok("POST", self.endpoint, status=201, json={
            "name": "Trips", "description": "Places", "is_private": True})
        assert (created["name"], created["is_private"], created["is_default"]) == ("Trips", True, False)
        assert created["owner"]["username"] == "alex" and isinstance(created["id"], str)
        listed = api(alex).ok("GET", self.endpoint)
        assert [b["name"] for b in listed["items"]][1:] == ["Trips"] and listed["items"][0]["is_default"]
        assert listed["next_cursor"] is None
        path = f"{self.endpoint}/{created['id']}"
        assert api(alex).ok("PATCH", path, json={"name": "Journeys", "is_private": False})["name"] == "Journeys"
        assert api(alex).ok("GET", path)["is_private"] is False
        api(alex).ok("DELETE", path, status=204)
        assert not Board.objects.filter(pk=int(created["id"])).exists()

    def test_bad_input(self, api, alex):
        api(alex).fails("POST", self.endpoint, 400, "board_name_required", json={"name": "  "})
        api(alex).fails("POST", self.endpoint, 400, "board_name_too_long", json={"name": "x" * 31})
        api(alex).ok("POST", self.endpoint, status=201, json={"name": "Once"})
        api(alex).fails("POST", self.endpoint, 409, "board_exists", json={"name": "Once"})
        api(alex).fails("POST", self.endpoint, 400, "invalid_request", json={})

    def test_default_board_stays(self, api, alex):
        default = Board.objects.get(owner=alex, is_default=True)
        api(alex).fails("DELETE", f"{self.endpoint}/{default.pk}", 400, "cannot_delete_default_board")

    def test_private_boards_are_the_owners(self, api, alex, mei):
        private = api(alex).ok("POST", self.endpoint, status=201, json={"name": "Secret", "is_private": True})
        path = f"{self.endpoint}/{private['id']}"
        api(mei).fails("GET", path, 404, "board_not_found")
        api().fails("GET", f"{path}/notes", 404, "board_not_found")
        api(mei).fails("PATCH", path, 404, "board_not_found", json={"name": "Mine"})
        api(mei).fails("DELETE", path, 404, "board_not_found")

    def test_someone_elses_public_board(self, api, alex, mei):
        public = api(alex).ok("POST", self.endpoint, status=201, json={"name": "Open"})
        path = f"{self.endpoint}/{public['id']}"
        assert api().ok("GET", path)["name"] == "Open"
        api(mei).fails("PATCH", path, 404, "board_not_found", json={"name": "Mine"})

    def test_user_boards(self, api, alex, mei):
        api(alex).ok("POST", self.endpoint, status=201, json={"name": "Open"})
        api(alex).ok("POST", self.endpoint, status=201, json={"name": "Closed", "is_private": True})
        assert [b["name"] for b in api(mei).ok("GET", f"{V1}/users/alex/boards")["items"]] == ["Open"]
        assert len(api(alex).ok("GET", f"{V1}/users/alex/boards")["items"]) == 3  # with the default board

    def test_unknown(self, api, alex):
        for board_id in ("1", "abc", "-5", "99999999999999999999999"):
            api(alex).fails("GET", f"{self.endpoint}/{board_id}", 404, "board_not_found")

    def test_unauthenticated(self, api):
        api().fails("GET", self.endpoint, 401, "unauthenticated")
        api().fails("POST", self.endpoint, 401, "unauthenticated", json={"name": "x"})


# --- comments -------------------------------------------------------------------------------------
class TestComments:
    endpoint = f"{V1}/notes/{{}}/comments"

    def test_comment_reply_and_list(self, api, note, alex, mod_lin):
        top = api(alex).ok("POST", self.endpoint.format(note.pk), status=201, json={"text": "Looks good!"})
        assert (top["text"], top["parent_id"], top["reply_to_user"], top["replies"]) == ("Looks good!", None, None, [])
        assert top["author"]["username"] == "alex" and isinstance(top["id"], str)
        reply = api(note.author).ok("POST", self.endpoint.format(note.pk), status=201,
                                    json={"text": "谢谢!", "reply_to": top["id"]})
        assert reply["parent_id"] == top["id"]
        answer = api(mod_lin).ok("POST", self.endpoint.format(note.pk), status=201,
                                 json={"text": "+1", "reply_to": reply["id"]})
        assert answer["parent_id"] == top["id"]  # one level of replies
        assert answer["reply_to_user"] == {"id": str(note.author.pk), "username": "mei", "display_name": "小美"}
        body = api().ok("GET", self.endpoint.format(note.pk))
        [listed] = body["items"]
        assert listed["replies_count"] == 2
        assert [r["id"] for r in listed["replies"]] == [reply["id"], answer["id"]]
        assert api().ok("GET", f"{V1}/notes/{note.pk}")["counts"]["comments"] == 3

    def test_bad_input(self, api, note, alex):
        api(alex).fails("POST", self.endpoint.format(note.pk), 400, "comment_empty", json={"text": "  "})
        api(alex).fails("POST", self.endpoint.format(note.pk), 400, "comment_too_long", json={"text": "x" * 501})
        api(alex).fails("POST", self.endpoint.format(note.pk), 404, "comment_not_found",
                        json={"text": "hi", "reply_to": "123"})
        api(alex).fails("POST", self.endpoint.format(note.pk), 400, "invalid_request", json={"txt": "hi"})
        assert not Comment.objects.exists()

    def test_reply_to_a_comment_on_another_note(self, api, note, alex, mei):
        other = factories.make_note(mei)
        there = api(alex).ok("POST", self.endpoint.format(other.pk), status=201, json={"text": "there"})
        api(alex).fails("POST", self.endpoint.format(note.pk), 400, "reply_elsewhere",
                        json={"text": "here", "reply_to": there["id"]})

    def test_note_you_cannot_see(self, api, mei, alex):
        secret = factories.make_note(mei, audience="only_me")
        api(alex).fails("POST", self.endpoint.format(secret.pk), 404, "note_not_found", json={"text": "hi"})
        api(alex).fails("GET", self.endpoint.format(secret.pk), 404, "note_not_found")
        assert not Comment.objects.exists()

    def test_blocked(self, api, note, alex):
        api(note.author).ok("POST", f"{V1}/users/alex/block")
        api(alex).fails("POST", self.endpoint.format(note.pk), 404, "note_not_found", json={"text": "hi"})

    def test_unauthenticated(self, api, note):
        api().fails("POST", self.endpoint.format(note.pk), 401, "unauthenticated", json={"text": "hi"})

    def test_paging(self, api, note, alex):
        for i in range(5):
            api(alex).ok("POST", self.endpoint.format(note.pk), status=201, json={"text": f"c{i}"})
        first = api().ok("GET", f"{self.endpoint.format(note.pk)}?limit=3")
        second = api().ok("GET", f"{self.endpoint.format(note.pk)}?limit=3&cursor={first['next_cursor']}")
        assert [c["text"] for c in first["items"] + second["items"]] == [f"c{i}" for i in range(5)]
        assert second["next_cursor"] is None
        api().fails("GET", f"{self.endpoint.format(note.pk)}?cursor=zzz", 400, "bad_cursor")


class TestCommentReplies:
    endpoint = f"{V1}/comments/{{}}/replies"

    def test_all_replies_in_order(self, api, note, alex):
        top = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "top"})
        for i in range(5):
            api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201,
                         json={"text": f"r{i}", "reply_to": top["id"]})
        body = api().ok("GET", self.endpoint.format(top["id"]))
        assert [r["text"] for r in body["items"]] == [f"r{i}" for i in range(5)]
        assert api().ok("GET", f"{V1}/notes/{note.pk}/comments")["items"][0]["replies_count"] == 5

    def test_unknown(self, api):
        for comment_id in ("1", "abc", "-1", "99999999999999999999999"):
            api().fails("GET", self.endpoint.format(comment_id), 404, "comment_not_found")


class TestCommentDelete:
    endpoint = f"{V1}/comments/{{}}"

    def test_author_and_note_author_may_delete(self, api, note, alex):
        mine = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "one"})
        other = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "two"})
        api(alex).ok("DELETE", self.endpoint.format(mine["id"]), status=204)
        api(note.author).ok("DELETE", self.endpoint.format(other["id"]), status=204)
        assert not Comment.objects.exists()

    def test_someone_else(self, api, note, alex, mod_lin):
        comment = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "one"})
        api(mod_lin).fails("DELETE", self.endpoint.format(comment["id"]), 403, "not_comment_author")
        api().fails("DELETE", self.endpoint.format(comment["id"]), 401, "unauthenticated")
        api(alex).fails("DELETE", self.endpoint.format("42"), 404, "comment_not_found")
        assert Comment.objects.count() == 1


class TestCommentLike:
    endpoint = f"{V1}/comments/{{}}/like"

    def test_like_twice_and_unlike(self, api, note, alex, mod_lin):
        comment = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "one"})
        assert api(mod_lin).ok("POST", self.endpoint.format(comment["id"])) == {"liked": True, "likes": 1}
        api(mod_lin).fails("POST", self.endpoint.format(comment["id"]), 409, "already_liked")
        listed = api(mod_lin).ok("GET", f"{V1}/notes/{note.pk}/comments")["items"][0]
        assert (listed["likes_count"], listed["viewer_liked"]) == (1, True)
        assert api(mod_lin).ok("DELETE", self.endpoint.format(comment["id"])) == {"liked": False, "likes": 0}
        api(mod_lin).fails("DELETE", self.endpoint.format(comment["id"]), 404, "not_liked")
        assert not CommentLike.objects.exists()

    def test_unauthenticated_and_unknown(self, api, alex):
        api().fails("POST", self.endpoint.format("1"), 401, "unauthenticated")
        api(alex).fails("POST", self.endpoint.format("1"), 404, "comment_not_found")

    def test_blocked_commenter_is_out_of_reach(self, api, note, alex, mod_lin):
        comment = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "one"})
        api(alex).ok("POST", f"{V1}/users/mod_lin/block")
        api(mod_lin).fails("POST", self.endpoint.format(comment["id"]), 404, "comment_not_found")


class TestCommentPin:
    endpoint = f"{V1}/comments/{{}}/pin"

    def test_note_author_pins_one(self, api, note, alex, mod_lin):
        first = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "first"})
        second = api(mod_lin).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "second"})
        assert api(note.author).ok("POST", self.endpoint.format(second["id"])) == {"is_pinned": True}
        listed = api().ok("GET", f"{V1}/notes/{note.pk}/comments")["items"]
        assert [(c["text"], c["is_pinned"]) for c in listed] == [("second", True), ("first", False)]
        api(note.author).ok("POST", self.endpoint.format(first["id"]))
        assert Comment.objects.get(is_pinned=True).pk == int(first["id"])
        assert api(note.author).ok("DELETE", self.endpoint.format(first["id"])) == {"is_pinned": False}
        assert not Comment.objects.filter(is_pinned=True).exists()

    def test_only_the_note_author(self, api, note, alex):
        comment = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "mine"})
        api(alex).fails("POST", self.endpoint.format(comment["id"]), 403, "not_note_author")
        api().fails("POST", self.endpoint.format(comment["id"]), 401, "unauthenticated")

    def test_not_a_reply(self, api, note, alex):
        top = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201, json={"text": "top"})
        reply = api(alex).ok("POST", f"{V1}/notes/{note.pk}/comments", status=201,
                             json={"text": "reply", "reply_to": top["id"]})
        api(note.author).fails("POST", self.endpoint.format(reply["id"]), 403, "cannot_pin_reply")
