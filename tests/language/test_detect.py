"""Language detection: scripts first, lingua for Latin text when several Latin languages are served, and
the share rule that decides when a text is mixed."""

from __future__ import annotations

import pytest

from redleaf.language import detect as detect_module
from redleaf.language.detect import Run, detect, primary


@pytest.mark.parametrize(("text", "languages"), [
    ("周末做了红烧肉，肥而不腻，配米饭刚好", ["zh"]),
    ("貓咪與狗狗都很可愛，週末帶牠們去公園", ["zh"]),  # traditional Chinese is zh
    ("Sunday hike to the lighthouse, the view was worth every step", ["en"]),
    ("这个 latte 太好喝了", ["zh"]),  # a loanword does not make a text mixed
    ("今天买了 Apple Watch 好开心", ["zh"]),  # nor does a brand name
    ("我喜欢ポケモン，皮卡丘最可爱", ["zh"]),  # katakana without hiragana: a name inside Chinese
    ("Learning 中文 is hard but fun", ["en"]),
    ("今天做了 dumplings for my friends，第一次包饺子好难但是好吃", ["zh", "en"]),
    ("I went to the 夜市 last night and tried 臭豆腐 and 珍珠奶茶", ["en", "zh"]),
    ("😀😀🎉❤️", []),
    ("", []),
    ("   \n\t ", []),
    ("12345 !!! ??? 2025-01-13", []),
    ("こんにちは、元気ですか", []),  # Japanese is not served by default: no served language
    ("東京に行きました。楽しかったです", []),  # kanji in a Japanese sentence are not Chinese
    ("안녕하세요 반가워요", []),
    ("Привет, как дела? hello", []),  # one English word does not make a Russian text English
])
def test_languages(text, languages):
    assert detect(text).languages == languages


def test_primary_and_mixed():
    assert primary("Sunday hike to the lighthouse") == "en"
    assert primary("周末去爬山") == "zh"
    assert primary("🎉🎉") is None
    assert detect("今天做了 dumplings for my friends，第一次包饺子好难但是好吃").mixed
    assert not detect("这个 latte 太好喝了").mixed


def _covers(text, runs):
    assert runs[0].start == 0 and runs[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(runs, runs[1:], strict=False))
    assert all(a.lang != b.lang for a, b in zip(runs, runs[1:], strict=False))  # neighbours merged


def test_runs_cover_the_text_and_split_mixed_text():
    text = "今天 really good 的一天！"
    runs = detect(text).runs
    _covers(text, runs)
    assert [r.lang for r in runs] == ["zh", "en", "zh"]
    assert text[runs[1].start:runs[1].end] == "really good "
    assert text[runs[2].start:runs[2].end] == "的一天！"  # punctuation joins the run before it


def test_a_loanword_is_its_own_run_though_the_text_is_chinese():
    text = "这个 latte 太好喝了"
    assert [(r.lang, text[r.start:r.end]) for r in detect(text).runs] == [
        ("zh", "这个 "), ("en", "latte "), ("zh", "太好喝了")]


def test_leading_punctuation_and_emoji_join_the_first_run():
    text = "🎉🎉 「新年快乐」 everyone!!"
    runs = detect(text).runs
    _covers(text, runs)
    assert runs[0] == Run("zh", 0, text.index("everyone"))


def test_emoji_only_is_one_run_of_no_language():
    assert detect("😀🎉").runs == [Run(None, 0, 2)]
    assert detect("").runs == []


def test_more_served_languages(settings):
    settings.LANGUAGES_SERVED = ["zh", "en", "ja", "fr"]
    assert detect("こんにちは、元気ですか").languages == ["ja"]
    assert detect("東京に行きました。楽しかったです").languages == ["ja"]
    assert detect("Bonjour tout le monde, je suis très content d'être ici").languages == ["fr"]
    assert detect("Hello everyone, I am very happy to be here today").languages == ["en"]
    assert detect("周末去巴黎玩了 c'est vraiment magnifique, j'adore cette ville").languages == ["fr", "zh"]
    assert detect_module.latin_detector(("zh", "en", "ja", "fr")) is not None


def test_with_zh_and_en_lingua_is_never_needed(settings):
    settings.LANGUAGES_SERVED = ["zh", "en"]
    assert detect_module.latin_detector(("zh", "en")) is None
    # so any Latin text is English: a French text goes to English readers (documented)
    assert detect("Bonjour tout le monde").languages == ["en"]


def test_only_chinese_served(settings):
    settings.LANGUAGES_SERVED = ["zh"]
    assert detect("Sunday hike to the lighthouse").languages == []
    assert detect("今天 hiking 真开心").languages == ["zh"]


@pytest.mark.parametrize("text", [
    "\x00\x01\x02 hello there friend \x7f",
    "\u202ehello there friend\u202c",  # right-to-left override
    "\u200fhello\u200f there\u200e friend",  # right-to-left and left-to-right marks
    "\u200bhello\u200b there friend\ufeff",  # zero-width space, BOM
    "hello\x00there\x00friend",
])
def test_control_and_bidi_characters_are_not_letters(text):
    d = detect(text)
    assert d.languages == ["en"]
    _covers(text, d.runs)


def test_nul_and_bidi_only():
    assert detect("\x00\x00\u202e\u200f").languages == []


def test_right_to_left_scripts_are_not_served():
    assert detect("שלום עולם, מה שלומך").languages == []
    assert detect("مرحبا بالعالم").languages == []


def test_100_kb_is_read_in_part_but_covered_whole():
    text = ("周末去爬山，风景很好。" * 5000 + "The end of a long English paragraph. " * 2000)
    assert len(text) > 100_000
    d = detect(text)
    assert d.languages == ["zh"]  # only the first MAX_CHARS characters are read
    _covers(text, d.runs)


def test_100_kb_of_one_character():
    text = "x" * 100_000
    assert detect(text).runs == [Run("en", 0, 100_000)]
