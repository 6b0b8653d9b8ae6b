"""guidegen merge: three cities' workbooks → the provincial list with 来源, conflicts flagged."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import yaml
from lists_helpers import headers, project_copy

from guidegen.lists import cells, similar

RETAINED = ["序号", "证明名称", "主管部门", "法律法规依据", "出具时限", "办理用途"]
GUARDIAN = ("指定监护人证明", "民政部门", "《中华人民共和国民法典》第三十一条", "5个工作日", "确定监护人")


def _city(path, region: str, retained: list, not_issued: list) -> None:
    """A city's submission workbook as a clerk types it (title row, 附件1 and 附件3)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "附件1"
    ws.append([f"{region}保留的村（居）民委员会出具证明事项清单"])
    ws.merge_cells("A1:F1")
    ws.append(RETAINED)
    for n, row in enumerate(retained, start=1):
        ws.append([n, *row])
    third = book.create_sheet("附件3")
    third.append(["不应由村（居）民委员会出具证明事项清单"])
    third.append(["序号", "证明名称", "办事途径"])
    for n, row in enumerate(not_issued, start=1):
        third.append([n, *row])
    book.save(path)


def _three_cities(tmp_path):
    _city(tmp_path / "a.xlsx", "甲市", [GUARDIAN, ("居民养犬证明", "公安部门", "《某条例》第三条", "当场办结", "登记")],
          [("亲属关系证明", "公安部门核对")])
    _city(tmp_path / "b.xlsx", "乙州",
          [("指定监护人的证明", "民政局", "《中华人民共和国民法典》第三十一条", "10个工作日", "确定监护人"),
           ("宅基地审查意见", "农业农村部门", "《土地管理法实施条例》第三十四条", "20个工作日", "宅基地")],
          [("居民养犬证明", "公安部门")])
    _city(tmp_path / "c.xlsx", "丙市",
          [("指定监护人证明", "民政部门", "《中华人民共和国民法典》第三十二条", "5个工作日", "确定监护人"),
           ("宅基地申请审查意见", "农业农村部门", "《土地管理法实施条例》第三十四条", "20个工作日", "宅基地"),
           ("婚姻关系证明", "民政部门", "《婚姻登记条例》第五条", "当场办结", "婚姻登记")], [])


def test_three_cities_merge_with_sources_and_every_planted_conflict(cli, tmp_path):
    _three_cities(tmp_path)
    result = cli("merge", "a.xlsx", "b.xlsx", "c.xlsx", "--out", "province.xlsx", "--report", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "已汇总 3 个地区（甲市、乙州、丙市）：附件1 5 项、附件2 0 项、附件3 2 项。已写出 province.xlsx"
    # A long cell goes on in its own column on the next lines, whose 序号 is blank.
    rows = [line for line in lines[3:-1] if line[:1].isdigit()]
    table = [line.split() for line in rows]
    assert [(row[1], row[2]) for row in table] == [
        ("名称不同", "指定监护人证明"),
        ("主管部门不同", "指定监护人证明"),
        ("法律法规依据不同", "指定监护人证明"),
        ("国家明确不应出具", "居民养犬证明"),
        ("国家明确不应出具", "婚姻关系证明"),
        ("名称相近", "宅基地审查意见"),
        ("清单不一致", "居民养犬证明"),
    ]
    assert "乙州：民政局" in "".join(lines[3:-1]) and "丙市：《中华人民共和国民法典》第三十二条" in "".join(lines[3:-1])
    assert all(cells.width(line) <= 130 for line in lines)
    assert lines[-1] == "发现 7 处需要核实的问题。"
    book = openpyxl.load_workbook(tmp_path / "province.xlsx")
    first = book["附件1 州市保留"]
    cols = headers(first, 2)
    rows = {first.cell(r, cols["证明名称"]).value: first.cell(r, cols["来源"]).value for r in range(3, first.max_row + 1)}
    assert rows["指定监护人证明"] == "甲市、乙州、丙市" and rows["婚姻关系证明"] == "丙市"
    assert book["需核实"].max_row == 2 + 7


def test_merge_reads_workbooks_guidegen_exported(cli, tmp_path):
    root = project_copy("minimal", tmp_path)
    config = root / "guidegen.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^region:.*$", "region: 丁县", text) if "region:" in text
                      else text + "region: 丁县\n", encoding="utf-8")
    assert cli("export", tmp_path / "d.xlsx", cwd=root).exit_code == 0
    _three_cities(tmp_path)
    result = cli("merge", "d.xlsx", "a.xlsx", "--out", "p.xlsx", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("已汇总 2 个地区（丁县、甲市）")
    assert "加 --report 列出" in result.stdout


def test_the_national_list_has_its_twenty_certificates_and_names_its_source():
    data = yaml.safe_load(Path(similar.__file__).with_name("national.yaml").read_text(encoding="utf-8"))
    assert len(data["names"]) == 20 and "辽民发〔2020〕52号" in similar.national()[0]
    for name in ("收入证明", "户籍证明", "亲属关系的证明", "居民身份信息证明 (户籍证明)", "养犬证明"):
        assert similar.nationally_not_issued(name), name
    for name in ("指定监护人证明", "村民委员会担任遗产管理人证明", "工作表现证明", "死亡医学证明书"):
        assert similar.nationally_not_issued(name) is None, name


def test_cores_and_near_names():
    assert similar.core("亲属关系的证明") == similar.core("亲属关系证明") == "亲属关系"
    assert similar.core("婚姻状况证明") == similar.core("婚姻情况证明")
    assert similar.close(similar.core("宅基地审查意见"), similar.core("宅基地申请审查意见"))
    assert not similar.close(similar.core("婚育状况证明"), similar.core("婚姻状况证明"))


def test_a_workbook_without_attachments_is_an_error(cli, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["姓名"])
    book.save(tmp_path / "x.xlsx")
    result = cli("merge", "x.xlsx", "--out", "p.xlsx", cwd=tmp_path)
    assert result.exit_code == 1 and "x.xlsx 中没有附件1、附件2 或附件3 的表格" in result.stderr
    assert not (tmp_path / "p.xlsx").exists()
