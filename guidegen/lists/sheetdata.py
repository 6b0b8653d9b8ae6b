"""Data rows of a sheet as SpreadsheetML text, spliced into the file openpyxl writes.

openpyxl makes a cell object per value, looks its named style up, and serialises each
cell through lxml: about 3 s of CPU for the 150,000 cells of a 1,000-item workbook.
Data rows need no more than a value, one of three cell styles and the row height, so
they are written here as text in a tenth of that time; titles, headers, widths, frozen
panes, merged cells, drop-downs and print setup stay openpyxl's.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

DATE_FORMAT = "yyyy-mm-dd"  # what openpyxl gives a date cell
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


@dataclass(frozen=True)
class Styles:
    """Cell-format ids (the ``s`` attribute) of the data cells' styles in one workbook."""

    cell: int
    center: int
    date: int


def style_ids(book: Workbook) -> Styles:
    """Register the data cells' styles in ``book`` (through a scratch sheet) and read their ids."""
    scratch = book.create_sheet("scratch")
    probe = scratch.cell(1, 1)
    ids = []
    for name, number_format in (("gg-cell", "General"), ("gg-center", "General"), ("gg-cell", DATE_FORMAT)):
        probe.style = name
        probe.number_format = number_format
        ids.append(probe.style_id)
    book.remove(scratch)
    return Styles(*ids)


def _text(value: str) -> str:
    if ILLEGAL_CHARACTERS_RE.search(value):
        raise IllegalCharacterError(f"{value!r} cannot be used in worksheets.")
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<t{space}>{value.translate(_ESCAPES)}</t>"


def rows_xml(rows: list[list], first: int, heights: list[int], styles: Styles) -> str:
    """``<row>`` elements of ``rows`` from row ``first``: column A and numbers centred."""
    letters = [get_column_letter(c) for c in range(1, max(map(len, rows), default=0) + 1)]
    out = []
    for r, (row, height) in enumerate(zip(rows, heights), start=first):
        out.append(f'<row r="{r}" ht="{height}" customHeight="1">')
        for c, value in enumerate(row):
            ref = f"{letters[c]}{r}"
            if value is None:
                out.append(f'<c r="{ref}" s="{styles.center if c == 0 else styles.cell}"/>')
            elif isinstance(value, str):
                if not value:
                    out.append(f'<c r="{ref}" s="{styles.center if c == 0 else styles.cell}" t="inlineStr"/>')
                else:
                    out.append(f'<c r="{ref}" s="{styles.center if c == 0 else styles.cell}" t="inlineStr">'
                               f"<is>{_text(value)}</is></c>")
            elif isinstance(value, bool):
                out.append(f'<c r="{ref}" s="{styles.center}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                out.append(f'<c r="{ref}" s="{styles.center if c == 0 or isinstance(value, int) else styles.cell}"'
                           f' t="n"><v>{value!r}</v></c>')
            elif isinstance(value, dt.date):
                out.append(f'<c r="{ref}" s="{styles.date}" t="n"><v>{to_excel(value)!r}</v></c>')
            else:
                raise TypeError(f"a cell cannot hold {type(value).__name__}: {value!r}")
        out.append("</row>")
    return "".join(out)


@dataclass
class Pending:
    """The data rows of sheets waiting to be spliced in at save, by worksheet."""

    sheets: dict[int, tuple[Worksheet, str, str]] = field(default_factory=dict)

    def add(self, ws: Worksheet, xml: str, last_row: int, last_column: int) -> None:
        """Rows ``xml`` go after the rows openpyxl writes for ``ws``, ending at this cell."""
        self.sheets[id(ws)] = (ws, xml, f"A1:{get_column_letter(max(last_column, 1))}{last_row}")


class _Splicing(zipfile.ZipFile):
    """A zip file that adds the pending rows to each worksheet part as openpyxl stores it."""

    def __init__(self, path: str, parts: dict[str, tuple[str, str]]):
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self.parts = parts

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        """Store a file written to disk (openpyxl's worksheets), with its rows spliced in."""
        if arcname not in self.parts:
            return super().write(filename, arcname, compress_type, compresslevel)
        xml, ref = self.parts[arcname]
        data = Path(filename).read_bytes()
        data = _DIMENSION.sub(f'<dimension ref="{ref}"/>'.encode(), data, count=1)
        if b"</sheetData>" in data:
            data = data.replace(b"</sheetData>", xml.encode() + b"</sheetData>", 1)
        else:
            data = data.replace(b"<sheetData/>", b"<sheetData>" + xml.encode() + b"</sheetData>", 1)
        self.writestr(arcname, data)
        return None


def save(book: Workbook, pending: Pending, path: str) -> None:
    """Write ``book`` to ``path`` with the pending rows in their sheets."""
    # openpyxl names worksheet parts by their position, as ExcelWriter does below
    parts = {f"xl/worksheets/sheet{index}.xml": pending.sheets[id(ws)][1:]
             for index, ws in enumerate(book.worksheets, start=1) if id(ws) in pending.sheets}
    archive = _Splicing(path, parts)
    ExcelWriter(book, archive).save()
