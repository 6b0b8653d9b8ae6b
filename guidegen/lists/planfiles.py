"""Where imported changes go and the bytes written: item files, or a region's override files."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.errors import GuidegenError, Problem, reason
from guidegen.incremental.changes import FIELDS, ChangeSet, compare, summarize
from guidegen.lists import assemble, yamledit
from guidegen.lists.compare import changed_fields, same
from guidegen.lists.labels import COLUMNS
from guidegen.load.files import display_path
from guidegen.load.parse import LoadError, load_bytes
from guidegen.load.regions import overlay
from guidegen.model import Item
from guidegen.project import Project
from guidegen.validate import messages


@dataclass(frozen=True)
class Region:
    """Where files go: ``items`` for new items; for a region (``base`` set) also the
    overrides of province items, which hold only the fields that differ from them."""

    items: Path
    base: Project | None = None

    def override(self, path: str) -> bool:
        """Whether the item file ``path`` is the province's (so a change needs an override)."""
        return self.base is not None and self.items.resolve() not in Path(path).resolve().parents


@dataclass
class ImportPlan:
    """What importing a workbook would do: the report, and the files to write."""

    changes: ChangeSet
    extra: list[str] = field(default_factory=list)  # changed fields the diff report has no line for
    writes: list[tuple[Path, bytes]] = field(default_factory=list)
    added: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The change report, as ``guidegen diff`` prints it, plus the fields it has no line for."""
        return self.changes.lines() + self.extra


def plan_files(project: Project, done: list[assemble.Assembled], target: Region,
               source: str) -> ImportPlan:
    """The bytes of every file to write, each read back to check it holds the new item."""
    folder = target.items
    before = {i.id: summarize(i) for i in project.items}
    after = dict(before)
    writes, added, extra = [], [], []
    for entry in done:
        new, old = entry.item, entry.old
        if old is None:
            path = folder / f"{new.id}.yaml"
            data = yamledit.new_file(new, f"{new.name}（由 guidegen import 从 {source} 新增）")
            added.append(path)
        elif not changed_fields(old, new):
            continue
        elif target.override(project.docs[old.id].path):
            path = folder / f"{old.id}.yaml"
            data = override_file(old, new, f"{new.name}：本地区与省级条目不同的字段（由 guidegen import 从 {source} 写入）")
        else:
            path = Path(project.docs[old.id].path)
            data = yamledit.edit(path.read_bytes(), old, new)
        effective = _read_back(path, data, new, target)
        writes.append((path, data))
        after[effective.id] = summarize(effective)
        if old is not None:
            reported = set(FIELDS[f] for f in FIELDS if before[old.id].get(f) != after[old.id].get(f))
            extra += [f"修改：{new.name} 的{COLUMNS[f]}" for f in changed_fields(old, effective)
                      if FIELDS.get(f) not in reported]
    return ImportPlan(compare(before, after), extra, writes, added)


def override_file(old: Item, new: Item, comment: str) -> bytes:
    """A region's override of a province item: its id and the fields that differ."""
    fields = {"id": new.id, **{name: getattr(new, name) for name in changed_fields(old, new)}}
    return yamledit.new_mapping(fields, comment)


def _read_back(path: Path, data: bytes, expected: Item, target: Region) -> Item:
    """The item as guidegen will load the written bytes (over the province's item, for a
    region's override); must be the imported one."""
    problems: list[Problem] = []
    try:
        doc = load_bytes(data, display_path(path))
        base = target.base.docs.get(expected.id) if target.base is not None else None
        if base is not None and isinstance(doc.data, dict):
            doc = overlay(base, doc)
        item, problems = messages.build(Item, doc)
    except LoadError as exc:
        item, problems = None, exc.problems
    if item is None or not same(item, expected):
        detail = "；".join(p.format() for p in problems) or "写回后的内容与表格不一致"
        raise GuidegenError(f"无法在保留原有格式的情况下改写 {display_path(path)}（{detail}），"
                            "文件未作任何修改。请把这个文件和工作簿反馈给维护人员。")
    return item


def write(plan: ImportPlan) -> None:
    """Write every file of the plan: all to temporary files first, then each renamed into place."""
    staged = []
    try:
        for path, data in plan.writes:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            staged.append((tmp, path))
    except OSError as exc:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise GuidegenError(f"无法写入 {display_path(path)}：{reason(exc)}；没有修改任何文件") from None
    for tmp, path in staged:
        os.replace(tmp, path)
