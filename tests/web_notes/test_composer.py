"""The composer: new notes and edits over multipart forms, the chosen order of pictures, drafts,
and errors that keep what the member wrote and store nothing."""

from __future__ import annotations

from django.test import Client

from redleaf.media.models import Image
from redleaf.notes import services as note_services
from redleaf.notes.models import Note, NoteImage, NoteState
from tests import factories
from tests.web_notes.conftest import picture

RED, BLUE, GREEN = (220, 30, 30), (30, 30, 220), (30, 200, 30)


def colours(note) -> list[tuple[int, int, int]]:
    """The average colour of each of the note's pictures, in order (read from the stored variant)."""
    from django.core.files.storage import default_storage
    from PIL import Image as PILImage

    result = []
    for row in NoteImage.objects.filter(note=note).order_by("position").select_related("image"):
        with default_storage.open(row.image.variants["thumb"]["path"]) as handle:
            r, g, b = PILImage.open(handle).convert("RGB").resize((1, 1)).getpixel((0, 0))
        result.append(max((RED, BLUE, GREEN), key=lambda c: -sum(abs(x - y) for x, y in zip(c, (r, g, b), strict=True))))
    return result


def test_composer_needs_a_login():
    response = Client().get("/notes/new")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=/notes/new"


def test_composer_page_shows_limits(mei_client, settings):
    html = mei_client.get("/notes/new").content.decode()
    assert f'maxlength="{settings.NOTE_TITLE_MAX}"' in html
    assert f'maxlength="{settings.NOTE_BODY_MAX}"' in html
    assert f'data-max="{settings.NOTE_IMAGES_MAX}"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'value="draft"' in html and 'value="publish"' in html
    for audience in ("public", "followers", "only_me"):
        assert f'value="{audience}"' in html


def test_publish_with_two_pictures_in_the_chosen_order(mei_client, mei):
    response = mei_client.post("/notes/new", {
        "title": "Two colours", "body": "hello #colours", "audience": "public", "action": "publish",
        "images": [picture("red.jpg", RED), picture("blue.jpg", BLUE)],
        "alt_new": ["a red square", "a blue square"],
        "order": "n1,n0",
    })
    note = Note.objects.get(author=mei)
    assert response.status_code == 302
    assert response["Location"] == f"/notes/{note.pk}"
    assert note.state == NoteState.PUBLISHED
    assert colours(note) == [BLUE, RED]
    assert [row.image.alt for row in NoteImage.objects.filter(note=note).order_by("position")] == \
        ["a blue square", "a red square"]
    assert note.cover.alt == "a blue square"


def test_without_an_order_the_files_keep_their_upload_order(mei_client, mei):
    mei_client.post("/notes/new", {"title": "plain", "images": [picture("r.jpg", RED), picture("g.jpg", GREEN)]})
    assert colours(Note.objects.get(author=mei)) == [RED, GREEN]


def test_save_draft_then_publish(mei_client, mei):
    mei_client.post("/notes/new", {"title": "Later", "action": "draft", "images": [picture("r.jpg")]})
    note = Note.objects.get(author=mei)
    assert note.state == NoteState.DRAFT
    assert Client().get(f"/notes/{note.pk}").status_code == 404
    response = mei_client.post(f"/notes/{note.pk}/publish")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.state == NoteState.PUBLISHED
    assert Client().get(f"/notes/{note.pk}").status_code == 200


def test_publish_from_the_composer_of_a_draft(mei_client, mei):
    draft = factories.make_note(mei, title="draft", draft=True)
    kept = draft.cover_id
    mei_client.post(f"/notes/{draft.pk}/edit", {"title": "ready", "action": "publish", "order": f"k{kept}"})
    draft.refresh_from_db()
    assert draft.state == NoteState.PUBLISHED and draft.title == "ready"


def test_too_long_title_is_refused_with_its_message_and_nothing_is_stored(mei_client, settings, media_files):
    response = mei_client.post("/notes/new", {
        "title": "x" * (settings.NOTE_TITLE_MAX + 1), "body": "my body text", "audience": "followers",
        "images": [picture("r.jpg")], "action": "publish",
    }, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert f"A title can have at most {settings.NOTE_TITLE_MAX} characters." in html
    assert "my body text" in html  # what the member wrote is still there
    assert 'value="followers" checked' in html
    assert "choose them again" in html  # …except the files, and the page says so
    assert Note.objects.count() == 0 and Image.objects.count() == 0
    assert media_files() == []


def test_error_messages_follow_the_members_language(mei_client, settings, mei):
    mei.ui_language = "zh-hans"
    mei.save(update_fields=["ui_language"])
    response = mei_client.post("/notes/new", {"title": "x" * (settings.NOTE_TITLE_MAX + 1)})
    assert response.status_code == 400
    assert response["Content-Language"] == "zh-hans"


def test_nineteen_pictures_are_refused(mei_client, settings, media_files):
    files = [picture(f"p{i}.jpg") for i in range(settings.NOTE_IMAGES_MAX + 1)]
    response = mei_client.post("/notes/new", {"title": "many", "images": files}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert f"at most {settings.NOTE_IMAGES_MAX} images" in response.content.decode()
    assert Note.objects.count() == 0 and Image.objects.count() == 0 and media_files() == []


def test_a_text_file_named_jpg_is_refused(mei_client, media_files):
    fake = factories.upload("photo.jpg", b"just some text, not a picture\n" * 20)
    response = mei_client.post("/notes/new", {"title": "fake", "images": [picture("ok.jpg"), fake]},
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 415
    assert "not a JPEG, PNG, WebP or GIF image" in response.content.decode()
    assert Note.objects.count() == 0 and Image.objects.count() == 0 and media_files() == []


def test_an_empty_note_is_refused(mei_client):
    response = mei_client.post("/notes/new", {"title": "  ", "body": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "needs images, a title or some text" in response.content.decode()


def test_a_garbled_order_is_refused(mei_client):
    response = mei_client.post("/notes/new", {"title": "t", "images": [picture("r.jpg")], "order": "n0,n0"},
                               HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert Note.objects.count() == 0


# --- editing ------------------------------------------------------------------------------------

def test_edit_shows_the_pictures_in_order(mei_client, mei):
    note = factories.make_note(mei, title="three", images=3)
    ids = list(NoteImage.objects.filter(note=note).order_by("position").values_list("image_id", flat=True))
    html = mei_client.get(f"/notes/{note.pk}/edit").content.decode()
    positions = [html.index(f'data-token="k{i}"') for i in ids]
    assert positions == sorted(positions)
    assert 'value="save"' in html  # a published note is saved, not published again


def test_edit_reorders_removes_and_adds_between(mei_client, mei):
    note = note_services.note_create(
        author=mei, title="colours", images=[picture("r.jpg", RED), picture("g.jpg", GREEN), picture("b.jpg", BLUE)])
    red, green, blue = NoteImage.objects.filter(note=note).order_by("position").values_list("image_id", flat=True)
    response = mei_client.post(f"/notes/{note.pk}/edit", {
        "title": "colours again", "audience": "public", "action": "save",
        "order": f"k{blue},n0,k{red}",  # green removed, a new picture between the two kept ones
        "images": [picture("new.jpg", GREEN)], "alt_new": ["new green"], f"alt_k{blue}": "now first",
    })
    assert response.status_code == 302
    note.refresh_from_db()
    rows = list(NoteImage.objects.filter(note=note).order_by("position").select_related("image"))
    assert [r.image_id for r in rows][0] == blue and rows[2].image_id == red
    assert rows[1].image_id not in (red, green, blue)
    assert [r.image.alt for r in rows] == ["now first", "new green", ""]
    assert colours(note) == [BLUE, GREEN, RED]
    assert note.cover_id == blue and note.title == "colours again"


def test_edit_error_keeps_the_kept_pictures_in_the_members_order(mei_client, mei, settings):
    note = factories.make_note(mei, title="two", images=2)
    first, second = NoteImage.objects.filter(note=note).order_by("position").values_list("image_id", flat=True)
    response = mei_client.post(f"/notes/{note.pk}/edit", {
        "title": "y" * (settings.NOTE_TITLE_MAX + 5), "order": f"k{second},k{first}", f"alt_k{second}": "described",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert html.index(f'data-token="k{second}"') < html.index(f'data-token="k{first}"')
    assert 'value="described"' in html
    note.refresh_from_db()
    assert note.title == "two"


def test_only_the_author_edits(mei, alex_client):
    note = factories.make_note(mei, title="mine")
    assert alex_client.get(f"/notes/{note.pk}/edit").status_code == 403
    assert alex_client.post(f"/notes/{note.pk}/edit", {"title": "hacked"}).status_code == 403
    note.refresh_from_db()
    assert note.title == "mine"
    private = factories.make_note(mei, title="hidden", audience="only_me")
    assert alex_client.get(f"/notes/{private.pk}/edit").status_code == 404


# --- delete ---------------------------------------------------------------------------------------

def test_delete_asks_first_then_deletes(mei_client, mei):
    note = factories.make_note(mei, title="bye")
    page = mei_client.get(f"/notes/{note.pk}/delete")
    assert page.status_code == 200
    assert f'action="/notes/{note.pk}/delete"' in page.content.decode()
    assert Note.objects.filter(pk=note.pk).exists()
    response = mei_client.post(f"/notes/{note.pk}/delete")
    assert response.status_code == 302 and response["Location"] == "/u/mei"
    assert not Note.objects.filter(pk=note.pk).exists()


def test_others_cannot_delete(mei, alex_client):
    note = factories.make_note(mei, title="stay")
    assert alex_client.post(f"/notes/{note.pk}/delete").status_code == 403
    assert Client().post(f"/notes/{note.pk}/delete").status_code == 302  # to the login page
    assert Note.objects.filter(pk=note.pk).exists()
