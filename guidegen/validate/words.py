"""Values clerks write in words: 是/否, 当场办结, 5个工作日, 2026年11月1日, ５.

Used by the model as "before" validators: the unambiguous spellings are accepted as
what they mean; the others are refused with a message that shows the right spelling.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from pydantic_core import PydanticCustomError

TRUE_WORDS = ("是", "对", "有", "需要", "要")
FALSE_WORDS = ("否", "错", "无", "不", "不是", "不需要", "不要")
_ENGLISH_FLAGS = ("true", "false", "yes", "no", "on", "off", "1", "0", "t", "f", "y", "n")
ON_THE_SPOT = ("当场办结", "即时办结", "当场办理", "即时办理", "即办", "当场", "立即办结")
_DIGITS = "零一二三四五六七八九"
_CN_NUMBER = "[零一二两三四五六七八九十]{1,3}"
# Windows also reserves com0/lpt0 and the superscript digits (com¹, lpt²…), in any case.
RESERVED_NAMES = frozenset(("con", "prn", "aux", "nul", "conin$", "conout$",
                            *(f"{port}{digit}" for port in ("com", "lpt") for digit in "0123456789¹²³")))


def refuse(message: str) -> PydanticCustomError:
    """An error whose (Chinese) message is shown as written; see messages.py."""
    return PydanticCustomError("zh_words", message)  # no context: braces are not formatted


def _fold(value: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value))


def chinese_number(text: str) -> int | None:
    """一 … 九十九 (and 两) as a number; None for anything else."""
    text = text.replace("两", "二")
    if len(text) == 1 and text in _DIGITS:
        return _DIGITS.index(text)
    match = re.fullmatch("([一二三四五六七八九])?十([一二三四五六七八九])?", text)
    if match is None:
        return None
    tens, ones = match.groups()
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)


def flag(value: Any) -> Any:
    """是/否 (对/错, 有/无, 需要/不需要) as True/False; English spellings left to pydantic."""
    if not isinstance(value, str):
        return value
    word = _fold(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    if word.lower() in _ENGLISH_FLAGS:
        return word.lower()
    raise refuse(f"应填“是”或“否”，“{value.strip()}”无法识别")


ORIGINAL_WORDS = {"原件": True, "需原件": True, "原件和复印件": True, "复印件": False, "复印件即可": False}


def original_flag(value: Any) -> Any:
    """A material's ``original``: 是/否, or what clerks write on material lists (原件/复印件)."""
    if isinstance(value, str) and _fold(value) in ORIGINAL_WORDS:
        return ORIGINAL_WORDS[_fold(value)]
    return flag(value)


def whole_number(value: Any) -> Any:
    """Refuse full-width digits, 三 and 5个工作日 with the number to type instead."""
    if not isinstance(value, str) or re.fullmatch(r"\s*[+-]?[0-9]+\s*", value):
        return value
    text = value.strip()
    normal = unicodedata.normalize("NFKC", text)
    digits = re.fullmatch(r"([0-9]+)\s*[^0-9.\s]+", normal)
    wide = _wide_digits(text)
    if wide:
        raise refuse(f"含有全角数字 {_codes(wide)}，请切换到半角输入，写作 {digits.group(1) if digits else normal}")
    # 一份, 两张, 三个: a Chinese number with its measure word.
    counted = re.fullmatch(f"({_CN_NUMBER})[份张个页本人次件]?", text)
    number = chinese_number(counted.group(1)) if counted else None
    if number is not None:
        raise refuse(f"应为阿拉伯数字：“{text}”请写作 {number}")
    if digits:
        raise refuse(f"只写数字，不加单位：“{text}”请写作 {digits.group(1)}")
    return value


def _days(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_number(text)


def deadline(value: Any) -> Any:
    """A deadline written as one phrase: 当场办结, 5个工作日, 五个工作日."""
    if isinstance(value, dict) and isinstance(value.get("type"), str):
        kind = _fold(value["type"])  # {type: 当场办结} or {type: 限时办结, days: 5}
        if kind in ON_THE_SPOT or kind == "限时办结":
            return {**value, "type": "working-days" if kind == "限时办结" else "on-the-spot"}
    if not isinstance(value, str):
        return value
    text = _fold(value)
    if text in ON_THE_SPOT:
        return {"type": "on-the-spot"}
    working = re.fullmatch(rf"(\d+|{_CN_NUMBER})个?工作日(?:内|以内)?", text)
    if working and _days(working.group(1)) is not None:
        return {"type": "working-days", "days": _days(working.group(1))}
    calendar = re.fullmatch(rf"(\d+|{_CN_NUMBER})(?:个)?(?:天|日|自然日)(?:内|以内)?", text)
    if calendar and _days(calendar.group(1)) is not None:
        raise refuse(f"“{value.strip()}”没有说明是不是工作日；出具时限按工作日计算，"
                     f"请写作“{_days(calendar.group(1))}个工作日”")
    raise refuse(f"无法识别的出具时限“{value.strip()}”，请写作“当场办结”或“N个工作日”（如“5个工作日”）")


def wide_digits_warning(value: Any) -> str | None:
    """The warning for an accepted deadline phrase with full-width digits, or None."""
    if not isinstance(value, str) or not re.search("[\uff10-\uff19]", value):
        return None
    return (f"用了全角数字 {_codes(_wide_digits(value))}，已按“{_fold(value)}”处理；请切换到半角输入，"
            f"写作 {_fold(value)}")


def _wide_digits(text: str) -> list[str]:
    """The distinct full-width digits of ``text``, in order of appearance."""
    return sorted({ch for ch in text if "\uff10" <= ch <= "\uff19"}, key=text.index)


def _codes(chars) -> str:
    """“３”（U+FF13）、…: characters as they look and as code points."""
    return "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in chars)


def day(value: Any) -> Any:
    """Only 2026-11-01 is a date; 2026年11月1日, 20261101, 0 are refused with that spelling."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise refuse(f"“{text}”不是存在的日期；日期请写作 年-月-日，如 2026-11-01") from None
    parts = re.fullmatch(r"(\d{4})(?:[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?|(\d{2})(\d{2}))"
                         r"(?:[\sT]*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?", unicodedata.normalize("NFKC", text))
    if parts:
        year, month, date = int(parts[1]), int(parts[2] or parts[4]), int(parts[3] or parts[5])
        try:
            right = dt.date(year, month, date).isoformat()
        except ValueError:
            raise refuse(f"“{text}”不是存在的日期；日期请写作 年-月-日，如 2026-11-01") from None
        raise refuse(f"日期请写作 年-月-日（四位年份，月和日各两位，用半角“-”分隔，不写时间）："
                     f"“{text}”请写作 {right}")
    raise refuse(f"“{text}”不是日期；日期请写作 年-月-日，如 2026-11-01")


def one_line(value: str) -> str:
    """A name is one line: refuse the line breaks a | block or a \\n escape put in it."""
    if re.search("[\n\r\x85\u2028\u2029]", value):
        raise refuse("名称不能换行，请把它写在一行内（删除其中的换行，或不要用 | 和引号中的 \\n）")
    return value


def file_id(value: Any) -> Any:
    """Refuse the names a Windows server cannot store as a file (con, nul, com1, lpt1…)."""
    if isinstance(value, str):
        base = value.strip().split(".")[0].strip().lower()
        if base in RESERVED_NAMES:
            raise refuse(f"编号“{value.strip()}”是微软操作系统保留的设备名，"
                         "以它命名的文件在这类服务器上无法保存；请换一个编号（如在后面加上“-1”）")
    return value
