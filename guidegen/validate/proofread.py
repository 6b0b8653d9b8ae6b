"""Warnings for slips a proofreader marks in Chinese text (they are valid data, printed as typed).

Three classes, each found in the sample set copied from a provincial attachment: a name
that repeats its other names in brackets while listing them as aliases too; half-width
brackets between Chinese characters; and a word repeated in a 、-list.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from guidegen.errors import WARNING, Problem
from guidegen.load.parse import Loc, dotted, strings

HAN = "[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]"
HALF_WIDTH = re.compile(rf"\(\s*{HAN}|{HAN}\s*\)")  # a half-width bracket around Chinese
CLAUSE = re.compile(r"[，。；：！？,;:（）()《》“”\s]")
MIN_WORD = 2
MIN_AFFIX = 4  # an entry found inside the list's first or last entry: long enough to be a word


def check(path: str, data, line_of) -> list[Problem]:
    """The proofreading warnings of one item's loaded data (``line_of(loc)`` gives lines)."""
    if not isinstance(data, dict):
        return []
    found = list(_aliases_in_name(data))
    text = json.dumps(data, ensure_ascii=False)
    if "(" in text or ")" in text or "、" in text:  # one C-speed scan for the common case
        for loc, value in strings(data):
            found += [(loc, message) for message in _text_slips(value)]
    return [Problem(path, line_of(loc), dotted(loc), message, WARNING) for loc, message in found]


def _aliases_in_name(data: dict) -> Iterable[tuple[Loc, str]]:
    name, aliases = data.get("name"), data.get("aliases")
    if not isinstance(name, str) or not isinstance(aliases, list):
        return
    for index, alias in enumerate(aliases):
        if isinstance(alias, str) and alias.strip() and alias.strip() in name and alias.strip() != name:
            bare = re.split(r"\s*[（(]", name, maxsplit=1)[0]
            yield ("aliases", index), (f"别名“{alias.strip()}”已写在名称的括号中：名称只写“{bare}”，"
                                       "其他名称列在 aliases 中，文书会写作“（又称：…）”")


def _text_slips(value: str) -> list[str]:
    messages = []
    if HALF_WIDTH.search(value):
        messages.append("中文之间用了半角括号“( )”，应改为全角括号“（ ）”")
    if "、" in value:
        word = _repeated(value)
        if word:
            messages.append(f"列举中“{word}”连续出现两次，请删去重复的一项")
    return messages


def _repeated(value: str) -> str | None:
    """An entry of a 、-list written twice in a row ("公安部门、公安部门"). The list's first
    entry carries the words that introduce it ("通过与公安部门"), its last the words after
    it ("公安部门信息共享"); entries further apart may belong to two lists of one clause."""
    for clause in CLAUSE.split(value):
        entries = clause.split("、")
        last = len(entries) - 1
        for index in range(1, len(entries)):
            word, before = entries[index], entries[index - 1]
            if len(word) >= MIN_WORD and word == before:
                return word
            if index == 1:
                before = before[-len(word):] if index < last else _overlap(before, word)
            if index == last and index > 1:
                word = word[:len(before)]
            if len(before) >= MIN_AFFIX and before == word[:len(before)]:
                return before
    return None


def _overlap(first: str, second: str) -> str:
    """The longest end of ``first`` that ``second`` starts with."""
    for size in range(min(len(first), len(second)), 0, -1):
        if first.endswith(second[:size]):
            return second[:size]
    return ""
