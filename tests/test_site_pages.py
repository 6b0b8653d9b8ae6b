"""What the built site holds, read from its files: valid HTML (the Nu checker), every link
and download resolving, no inline code (strict CSP), sharing tags, sitemap, robots, 404,
open data, dates of change, Chinese download names and document titles."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import docx
import pytest
import yaml
from browser import vnu
from clients import Page, pdfinfo
from conftest import DOCUMENTS, SITE_CHANGED, SITE_REMOVED

from guidegen.context import list_titles
from guidegen.document import booklet
from guidegen.project import load_project

LINKED = ("href", "src")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def parsed(site: Path) -> dict[Path, Page]:
    return {p: Page(p.read_text(encoding="utf-8")) for p in html_files(site)}


@pytest.fixture(scope="module")
def sites(site_build, documents_site) -> dict[str, Path]:
    """Both built test sites: without base_url (site) and with one (documents)."""
    return {"site": site_build.site, "documents": documents_site.site}


@pytest.mark.clients
def test_the_nu_checker_finds_no_error(sites):
    pages = [p for site in sites.values() for p in html_files(site)]
    assert len(pages) > 15
    assert vnu(pages) == []


@pytest.mark.parametrize("name", ["site", "documents"])
def test_no_inline_style_or_script_anywhere(name, sites):
    for path in html_files(sites[name]):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"<[^>]+\sstyle\s*=", source), path  # a style attribute
        assert "<style" not in source, path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", source), path  # onclick=…
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", source, re.S)
        assert [s for s in scripts if s[1].strip() or "src=" not in s[0]] == [], path
        srcs = {re.search(r'src="([^"]*)"', s[0]).group(1).rsplit("/", 1)[-1] for s in scripts}
        assert srcs <= {"site.js"}, path  # the search index loads later, from site.js


def test_every_link_and_download_resolves(site_build):
    site = site_build.site.resolve()
    pages = parsed(site)
    checked, downloads = 0, 0
    for path, page in pages.items():
        for tag, attrs in page.tags:
            for name in LINKED:
                url = attrs.get(name)
                if not url or url.startswith("tel:"):
                    continue
                parts = urlsplit(url)
                assert not parts.scheme and not parts.netloc, f"{path}: {url} leaves the site"
                assert url.isascii(), f"{path}: {url}"
                target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
                assert target.is_relative_to(site) and target.is_file(), f"{path}: {url}"
                if parts.fragment and target.suffix == ".html":
                    assert parts.fragment in pages[target].ids, f"{path}: {url}"
                if "download" in attrs:  # a Chinese name to save as, the same type of file
                    assert re.search(r"[\u4e00-\u9fff]", attrs["download"]), attrs
                    assert Path(attrs["download"]).suffix == target.suffix, attrs
                    downloads += 1
                elif target.suffix in (".pdf", ".docx", ".csv", ".json"):
                    raise AssertionError(f"{path}: {url} has no download attribute")
                checked += 1
    linked = {(p.parent / unquote(urlsplit(a.get("href", "")).path)).resolve()
              for p, page in pages.items() for _t, a in page.tags if a.get("href")}
    for doc in [*site.rglob("*.docx"), *site.rglob("*.pdf"), *site.glob("downloads/*")]:
        assert doc.resolve() in linked, f"{doc} is not linked from any page"
    assert checked > 150 and downloads > 30


def meta(page: Page) -> dict[str, str]:
    found = {a.get("name") or a.get("property"): a.get("content") for a in page.find("meta")}
    found.update({f"link:{a['rel']}": a["href"] for a in page.find("link")})
    return found


def test_every_page_has_a_description_sharing_tags_and_an_icon_inside_the_site(site_build):
    site = site_build.site
    for path, page in parsed(site).items():
        tags = meta(page)
        assert len(tags["description"]) > 10 and tags["og:description"] == tags["description"], path
        assert tags["og:title"] == page.title and tags["og:site_name"], path
        for key in ("og:image", "link:icon", "link:apple-touch-icon", "link:stylesheet"):
            assert (path.parent / tags[key]).resolve().is_file(), (path, key)
        # without base_url: no canonical and no og:url (a relative one would be wrong)
        assert "link:canonical" not in tags and "og:url" not in tags, path
    assert not (site / "sitemap.xml").exists()
    assert (site / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"


def test_with_base_url_pages_have_canonical_urls_and_the_site_a_sitemap(documents_site):
    site = documents_site.site
    base = load_project(DOCUMENTS / "guidegen.yaml").config.base_url
    for path, page in parsed(site).items():
        tags = meta(page)
        here = path.relative_to(site).as_posix()
        if here == "404.html":  # any address can show it: links resolve against base_url
            assert "link:canonical" not in tags and page.find("base") == [{"href": base}]
            continue
        assert tags["link:canonical"] == tags["og:url"] == base + here, path
        assert tags["og:image"] == base + "assets/icon.png"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs[:2] == [base + "index.html", base + "changes.html"] and len(locs) == 2 + len(
        list(site.glob("items/*/index.html")))
    assert f"Sitemap: {base}sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")


def test_item_pages_show_when_they_last_changed(site_build):
    for path in site_build.site.glob("items/*/index.html"):
        page = Page(path.read_text(encoding="utf-8"))
        if path.parent.name == SITE_REMOVED:
            assert {a["datetime"] for a in page.find("time")} == {"2026-06-15"}  # removed then
            continue
        wanted = "2026-06-15" if path.parent.name == SITE_CHANGED else "2026-05-01"
        times = [a for a in page.find("time") if a["datetime"] == wanted]
        assert times and f"更新日期：{int(wanted[:4])}年{int(wanted[5:7])}月{int(wanted[8:])}日" in page.text, path


def test_the_index_shows_the_aliases_of_both_lists(site_build):
    text = Page((site_build.site / "index.html").read_text(encoding="utf-8")).text
    assert "又称：选民登记情况证明" in text  # a retained item's alias
    assert "又称：户籍证明" in text  # a not-issued item's


def test_open_data_holds_both_lists(site_build):
    downloads = site_build.site / "downloads"
    items = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in (site_build.project / "data" / "items").glob("*.yaml")}
    data = json.loads((downloads / "items.json").read_text(encoding="utf-8"))
    found = {i["id"]: i for i in data["retained"] + data["not_issued"]}
    assert found.keys() == items.keys()
    assert all(found[i]["name"] == items[i]["name"] for i in items)
    assert json.loads((downloads / "items.schema.json").read_text(encoding="utf-8"))["type"] == "object"
    rows = list(csv.reader(io.StringIO((downloads / "items.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + len(items) and rows[0][0] == "编号"


def test_the_404_page_and_its_links(site_build):
    page = Page((site_build.site / "404.html").read_text(encoding="utf-8"))
    assert "页面不存在" in page.title and page.find("base") == []
    assert {a["href"] for a in page.find("a")} >= {"index.html#retained", "changes.html"}


@pytest.mark.clients
def test_documents_carry_chinese_titles_the_same_in_pdf_and_docx(site_build):
    project = load_project(site_build.project / "guidegen.yaml")
    site = site_build.site
    checked = 0
    for pdf in sorted(site.rglob("*.pdf")):
        title = pdfinfo(pdf)["Title"]
        assert re.search(r"[\u4e00-\u9fff]", title), pdf
        if pdf.with_suffix(".docx").is_file():  # the form book and the poster are PDF only
            assert docx.Document(pdf.with_suffix(".docx")).core_properties.title == title, pdf
        if pdf.parent.name != "downloads":
            item = next(i for i in project.items if i.id == pdf.parent.name)
            assert title.startswith(item.form.title if pdf.stem.endswith("-form") else item.name), pdf
        else:  # the index offers the lists under the same names
            assert title in {*list_titles(project.config).values(),
                             *booklet.titles(project.config).values()}, pdf
        checked += 1
    assert checked >= 9
