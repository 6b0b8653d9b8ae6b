"""``guidegen import``: a workbook → validated items → the change report → item files."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.errors import ERROR, WARNING, GuidegenError, Problem, ValidationFailed, reason
from guidegen.incremental.changes import FIELDS, ChangeSet, compare, summarize
from guidegen.lists import assemble, records, rowcheck, yamledit
from guidegen.lists.cells import fold
from guidegen.lists.compare import changed_fields, same
from guidegen.lists.ids import new_id
from guidegen.lists.labels import COLUMNS
from guidegen.lists.reader import read_tables
from guidegen.load.files import display_path
from guidegen.load.parse import LoadError, load_bytes
from guidegen.model import Item
from guidegen.project import Project
from guidegen.validate import messages, rules

TOKEN = "\0workbook:"  # path of an assembled item's document until its problems are moved


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


class _Matcher:
    """Rows → existing items: by 编号, then by name, then by alias."""

    def __init__(self, items: tuple[Item, ...]):
        self.by_id = {i.id: i for i in items}
        self.by_name = {fold(i.name): i for i in items}
        self.by_alias = {fold(a): i for i in items for a in i.aliases}

    def find(self, item_id: str | None, name: str | None) -> Item | None:
        if item_id:
            return self.by_id.get(item_id)
        key = fold(name or "")
        return self.by_name.get(key) or self.by_alias.get(key)


def plan_import(project: Project, workbook: Path, data_dir: Path | None = None) -> ImportPlan:
    """Read ``workbook`` against ``project``; raise ValidationFailed naming the cells at fault."""
    found, notes = read_tables(workbook)
    if not found:
        raise GuidegenError(f"{display_path(workbook)} 中没有可识别的清单表格（表头应含“证明名称”或“编号”等列）")
    problems: list[Problem] = []
    recs, rows = [], []
    for table in found:
        for column, label in table.ignored:
            problems.append(Problem(table.where(table.header_row, column=column), 0, label,
                                    "不是可识别的列，导入时忽略（列名见导出的工作簿）", WARNING))
        if table.kind.name == "list":
            rows += records.list_rows(table, problems)
        else:
            recs += records.main_records(table, problems)
    seen = [t.kind.table.name if t.kind.table else t.kind.name for t in found if t.kind.name != "retained"]
    seen += [records.catalog_of(t) for t in found if t.kind.name == "retained"]
    for name in {s for s in seen if seen.count(s) > 1 and s}:
        problems.append(Problem(display_path(workbook), 0, "", f"有两个工作表都是“{name}”，请只保留一个"))
    matcher = _Matcher(project.items)
    refused = rowcheck.duplicate_rows(recs, matcher.by_name)[0] + \
        rowcheck.changed_ids(recs, matcher.by_id, matcher.by_name)[0]
    if refused:  # assembling would report again what follows from these rows
        raise ValidationFailed(refused + problems + rowcheck.orphans(rows, recs, matcher.by_id, matcher.by_name))
    list_tables = [t.kind.table for t in found if t.kind.name == "list"]
    done = _assemble(project, matcher, recs, rows, list_tables, data_dir, problems)
    problems += _check_set(project, done)
    if any(p.severity == ERROR for p in problems):
        raise ValidationFailed(problems)
    plan = _plan_files(project, done, data_dir, workbook.name)
    plan.notes = notes + _missing(project, found, done)
    plan.warnings = problems
    return plan


def _assemble(project: Project, matcher: _Matcher, recs: list, rows: list, list_tables: list,
              data_dir: Path | None, problems: list[Problem]) -> list[assemble.Assembled]:
    taken = {i.id for i in project.items} | _file_stems(project, data_dir)
    by_item: dict[str, assemble.Assembled] = {}
    for record in recs:
        old = matcher.find(record.item_id, record.name)
        if old is not None and old.id in by_item:
            problems.append(Problem(record.anchor.where, 0, record.anchor.label,
                                    rowcheck.same_item(record.anchor, by_item[old.id].record.anchor,
                                                       f"编号 {old.id}")))
            continue
        entry = assemble.start(record, old, problems)
        if old is None:
            entry.data["id"] = record.item_id or new_id(record.name or "item", taken)
            taken.add(entry.data["id"])
        by_item[entry.data["id"]] = entry
    keys: dict[str, assemble.Assembled] = {}
    for entry in by_item.values():
        keys.setdefault(entry.data["id"], entry)
        keys.setdefault(fold(entry.record.name or ""), entry)
    has_main = any(r.kind == "main" for r in recs)
    grouped: dict[int, dict[tuple, list]] = {}
    for row in rows:
        entry = keys.get(row.key) or keys.get(fold(row.key))
        if entry is None and not has_main:  # list sheets alone update the items they name
            old = matcher.find(row.key if row.key in matcher.by_id else None, row.key)
            if old is not None and old.id not in by_item:
                record = records.Record(None, row.row, "lists", old.id, old.name, spots={(): row.spots[()]})
                entry = by_item[old.id] = assemble.start(record, old, problems)
                keys[old.id] = keys[fold(old.name)] = entry
        if entry is None:
            problems.append(rowcheck.no_item(row))
            continue
        grouped.setdefault(id(entry), {}).setdefault(row.table.path, []).append(row)
    done = list(by_item.values())
    for entry in done:
        mine = grouped.get(id(entry), {})
        kind = entry.record.kind
        tables = list_tables if kind == "main" else [t for t in list_tables if t.path in mine] \
            if kind == "lists" else []
        for table in sorted(tables, key=lambda t: len(t.levels)):
            assemble.add_lists(entry, table, mine.get(table.path, []), problems)
    for n, entry in enumerate(done):
        problems += assemble.validate(entry, f"{TOKEN}{n}")
    return done


def _file_stems(project: Project, data_dir: Path | None) -> set[str]:
    folder = Path(data_dir or project.sources["data_dir"])
    return {p.stem for p in folder.glob("*.y*ml")} if folder.is_dir() else set()


def _check_set(project: Project, done: list[assemble.Assembled]) -> list[Problem]:
    """Rules across items on the set as it would be: the untouched items and the imported."""
    mine = {e.item.id: (n, e) for n, e in enumerate(done) if e.item is not None}
    olds = {e.old.id for e in done if e.old is not None}
    entries = [rules.Loaded(i, project.docs[i.id]) for i in project.items if i.id not in olds]
    entries += [rules.Loaded(e.item, e.document(f"{TOKEN}{n}")) for n, e in
                ((n, e) for n, e in mine.values())]
    out = []
    for problem in rules.check_set(entries):
        if problem.path.startswith(TOKEN):
            out.append(done[int(problem.path[len(TOKEN):])].problem(problem))
        elif problem.severity == ERROR:
            out.append(problem)
    return out


def _plan_files(project: Project, done: list[assemble.Assembled], data_dir: Path | None,
                source: str) -> ImportPlan:
    """The bytes of every file to write, each read back to check it holds the new item."""
    folder = Path(data_dir or project.sources["data_dir"])
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
        else:
            path = Path(project.docs[old.id].path)
            data = yamledit.edit(path.read_bytes(), old, new)
        effective = _read_back(path, data, new)
        writes.append((path, data))
        after[effective.id] = summarize(effective)
        if old is not None:
            reported = set(FIELDS[f] for f in FIELDS if before[old.id].get(f) != after[old.id].get(f))
            extra += [f"修改：{new.name} 的{COLUMNS[f]}" for f in changed_fields(old, effective)
                      if FIELDS.get(f) not in reported]
    return ImportPlan(compare(before, after), extra, writes, added)


def _read_back(path: Path, data: bytes, expected: Item) -> Item:
    """The item as guidegen will load the written bytes; must be the imported one."""
    try:
        item, problems = messages.build(Item, load_bytes(data, display_path(path)))
    except LoadError as exc:
        item, problems = None, exc.problems
    if item is None or not same(item, expected):
        detail = "；".join(p.format() for p in problems) or "写回后的内容与表格不一致"
        raise GuidegenError(f"无法在保留原有格式的情况下改写 {display_path(path)}（{detail}），"
                            "文件未作任何修改。请把这个文件和工作簿反馈给维护人员。")
    return item


def _missing(project: Project, found: list, done: list[assemble.Assembled]) -> list[str]:
    """Items the workbook's tables should list but do not: reported, never deleted."""
    kinds = {t.kind.name if t.kind.name != "retained" else records.catalog_of(t) for t in found}
    present = {e.old.id for e in done if e.old is not None}
    missing = []
    for item in project.items:
        listed_in = "not-issued" if not item.retained else item.catalog
        if item.id not in present and ("main" in kinds or listed_in in kinds):
            missing.append(f"{item.name}（{item.id}）")
    if not missing:
        return []
    return [f"工作簿中没有以下 {len(missing)} 个事项，导入不会删除它们的文件：{'、'.join(missing)}"]


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
