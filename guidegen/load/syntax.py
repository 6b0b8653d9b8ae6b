"""What a Chinese input method slips into YAML: full-width colons and spaces, invisible
characters, line separators, unclosed quotes — found and named before or after parsing.

Each message shows the character as it looks and as U+XXXX, says what to type instead,
and counts lines as a text editor does (only "\\n" ends a line).
"""

from __future__ import annotations

import re
import unicodedata

from guidegen.errors import Problem

# Characters YAML reads as line breaks but editors show on one line (or not at all).
LINE_BREAKS = {"\x85": "下一行符", "\u2028": "行分隔符", "\u2029": "段分隔符"}
INVISIBLE = {
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\u2060": "零宽不折行空格",
    "\ufeff": "字节顺序标记", "\u00a0": "不换行空格", "\u00ad": "软连字符", "\u3000": "全角空格",
    "\u180e": "蒙古文元音分隔符", "\u3164": "韩文填充符", "\u115f": "韩文填充符", "\u1160": "韩文填充符",
    "\uffa0": "半角韩文填充符", "\u034f": "组合用字素连接符",
}
_NAMED = {**LINE_BREAKS, **INVISIBLE, "\uff1a": "全角冒号"}

# A key is an ASCII name; anything odd in it makes a second, identical-looking key.
ODD_IN_KEY = re.compile("[\u00a0\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3000\u3164\ufeff\uffa0\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# Characters nobody sees: in a refused value they are named (messages.py).
HIDDEN = re.compile("[\u00a0\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
                    "\u2060-\u206f\u3000\u3164\ufeff\uffa0]")
# Any character that can make a key odd or a value look empty (see fastyaml.compose).
ODD_TEXT = re.compile("[\u00a0\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e"
                      "\u2060-\u206f\u3000\u3164\ufeff\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uffa0]")
# A value that looks empty: only spaces and invisible characters (ordinary spaces alone
# are an ordinary empty value, so at least one invisible character must be there).
_BLANK_LOOKING = re.compile("[\\s\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f\u2060-\u206f\u3164"
                            "\ufeff\uffa0]*[\u00a0\u00ad\u034f\u115f\u1160\u180e\u200b-\u200f"
                            "\u2060-\u206f\u3000\u3164\ufeff\uffa0][\\s\u00ad\u034f\u115f\u1160"
                            "\u180e\u200b-\u200f\u2060-\u206f\u3164\ufeff\uffa0]*")
_NAME = "[A-Za-z_][A-Za-z0-9_]*"
# A key followed by a full-width colon, or structure indented with full-width spaces.
_FULLWIDTH_COLON = re.compile(
    rf"(?:^[ \u3000]*(?:-[ \u3000]+)*|[{{,][ \u3000]*){_NAME}[ \u3000]*\uff1a", re.M)
# "name:　甲": the space after the colon typed full-width, so the colon is not one.
_FULLWIDTH_AFTER_COLON = re.compile(rf"^[ ]*(?:-[ ]+)*{_NAME}:\u3000", re.M)
_ASCII_BEFORE_COLON = re.compile("[A-Za-z0-9_][ \u3000]*\uff1a")
_FULLWIDTH_INDENT = re.compile(
    rf"^ *\u3000[ \u3000]*(?:-[ \u3000]|{_NAME}[ \u3000]*[:\uff1a])", re.M)


def shown(ch: str) -> str:
    """A character as it looks and as U+XXXX, with its Chinese name when it has one."""
    name = _NAMED.get(ch)
    if name is None and unicodedata.category(ch) in ("Cf", "Zs", "Zl", "Zp"):
        name = "不可见字符"
    if name and ch not in ("\uff1a",):
        return f"{name}（U+{ord(ch):04X}）"
    if name:
        return f"{name}“{ch}”（U+{ord(ch):04X}）"
    return f"“{ch}”（U+{ord(ch):04X}）"


LONE_CR = ("第 {} 列有一个单独的回车符（U+000D，后面没有换行符），有的编辑器显示成换行、有的不显示，"
           "解析时却会被当作换行（后面的行号都会错位）；请删除它，需要换行时直接按回车")


def line_break_message(ch: str, column: int) -> str:
    """A line separator YAML would count as a new line (and shift every later line number)."""
    return (f"第 {column} 列含有{shown(ch)}，多数编辑器显示不出来，解析时却会被当作换行"
            "（多由网页或文字处理软件粘贴带入）；请删除它，需要换行时直接按回车")


def typing_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for a key typed with a full-width colon or indented with full-width spaces."""
    found = []
    if _ASCII_BEFORE_COLON.search(text):  # Chinese text is full of "：" after Chinese
        for match in _FULLWIDTH_COLON.finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1,
                          "键名后用了全角冒号“：”（U+FF1A），请改为半角冒号“:”并在其后加一个空格"
                          "（如 name: 指定监护人证明）"))
    if "\u3000" in text:
        for match in _FULLWIDTH_INDENT.finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1,
                          "本行用全角空格（U+3000）缩进，解析时它不算缩进；"
                          "请删除这些全角空格，切换到半角后用空格键缩进"))
        for match in _FULLWIDTH_AFTER_COLON.finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1,
                          "冒号后面是全角空格（U+3000），这样冒号不起作用；"
                          "请改为半角空格（如 name: 指定监护人证明）"))
    return sorted(set(found))


def key_message(key: str) -> str | None:
    """Why a key with invisible or full-width characters is not the key it looks like."""
    odd = sorted(set(ODD_IN_KEY.findall(key)), key=key.index)
    if not odd:
        return None
    if odd[0] == "\u3000" and key.startswith("\u3000"):
        return ("本行用全角空格（U+3000）缩进，解析时它不算缩进；"
                "请删除这些全角空格，切换到半角后用空格键缩进")
    chars = "、".join(shown(ch) for ch in odd)
    looks = "".join(unicodedata.normalize("NFKC", ch) for ch in key if ch not in INVISIBLE
                    and ch != "\uff1a").strip()
    return (f"键名“{looks}”中含有{chars}，看起来和“{looks}”一样，却是另一个键名；"
            "请删除这些字符（或删掉整个键名后用半角重新输入）")


def blank_looking(value: str) -> bool:
    """True for a value made only of spaces and invisible characters."""
    return bool(value) and _BLANK_LOOKING.fullmatch(value) is not None


def blank_message(value: str) -> str:
    """Why a value that looks empty is refused."""
    chars = "、".join(shown(ch) for ch in sorted(set(value) - set(" \t\n\r"), key=value.index))
    return f"值看起来是空的，其实只有{chars}；请填写内容，或删除这些字符"


_OPENER = re.compile(r"""^[ ]*(?:-[ ]+)*(?:[^\s#'"{}\[\]](?:[^#:]|:(?! ))*:[ ]+)?(?:\[[ ]*)?(["'])""")
_BLOCK = re.compile(r"""^([ ]*)(?:-[ ]+)*(?:[^#'"]*?:[ ]+)?[|>][-+0-9]*[ ]*(?:#.*)?$""")


def _closes(rest: str, quote: str) -> bool:
    if quote == '"':
        return re.search(r'(?<!\\)(?:\\\\)*"', rest) is not None
    return re.search(r"'(?!')", rest.replace("''", "")) is not None


def outside_blocks(text: str, upto: int | None = None):
    """(line number, line) for the lines (≤ ``upto``) that are YAML structure, not the
    text of a | or > block (where quotes, dashes and colons are just characters)."""
    block_indent = None
    for number, line in enumerate(text.split("\n")[:upto], 1):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        block = _BLOCK.match(line)
        if block:
            block_indent = len(block.group(1))
            continue
        yield number, line


def unclosed_quote(text: str, upto: int) -> tuple[int, str] | None:
    """The first line (≤ ``upto``) whose value opens a quote the line never closes."""
    for number, line in outside_blocks(text, upto):
        opener = _OPENER.match(line)
        if opener and not _closes(line[opener.end():], opener.group(1)):
            return number, opener.group(1)
    return None


_SWALLOWED_KEY = re.compile(r"(?:^|\s)(?:-\s+)?[a-z_][a-z0-9_]*:\s")


def swallowed_keys(value: str, style: str | None, first: int, last: int) -> bool:
    """A quoted value running over several lines that took in ``key: …`` lines: the quote
    was left open and closed by some later quote, so those keys were silently lost."""
    return style in ('"', "'") and last > first and _SWALLOWED_KEY.search(value) is not None


def unclosed_message(quote: str) -> str:
    """Where an unclosed quote starts, and the two ways to fix it."""
    kind = "双引号" if quote == '"' else "单引号"
    return (f"引号没有闭合：本行的值以{kind} {quote} 开头，本行却没有结束的{kind}；"
            f"请在值的末尾补上 {quote}，或删去开头的 {quote}")


def forbidden(ch: str) -> bool:
    """A control character, surrogate or non-character no item may contain."""
    # Besides C0 controls, reject what PyYAML's reader refuses (C1 controls,
    # surrogates), so it never raises outside the Chinese-message path.
    code = ord(ch)
    return (code < 0x20 and ch != "\n") or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF \
        or code in (0xFFFE, 0xFFFF)


def escaped_controls(node, where: str, path: str) -> Problem | None:
    """A double-quoted scalar can still spell a control character as an escape (\\x00)."""
    found = sorted({ch for ch in node.value if forbidden(ch) and ch not in "\t\r\n"})
    if not found:
        return None
    codes = "、".join(f"U+{ord(ch):04X}" for ch in found[:5])
    return Problem(path, node.start_mark.line + 1, where,
                   f"含有不允许的控制字符 {codes}（由引号中的转义序列如 \\x00、\\u0001 写出），请删除")


def check_characters(text: str, path: str) -> list[Problem]:
    """Report control characters, non-characters and line separators with line and column."""
    problems = []
    line, col = 1, 0
    for index, ch in enumerate(text):
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
        elif ch in LINE_BREAKS:
            problems.append(Problem(path, line, "", line_break_message(ch, col)))
        elif ch == "\r" and text[index + 1:index + 2] != "\n":
            problems.append(Problem(path, line, "", LONE_CR.format(col)))
        elif forbidden(ch) and ch not in "\t\r":
            problems.append(Problem(path, line, "",
                                    f"第 {col} 列含有不允许的控制字符 U+{ord(ch):04X}，请删除"))
    return problems
