"""Hostile-user classes of issue 11 (round 2) that are easier to check in-process than in the corpus."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guidegen import cli as cli_module
from guidegen.incremental import shape
from guidegen.load import imeslips
from guidegen.load.parse import load_text
from guidegen.validate import slips

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "没有读写权限"), (errno.EISDIR, "这是一个目录"), (errno.ENOTDIR, "不是目录"),
    (errno.ENOSPC, "磁盘空间不足"), (errno.EROFS, "只读"),
])
def test_main_says_any_escaped_os_error_in_chinese(monkeypatch, capsys, code, words):
    def fail(*args, **kwargs):
        raise OSError(code, "English text", "/srv/输出/site")

    monkeypatch.setattr(cli_module.cli, "main", fail)
    monkeypatch.setattr(cli_module.memory, "exit_now", lambda code: None)
    with pytest.raises(SystemExit) as stopped:
        cli_module.main()
    err = capsys.readouterr().err
    assert stopped.value.code == 1
    assert err.startswith("错误：无法读写 /srv/输出/site（") and words in err
    assert "English" not in err and "Traceback" not in err


def _run(cwd, *args, home=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUIDEGEN", "PYTHON"))}
    env.update(LC_ALL="C.UTF-8", PYTHONPATH=str(REPO), HOME=str(home or cwd))
    return subprocess.run([sys.executable, "-m", "guidegen", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


KINSHIP = "id: kinship\nname: 亲属关系证明\nstatus: not-issued\nroute: 由居民据实提供证明材料\n"


@pytest.mark.parametrize("form", ["--data=~/条目", "--data=~/条目/"])
def test_tilde_in_data_option_is_the_home_folder(tmp_path, form):
    home, work = tmp_path / "家", tmp_path / "别处"
    (home / "条目").mkdir(parents=True)
    (home / "条目" / "kinship.yaml").write_text(KINSHIP, encoding="utf-8")
    work.mkdir()
    proc = _run(work, "check", form, home=home)
    assert proc.returncode == 0 and "共 1 项" in proc.stdout, proc.stderr


def test_tilde_in_out_config_and_config_data(tmp_path):
    home = tmp_path / "家"
    (home / "条目").mkdir(parents=True)
    (home / "条目" / "kinship.yaml").write_text(KINSHIP, encoding="utf-8")
    (home / "配置.yaml").write_text("data: ~/条目\n", encoding="utf-8")
    work = tmp_path / "别处"
    work.mkdir()
    proc = _run(work, "build", "--config=~/配置.yaml", "--out=~/成果", "--format", "html", "-q", home=home)
    assert proc.returncode == 0, proc.stderr
    assert (home / "成果" / "site" / "index.html").is_file() and not (work / "~").exists()
    refused = _run(work, "build", "--config=~/配置.yaml", "--out=~", home=home)
    assert refused.returncode == 1 and "就是用户主目录" in refused.stderr


GOOD_INPUTS = {"key": "k", "data_dir": "/d", "items": ["a.yaml"], "kept": [], "warnings": [],
               "files": {"/d/a.yaml": [[1, 2, 3, 4, 5], "ab"]}, "fonts": None,
               "trees": {"/t": None, "/u": {"x.docx": [None, "cd"]}}}


@pytest.mark.parametrize("change", [
    {"files": {"/d/a.yaml": [None]}}, {"files": {"/d/a.yaml": [[1, 2], "ab"]}},
    {"files": ["/d/a.yaml"]}, {"items": "a.yaml"}, {"trees": {"/u": {"x.docx": 5}}},
    {"fonts": {"fingerprint": 1, "files": {}}}, {"warnings": [["a", 1, "b"]]}, {"kept": [1]},
])
def test_state_inputs_of_another_shape_make_the_state_unusable(change):
    state = {"version": 1, "outputs": {}, "items": {}, "inputs": GOOD_INPUTS}
    assert shape.usable(state)
    assert not shape.usable({**state, "inputs": {**GOOD_INPUTS, **change}})
    assert not shape.usable({**state, "site": [1]})


def test_dashes_quotes_and_nbsp_in_prose_are_left_alone():
    text = ("id: a\nroute: 由居民据实提供\n  —— 并经审核\nform:\n  title: 证明\n  text: |\n"
            "    — 第一项\n    \u00a0 缩进的正文\n  fields: []\nfaq:\n  - question: 是否需要“原件”\n"
            "    answer: “需要”\n")
    assert imeslips.structure_problems(text) == []
    assert list(imeslips.chinese_quotes(load_text(text, "a.yaml").data)) == []


def test_a_dash_under_a_key_with_a_value_is_text():
    assert imeslips.structure_problems("route:\n  ——由居民据实提供\nname: 甲\n") == []
    assert imeslips.structure_problems("aliases:\n  —甲\n")[0][0] == 2


def test_joiners_inside_emoji_are_not_slips():
    doc = load_text("id: a\nname: 家庭👨\u200d👩\u200d👧证明\nroute: 由居\u200d民提供\n", "a.yaml")
    found = slips.warnings(doc)
    assert [(p.field, p.line) for p in found] == [("route", 3)]


def test_every_structure_slip_of_a_file_is_reported_together():
    text = "id: a\nname:甲\naliases:\n  － 乙\ntext: |\n  note:正文\n"
    assert [line for line, _ in imeslips.structure_problems(text)] == [2, 4]
