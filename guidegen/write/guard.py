"""Output safety: refuse an ``--out`` folder whose use could lose files guidegen did not write.

Every check runs before anything is written: a folder that holds the data, the project or
the user's home, the root, a folder inside a published site, and a ``site/`` that no
guidegen build made are refused with a Chinese message saying what to do instead.
"""

from __future__ import annotations

import os
from pathlib import Path

from guidegen.errors import GuidegenError
from guidegen.load.files import display_path

WORK = ".guidegen"
OWN_MARKS = ("state.json", "state.next.json")  # a build that published wrote one of these


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _contains(outer: Path, inner: Path) -> bool:
    return outer in inner.parents


def protected(data_dir: str | Path | None, config_file: Path | None) -> dict[str, Path]:
    """Folders an output folder must not contain: the data's and the project's (the config's)."""
    found = {"数据目录": Path(data_dir)} if data_dir else {}
    if config_file is not None:
        found["项目目录"] = Path(os.path.abspath(config_file)).parent
    return found


def check_out_dir(out_dir: Path, protected: dict[str, Path]) -> None:
    """Raise GuidegenError when building into ``out_dir`` could overwrite or delete what the
    user keeps there; ``protected`` names the folders (data, project…) it must not hold."""
    shown = display_path(out_dir)
    real = _real(out_dir)
    if real == Path(real.anchor):
        raise GuidegenError(f"输出目录 {shown} 是文件系统的根目录，不能作为输出目录。"
                            "请用 --out 指定一个专用的空目录，如 --out output")
    home = Path(os.path.expanduser("~"))
    candidates = {"用户主目录": home, **protected}
    # The folder it is, before one it merely contains: "就是项目目录", not "包含数据目录".
    for same in (True, False):
        for label, folder in candidates.items():
            if real == _real(folder) if same else _contains(real, _real(folder)):
                what = f"就是{label}" if same else f"包含{label} {display_path(folder)}"
                raise GuidegenError(f"输出目录 {shown} {what}，在这里生成会与您自己的文件混在一起。"
                                    "请用 --out 指定一个专用的目录，如 --out output")
    for folder in (real, *real.parents):
        if folder.name == WORK or (folder.name == "site" and (folder.parent / WORK).is_dir()):
            raise GuidegenError(f"输出目录 {shown} 位于 guidegen 生成的网站 {display_path(folder)} 之内"
                                f"（会生成 site/site，并把构建记录放进要上传的网站）。"
                                f"请用 --out {display_path(folder.parent)}")
    if real.name == "site":  # a first build too: it would nest site/site beside its records
        raise GuidegenError(f"输出目录 {shown} 名为 site：guidegen 会在输出目录中再生成 site/（成为 site/site），"
                            "并把构建记录 .guidegen 放在要上传的目录中。"
                            f"请用 --out {display_path(out_dir.parent)}，网站会生成在其中的 site/ 下")
    site = out_dir / "site"
    if os.path.lexists(site) and not _made_by_guidegen(out_dir):
        if not site.is_dir() or site.is_symlink() or any(os.scandir(site)):
            raise GuidegenError(f"{display_path(site)} 已存在，但不是 guidegen 生成的，"
                                "guidegen 不会覆盖或删除它。请把它移走或改名，或用 --out 指定另一个目录")


def _made_by_guidegen(out_dir: Path) -> bool:
    return any((out_dir / WORK / mark).is_file() for mark in OWN_MARKS)


def hand_added(site_files: set[str], recorded: set[str], planned: set[str]) -> set[str]:
    """Files in the live site that no guidegen build recorded or plans: a person put them there."""
    return site_files - recorded - planned
