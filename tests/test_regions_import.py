"""``import --region``: a city edits its exported list; the changes become that region's
override files (only the fields that differ), never the province's item files."""

from __future__ import annotations

import yaml
from lists_helpers import find_row, load, project_copy, snapshot

from guidegen.regions import load_regions

FIRST = "附件1 州市保留"


def _region_items(root, key):
    return {i.id: i for i in load_regions(root / "guidegen.yaml", None, [key])[0][1].items}


def _province(root):
    return {p: b for p, b in snapshot(root / "data/items").items()}


def test_a_province_item_changed_for_a_region_gets_an_override_file(cli, tmp_path):
    root = project_copy("sample", tmp_path)
    assert cli("export", "sy.xlsx", "--region", "shenyang", cwd=root).exit_code == 0
    book = load(root / "sy.xlsx")
    ws = book[FIRST]
    row = find_row(ws, 2, "同意担任监护人意见书", 3)
    ws.cell(row, 3, "沈阳市民政局")
    book.save(root / "sy.xlsx")
    province = _province(root)
    result = cli("import", "sy.xlsx", "--region", "data/regions/shenyang/", "--write", cwd=root)
    assert result.exit_code == 0, result.output
    assert _province(root) == province  # the province's files untouched
    written = root / "data/regions/shenyang/items/guardian-consent.yaml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data == {"id": "guardian-consent", "department": "沈阳市民政局"}
    assert _region_items(root, "shenyang")["guardian-consent"].department == "沈阳市民政局"
    assert "guardian-consent" not in [p.stem for p in (root / "data/regions/dalian/items").iterdir()]
    again = cli("import", "sy.xlsx", "--region", "shenyang", cwd=root)
    assert "没有需要写入的变化" in again.stdout


def test_a_region_override_is_edited_in_place_and_new_items_go_to_the_region(cli, tmp_path):
    root = project_copy("sample", tmp_path)
    assert cli("export", "sy.xlsx", "--region", "shenyang", cwd=root).exit_code == 0
    book = load(root / "sy.xlsx")
    ws = book[FIRST]
    ws.cell(find_row(ws, 2, "村民代表推选结果证明", 3), 3, "沈阳市某某局")
    third = book["附件3 不应出具"]
    third.append([third.max_row - 1, "沈阳新增的不应出具证明", "由居民自行提供"])
    book.save(root / "sy.xlsx")
    override = root / "data/regions/shenyang/items/villager-representative.yaml"
    before = override.read_text(encoding="utf-8").splitlines()
    province = _province(root)
    result = cli("import", "sy.xlsx", "--region", "shenyang", "--write", cwd=root)
    assert result.exit_code == 0, result.output
    after = override.read_text(encoding="utf-8").splitlines()
    assert [a for a, b in zip(after, before) if a != b] == ["department: 沈阳市某某局"]
    new = [p for p in (root / "data/regions/shenyang/items").iterdir() if p.stem.startswith("shen-yang")]
    assert len(new) == 1 and _province(root) == province
    items = _region_items(root, "shenyang")
    assert items[new[0].stem].status == "not-issued"
    assert items["villager-representative"].department == "沈阳市某某局"


def test_an_unknown_region_lists_the_known_ones(cli, tmp_path):
    root = project_copy("sample", tmp_path)
    assert cli("export", "s.xlsx", cwd=root).exit_code == 0
    result = cli("import", "s.xlsx", "--region", "tieling", cwd=root)
    assert result.exit_code == 1
    assert "没有地区“tieling”。已有的地区：dalian、shenyang" in result.stderr
    (root / "data/regions/tieling").mkdir()
    result = cli("import", "s.xlsx", "--region", "tieling", cwd=root)
    assert result.exit_code == 1 and "地区目录中没有 region.yaml" in result.stderr


def test_a_regions_workbook_imported_as_another_list_is_refused(cli, tmp_path):
    root = project_copy("sample", tmp_path)
    assert cli("export", "sy.xlsx", "--region", "shenyang", cwd=root).exit_code == 0
    before = snapshot(root / "data")
    for args, target in ((("import", "sy.xlsx", "--write"), "省级"),
                         (("import", "sy.xlsx", "--region", "dalian", "--write"), "地区“大连市”")):
        result = cli(*args, cwd=root)
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith(f"sy.xlsx: 附件1 州市保留!A1: 标题: 这是沈阳市的清单（标题），而要导入的是{target}清单")
        assert "请加 --region shenyang" in result.stderr
    assert snapshot(root / "data") == before
