import pytest

from redleaf.core.text import clean_text, extract_mentions, extract_topics, topic_key


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("今天吃了#火锅 太好吃了", ["火锅"]),
        ("#火锅#川菜 晚饭", ["火锅", "川菜"]),
        ("My #Cats and your #cats and #ｃａｔｓ", ["Cats"]),  # one topic, first spelling wins
        ("Sunday #brunch, then #coffee.", ["brunch", "coffee"]),
        ("周末去哪儿？#周末去哪儿，#探店。", ["周末去哪儿", "探店"]),
        ("全角井号也算：＃猫咪 日常", ["猫咪"]),
        ("no topics here # nor here", []),
        ("", []),
    ],
)
def test_topics_are_extracted_in_both_languages(text, topics):
    assert extract_topics(text) == topics


def test_topics_from_title_and_body_fold_together_and_stop_at_ten():
    assert extract_topics("#Cats", "#cats #dogs") == ["Cats", "dogs"]
    many = " ".join(f"#t{i}" for i in range(15))
    assert extract_topics(many) == [f"t{i}" for i in range(10)]


def test_topic_key_folds_case_and_width():
    assert topic_key("Cats") == topic_key("cats") == topic_key("ｃａｔｓ") == "cats"
    assert topic_key("火锅") == "火锅"


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("thanks @alex for the tip", ["alex"]),
        ("@Alex and @alex are one member", ["alex"]),
        ("谢谢@mei的推荐", ["mei"]),  # Chinese is written without spaces around a mention
        ("和 @mei 一起去吃@alex推荐的火锅", ["mei", "alex"]),
        ("（@mod_lin）请看", ["mod_lin"]),
        ("write to mei@example.com", []),  # an e-mail address is not a mention
        ("@ab is too short, @" + "a" * 31 + " is too long", []),
        ("@@alex", []),
    ],
)
def test_mentions_are_extracted_in_both_languages(text, mentions):
    assert extract_mentions(text) == mentions


def test_clean_text_removes_control_characters_and_keeps_lines():
    assert clean_text("  a\x00b\x07c\x1bd\x7fe  ") == "abcde"
    assert clean_text("line one\nline\ttwo") == "line one\nline\ttwo"
    assert clean_text("C1\x85 and\x9f gone") == "C1 and gone"
    # Bidi overrides can make text read differently from what it is (spoofing): gone.
    assert clean_text("evil\u202etxt.exe\u2066x\u2069") == "eviltxt.exex"
    assert clean_text("windows\r\nline") == "windows\nline"  # a textarea's CRLF counts as one character
    assert clean_text(None) == ""


def test_clean_text_normalises_to_nfc():
    decomposed = "cafe\u0301"
    assert clean_text(decomposed) == "caf\u00e9"
