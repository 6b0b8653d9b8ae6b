"""Input-method slips in YAML structure: a list marker typed as a Chinese or full-width dash,
no-break spaces (U+00A0) in indentation, ``备注：无`` on a line where a key was meant, and
values wrapped in Chinese quotes (“居住证明”).

The character typed in error is always shown as it looks and as U+XXXX, with what to type.
"""

from __future__ import annotations

import re

from guidegen.fieldnames import LABELS, english_keys
from guidegen.load.syntax import outside_blocks, shown

# －—–‐‑−﹣―﹘: what an input method gives for "-" in full-width or Chinese punctuation mode.
DASHES = "\uff0d\u2014\u2013\u2010\u2011\u2212\ufe63\u2015\ufe58"
_MAYBE = re.compile(f"^ *[{DASHES}]|^[ \u3000]*\u00a0", re.M)  # C-speed test before the line walk
_DASH_ITEM = re.compile(f"^( *)([{DASHES}])(?![{DASHES}])[ \u3000]*(\\S.*)$")
_EMPTY_KEY = re.compile(r"""^( *)(?:- +)*[^\s#'"\[\]{}-][^#]*?:[ ]*(?:#.*)?$""")
_ITEM = re.compile(r"^( *)- ")
_NBSP_INDENT = re.compile("^[ \u3000]*\u00a0[ \u00a0\u3000]*(?:-[ \u00a0]|[A-Za-z_][A-Za-z0-9_]*[ \u00a0]*[:\uff1a])")
# A line "备注：无": a name, a full-width colon, no half-width "key: " anywhere on the line.
_COLON_LINE = re.compile("^ *(?:- +)?([^\\s:\uff1a#'\"\\[\\]{}][^:\uff1a#\\s]{0,15})[ \u3000]*\uff1a[ \u3000]*(.*)$")
# Values wrapped whole in Chinese quotes; long texts may quote on purpose (“最多跑一次”改革……).
_PAIRS = {"\u201c": "\u201d", "\u2018": "\u2019", "\u300c": "\u300d", "\u300e": "\u300f"}
_PROSE = {"excerpt", "text", "detail", "answer", "question", "note", "requirement", "content",
          "liability", "obligation", "verification", "transition", "route", "conditions"}


_KEYS = "|".join(sorted(LABELS, key=len, reverse=True))
# "name:亲属关系证明": no space after the colon, so YAML does not see a key there.
_NO_SPACE = re.compile(f"^ *(?:- +)*({_KEYS}):(?=[^\\s:])(.*)$", re.M)
# "- 甲" then "  - 乙" indented deeper: the second is read as more text of the first.
_DEEPER_ITEM = re.compile(r"^( *)- [^\n:'\"\[{|>]*\n\1 +- ", re.M)


def structure_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for dash list markers, NBSP indentation, a key without the space
    after its colon and an over-indented list item, before parsing."""
    found = _no_space(text) if _NO_SPACE.search(text) else []
    if _DEEPER_ITEM.search(text):
        found += _deeper_items(text)
    if not _MAYBE.search(text):
        return sorted(found)
    list_indent = None  # the indentation a list item may start at here
    for number, line in outside_blocks(text):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if _NBSP_INDENT.match(line):
            found.append((number, "本行用不换行空格（U+00A0）缩进（多由网页或 Word 粘贴带入），解析时它不算缩进；"
                                  "请删除行首的空白，用空格键重新缩进"))
            continue
        dash = _DASH_ITEM.match(line)
        if dash and list_indent is not None and len(dash.group(1)) >= list_indent:
            found.append((number, f"列表项的开头用了{shown(dash.group(2))}，它不是列表符号，这一项会和上一行"
                                  f"连成一段文字；请改为半角减号“-”并在后面加一个空格（如 - {dash.group(3)}）"))
            list_indent = len(dash.group(1))
            continue
        key, item = _EMPTY_KEY.match(line), _ITEM.match(line)
        list_indent = len(key.group(1)) if key else (len(item.group(1)) if item else None)
    return sorted(found)


def _no_space(text: str) -> list[tuple[int, str]]:
    structure = {number for number, _ in outside_blocks(text)}  # not the text of a | block
    return [(number, f"键名“{m.group(1)}”后的冒号后面没有空格，解析时它不是键；"
                     f"请在冒号后加一个空格：{m.group(1)}: {m.group(2).strip()}")
            for m in _NO_SPACE.finditer(text)
            if (number := text.count("\n", 0, m.start()) + 1) in structure]


def _deeper_items(text: str) -> list[tuple[int, str]]:
    found, previous = [], None  # (indent, is plain text) of the list item on the line before
    for number, line in outside_blocks(text):
        item = _ITEM.match(line)
        if item and previous and previous[1] and len(item.group(1)) > previous[0]:
            found.append((number, f"本行的列表项比上一项多缩进了 {len(item.group(1)) - previous[0]} 格，"
                                  "会被接在上一项的文字后面（两项成了一项）；同一列表的各项要左对齐，请删除多余的空格"))
            continue
        rest = line[len(item.group(0)):] if item else ""
        previous = (len(item.group(1)), not re.match(r"""['"\[{|>]|[^#]*(?::\s|:$)""", rest)) if item else None
    return found


def colon_line(text: str, upto: int) -> tuple[int, str] | None:
    """A ``备注：无`` line near a syntax error (at or just before line ``upto``): the
    full-width colon made it text where the clerk meant a key."""
    lines = [(n, line) for n, line in outside_blocks(text, upto) if n >= upto - 2]
    for number, line in reversed(lines):
        match = _COLON_LINE.match(line)
        if match and ": " not in line and not line.rstrip().endswith(":"):
            name, value = match.group(1), match.group(2).strip() or "……"
            keys = english_keys(name)
            if re.fullmatch("[A-Za-z_][A-Za-z0-9_]*", name):
                keys = [name]
            fix = (f"请写作 {keys[0]}: {value}（冒号用半角，后面加一个空格）" if keys else
                   f"如果“{name}”是字段，请把键名写成英文、冒号改为半角“:”并在后面加一个空格（如 note: {value}）")
            return number, (f"本行“{line.strip()}”用的是{shown(chr(0xFF1A))}，解析时它不是键和值；{fix}；"
                            "如果它是上一行内容的一部分，请接在上一行的值后面")
    return None


def _wrapped(value: str) -> tuple[str, str] | None:
    if len(value) < 3 or "\n" in value or value[0] not in _PAIRS or value[-1] != _PAIRS[value[0]]:
        return None
    inner = value[1:-1]
    return None if value[0] in inner or _PAIRS[value[0]] in inner else (value[0], inner)


def chinese_quotes(data, loc: tuple = ()):
    """(key path, message) for values or list items wrapped whole in Chinese quotes: they
    would be printed as they are, where YAML's own quotes are half-width."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from chinese_quotes(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from chinese_quotes(value, loc + (index,))
    elif isinstance(data, str):
        keys = [k for k in loc if isinstance(k, str)]
        wrapped = _wrapped(data.strip()) if keys and keys[-1] not in _PROSE else None
        if wrapped:
            opener, inner = wrapped
            where = "列表项" if isinstance(loc[-1], int) else "值"
            closer = _PAIRS[opener]
            yield loc, (f"{where}两边用了中文引号 {opener} {closer}（U+{ord(opener):04X}、U+{ord(closer):04X}），"
                        "它们会原样印在文书上；"
                        f"YAML 的引号只能是半角的 \" 或 '，这里不需要引号，请删去它们，写作 {inner}")


def has_chinese_quotes(text: str) -> bool:
    """Quick test before walking the data."""
    return any(opener in text for opener in _PAIRS)
