"""Regions (province → city): merge rules, their errors, and check/export --region."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import line_in

from guidegen.errors import ValidationFailed
from guidegen.regions import load_regions

SHENYANG = Path("data/regions/shenyang")


@pytest.fixture
def project(copy_project):
    """A writable copy of tests/projects/regions (province of 4 items, 沈阳市, 大连市)."""
    return copy_project("regions")


def _load(root: Path, *keys: str):
    return dict(load_regions(root / "guidegen.yaml", root / "data" / "items", list(keys) or None))


def test_check_all_regions_counts_the_merged_sets(cli, project):
    result = cli("check", "--all-regions", cwd=project)
    assert result.exit_code == 0, result.output
    assert "dalian（大连市）：检查通过：保留清单 3 项，不应出具清单 3 项，共 6 项。" in result.output
    assert "shenyang（沈阳市）：检查通过" in result.output


def test_override_of_one_field_keeps_the_others(project):
    base = dict((i.id, i) for i in _load_base(project))
    city = {i.id: i for i in _load(project, "shenyang")["shenyang"].items}
    juror, original = city["juror-recommendation"], base["juror-recommendation"]
    assert juror.deadline.days == 5 and original.deadline.days == 10
    assert juror.office_hours != original.office_hours
    same = {k for k in type(juror).model_fields if k not in ("deadline", "office_hours")}
    assert all(getattr(juror, k) == getattr(original, k) for k in same)


def _load_base(root: Path):
    from guidegen.project import load_project

    return load_project(root / "guidegen.yaml", root / "data" / "items").items


def test_region_adds_items_and_takes_its_own_settings(project):
    dalian = _load(project, "dalian")["dalian"]
    assert dalian.config.authority == "大连市民政局" and dalian.config.region == "大连市"
    assert dalian.config.contact.phone == "0000-41100001"
    ids = {i.id: i for i in dalian.items}
    assert ids["residence"].status == "not-issued"
    assert ids["villager-representative"].retained
    assert ids["kinship"].route.startswith("大连市") and ids["kinship"].name == "亲属关系证明"


def test_nested_settings_merge_field_by_field(project):
    shenyang = _load(project, "shenyang")["shenyang"].config
    # 沈阳市 sets phone and address only: the province's other contact fields stay.
    assert shenyang.contact.phone == "0000-24000001"
    assert shenyang.contact.address.startswith("沈阳市")
    assert shenyang.contact.complaint_phone == "12345"  # the province's
    assert shenyang.supervision.hotline == "0000-24000002"


def test_dropping_a_base_not_issued_item_fails_at_the_region_line(cli, project):
    region = project / SHENYANG / "region.yaml"
    region.write_text(region.read_text(encoding="utf-8") + "drop:\n  - guardian-designation\n  - birth\n",
                      encoding="utf-8")
    result = cli("check", "--region", "shenyang", cwd=project)
    assert result.exit_code == 1
    line = line_in(region.read_text(encoding="utf-8"), "  - birth")
    assert (f"{SHENYANG / 'region.yaml'}:{line}: drop[1]: 不能删除省级不应出具事项“出生证明”（birth）"
            in result.output)
    assert "guardian-designation" not in result.output  # a retained item may be dropped


def test_dropping_a_retained_item_is_allowed(project):
    region = project / SHENYANG / "region.yaml"
    region.write_text(region.read_text(encoding="utf-8") + "drop: [guardian-designation]\n",
                      encoding="utf-8")
    ids = {i.id for i in _load(project, "shenyang")["shenyang"].items}
    assert "guardian-designation" not in ids and "birth" in ids


def test_turning_a_base_not_issued_item_retained_fails(cli, project):
    path = project / SHENYANG / "items" / "birth.yaml"
    path.write_text("id: birth\nname: 出生证明\nstatus: retained\n", encoding="utf-8")
    result = cli("check", "--region", "shenyang", cwd=project)
    assert result.exit_code == 1
    assert (f"{SHENYANG / 'items' / 'birth.yaml'}:3: status: 不能把省级不应出具事项“出生证明”（birth）"
            "改为保留事项" in result.output)


def test_region_yaml_errors_name_file_and_line_in_chinese(cli, project):
    region = project / "data" / "regions" / "dalian" / "region.yaml"
    text = region.read_text(encoding="utf-8").replace("published: 2026-11-20", "published: 下个月")
    region.write_text(text + "autority: 大连市民政局\nbooklets: 也许\n", encoding="utf-8")
    result = cli("check", "--all-regions", cwd=project)
    assert result.exit_code == 1
    shown = Path("data/regions/dalian/region.yaml")
    text = region.read_text(encoding="utf-8")
    assert f"{shown}:{line_in(text, 'published')}: published: “下个月”不是日期；日期请写作 年-月-日" in result.output
    assert f"{shown}:{line_in(text, 'autority')}: autority: 未知字段“autority”" in result.output
    assert f"{shown}:{line_in(text, 'booklets')}: booklets: " in result.output


def test_unknown_region_lists_the_known_ones(cli, project):
    result = cli("check", "--region", "tieling", cwd=project)
    assert result.exit_code == 1
    assert "没有地区“tieling”。已有的地区：dalian、shenyang" in result.output


def test_region_and_all_regions_together_is_a_usage_error(cli, project):
    result = cli("check", "--region", "dalian", "--all-regions", cwd=project)
    assert result.exit_code == 2 and "只能选一个" in result.output


def test_two_files_for_one_base_item_are_reported(project):
    (project / SHENYANG / "items" / "juror-2.yaml").write_text(
        "id: juror-recommendation\nfee: 不收费\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        _load(project, "shenyang")
    assert any("同一事项在一个地区只能写一个文件" in p.message for p in caught.value.problems)


def test_export_region_writes_the_city_tables(cli, project, tmp_path):
    import openpyxl

    out = tmp_path / "dalian.xlsx"
    result = cli("export", out, "--region", "dalian", cwd=project)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["附件3 不应出具"]
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "居住证明" in names and "出生证明" in names


def test_base_load_ignores_the_regions(project):
    assert {i.id for i in _load_base(project)} == {
        "kinship", "birth", "juror-recommendation", "guardian-designation"}


def test_a_region_item_with_a_character_no_font_draws_is_warned(cli, project):
    path = project / SHENYANG / "items" / "juror-recommendation.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "audience: \U000F0000居民\n", encoding="utf-8")
    result = cli("check", "--region", "shenyang", cwd=project)
    assert result.exit_code == 0, result.output
    line = line_in(path.read_text(encoding="utf-8"), "audience")
    assert f"{SHENYANG / 'items' / 'juror-recommendation.yaml'}:{line}: juror-recommendation: audience: 警告" in result.output
