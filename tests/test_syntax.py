"""guidegen.load.syntax: what a Chinese input method slips into YAML, named with line and U+ code."""

from __future__ import annotations

import pytest

from guidegen.load import fastyaml, syntax
from guidegen.load.parse import LoadError, load_text

HEAD = "id: a\nstatus: retained\n"


def problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as info:
        load_text(text, "a.yaml")
    assert fastyaml.compose(text, 32) is None  # the fast path leaves the explaining to the careful one
    return [p.format() for p in info.value.problems]


@pytest.mark.parametrize("text, line", [
    (HEAD + "name：甲\n", 3),
    (HEAD + "name ：甲\n", 3),
    ("id: a\nlegal_basis:\n  - law: 甲\n    article：第一条\n", 4),
    ("id: a\nprocedure:\n  - title：申请\n", 3),
    (HEAD + "route: 甲\n  note：乙\n", 4),  # would be folded into route silently
    ("id: a\ndeadline: {type：on-the-spot}\n", 2),
    ("id: a\ndeadline: {days: 1, type ：on-the-spot}\n", 2),
])
def test_a_fullwidth_colon_after_a_key(text, line):
    assert problems(text) == [f"a.yaml:{line}: 键名后用了全角冒号“：”（U+FF1A），请改为半角冒号“:”"
                              "并在其后加一个空格（如 name: 指定监护人证明）"]


@pytest.mark.parametrize("text, line", [
    ("id: a\ndeadline:\n\u3000\u3000type: on-the-spot\n", 3),
    ("id: a\nprocedure:\n \u3000- title: 甲\n", 3),
    ("\u3000id: a\n", 1),
])
def test_fullwidth_spaces_as_indentation(text, line):
    (only,) = problems(text)
    assert only.startswith(f"a.yaml:{line}: 本行用全角空格（U+3000）缩进")


@pytest.mark.parametrize("text, line", [("id: a\nname:\u3000甲\n", 2), ("id: a\nprocedure:\n  - title:\u3000甲\n", 3)])
def test_a_fullwidth_space_after_the_colon(text, line):
    assert problems(text) == [f"a.yaml:{line}: 冒号后面是全角空格（U+3000），这样冒号不起作用；"
                              "请改为半角空格（如 name: 指定监护人证明）"]


def test_fullwidth_spaces_and_colons_inside_text_are_text():
    text = HEAD + "name: 甲\nform:\n  text: |\n    \u3000\u3000兹证明：甲\n    说明：乙\n"
    assert load_text(text, "a.yaml").data["form"]["text"] == "\u3000\u3000兹证明：甲\n说明：乙\n"
    assert fastyaml.compose(text, 32) is not None


@pytest.mark.parametrize("char, name", [("\u2028", "行分隔符"), ("\u2029", "段分隔符"), ("\x85", "下一行符")])
def test_line_separators_are_named_at_the_line_an_editor_shows(char, name):
    text = f"id: a\nname: 甲{char}乙\nstatus: retained\nroute: x{char}\n"
    code = f"U+{ord(char):04X}"
    assert [p.split("，")[0] for p in problems(text)] == [
        f"a.yaml:2: 第 8 列含有{name}（{code}）", f"a.yaml:4: 第 9 列含有{name}（{code}）"]


@pytest.mark.parametrize("key, char", [
    ("na\u200bme", "零宽空格（U+200B）"), ("\ufeffstatus", "字节顺序标记（U+FEFF）"),
    ("name\u2060", "零宽不折行空格（U+2060）"), ("na\u200cme", "零宽不连字（U+200C）"),
    ("na\u200dme", "零宽连字（U+200D）"), ("ｎａｍｅ", "“ｎ”（U+FF4E）"),
])
def test_invisible_or_fullwidth_characters_in_a_key(key, char):
    (only,) = problems(f"id: a\n{key}: 甲\n")
    looks = "status" if "status" in key else "name"
    assert only.startswith(f"a.yaml:2: 键名“{looks}”中含有{char}")
    assert f"看起来和“{looks}”一样，却是另一个键名" in only


@pytest.mark.parametrize("value", ["\u200b", "\u200b\u200b ", '"\u00a0\u2060"', "\ufeff", "\u3000\u3000"])
def test_a_value_of_only_invisible_characters(value):
    (only,) = problems(f"id: a\nname: {value}\n")
    assert only.startswith("a.yaml:2: name: 值看起来是空的，其实只有")


def test_zero_width_joiners_inside_text_are_kept():
    text = "id: a\nname: 👨\u200d👩\u200d👧 家庭\n"
    assert load_text(text, "a.yaml").data["name"] == "👨\u200d👩\u200d👧 家庭"


FILLER = "".join(f"  - 用途{i}\n" for i in range(40))


@pytest.mark.parametrize("text, line, quote", [
    ('id: a\nname: "甲\nstatus: retained\npurposes:\n' + FILLER + 'route: "乙"\nfee: 丙\n', 2, '"'),
    ("id: a\nissuer: '村''委会\nstatus: retained\nprocedure:\n  - title: '申请'\n", 2, "'"),
    ('id: a\nname: "甲\\"乙\nstatus: retained"\nroute: x\n', 2, '"'),  # closed later: keys swallowed
    ("id: a\nprocedure:\n  - title: 甲\n    detail: '乙\n", 4, "'"),
    ('id: a\nform:\n  text: |\n    引用"甲\n  title: "乙\n', 5, '"'),  # quotes in a | block are text
    ('id: a\naliases: ["甲, 乙]\nstatus: retained\n', 2, '"'),
])
def test_an_unclosed_quote_points_at_where_it_opens(text, line, quote):
    (only,) = problems(text)
    kind = "双引号" if quote == '"' else "单引号"
    assert only.startswith(f"a.yaml:{line}: ")
    assert f"引号没有闭合：本行的值以{kind} {quote} 开头" in only


def test_quoted_values_over_several_lines_are_still_allowed():
    text = 'id: a\nname: "甲\n  乙"\nroute: \'丙\n  丁\'\n'
    assert load_text(text, "a.yaml").data == {"id": "a", "name": "甲 乙", "route": "丙 丁"}


def test_shown_names_the_character_and_its_code():
    assert syntax.shown("\uff1a") == "全角冒号“：”（U+FF1A）"
    assert syntax.shown("\u200b") == "零宽空格（U+200B）"
    assert syntax.shown("\u2063") == "不可见字符（U+2063）"
    assert syntax.shown("甲") == "“甲”（U+7532）"
