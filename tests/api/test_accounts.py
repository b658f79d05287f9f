"""Members over the API: sign-up, tokens, my profile, other profiles, follow, block, mute."""

from __future__ import annotations

import pytest

from redleaf.accounts.models import ApiToken, Block, Follow, Mute, User
from tests import factories

V1 = "/api/v1"


class TestSignup:
    endpoint = f"{V1}/auth/signup"

    def test_success(self, api):
        body = api().ok("POST", self.endpoint, status=201, json={
            "username": "lan", "password": factories.PASSWORD, "display_name": "兰", "language": "zh-hans",
            "languages": ["zh", "en"]})
        assert body["user"]["username"] == "lan"
        assert body["user"]["display_name"] == "兰"
        assert body["user"]["ui_language"] == "zh-hans"
        assert body["user"]["languages"] == ["zh", "en"]
        assert isinstance(body["user"]["id"], str) and int(body["user"]["id"]) > 0
        # The token works at once.
        me = api(token=body["token"]).ok("GET", f"{V1}/me")
        assert me["id"] == body["user"]["id"]

    def test_minimal(self, api):
        body = api().ok("POST", self.endpoint, status=201, json={"username": "sam_1",
                                                                 "password": factories.PASSWORD})
        assert body["user"]["display_name"] == ""
        assert body["user"]["avatar"] is None

    def test_taken_username(self, api, alex):
        error = api().fails("POST", self.endpoint, 409, "username_taken",
                            json={"username": "ALEX", "password": factories.PASSWORD})
        assert error["field"] == "username"

    @pytest.mark.parametrize(("payload", "code", "field"), [
        ({"username": "a", "password": factories.PASSWORD}, "bad_username", "username"),
        ({"username": "has space", "password": factories.PASSWORD}, "bad_username", "username"),
        ({"username": "newbie", "password": "short"}, "weak_password", "password"),
        ({"username": "newbie", "password": factories.PASSWORD, "language": "fr"}, "unknown_language", "language"),
        ({"username": "newbie", "password": factories.PASSWORD, "languages": ["xx"]}, "unknown_language",
         "languages"),
        ({"username": "newbie", "password": factories.PASSWORD, "display_name": "x" * 41},
         "display_name_too_long", "display_name"),
    ])
    def test_bad_input(self, api, payload, code, field):
        error = api().fails("POST", self.endpoint, 400, code, json=payload)
        assert error["field"] == field
        assert not User.objects.filter(username="newbie").exists()


class TestToken:
    endpoint = f"{V1}/auth/token"

    def test_success(self, api, alex):
        token = api().ok("POST", self.endpoint, json={"username": "Alex", "password": factories.PASSWORD})["token"]
        assert api(token=token).ok("GET", f"{V1}/me")["username"] == "alex"
        assert ApiToken.objects.filter(user=alex).count() == 1

    def test_wrong_password(self, api, alex):
        api().fails("POST", self.endpoint, 401, "bad_credentials", json={"username": "alex", "password": "nope"})
        api().fails("POST", self.endpoint, 401, "bad_credentials",
                    json={"username": "nobody", "password": factories.PASSWORD})

    def test_revoke(self, api, alex):
        client = api(alex)
        other = api(alex)  # a second device keeps its own token
        client.ok("DELETE", self.endpoint, status=204)
        client.fails("GET", f"{V1}/me", 401, "bad_token")
        other.ok("GET", f"{V1}/me")

    def test_revoke_unauthenticated(self, api):
        api().fails("DELETE", self.endpoint, 401, "unauthenticated")


class TestMe:
    endpoint = f"{V1}/me"

    def test_get(self, api, mei):
        body = api(mei).ok("GET", self.endpoint)
        assert body == {
            "id": str(mei.pk), "username": "mei", "display_name": "小美", "avatar": None, "bio": "",
            "languages": ["zh"], "ui_language": "zh-hans", "relationship": None, "profile_under_review": False,
            "counts": {"followers": 0, "following": 0, "notes": 0, "likes_received": 0},
        }

    def test_update(self, api, mei):
        body = api(mei).ok("PATCH", self.endpoint, json={
            "display_name": "美美", "bio": "爱猫 #猫咪", "languages": ["zh", "en"], "ui_language": "en"})
        assert (body["display_name"], body["bio"], body["languages"], body["ui_language"]) == (
            "美美", "爱猫 #猫咪", ["zh", "en"], "en")
        mei.refresh_from_db()
        assert mei.display_name == "美美" and mei.ui_language == "en"

    def test_update_only_what_is_sent(self, api, mei):
        api(mei).ok("PATCH", self.endpoint, json={"bio": "hello"})
        mei.refresh_from_db()
        assert mei.display_name == "小美" and mei.bio == "hello"

    def test_bad_input(self, api, mei):
        api(mei).fails("PATCH", self.endpoint, 400, "bio_too_long", json={"bio": "长" * 301})
        api(mei).fails("PATCH", self.endpoint, 400, "unknown_language", json={"ui_language": "klingon"})
        mei.refresh_from_db()
        assert mei.bio == "" and mei.ui_language == "zh-hans"

    def test_unauthenticated(self, api):
        api().fails("PATCH", self.endpoint, 401, "unauthenticated", json={"bio": "x"})


class TestUserDetail:
    endpoint = f"{V1}/users/{{}}"

    def test_guest(self, api, mei):
        body = api().ok("GET", self.endpoint.format("MEI"))
        assert body["username"] == "mei"
        assert body["relationship"] is None
        assert "ui_language" not in body

    def test_relationship(self, api, mei, alex):
        api(alex).ok("POST", f"{V1}/users/mei/follow")
        api(alex).ok("POST", f"{V1}/users/mei/mute")
        body = api(alex).ok("GET", self.endpoint.format("mei"))
        assert body["relationship"] == {"following": True, "followed_by": False, "blocking": False, "muting": True}
        assert body["counts"]["followers"] == 1
        assert api(mei).ok("GET", self.endpoint.format("alex"))["relationship"]["followed_by"] is True

    def test_unknown(self, api):
        api().fails("GET", self.endpoint.format("nobody"), 404, "user_not_found")

    def test_blocked_member_sees_nothing(self, api, mei, alex):
        api(mei).ok("POST", f"{V1}/users/alex/block")
        api(alex).fails("GET", self.endpoint.format("mei"), 404, "user_not_found")


class TestFollow:
    endpoint = f"{V1}/users/{{}}/follow"

    def test_follow_and_unfollow(self, api, mei, alex):
        assert api(alex).ok("POST", self.endpoint.format("mei")) == {"following": True, "followers": 1}
        assert Follow.objects.filter(follower=alex, followee=mei).exists()
        assert api(alex).ok("DELETE", self.endpoint.format("mei")) == {"following": False, "followers": 0}
        assert not Follow.objects.exists()

    def test_twice(self, api, mei, alex):
        api(alex).ok("POST", self.endpoint.format("mei"))
        api(alex).fails("POST", self.endpoint.format("mei"), 409, "already_following")
        assert Follow.objects.count() == 1

    def test_unfollow_when_not_following(self, api, mei, alex):
        api(alex).fails("DELETE", self.endpoint.format("mei"), 404, "not_following")

    def test_yourself(self, api, alex):
        api(alex).fails("POST", self.endpoint.format("alex"), 400, "cannot_follow_self")
        assert not Follow.objects.exists()

    def test_unknown(self, api, alex):
        api(alex).fails("POST", self.endpoint.format("nobody"), 404, "user_not_found")

    def test_unauthenticated(self, api, mei):
        api().fails("POST", self.endpoint.format("mei"), 401, "unauthenticated")

    def test_blocked_cannot_follow(self, api, mei, alex):
        api(mei).ok("POST", f"{V1}/users/alex/block")
        api(alex).fails("POST", self.endpoint.format("mei"), 404, "user_not_found")
        assert not Follow.objects.exists()


class TestBlock:
    endpoint = f"{V1}/users/{{}}/block"

    def test_block_ends_follows_both_ways_and_unblock(self, api, mei, alex):
        api(alex).ok("POST", f"{V1}/users/mei/follow")
        api(mei).ok("POST", f"{V1}/users/alex/follow")
        assert api(mei).ok("POST", self.endpoint.format("alex")) == {"blocking": True}
        assert not Follow.objects.exists()
        mei.refresh_from_db()
        assert (mei.followers_count, mei.following_count) == (0, 0)
        assert api(mei).ok("DELETE", self.endpoint.format("alex")) == {"blocking": False}
        assert not Block.objects.exists()
        api(alex).ok("GET", f"{V1}/users/mei")

    def test_yourself(self, api, mei):
        api(mei).fails("POST", self.endpoint.format("mei"), 400, "cannot_block_self")

    def test_twice(self, api, mei, alex):
        api(mei).ok("POST", self.endpoint.format("alex"))
        api(mei).fails("POST", self.endpoint.format("alex"), 409, "already_blocked")
        # The blocked member sees no one to block back.
        api(alex).fails("POST", self.endpoint.format("mei"), 404, "user_not_found")
        api(alex).fails("DELETE", self.endpoint.format("mei"), 404, "user_not_found")
        assert Block.objects.count() == 1

    def test_unblock_someone_not_blocked(self, api, mei, alex):
        api(mei).fails("DELETE", self.endpoint.format("alex"), 404, "user_not_found")

    def test_unauthenticated(self, api, mei):
        api().fails("POST", self.endpoint.format("mei"), 401, "unauthenticated")
        api().fails("DELETE", self.endpoint.format("mei"), 401, "unauthenticated")


class TestMute:
    endpoint = f"{V1}/users/{{}}/mute"

    def test_mute_and_unmute(self, api, mei, alex):
        assert api(mei).ok("POST", self.endpoint.format("alex")) == {"muting": True}
        api(mei).fails("POST", self.endpoint.format("alex"), 409, "already_muted")
        assert api(mei).ok("DELETE", self.endpoint.format("alex")) == {"muting": False}
        assert not Mute.objects.exists()
        api(mei).fails("DELETE", self.endpoint.format("alex"), 404, "not_muted")

    def test_yourself(self, api, mei):
        api(mei).fails("POST", self.endpoint.format("mei"), 400, "cannot_mute_self")

    def test_unauthenticated(self, api, mei):
        api().fails("POST", self.endpoint.format("mei"), 401, "unauthenticated")
