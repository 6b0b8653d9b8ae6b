"""Output safety: which ``--out`` folders are refused before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from guidegen.errors import GuidegenError
from guidegen.write.guard import check_out_dir, hand_added


def refused(out: Path, protected: dict | None = None) -> str:
    with pytest.raises(GuidegenError) as caught:
        check_out_dir(out, protected or {})
    return caught.value.message


def test_root_and_home_are_refused(tmp_path, monkeypatch):
    assert "根目录" in refused(Path("/"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert "用户主目录" in refused(tmp_path / "home")
    assert "用户主目录" in refused(tmp_path)  # a folder containing it
    check_out_dir(tmp_path / "home" / "output", {})  # inside it is fine


def test_a_folder_holding_the_data_or_project_is_refused(tmp_path):
    data = tmp_path / "project" / "data" / "items"
    data.mkdir(parents=True)
    protected = {"数据目录": data, "项目目录": tmp_path / "project"}
    assert "数据目录" in refused(data, protected)
    assert "项目目录" in refused(tmp_path / "project", protected)
    assert "包含" in refused(tmp_path, protected)
    check_out_dir(tmp_path / "project" / "output", protected)


def test_inside_a_published_site_is_refused(tmp_path):
    (tmp_path / "out" / ".guidegen").mkdir(parents=True)
    (tmp_path / "out" / "site" / "items").mkdir(parents=True)
    message = refused(tmp_path / "out" / "site")
    assert "site/site" in message and message.endswith(f"请用 --out {tmp_path / 'out'}")
    assert "之内" in refused(tmp_path / "out" / "site" / "items")
    assert "之内" in refused(tmp_path / "out" / ".guidegen")


def test_an_out_folder_named_site_is_refused_on_the_first_build_too(tmp_path):
    message = refused(tmp_path / "x" / "site")  # nothing exists yet
    assert "site/site" in message and message.endswith(f"请用 --out {tmp_path / 'x'}，网站会生成在其中的 site/ 下")
    assert not (tmp_path / "x").exists()
    check_out_dir(tmp_path / "x" / "site0", {})


def test_a_site_no_guidegen_build_made_is_refused_but_an_empty_one_is_not(tmp_path):
    (tmp_path / "site").mkdir()
    check_out_dir(tmp_path, {})  # empty: nothing to lose
    (tmp_path / "site" / "index.html").write_text("别人的网站", encoding="utf-8")
    assert "不是 guidegen 生成的" in refused(tmp_path)
    (tmp_path / ".guidegen").mkdir()
    (tmp_path / ".guidegen" / "state.json").write_text("{}", encoding="utf-8")
    check_out_dir(tmp_path, {})


def test_a_site_that_is_a_file_or_a_link_is_refused(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "site").write_text("文件", encoding="utf-8")
    assert "不是 guidegen 生成的" in refused(tmp_path / "a")
    (tmp_path / "b").mkdir()
    os.symlink(tmp_path / "a", tmp_path / "b" / "site")
    assert "不是 guidegen 生成的" in refused(tmp_path / "b")


def test_paths_outside_the_cwd_are_shown_absolute(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    (tmp_path / "out" / "site").mkdir(parents=True)
    (tmp_path / "out" / "site" / "x").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "here")
    message = refused(Path("../out"))
    assert message.startswith(f"{tmp_path / 'out' / 'site'} 已存在") and "../" not in message


def test_hand_added_files_are_those_no_build_recorded_or_plans():
    assert hand_added({"index.html", "notice.html", "old.docx"}, {"index.html", "old.docx"},
                      {"index.html"}) == {"notice.html"}
