"""Open a workbook as clerks leave it and find its tables by their header rows.

Sheets are recognised by the headers they carry, not by their names (clerks rename
sheets), wherever the header row is (title rows above it, merged or not). Merged cells
below the header hold their value in every cell they cover, as the clerk sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from python_calamine import CalamineError

from guidegen.errors import BAD_ZIP, GuidegenError, Problem
from guidegen.lists import cells, laws
from guidegen.lists.labels import GUIDE_SHEET, ID, NO
from guidegen.lists.opening import open_book
from guidegen.lists.schema import TABLES, Table
from guidegen.lists.submission import (
    CONFLICT_HEADERS,
    GUIDE_HEADERS,
    NOT_ISSUED_HEADERS,
    RETAINED_HEADERS,
)
from guidegen.load.files import display_path

HEADER_SCAN = 20  # rows searched for the header row (titles, dates, notes above it)
NAME = "证明名称"


@dataclass(frozen=True)
class Kind:
    """A table a workbook may hold: a schema table, an attachment, or one to skip."""

    name: str  # "main", "list", an attachment key, or "skip"
    headers: tuple[str, ...]
    table: Table | None = None
    needs: tuple[str, ...] = ()  # headers that must be present


KNOWN = (
    *(Kind("main" if not t.path else "list", t.headers, t, (ID,) if t.path else ()) for t in TABLES),
    Kind("retained", RETAINED_HEADERS, needs=("证明名称",)),
    Kind("not-issued", NOT_ISSUED_HEADERS, needs=("证明名称",)),
    Kind("skip", laws.HEADERS), Kind("skip", GUIDE_HEADERS), Kind("skip", CONFLICT_HEADERS),
)


@dataclass
class Found:
    """One recognised table: where it is and its rows as (row number, cell values)."""

    book: str
    sheet: str
    kind: Kind
    header_row: int
    columns: dict[str, int]  # header label → 0-based column index
    rows: list[tuple[int, list]] = field(default_factory=list)
    above: str = ""  # text of the rows above the header (the title)
    ignored: list[tuple[int, str]] = field(default_factory=list)  # (column, header) nobody reads
    problems: list[Problem] = field(default_factory=list)  # the table's own: a header twice
    continues: dict[int, int] = field(default_factory=dict)  # row → the row whose merged name it shares

    def where(self, row: int, label: str | None = None, column: int | None = None) -> str:
        """``文件.xlsx: 工作表!C12`` (the row's first column when no label)."""
        if column is None:
            first = min(self.columns.values())
            column = self.columns.get(label, first) if label else first
        return f"{self.book}: {self.sheet}!{get_column_letter(column + 1)}{row}"

    def value(self, values: list, label: str):
        """The cell under ``label`` in a row (None if the column is absent)."""
        index = self.columns.get(label)
        return values[index] if index is not None and index < len(values) else None


def _match(row: list) -> tuple[Kind, dict[str, int], int] | None:
    headers = {cells.header(v): i for i, v in reversed(list(enumerate(row))) if cells.header(v)}
    best = None
    for kind in KNOWN:
        hits = {h: headers[h] for h in kind.headers if h in headers}
        if len(hits) < 2 or any(n not in hits for n in kind.needs):
            continue
        if kind.name == "main" and ID not in hits and "证明名称" not in hits:
            continue
        score = (len(hits), len(hits) / len(kind.headers))
        if best is None or score > best[2]:
            best = (kind, hits, score)
    return (best[0], best[1], len(headers)) if best else None


def sheets(path: Path):
    """(name, rows of cell values from A1, merged ranges, hidden) of every sheet; values as
    last calculated. Read with calamine: six times faster than openpyxl's reader, which made
    a 1,000-item workbook take 15 s to import. Blank cells are ""."""
    book = open_book(path)
    try:
        hidden = {m.name for m in book.sheets_metadata if str(m.visible).rsplit(".", 1)[-1] != "Visible"}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            yield name, sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges or [], name in hidden
    except (CalamineError, ValueError) as exc:
        why = BAD_ZIP if "zip" in str(exc).lower() else "内容无法解析，可能已损坏"
        raise GuidegenError(f"{display_path(path)} 不是可读取的 Excel 工作簿（.xlsx）：{why}") from None


def read_tables(path: Path) -> tuple[list[Found], list[str]]:
    """Every recognised table of the workbook, and notes on what was skipped."""
    book_name = path.name
    found, notes = [], []
    for title, rows, merges, hidden in sheets(path):
        hit = None
        for number, row in enumerate(rows[:HEADER_SCAN], start=1):
            match = _match(row)
            if match and (hit is None or len(match[1]) > len(hit[1][1])):
                hit = (number, match)
        if hit is None:
            if title != GUIDE_SHEET and any(any(v not in (None, "") for v in r) for r in rows):
                notes.append(f"工作表“{title}”没有可识别的表头，已跳过")
            continue
        number, (kind, columns, _) = hit
        if kind.name == "skip":
            continue
        if hidden:
            notes.append(f"工作表“{title}”是隐藏的，其中的表格同样已读入（不需要时请删除该工作表）")
        name_column = columns.get(NAME)
        continues = _fill_merged(merges, rows, number, name_column)
        table = Found(book_name, title, kind, number, columns,
                      above=" ".join(str(v) for r in rows[:number - 1] for v in r if v not in (None, "")))
        header = {cells.header(v) for v in rows[number - 1]}
        table.ignored = [(i, str(v).strip()) for i, v in enumerate(rows[number - 1])
                         if cells.header(v) and cells.header(v) not in kind.headers]
        table.continues = continues
        table.problems = _repeated(table, rows[number - 1])
        for row_number, values in enumerate(rows[number:], start=number + 1):
            picked = [values[i] if i < len(values) else None for label, i in columns.items() if label != NO]
            if all(cells.text(v) is None for v in picked):  # blank, or numbered in advance (序号 only)
                continue  # blank row
            if all(cells.header(v) in header for v in picked):  # stops at the first data cell
                continue  # the header repeated (copied tables, print titles pasted)
            table.rows.append((row_number, values))
        found.append(table)
    return found, notes


def _repeated(table: Found, header: list) -> list[Problem]:
    """A column copied beside itself: two headers read as one label (only one would be read)."""
    problems = []
    for label, column in table.columns.items():
        for other, value in enumerate(header):
            if other != column and cells.header(value) == label:
                where = table.where(table.header_row, column=other)
                first = table.where(table.header_row, column=column).split("!")[1]
                problems.append(Problem(where, 0, label, f"与 {first} 是同一列“{label}”：只能有一列，"
                                                         "请删除或改名其中一列（导入只读第一列，另一列的修改会丢失）"))
    return problems


def _fill_merged(merges, rows: list[list], header_row: int, name_column: int | None) -> dict[int, int]:
    """Give every cell of a merged range below the header its first cell's value; the rows
    (1-based) whose 证明名称 is a merged cell begun on an earlier row → that row."""
    continues = {}
    for (top, left), (bottom, right) in merges:  # 0-based, inclusive
        if top + 1 <= header_row or top >= len(rows):
            continue
        if name_column is not None and left <= name_column <= right:
            continues.update({r + 1: top + 1 for r in range(top + 1, min(bottom, len(rows) - 1) + 1)})
        value = rows[top][left] if left < len(rows[top]) else ""
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value
    return continues
