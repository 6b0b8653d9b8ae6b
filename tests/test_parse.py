"""guidegen.load.parse: YAML → plain data with line marks, and every way input can be bad."""

from __future__ import annotations

import codecs
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECTS
from hypothesis import given, settings
from hypothesis import strategies as st

from guidegen.load.parse import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    LoadError,
    PackedDocument,
    decode,
    load_file,
    load_text,
)

ITEM = "id: a\nname: 居住证明\nstatus: not-issued\nroute: 向派出所申请\n"


def problems(text: str, path: str = "a.yaml") -> list[str]:
    with pytest.raises(LoadError) as info:
        load_text(text, path)
    return [p.format() for p in info.value.problems]


def file_problems(tmp_path, raw: bytes) -> list[str]:
    target = tmp_path / "a.yaml"
    target.write_bytes(raw)
    with pytest.raises(LoadError) as info:
        load_file(target, "items/a.yaml")
    return [p.format() for p in info.value.problems]


def test_lines_of_nested_keys_and_list_items():
    doc = load_text("# 注释\nid: a\nform:\n  title: 标题\n  fields:\n    - key: x\n      label: 姓名\n", "a.yaml")
    assert doc.data == {"id": "a", "form": {"title": "标题", "fields": [{"key": "x", "label": "姓名"}]}}
    assert doc.lines[("id",)] == 2
    assert doc.lines[("form", "title")] == 4
    assert doc.lines[("form", "fields", 0)] == 6
    assert doc.lines[("form", "fields", 0, "label")] == 7
    assert doc.line_of(("form", "fields", 0, "width")) == 6  # missing key → nearest parent
    assert doc.line_of(("nothing",)) == 2  # root mapping starts at the first key


def test_packed_document_gives_back_data_and_lines():
    doc = load_text("id: a\nmaterials:\n  - name: 户口簿\n    original: true\n", "x.yaml")
    packed = PackedDocument.pack(doc)
    assert packed.path == "x.yaml" and packed.unpack() == doc and packed.data == doc.data
    assert packed.line_of(("materials", 0, "original")) == doc.line_of(("materials", 0, "original")) == 4
    assert packed.line_of(("nowhere",)) == 1
    # One bytes object instead of a tree of dicts and strings: what a build holds per item.
    assert isinstance(packed.blob, bytes) and not hasattr(packed, "__dict__")


def test_scalars_stay_text_and_nothing_is_constructed():
    doc = load_text("days: 05\nok: 是\nnum: 1.5\nempty:\nquoted: ''\n"
                    "obj: !!python/object/apply:os.system ['echo pwned']\n", "a.yaml")
    assert doc.data == {"days": "05", "ok": "是", "num": "1.5", "empty": None, "quoted": "",
                        "obj": ["echo pwned"]}


@pytest.mark.parametrize("text, line, fragment", [
    ("id: a\naliases: [甲, 乙\nstatus: retained\n", 2, "YAML 语法错误：方括号 [ ] 没有正确闭合"),
    ("id: a\nform: {title: 甲\nstatus: retained\n", 2, "YAML 语法错误：花括号 { } 没有正确闭合"),
    ("id: a\nform:\n\ttitle: 甲\n", 3, "YAML 语法错误：缩进或内容中不能使用制表符（Tab），请改用空格"),
    ("id: a\nform:\n  title: 甲\n text: 乙\n", 4, "YAML 语法错误：缩进不一致，请检查本行与上一行的对齐"),
    ("id: a\n  name: 乙\n", 2, "YAML 语法错误：冒号使用有误"),
    ("id: a\nname: '乙\nstatus: retained\n", 2, "引号没有闭合：本行的值以单引号 ' 开头"),
    ("id: a\nname\nstatus: retained\n", 2, "YAML 语法错误：缺少冒号“:”"),
    ("id: a\n---\nid: b\n", 2, "YAML 语法错误：一个文件只能包含一个条目（不要使用 ---）"),
    ("id: a\nid: b\n", 2, "id: 重复的键：同一层级中该键出现了两次"),
    ("id: a\n? [x]\n: 1\n", 2, "键名必须是简单文本"),
])
def test_syntax_errors_are_chinese_with_the_culprit_line(text, line, fragment):
    (only,) = problems(text)
    assert only.startswith(f"a.yaml:{line}: ")
    assert fragment in only
    assert "found" not in only and "expected" not in only  # no raw PyYAML English


@pytest.mark.parametrize("char, code", [
    ("\x01", "U+0001"), ("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x7f", "U+007F"),
    ("\x9f", "U+009F"), ("\ufffe", "U+FFFE"), ("\uffff", "U+FFFF"),
])
def test_control_characters_are_reported_with_line_and_column(char, code):
    assert problems(f"id: a\nname: 居住{char}证明\n") == [
        f"a.yaml:2: 第 9 列含有不允许的控制字符 {code}，请删除"]


def test_every_control_character_is_listed():
    found = problems("id: a\x01\nname: \x02b\x03\n")
    assert found == ["a.yaml:1: 第 6 列含有不允许的控制字符 U+0001，请删除",
                     "a.yaml:2: 第 7 列含有不允许的控制字符 U+0002，请删除",
                     "a.yaml:2: 第 9 列含有不允许的控制字符 U+0003，请删除"]


@pytest.mark.parametrize("text", ["id: a\nname: \"甲\tb\"\n", "id: a\r\nname: 甲\r\n", "name: 甲\u00a0乙\u3000丙\n"])
def test_tab_newline_crlf_and_wide_spaces_are_allowed(text):
    assert load_text(text, "a.yaml").data["name"].startswith("甲")


def test_utf8_bom_and_crlf_decode(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_bytes(codecs.BOM_UTF8 + ITEM.replace("\n", "\r\n").encode())
    doc = load_file(target)
    assert doc.data["name"] == "居住证明" and doc.data["route"] == "向派出所申请"
    assert doc.lines[("route",)] == 4


def test_bundled_bom_crlf_fixture_still_has_bom_and_crlf():
    raw = (PROJECTS / "encodings" / "data" / "items" / "bom-crlf.yaml").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and b"\r\n" in raw and b"\r\n\r\n" not in raw


def test_gbk_file_is_named(tmp_path):
    raw = ("id: a\nname: 居住证明\n").encode("gbk")
    assert file_problems(tmp_path, raw) == [
        "items/a.yaml:2: 文件不是有效的 UTF-8 编码（可能是 GBK/GB2312 编码），请用记事本或 WPS 另存为 UTF-8"]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_file_is_named_with_or_without_bom(tmp_path, codec):
    (only,) = file_problems(tmp_path, ITEM.encode(codec))
    assert only.startswith("items/a.yaml:1: 文件是 UTF-16 编码")
    assert "请另存为 UTF-8 编码" in only


def test_undecodable_bytes_that_are_not_gbk(tmp_path):
    (only,) = file_problems(tmp_path, b"id: a\nname: \xff\xff\xff\n")
    assert only.startswith("items/a.yaml:2: 文件不是有效的 UTF-8 编码（含有无法识别的字节）")


def test_decode_passes_plain_utf8():
    assert decode("名称: 甲".encode(), "a.yaml") == "名称: 甲"


@pytest.mark.parametrize("text, data", [("", None), ("# 只有注释\n", None), ("- 甲\n- 乙\n", ["甲", "乙"]),
                                         ("只是一句话\n", "只是一句话")])
def test_empty_list_and_scalar_files_load_as_such(text, data):
    assert load_text(text, "a.yaml").data == data  # schema.build turns these into problems


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))  # 9**9 nodes
RUN_BOMB = f"""
import resource, time
resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))  # a regression must fail, not eat the machine
from guidegen.load.parse import LoadError, load_text
start = time.perf_counter()
try:
    load_text({BOMB!r}, "a.yaml")
except LoadError as exc:
    print(exc.problems[0].format(), time.perf_counter() - start < 1)
"""


def test_billion_laughs_is_refused_fast():
    proc = subprocess.run([sys.executable, "-c", RUN_BOMB], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert proc.stdout == "a.yaml:2: 不支持 YAML 别名（*引用），请直接写出内容 True\n", proc.stderr[-500:]


@pytest.mark.parametrize("text, line", [("[" * 10_000 + "]" * 10_000, 1),
                                        ("a: " + "{b: " * 10_000 + "}" * 10_000, 1),
                                        ("- " * 10_000 + "x\n", 1),
                                        # block style: 1,000 levels is all that fits in 1 MiB
                                        ("".join("  " * i + f"k{i}:\n" for i in range(1_000)), 32)])
def test_deep_nesting_is_refused_fast(text, line):
    start = time.perf_counter()
    assert problems(text) == [f"a.yaml:{line}: 嵌套层数超过 {MAX_DEPTH} 层，文件结构有误"]
    assert time.perf_counter() - start < 1


def test_nesting_at_the_limit_is_fine():
    assert load_text("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), "a.yaml").data is not None


def test_file_over_one_mebibyte_is_refused_without_parsing(tmp_path):
    raw = ITEM.encode() + b"# " + b"x" * MAX_FILE_BYTES + b"\n"
    assert file_problems(tmp_path, raw) == ["items/a.yaml:1: 文件过大（1.0 MB），单个文件不能超过 1 MB"]


def test_file_just_under_the_limit_loads(tmp_path):
    target = tmp_path / "a.yaml"
    target.write_bytes(ITEM.encode() + b"# " + b"x" * (MAX_FILE_BYTES - len(ITEM.encode()) - 3) + b"\n")
    assert target.stat().st_size == MAX_FILE_BYTES
    assert load_file(target).data["id"] == "a"


def test_unreadable_path_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(LoadError) as info:
        load_file(tmp_path / "missing.yaml", "items/missing.yaml")
    assert info.value.problems[0].format().startswith("items/missing.yaml: 无法读取文件")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_fails_with_a_problem(text):
    try:
        load_text(text, "fuzz.yaml")
    except LoadError as exc:
        assert exc.problems and all(p.path == "fuzz.yaml" and p.message for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_fail_with_a_problem(raw):
    try:
        decode(raw, "fuzz.yaml")
    except LoadError as exc:
        assert "编码" in exc.problems[0].message
