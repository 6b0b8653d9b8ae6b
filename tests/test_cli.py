"""guidegen check: exit codes, summary, every problem listed, never a traceback."""

from __future__ import annotations

import codecs
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import INVALID, PROJECTS, dump, line_in, not_issued, retained

REPO = Path(__file__).resolve().parents[1]
SUMMARY = "检查通过：保留清单 1 项，不应出具清单 1 项，共 2 项。"


def test_check_passes_with_summary(cli):
    result = cli("check", cwd=PROJECTS / "minimal")
    assert (result.exit_code, result.stdout, result.stderr) == (0, SUMMARY + "\n", "")


def test_check_encodings_project(cli):
    result = cli("check", cwd=PROJECTS / "encodings")
    assert (result.exit_code, result.stdout.strip()) == (0, SUMMARY)


def test_check_lists_every_problem_then_fails(cli):
    result = cli("check", cwd=PROJECTS / "invalid")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == INVALID + ["发现 8 个错误，请修改后重试。"]
    assert "Traceback" not in result.output


def test_two_bad_files_are_both_reported(cli, make_project):
    root = make_project({"a.yaml": not_issued(route=None), "b.yaml": not_issued(id="b", name="乙", purpose=["x"]),
                         "c.yaml": not_issued(id="c", name="丙")})
    result = cli("check", cwd=root)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"data/items/a.yaml:{line_in(dump(not_issued()), '^route:')}: route: 不应出具的事项必须填写办事途径（route）",
        f"data/items/b.yaml:{line_in(dump(not_issued(purpose=1)), '^purpose:')}: purpose: "
        "未知字段“purpose”，是否应为“purposes”？",
        "发现 2 个错误，请修改后重试。"]


def test_public_interest_warning_still_exits_0(cli, make_project):
    root = make_project({"r.yaml": retained(public_interest=True), "n.yaml": not_issued()},
                        config={"title": "测试"})
    result = cli("check", cwd=root)
    assert result.exit_code == 0 and result.stdout == SUMMARY + "\n"
    assert result.stderr == (f"data/items/r.yaml:{line_in(dump(retained()), '^procedure:')}: procedure: "
                             "警告：涉及公共利益的事项应有“议事协商”步骤，并经负责人签字后出具\n")


def test_public_interest_with_consultation_has_no_warning(cli, make_project):
    steps = [{"title": "申请"}, {"title": "议事协商", "detail": "召开居民议事会"}, {"title": "负责人签字出具"}]
    root = make_project({"r.yaml": retained(public_interest=True, procedure=steps), "n.yaml": not_issued()},
                        config={"title": "测试"})
    result = cli("check", cwd=root)
    assert (result.exit_code, result.stdout, result.stderr) == (0, SUMMARY + "\n", "")


BAD_FILES = {
    "gbk": ("id: a\nname: 居住证明\n".encode("gbk"), "GBK"),
    "utf16": ("id: a\nname: 居住证明\n".encode("utf-16"), "UTF-16"),
    "utf16-no-bom": ("id: a\nname: 居住证明\n".encode("utf-16-le"), "UTF-16"),
    "control": ("id: a\nname: 居住\x01证明\n", "第 9 列含有不允许的控制字符 U+0001"),
    "c1-control": ("id: a\nname: 居住\x80证明\n", "第 9 列含有不允许的控制字符 U+0080"),
    "nonchar": ("id: a\nname: 居住\ufffe证明\n", "U+FFFE"),
    "empty": ("", "实际是空文件"),
    "list": ("- id: a\n", "实际是列表"),
    "scalar": ("健在证明\n", "实际是单个值"),
    "alias-bomb": ("a: &a [x, x]\nb: [*a, *a]\n", "不支持 YAML 别名"),
    "deep": ("[" * 10_000 + "]" * 10_000, "嵌套层数超过"),
    "huge": ("id: a\n# " + "x" * (1 << 20) + "\n", "单个文件不能超过 1 MB"),
    "tab": ("id: a\nform:\n\ttitle: x\n", "制表符"),
    "unclosed": ("id: a\naliases: [甲\n", "方括号 [ ] 没有正确闭合"),
    "bad-indent": ("id: a\nform:\n  title: x\n text: y\n", "缩进不一致"),
    "python-tag": ("id: !!python/object/apply:os.system [echo]\n", "id: 应为文本"),
    "bad-days": (dump(retained(deadline={"type": "working-days", "days": "三"})), "deadline.days: 应为阿拉伯数字：“三”请写作 3"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_input_never_tracebacks(cli, make_project, name):
    content, fragment = BAD_FILES[name]
    root = make_project({"bad.yaml": content, "ok.yaml": not_issued()})
    result = cli("check", cwd=root)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith("data/items/bad.yaml:") and fragment in first


def test_unknown_option_is_a_usage_error(cli):
    result = cli("check", "--bogus", cwd=PROJECTS / "minimal")
    assert result.exit_code == 2
    assert "没有这个选项：'--bogus'" in result.stderr and "用法" in result.stderr


def test_unknown_command_is_a_usage_error(cli):
    result = cli("chekc", cwd=PROJECTS / "minimal")
    assert result.exit_code == 2 and "没有这个命令：'chekc'" in result.stderr


def test_missing_data_folder_exits_1_in_chinese(cli, tmp_path):
    result = cli("check", "--data", tmp_path / "nowhere", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (1, "错误：找不到数据目录 nowhere\n")


def test_missing_config_exits_1(cli, tmp_path):
    result = cli("check", "--config", "missing.yaml", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (1, "错误：找不到配置文件 missing.yaml\n")


def test_config_that_is_a_folder_is_a_usage_error(cli, tmp_path):
    result = cli("check", "--config", tmp_path, cwd=tmp_path)
    assert result.exit_code == 2 and "是一个目录" in result.stderr


def test_explicit_data_and_config_from_elsewhere(cli, tmp_path):
    project = PROJECTS / "minimal"
    result = cli("check", "--data", project / "data/items", "--config", project / "guidegen.yaml", cwd=tmp_path)
    assert (result.exit_code, result.stdout.strip()) == (0, SUMMARY)


def test_help_is_chinese(cli):
    result = cli("check", "--help", cwd=PROJECTS / "minimal")
    assert result.exit_code == 0
    assert "用法:" in result.stdout and "选项" in result.stdout and "--data" in result.stdout


def test_real_process_reports_and_exits_1(copy_project):
    root = copy_project("invalid")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "guidegen", "check", "--data", "data/items"], cwd=root,
                          capture_output=True, env=env, timeout=120)
    assert proc.returncode == 1 and proc.stdout == b""
    stderr = proc.stderr.decode("utf-8")
    assert stderr.splitlines() == INVALID + ["发现 8 个错误，请修改后重试。"]
    assert "Traceback" not in stderr and not stderr.startswith(codecs.BOM_UTF8.decode())


def test_build_prints_at_most_twelve_change_lines(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("build", "--format", "html", "--out", str(out), "-j", "1", cwd=REPO)
    assert result.exit_code == 0, result.output
    shown = [line for line in result.output.splitlines() if line.startswith("  新增：")]
    assert len(shown) == 12
    assert f"……共 31 处变化，完整记录见 {out / 'site' / 'changes.html'}" in result.output
    assert (out / "site" / "changes.html").read_text(encoding="utf-8").count("新增：") == 31


def test_check_without_any_config_warns_once(cli, make_project):
    root = make_project({"n.yaml": not_issued()})
    result = cli("check", cwd=root)
    assert result.exit_code == 0
    assert result.stderr.startswith("警告：在当前目录及其上级目录中都没有找到配置文件 guidegen.yaml，使用默认")


def test_usage_errors_are_all_chinese(cli):
    for args in (["build", "--bogus"], ["bogus"], ["build", "-j", "x"], ["import"], ["--help"]):
        result = cli(*args)
        assert not re.search(r"\b(Usage|Error|Try|OPTIONS|COMMAND|ARGS|Missing|Invalid|Did you)\b",
                             result.output), result.output


def test_every_command_help_has_chinese_metavars(cli):
    # FILE, DIRECTORY, PATH, TEXT, INTEGER, OLD_DIR and 1<=x<=64 come from click, not gettext.
    for command in (None, "check", "build", "serve", "diff", "doctor", "export", "import", "merge"):
        result = cli(*([command] if command else []), "--help")
        assert result.exit_code == 0, result.output
        assert not re.search(r"\b(FILE|DIRECTORY|PATH|TEXT|INTEGER|FLOAT|[A-Z]+_[A-Z]+)\b|<=x",
                             result.output), result.output
