"""guidegen.yaml shares the item loader's diagnostics: unclosed quotes, full-width colons, dates in words.

Run through the real CLI (``guidegen check --config``), so the config is read as a user's would be.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECTS

CONFIG = "title: 测试用办事指南\nauthority: 测试市民政局\nregion: 测试市\npublished: 2026-01-01\n" \
         "contact:\n  phone: \"0000-1234567\"\n  address: '测试路 1 号'\n"


def check(tmp_path: Path, config: str) -> subprocess.CompletedProcess:
    root = tmp_path / "p"
    shutil.copytree(PROJECTS / "minimal" / "data", root / "data")
    (root / "guidegen.yaml").write_bytes(config.encode("utf-8"))
    return subprocess.run([sys.executable, "-m", "guidegen", "check", "--config", "guidegen.yaml",
                           "--data", "data/items"], cwd=root, capture_output=True, text=True, timeout=60)


def first_error(tmp_path: Path, config: str) -> str:
    proc = check(tmp_path, config)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    return proc.stderr.splitlines()[0]


def test_the_config_as_written_is_fine(tmp_path):
    assert check(tmp_path, CONFIG).returncode == 0


@pytest.mark.parametrize("old, new, line, quote", [
    ("title: 测试用办事指南", 'title: "测试用办事指南', 1, '"'),  # later lines hold a pair of quotes
    ("authority: 测试市民政局", "authority: '测试市民政局", 2, "'"),
    ("  address: '测试路 1 号'", "  address: '测试路 1 号", 7, "'"),  # the last line: end of file
    ("region: 测试市", 'region: "测试市\nbase_url: ""', 3, '"'),
])
def test_an_unclosed_quote_in_the_config(tmp_path, old, new, line, quote):
    kind = "双引号" if quote == '"' else "单引号"
    assert first_error(tmp_path, CONFIG.replace(old, new)).startswith(
        f"guidegen.yaml:{line}: 引号没有闭合：本行的值以{kind} {quote} 开头，本行却没有结束的{kind}")


@pytest.mark.parametrize("old, new, expected", [
    ("title: ", "title：", "guidegen.yaml:1: 键名后用了全角冒号“：”（U+FF1A）"),
    ("  phone:", "\u3000\u3000phone:", "guidegen.yaml:6: 本行用全角空格（U+3000）缩进"),
    ("region: 测试市", "region: 测试\u2028市", "guidegen.yaml:3: 第 11 列含有行分隔符（U+2028）"),
    ("authority:", "author\u200bity:", "guidegen.yaml:2: 键名“authority”中含有零宽空格（U+200B）"),
    ("2026-01-01", "2026年1月1日", "guidegen.yaml:4: published: 日期请写作 年-月-日（四位年份，"
                                 "月和日各两位，用半角“-”分隔，不写时间）：“2026年1月1日”请写作 2026-01-01"),
    ("2026-01-01", "20260101", "guidegen.yaml:4: published: 日期请写作 年-月-日"),
    ("2026-01-01", "0", "guidegen.yaml:4: published: “0”不是日期；日期请写作 年-月-日，如 2026-11-01"),
    ("region: 测试市", "region: 测试市\nbooklets: 待定", "guidegen.yaml:4: booklets: 应填“是”或“否”，“待定”无法识别"),
])
def test_what_an_input_method_slips_into_the_config(tmp_path, old, new, expected):
    assert first_error(tmp_path, CONFIG.replace(old, new)).startswith(expected)


def test_yes_and_no_in_words_in_the_config(tmp_path):
    assert check(tmp_path, CONFIG + "booklets: 否\n").returncode == 0
