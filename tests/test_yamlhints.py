"""PyYAML's syntax errors come out in Chinese, never in PyYAML's English."""

from __future__ import annotations

import re

import pytest
import yaml

from guidegen.load.encoding import LoadError
from guidegen.load.parse import load_bytes
from guidegen.load.yamlhints import FALLBACK, TRAILING, hint

# Malformed files as a clerk might save them: (text, words the explanation must contain).
BROKEN = {
    "at-sign": ("id: a\nname: @甲\n", "不能作为值的开头"),
    "backtick": ("id: a\nname: `甲`\n", "不能作为值的开头"),
    "star": ("id: a\nname: *注意\n", "“*”"),
    "directive": ("%YAML 1.1\nid: a\n", "只能包含一个条目"),
    "block-indicator": ("id: a\nname: |甲\n  乙\n", "“|”"),
    "unknown-escape": ('id: a\nname: "C:\\temp\\q"\n', "反斜杠"),
    "short-hex": ('id: a\nname: "\\x4"\n', "十六进制"),
    "text-after-quote": ('id: a\nname: "甲" 乙\n', "引号闭合之后"),
    "text-after-single-quote": ("id: a\nname: '甲'乙\nb: c\n", "引号闭合之后"),
    "dash-after-mapping": ("id: a\nname: 甲\n- 乙\n", "缩进"),
    "content-after-end": ("id: a\n...\nname: b\n]\n", "只能包含一个条目"),
    "empty-flow-entry": ("id: a\nlist: [a, , b]\n", "缺少值"),
    "two-documents": ("id: a\n---\nid: b\n", "不要使用 ---"),
    "missing-colon": ("id: a\nname 甲\nb: c\n", "冒号"),
    "open-bracket": ("id: a\nlist: [a, b\nname: c\n", "方括号"),
    "over-indented-key": ("id: a\n  name: b\n", "左对齐"),
    "tag-handle": ("id: a\nname: !x!y z\n", "“!”"),
}
LATIN = re.compile(r"[A-Za-z]{4,}")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_every_syntax_error_is_explained_in_chinese(case):
    text, words = BROKEN[case]
    with pytest.raises(LoadError) as caught:
        load_bytes(text.encode(), "items/x.yaml")
    message = caught.value.problems[0].message
    assert words in message, message
    assert not LATIN.search(message.replace("YAML", "").replace("name", "")), message
    assert message != f"YAML 语法错误：{FALLBACK}", message


def test_an_unknown_error_gets_the_chinese_fallback_not_its_english():
    exc = yaml.YAMLError("something PyYAML never said before")
    assert hint(exc) == FALLBACK
    marked = yaml.MarkedYAMLError(context="while doing a new thing", problem="found a new problem")
    assert hint(marked) == FALLBACK


def test_a_quote_closed_early_is_named():
    with pytest.raises(LoadError) as caught:
        load_bytes('id: a\nname: "居住" 证明\n'.encode(), "items/x.yaml")
    problem = caught.value.problems[0]
    assert problem.line == 2 and problem.message == f"YAML 语法错误：{TRAILING}"
