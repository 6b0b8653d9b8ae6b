"""Finding guidegen.yaml the way git finds .git, and saying which one was used."""

from __future__ import annotations

from pathlib import Path

from guidegen.config import config_notice, find_config, key_line, load_config


def test_the_data_folder_and_its_parents_come_before_the_cwd(tmp_path, monkeypatch):
    data = tmp_path / "project" / "data" / "items"
    data.mkdir(parents=True)
    (tmp_path / "project" / "guidegen.yaml").write_text("title: 甲\n", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "guidegen.yaml").write_text("title: 乙\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert find_config(None, Path("../project/data/items")) == tmp_path / "project" / "guidegen.yaml"
    assert find_config(None, None) == tmp_path / "elsewhere" / "guidegen.yaml"
    assert find_config(Path("x.yaml"), data) == Path("x.yaml")
    config, root, problems = load_config(None, Path("../project/data/items"))
    assert (config.title, root, problems) == ("甲", tmp_path / "project", [])


def test_the_cwd_parents_are_searched_too(tmp_path, monkeypatch):
    (tmp_path / "guidegen.yaml").write_text("title: 甲\n", encoding="utf-8")
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert find_config() == tmp_path / "guidegen.yaml"


def test_the_notice_names_the_file_or_warns(tmp_path):
    assert config_notice(tmp_path / "guidegen.yaml", None).startswith(f"使用配置文件 {tmp_path}")
    warning = config_notice(None, Path("items"))
    assert warning.startswith("警告：") and "数据目录 items" in warning and "默认" in warning


def test_key_line_finds_top_level_and_nested_keys(tmp_path):
    path = tmp_path / "guidegen.yaml"
    path.write_text("\ufefftitle: 甲\nfonts:\n  # 注释\n  body: 仿宋\ncontact:\n  body: 不是这个\ndata: x\n",
                    encoding="utf-8")
    assert (key_line(path, "data"), key_line(path, "fonts.body"), key_line(path, "fonts.title")) == (7, 4, 0)
    assert key_line(tmp_path / "missing.yaml", "data") == 0
