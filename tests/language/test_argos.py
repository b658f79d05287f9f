"""The argos engine: packages found at REDLEAF_ARGOS_PATH, a clear "not installed", the fallback, and a
real CTranslate2 + SentencePiece run on a tiny package built in the test (tests/language/argos_model.py).
What is not exercised here: a real Argos model's translation quality (none can be downloaded)."""

from __future__ import annotations

import json
import sys

import pytest

from redleaf.language import engines, services
from redleaf.language.engines import EngineUnavailable
from redleaf.language.engines.argos import installed_packages, sentences
from redleaf.language.models import Translation
from tests import factories

pytest.importorskip("ctranslate2", reason="pip install 'redleaf[argos]'")
pytest.importorskip("sentencepiece", reason="pip install 'redleaf[argos]'")

from tests.language.argos_model import build  # noqa: E402


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    root = tmp_path_factory.mktemp("argos")
    build(root / "translate-en_zh-1_0", source="en", target="zh", says="猫咪很可爱", version="1.0")
    build(root / "translate-en_zh-1_1", source="en", target="zh", says="我的猫很可爱", version="1.1")
    build(root / "translate-ja_en-1_0", source="ja", target="en", says="hello world", version="1.0")
    (root / "not-a-package").mkdir()
    (root / "broken").mkdir()
    (root / "broken" / "metadata.json").write_text("{not json")
    return root


@pytest.fixture
def argos(settings, packages):
    settings.TRANSLATION_ENGINE = "argos"
    settings.ARGOS_PATH = packages
    return engines.configured()


def test_installed_packages_are_found_newest_first(packages):
    found = installed_packages(packages)
    assert [(p.source, p.target, p.version) for p in found] == [("ja", "en", "1.0"), ("en", "zh", "1.1"),
                                                                ("en", "zh", "1.0")]


def test_codes_are_read_loosely(tmp_path):
    folder = build(tmp_path / "p", source="zh_Hans", target="EN")
    assert [(p.source, p.target) for p in installed_packages(tmp_path)] == [("zh", "en")]
    meta = json.loads((folder / "metadata.json").read_text())
    assert meta["from_code"] == "zh_Hans"


def test_a_real_model_runs(argos):
    assert argos.supports("en", "zh") and not argos.supports("zh", "en")
    assert argos.version("en", "zh") == "en_zh-1.1"  # the newest package
    assert argos.translate("I love my cat. It is cute!", source="en", target="zh") == "我的猫很可爱我的猫很可爱"


def test_pivot_through_english(argos):
    assert argos.supports("ja", "zh")
    assert argos.version("ja", "zh") == "ja_en-1.0+en_zh-1.1"
    assert argos.translate("猫が好きです", source="ja", target="zh") == "我的猫很可爱"


def test_not_installed_is_clear(settings, tmp_path):
    settings.TRANSLATION_ENGINE = "argos"
    settings.ARGOS_PATH = tmp_path / "nothing-here"
    engine = engines.configured()
    assert not engine.supports("zh", "en") and engine.version("zh", "en") == "none"
    from django.utils import translation

    for language, names in (("en", "Chinese → English"), ("zh-hans", "中文 → 英文")):  # named in the member's language
        with translation.override(language), pytest.raises(EngineUnavailable) as caught:
            engine.translate("周末去爬山", source="zh", target="en")
        assert caught.value.code == "translation_not_installed" and names in str(caught.value.message)


def test_runtime_missing_is_clear(argos, monkeypatch):
    from redleaf.language.engines import argos as argos_module

    monkeypatch.setattr(argos_module, "_models", {})
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if the [argos] extra were not installed
    with pytest.raises(EngineUnavailable) as caught:
        argos.translate("I love my cat", source="en", target="zh")
    assert "pip install" in caught.value.detail


@pytest.mark.django_db
def test_through_the_service_cached_by_package_version(argos, mei, alex):
    note = factories.make_note(alex, title="", body="I love my cat", images=0)
    result = services.item_translate(viewer=mei, kind="note", item_id=note.pk, target="zh")
    assert result.engine.name == "argos" and result.fields["body"].text == "我的猫很可爱"
    assert Translation.objects.get().engine_version == "en_zh-1.1"
    assert services.item_translate(viewer=mei, kind="note", item_id=note.pk, target="zh").from_cache
    # a pair with no package: the glossary, saying so
    zh = factories.make_note(mei, title="", body="周末去爬山", images=0)
    fallback = services.item_translate(viewer=alex, kind="note", item_id=zh.pk, target="en")
    assert fallback.is_glossary and fallback.notice_code == "engine_unavailable"


def test_sentences():
    assert sentences("周末去爬山。风景很好！Great view. ok") == ["周末去爬山。", "风景很好！", "Great view.", " ok"]
    assert sentences("") == []
