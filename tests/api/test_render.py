"""api/render.py: absolute URLs made for plain paths equal Django's build_absolute_uri, and every
other form is left to Django."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from redleaf.api.render import _PLAIN_PATH, absolute

PATHS = ["/media/v/ab/cdef0123.thumb.webp", "/", "/a/b/", "/a/b.", "/a/%20b", "/a/b-c_d~e/f.png",
         "/media/a b.png", "//evil.example/x", "/a/./b", "/a/../b", "/./b", "/.x", "/a/.hidden", "/a//b",
         "/红/叶.jpg", "relative/x", "https://cdn.example/x.png", "/a?x=1", "/a#top", "/a:b"]


@pytest.mark.parametrize("secure", [False, True])
@pytest.mark.parametrize("path", PATHS)
def test_absolute_is_djangos_build_absolute_uri(path, secure):
    request = RequestFactory().get("/api/v1/feed/explore", secure=secure)
    assert absolute(request, path) == request.build_absolute_uri(path)


def test_only_plain_paths_take_the_short_way():
    plain = {p for p in PATHS if _PLAIN_PATH.match(p)}
    assert plain == {"/media/v/ab/cdef0123.thumb.webp", "/", "/a/b/", "/a/b.", "/a/%20b", "/a/b-c_d~e/f.png"}
    assert absolute(RequestFactory().get("/"), "") is None and absolute(RequestFactory().get("/"), None) is None
