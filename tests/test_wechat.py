"""guidegen export wechat: articles the 公众号 editor accepts and long images for 微博."""

from __future__ import annotations

import re

import pytest
from clients import Page, squash
from conftest import REPO
from PIL import Image

from guidegen.project import load_project

BASE = "https://zwfw.example.gov.cn/zhengming/"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from guidegen.wechat import export

    folder = tmp_path_factory.mktemp("wechat") / "公众号"
    project = load_project(REPO / "guidegen.yaml")
    return folder, export(project, folder), project


def test_writes_an_article_and_a_long_image_per_list_and_the_qr_code(exported):
    folder, written, _ = exported
    assert sorted(p.name for p in written) == sorted(
        ["retained.html", "retained.png", "not-issued.html", "not-issued.png", "qr.png"])
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)


@pytest.mark.parametrize("name", ["retained", "not-issued"])
def test_articles_have_inline_styles_only_and_images_beside_them(exported, name):
    folder, _, project = exported
    source = (folder / f"{name}.html").read_text(encoding="utf-8")
    page = Page(source)
    assert not page.find("style") and not page.find("script") and not page.find("link")
    assert not re.search(r"\sclass=|\son\w+=|javascript:", source)
    images = page.find("img")
    assert [i["src"] for i in images] == ["qr.png"] and (folder / "qr.png").is_file()
    items = project.retained if name == "retained" else project.not_issued
    text = squash(page.text)
    for item in items:
        assert squash(item.name) in text
    assert BASE in text


@pytest.mark.clients
@pytest.mark.parametrize("name", ["retained", "not-issued"])
def test_long_images_are_one_tall_png_made_from_the_pdf(exported, name):
    import zxingcpp

    folder, _, _ = exported
    image = Image.open(folder / f"{name}.png")
    assert image.width == 1080 and image.height > 1.2 * 1080 * 297 / 210  # more than a page
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [BASE]


def test_export_wechat_needs_a_folder_and_keeps_the_workbook_form(cli, tmp_path):
    result = cli("export", "wechat", "--config", REPO / "guidegen.yaml", cwd=REPO)
    assert result.exit_code == 2 and "请指定输出目录" in result.output
    result = cli("export", "wechat", tmp_path / "x", "--full", "--config", REPO / "guidegen.yaml")
    assert result.exit_code == 2 and "只用于导出 Excel" in result.output
    result = cli("export", tmp_path / "清单.xlsx", "--config", REPO / "guidegen.yaml")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "清单.xlsx").is_file()
