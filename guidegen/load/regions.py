"""A region's files: ``regions/<地区>/region.yaml`` and ``regions/<地区>/items/``, read and typed.

The regions folder sits beside the province's item folder (``data/items`` →
``data/regions``), so a base-only build never walks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from guidegen.errors import GuidegenError, Problem, ValidationFailed
from guidegen.load.files import display_path, item_files
from guidegen.load.parse import Document, LoadError, load_file
from guidegen.model import Region
from guidegen.validate import messages

REGIONS_DIR = "regions"
REGION_FILE = "region.yaml"
ITEMS_DIR = "items"


@dataclass
class RegionFiles:
    """One region as read: its folder name, settings, item documents and what was wrong."""

    key: str  # the folder name, used on the command line and in OUT/<key>/
    path: str  # region.yaml as shown in messages
    spec: Region | None = None
    doc: Document | None = None
    items: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def regions_dir(data_dir: Path) -> Path:
    """Where the regions of the province whose items are in ``data_dir`` live."""
    return data_dir.resolve().parent / REGIONS_DIR


def region_keys(data_dir: Path) -> list[str]:
    """Every region folder (one holding a region.yaml), sorted."""
    root = regions_dir(data_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if not p.name.startswith(".") and (p / REGION_FILE).is_file())


def region_names(data_dir: Path) -> dict[str, str]:
    """Each region's name (沈阳市, from its region.yaml) → its folder name; unreadable ones left out."""
    names = {}
    for key in region_keys(data_dir):
        try:
            data = load_file(regions_dir(data_dir) / key / REGION_FILE, key).data
        except LoadError:
            continue
        if isinstance(data, dict) and isinstance(data.get("name"), str):
            names[data["name"].strip()] = key
    return names


def incomplete_regions(data_dir: Path) -> list[Problem]:
    """Folders under regions/ that hold no region.yaml: each named, with what to add."""
    root = regions_dir(data_dir)
    if not root.is_dir():
        return []
    problems = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if (folder / REGION_FILE).is_file():
            continue
        near = [p.name for p in folder.iterdir() if p.is_file() and p.stem.lower() == "region"]
        hint = f"（其中的 {near[0]} 请改名为 {REGION_FILE}）" if near else ""
        problems.append(Problem(display_path(folder), 0, "",
                                f"地区目录中没有 {REGION_FILE}{hint}：请在其中新建 {REGION_FILE}，至少写 name"
                                "（地区名称，如 沈阳市）和 authority（发布机关，如 沈阳市民政局）；"
                                f"不是地区的目录请移出 {display_path(root)}"))
    return problems


def region_key(data_dir: Path, given: str) -> str:
    """The region a --region value means: its name, or the path of its folder
    (data/regions/dalian, ./dalian/); an unknown one raises the error listing the known."""
    known = region_keys(data_dir)
    text = given.strip()
    if text in known:
        return text
    path = Path(text)
    root = regions_dir(data_dir)
    try:
        inside = path.is_dir() and path.resolve().parent == root
    except OSError:
        inside = False
    name = path.resolve().name if inside else Path(text.rstrip("/\\")).name
    if name in known:
        return name
    if (root / name).is_dir() and name and not name.startswith("."):
        raise ValidationFailed([p for p in incomplete_regions(data_dir) if p.path == display_path(root / name)])
    raise unknown_region(data_dir, given)


def unknown_region(data_dir: Path, key: str) -> GuidegenError:
    """The error for a region name that has no folder, listing the known ones."""
    known = region_keys(data_dir)
    where = display_path(regions_dir(data_dir))
    if not known:
        return GuidegenError(f"没有地区“{key}”：{where} 下没有任何地区（每个地区一个目录，"
                             f"其中有 {REGION_FILE}）")
    return GuidegenError(f"没有地区“{key}”。已有的地区：{'、'.join(known)}（见 {where}）")


def read_region(data_dir: Path, key: str) -> RegionFiles:
    """Read one region's settings and item files; problems are collected, not raised."""
    if key not in region_keys(data_dir):
        raise unknown_region(data_dir, key)
    folder = regions_dir(data_dir) / key
    found = RegionFiles(key=key, path=display_path(folder / REGION_FILE))
    try:
        found.doc = load_file(folder / REGION_FILE, found.path)
    except LoadError as exc:
        found.problems += exc.problems
    else:
        found.spec, problems = messages.build(Region, found.doc)
        found.problems += problems
    if (folder / ITEMS_DIR).is_dir():
        walk = item_files(folder / ITEMS_DIR)
        found.problems += walk.problems
        for path in walk.files:
            try:
                found.items.append(load_file(path, display_path(path)))
            except LoadError as exc:
                found.problems += exc.problems
    return found


def overlay(base: Document, override: Document) -> Document:
    """A region's override file read over the province item it overrides: its keys win,
    lines stay the override file's."""
    return Document(override.path, {**base.data, **override.data}, override.lines)
