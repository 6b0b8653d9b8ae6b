"""Rows of recognised tables → records: an item's cells, or one element of one of its lists."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guidegen.errors import Problem
from guidegen.lists import cells
from guidegen.lists.cells import CellError
from guidegen.lists.labels import ID, NO
from guidegen.lists.reader import Found
from guidegen.lists.schema import Column, Table
from guidegen.lists.submission import FIELDS

NOTE_WORDS = ("注", "说明", "备注", "填表", "附注", "备考")
TOTAL_WORDS = ("合计", "总计", "小计", "共计", "总数")
_NUMBER = Column((), NO, NO, "int", low=1, high=10_000)
NAME = "证明名称"
MULTILINE = ("法律法规依据", "办理用途")  # columns a clerk continues on the rows of a merged name


@dataclass(frozen=True, slots=True)
class Spot:
    """Where a value came from, for messages: ``文件.xlsx: 工作表!C12`` and the column.

    Kept as (table, row, column label) and spelled out only for a message: a workbook
    of 1,000 items has 100,000 cells and few problems.
    """

    found: Found
    row: int
    label: str

    @property
    def where(self) -> str:
        """``文件.xlsx: 工作表!C12``."""
        return self.found.where(self.row, self.label or None)


@dataclass
class Record:
    """One item's row: on the main sheet (``values`` by field path) or in an attachment
    (``texts`` by column, read once the item it updates is known)."""

    found: Found | None
    row: int
    kind: str  # main | municipal | sector | not-issued | lists (only list sheets name it)
    item_id: str | None = None
    name: str | None = None
    values: dict[tuple, object] = field(default_factory=dict)
    texts: dict[str, str | None] = field(default_factory=dict)
    spots: dict[tuple, Spot] = field(default_factory=dict)

    @property
    def anchor(self) -> Spot:
        """The cell naming the row (its name, else its first cell)."""
        return self.spots.get(("name",)) or self.spots[()]


@dataclass
class ListRow:
    """One element of a list field, from that list's sheet."""

    found: Found
    row: int
    table: Table
    key: str
    numbers: tuple[int | None, ...]
    values: dict[tuple, object] = field(default_factory=dict)
    spots: dict[tuple, Spot] = field(default_factory=dict)


def catalog_of(found: Found) -> str | None:
    """附件1 (州市) or 附件2 (行业系统): told by the title row or the sheet name."""
    text = f"{found.sheet} {found.above}"
    if "附件2" in text or "行业" in text:
        return "sector"
    if "附件1" in text or "州" in text or "市" in text:
        return "municipal"
    return None


def is_note(values: list) -> bool:
    """A row that is no item: a note (注：…, merged across the row or not) or a total (合计 4 项)."""
    filled = list(dict.fromkeys(cells.fold(str(cells.text(v))) for v in values if cells.text(v) is not None))
    if not filled:
        return False
    if filled[0].startswith(TOTAL_WORDS):
        return True
    return len(filled) == 1 and filled[0].startswith(NOTE_WORDS) and _note_text(filled[0])


def _note_text(text: str) -> bool:
    """注：… / 说明: … / 备注 — not a name that happens to start with 说明."""
    word = next(w for w in NOTE_WORDS if text.startswith(w))
    rest = text[len(word):]
    return not rest or rest[0] in ":：.、1234567890一二三四五六七八九(（" or len(text) > 30


def main_records(found: Found, problems: list[Problem]) -> list[Record]:
    """Records of the main sheet or of an attachment."""
    records = []
    kind = found.kind.name
    if kind == "retained":
        kind = catalog_of(found)
        if kind is None:
            problems.append(Problem(found.where(found.header_row), 0, "",
                                    "无法判断该表是附件1（州市保留）还是附件2（行业系统保留），"
                                    "请在标题行或工作表名称中写明“附件1”或“附件2”"))
            return []
    locs = {label: _loc(found, label) for label in found.columns}
    by_row: dict[int, Record] = {}
    for row, values in found.rows:
        if is_note(values):
            continue
        if kind != "main" and row in found.continues and found.continues[row] in by_row:
            _continue(by_row[found.continues[row]], found, values)
            continue
        record = Record(found, row, kind)
        record.spots[()] = Spot(found, row, "")
        for label, loc in locs.items():
            record.spots[loc] = Spot(found, row, label)
        if kind == "main":
            for column in found.kind.table.columns:
                if column.label in found.columns:
                    try:
                        record.values[column.path] = cells.parse(found.value(values, column.label), column)
                    except CellError as exc:
                        problems.append(Problem(found.where(row, column.label), 0, column.label, str(exc)))
            record.item_id = record.values.pop(("id",), None)
            record.item_id = cells.fold(record.item_id).lower() if record.item_id else None
            record.name = record.values.get(("name",))
        else:
            record.texts = {label: cells.text(found.value(values, label))
                            for label in FIELDS if label in found.columns}
            record.name = record.texts.get(NAME)
            given_id = cells.text(found.value(values, ID))
            record.item_id = cells.fold(given_id).lower() if given_id else None
        if record.item_id is None and record.name is None:
            problems.append(Problem(found.where(row, NAME if NAME in found.columns else None), 0, NAME,
                                    "这一行没有证明名称（也没有编号），请填写或删除该行"))
            continue
        records.append(record)
        by_row[row] = record
    return records


def _continue(record: Record, found: Found, values: list) -> None:
    """A row under a merged 证明名称 cell: one more line of the item's 依据 or 用途."""
    for label in MULTILINE:
        more = cells.text(found.value(values, label))
        lines = (record.texts.get(label) or "").split("\n")
        if more and more not in lines:
            record.texts[label] = "\n".join(filter(None, [*lines, more]))


def _loc(found: Found, label: str) -> tuple:
    if found.kind.table is not None:
        for column in found.kind.table.columns:
            if column.label == label:
                return column.path
    if label in FIELDS:
        return (FIELDS[label][0],)
    return ("id",) if label == ID else (label,)


def list_rows(found: Found, problems: list[Problem]) -> list[ListRow]:
    """Elements of one list sheet, each keyed by its item (编号 or name) and 序号."""
    table = found.kind.table
    number_labels = table.keys[1:]
    out = []
    for row, values in found.rows:
        if is_note(values) or all(cells.text(found.value(values, c.label)) is None for c in table.columns):
            continue  # only keys: a blank row inside a merged 编号 cell
        key = cells.text(found.value(values, ID))
        if key is not None and re.fullmatch(r"[A-Za-z0-9_-]+", cells.fold(key)):
            key = cells.fold(key).lower()  # a 编号 typed in capitals or with spaces
        if key is None:
            problems.append(Problem(found.where(row, ID), 0, ID,
                                    "没有填写所属事项的编号（新增事项可填写证明名称）"))
            continue
        numbers = []
        for label in number_labels:
            raw = found.value(values, label)
            try:
                numbers.append(cells.integer(raw, _NUMBER) if cells.text(raw) is not None else None)
            except CellError as exc:
                problems.append(Problem(found.where(row, label), 0, label, str(exc)))
                numbers.append(None)
        entry = ListRow(found, row, table, key, tuple(numbers))
        entry.spots[()] = Spot(found, row, ID)
        for column in table.columns:
            if column.label not in found.columns:
                continue
            entry.spots[column.path] = Spot(found, row, column.label)
            try:
                entry.values[column.path] = cells.parse(found.value(values, column.label), column)
            except CellError as exc:
                problems.append(Problem(found.where(row, column.label), 0, column.label, str(exc)))
        out.append(entry)
    return out

