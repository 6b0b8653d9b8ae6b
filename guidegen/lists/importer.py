"""``guidegen import``: a workbook → validated items → the change report → item files."""

from __future__ import annotations

from pathlib import Path

from guidegen.errors import ERROR, WARNING, GuidegenError, Problem, ValidationFailed
from guidegen.lists import assemble, records, rowcheck
from guidegen.lists.cells import fold
from guidegen.lists.ids import new_id
from guidegen.lists.mergeinputs import place
from guidegen.lists.planfiles import ImportPlan, Region, plan_files, write
from guidegen.lists.reader import read_tables
from guidegen.load.files import display_path
from guidegen.load.regions import region_names
from guidegen.model import Item
from guidegen.project import Project
from guidegen.validate import rules

__all__ = ["ImportPlan", "Region", "plan_import", "write"]

TOKEN = "\0workbook:"  # path of an assembled item's document until its problems are moved


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


def plan_import(project: Project, workbook: Path, data_dir: Path | None = None,
                region: Region | None = None) -> ImportPlan:
    """Read ``workbook`` against ``project`` (with ``region``, a region's merged project:
    changes go to that region's override files); raise ValidationFailed naming the cells at fault."""
    found, notes = read_tables(workbook)
    if not found:
        raise GuidegenError(f"{display_path(workbook)} 中没有可识别的清单表格（表头应含“证明名称”或“编号”等列）")
    _check_region(project, found)
    problems: list[Problem] = []
    recs, rows = [], []
    for table in found:
        problems += table.problems
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
    refused = rowcheck.duplicate_rows(recs, matcher.by_name)[0] + rowcheck.numeric_names(recs, matcher.by_name)[0] \
        + rowcheck.changed_ids(recs, matcher.by_id, matcher.by_name)[0]
    if refused:  # assembling would report again what follows from these rows
        raise ValidationFailed(refused + problems + rowcheck.orphans(rows, recs, matcher.by_id, matcher.by_name))
    list_tables = [t.kind.table for t in found if t.kind.name == "list"]
    target = region or Region(Path(data_dir or project.sources["data_dir"]))
    done = _assemble(project, matcher, recs, rows, list_tables, target.items, problems)
    problems += _check_set(project, done) + rowcheck.renamed(done, project.items)
    if any(p.severity == ERROR for p in problems):
        raise ValidationFailed(problems)
    plan = plan_files(project, done, target, workbook.name)
    plan.notes = notes + _missing(project, found, done)
    plan.warnings = problems
    return plan


def _check_region(project: Project, found: list) -> None:
    """A region's workbook (its 附件1 title names a known region) imported as another list's
    (the province's, or another region's): refused before its changes land in the wrong files."""
    names = region_names(Path(project.sources["data_dir"]))
    for table in found:
        if table.kind.name != "retained" or records.catalog_of(table) != "municipal":
            continue
        named = place([table.above])
        if named in names and named != project.config.region:
            where = f"{display_path(Path(table.book))}: {table.sheet}!A1"
            target = f"地区“{project.config.region}”" if project.sources.get("region") else "省级"
            raise ValidationFailed([Problem(where, 0, "标题",
                                            f"这是{named}的清单（标题），而要导入的是{target}清单：导入会把{named}的修改"
                                            f"写进{target}的条目文件。请加 --region {names[named]}")])


def _assemble(project: Project, matcher: _Matcher, recs: list, rows: list, list_tables: list,
              folder: Path, problems: list[Problem]) -> list[assemble.Assembled]:
    taken = {i.id for i in project.items} | {p.stem for p in folder.glob("*.y*ml")}
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
