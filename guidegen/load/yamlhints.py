"""PyYAML's English syntax errors, said in Chinese with what to write instead."""

from __future__ import annotations

import yaml

# (fragment of PyYAML's context + problem, Chinese explanation); the first match wins, so the
# specific ones come before the general ones.
HINTS = (
    ("found character '\\t'", "缩进或内容中不能使用制表符（Tab），请改用空格"),
    ("mapping values are not allowed", "冒号使用有误：值中含有“: ”时请给整个值加引号；"
                                       "若本行是新的键，请让它与上一行的键左对齐"),
    ("expected ',' or ']'", "方括号 [ ] 没有正确闭合"),
    ("expected ',' or '}'", "花括号 { } 没有正确闭合"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found unknown escape character", "双引号中的反斜杠“\\”后面是无法识别的转义：要写反斜杠本身请写成“\\\\”，"
                                       "或改用单引号把值括起来"),
    ("hexadecimal numbers", "双引号中的转义（\\x、\\u、\\U）后面的十六进制数字不完整，"
                            "请直接写出该字符，或改用单引号"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while scanning an alias", "值以“*”开头时请给整个值加引号（如 '*注：……'）"),
    ("while scanning an anchor", "值以“&”开头时请给整个值加引号（如 '&……'）"),
    ("while scanning a tag", "值以“!”开头时请给整个值加引号（如 '!……'）"),
    ("while scanning a block scalar", "“|”或“>”后面只能跟“-”“+”或数字，正文请从下一行开始并缩进"),
    ("while scanning a directive", "以“%”开头的行不能出现在条目中，请给整个值加引号"),
    ("cannot start any token", "这个字符不能作为值的开头（如 @、`），请给整个值加引号"),
    ("expected a comment or a line break", "这一行在值结束后还有多余的内容，请检查引号是否在值的末尾闭合，"
                                          "或给整个值加引号"),
    ("block sequence entries are not allowed", "这里不能开始列表项“- ”：请检查缩进，或给以“- ”开头的值加引号"),
    ("sequence entries are not allowed here", "值只写了一个“-”，YAML 会把它当成列表符号：没有内容时请删除这一行，"
                                              "要写横线请加引号，如 fee: \"-\""),
    ("mapping keys are not allowed", "这里不能使用“? ”：以问号开头的值请加引号"),
    ("expected <block end>", "缩进不一致，请检查本行与上一行的对齐"),
    ("did not find expected key", "缩进不一致或缺少“- ”，请检查本行的对齐"),
    ("did not find expected '-'", "列表项缩进不一致"),
    ("expected a single document", "一个文件只能包含一个条目（不要使用 ---）"),
    ("expected '<document start>'", "一个文件只能包含一个条目：请检查文件末尾是否有多余的内容或“...”"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("expected the node content", "这里缺少值，或多了“,”“-”之类的符号"),
    ("found undefined tag handle", "值以“!”开头时请给整个值加引号"),
    ("special characters are not allowed", "文件中含有不可见的控制字符，请删除后重新保存"),
)

FALLBACK = "这一行的写法无法识别，请检查冒号、引号、括号和缩进"


TRAILING = "引号闭合之后还有文字：整个值都要放在一对引号之内，如 name: \"甲 乙\""


def hint(exc: yaml.YAMLError, source: str = "") -> str:
    """The Chinese explanation of a PyYAML error (never its English text)."""
    if _after_quote(exc, source):
        return TRAILING
    if isinstance(exc, yaml.MarkedYAMLError):  # not str(exc): it quotes the clerk's own line
        text = f"{exc.context or ''} {exc.problem or ''}"
    else:
        text = str(exc)
    for needle, explanation in HINTS:
        if needle in text:
            return explanation
    return FALLBACK


def _after_quote(exc: yaml.YAMLError, source: str) -> bool:
    """A scalar found where the line should end, after a closing quote on that line."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None or "found '<scalar>'" not in (getattr(exc, "problem", "") or ""):
        return False
    lines = source.splitlines()
    before = lines[mark.line][:mark.column].rstrip() if mark.line < len(lines) else ""
    return before.endswith(("'", '"'))
