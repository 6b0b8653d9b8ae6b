"""Sheets laid out the way offices print them: title, frozen header, wrapped cells, A4."""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from guidegen.lists import sheetdata
from guidegen.lists.cells import width
from guidegen.model import Fonts

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LINE_PT = 16  # one line of 12 pt text
GLYPH = 1.1  # width units per display column of 12 pt text (Excel's unit is an 11 pt digit)
MAX_WIDTH = 60  # characters of the widest column; longer texts wrap
CM = 1 / 2.54  # openpyxl page margins are in inches


@dataclass(frozen=True)
class Sheet:
    """What goes on one sheet: optional title, headers, rows of cell values."""

    name: str
    headers: tuple[str, ...]
    rows: list[list]
    title: str = ""
    wide: tuple[int, ...] = ()  # columns allowed to grow to MAX_WIDTH (others stay narrow)


@dataclass
class Book:
    """A workbook being built: layout in openpyxl, data rows as text until ``save``."""

    workbook: Workbook
    styles: sheetdata.Styles
    pending: sheetdata.Pending


def new_workbook(fonts: Fonts) -> Book:
    """An empty workbook with the cell styles every sheet uses."""
    book = Workbook()
    book.remove(book.active)
    body = Font(name=fonts.body, size=12)
    for name, font, align in (
        ("gg-title", Font(name=fonts.title, size=18), Alignment(horizontal="center", vertical="center", wrap_text=True)),
        ("gg-header", Font(name=fonts.heading1, size=12, bold=True),
         Alignment(horizontal="center", vertical="center", wrap_text=True)),
        ("gg-cell", body, Alignment(vertical="center", wrap_text=True)),
        ("gg-center", body, Alignment(horizontal="center", vertical="center", wrap_text=True)),
    ):
        book.add_named_style(NamedStyle(name=name, font=font, alignment=align,
                                        border=BOX if name != "gg-title" else Border()))
    return Book(book, sheetdata.style_ids(book), sheetdata.Pending())


def _lines(value, column_width: float) -> int:
    """Lines a cell's text takes when wrapped in a column this wide (Excel width units)."""
    if value is None:
        return 1
    room = max(column_width - 1, 1) / GLYPH
    return sum(max(1, math.ceil(width(line) / room)) for line in str(value).split("\n"))


def _text_width(value) -> int:
    if value is None:
        return 0
    text = str(value)
    if "\n" not in text:
        return width(text)
    return max(width(line) for line in text.split("\n"))


def _height(row: list, found: list[int], widths: list[float]) -> int:
    """Points a row needs; ``found`` is each cell's widest line (most cells fit on one line)."""
    lines = 1
    for c, value in enumerate(row):
        if value is None:
            continue
        if found[c] <= max(widths[c] - 1, 1) / GLYPH:
            n = str(value).count("\n") + 1 if isinstance(value, str) else 1
        else:
            n = _lines(value, widths[c])
        lines = max(lines, n)
    return lines * LINE_PT + 4


def add_sheet(book: Book, sheet: Sheet) -> Worksheet:
    """Write one sheet: title row (merged), header row, data rows, widths, print setup."""
    ws = book.workbook.create_sheet(sheet.name)
    top = 1
    ncols = len(sheet.headers)
    if sheet.title:
        ws.cell(1, 1, sheet.title).style = "gg-title"
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.row_dimensions[1].height = 36
        top = 2
    for col, label in enumerate(sheet.headers, start=1):
        ws.cell(top, col, label).style = "gg-header"
    widths = [_text_width(h) for h in sheet.headers]
    found = [[_text_width(v) for v in row] for row in sheet.rows]
    for row in found:
        for c, w in enumerate(row):
            if w > widths[c]:
                widths[c] = w
    for c, most in enumerate(widths):
        cap = MAX_WIDTH if c in sheet.wide or not sheet.wide else 24
        widths[c] = min(max(most, 4), cap) + 2
        ws.column_dimensions[get_column_letter(c + 1)].width = widths[c]
    # Neither Excel nor LibreOffice grows a row for wrapped text on opening a file,
    # so each row gets the height its longest cell needs at these widths.
    ws.row_dimensions[top].height = max(_lines(h, widths[c]) for c, h in enumerate(sheet.headers)) * LINE_PT + 4
    heights = [_height(row, found[r], widths) for r, row in enumerate(sheet.rows)]
    book.pending.add(ws, sheetdata.rows_xml(sheet.rows, top + 1, heights, book.styles),
                     top + len(sheet.rows), max([ncols, *map(len, sheet.rows)]))
    ws.freeze_panes = f"A{top + 1}"  # a string: ws.cell() would add an empty row 'top + 1'
    _print_setup(ws, top)
    return ws


def _print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 1.5 * CM
    ws.page_margins.top = ws.page_margins.bottom = 2.0 * CM
    ws.oddFooter.center.text = "— &P —"


def validate(ws: Worksheet, column: int, rows: int, first: int, *, choices: tuple[str, ...] = (),
             low: int | None = None, high: int | None = None) -> None:
    """A drop-down (``choices``) or whole-number rule on a column, with a Chinese message."""
    if choices:
        rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        rule.error = "请从下拉列表中选择：" + "、".join(choices)
    else:
        rule = DataValidation(type="whole", operator="between", allow_blank=True,
                              formula1=str(low if low is not None else -(10**9)),
                              formula2=str(high if high is not None else 10**9))
        rule.error = f"请填写 {low}—{high} 的整数" if low is not None else "请填写整数"
    rule.errorTitle = "输入有误"
    rule.showErrorMessage = True
    letter = get_column_letter(column)
    rule.add(f"{letter}{first}:{letter}{first + rows + 500}")  # room for rows clerks add
    ws.add_data_validation(rule)


def save(book: Book, path: Path) -> None:
    """Write the workbook atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        sheetdata.save(book.workbook, book.pending, tmp)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
