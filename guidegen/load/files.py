"""The one walker of item files, shared by the loader and the no-op check; display paths."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.errors import WARNING, GuidegenError, Problem

ITEM_SUFFIXES = (".yaml", ".yml")
CONFIG_NAME = "guidegen.yaml"
_FOLDER_LIKE_FILE = ("名称像条目文件，其实是一个文件夹，不会被当作条目读取（其中的 .yaml 文件照常读取）；"
                     "如果它本应是条目文件，请删除这个文件夹，重新保存为文件")  # in the data folder (``data: .``) it is the config, never an item


@dataclass
class ItemFiles:
    """The visible item files under a data folder, sorted, and what was wrong with links."""

    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    linked: bool = False  # a symlink was seen: file stats alone cannot prove the set unchanged


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when inside it,
    else absolute (never a run of ``../../..``)."""
    try:
        shown = os.path.relpath(path)
    except ValueError:
        return str(path)
    return os.path.abspath(path) if shown == ".." or shown.startswith(".." + os.sep) else shown


def item_files(data_dir: Path) -> ItemFiles:
    """Every item file under ``data_dir`` (hidden names skipped); links that leave the
    folder, dangle or loop are problems, and two links to one file count once."""
    if data_dir.is_file():
        raise GuidegenError(f"数据目录 {display_path(data_dir)} 是一个文件，应写存放条目文件的目录")
    if not data_dir.is_dir():
        raise GuidegenError(f"找不到数据目录 {display_path(data_dir)}")
    found = ItemFiles()
    candidates = []
    for folder, dirs, names in os.walk(data_dir):  # symlinked folders are not entered
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.problems += [Problem(display_path(Path(folder, d)), 0, "", _FOLDER_LIKE_FILE, WARNING)
                           for d in dirs if os.path.splitext(d)[1].lower() in ITEM_SUFFIXES]
        found.linked |= any(os.path.islink(os.path.join(folder, d)) for d in dirs)
        candidates += [Path(folder, n) for n in names if not n.startswith(".")
                       and os.path.splitext(n)[1].lower() in ITEM_SUFFIXES and n != CONFIG_NAME]
    candidates.sort()
    real_root, seen = None, set()
    for path in candidates:
        if not path.is_symlink():
            if path.is_file():
                found.files.append(path)
            continue
        found.linked = True
        real_root = real_root or data_dir.resolve()
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
            real = None
        if real is None or not path.exists():
            found.problems.append(Problem(display_path(path), 0, "",
                                          "符号链接指向的文件不存在（或链接互相指向形成循环），无法读取"))
        elif not real.is_relative_to(real_root):
            found.problems.append(Problem(display_path(path), 0, "",
                                          "符号链接指向数据目录之外，出于安全原因不予读取"))
        elif path.is_file() and real not in seen:
            # A link to another item file in the folder is the same item, not a duplicate id.
            seen.add(real)
            found.files.append(path)
    if found.linked:  # a plain file and a link to it: the item once, under the first name
        files, reals = [], set()
        for path in found.files:
            real = path.resolve()
            if real not in reals:
                reals.add(real)
                files.append(path)
        found.files = files
    return found
