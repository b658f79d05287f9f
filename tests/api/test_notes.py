"""Notes over the API: compose (multipart, with real image checks), read, edit, delete, and the
lists of notes with their cursors."""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from redleaf.media.models import Image
from redleaf.notes.models import Note
from tests import factories
from tests.api.conftest import media_files

V1 = "/api/v1"


# --- hostile files, made in memory --------------------------------------------------------------
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@pytest.fixture(scope="session")
def huge_png() -> bytes:
    """A real, complete 20000×20000 PNG (one grey level, 1 bit per pixel): ~50 KB of file that would
    decode to 400 million pixels."""
    side = 20000
    row = b"\x00" + b"\x00" * (side // 8)
    squeezer = zlib.compressobj(9)
    data = b"".join(squeezer.compress(row) for _ in range(side)) + squeezer.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", data) + _png_chunk(b"IEND", b"")


def truncated_jpeg() -> bytes:
    rng = random.Random(7)
    img = PILImage.new("RGB", (320, 240))
    img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(320 * 240)])
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=90)
    data = buffer.getvalue()
    return data[: len(data) // 2]


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def assert_nothing_stored() -> None:
    assert not Note.objects.exists()
    assert not Image.objects.exists()
    assert media_files() == []


# --- compose ------------------------------------------------------------------------------------
class TestNoteCreate:
    endpoint = f"{V1}/notes"

    def test_with_two_images(self, api, mei, alex):
        body = api(mei).ok("POST", self.endpoint, status=201, data={
            "title": "周末的猫咖", "body": "推荐给 @alex #猫咪 #周末", "audience": "public",
            "images": [factories.upload("a.jpg"), factories.upload("b.png", factories.image_bytes("PNG", (40, 80)))],
            "alts": ["一只橘猫", "菜单"],
        })
        assert isinstance(body["id"], str)
        assert body["author"] == {"id": str(mei.pk), "username": "mei", "display_name": "小美", "avatar": None}
        assert (body["title"], body["state"], body["audience"]) == ("周末的猫咖", "published", "public")
        assert body["topics"] == ["猫咪", "周末"]
        assert body["mentions"] == ["alex"]
        assert body["counts"] == {"likes": 0, "collects": 0, "comments": 0}
        assert body["viewer"] == {"liked": False, "collected": False}
        assert body["published_at"] and body["created_at"]
        first, second = body["images"]
        assert (first["alt"], second["alt"]) == ("一只橘猫", "菜单")
        assert (second["width"], second["height"]) == (40, 80)
        for image in body["images"]:
            assert isinstance(image["id"], str) and image["blurhash"]
            assert image["url"].startswith("http://testserver/media/") and image["url"].endswith(".webp")
            assert image["thumb_url"].startswith("http://testserver/media/")
        assert len(media_files()) == 4  # large + thumb per image, originals never kept
        note = Note.objects.get(pk=int(body["id"]))
        assert note.author == mei and note.note_images.count() == 2

    def test_images_as_array_field(self, api, mei):
        body = api(mei).ok("POST", self.endpoint, status=201, data={
            "title": "t", "images[]": [factories.upload("a.jpg"), factories.upload("b.jpg")], "alts[]": ["x", "y"]})
        assert [i["alt"] for i in body["images"]] == ["x", "y"]

    def test_text_only(self, api, alex):
        body = api(alex).ok("POST", self.endpoint, status=201, data={"body": "Just words today."})
        assert body["images"] == [] and body["body"] == "Just words today."

    def test_draft(self, api, mei, alex):
        body = api(mei).ok("POST", self.endpoint, status=201, data={"title": "草稿", "draft": "true"})
        assert body["state"] == "draft" and body["published_at"] is None
        api(mei).ok("GET", f"{self.endpoint}/{body['id']}")
        api(alex).fails("GET", f"{self.endpoint}/{body['id']}", 404, "note_not_found")

    def test_unauthenticated(self, api):
        api().fails("POST", self.endpoint, 401, "unauthenticated", data={"title": "t"})
        assert_nothing_stored()

    def test_json_instead_of_multipart(self, api, mei):
        api(mei).fails("POST", self.endpoint, 415, "multipart_required", json={"title": "t"})
        assert_nothing_stored()

    @pytest.mark.parametrize(("fields", "code"), [
        ({"title": "长" * 41}, "title_too_long"),
        ({"title": "t", "body": "x" * 1001}, "body_too_long"),
        ({"title": "t", "audience": "friends"}, "bad_audience"),
    ])
    def test_bad_text(self, api, mei, fields, code):
        api(mei).fails("POST", self.endpoint, 400, code, data={**fields, "images": [factories.upload()]})
        assert_nothing_stored()

    @pytest.mark.parametrize("fields", [{}, {"title": "   ", "body": "\n"}, {"audience": "public"}])
    def test_empty_note(self, api, mei, fields):
        api(mei).fails("POST", self.endpoint, 400, "note_empty", data=fields)
        assert_nothing_stored()

    def test_nineteen_images(self, api, mei):
        files = [factories.upload(f"p{i}.jpg") for i in range(19)]
        error = api(mei).fails("POST", self.endpoint, 400, "too_many_images", data={"title": "t", "images": files})
        assert error["field"] == "images"
        assert_nothing_stored()

    @pytest.mark.parametrize(("name", "make", "status", "code"), [
        ("notes.jpg", lambda: b"this is a text file, not a photo\n" * 20, 415, "image_type_unsupported"),
        ("photo.jpg", truncated_jpeg, 400, "image_corrupt"),
        ("bomb.png", zip_bomb, 415, "image_type_unsupported"),
        ("empty.jpg", lambda: b"", 400, "image_empty"),
    ])
    def test_bad_image(self, api, mei, name, make, status, code):
        # A good picture first: it must not survive its bad neighbour.
        files = [factories.upload("good.jpg"), upload(name, make())]
        error = api(mei).fails("POST", self.endpoint, status, code, data={"title": "t", "images": files})
        assert error["field"] == "images"
        assert_nothing_stored()

    def test_twenty_thousand_pixels_square(self, api, mei, huge_png):
        files = [upload("huge.png", huge_png, "image/png")]
        api(mei).fails("POST", self.endpoint, 400, "image_too_many_pixels", data={"title": "t", "images": files})
        assert_nothing_stored()

    def test_image_over_the_size_limit(self, api, mei, settings):
        settings.IMAGE_MAX_BYTES = 300
        files = [factories.upload("big.jpg", factories.image_bytes(size=(200, 200)))]
        api(mei).fails("POST", self.endpoint, 413, "image_too_large", data={"title": "t", "images": files})
        assert_nothing_stored()


# --- one note -----------------------------------------------------------------------------------
class TestNoteDetail:
    endpoint = f"{V1}/notes/{{}}"

    def test_guest_reads_a_public_note(self, api, mei):
        note = factories.make_note(mei, title="你好 #早餐", images=2)
        body = api().ok("GET", self.endpoint.format(note.pk))
        assert body["id"] == str(note.pk) and body["title"] == "你好 #早餐"
        assert len(body["images"]) == 2 and body["topics"] == ["早餐"]
        assert body["viewer"] == {"liked": False, "collected": False}

    def test_viewer_state(self, api, mei, alex):
        note = factories.make_note(mei)
        api(alex).ok("POST", f"{self.endpoint.format(note.pk)}/like")
        api(alex).ok("POST", f"{self.endpoint.format(note.pk)}/collect")
        body = api(alex).ok("GET", self.endpoint.format(note.pk))
        assert body["viewer"] == {"liked": True, "collected": True}
        assert body["counts"] == {"likes": 1, "collects": 1, "comments": 0}
        assert api(mei).ok("GET", self.endpoint.format(note.pk))["viewer"] == {"liked": False, "collected": False}

    def test_audience(self, api, mei, alex, mod_lin):
        followers = factories.make_note(mei, audience="followers")
        only_me = factories.make_note(mei, audience="only_me")
        api(alex).ok("POST", f"{V1}/users/mei/follow")
        api(alex).ok("GET", self.endpoint.format(followers.pk))
        api(alex).fails("GET", self.endpoint.format(only_me.pk), 404, "note_not_found")
        api(mod_lin).fails("GET", self.endpoint.format(followers.pk), 404, "note_not_found")
        api().fails("GET", self.endpoint.format(followers.pk), 404, "note_not_found")
        api(mei).ok("GET", self.endpoint.format(only_me.pk))

    @pytest.mark.parametrize("note_id", ["abc", "-1", "0", "99999999999999999999999", "1.5", "%20", "123"])
    def test_malformed_or_unknown_ids(self, api, mei, note_id):
        factories.make_note(mei)
        api().fails("GET", self.endpoint.format(note_id), 404, "note_not_found")
        api(mei).fails("PATCH", self.endpoint.format(note_id), 404, "note_not_found", json={"title": "x"})
        api(mei).fails("DELETE", self.endpoint.format(note_id), 404, "note_not_found")

    def test_blocked_member_cannot_see(self, api, mei, alex):
        note = factories.make_note(mei)
        api(mei).ok("POST", f"{V1}/users/alex/block")
        api(alex).fails("GET", self.endpoint.format(note.pk), 404, "note_not_found")
        api().ok("GET", self.endpoint.format(note.pk))


class TestNoteUpdate:
    endpoint = f"{V1}/notes/{{}}"

    def test_text_and_audience(self, api, mei):
        note = factories.make_note(mei, title="旧标题")
        body = api(mei).ok("PATCH", self.endpoint.format(note.pk), json={
            "title": "新标题 #旅行", "body": "和 @alex 一起", "audience": "followers"})
        assert (body["title"], body["audience"], body["topics"]) == ("新标题 #旅行", "followers", ["旅行"])
        note.refresh_from_db()
        assert note.title == "新标题 #旅行"

    def test_reorder_and_remove_images(self, api, mei):
        note = factories.make_note(mei, images=3)
        ids = [i["id"] for i in api(mei).ok("GET", self.endpoint.format(note.pk))["images"]]
        body = api(mei).ok("PATCH", self.endpoint.format(note.pk), json={"image_ids": [ids[2], ids[0]]})
        assert [i["id"] for i in body["images"]] == [ids[2], ids[0]]
        note.refresh_from_db()
        assert note.cover_id == int(ids[2])

    def test_publish_a_draft(self, api, mei, alex):
        note = factories.make_note(mei, draft=True)
        body = api(mei).ok("PATCH", self.endpoint.format(note.pk), json={"publish": True})
        assert body["state"] == "published" and body["published_at"]
        api(alex).ok("GET", self.endpoint.format(note.pk))

    def test_someone_elses_note(self, api, mei, alex):
        note = factories.make_note(mei, title="mine")
        api(alex).fails("PATCH", self.endpoint.format(note.pk), 403, "not_note_author", json={"title": "yours"})
        note.refresh_from_db()
        assert note.title == "mine"

    def test_unauthenticated(self, api, mei):
        note = factories.make_note(mei)
        api().fails("PATCH", self.endpoint.format(note.pk), 401, "unauthenticated", json={"title": "x"})

    @pytest.mark.parametrize(("payload", "status", "code"), [
        ({"title": "长" * 41}, 400, "title_too_long"),
        ({"audience": "everyone"}, 400, "bad_audience"),
        ({"image_ids": ["abc"]}, 400, "unknown_image"),
        ({"image_ids": ["123"]}, 400, "unknown_image"),
        ({"image_ids": [], "title": "", "body": ""}, 400, "note_empty"),
        ({"image_ids": "1"}, 400, "invalid_request"),
    ])
    def test_bad_input(self, api, mei, payload, status, code):
        note = factories.make_note(mei, title="keep")
        api(mei).fails("PATCH", self.endpoint.format(note.pk), status, code, json=payload)
        note.refresh_from_db()
        assert note.title == "keep" and note.note_images.count() == 1 and note.audience == "public"


class TestNoteDelete:
    endpoint = f"{V1}/notes/{{}}"

    def test_success(self, api, mei):
        note = factories.make_note(mei)
        api(mei).ok("DELETE", self.endpoint.format(note.pk), status=204)
        assert not Note.objects.exists()
        api(mei).fails("GET", self.endpoint.format(note.pk), 404, "note_not_found")

    def test_someone_elses_note(self, api, mei, alex):
        note = factories.make_note(mei)
        api(alex).fails("DELETE", self.endpoint.format(note.pk), 403, "not_note_author")
        api().fails("DELETE", self.endpoint.format(note.pk), 401, "unauthenticated")
        assert Note.objects.filter(pk=note.pk).exists()


# --- lists --------------------------------------------------------------------------------------
def walk(client, path: str, limit: int = 20) -> list[list[str]]:
    """Follow next_cursor to the end; the ids of each page."""
    pages: list[list[str]] = []
    cursor = None
    while True:
        url = f"{path}?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        body = client.ok("GET", url)
        pages.append([n["id"] for n in body["items"]])
        cursor = body["next_cursor"]
        if cursor is None:
            return pages
        assert len(pages) < 10


class TestFeedFollowing:
    endpoint = f"{V1}/feed/following"

    def test_notes_of_followed_members_newest_first(self, api, mei, alex, mod_lin):
        api(alex).ok("POST", f"{V1}/users/mei/follow")
        first = factories.make_note(mei, title="first", images=0)
        second = factories.make_note(mei, title="second", audience="followers", images=0)
        factories.make_note(mei, title="secret", audience="only_me", images=0)
        factories.make_note(mod_lin, title="not followed", images=0)
        body = api(alex).ok("GET", self.endpoint)
        assert [n["id"] for n in body["items"]] == [str(second.pk), str(first.pk)]
        assert body["next_cursor"] is None

    def test_muted_members_leave_the_feed(self, api, mei, alex):
        api(alex).ok("POST", f"{V1}/users/mei/follow")
        factories.make_note(mei, images=0)
        api(alex).ok("POST", f"{V1}/users/mei/mute")
        assert api(alex).ok("GET", self.endpoint)["items"] == []

    def test_cursor_walks_45_notes_without_repeats_or_gaps(self, api, mei, alex):
        api(alex).ok("POST", f"{V1}/users/mei/follow")
        notes = [factories.make_note(mei, title=f"n{i}", images=0) for i in range(45)]
        pages = walk(api(alex), self.endpoint)
        assert [len(p) for p in pages] == [20, 20, 5]
        assert [i for p in pages for i in p] == [str(n.pk) for n in reversed(notes)]

    def test_bad_cursor(self, api, alex):
        api(alex).fails("GET", f"{self.endpoint}?cursor=not-a-cursor", 400, "bad_cursor")
        api(alex).fails("GET", f"{self.endpoint}?cursor=WzFd", 400, "bad_cursor")  # a list of the wrong length

    def test_unauthenticated(self, api):
        api().fails("GET", self.endpoint, 401, "unauthenticated")


class TestFeedExplore:
    endpoint = f"{V1}/feed/explore"

    def test_guest_sees_public_notes_only(self, api, mei):
        public = factories.make_note(mei, images=0)
        factories.make_note(mei, audience="followers", images=0)
        factories.make_note(mei, draft=True, images=0)
        body = api().ok("GET", self.endpoint)
        assert [n["id"] for n in body["items"]] == [str(public.pk)]

    def test_blocked_authors_are_hidden(self, api, mei, alex):
        factories.make_note(mei, images=0)
        api(mei).ok("POST", f"{V1}/users/alex/block")
        assert api(alex).ok("GET", self.endpoint)["items"] == []

    def test_cursor_walks_45_notes_without_repeats_or_gaps(self, api, mei):
        notes = {str(factories.make_note(mei, title=f"n{i}", images=0).pk) for i in range(45)}
        pages = walk(api(), self.endpoint)
        assert [len(p) for p in pages] == [20, 20, 5]
        ids = [i for p in pages for i in p]
        assert len(set(ids)) == 45 and set(ids) == notes

    def test_bad_cursor(self, api):
        api().fails("GET", f"{self.endpoint}?cursor=%%%", 400, "bad_cursor")


class TestTopicNotes:
    endpoint = f"{V1}/topics/{{}}/notes"

    def test_success(self, api, mei, alex):
        cats = factories.make_note(mei, title="橘猫 #猫咪", images=0)
        factories.make_note(alex, title="#dogs", images=0)
        body = api().ok("GET", self.endpoint.format(quote("猫咪")))
        assert [n["id"] for n in body["items"]] == [str(cats.pk)]
        assert body["topic"] == {"name": "猫咪", "notes_count": 1}

    def test_case_folded(self, api, alex):
        factories.make_note(alex, title="#Dogs", images=0)
        assert len(api().ok("GET", self.endpoint.format("dogs"))["items"]) == 1

    def test_unknown(self, api):
        api().fails("GET", self.endpoint.format("nothing"), 404, "topic_not_found")


class TestUserNotes:
    endpoint = f"{V1}/users/{{}}/notes"

    def test_others_see_published_the_owner_sees_drafts(self, api, mei, alex):
        published = factories.make_note(mei, images=0)
        draft = factories.make_note(mei, draft=True, images=0)
        assert [n["id"] for n in api(alex).ok("GET", self.endpoint.format("mei"))["items"]] == [str(published.pk)]
        assert [n["id"] for n in api(mei).ok("GET", self.endpoint.format("mei"))["items"]] == [
            str(draft.pk), str(published.pk)]

    def test_blocked(self, api, mei, alex):
        factories.make_note(mei, images=0)
        api(mei).ok("POST", f"{V1}/users/alex/block")
        api(alex).fails("GET", self.endpoint.format("mei"), 404, "user_not_found")

    def test_unknown(self, api):
        api().fails("GET", self.endpoint.format("nobody"), 404, "user_not_found")


class TestMyLikes:
    endpoint = f"{V1}/me/likes"

    def test_newest_like_first(self, api, mei, alex):
        a = factories.make_note(mei, images=0)
        b = factories.make_note(mei, images=0)
        api(alex).ok("POST", f"{V1}/notes/{b.pk}/like")
        api(alex).ok("POST", f"{V1}/notes/{a.pk}/like")
        body = api(alex).ok("GET", self.endpoint)
        assert [n["id"] for n in body["items"]] == [str(a.pk), str(b.pk)]
        assert all(n["viewer"]["liked"] for n in body["items"])

    def test_unauthenticated(self, api):
        api().fails("GET", self.endpoint, 401, "unauthenticated")
