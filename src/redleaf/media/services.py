"""Uploads become Images here, and only here. The real type is sniffed from the bytes (never the
file name); size and pixel limits are checked before any pixel is decoded, so a decompression bomb
costs nothing; orientation is applied; the pixels are re-encoded to WebP, which drops every byte of
metadata (EXIF, GPS, XMP, ICC); a blurhash gives the feed a placeholder."""

from __future__ import annotations

import hashlib
import io
import math
import warnings

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

from redleaf.core.errors import RedleafError
from redleaf.core.ids import next_id
from redleaf.core.text import clean_text
from redleaf.media.models import Image

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "MPO")
# Pillow opens MPO (a phone's multi-picture JPEG) through its JPEG opener and has no opener named MPO;
# asking for one made every non-image upload a KeyError (a 500) instead of a 415.
OPEN_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
VARIANTS = {"large": 1440, "thumb": 540}  # longest side; "thumb" feeds the explore cards

# Pillow's own bomb guard stays on as a second line behind ours.
PILImage.MAX_IMAGE_PIXELS = max(settings.IMAGE_MAX_PIXELS, 1)


def _error(code: str, message, status: int = 400) -> RedleafError:
    return RedleafError(code, message, status=status, field="images")


def _open_checked(upload) -> PILImage.Image:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > settings.IMAGE_MAX_BYTES:
        raise _error("image_too_large", _("An image can be at most %(mb)d MB.")
                     % {"mb": settings.IMAGE_MAX_BYTES // (1024 * 1024)}, status=413)
    if size == 0:
        raise _error("image_empty", _("That image file is empty."))
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            img = PILImage.open(upload, formats=OPEN_FORMATS)
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        raise _error("image_too_many_pixels", _("That image has too many pixels.")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _error("image_type_unsupported",
                     _("That file is not a JPEG, PNG, WebP or GIF image."), status=415) from exc
    width, height = img.size
    if width < 1 or height < 1 or width * height > settings.IMAGE_MAX_PIXELS or max(width, height) > 20000:
        raise _error("image_too_many_pixels",
                     _("That image is too large: at most %(mp)d megapixels.")
                     % {"mp": settings.IMAGE_MAX_PIXELS // 1_000_000})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            if img.format in ("JPEG", "MPO"):
                img.draft("RGB", (VARIANTS["large"] * 2, VARIANTS["large"] * 2))  # decode at reduced scale
            img.load()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError,
            PILImage.DecompressionBombWarning) as exc:
        raise _error("image_corrupt", _("That image is damaged or incomplete.")) from exc
    return img


# A 40-megapixel picture is 120 MB of pixels: every full-size copy counts, so the steps below make
# none they can avoid (orientation in place, conversion only when the mode differs, each variant
# resized from the one before rather than from a copy of the original).
def _normalised(img: PILImage.Image) -> PILImage.Image:
    ImageOps.exif_transpose(img, in_place=True)  # apply the camera's orientation before the tag is dropped
    alpha = img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info)
    mode = "RGBA" if alpha else "RGB"
    return img if img.mode == mode else img.convert(mode)


def _fit(img: PILImage.Image, longest: int) -> PILImage.Image:
    """Shrink (never enlarge) to `longest` on the long side, keeping the aspect ratio."""
    width, height = img.size
    if max(width, height) <= longest:
        return img
    scale = longest / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return img.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)


def _webp(img: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    img.save(buffer, format="WEBP", quality=82, method=4)  # no exif=, no icc_profile=: nothing carried over
    return buffer.getvalue()


_BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"


def _base83(value: int, length: int) -> str:
    return "".join(_BASE83[(value // 83 ** (length - i - 1)) % 83] for i in range(length))


def _srgb_to_linear(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _linear_to_srgb(value: float) -> int:
    v = max(0.0, min(1.0, value))
    return int(v * 12.92 * 255 + 0.5) if v <= 0.0031308 else int((1.055 * v ** (1 / 2.4) - 0.055) * 255 + 0.5)


def _blurhash(img: PILImage.Image) -> str:
    """The blurhash of a 32-pixel thumbnail (woltapp's algorithm, written out here: the blurhash-python
    package reads pixels with Image.getdata, which Pillow deprecates and removes in Pillow 14)."""
    small = img.convert("RGB")
    small.thumbnail((32, 32))
    xc, yc = (4, 3) if small.width >= small.height else (3, 4)
    width, height = small.size
    raw = small.tobytes()
    linear = [_srgb_to_linear(v) for v in range(256)]
    pixels = [(linear[raw[k]], linear[raw[k + 1]], linear[raw[k + 2]]) for k in range(0, len(raw), 3)]
    factors: list[tuple[float, float, float]] = []
    for j in range(yc):
        cos_y = [math.cos(math.pi * j * y / height) for y in range(height)]
        for i in range(xc):
            cos_x = [math.cos(math.pi * i * x / width) for x in range(width)]
            r = g = b = 0.0
            for y in range(height):
                for x in range(width):
                    basis = cos_x[x] * cos_y[y]
                    pr, pg, pb = pixels[y * width + x]
                    r, g, b = r + basis * pr, g + basis * pg, b + basis * pb
            scale = (1 if i == j == 0 else 2) / (width * height)
            factors.append((r * scale, g * scale, b * scale))
    dc, ac = factors[0], factors[1:]
    result = _base83((xc - 1) + (yc - 1) * 9, 1)
    actual_max = max(abs(v) for factor in ac for v in factor)
    quantised_max = max(0, min(82, int(actual_max * 166 - 0.5)))
    max_value = (quantised_max + 1) / 166
    result += _base83(quantised_max, 1)
    result += _base83((_linear_to_srgb(dc[0]) << 16) + (_linear_to_srgb(dc[1]) << 8) + _linear_to_srgb(dc[2]), 4)

    def quantise(v: float) -> int:
        return max(0, min(18, int(math.copysign(abs(v / max_value) ** 0.5, v) * 9 + 9.5)))

    for r, g, b in ac:
        result += _base83(quantise(r) * 19 * 19 + quantise(g) * 19 + quantise(b), 2)
    return result


def image_ingest(*, owner, upload, alt: str = "", max_side: int | None = None) -> Image:
    """Check, clean and store one upload: files first, then the row. A caller whose transaction
    fails after this returns calls `images_discard` so neither row nor file outlives the failure."""
    img = _open_checked(upload)
    img = _normalised(img)
    image_id = next_id()
    variants: dict[str, dict] = {}
    written: list[str] = []
    drawn: dict[str, PILImage.Image] = {}
    try:
        for name, longest in sorted(VARIANTS.items(), key=lambda item: -item[1]):  # largest first
            img = drawn[name] = _fit(img, min(longest, max_side or longest))
            path = default_storage.save(f"images/{image_id % 1000:03d}/{image_id}-{name}.webp",
                                        ContentFile(_webp(img)))
            written.append(path)
            variants[name] = {"path": path, "width": img.width, "height": img.height}
        large = drawn["large"]
        image = Image.objects.create(
            id=image_id, owner=owner, width=large.width, height=large.height, blurhash=_blurhash(drawn["thumb"]),
            alt=clean_text(alt)[:300], variants=variants, sha256=hashlib.sha256(large.tobytes()).hexdigest(),
        )
    except BaseException:
        _delete_files(written)
        raise
    return image


def images_alt_update(*, owner, alts: dict[int, str]) -> int:
    """Change the alt text of some of `owner`'s images (the composer edits it per picture)."""
    from redleaf.core.text import clean_text

    changed = 0
    for image_id, alt in alts.items():
        changed += Image.objects.filter(pk=image_id, owner=owner).update(alt=clean_text(alt)[:300])
    return changed


def _delete_files(paths: list[str]) -> None:
    for path in paths:
        try:
            default_storage.delete(path)
        except OSError:
            pass


def images_discard_files(images: list[Image]) -> None:
    _delete_files([path for image in images for path in image_paths(image)])


def images_discard(images: list[Image]) -> None:
    """Undo `image_ingest` for uploads whose note was never saved: their rows, then their files."""
    if images:
        Image.objects.filter(pk__in=[image.pk for image in images], note_images__isnull=True).delete()
        images_discard_files(images)


def image_paths(image: Image) -> list[str]:
    return [variant["path"] for variant in (image.variants or {}).values()]


def images_delete_unused(*, image_ids: list[int]) -> int:
    """Delete images (rows and files) that no note and no avatar uses any more. Runs in the worker."""
    from redleaf.accounts.models import User

    unused = Image.objects.filter(pk__in=image_ids, note_images__isnull=True).exclude(
        pk__in=User.objects.filter(avatar_id__in=image_ids).values("avatar_id")
    )
    count = 0
    for image in unused:
        paths = image_paths(image)
        image.delete()
        transaction.on_commit(lambda p=paths: _delete_files(p))
        count += 1
    return count
