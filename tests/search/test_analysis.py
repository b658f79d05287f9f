"""The analysis pipeline (search/analysis.py): one way of writing a word for the index and the query."""

from __future__ import annotations

import pytest

from redleaf.search import analysis


class Words:
    """A small vocabulary standing in for the index's (lexicon.py reads the real one)."""

    def __init__(self, readings: dict[str, list[str]], known: set[str]):
        self.readings, self.terms = readings, known

    def by_pinyin(self, pinyin):
        return self.readings.get(pinyin, [])

    def known(self, terms):
        return {t for t in terms if t in self.terms}


LEXICON = Words({"maomi": ["猫咪"], "xiaolongbao": ["小笼包"], "huoguo": ["火锅"]},
                {"猫咪", "小笼包", "火锅", "recip", "cat", "noodl"})


def alternatives(query: analysis.Query) -> list[tuple[str, tuple[str, ...], str]]:
    return [(a.kind, a.terms, a.origin) for c in query.concepts for a in c.alternatives]


def test_folding_width_case_traditional_and_marks():
    folded, source = analysis.fold("ＡＢＣ Café 貓咪")
    assert folded == "abc cafe 猫咪"
    assert len(source) == len(folded) and source[-1] == len("ＡＢＣ Café 貓咪") - 1
    assert analysis.normalize("  小紅書\x00  NOTES ") == "小红书 notes"


@pytest.mark.parametrize("text", ["ＡＢＣ Café 貓咪", "\x00\x1f\u200b\ufeff\u00adx", "ﬁ ß İ ẞ Ǆ ①² ｶﾞ", "e\u0301 한국어 ΣΑΣ 🐱",
                                  "臺灣的麵包", "", "plain ascii TEXT"])
def test_fast_folding_is_the_same_folding(text):
    """Indexing and queries fold with one translate (fold_text); highlighting with offsets (fold): the same text."""
    assert analysis.fold_text(text) == analysis.fold(text)[0]
    assert analysis.fold_text(text) == analysis.fold_text(text)  # and again, from the table


def test_documents_give_words_stems_emoji_and_characters():
    terms = analysis.analyse("我家貓咪超可愛🐱 Recipes for the Cats!")
    assert {"猫咪", "可爱", "recip", "cat", "u1f431"} <= set(terms.words)
    assert "the" not in terms.words and "for" not in terms.words  # stop words
    assert "".join(terms.chars) == "我家猫咪超可爱"


def test_search_mode_keeps_the_parts_of_long_words():
    assert {"天花", "天花板"} <= set(analysis.analyse("天花板").words)


def test_a_learnt_word_stays_whole(db):
    from redleaf.search import services

    assert "小红书" not in analysis.analyse("我爱小红书").words
    services.words_learn(words=["小红书"], source="topic")
    assert "小红书" in analysis.analyse("我爱小红书").words
    assert [c.text for c in analysis.parse_query("小红书").concepts] == ["小红书"]


def test_english_stems_match_between_query_and_note():
    note = set(analysis.analyse("My favourite recipe").words)
    query = analysis.parse_query("recipes", LEXICON)
    assert ("words", ("recip",), "exact") in alternatives(query)
    assert "recip" in note


@pytest.mark.parametrize("typed", ["maomi", "mao mi", "MaoMi"])
def test_pinyin_reads_as_the_chinese_word(typed):
    query = analysis.parse_query(typed, LEXICON)
    assert len(query.concepts) == 1
    assert ("words", ("猫咪",), "pinyin") in alternatives(query)


def test_pinyin_syllables_and_readings():
    assert analysis.pinyin_syllables("xiaolongbao") == ["xiao", "long", "bao"]
    assert analysis.pinyin_syllables("xlb") is None
    assert analysis.reading("小笼包") == ("xiaolongbao", "xlb")
    assert analysis.reading("绿茶")[0] == "lvcha"


def test_cross_language_both_ways_weighs_less_than_exact():
    cat = analysis.parse_query("cat", LEXICON)
    assert ("chars", ("猫",), "cross") in alternatives(cat)
    hotpot = analysis.parse_query("火锅", LEXICON)
    assert ("words", ("hotpot",), "cross") in alternatives(hotpot)
    pair = analysis.parse_query("hot pot", LEXICON)
    assert len(pair.concepts) == 1 and ("words", ("火锅",), "cross") in alternatives(pair)
    for concept in cat.concepts + hotpot.concepts:
        exact = max(a.weight for a in concept.alternatives if a.exact)
        assert all(a.weight < exact for a in concept.alternatives if a.origin == "cross")


def test_a_three_word_meaning_is_an_english_alternative():
    """牛肉面 is "beef noodle soup" in CC-CEDICT: the three words, all required, find the English notes."""
    noodles = analysis.parse_query("牛肉面", LEXICON)
    assert ("words", ("beef", "noodl", "soup"), "cross") in alternatives(noodles)


def test_spelling_and_homophone_corrections():
    misspelt = analysis.parse_query("recipies", LEXICON)
    assert ("words", ("recip",), "spelling") in alternatives(misspelt)
    assert misspelt.corrected in ("recipe", "recipes")
    homophone = analysis.parse_query("小龙包", Words({"xiaolongbao": ["小笼包"]}, {"小笼包"}))
    assert ("words", ("小笼包",), "spelling") in alternatives(homophone)


def test_the_baseline_understands_nothing_more():
    plain = analysis.parse_query("maomi cat", LEXICON, understand=False)
    assert {a.origin for a in plain.concepts[0].alternatives + plain.concepts[1].alternatives} == {"exact"}


@pytest.mark.parametrize("text", ["", "   ", "！？。，", '"*:-()', "\x00\x01\x1f", "NEAR", "a" * 10_000,
                                  "🐱🐶", "猫" * 10_000, "AND OR NOT", "'; DROP TABLE notes; --"])
def test_any_input_parses_into_safe_terms(text):
    query = analysis.parse_query(text, LEXICON)
    assert len(query.text) <= analysis.MAX_QUERY_CHARS
    assert len(query.concepts) <= analysis.MAX_CONCEPTS
    for concept in query.concepts:
        for alt in concept.alternatives:
            assert alt.terms and all(analysis.safe_term(t) for t in alt.terms), alt


def test_emoji_are_searchable():
    query = analysis.parse_query("🐱", LEXICON)
    assert alternatives(query) == [("words", ("u1f431",), "exact")]


def test_highlights_map_back_to_the_original_text():
    text = "我家貓咪超可愛 Recipes"
    spans = analysis.highlight_spans(text, analysis.parse_query("猫咪 recipe", LEXICON))
    assert [text[s:e] for s, e in spans] == ["貓咪", "Recipes"]
    assert analysis.highlight_spans("橘猫和猫咪", analysis.parse_query("猫", LEXICON)) == [(1, 2), (3, 4)]
