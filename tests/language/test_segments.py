"""Mixed text cut for translation: light runs (an interjection, a loanword, a brand) travel with their
sentence; two real languages stay two runs."""

from __future__ import annotations

import pytest

from redleaf.language.segments import run_weight, segments


@pytest.mark.parametrize(("text", "expected"), [
    ("wow 太美了", [("wow 太美了", "zh")]),  # an English interjection before Chinese: a Chinese text
    ("OMG 太美了！", [("OMG 太美了！", "zh")]),
    ("太美了 wow", [("太美了 wow", "zh")]),
    ("这个 latte 太好喝了", [("这个 latte 太好喝了", "zh")]),
    ("今天买了 Apple Watch 好开心", [("今天买了 Apple Watch 好开心", "zh")]),
    ("我买了 iPhone 15 Pro Max，太好用了", [("我买了 iPhone 15 Pro Max，太好用了", "zh")]),  # a model name
    ("哈哈 I love this so much", [("哈哈 I love this so much", "en")]),  # a Chinese laugh before English
    ("今天做了 dumplings for my friends，第一次包饺子好难但是好吃",
     [("今天做了 ", "zh"), ("dumplings for my friends，", "en"), ("第一次包饺子好难但是好吃", "zh")]),
    ("Sunday hike", [("Sunday hike", "en")]),
])
def test_segments(text, expected):
    found = segments(text)
    assert [(s.text, s.lang) for s in found] == expected
    assert "".join(s.text for s in found) == text


def test_numbers_and_model_names_weigh_nothing():
    assert run_weight("iPhone 15 Pro Max") == 2
    assert run_weight("PS5 and 2024") == 1
    assert run_weight("dumplings for my friends") == 4
