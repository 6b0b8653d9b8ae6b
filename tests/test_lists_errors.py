"""Bad cells: ``文件.xlsx: 工作表!C12: 字段: 说明`` in Chinese, exit 1, nothing written."""

from __future__ import annotations

import pytest
from lists_helpers import find_row, headers, load, project_copy, snapshot

EDITS = {
    # sheet, id, column → value: the message expected for that cell
    ("事项", "guardian-designation", "办结工作日"): ("五天", "“五天”不是整数，请填写阿拉伯数字（如 5）"),
    ("事项", "kinship", "清单类别"): ("保留吧", "“保留吧”不是可选的值，应为 “保留”、“不应出具” 之一"),
    ("事项", "guardian-designation", "需要调查核实"): ("也许", "“也许”无法识别，应填写“是”或“否”"),
    ("申请材料", "guardian-designation", "份数"): (100, "100 超出范围，应填写1—99 的整数"),
    ("证明式样填写项", "guardian-designation", "键名"): ("Bad Key", "键名只能由小写英文字母、数字和下划线组成"),
}


@pytest.fixture
def broken(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    assert cli("export", "items.xlsx", "--full", cwd=root).exit_code == 0
    book = load(root / "items.xlsx")
    cells = {}
    for (sheet, item_id, label), (value, _) in EDITS.items():
        ws = book[sheet]
        cols = headers(ws, 1)
        row = find_row(ws, 1, item_id)
        ws.cell(row, cols[label], value)
        cells[(sheet, item_id, label)] = f"{ws.cell(row, cols[label]).coordinate}"
    book.save(root / "items.xlsx")
    return root, cells


def test_each_bad_cell_is_named_and_nothing_is_written(cli, broken):
    root, cells = broken
    before = snapshot(root)
    result = cli("import", "items.xlsx", "--write", cwd=root)
    assert result.exit_code == 1 and result.stdout == ""
    for (sheet, item_id, label), (_, message) in EDITS.items():
        expected = f"items.xlsx: {sheet}!{cells[(sheet, item_id, label)]}: {label}: {message}"
        assert any(line.startswith(expected) for line in result.stderr.splitlines()), (expected, result.stderr)
    assert "Traceback" not in result.output
    assert snapshot(root) == before


def test_a_policy_rule_points_at_the_cell(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    assert cli("export", "items.xlsx", "--full", cwd=root).exit_code == 0
    book = load(root / "items.xlsx")
    book["事项"]["H2"] = "   "  # 主管部门 cleared (spaces only)
    book.save(root / "items.xlsx")
    result = cli("import", "items.xlsx", "--write", cwd=root)
    assert (result.exit_code, result.stderr) == (
        1, "items.xlsx: 事项!H2: 主管部门: 保留事项必须填写主管部门\n发现 1 个错误，请修改后重试。\n")


def test_attachment_cells_that_cannot_be_read(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    assert cli("export", "lists.xlsx", cwd=root).exit_code == 0
    book = load(root / "lists.xlsx")
    ws = book["附件1 州市保留"]
    ws["D3"] = "民法典三十一条"
    ws["E3"] = "尽快"
    book.save(root / "lists.xlsx")
    result = cli("import", "lists.xlsx", cwd=root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "lists.xlsx: 附件1 州市保留!D3: 法律法规依据: “民法典三十一条”应写作《法律法规名称》第X条，多条依据分行填写",
        "lists.xlsx: 附件1 州市保留!E3: 出具时限: “尽快”应写作“当场办结”或“5个工作日”",
    ]


def test_two_rows_for_one_item_and_a_list_row_of_no_item(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    assert cli("export", "items.xlsx", "--full", cwd=root).exit_code == 0
    book = load(root / "items.xlsx")
    book["事项"].append(["", " 指定监护人证明", "保留"])  # no id: found by its name
    book["申请材料"].append(["no-such-item", 1, "某材料"])
    book.save(root / "items.xlsx")
    result = cli("import", "items.xlsx", cwd=root)
    assert result.exit_code == 1
    assert "items.xlsx: 事项!B4: 证明名称: 与“事项”第 2 行是同一事项（编号 guardian-designation），请合并为一行" \
        in result.stderr
    assert "items.xlsx: 申请材料!A3: 编号: “no-such-item”在事项表中没有对应的行（按编号或证明名称查找）" \
        in result.stderr


def test_not_a_workbook(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    (root / "x.xlsx").write_text("not a zip", encoding="utf-8")
    result = cli("import", "x.xlsx", cwd=root)
    assert result.exit_code == 1 and "x.xlsx 不是可读取的 Excel 工作簿（.xlsx）" in result.stderr
    result = cli("export", "x.csv", cwd=root)
    assert result.exit_code == 1 and "应是 .xlsx 文件" in result.stderr


def test_workbook_without_any_list_table(cli, tmp_path):
    import openpyxl

    root = project_copy("minimal", tmp_path)
    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    book.save(root / "other.xlsx")
    result = cli("import", "other.xlsx", cwd=root)
    assert result.exit_code == 1 and "中没有可识别的清单表格" in result.stderr
