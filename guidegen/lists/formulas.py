"""Formula cells without a result: a workbook written by a program and never opened in Excel.

Excel and WPS store each formula's last result beside it; a workbook that a program
wrote (openpyxl, a script, an export from another system) may hold only the formula,
which every reader but a spreadsheet program sees as a blank cell.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile

SHEET = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"|'
                   rb'<sheet\b[^>]*?\br:id="([^"]*)"[^>]*?\bname="([^"]*)"')
TARGET = re.compile(rb'<Relationship\b[^>]*?(?:Id="([^"]*)"[^>]*?Target="([^"]*)"|'
                    rb'Target="([^"]*)"[^>]*?Id="([^"]*)")')
CELL = re.compile(rb'<c\b([^>]*?\br="([A-Z]+)([0-9]+)"[^>]*?)(?:/>|>(.*?)</c>)', re.S)
TEXT_RESULT = re.compile(rb'\bt="(str|inlineStr|e|b)"')  # a stored result, maybe the empty text
FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>(.*?)</f>)", re.S)
VALUE = re.compile(rb"<v>[^<]+</v>|<is>")


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the package (xl/worksheets/sheet1.xml)."""
    try:
        workbook = book.read("xl/workbook.xml")
        rels = book.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for m in TARGET.finditer(rels):
        rid, target = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        target = target.decode()
        targets[rid] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    parts = {}
    for m in SHEET.finditer(workbook):
        name, rid = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(4), m.group(3))
        if rid in targets:
            parts[html.unescape(name.decode())] = targets[rid]
    return parts


def uncached(book: zipfile.ZipFile) -> dict[str, list[tuple[str, int, str]]]:
    """Sheet name → (column letters, row, formula) of every formula cell with no stored result."""
    found: dict[str, list[tuple[str, int, str]]] = {}
    for name, part in _sheet_parts(book).items():
        try:
            xml = book.read(part)
        except KeyError:
            continue
        if b"<f" not in xml:  # most workbooks: no formula at all, no cell-by-cell scan
            continue
        for cell in CELL.finditer(xml):
            inner = cell.group(4) or b""
            formula = FORMULA.search(inner)
            if formula is None or VALUE.search(inner) or TEXT_RESULT.search(cell.group(1)):
                continue
            text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))
            found.setdefault(name, []).append((cell.group(2).decode(), int(cell.group(3)), text))
    return found
