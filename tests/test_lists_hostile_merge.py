"""A province officer merging what the cities sent: files given twice, --out over an
input or over someone's file, city names from titles, long cells in the report."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from clients import soffice_convert
from test_lists_merge import GUARDIAN, RETAINED, _city, _three_cities

from guidegen.lists import cells


@pytest.fixture
def cities(tmp_path):
    _three_cities(tmp_path)
    return tmp_path


def _fails(result, text):
    assert result.exit_code == 1 and "Traceback" not in result.output and result.stdout == ""
    assert text in result.stderr, result.stderr


def test_out_among_the_inputs_is_refused(cli, cities):
    before = (cities / "a.xlsx").read_bytes()
    _fails(cli("merge", "a.xlsx", "b.xlsx", "--out", "a.xlsx", cwd=cities), "--out a.xlsx 是要汇总的文件之一")
    _fails(cli("merge", "a.xlsx", "b.xlsx", "--out", "./b.xlsx", cwd=cities), "是要汇总的文件之一")
    assert (cities / "a.xlsx").read_bytes() == before


def test_the_same_input_twice_is_refused(cli, cities):
    _fails(cli("merge", "a.xlsx", "b.xlsx", "./a.xlsx", "--out", "p.xlsx", cwd=cities),
           "a.xlsx 与 a.xlsx 是同一个文件：每个地区的工作簿只能给一次")
    shutil.copy(cities / "b.xlsx", cities / "b-copy.xlsx")
    _fails(cli("merge", "a.xlsx", "b.xlsx", "b-copy.xlsx", "--out", "p.xlsx", cwd=cities),
           "b-copy.xlsx 与 b.xlsx 的内容完全相同")
    assert not (cities / "p.xlsx").exists()


def test_out_is_overwritten_only_when_merge_wrote_it(cli, cities):
    (cities / "notes.xlsx").write_bytes((cities / "c.xlsx").read_bytes())  # someone's workbook
    _fails(cli("merge", "a.xlsx", "b.xlsx", "--out", "notes.xlsx", cwd=cities),
           "notes.xlsx 已存在，且不是 guidegen merge 写出的汇总工作簿")
    assert (cities / "notes.xlsx").read_bytes() == (cities / "c.xlsx").read_bytes()
    result = cli("merge", "a.xlsx", "b.xlsx", "--out", "notes.xlsx", "--overwrite", cwd=cities)
    assert result.exit_code == 0 and "已覆盖 notes.xlsx" in result.stdout
    assert cli("merge", "a.xlsx", "--out", "p.xlsx", cwd=cities).exit_code == 0
    result = cli("merge", "a.xlsx", "b.xlsx", "--out", "p.xlsx", cwd=cities)  # last run's summary
    assert result.exit_code == 0 and "已覆盖 p.xlsx" in result.stdout
    (cities / ".~lock.p.xlsx#").write_text("x", encoding="utf-8")
    _fails(cli("merge", "a.xlsx", "b.xlsx", "--out", "p.xlsx", cwd=cities), "p.xlsx 正在被 Excel、WPS 或 LibreOffice 打开")


def test_city_from_a_title_without_保留的_or_from_the_file_name(cli, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["附件1"])
    ws.append(["沈阳市村（居）民委员会出具证明事项保留清单"])
    ws.append(RETAINED)
    ws.append([1, *GUARDIAN])
    book.save(tmp_path / "x1.xlsx")
    _city(tmp_path / "大连市报送.xlsx", "州、市", [GUARDIAN], [])
    _city(tmp_path / "z.xlsx", "州、市", [GUARDIAN], [("亲属关系证明", "户口簿")])
    result = cli("merge", "x1.xlsx", "大连市报送.xlsx", "z.xlsx", "--out", "p.xlsx", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("已汇总 3 个地区（沈阳市、大连市、z）")


def test_a_city_without_its_附件3_and_with_a_column_deleted(cli, cities):
    book = openpyxl.load_workbook(cities / "b.xlsx")
    del book["附件3"]
    book["附件1"].delete_cols(3)  # 主管部门 deleted: no difference reported for it
    book.save(cities / "b.xlsx")
    result = cli("merge", "a.xlsx", "b.xlsx", "--out", "p.xlsx", "--report", cwd=cities)
    assert result.exit_code == 0, result.output
    assert "主管部门不同" not in result.stdout and "名称不同" in result.stdout


def test_one_certificate_twice_in_a_city_names_both_cells(cli, cities):
    book = openpyxl.load_workbook(cities / "c.xlsx")
    book["附件1"].append([4, "婚姻关系 证明", "民政部门", "《婚姻登记条例》第五条", "当场办结", "婚姻登记"])
    book.save(cities / "c.xlsx")
    _fails(cli("merge", "a.xlsx", "c.xlsx", "--out", "p.xlsx", cwd=cities),
           "c.xlsx: 附件1!B6: 证明名称: 与“附件1”第 5 行是同一事项（证明名称相同），请合并为一行（两处：附件1!B5、附件1!B6）")


def test_report_wraps_long_cells_in_their_columns(cli, cities):
    result = cli("merge", "a.xlsx", "b.xlsx", "c.xlsx", "--out", "p.xlsx", "--report", cwd=cities)
    lines = result.stdout.splitlines()[1:-1]
    widths = {cells.width(line) for line in lines}
    assert max(widths) <= 4 + 16 + 28 + 20 + 48 + 8
    start = next(n for n, line in enumerate(lines) if "国家明确不应出具" in line)
    assert lines[start + 1].startswith(" " * 20) and "一批" in lines[start + 1]  # 说明 goes on below


def test_formula_without_result_in_a_city_workbook(cli, cities):
    book = openpyxl.load_workbook(cities / "c.xlsx")
    book["附件1"]["A3"] = "=ROW()-2"
    book.save(cities / "c.xlsx")
    _fails(cli("merge", "a.xlsx", "c.xlsx", "--out", "p.xlsx", cwd=cities), "c.xlsx: 附件1!A3: 公式: “=ROW()-2”没有计算结果")


@pytest.mark.clients
def test_old_formats_and_a_libreoffice_resave(cli, cities, tmp_path):
    files = [soffice_convert([cities / "a.xlsx"], tmp_path / "lo" / fmt, tmp_path / "profile", to=fmt)[0]
             for fmt in ("xls", "ods", "xlsx")]
    shutil.copy(files[0], cities / "a.et")  # WPS's own format is the old binary one
    for name in (files[0], files[1], files[2], cities / "a.et"):
        result = cli("merge", str(name), "b.xlsx", "--out", "p.xlsx", "--overwrite", cwd=cities)
        assert result.exit_code == 0, (name, result.output)
        assert result.stdout.startswith("已汇总 2 个地区（甲市、乙州）"), result.stdout


def test_last_summary_given_as_an_input_is_refused(cli, cities):
    assert cli("merge", "a.xlsx", "b.xlsx", "--out", "p.xlsx", cwd=cities).exit_code == 0
    _fails(cli("merge", "a.xlsx", "b.xlsx", "p.xlsx", "--out", "q.xlsx", cwd=cities),
           "p.xlsx 是 guidegen merge 写出的汇总工作簿，不是某个地区报送的清单")
    shutil.copy(cities / "p.xlsx", cities / "上次汇总.xlsx")
    _fails(cli("merge", "上次汇总.xlsx", "c.xlsx", "--out", "p.xlsx", cwd=cities), "上次汇总.xlsx 是 guidegen merge 写出的")


def test_two_workbooks_of_one_city_are_refused(cli, cities):
    _city(cities / "a-v2.xlsx", "甲市", [GUARDIAN], [])  # a corrected version beside the old one
    _fails(cli("merge", "a.xlsx", "b.xlsx", "a-v2.xlsx", "--out", "p.xlsx", cwd=cities),
           "a-v2.xlsx 和 a.xlsx 都是甲市的清单（取自标题行或文件名）：同一地区只能给一个工作簿")
    _city(cities / "甲市.xlsx", "州、市", [GUARDIAN], [])  # no place in the title: the file name's
    _fails(cli("merge", "a.xlsx", "甲市.xlsx", "--out", "p.xlsx", cwd=cities), "甲市.xlsx 和 a.xlsx 都是甲市的清单")
