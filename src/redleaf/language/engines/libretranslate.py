"""`libretranslate`: a LibreTranslate server (self-hosted, or a paid instance with an API key), spoken to
through its documented HTTP API: `POST /translate {q, source, target, format, api_key}` answers
`{"translatedText": ...}`, errors `{"error": ...}`; `GET /languages` lists the codes it knows (Chinese is
"zh" on older servers and "zh-Hans" on newer ones, so we ask once per process)."""

from __future__ import annotations

import threading

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from redleaf.language.engines.base import (
    Engine,
    EngineError,
    EngineUnavailable,
    OutputRejected,
    get_json,
    post_json,
    short_hash,
)


class LibreTranslateEngine(Engine):
    name = "libretranslate"
    label = "LibreTranslate"

    def __init__(self) -> None:
        self.url = (settings.TRANSLATION_URL or "").rstrip("/")
        self.key = settings.TRANSLATION_API_KEY
        self.timeout = settings.TRANSLATION_TIMEOUT
        self._codes: dict[str, str] | None = None
        self._lock = threading.Lock()

    def version(self, source: str, target: str) -> str:
        return f"{settings.TRANSLATION_ENGINE_VERSION}:{short_hash(self.url)}"

    def _code(self, lang: str) -> str:
        if self._codes is None:
            with self._lock:
                if self._codes is None:
                    self._codes = self._server_codes()
        return self._codes.get(lang, lang)

    def _server_codes(self) -> dict[str, str]:
        try:
            status, body = get_json(f"{self.url}/languages", timeout=self.timeout)
        except EngineError:
            return {}
        if status != 200 or not isinstance(body, list):
            return {}
        offered = {str(item.get("code")) for item in body if isinstance(item, dict)}
        return {"zh": "zh-Hans"} if "zh-Hans" in offered and "zh" not in offered else {}

    def translate(self, text: str, *, source: str, target: str) -> str:
        if not self.url:
            raise EngineUnavailable(_("The translation service is not set up."), detail="REDLEAF_TRANSLATION_URL is empty")
        body = {"q": text, "source": self._code(source), "target": self._code(target), "format": "text"}
        if self.key:
            body["api_key"] = self.key
        status, answer = post_json(f"{self.url}/translate", body, timeout=self.timeout)
        if status == 429:
            raise EngineError(_("The translation service is busy. Try again in a minute."),
                              code="translation_busy", detail="LibreTranslate 429")
        if status in (400, 403) and isinstance(answer, dict) and "not supported" in str(answer.get("error", "")).lower():
            raise EngineUnavailable(_("The translation service does not translate between these languages."),
                                    detail=str(answer.get("error")))
        if status != 200:
            detail = str(answer.get("error"))[:200] if isinstance(answer, dict) else f"HTTP {status}"
            raise EngineError(_("The translation service could not translate this."), detail=f"{status}: {detail}")
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if not isinstance(translated, str):
            raise OutputRejected(_("The translation service answered with something that is not a translation."),
                                 detail=f"no translatedText in {str(answer)[:200]}")
        return translated
