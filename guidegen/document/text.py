"""Wording shared by the outlines: numbering, list punctuation, law excerpts, time limits."""

from __future__ import annotations

import re

from guidegen.model import Config, Deadline

DIGITS = "零一二三四五六七八九"
ENDING = "。；：！？…）」』”"
# An enumerated item of a law excerpt: （一）… after the sentence that introduces it.
ENUMERATION = re.compile(r"(?<=[：；。:;])(?=（[一二三四五六七八九十]+）)")


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (1–99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + (DIGITS[ones] if ones else "") if n else DIGITS[0]


def level1(n: int) -> str:
    """The number of the n-th level-1 heading: 一、"""
    return chinese_number(n) + "、"


def level2(n: int) -> str:
    """The number of the n-th level-2 heading: （一）"""
    return f"（{chinese_number(n)}）"


def sentence(text: str) -> str:
    """Text ending in 。 unless it already ends in punctuation."""
    return text if not text or text[-1] in ENDING else text + "。"


def list_entry(text: str, last: bool) -> str:
    """A list entry ending in ；, the last in 。 (unless it ends in punctuation already)."""
    return text if not text or text[-1] in ENDING else text + ("。" if last else "；")


def numbered(entries: tuple[str, ...]) -> list[str]:
    """Entries as GB/T 9704 third-level items "1." "2." …; a single entry stands alone."""
    if len(entries) == 1:
        return [sentence(entries[0])]
    return [f"{i}.{list_entry(e, i == len(entries))}" for i, e in enumerate(entries, 1)]


def excerpt_lines(excerpt: str) -> list[str]:
    """A law excerpt split into its paragraphs, each enumerated item （一）… on its own line."""
    lines = []
    for line in excerpt.splitlines():
        lines += [part.strip() for part in ENUMERATION.split(line) if part.strip()]
    return lines


def deadline_label(deadline: Deadline | None) -> str:
    """当场办结, or N个工作日."""
    if deadline is None:
        return ""
    return "当场办结" if deadline.type == "on-the-spot" else f"{deadline.days}个工作日"


def chinese_date(config: Config) -> str:
    """The published date as 2026年11月1日."""
    d = config.published
    return f"{d.year}年{d.month}月{d.day}日"


DATE_BLANK = "　　年　　月　　日"
