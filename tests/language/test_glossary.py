"""Reading help: CC-CEDICT through jieba's words, pinyin with tone marks, English words to Chinese."""

from __future__ import annotations

import pytest

from redleaf.language import glossary
from redleaf.language.glossary import equivalents, gloss, marked, pinyin_line, senses


def _word(tokens, text):
    return next(t for t in tokens if t.text == text)


def _covers(text, tokens):
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:], strict=False))


def test_xiaolongbao():
    tokens = gloss("小笼包真好吃！")
    _covers("小笼包真好吃！", tokens)
    bao = _word(tokens, "小笼包")
    assert bao.lang == "zh"
    assert bao.pinyin == "xiǎo lóng bāo"
    assert (bao.simplified, bao.traditional) == ("小笼包", "小籠包")
    assert any("dumpling" in d for d in bao.definitions)
    assert not bao.by_parts
    assert _word(tokens, "好吃").definitions[:2] == ["tasty", "delicious"]
    assert _word(tokens, "！").lang is None and _word(tokens, "！").pinyin is None


def test_traditional_text_is_cut_and_read():
    text = "貓咪與狗狗都很可愛"
    tokens = gloss(text)
    _covers(text, tokens)
    cat = _word(tokens, "貓咪")
    assert cat.pinyin == "māo mī"
    assert (cat.simplified, cat.traditional) == ("猫咪", "貓咪")
    assert cat.definitions == ["kitty"]
    assert _word(tokens, "可愛").simplified == "可爱"


def test_a_word_missing_from_the_dictionary_is_read_by_its_parts():
    assert not senses("肥而")
    token = glossary._chinese_token(glossary.Token("肥而", 0, 2, "zh"))
    assert token.by_parts
    assert token.pinyin == "féi ér"
    assert token.definitions[0] == "肥: fat"
    assert {s.simplified for s in token.senses} == {"肥", "而"}


def test_a_character_no_dictionary_knows_has_no_meanings_but_does_not_break():
    tokens = gloss("𪚥")  # four dragons, a rare character in CJK extension B
    assert [t.text for t in tokens] == ["𪚥"]


def test_pinyin_follows_the_word():
    line = pinyin_line("我去银行，行不行？OK 貓咪")
    assert "".join(piece for piece, _ in line) == "我去银行，行不行？OK 貓咪"
    assert line[:4] == [("我", "wǒ"), ("去", "qù"), ("银", "yín"), ("行", "háng")]
    assert line[4] == ("，", None)
    assert [p for _, p in line[5:8]] == ["xíng", "bù", "xíng"]
    assert line[-2:] == [("貓", "māo"), ("咪", "mī")]


def test_maomi_pinyin_line():
    assert pinyin_line("猫咪") == [("猫", "māo"), ("咪", "mī")]


@pytest.mark.parametrize(("numbered", "marks"), [
    ("xiao3", "xiǎo"), ("lu:4", "lǜ"), ("nu:3", "nǚ"), ("ma5", "ma"), ("Bei3", "Běi"), ("gou3", "gǒu"),
    ("hui4", "huì"), ("liu2", "liú"), ("r5", "r"), ("m2", "m"), ("E2", "É"), ("lu:e4", "lüè"),
])
def test_tone_marks(numbered, marks):
    assert marked(numbered) == marks


def test_english_words_get_chinese_equivalents():
    text = "I love my cat"
    tokens = gloss(text)
    _covers(text, tokens)
    cat = _word(tokens, "cat")
    assert cat.lang == "en"
    assert cat.equivalents[0].simplified == "猫"
    assert cat.equivalents[0].pinyin == "māo"
    assert len(cat.equivalents) <= glossary.MAX_EQUIVALENTS
    assert _word(tokens, "love").equivalents[0].simplified == "爱"


def test_equivalents_rank_exact_definitions_first_and_try_plurals():
    assert "猫" in [s.simplified for s in equivalents("cat")]
    assert equivalents("cats")[0].simplified == "猫"
    assert equivalents("dog")[0].simplified == "狗"
    assert [s.simplified for s in equivalents("steamed bun")][:1] == ["馒头"]
    assert equivalents("Paris")[0].simplified == "巴黎"
    assert all(glossary._HAN_RUN.fullmatch(s.simplified) for s in equivalents("my"))
    found = [s.simplified for s in equivalents("latte")]
    assert found[0] == "拿铁" and len(found) == len(set(found))


def test_unknown_and_function_words_have_no_equivalents():
    assert equivalents("xyzzyplugh") == ()
    assert equivalents("are") == ()  # not 公亩, the unit of area
    assert _word(gloss("xyzzyplugh!"), "xyzzyplugh").equivalents == []


def test_mixed_text():
    text = "今天做了 dumplings for my friends，第一次包饺子"
    tokens = gloss(text)
    _covers(text, tokens)
    assert _word(tokens, "饺子").pinyin == "jiǎo zi"
    assert "饺子" in [s.simplified for s in _word(tokens, "dumplings").equivalents]
    assert _word(tokens, "friends").lang == "en"


def test_japanese_is_not_read_as_chinese():
    tokens = gloss("東京に行きました")
    assert all(t.lang is None and t.pinyin is None for t in tokens)
    assert all(p is None for _, p in pinyin_line("東京に行きました"))


@pytest.mark.parametrize("text", ["", "   ", "😀🎉", "\x00\x01", "\u202e小笼包\u202c", "12345", "🎉猫🎉"])
def test_odd_input(text):
    tokens = gloss(text)
    if text:
        _covers(text, tokens)
    else:
        assert tokens == []
    assert "".join(piece for piece, _ in pinyin_line(text)) == text


def test_long_text_is_glossed_in_part_and_covered_whole():
    text = "周末去爬山，风景很好。" * 10_000
    tokens = gloss(text)
    _covers(text, tokens)
    assert tokens[-1].start == glossary.MAX_CHARS and tokens[-1].lang is None
    line = pinyin_line(text)
    assert "".join(piece for piece, _ in line) == text


def test_more_served_languages_french_words_get_no_english_equivalents(settings):
    settings.LANGUAGES_SERVED = ["zh", "en", "fr"]
    tokens = gloss("Bonjour tout le monde, je suis très content d'être ici")
    assert all(not t.equivalents for t in tokens)
    assert {t.lang for t in tokens if t.is_word} == {"fr"}


def test_every_part_of_a_word_the_dictionary_lacks_keeps_its_meanings():
    assert not senses("好难")
    token = gloss("好难")[0]
    assert token.by_parts and token.parts == ["好", "难"]
    assert any(d.startswith("好: ") for d in token.definitions)
    assert any(d.startswith("难: difficult") for d in token.definitions)  # 好's many meanings leave room


@pytest.mark.parametrize(("text", "line"), [
    ("好难", "good difficult"),
    ("第一次包饺子好难", "the first time to cover dumpling good difficult"),
    ("好𪚥难吃", "good 𪚥 unpalatable"),  # a character no dictionary knows stands as written
])
def test_the_glossary_never_drops_a_part_of_the_text(text, line):
    from redleaf.language.engines.glossary import gloss_line, gloss_words

    words = gloss_words(text, "en")
    assert gloss_line(words, "en") == line
    assert "".join(w.text for w in words) == text
    for word in words:
        if word.lang == "zh":
            assert word.meaning  # every Chinese word says something
