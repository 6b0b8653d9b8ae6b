"""Pinyin initials for the site search (guidegen/site/pinyin.py), checked against pypinyin."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pypinyin import Style, pinyin

from guidegen.site.pinyin import char_initials, initials

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "items"


def slots(encoded: str) -> list[str]:
    """Split initials into slots as assets/site.js does: "(zc)" is one slot."""
    return [group or single for group, single in re.findall(r"\(([a-z]+)\)|(.)", encoded)]


def test_one_slot_per_character():
    assert initials("户籍证明") == "hjzm"
    assert initials("长期") == "(zc)(qj)"  # every reading counts: 长 zhǎng/cháng, 期 qī/jī
    assert initials("A1，ｂ２ 𠮷") == "a1_b2__"  # Latin and digits stand for themselves
    for text in ("居民身份信息证明 (户籍证明)", "重庆银行长期行动", "䶮堃喆𠮷"):
        assert len(slots(initials(text))) == len(text)


def test_the_initials_are_pypinyins_for_every_character_of_the_sample_data():
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.yaml")))
    hanzi = sorted({c for c in text if "\u4e00" <= c <= "\u9fff"})
    assert len(hanzi) > 500
    for char in hanzi:
        readings = pinyin(char, style=Style.FIRST_LETTER, heteronym=True)[0]
        assert set(char_initials(char)) == set(readings), char
        assert char_initials(char)[0] == pinyin(char, style=Style.FIRST_LETTER)[0][0], char


def test_reading_the_table_does_not_load_pypinyins_phrase_dictionary():
    code = ("import sys; from guidegen.site.pinyin import initials; initials('户籍');"
            "print('pypinyin.core' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
