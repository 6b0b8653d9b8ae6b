"""Data rows written as text: every kind of value reads back as written, by openpyxl and calamine."""

from __future__ import annotations

import datetime as dt

import openpyxl
from python_calamine import CalamineWorkbook

from guidegen.lists.style import LINE_PT, Sheet, add_sheet, new_workbook, save
from guidegen.model import Fonts

ROWS = [
    ["a", "=1+1", "x < y & z > 0", " 前后有空格 ", 5, 1.5, dt.date(2026, 11, 1)],
    ["b", "第一行\n第二行", "", None, 0, -2.0, None],
    ["c"],
]


def test_values_styles_and_layout_read_back(tmp_path):
    book = new_workbook(Fonts())
    add_sheet(book, Sheet("表", ("编号", "公式样", "符号", "空格", "整数", "小数", "日期"), ROWS, "标题"))
    add_sheet(book, Sheet("空表", ("编号",), []))
    path = tmp_path / "t.xlsx"
    save(book, path)
    ws = openpyxl.load_workbook(path)["表"]
    assert ws.dimensions == "A1:G5" and ws.freeze_panes == "A3"
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=3)] == [
        ["a", "=1+1", "x < y & z > 0", " 前后有空格 ", 5, 1.5, dt.datetime(2026, 11, 1)],
        ["b", "第一行\n第二行", None, None, 0, -2, None], ["c", *[None] * 6]]
    assert ws["B3"].data_type == "s"  # user text, never a formula
    assert ws["A3"].alignment.horizontal == "center" and ws["E3"].alignment.horizontal == "center"
    assert ws["B3"].alignment.wrap_text and ws["B3"].border.left.style == "thin"
    assert ws["D4"].border.left.style == "thin"  # blank cells keep their box
    assert ws["G3"].number_format == "yyyy-mm-dd"
    assert [ws.row_dimensions[r].height for r in (4, 5)] == [2 * LINE_PT + 4, LINE_PT + 4]
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("表").to_python()
    assert calamine[2][:6] == ["a", "=1+1", "x < y & z > 0", " 前后有空格 ", 5, 1.5]
    assert calamine[2][6] == dt.date(2026, 11, 1)
    assert openpyxl.load_workbook(path)["空表"].max_row == 1
