"""Translation engines behind one interface (engines/base.py), chosen by REDLEAF_TRANSLATION_ENGINE:
`glossary` (the embedded default), `libretranslate`, `openai`, `argos`."""

from __future__ import annotations

from django.conf import settings

from redleaf.language.engines.base import (
    Engine,
    EngineError,
    EngineTimeout,
    EngineUnavailable,
    OutputRejected,
)

__all__ = ["Engine", "EngineError", "EngineTimeout", "EngineUnavailable", "OutputRejected", "ENGINES", "configured",
           "get", "glossary_engine"]


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
    """The engine called `name`, made once per process for the settings in force (tests change them)."""
    key = (name, settings.TRANSLATION_URL, settings.TRANSLATION_API_KEY, settings.TRANSLATION_MODEL,
           settings.TRANSLATION_TIMEOUT, settings.TRANSLATION_ENGINE_VERSION)
    if key not in _made:
        if name not in ENGINES:
            raise ValueError(f"unknown translation engine {name!r}; choose one of {', '.join(ENGINES)}")
        _made[key] = ENGINES[name]()
    return _made[key]


def configured() -> Engine:
    return get((settings.TRANSLATION_ENGINE or "glossary").strip().lower())


def glossary_engine() -> Engine:
    return get("glossary")
