"""Cheap test data. Images are drawn here, in memory, so no test needs a file on disk."""

from __future__ import annotations

import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from redleaf.accounts import services as account_services
from redleaf.accounts.models import User
from redleaf.notes import services as note_services

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), color=(220, 60, 60), exif=None) -> bytes:
    img = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    img.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def upload(name: str = "photo.jpg", data: bytes | None = None, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else image_bytes(), content_type=content_type)


def make_user(username: str | None = None, **kwargs) -> User:
    username = username or f"member{next(_counter)}"
    return account_services.user_signup(username=username, password=PASSWORD, **kwargs)


def make_note(author: User, title: str = "A note", body: str = "", images: int = 1, **kwargs):
    uploads = [upload(f"p{i}.jpg") for i in range(images)]
    return note_services.note_create(author=author, title=title, body=body, images=uploads, **kwargs)
