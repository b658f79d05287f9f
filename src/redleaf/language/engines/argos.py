"""`argos`: offline neural translation from Argos Translate packages the operator installs under
REDLEAF_ARGOS_PATH (one unpacked package per folder: `metadata.json`, `model/` for CTranslate2,
`sentencepiece.model`), e.g. `unzip translate-zh_en-1_9.argosmodel -d "$REDLEAF_ARGOS_PATH"`.

We read the package format ourselves and run its two real runtimes, CTranslate2 and SentencePiece
(`pip install "redleaf[argos]"`), instead of importing argostranslate: that package pins stanza, which
brings PyTorch (over a gigabyte) only to split sentences, which we do with punctuation. Without English
in a pair we pivot through English when both halves are installed, as Argos does. Each model is loaded
once per process (a real zh→en model takes about 100–200 MB of memory)."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from redleaf.language.engines.base import Engine, EngineError, EngineUnavailable

_SENTENCE = re.compile(r"[^。！？!?.;；\n]*(?:[。！？!?.;；]+|\n+|$)")
MAX_DECODING = 512


@dataclass(frozen=True)
class Package:
    path: Path
    source: str
    target: str
    version: str
    target_prefix: str = ""

    @property
    def key(self) -> str:
        return f"{self.source}_{self.target}-{self.version}"


def _code(value) -> str:
    return re.split(r"[_-]", str(value or "").lower(), maxsplit=1)[0]


def installed_packages(root: Path | None = None) -> list[Package]:
    """The packages unpacked under the path, newest version first for each pair. A folder without a
    readable metadata.json, a model/ folder and a sentencepiece.model is not a package."""
    root = Path(root if root is not None else settings.ARGOS_PATH)
    found: list[Package] = []
    if not root.is_dir():
        return found
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        try:
            meta = json.loads((folder / "metadata.json").read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(meta, dict) or not (folder / "model").is_dir() or not (folder / "sentencepiece.model").is_file():
            continue
        source, target = _code(meta.get("from_code")), _code(meta.get("to_code"))
        if source and target:
            found.append(Package(folder, source, target, str(meta.get("package_version", "0")),
                                 str(meta.get("target_prefix") or "")))
    return sorted(found, key=lambda p: (p.source, p.target, [int(x) if x.isdigit() else 0 for x in p.version.split(".")]),
                  reverse=True)


def sentences(text: str) -> list[str]:
    return [s for s in (m.group(0) for m in _SENTENCE.finditer(text)) if s.strip()]


class _Loaded:
    def __init__(self, package: Package, threads: int) -> None:
        try:
            import ctranslate2
            import sentencepiece
        except ImportError as exc:
            raise EngineUnavailable(_("Offline translation is not installed on this server."),
                                    detail=f"{exc}: pip install 'redleaf[argos]'") from exc
        self.translator = ctranslate2.Translator(str(package.path / "model"), device="cpu", inter_threads=1,
                                                 intra_threads=max(1, threads))
        self.tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
        self.prefix = package.target_prefix
        self.joiner = "" if package.target in ("zh", "ja", "ko") else " "

    def translate(self, text: str) -> str:
        parts = sentences(text) or [text]
        batch = [self.tokenizer.encode(part.strip(), out_type=str) for part in parts]
        kwargs = {"target_prefix": [[self.prefix]] * len(batch)} if self.prefix else {}
        results = self.translator.translate_batch(batch, beam_size=2, max_decoding_length=MAX_DECODING,
                                                  **kwargs)
        out = []
        for part, result in zip(parts, results, strict=True):
            tokens = result.hypotheses[0]
            if self.prefix and tokens and tokens[0] == self.prefix:
                tokens = tokens[1:]
            decoded = self.tokenizer.decode(tokens)
            out.append(decoded + ("\n" if part.endswith("\n") else ""))
        return self.joiner.join(s.rstrip(" ") for s in out).strip()


_models: dict[str, _Loaded] = {}
_lock = threading.Lock()


def _load(package: Package) -> _Loaded:
    key = str(package.path)
    if key not in _models:
        with _lock:
            if key not in _models:
                _models[key] = _Loaded(package, settings.ARGOS_THREADS)
    return _models[key]


class ArgosEngine(Engine):
    name = "argos"
    label = "Argos Translate"

    def _route(self, source: str, target: str) -> list[Package]:
        packages = installed_packages()
        direct = [p for p in packages if (p.source, p.target) == (source, target)]
        if direct:
            return direct[:1]
        first = [p for p in packages if (p.source, p.target) == (source, "en")]
        second = [p for p in packages if (p.source, p.target) == ("en", target)]
        return [first[0], second[0]] if first and second and "en" not in (source, target) else []

    def supports(self, source: str, target: str) -> bool:
        return source != target and bool(self._route(source, target))

    def version(self, source: str, target: str) -> str:
        return "+".join(p.key for p in self._route(source, target)) or "none"

    def translate(self, text: str, *, source: str, target: str) -> str:
        route = self._route(source, target)
        if not route:
            from redleaf.language.selectors import language_name

            raise EngineUnavailable(
                _("No offline translation model for %(source)s → %(target)s is installed on this server.")
                % {"source": language_name(source), "target": language_name(target)},
                code="translation_not_installed", detail=f"no package {source}->{target} under {settings.ARGOS_PATH}")
        for package in route:
            try:
                text = _load(package).translate(text)
            except EngineError:
                raise
            except Exception as exc:  # noqa: BLE001 - a broken model file is the operator's to fix, not a 500
                raise EngineError(_("The offline translation model failed on this text."),
                                  detail=f"{package.key}: {type(exc).__name__}: {exc}") from exc
        return text
