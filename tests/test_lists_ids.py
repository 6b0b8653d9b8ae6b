"""lists/ids.py: readable pinyin ids, valid, stable and collision-free."""

from __future__ import annotations

import re

from guidegen.lists.ids import new_id
from guidegen.model import ID_PATTERN


def test_ids_are_pinyin_without_the_word_zhengming():
    assert new_id("居民养犬证明", set()) == "ju-min-yang-quan"
    assert new_id("居民身份信息证明（户籍证明）", set()) == "ju-min-shen-fen-xin-xi"
    assert new_id("ＡＢ类５号证明", set()) == "ab-lei-5-hao"


def test_ids_are_stable_and_never_collide():
    taken = {"ju-min-yang-quan"}
    assert new_id("居民养犬证明", taken) == "ju-min-yang-quan-2"
    assert new_id("居民养犬证明", taken) == "ju-min-yang-quan-3"
    assert new_id("居民养犬证明", {"ju-min-yang-quan"}) == "ju-min-yang-quan-2"


def test_ids_are_valid_for_any_name():
    for name in ("证明", "𠮷", "！！", "很" * 80, "A" * 100, "第1号（试行）证明"):
        assert re.match(ID_PATTERN, new_id(name, set())), name
