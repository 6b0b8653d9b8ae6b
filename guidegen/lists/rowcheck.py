"""Rows that cannot be imported as they stand: one item on two rows, a 编号 changed by hand."""

from __future__ import annotations

import re

from guidegen.errors import WARNING, Problem
from guidegen.lists import similar
from guidegen.lists.cells import fold
from guidegen.lists.records import ListRow, Record, Spot
from guidegen.model import Item


def _cell(spot: Spot) -> str:
    """``工作表!B3``: the other cell of a pair, in the same workbook."""
    return spot.where.split(": ", 1)[1]


def same_item(here: Spot, there: Spot, what: str) -> str:
    """The message for a row that repeats another: both cells named."""
    return (f"与“{there.found.sheet}”第 {there.row} 行是同一事项（{what}），请合并为一行"
            f"（两处：{_cell(there)}、{_cell(here)}）")


def duplicate_rows(records: list[Record], known: dict[str, Item]) -> tuple[list[Problem], list[Record]]:
    """The same 编号, or the same new 证明名称, on two rows of one sheet: both cells named.
    (A name of a known item on two rows is found when rows are matched to items.)"""
    problems, refused = [], []
    for what, key, loc in (("编号", lambda r: r.item_id, ("id",)),
                           ("证明名称", lambda r: None if r.item_id or fold(r.name or "") in known
                            else fold(r.name or ""), ("name",))):
        first: dict[tuple, Record] = {}
        for record in records:
            value = key(record)
            if not value or record.found is None or record in refused:
                continue
            seen = first.setdefault((record.found.sheet, value), record)
            if seen is record:
                continue
            here = record.spots.get(loc, record.anchor)
            shown = f"编号 {record.item_id} 相同" if loc == ("id",) else "证明名称相同"
            problems.append(Problem(here.where, 0, what, same_item(here, seen.spots.get(loc, seen.anchor), shown)))
            refused.append(record)
    return problems, refused


def numeric_names(records: list[Record], known: dict[str, Item]) -> tuple[list[Problem], list[Record]]:
    """A new row whose name is only a number: a row shifted by a column (序号 in 证明名称)."""
    bad = [r for r in records if r.name is not None and not r.item_id and fold(str(r.name)) not in known
           and re.fullmatch(r"[\d.\s]+", str(r.name))]
    return [Problem(r.spots.get(("name",), r.anchor).where, 0, "证明名称",
                    f"证明名称是数字“{r.name}”：这一行可能填错了列（如把序号填进了证明名称），请检查后重新填写")
            for r in bad], bad


def changed_ids(records: list[Record], by_id: dict[str, Item],
                by_name: dict[str, Item]) -> tuple[list[Problem], list[Record]]:
    """A 编号 no item has, on a row whose name is an existing item's that no row names by
    its 编号: the clerk edited the 编号, which is the file name and the web address."""
    given = {r.item_id for r in records if r.item_id}
    problems, refused = [], []
    for record in records:
        if not record.item_id or record.item_id in by_id:
            continue
        old = by_name.get(fold(record.name or ""))
        if old is None or old.id in given:
            continue
        spot = record.spots.get(("id",), record.anchor)
        problems.append(Problem(spot.where, 0, "编号",
                                f"编号“{record.item_id}”没有对应的事项，而证明名称“{old.name}”是已有事项"
                                f"“{old.id}”的名称。编号是条目文件名和网址，不能在表格中修改：请改回 {old.id}"
                                "（要新增事项，请把编号留空）"))
        refused.append(record)
    return problems, refused


def orphans(rows: list[ListRow], records: list[Record], by_id: dict[str, Item],
            by_name: dict[str, Item]) -> list[Problem]:
    """List rows naming no row of the workbook and no item at all."""
    keys = set(by_id) | set(by_name) | {r.item_id for r in records} | {fold(r.name or "") for r in records}
    return [no_item(row) for row in rows if row.key not in keys and fold(row.key) not in keys]


def no_item(row: ListRow) -> Problem:
    """A list row whose 编号 (or name) is on no row of the main sheet."""
    return Problem(row.spots[()].where, 0, row.spots[()].label,
                   f"“{row.key}”在事项表中没有对应的行（按编号或证明名称查找）")


def renamed(entries: list, items: tuple[Item, ...]) -> list[Problem]:
    """A new row of an attachment whose name is close to an item the workbook no longer
    lists: most likely renamed there, which a table without 编号 cannot say."""
    present = {e.old.id for e in entries if e.old is not None}
    missing = [i for i in items if i.id not in present]
    problems = []
    for entry in entries:
        record = entry.record
        if entry.old is not None or record.kind in ("main", "lists") or not record.name:
            continue
        near = next((i for i in missing if similar.close(similar.core(record.name), similar.core(i.name))
                     or similar.core(record.name) == similar.core(i.name)), None)
        if near is not None:
            problems.append(Problem(record.anchor.where, 0, "证明名称",
                                    f"“{record.name}”对应不到已有事项，作为新增事项处理；它与工作簿中没有的"
                                    f"“{near.name}”（{near.id}）名称相近。如果是改名：附件表格没有编号，"
                                    "无法改名，请在维护工作簿（guidegen export --full）中修改“证明名称”", WARNING))
    return problems
