"""The exported workbooks as offices print and fill them."""

from __future__ import annotations

import pytest
from lists_helpers import headers, project_copy

import openpyxl
from guidegen.lists.cells import width


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    from click.testing import CliRunner

    from guidegen.cli import cli

    root = project_copy("sample", tmp_path_factory.mktemp("books"))
    for name, extra in (("lists.xlsx", []), ("items.xlsx", ["--full"])):
        result = CliRunner().invoke(cli, ["export", str(root / name), *extra,
                                          "--config", str(root / "guidegen.yaml")])
        assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(root / "lists.xlsx"), openpyxl.load_workbook(root / "items.xlsx")


def test_submission_tables_are_laid_out_for_printing(books):
    book = books[0]
    assert book.sheetnames == ["附件1 州市保留", "附件2 行业系统保留", "附件3 不应出具", "法规依据索引"]
    ws = book["附件1 州市保留"]
    assert ws["A1"].value == "某某市保留的村（居）民委员会出具证明事项清单"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:F1"]
    assert [c.value for c in ws[2]] == ["序号", "证明名称", "主管部门", "法律法规依据", "出具时限", "办理用途"]
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$2:$2"
    assert all(ws.cell(r, 4).alignment.wrap_text for r in range(3, ws.max_row + 1))
    for column, cell in zip("ABCDEF", ws[2]):  # headers fit; long texts wrap inside their width
        assert ws.column_dimensions[column].width >= width(cell.value)
    assert ws["A3"].font.name == "仿宋_GB2312" and ws["A1"].font.name == "方正小标宋简体"
    third = book["附件3 不应出具"]
    assert third["A1"].value == "不应由村（居）民委员会出具证明事项清单（第一批）" and third.max_row == 22


def test_law_index_lists_each_article_with_its_items(books):
    ws = books[0]["法规依据索引"]
    cols = headers(ws, 2)
    rows = [[ws.cell(r, cols[h]).value for h in ("法律法规", "条款", "依据该条款的事项")] for r in range(3, ws.max_row + 1)]
    assert ["《中华人民共和国民法典》", "第二十八条", "同意担任监护人意见书"] in rows
    articles = [r[1] for r in rows if r[0] == "《中华人民共和国民法典》"]
    assert articles == ["第二十七条第二款", "第二十八条", "第三十一条第一款、第二款", "第一千一百四十五条", "第一千一百六十条"]


def test_full_workbook_has_drop_downs_and_whole_numbers(books):
    book = books[1]
    assert book.sheetnames[:2] == ["事项", "别名"] and book.sheetnames[-2:] == ["法规依据索引", "填写说明"]
    ws = book["事项"]
    cols = headers(ws, 1)
    rules = {str(v.sqref).split(":")[0]: v for v in ws.data_validations.dataValidation}
    status = rules[f"{openpyxl.utils.get_column_letter(cols['清单类别'])}2"]
    assert (status.type, status.formula1) == ("list", '"保留,不应出具"')
    assert rules[f"{openpyxl.utils.get_column_letter(cols['需要调查核实'])}2"].formula1 == '"是,否"'
    assert rules[f"{openpyxl.utils.get_column_letter(cols['出具时限类型'])}2"].formula1 == '"当场办结,限时办结"'
    materials = book["申请材料"]
    copies = next(v for v in materials.data_validations.dataValidation if str(v.sqref).startswith("D2"))
    assert (copies.type, copies.formula1, copies.formula2) == ("whole", "1", "99")
    assert [c.value for c in book["填写说明"][1]] == ["工作表", "列", "填写要求"]
