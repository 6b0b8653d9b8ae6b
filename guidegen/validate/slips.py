"""Warnings for input-method slips the model accepts: invisible characters inside a value
(zero-width space, word joiner, BOM) and deadline phrases typed with full-width digits."""

from __future__ import annotations

import re
from collections.abc import Iterable

from guidegen.errors import WARNING, Problem
from guidegen.load.parse import Document, dotted, strings
from guidegen.load.syntax import shown
from guidegen.validate import words

# Nobody sees these; a value with one inside looks right but never matches in search.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f\u180e"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def warnings(doc: Document) -> list[Problem]:
    """Every slip warning of one item file."""
    return list(_invisible(doc)) + list(_wide_digits(doc))


def _invisible(doc: Document) -> Iterable[Problem]:
    for loc, text in strings(doc.data):
        found = [(index, ch) for index, ch in enumerate(text)
                 if _INVISIBLE.match(ch) and not (ch == "\u200d" and _emoji(text[index - 1:index]))]
        if not found or not text.strip(" " + _INVISIBLE_CHARS):
            continue  # values made only of invisible characters are errors (load/syntax.py)
        where = "、".join(f"第 {index + 1} 个字符是{shown(ch)}" for index, ch in found[:5])
        yield Problem(doc.path, doc.line_of(loc), dotted(loc),
                      f"值中夹着看不见的字符：{where}，打印出来看不出，检索和比对时却不相同；"
                      f"请删除{'它' if len(found) == 1 else '这些字符'}（把光标移到该处，按删除键直到前后的字紧挨着）",
                      WARNING)


def _emoji(ch: str) -> bool:
    """A joiner after an emoji builds one picture (👨‍👩‍👧): meant, not a slip."""
    return bool(ch) and (ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF or ch == "\ufe0f")


def _wide_digits(doc: Document) -> Iterable[Problem]:
    """A deadline phrase typed with full-width digits (３个工作日) is read as its half-width
    spelling, which the clerk should still type (search and the open data keep the text)."""
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in ("deadline", "legal_deadline"):
        message = words.wide_digits_warning(data.get(key))
        if message:
            yield Problem(doc.path, doc.line_of((key,)), key, message, WARNING)
