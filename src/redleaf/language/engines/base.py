"""The one interface every translation engine speaks, and the errors it may raise.

An engine translates one piece of text, written in one language (`source`), into another (`target`).
The service (language/services.py) hands it nothing else: mixed text is cut into runs first, runs already
in the target language never reach an engine, and the cache is asked before any engine is."""

from __future__ import annotations

import hashlib
import json
import socket
import urllib.error
import urllib.request
from typing import Any

from django.utils.translation import gettext_lazy as _

# Language names for prompts and labels (the codes are detect's: ISO 639-1).
NAMES = {"zh": "Simplified Chinese", "en": "English", "ja": "Japanese", "ko": "Korean", "fr": "French",
         "de": "German", "es": "Spanish", "ru": "Russian", "it": "Italian", "pt": "Portuguese"}


class EngineError(Exception):
    """The engine could not give a translation. `message` is for the member (lazy, their language)."""

    code = "translation_failed"
    status = 502

    def __init__(self, message: Any, *, code: str | None = None, detail: str = ""):
        super().__init__(detail or str(message))
        self.message = message
        self.detail = detail  # for the log, never shown: it may hold the server's own words
        if code:
            self.code = code


class EngineUnavailable(EngineError):
    """Not set up for this: not configured, no model installed for the pair, a package missing. The
    service falls back to the glossary."""

    code = "translation_unavailable"
    status = 503


class EngineTimeout(EngineError):
    code = "translation_timeout"
    status = 504


class OutputRejected(EngineError):
    """The engine answered, but not with a translation we can show (see language/checks.py)."""

    code = "translation_rejected"


class Engine:
    name = ""  # stored with every cached translation
    label = ""  # shown to members: "Machine translation · <label>"
    is_glossary = False  # word-by-word glosses, not a translation
    metered = True  # counts against the per-member and per-minute limits
    cached = True  # results kept in the shared cache

    def version(self, source: str, target: str) -> str:
        """What the cache is keyed by besides the name: a new model or prompt is a new version."""
        raise NotImplementedError

    def supports(self, source: str, target: str) -> bool:
        return source != target

    def translate(self, text: str, *, source: str, target: str) -> str:
        raise NotImplementedError


def short_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:8]


def post_json(url: str, body: dict, *, timeout: float, headers: dict | None = None) -> tuple[int, Any]:
    """POST JSON, answer (status, parsed body or None). Network failures become EngineErrors."""
    data = json.dumps(body, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={  # noqa: S310 - _send checks the scheme
        "Content-Type": "application/json", "Accept": "application/json", **(headers or {})})
    return _send(request, timeout)


def get_json(url: str, *, timeout: float, headers: dict | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(url, headers={"Accept": "application/json", **(headers or {})})  # noqa: S310
    return _send(request, timeout)


MAX_RESPONSE = 2 * 1024 * 1024  # an answer larger than this is not a translation of a note


def _send(request: urllib.request.Request, timeout: float) -> tuple[int, Any]:
    if not request.full_url.startswith(("http://", "https://")):
        raise EngineUnavailable(_("The translation service is not set up."), detail=f"bad URL {request.full_url!r}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, above
            status, raw = response.status, response.read(MAX_RESPONSE + 1)
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read(MAX_RESPONSE + 1)
    except TimeoutError as exc:
        raise EngineTimeout(_("The translation service took too long to answer."), detail=str(exc)) from exc
    except (urllib.error.URLError, OSError) as exc:
        if isinstance(getattr(exc, "reason", None), (TimeoutError, socket.timeout)):
            raise EngineTimeout(_("The translation service took too long to answer."), detail=str(exc)) from exc
        raise EngineError(_("The translation service cannot be reached right now."),
                          code="translation_unreachable", detail=str(exc)) from exc
    if len(raw) > MAX_RESPONSE:
        raise OutputRejected(_("The translation service answered with something that is not a translation."),
                             detail="answer too large")
    try:
        return status, json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return status, None
