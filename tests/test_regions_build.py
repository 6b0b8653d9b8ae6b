"""build --region / --all-regions: one site per region with its own settings, an index of
regions, and incremental rebuilds across regions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guidegen.multibuild import build_regions
from guidegen.regions import load_regions
from guidegen.settings import Settings

FORMATS = ("docx", "html")


@pytest.fixture
def project(copy_project):
    """A writable copy of tests/projects/regions (province of 4 items, 沈阳市, 大连市)."""
    return copy_project("regions")


def _build(root: Path, out: Path, keys=None):
    projects = load_regions(root / "guidegen.yaml", root / "data" / "items", keys)
    settings = Settings(out_dir=out, formats=FORMATS, jobs=1)
    return dict(build_regions(projects, settings, keys is None))


def test_all_regions_builds_each_site_with_its_own_authority_and_contacts(cli, project):
    result = cli("build", "--all-regions", "--format", "docx,html", "-j", "1", "--out", "out",
                 cwd=project)
    assert result.exit_code == 0, result.output
    own = {"shenyang": ("沈阳市民政局", "0000-24000001"), "dalian": ("大连市民政局", "0000-41100001")}
    for key, (authority, phone) in own.items():
        site = project / "out" / key / "site"
        pages = [site / "index.html", site / "items" / "juror-recommendation" / "index.html"]
        for page in pages:
            html = page.read_text(encoding="utf-8")
            assert authority in html and phone in html, page
            other = next(a for k, (a, _) in own.items() if k != key)
            assert other not in html and "某某省民政厅" not in html, page
        assert (site / "items" / "residence" / "index.html").is_file()
        assert (site / "items" / "villager-representative" / "index.html").is_file()
    index = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="dalian/site/index.html">大连市</a>' in index
    assert 'href="shenyang/site/index.html">沈阳市</a>' in index
    css = re.search(r'href="([^"]+\.css)"', index).group(1)
    assert (project / "out" / css).is_file()


def test_build_one_region_writes_only_its_site(cli, project):
    result = cli("build", "--region", "dalian", "--format", "html", "--out", "out", cwd=project)
    assert result.exit_code == 0, result.output
    assert (project / "out" / "dalian" / "site" / "index.html").is_file()
    assert not (project / "out" / "shenyang").exists()
    assert not (project / "out" / "index.html").exists()
    assert "大连市民政局" in (project / "out" / "dalian" / "site" / "index.html").read_text(encoding="utf-8")


def test_editing_a_base_item_rebuilds_that_item_in_every_region_and_nothing_else(project, tmp_path):
    out = tmp_path / "out"
    first = _build(project, out)
    assert all(report.rendered for report in first.values())
    again = _build(project, out)
    assert all(not report.rendered for report in again.values())
    item = project / "data" / "items" / "juror-recommendation.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("audience: 有意担任人民陪审员的本村（社区）居民",
                                 "audience: 有意担任人民陪审员的本村（社区）常住居民"), encoding="utf-8")
    edited = _build(project, out)
    # The item's documents and the pages listing every item (search index, open data, as in
    # a build without regions), the same in both regions; no other item's documents.
    own = {o for o in first["dalian"].rendered if o.startswith("items/juror-recommendation/")}
    for key, report in edited.items():
        items = {o for o in report.rendered if o.startswith("items/")}
        assert items == own, (key, report.rendered)
    assert edited["dalian"].rendered == edited["shenyang"].rendered
    page = out / "shenyang" / "site" / "items" / "juror-recommendation" / "index.html"
    assert "常住居民" in page.read_text(encoding="utf-8")


def test_editing_a_region_item_rebuilds_only_that_region(project, tmp_path):
    out = tmp_path / "out"
    _build(project, out)
    item = project / "data" / "regions" / "dalian" / "items" / "kinship.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("（测试）", "（测试二）"), encoding="utf-8")
    edited = _build(project, out)
    assert not edited["shenyang"].rendered
    assert edited["dalian"].rendered


def test_one_pool_renders_each_region_with_its_own_config(project, tmp_path, monkeypatch):
    """Two render processes for both regions: each DOCX carries its region's authority and
    date, though the workers were started for the first region."""
    import zipfile

    from guidegen.write import pool

    monkeypatch.setattr(pool, "RENDER_WHILE_WARMING", False)  # every document to a worker
    projects = load_regions(project / "guidegen.yaml", project / "data" / "items", None)
    settings = Settings(out_dir=tmp_path / "out", formats=("docx",), jobs=2)
    reports = dict(build_regions(projects, settings, True))
    assert all(report.workers for report in reports.values())
    expected = {"dalian": ("大连市民政局", "2026-11-20"), "shenyang": ("沈阳市民政局", "2026-11-15")}
    for key, (authority, date) in expected.items():
        files = sorted((tmp_path / "out" / key / "site" / "items").glob("*/*.docx"))
        assert len(files) > 6
        for path in files:
            with zipfile.ZipFile(path) as docx:
                core = docx.read("docProps/core.xml").decode()
            assert f"<dc:creator>{authority}</dc:creator>" in core, path
            assert date in core, path
