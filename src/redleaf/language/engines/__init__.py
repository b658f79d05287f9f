"""Translation engines behind one interface (engines/base.py), chosen by REDLEAF_TRANSLATION_ENGINE:
`glossary` (the embedded default), `libretranslate`, `openai`, `argos`."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from redleaf.core.errors import RedleafError
from redleaf.language.engines.base import (
    Engine,
    EngineError,
    EngineTimeout,
    EngineUnavailable,
    OutputRejected,
)

__all__ = ["Engine", "EngineError", "EngineTimeout", "EngineUnavailable", "OutputRejected", "ENGINES", "configured",
           "get", "glossary_engine", "configured_name", "configuration_problem"]


def _glossary():
    from redleaf.language.engines.glossary import GlossaryEngine

    return GlossaryEngine()


def _libretranslate():
    from redleaf.language.engines.libretranslate import LibreTranslateEngine

    return LibreTranslateEngine()


def _openai():
    from redleaf.language.engines.openai import OpenAIEngine

    return OpenAIEngine()


def _argos():
    from redleaf.language.engines.argos import ArgosEngine

    return ArgosEngine()


ENGINES = {"glossary": _glossary, "libretranslate": _libretranslate, "openai": _openai, "argos": _argos}
_made: dict[tuple, Engine] = {}


def get(name: str) -> Engine:
    """The engine called `name`, made once per process for the settings in force (tests change them). A
    name no engine has (a misspelt REDLEAF_TRANSLATION_ENGINE) is a 503 `translation_misconfigured` for the
    member, never a 500; `redleaf check` (and so `redleaf serve`) refuses to start with it."""
    key = (name, settings.TRANSLATION_URL, settings.TRANSLATION_API_KEY, settings.TRANSLATION_MODEL,
           settings.TRANSLATION_TIMEOUT, settings.TRANSLATION_ENGINE_VERSION)
    if key not in _made:
        if name not in ENGINES:
            raise RedleafError("translation_misconfigured",
                               _("Translation is not set up correctly on this site."),
                               status=503)
        _made[key] = ENGINES[name]()
    return _made[key]


def configured_name() -> str:
    return (settings.TRANSLATION_ENGINE or "glossary").strip().lower()


def configuration_problem() -> str | None:
    """What is wrong with the translation settings, for the operator (English, like Django's checks)."""
    name = configured_name()
    if name not in ENGINES:
        return (f"REDLEAF_TRANSLATION_ENGINE is {settings.TRANSLATION_ENGINE!r}, which is no engine; "
                f"choose one of: {', '.join(ENGINES)}")
    return None


def configured() -> Engine:
    return get(configured_name())


def glossary_engine() -> Engine:
    return get("glossary")
