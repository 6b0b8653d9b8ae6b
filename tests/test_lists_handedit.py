"""Import of workbooks as clerks leave them: made here with openpyxl, the way Excel/WPS save them.

Merged title cells, blank rows, renamed sheets, reordered columns, full-width digits and
brackets, extra spaces, vertically merged cells, notes under the table.
"""

from __future__ import annotations

import openpyxl
from lists_helpers import project_copy, snapshot

from guidegen.project import load_project


def _attachments(path):
    """附件1 and 附件3 of the minimal project, typed by hand in a new workbook."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sheet1"  # renamed: recognised by the header, the title tells 附件1
    ws.append(["附件1"])
    ws.append(["某某市保留的村（居）民委员会出具证明事项清单"])
    ws.merge_cells("A2:F2")
    ws.append([])
    # Columns in another order, headers with spaces and a required-mark.
    ws.append(["序  号", "证明名称", "出具时限", "主管部门*", "办理用途", "法律法规依据"])
    ws.append([None] * 6)  # a blank row
    ws.append(["１", "  指定监护人证明 ", "１０个工作日", "民政部门", "确定监护人\n办理监护相关事务",
               "《中华人民共和国民法典》第三十一条"])
    ws.append(["２", "新增的保留证明", "当场办结", None, "办理某事", "《某某条例》第３条"])
    ws.merge_cells("D6:D7")  # one department for both rows, as offices often merge it
    ws.append(["注：本表由某某市民政局汇总。"])
    third = book.create_sheet("不应出具")
    third.append(["不应由村（居）民委员会出具证明事项清单（第一批）"])
    third.merge_cells("A1:C1")
    third.append(["序号", "证明名称", "办 事 途 径"])
    third.append([1, "亲属关系证明", "由居民据实提供居民户口簿、结婚证等予以证明"])
    third.append([2, "居民养犬证明（养犬证明）", "养犬居民应当自行征求利害关系人的同意"])
    book.save(path)


def test_new_retained_row_without_guide_fields_is_refused_on_its_row(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    before = snapshot(root)
    _attachments(root / "hand.xlsx")
    result = cli("import", "hand.xlsx", cwd=root)
    # A retained item needs what only the guide has (issuer, procedure, form): named on its row.
    assert result.exit_code == 1
    assert "hand.xlsx: Sheet1!B7: 出具主体: 保留事项必须填写出具主体" in result.stderr
    assert "hand.xlsx: Sheet1!B7: 证明式样: 保留事项必须填写证明式样" in result.stderr
    assert snapshot(root) == before


def test_hand_edits_of_existing_rows_only(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    book_path = root / "hand.xlsx"
    _attachments(book_path)
    book = openpyxl.load_workbook(book_path)
    book["Sheet1"].delete_rows(7)  # drop the new retained row (and the merge keeps D6)
    book["Sheet1"].unmerge_cells("D6:D7")
    book.save(book_path)
    result = cli("import", "hand.xlsx", "--write", cwd=root)
    assert result.exit_code == 0, result.output
    items = {i.id: i for i in load_project(root / "guidegen.yaml").items}
    guardian = items["guardian-designation"]
    assert guardian.name == "指定监护人证明" and guardian.deadline.days == 10
    assert guardian.purposes == ("确定监护人", "办理监护相关事务")
    assert guardian.legal_basis[0].excerpt  # the quoted text survives a table without it
    dog = items["ju-min-yang-quan"]
    assert (dog.status, dog.route) == ("not-issued", "养犬居民应当自行征求利害关系人的同意")
    text = (root / "data/items/ju-min-yang-quan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 居民养犬证明（养犬证明）（由 guidegen import 从 hand.xlsx 新增）\n")


def test_full_workbook_edited_by_hand(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    assert cli("export", "items.xlsx", "--full", cwd=root).exit_code == 0
    book = openpyxl.load_workbook(root / "items.xlsx")
    main = book["事项"]
    main.title = "清单"
    main.move_range("A1:B3", cols=main.max_column)  # 编号 and 证明名称 moved to the far right
    main.insert_rows(1)
    main["A1"] = "证明事项维护表"
    main.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    materials = book["申请材料"]
    materials.title = "材料"
    materials.append([])  # a blank row between the item's materials
    materials.append(["  guardian-designation ", "２", "户口簿", "２", "否", "（复印件）"])
    materials.append(["guardian-designation", 3, "委托书", 1, "是", None])
    materials.merge_cells("A2:A5")  # one merged 编号 cell for all of them
    book.save(root / "items.xlsx")
    result = cli("import", "items.xlsx", "--write", cwd=root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == \
        "修改：指定监护人证明 的申请材料：“申请人居民身份证” → “申请人居民身份证；户口簿；委托书”"
    item = next(i for i in load_project(root / "guidegen.yaml").items if i.id == "guardian-designation")
    assert [(m.name, m.copies, m.original, m.note) for m in item.materials[1:]] == [
        ("户口簿", 2, False, "（复印件）"), ("委托书", 1, True, "")]
