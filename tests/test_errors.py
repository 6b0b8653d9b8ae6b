"""guidegen.errors: how problems read, sort and end the program."""

from __future__ import annotations

import io

import click
import pytest

from guidegen.errors import (
    ERROR,
    WARNING,
    GuidegenError,
    Problem,
    ValidationFailed,
    sort_problems,
)


@pytest.mark.parametrize("problem, text", [
    (Problem("items/a.yaml", 4, "purpose", "未知字段“purpose”，是否应为“purposes”？"),
     "items/a.yaml:4: purpose: 未知字段“purpose”，是否应为“purposes”？"),
    (Problem("items/a.yaml", 2, "", "YAML 语法错误：引号没有闭合"), "items/a.yaml:2: YAML 语法错误：引号没有闭合"),
    (Problem("items/link.yaml", 0, "", "符号链接指向数据目录之外"), "items/link.yaml: 符号链接指向数据目录之外"),
    (Problem("items/a.yaml", 9, "procedure", "应有议事协商步骤", WARNING), "items/a.yaml:9: procedure: 警告：应有议事协商步骤"),
    (Problem("items/a.yaml", 3, "", "无字段的警告", WARNING), "items/a.yaml:3: 警告：无字段的警告"),
    (Problem("items/a.yaml", 7, "form.fields[1].key", "未使用"), "items/a.yaml:7: form.fields[1].key: 未使用"),
])
def test_format(problem, text):
    assert problem.format() == text


def test_default_severity_is_error():
    assert Problem("a", 1, "", "x").severity == ERROR


def test_sort_by_file_then_line_number_not_text():
    unsorted = [Problem("b.yaml", 1, "", "x"), Problem("a.yaml", 10, "", "x"), Problem("a.yaml", 9, "z", "x"),
                Problem("a.yaml", 9, "a", "y")]
    assert [(p.path, p.line, p.field) for p in sort_problems(unsorted)] == [
        ("a.yaml", 9, "a"), ("a.yaml", 9, "z"), ("a.yaml", 10, ""), ("b.yaml", 1, "")]


@pytest.mark.parametrize("severities, summary", [
    ([ERROR], "发现 1 个错误，请修改后重试。"),
    ([ERROR, ERROR, WARNING], "发现 2 个错误、1 个警告，请修改后重试。"),
    ([WARNING], "发现 0 个错误、1 个警告，请修改后重试。"),
])
def test_validation_failed_summary(severities, summary):
    failed = ValidationFailed([Problem("a.yaml", i, "", "x", s) for i, s in enumerate(severities, 1)])
    assert failed.summary() == summary == failed.format_message()
    assert len(failed.errors) == severities.count(ERROR)


def test_validation_failed_shows_every_problem_sorted_then_summary():
    failed = ValidationFailed([Problem("b.yaml", 1, "id", "重复"), Problem("a.yaml", 12, "", "第二"),
                               Problem("a.yaml", 3, "name", "第一")])
    out = io.StringIO()
    failed.show(file=out)
    assert out.getvalue().splitlines() == ["a.yaml:3: name: 第一", "a.yaml:12: 第二", "b.yaml:1: id: 重复",
                                           "发现 3 个错误，请修改后重试。"]


def test_guidegen_error_is_plain_chinese_with_exit_1():
    error = GuidegenError("找不到数据目录 data/items")
    out = io.StringIO()
    error.show(file=out)
    assert out.getvalue() == "错误：找不到数据目录 data/items\n"
    assert error.exit_code == 1 and isinstance(error, click.ClickException)
    assert ValidationFailed([]).exit_code == 1
