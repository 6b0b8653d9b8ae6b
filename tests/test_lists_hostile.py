"""Workbooks as clerks really leave them: each class of hand edit, two or more variants each.

Every refusal is ``文件.xlsx: 工作表!C12: 字段: 说明`` (or one ``错误：`` line) in Chinese,
exit 1, no traceback and no file written.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from lists_helpers import find_row, headers, load, project_copy, snapshot

from guidegen.project import load_project

FIRST = "附件1 州市保留"
THIRD = "附件3 不应出js".replace("js", "具")


@pytest.fixture
def minimal(cli, tmp_path):
    """The minimal project with its submission (s.xlsx) and maintenance (full.xlsx) workbooks."""
    root = project_copy("minimal", tmp_path)
    assert cli("export", "s.xlsx", cwd=root).exit_code == 0
    assert cli("export", "full.xlsx", "--full", cwd=root).exit_code == 0
    return root


def _edit(root, name, change, source="s.xlsx"):
    book = load(root / source)
    change(book)
    book.save(root / name)
    return name


def _refused(cli, root, name, *expected):
    """Import must fail naming these lines, and write nothing."""
    before = snapshot(root)
    result = cli("import", name, "--write", cwd=root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.splitlines()
    for line in expected:
        assert any(got.startswith(line) for got in lines), (line, result.stderr)
    # English only in what the user wrote: file names, options, 编号 (lower case), quoted cells
    told = re.sub(r"Excel|Word|WPS|“[^”]*”|[\w.-]+\.(xlsx|xls|ods|csv|et|yaml)|--\w+|\b[a-z][a-z0-9-]*\b", "", result.stderr)
    assert not re.search(r"[A-Za-z]{4,}", told), result.stderr
    assert snapshot(root) == before
    return result


def _items(root):
    return {i.id: i for i in load_project(root / "guidegen.yaml").items}


# 1. One item on two rows of a sheet: both cells named.

def test_same_name_on_two_rows_names_both_cells(cli, minimal):
    name = _edit(minimal, "dup.xlsx", lambda b: b[FIRST].append([2, " 指定监护人证明", "民政部门"]))
    _refused(cli, minimal, name, f"dup.xlsx: {FIRST}!B4: 证明名称: 与“{FIRST}”第 3 行是同一事项")
    result = cli("import", name, cwd=minimal)
    assert f"（两处：{FIRST}!B3、{FIRST}!B4）" in result.stderr


def test_same_new_name_twice_and_same_id_twice(cli, minimal):
    def two_new(book):
        book[THIRD].append([2, "居民养犬证明", "自行征求意见"])
        book[THIRD].append([3, "居民养犬 证明", "自行征求意见"])
    _refused(cli, minimal, _edit(minimal, "new2.xlsx", two_new),
             f"new2.xlsx: {THIRD}!B5: 证明名称: 与“{THIRD}”第 4 行是同一事项（证明名称相同）")

    def same_id(book):
        book["事项"]["A3"] = "guardian-designation"  # kinship's row now claims the guardian's 编号
    result = _refused(cli, minimal, _edit(minimal, "id2.xlsx", same_id, "full.xlsx"),
                      "id2.xlsx: 事项!A3: 编号: 与“事项”第 2 行是同一事项（编号 guardian-designation 相同）")
    assert len(result.stderr.splitlines()) == 2  # no errors that follow from it


def test_an_id_changed_by_hand_is_refused(cli, minimal):
    def renamed(book):
        book["事项"]["A2"] = "guardian"
    result = _refused(cli, minimal, _edit(minimal, "ren.xlsx", renamed, "full.xlsx"),
                      "ren.xlsx: 事项!A2: 编号: 编号“guardian”没有对应的事项")
    assert "请改回 guardian-designation" in result.stderr


# 2. Header variants.

@pytest.mark.parametrize("labels", [
    ("序 号", "证明 名称", "主管单位", "设定依据", "办理时限", "用途"),
    ("序\n号", "证明事项\n名称", "行业主管部门（单位）", "法律法规依据\n（条款）", "承诺时限（工作日）", "办理用途"),
    ("序号", "事项名称", "主管部门", "法律依据", "出具时限(工作日)", "办理用途"),
])
def test_header_variants_are_recognised(cli, minimal, labels):
    def relabel(book):
        ws = book[FIRST]
        for column, label in enumerate(labels, start=1):
            ws.cell(2, column, label)
        ws.cell(2, 7, "备注")  # an extra column nobody reads
        ws["C3"] = "民政局"
        ws["E3"] = "七个工作日"
    name = _edit(minimal, "h.xlsx", relabel)
    result = cli("import", name, "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    assert f"h.xlsx: {FIRST}!G2: 备注: 警告：不是可识别的列，导入时忽略" in result.stderr
    guardian = _items(minimal)["guardian-designation"]
    assert (guardian.department, guardian.deadline.days) == ("民政局", 7)


# 3. Note, explanation and total rows.

def test_merged_note_and_total_rows_are_skipped(cli, minimal):
    def notes(book):
        ws = book[FIRST]
        ws.append(["合计", "1 项"])
        ws.append(["注：本表由测试市民政局汇总，未列入的证明一律不再出具。"])
        ws.merge_cells(f"A{ws.max_row}:F{ws.max_row}")
        third = book[THIRD]
        third.insert_rows(3)
        third["A3"] = "说明：以下为第一批"
        third.merge_cells("A3:C3")
    result = cli("import", _edit(minimal, "n.xlsx", notes), cwd=minimal)
    assert result.exit_code == 0, result.output
    assert "没有需要写入的变化" in result.stdout


def test_note_row_on_a_list_sheet_is_skipped(cli, minimal):
    def notes(book):
        ws = book["申请材料"]
        ws.append(["备注：复印件需加盖公章"])
        ws.merge_cells(f"A{ws.max_row}:F{ws.max_row}")
    result = cli("import", _edit(minimal, "n2.xlsx", notes, "full.xlsx"), cwd=minimal)
    assert result.exit_code == 0, result.output


# 4. Formulas without a stored result.

@pytest.mark.parametrize("cell, formula", [("A3", "=ROW()-2"), ("E3", '=CONCATENATE(5,"个工作日")')])
def test_formula_without_result_names_the_cell(cli, minimal, cell, formula):
    def with_formula(book):
        book[FIRST][cell] = formula
    result = _refused(cli, minimal, _edit(minimal, "f.xlsx", with_formula), f"f.xlsx: {FIRST}!{cell}: 公式: ")
    assert "请先用 Excel 或 WPS 打开这个工作簿并保存" in result.stderr


# 5. Numbers and deadlines in words.

@pytest.mark.parametrize("typed, days", [("五个工作日", 5), ("5个工作日", 5), ("3", 3), (3.0, 3), ("３", 3),
                                         ("十个工作日内", 10)])
def test_deadline_cells_in_words(cli, minimal, typed, days):
    name = _edit(minimal, "d.xlsx", lambda b: b[FIRST].cell(3, 5, typed))
    assert cli("import", name, "--write", cwd=minimal).exit_code == 0
    assert _items(minimal)["guardian-designation"].deadline.days == days


@pytest.mark.parametrize("typed", ["当场", "即时办结", "当场办理"])
def test_on_the_spot_in_words(cli, minimal, typed):
    def spot(book):
        ws = book["事项"]
        cols = headers(ws, 1)
        ws.cell(2, cols["出具时限类型"], typed)
        for label in ("办结工作日", "法定时限类型", "法定时限工作日"):
            ws.cell(2, cols[label]).value = None
    result = cli("import", _edit(minimal, "o.xlsx", spot, "full.xlsx"), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    assert _items(minimal)["guardian-designation"].deadline.type == "on-the-spot"


def test_days_and_numbers_typed_as_text(cli, minimal):
    def texts(book):
        ws = book["事项"]
        ws.cell(2, headers(ws, 1)["办结工作日"], "八个工作日")
        materials = book["申请材料"]
        materials.cell(2, 2, "１")  # 序号 typed as text, full width
        materials.cell(2, headers(materials, 1)["份数"], "2份")
    result = cli("import", _edit(minimal, "t.xlsx", texts, "full.xlsx"), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    guardian = _items(minimal)["guardian-designation"]
    assert guardian.deadline.days == 8 and guardian.materials[0].copies == 2


def test_calendar_days_are_asked_about(cli, minimal):
    _refused(cli, minimal, _edit(minimal, "cd.xlsx", lambda b: b[FIRST].cell(3, 5, "5天")),
             f"cd.xlsx: {FIRST}!E3: 出具时限: “5天”没有说明是不是工作日")


# 6. Coded fields by their Chinese labels (or the start of one).

@pytest.mark.parametrize("typed, code", [("网上办理", "online"), ("邮寄", "mail"), ("窗口", "counter")])
def test_channel_labels(cli, minimal, typed, code):
    def channel(book):
        book["办理方式"].append(["guardian-designation", 1, typed])
    result = cli("import", _edit(minimal, "c.xlsx", channel, "full.xlsx"), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    assert _items(minimal)["guardian-designation"].channels[0] == code


def test_catalog_and_flags_by_label(cli, minimal):
    def labels(book):
        ws = book["事项"]
        cols = headers(ws, 1)
        ws.cell(2, cols["清单目录"], "行业")
        ws.cell(2, cols["需要调查核实"], "√")
    result = cli("import", _edit(minimal, "l.xlsx", labels, "full.xlsx"), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    guardian = _items(minimal)["guardian-designation"]
    assert guardian.catalog == "sector" and guardian.verification is True


# 7. Rows deleted: reported, files kept.

@pytest.mark.parametrize("source, sheet", [("s.xlsx", THIRD), ("full.xlsx", "事项")])
def test_deleted_rows_are_reported_not_deleted(cli, minimal, source, sheet):
    def drop(book):
        ws = book[sheet]
        ws.delete_rows(find_row(ws, 2 if sheet == THIRD else 1, "亲属关系证明" if sheet == THIRD else "kinship", 1))
    result = cli("import", _edit(minimal, "del.xlsx", drop, source), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    assert "工作簿中没有以下 1 个事项，导入不会删除它们的文件：亲属关系证明（kinship）" in result.stderr
    assert (minimal / "data/items/kinship.yaml").is_file()


# Files that are not what their names say, and other formats.

def test_files_that_are_no_workbook(cli, minimal):
    (minimal / "a.csv").write_text("序号,证明名称\n1,指定监护人证明\n", encoding="utf-8")
    (minimal / "empty.xlsx").write_bytes(b"")
    (minimal / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200
                                          + "EncryptedPackage".encode("utf-16-le") + b"\0" * 200)
    (minimal / "cut.xlsx").write_bytes((minimal / "s.xlsx").read_bytes()[:2000])
    assert cli("export", "doc.xlsx", "--docx", cwd=minimal).exit_code == 0
    (minimal / "doc.docx").rename(minimal / "word.xlsx")
    for name, said in (("a.csv", "这是文本文件（如 CSV），不是工作簿"), ("empty.xlsx", "文件是空的（0 字节）"),
                       ("locked.xlsx", "设置了打开密码（已加密），无法读取"), ("cut.xlsx", "不是有效的 zip 压缩包"),
                       ("word.xlsx", "这是 Word 文档（.docx），其中没有工作表")):
        result = _refused(cli, minimal, name, f"错误：{name} ")
        assert said in result.stderr, result.stderr


def test_excel_dates_and_spaces_in_text_cells(cli, minimal):
    def typed(book):
        ws = book[THIRD]
        ws["C3"] = dt.datetime(2026, 11, 1)  # Excel turned a typed date into a date cell
        ws["B3"] = "\u3000亲属关系证明 \u3000"
    result = cli("import", _edit(minimal, "dt.xlsx", typed), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    assert _items(minimal)["kinship"].route == "2026-11-01"


def test_hidden_sheets_in_another_order(cli, minimal):
    def shuffle(book):
        book.move_sheet(THIRD, offset=-2)
        book["附件2 行业系统保留"].sheet_state = "hidden"
        book[FIRST]["C3"] = "民政局"
    result = cli("import", _edit(minimal, "hid.xlsx", shuffle), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    assert "工作表“附件2 行业系统保留”是隐藏的" in result.stderr
    assert _items(minimal)["guardian-designation"].department == "民政局"


# Layouts offices use: rows numbered in advance, an item over two rows, a column copied.

def test_rows_numbered_in_advance_and_a_chart_sheet(cli, minimal):
    from openpyxl.chart import BarChart, Reference

    def numbered(book):
        ws = book[FIRST]
        for n in range(2, 8):
            ws.cell(2 + n, 1, n)  # 序号 typed down the sheet for rows still to fill
        chart = BarChart()
        chart.add_data(Reference(ws, min_col=1, min_row=2, max_row=3))
        book.create_chartsheet("图表").add_chart(chart)
    result = cli("import", _edit(minimal, "num.xlsx", numbered), cwd=minimal)
    assert result.exit_code == 0, result.output
    assert "没有需要写入的变化" in result.stdout


def test_an_item_over_rows_under_a_merged_name(cli, minimal):
    def two_rows(book):
        ws = book[FIRST]
        ws.insert_rows(4)
        ws["D4"] = "《中华人民共和国民法典》第三十二条"
        ws["F4"] = "确定监护人"
        for column in "ABCE":
            ws.merge_cells(f"{column}3:{column}4")
    result = cli("import", _edit(minimal, "vm.xlsx", two_rows), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    guardian = _items(minimal)["guardian-designation"]
    assert [b.article for b in guardian.legal_basis] == ["第三十一条", "第三十二条"]
    assert guardian.purposes == ("办理监护相关事务", "确定监护人")


@pytest.mark.parametrize("label", ["证明名称", "证明 名称（必填）"])
def test_a_column_twice_is_refused(cli, minimal, label):
    def copied(book):
        book[FIRST]["G2"] = label
        book[FIRST]["G3"] = "改过的名称"
    _refused(cli, minimal, _edit(minimal, "two.xlsx", copied),
             f"two.xlsx: {FIRST}!G2: 证明名称: 与 B2 是同一列“证明名称”")


def test_a_list_row_keyed_in_capitals(cli, minimal):
    def upper(book):
        book["申请材料"]["A2"] = " GUARDIAN-DESIGNATION "
        book["申请材料"]["C2"] = "户口簿"
    result = cli("import", _edit(minimal, "up.xlsx", upper, "full.xlsx"), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    assert _items(minimal)["guardian-designation"].materials[0].name == "户口簿"


def test_validator_messages_use_column_names(cli, minimal):
    def moved(book):
        row = [c.value for c in book[FIRST][3]]
        book[FIRST].delete_rows(3)
        book[THIRD].append([2, row[1], "由居民自行提供"])
    result = cli("import", _edit(minimal, "mv.xlsx", moved), cwd=minimal)
    assert f"mv.xlsx: {THIRD}!B4: 主管部门: 警告：“主管部门”只用于保留事项" in result.stderr
    assert "department" not in result.stderr

    def both(book):
        ws = book["事项"]
        cols = headers(ws, 1)
        ws.cell(2, cols["出具时限类型"], "当场办结")
    result = _refused(cli, minimal, _edit(minimal, "bo.xlsx", both, "full.xlsx"), "bo.xlsx: 事项!")
    assert "当场办结不需要填写 办结工作日" in result.stderr and "days" not in result.stderr


def test_a_row_renamed_in_an_attachment_is_explained(cli, minimal):
    name = _edit(minimal, "rn.xlsx", lambda b: b[FIRST].cell(3, 2, "指定监护人的证明（新）"))
    result = _refused(cli, minimal, name, f"rn.xlsx: {FIRST}!B3: 证明名称: 警告：“指定监护人的证明（新）”对应不到已有事项")
    assert "请在维护工作簿（guidegen export --full）中修改“证明名称”" in result.stderr


def test_header_under_many_title_rows(cli, minimal):
    def titles(book):
        ws = book[FIRST]
        ws.insert_rows(1, 12)
        for n in range(1, 13):
            ws.cell(n, 1, f"第 {n} 行说明文字")
        ws["C15"] = "民政局"
    result = cli("import", _edit(minimal, "ti.xlsx", titles), "--write", cwd=minimal)
    assert result.exit_code == 0, result.output
    assert _items(minimal)["guardian-designation"].department == "民政局"


def test_formula_results_excel_stores_are_read():
    import io
    import zipfile

    from guidegen.lists import formulas

    def book(cells_xml):
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as z:
            z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S&amp;1" sheetId="1" r:id="rId1"/>'
                                          "</sheets></workbook>")
            z.writestr("xl/_rels/workbook.xml.rels",
                       '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
            z.writestr("xl/worksheets/sheet1.xml", f'<worksheet><sheetData><row r="1">{cells_xml}</row>'
                                                   "</sheetData></worksheet>")
        return zipfile.ZipFile(data)
    # no result; an empty text result (Excel: t="str"); a number; a shared formula without one
    found = formulas.uncached(book('<c r="A1"><f>A2+1</f><v></v></c><c r="B1" t="str"><f>IF(1,"",1)</f><v></v></c>'
                                   '<c r="C1"><f>1+1</f><v>2</v></c><c r="D1"><f t="shared" si="0"/></c>'))
    assert found == {"S&1": [("A", 1, "A2+1"), ("D", 1, "")]}


@pytest.mark.parametrize("shifted", [[2, 2, "居民养犬证明", "自行征求意见"], [2, "3.5", "x"]])
def test_a_number_as_the_name_is_a_shifted_row(cli, minimal, shifted):
    name = _edit(minimal, "sh.xlsx", lambda b: b[THIRD].append(shifted))
    _refused(cli, minimal, name, f"sh.xlsx: {THIRD}!B4: 证明名称: 证明名称是数字“{shifted[1]}”：这一行可能填错了列")
