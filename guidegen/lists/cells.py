"""Cell values as clerks type them → field values, and field values → cell values."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from guidegen.lists.labels import FALSE_WORDS, HEADER_SYNONYMS, NO_, TRUE_WORDS, YES
from guidegen.lists.schema import Column
from guidegen.validate.messages import VALUE_HINTS
from guidegen.validate.words import ON_THE_SPOT, chinese_number

SPACES = re.compile(r"[\s\u3000]+")
# Full-width digits and Latin letters → ASCII (official texts use half-width digits);
# full-width brackets and punctuation are proper Chinese and stay as typed.
HALF_WIDTH = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                               *range(0xFF41, 0xFF5B))}
# str.translate looks every character up in the dict (15 µs for a 60-character cell): only
# cells that hold a full-width digit or letter go through it.
FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
# A header's trailing remark: (必填), (单位：个工作日), (条款)…; NFKC made the brackets ASCII.
NOTE_PARENS = re.compile(r"\([^()]*\)$")
# A count typed with its unit: 5个工作日, 五个工作日, 2份, 第2项 (序号); not 5天 (calendar days?).
COUNTED = re.compile(r"^第?([0-9]+|[零一二两三四五六七八九十]{1,3})(?:\.0+)?(?:个)?(?:工作日|项|条|份|步)?(?:内|以内)?$")


class CellError(ValueError):
    """A cell whose content cannot be the column's value; the message says how to write it."""


def fold(text: str) -> str:
    """Text compared loosely: NFKC (full-width digits, letters and brackets), no spaces."""
    return SPACES.sub("", unicodedata.normalize("NFKC", text))


def header(value) -> str:
    """A header cell as matched against labels: folded, without a marker such as *（必填）."""
    if value is None:
        return ""
    text = fold(str(value)).strip("*＊")
    text = HEADER_SYNONYMS.get(text, text)
    while NOTE_PARENS.search(text) and text[0] != "(":
        text = NOTE_PARENS.sub("", text)
    return HEADER_SYNONYMS.get(text, text)


def text(value) -> str | None:
    """A text cell: trimmed, line breaks as \\n; None when blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = YES if value else NO_
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        value = value.isoformat()
    value = str(value)
    if "\n" in value or "\r" in value:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        result = "\n".join(line.strip(" \t\u3000") for line in lines).strip("\n")
    else:
        result = value.strip(" \t\u3000")
    if FULL_WIDTH.search(result):
        result = result.translate(HALF_WIDTH)
    return result or None


def integer(value, column: Column) -> int:
    """A whole number, also typed with full-width digits or as 5.0."""
    if isinstance(value, bool):
        raise CellError("应填写整数")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        folded = fold(value)
        counted = COUNTED.match(folded)
        if re.fullmatch(r"[+-]?\d+", folded):
            value = int(folded)
        elif counted:  # 5个工作日, 五个工作日, 第3项: the number the clerk meant
            number = counted.group(1)
            value = int(number) if number.isdigit() else chinese_number(number)
            value = value if value is not None else folded
    if not isinstance(value, int):
        raise CellError(f"“{value}”不是整数，请填写阿拉伯数字{_range(column)}")
    if (column.low is not None and value < column.low) or (column.high is not None and value > column.high):
        raise CellError(f"{value} 超出范围，应填写{_range(column)[1:-1]}")
    return value


def _range(column: Column) -> str:
    if column.low is not None and column.high is not None:
        return f"（{column.low}—{column.high} 的整数）"
    return "（如 5）"


def boolean(value) -> bool:
    """是/否 (also √/×, true/false, 1/0, 需要/不需要)."""
    if isinstance(value, bool):
        return value
    word = fold(text(value) or "").lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"“{value}”无法识别，应填写“{YES}”或“{NO_}”")


def choice(value, column: Column) -> str:
    """A coded value from its Chinese label (or the code itself)."""
    word = fold(text(value) or "")
    choices = column.choices or {}
    for code, label in choices.items():
        if word in (fold(label), code) or VALUE_HINTS.get(word) == code:
            return code
    if "on-the-spot" in choices and word in ON_THE_SPOT:
        return "on-the-spot"
    # The start of one label only (窗口, 行业, 州市): what the clerk meant.
    starts = [code for code, label in choices.items() if len(word) >= 2 and fold(label).startswith(word)]
    if len(starts) == 1:
        return starts[0]
    options = "、".join(f"“{label}”" for label in (column.choices or {}).values())
    raise CellError(f"“{value}”不是可选的值，应为 {options} 之一")


def date(value) -> dt.date:
    """A date cell, or text such as 2026-11-01 / 2026年11月1日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = DATE.match(fold(str(value)))
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise CellError(f"“{value}”不是日期，请写作 2026-11-01")


def parse(value, column: Column):
    """The field value of a cell of ``column``; None when blank."""
    if text(value) is None:
        return None
    if column.kind == "int":
        return integer(value, column)
    if column.kind == "bool":
        return boolean(value)
    if column.kind == "choice":
        return choice(value, column)
    if column.kind == "date":
        return date(value)
    return text(value)


def show(value, column: Column):
    """A field value as the cell holds it (labels for codes, 是/否 for booleans)."""
    if value is None:
        return None
    if column.kind == "choice":
        return (column.choices or {}).get(value, value)
    if column.kind == "bool":
        return YES if value else NO_
    return value


def width(text_value: str) -> int:
    """Display width of one line: CJK and full-width characters count two.

    Counted from the UTF-8 length (3 bytes for CJK, 1 for ASCII): at C speed, which
    matters for sizing 100,000 cells, and exact for the scripts these lists use.
    """
    return (len(text_value) + len(text_value.encode("utf-8"))) // 2
