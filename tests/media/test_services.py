"""media/services.py: uploads become clean WebP images, or a clear refusal with nothing stored."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import blurhash
import pytest
from django.core.files.storage import default_storage
from PIL import ExifTags, ImageCms
from PIL import Image as PILImage

from redleaf.core.errors import RedleafError
from redleaf.media import services
from redleaf.media.models import Image
from redleaf.notes.models import NoteImage
from tests import factories
from tests.factories import image_bytes, upload


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def refused(owner, data: bytes, name: str = "photo.jpg") -> RedleafError:
    with pytest.raises(RedleafError) as info:
        services.image_ingest(owner=owner, upload=upload(name, data))
    return info.value


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_by_hand(width: int, height: int, *, bit_depth: int = 1, color_type: int = 0, rows: int | None = None) -> bytes:
    """A single-colour PNG written directly. With `rows` smaller than the height the pixel data stops
    early: a tiny file that claims a huge picture (a decompression bomb's header)."""
    bits_per_pixel = bit_depth * {0: 1, 2: 3, 6: 4}[color_type]
    row = b"\x00" + bytes((width * bits_per_pixel + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row) for _ in range(height if rows is None else rows))
    body += compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", body) + png_chunk(b"IEND", b"")


def noisy_jpeg(size=(400, 300)) -> bytes:
    img = PILImage.effect_noise(size, 80).convert("RGB")
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


# --- the real type, from the bytes ---------------------------------------------------------------
def test_a_png_named_jpg_is_accepted(mei):
    image = services.image_ingest(owner=mei, upload=upload("holiday.jpg", image_bytes("PNG", (30, 20))))
    assert (image.width, image.height) == (30, 20)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_every_accepted_format_becomes_webp(mei, fmt):
    image = services.image_ingest(owner=mei, upload=upload("x.bin", image_bytes(fmt, (40, 30))))
    with default_storage.open(image.variants["large"]["path"]) as fh:
        assert PILImage.open(fh).format == "WEBP"


def test_a_text_file_named_jpg_is_refused_as_unsupported(mei, settings):
    error = refused(mei, "这不是图片 / not an image\n".encode())
    assert (error.code, error.status, error.field) == ("image_type_unsupported", 415, "images")
    assert stored_files(settings) == []
    assert not Image.objects.exists()


def test_a_zip_file_is_refused_as_unsupported(mei, settings):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", image_bytes())
    error = refused(mei, buffer.getvalue(), "photo.zip")
    assert (error.code, error.status) == ("image_type_unsupported", 415)
    assert stored_files(settings) == []


def test_a_format_we_do_not_serve_is_refused(mei):
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10)).save(buffer, "BMP")
    assert refused(mei, buffer.getvalue()).code == "image_type_unsupported"


def test_an_empty_file_is_refused(mei):
    assert refused(mei, b"").code == "image_empty"


def test_a_truncated_jpeg_is_refused_as_corrupt(mei, settings):
    data = noisy_jpeg()
    error = refused(mei, data[: len(data) // 2])
    assert (error.code, error.status) == ("image_corrupt", 400)
    assert stored_files(settings) == []
    assert not Image.objects.exists()


# --- size and pixel limits, checked before decoding ------------------------------------------------
def test_a_20000_by_20000_png_is_refused(mei, settings):
    data = png_by_hand(20000, 20000)  # a real, complete single-colour picture of 400 megapixels
    assert len(data) < 200_000
    error = refused(mei, data, "big.png")
    assert (error.code, error.status) == ("image_too_many_pixels", 400)
    assert stored_files(settings) == []


@pytest.mark.parametrize(("width", "height"), [(65535, 65535), (7000, 7000), (20001, 10)])
def test_a_png_bomb_is_refused_before_its_pixels_are_decoded(mei, width, height):
    # 8-bit RGBA, but only one row of pixel data follows the header. Were the pixels decoded, this
    # would fail as corrupt; it fails on the header's dimensions instead.
    data = png_by_hand(width, height, bit_depth=8, color_type=6, rows=1)
    assert len(data) < 2000
    assert refused(mei, data, "bomb.png").code == "image_too_many_pixels"


def test_the_pixel_limit_follows_the_setting(mei, settings):
    settings.IMAGE_MAX_PIXELS = 1000
    assert refused(mei, image_bytes("PNG", (40, 30))).code == "image_too_many_pixels"
    services.image_ingest(owner=mei, upload=upload("ok.png", image_bytes("PNG", (30, 30))))


def test_bytes_over_the_limit_are_refused_with_413(mei, settings):
    data = noisy_jpeg()
    settings.IMAGE_MAX_BYTES = len(data) - 1
    error = refused(mei, data)
    assert (error.code, error.status) == ("image_too_large", 413)
    settings.IMAGE_MAX_BYTES = len(data)
    services.image_ingest(owner=mei, upload=upload("ok.jpg", data))


def test_a_file_like_without_size_is_measured(mei, settings):
    settings.IMAGE_MAX_BYTES = 100
    with pytest.raises(RedleafError) as info:
        services.image_ingest(owner=mei, upload=io.BytesIO(image_bytes()))
    assert info.value.code == "image_too_large"


# --- orientation and metadata -----------------------------------------------------------------------
def camera_jpeg() -> bytes:
    """A 64×48 JPEG as a phone writes it: rotated by EXIF (orientation 6), with GPS, an ICC profile, XMP."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (30.0, 15.0, 10.0), 3: "E", 4: (120.0, 5.0, 2.0)}
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 40, 40)).save(
        buffer, "JPEG", exif=exif, icc_profile=icc,
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>")
    data = buffer.getvalue()
    source = PILImage.open(io.BytesIO(data))
    assert {"exif", "icc_profile", "xmp"} <= set(source.info)  # the test input really carries them
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def test_exif_orientation_is_applied(mei):
    image = services.image_ingest(owner=mei, upload=upload("phone.jpg", camera_jpeg()))
    assert (image.width, image.height) == (48, 64)
    for variant in image.variants.values():
        with default_storage.open(variant["path"]) as fh:
            assert PILImage.open(fh).size == (48, 64)


def test_all_metadata_is_stripped_from_every_variant(mei):
    image = services.image_ingest(owner=mei, upload=upload("phone.jpg", camera_jpeg()))
    assert set(image.variants) == {"large", "thumb"}
    for variant in image.variants.values():
        with default_storage.open(variant["path"]) as fh:
            data = fh.read()
        stored = PILImage.open(io.BytesIO(data))
        assert not {"exif", "xmp", "icc_profile"} & set(stored.info)
        assert dict(stored.getexif()) == {}
        for marker in (b"EXIF", b"XMP ", b"ICCP", b"Canon"):
            assert marker not in data


# --- variants, blurhash, alt --------------------------------------------------------------------------
def test_variants_are_webp_at_their_sizes(mei, settings):
    image = services.image_ingest(owner=mei, upload=upload("wide.png", image_bytes("PNG", (2000, 1000))))
    assert image.variants["large"]["width"] == 1440 and image.variants["large"]["height"] == 720
    assert image.variants["thumb"]["width"] == 540 and image.variants["thumb"]["height"] == 270
    assert (image.width, image.height) == (1440, 720)
    for name, variant in image.variants.items():
        assert variant["path"].endswith(f"-{name}.webp")
        with default_storage.open(variant["path"]) as fh:
            stored = PILImage.open(fh)
            assert stored.format == "WEBP"
            assert stored.size == (variant["width"], variant["height"])
    assert len(stored_files(settings)) == 2
    assert image.thumb_url.endswith("-thumb.webp") and image.large_url.endswith("-large.webp")


def test_small_pictures_are_not_enlarged(mei):
    image = services.image_ingest(owner=mei, upload=upload(data=image_bytes("PNG", (100, 60))))
    assert image.variants["large"]["width"] == image.variants["thumb"]["width"] == 100


def test_max_side_caps_every_variant(mei):
    image = services.image_ingest(owner=mei, upload=upload(data=image_bytes("PNG", (1000, 800))), max_side=512)
    assert (image.variants["large"]["width"], image.variants["large"]["height"]) == (512, 410)
    assert image.variants["thumb"]["width"] == 512


def test_transparency_is_kept(mei):
    img = PILImage.new("RGBA", (20, 20), (0, 0, 255, 0))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    image = services.image_ingest(owner=mei, upload=upload(data=buffer.getvalue()))
    with default_storage.open(image.variants["large"]["path"]) as fh:
        assert PILImage.open(fh).mode == "RGBA"


def test_blurhash_is_present_and_valid(mei):
    image = services.image_ingest(owner=mei, upload=upload(data=image_bytes("JPEG", (64, 48), (20, 120, 220))))
    assert blurhash.is_valid_blurhash(image.blurhash)
    assert len(image.blurhash) == 4 + 2 * 4 * 3  # 4×3 components for a landscape picture
    r, g, b = blurhash.decode(image.blurhash, 4, 3).convert("RGB").getpixel((1, 1))
    assert b > g > r  # the placeholder has the picture's colour


@pytest.mark.filterwarnings("ignore:Image.Image.getdata:DeprecationWarning")
def test_our_blurhash_matches_the_reference_encoder():
    for img in (PILImage.linear_gradient("L").convert("RGB").resize((50, 80)),
                PILImage.effect_noise((40, 30), 60).convert("RGB")):
        small = img.copy()
        small.thumbnail((32, 32))
        x, y = (4, 3) if small.width >= small.height else (3, 4)
        assert services._blurhash(img) == blurhash.encode(small, x, y)


def test_alt_text_is_kept_and_cleaned(mei):
    image = services.image_ingest(owner=mei, upload=upload(), alt="  一只橘猫\x00在晒太阳  ")
    image.refresh_from_db()
    assert image.alt == "一只橘猫在晒太阳"
    long = services.image_ingest(owner=mei, upload=upload(), alt="x" * 400)
    assert len(long.alt) == 300


def test_a_failed_ingest_leaves_no_file(mei, settings):
    services.image_ingest(owner=mei, upload=upload())
    before = stored_files(settings)
    refused(mei, noisy_jpeg()[:500])
    assert stored_files(settings) == before


# --- clean-up ----------------------------------------------------------------------------------------
def test_images_delete_unused_deletes_only_unused_rows_and_files(mei, settings, django_capture_on_commit_callbacks):
    note = factories.make_note(mei, images=1)
    used = NoteImage.objects.get(note=note).image
    avatar = services.image_ingest(owner=mei, upload=upload(), max_side=512)
    mei.avatar = avatar
    mei.save(update_fields=["avatar"])
    unused = services.image_ingest(owner=mei, upload=upload())
    unused_paths = services.image_paths(unused)
    assert all(default_storage.exists(p) for p in unused_paths)

    with django_capture_on_commit_callbacks(execute=True):
        deleted = services.images_delete_unused(image_ids=[used.pk, avatar.pk, unused.pk])

    assert deleted == 1
    assert set(Image.objects.values_list("pk", flat=True)) == {used.pk, avatar.pk}
    assert not any(default_storage.exists(p) for p in unused_paths)
    for image in (used, avatar):
        assert all(default_storage.exists(p) for p in services.image_paths(image))


def test_images_delete_unused_keeps_files_until_the_delete_commits(mei, django_capture_on_commit_callbacks):
    unused = services.image_ingest(owner=mei, upload=upload())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.images_delete_unused(image_ids=[unused.pk])
    assert all(default_storage.exists(p) for p in services.image_paths(unused))  # not yet committed
    assert len(callbacks) == 1
