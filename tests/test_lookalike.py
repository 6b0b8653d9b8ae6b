"""guidegen.validate.lookalike: radicals and compatibility ideographs that pass for ordinary characters."""

from __future__ import annotations

import pytest

from guidegen.validate import lookalike


@pytest.mark.parametrize("text, found", [
    ("指定监护\u2f08证明", ["\u2f08"]),  # ⼈ Kangxi radical
    ("母\u2e9f亲", ["\u2e9f"]),  # ⺟ CJK Radicals Supplement
    ("\u2ecf城", ["\u2ecf"]),  # a supplement radical with no NFKC form is still odd
    ("出\U0002f811", ["\U0002f811"]),  # compatibility ideograph supplement
    ("\uf9b2证明", ["\uf9b2"]),
    ("\ufa0e", []),  # U+FA0E is a unified ideograph that lives in the compatibility block
    ("指定监护人证明", []),
])
def test_odd_characters(text, found):
    assert lookalike.odd_characters(text) == found


def test_describe_names_block_code_and_the_right_character():
    assert lookalike.describe("\u2f08") == "“⼈”是康熙部首 U+2F08，应为“人”U+4EBA"
    assert lookalike.describe("\u2ecf") == "“\u2ecf”是中日韩部首补充 U+2ECF，应为“阝”U+961D"
    assert lookalike.describe("\u2ea0") == "“\u2ea0”是中日韩部首补充 U+2EA0，应为“民”U+6C11"
    assert lookalike.describe("\u2e95") == "“\u2e95”是中日韩部首补充 U+2E95"  # no one ideograph


def test_fold_makes_look_alike_names_equal():
    assert lookalike.fold("指定监护\u2f08证明") == lookalike.fold("指定监护人证明")
    assert lookalike.fold("指定\u200b监护人 证明") == "指定监护人证明"
    assert lookalike.fold("（甲）") == lookalike.fold("(甲)")


def test_warning():
    assert lookalike.warning("指定监护人证明") is None
    assert lookalike.warning("\u2f08").startswith("含有外形像汉字的特殊字符：“⼈”是康熙部首 U+2F08")


def test_difference():
    assert lookalike.difference("甲\u2f08", "甲人") == "其中“⼈”是康熙部首 U+2F08，应为“人”U+4EBA"
    assert lookalike.difference("甲\u200b人", "甲人") == "其中含有看不见的字符 U+200B"
    assert lookalike.difference("甲 人", "甲人") == "两者只差全角、半角或空格"
