"""The static site: language, escaping, no script ever runs (Chromium), relative links, flowcharts."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from clients import Page, dump_dom, pdftotext, print_to_pdf, screenshot, squash
from conftest import DOCUMENT_ITEMS, DOCUMENTS, HOSTILE, PWNED, RARE

from guidegen.project import load_project

HARDSHIP, ONSITE = "residence-hardship", "residence-onsite"
RETAINED = [i for i, d in DOCUMENT_ITEMS.items() if d["status"] == "retained"]
NOT_ISSUED = [i for i, d in DOCUMENT_ITEMS.items() if d["status"] == "not-issued"]
BASE_URL = load_project(DOCUMENTS / "guidegen.yaml").config.base_url
LINK_ATTRS = ("href", "src", "action", "data", "poster", "srcset", "xlink:href")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def item_page(site, item_id: str) -> Path:
    return site.site / "items" / item_id / "index.html"


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("chromium-profile")


@pytest.fixture(scope="module")
def doms(documents_site, profile) -> dict[str, Page]:
    """Chromium's DOM (after any scripts would have run) of each retained item page."""
    return {i: Page(dump_dom(item_page(documents_site, i), profile)) for i in RETAINED}


def test_every_page_is_chinese_utf8(documents_site):
    found = pages(documents_site.site)
    assert len(found) == 3 + len(DOCUMENT_ITEMS)  # index, changes, 404 and one page per item
    for path in found:
        source = path.read_text(encoding="utf-8")
        assert source.startswith("<!doctype html>\n<html lang=\"zh-CN\">"), path
        assert '<meta charset="utf-8">' in source


def test_user_text_is_escaped_in_the_source(documents_site):
    source = item_page(documents_site, HARDSHIP).read_text(encoding="utf-8")
    assert "办理 &amp; &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} 相关事务" in source
    assert "&lt;script&gt;document.title=&#39;PWNED&#39;&lt;/script&gt;" in source
    for path in pages(documents_site.site):  # the only script is the site's own, by its src
        scripts = re.findall(r"<script[^>]*>", path.read_text(encoding="utf-8").lower())
        assert len(scripts) == 1 and scripts[0].endswith('assets/site.js">'), path


@pytest.mark.clients
def test_chromium_shows_user_text_and_runs_no_script(documents_site, doms, profile, tmp_path):
    # Control: this very harness does run a page's scripts, so "not PWNED" below means something.
    control = tmp_path / "control.html"
    control.write_text(f"<!doctype html><title>x</title><p>{PWNED}</p>", encoding="utf-8")
    assert Page(dump_dom(control, profile)).title == "PWNED"

    dom = doms[HARDSHIP]
    name = DOCUMENT_ITEMS[HARDSHIP]["name"]
    assert dom.title.startswith(f"{name}办事指南 - ") and "PWNED" not in dom.title
    assert dom.find("script") == [{"src": "../../assets/site.js"}]  # the site's own only
    assert f"办理 {HOSTILE} 相关事务" in dom.text and PWNED in dom.text
    assert "49" not in dom.text
    assert all(ch in dom.text for ch in RARE)


@pytest.mark.clients
def test_chromium_prints_user_text_literally(documents_site, profile, tmp_path):
    printed = print_to_pdf(item_page(documents_site, HARDSHIP), tmp_path / "page.pdf", profile)
    text = squash(pdftotext(printed))
    assert squash(f"办理 {HOSTILE} 相关事务") in text and squash(PWNED) in text
    assert "49" not in text


@pytest.mark.clients
def test_relative_stylesheet_styles_the_page_offline(documents_site, profile, tmp_path):
    from PIL import Image

    css = (documents_site.site / "assets/site.css").read_text(encoding="utf-8")
    head = re.search(r"--c-head:\s*(#[0-9a-f]{6})", css).group(1)
    shot = screenshot(item_page(documents_site, ONSITE), tmp_path / "page.png", profile, "800,400")
    with Image.open(shot) as image:
        pixel = image.convert("RGB").getpixel((5, 5))  # inside the site header bar
    assert pixel == tuple(int(head[i:i + 2], 16) for i in (1, 3, 5)), pixel


def links(page: Page) -> list[str]:
    found = []
    for _tag, attrs in page.tags:
        for name in LINK_ATTRS:
            if attrs.get(name):
                found += [u.split()[0] for u in attrs[name].split(",")] if name == "srcset" else [attrs[name]]
    return found


def test_links_are_relative_and_resolve(documents_site):
    site = documents_site.site.resolve()
    parsed = {p.resolve(): Page(p.read_text(encoding="utf-8")) for p in pages(site)}
    checked = 0
    for path, page in parsed.items():
        for url in links(page):
            parts = urlsplit(url)
            if parts.scheme == "tel":
                assert re.fullmatch(r"tel:[0-9+-]+", url), url
                continue
            if parts.scheme or parts.netloc:
                assert BASE_URL and url.startswith(BASE_URL), f"{path}: external link {url}"
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_relative_to(site), f"{path}: {url} leaves the site"
            assert target.is_file(), f"{path.relative_to(site)}: {url} → missing {target}"
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in parsed[target].ids, f"{path}: {url} has no #{parts.fragment}"
            checked += 1
    # every document of every item is linked from somewhere
    linked = {(p.parent / unquote(urlsplit(u).path)).resolve()
              for p, page in parsed.items() for u in links(page) if not urlsplit(u).scheme}
    for doc in list(site.rglob("*.docx")) + list(site.rglob("*.pdf")):
        assert doc.resolve() in linked, f"{doc} is not linked from any page"
    assert checked > 50


@pytest.mark.clients
@pytest.mark.parametrize("item_id", RETAINED)
def test_flowchart_has_one_box_per_step(item_id, doms):
    dom = doms[item_id]
    steps = DOCUMENT_ITEMS[item_id]["procedure"]
    assert len(dom.find("svg", class_="flowchart")) == 1
    assert len(dom.find("g", class_="flow-step")) == len(steps)
    assert len(dom.find("g", class_="flow-end")) == 2  # 申请 … 办结
    svg = re.search(r"<svg class=\"flowchart\".*?</svg>", dom.source, re.S)
    assert svg is not None
    boxes = [re.findall(r"<text[^>]*>([^<]*)</text>", g)
             for g in re.findall(r'<g class="flow-step">(.*?)</g>', svg.group(0), re.S)]
    assert boxes == [[f"{n}.{s['title']}", s["actor"]] for n, s in enumerate(steps, 1)]


@pytest.mark.parametrize("item_id", NOT_ISSUED)
def test_not_issued_page_has_route_and_no_flowchart(item_id, documents_site):
    page = Page(item_page(documents_site, item_id).read_text(encoding="utf-8"))
    assert page.find("svg") == [] and page.find("a", class_="dl") == []
    assert DOCUMENT_ITEMS[item_id]["route"] in page.text
