"""The project config: find ``guidegen.yaml``, read it, fall back to the defaults."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from guidegen.errors import GuidegenError, Problem
from guidegen.load.files import CONFIG_NAME, display_path
from guidegen.load.parse import LoadError, load_file
from guidegen.model import ITEM_KEYS, Config, Region
from guidegen.validate import messages


def find_config(config_path: Path | None = None, data_dir: Path | None = None) -> Path | None:
    """The config a build means, found the way git finds ``.git``: ``--config`` if given,
    else the first ``guidegen.yaml`` in the data folder or one of its parents, else in the
    working directory or one of its parents; None when there is none."""
    if config_path is not None:
        return config_path
    starts = [Path(os.path.abspath(data_dir))] if data_dir is not None else []
    for start in [*starts, Path.cwd()]:
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return folder / CONFIG_NAME
    return None


def config_notice(config_file: Path | None, data_dir: Path | None) -> str:
    """The line a build prints about its config: which file, or that the defaults are used."""
    if config_file is not None:
        return f"使用配置文件 {display_path(config_file)}"
    where = f"数据目录 {display_path(data_dir)}、" if data_dir is not None else ""
    return (f"警告：在{where}当前目录及其上级目录中都没有找到配置文件 {CONFIG_NAME}，"
            "使用默认的标题、发布机关和发布日期；请用 --config 指定，或在数据目录旁放一个 guidegen.yaml")


def load_config(config_path: Path | None, data_dir: Path | None = None
                ) -> tuple[Config, Path, list[Problem]]:
    """Read the config ``find_config`` names (or the defaults when there is none).

    A broken config yields its problems and the defaults, so the items are still
    checked and every problem is reported in one run.
    """
    if config_path is not None and not config_path.is_file():
        raise GuidegenError(f"找不到配置文件 {display_path(config_path)}")
    config_path = find_config(config_path, data_dir)
    if config_path is None:
        return Config(), Path.cwd(), []
    try:
        doc = load_file(config_path, display_path(config_path))
    except LoadError as exc:
        return Config(), config_path.parent, exc.problems
    if doc.data is None:
        return Config(), config_path.parent, []
    wrong = _not_a_config(doc.data)
    if wrong:
        return Config(), config_path.parent, [Problem(doc.path, 1, "", wrong)]
    config, problems = messages.build(Config, doc)
    if config is None and isinstance(doc.data, dict):
        # Keep the data folder the user configured, even if another key is wrong.
        data = doc.data.get("data")
        config = Config(data=data) if isinstance(data, str) and data.strip() else Config()
    return config or Config(), config_path.parent, problems


def _not_a_config(data) -> str | None:
    """Why a YAML file given as the config is another kind of file (an item, a region), or
    None when it may be a config (its own key errors are then listed as usual)."""
    what = ("键值对，如 title: 某某市证明事项办事指南、authority: 某某市民政局、data: data/items；"
            "--config 应指向项目根目录的 guidegen.yaml")
    if not isinstance(data, dict):
        return f"这不是配置文件：配置文件 {CONFIG_NAME} 的内容应为{what}"
    keys, config_keys = set(data), set(Config.model_fields)
    if keys & {"id", "status", "legal_basis", "route", "procedure"}:
        return (f"这是一个条目文件（写有 {'、'.join([k for k in data if k in ITEM_KEYS][:3])} 等条目的键），"
                f"不是配置文件 {CONFIG_NAME}；条目文件放在数据目录中，配置文件应写{what}")
    if keys & set(Region.model_fields) - config_keys:
        return (f"这是一个地区设置文件（region.yaml），不是配置文件 {CONFIG_NAME}；地区用 --region 选择，"
                f"配置文件应写{what}")
    typos = [k for k in keys if difflib.get_close_matches(str(k), config_keys, n=1, cutoff=0.6)]
    if not keys & config_keys and not typos:  # a misspelt key is listed with its right spelling
        return (f"这不是 guidegen 的配置文件：其中的键（{'、'.join(map(str, list(data)[:3]))}）"
                f"都不是配置文件的键；配置文件应写{what}")
    return None


def key_line(config_file: Path, key: str) -> int:
    """The line (as an editor counts it) of ``key`` in the config (``data``, or one level
    down as ``fonts.title``), or 0 when it is not written there."""
    try:
        lines = config_file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeError):
        return 0
    outer, _, inner = key.partition(".")
    start = next((n for n, line in enumerate(lines, 1)
                  if re.match(rf"{re.escape(outer)}\s*[:：]", line)), 0)
    if not inner or not start:
        return start
    for n, line in enumerate(lines[start:], start + 1):
        if line.strip() and not line[0].isspace():  # the block ended
            return 0
        if re.match(rf"\s+{re.escape(inner)}\s*[:：]", line):
            return n
    return 0
