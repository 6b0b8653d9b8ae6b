"""The site in Debian's Chromium (Playwright): from file:// and from an http sub-path under
``Content-Security-Policy: default-src 'self'``: clean loads, search, 大字版, phones, touch
targets, axe-core and printing. templates/html/*.html, assets/site.css and assets/site.js."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from browser import STRICT_CSP, SiteServer, Watched, run_axe
from clients import pdf_words, pdfinfo, pdftotext, squash
from conftest import SITE, SITE_CHANGED, SITE_REMOVED, run_build

pytestmark = pytest.mark.clients

PAGES = {  # page type → path in the site
    "index": "index.html",
    "retained": f"items/{SITE_CHANGED}/index.html",  # the longest form sample (a 20 em blank)
    "letter": "items/election-registration/index.html",
    "not-issued": "items/household-identity/index.html",
    "changes": "changes.html",
    "tombstone": f"items/{SITE_REMOVED}/index.html",
    "404": "404.html",
}
ORIGINS = ("file", "http")


def names(site_build) -> dict[str, str]:
    """Item id → name, from the project the site was built from."""
    folder = site_build.project / "data" / "items"
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in folder.glob("*.yaml")}


@pytest.fixture(scope="module")
def server(site_build):
    running = SiteServer(site_build.site)
    yield running
    running.close()


def base_of(origin: str, site_build, server) -> str:
    return site_build.site.as_uri() + "/" if origin == "file" else server.base


@pytest.fixture
def context(chromium_browser):
    """A fresh browser context (own localStorage) per test."""
    made = []

    def make(**options):
        made.append(chromium_browser.new_context(**options))
        return made[-1]

    yield make
    for ctx in made:
        ctx.close()


def open_page(ctx, url: str, prefix: str) -> Watched:
    page = ctx.new_page()
    watched = Watched(page, prefix)
    page.goto(url, wait_until="load")
    return watched


def body_font_px(page) -> float:
    """Computed size of the first paragraph of running text in the main content."""
    return page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")


# ---- every page type loads cleanly ---------------------------------------------------------

@pytest.mark.parametrize("origin", ORIGINS)
def test_every_page_type_loads_with_no_error_and_no_request_leaving_the_site(
        origin, site_build, server, context):
    base = base_of(origin, site_build, server)
    ctx = context()
    for kind, path in PAGES.items():
        watched = open_page(ctx, base + path, base)
        page = watched.page
        page.focus("#search-input")  # loads the search index: one more script
        page.wait_for_function("() => window.GUIDEGEN_SEARCH !== undefined")
        page.wait_for_load_state("networkidle")
        assert watched.errors == [] and watched.failed == [], (kind, watched.errors, watched.failed)
        assert watched.foreign() == [], (kind, watched.foreign())
        assert any(u.endswith("assets/search-index.js") for u in watched.requests), kind
        assert page.evaluate("() => document.styleSheets.length") == 1, kind
        watched.page.close()
    if origin == "http":
        assert server.outside() == [], server.outside()  # e.g. no /favicon.ico at the root


def test_a_missing_page_over_http_gets_the_404_page(site_build, server, context):
    ctx = context()
    page = ctx.new_page()
    response = page.goto(server.base + "no-such-page.html")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "页面不存在"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != "rgba(0, 0, 0, 0)"


def test_the_csp_control_page_does_report_inline_code(tmp_path, context):
    """The harness sees CSP violations: the same checks fail on a page with inline code."""
    (tmp_path / "control.html").write_text(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>原标题</title><p style="color: red">x</p>'
        "<script>document.title = '被改了'</script>", encoding="utf-8")
    control = SiteServer(tmp_path)
    try:
        watched = open_page(context(), control.base + "control.html", control.base)
        assert watched.page.title() == "原标题"
        assert any("Content Security Policy" in e for e in watched.errors), watched.errors
        watched.page.wait_for_timeout(500)
        # and without a <link rel="icon"> Chromium asks the server root for /favicon.ico
        assert control.outside() == ["/favicon.ico"], control.requests
    finally:
        control.close()
    assert STRICT_CSP == "default-src 'self'"


def test_with_base_url_the_404_page_works_at_any_depth(tmp_path, context):
    """A web server shows 404.html for any missing address: <base> makes its links work."""
    root = Path(shutil.copytree(SITE, tmp_path / "project"))
    server = SiteServer(tmp_path / "out" / "site")
    try:
        config = root / "guidegen.yaml"
        config.write_text(config.read_text(encoding="utf-8") + f"base_url: {server.base}\n", encoding="utf-8")
        run_build(root, tmp_path / "out", formats=("html",))
        watched = open_page(context(), server.base + "a/b/c/missing.html", server.base)
        page = watched.page
        assert page.locator("h1").inner_text() == "页面不存在"
        assert page.evaluate("() => document.styleSheets.length") == 1
        page.focus("#search-input")
        page.wait_for_function("() => window.GUIDEGEN_SEARCH !== undefined")
        # the one error is the page's own status (404); its stylesheet and scripts loaded
        assert len(watched.errors) == 1 and "404" in watched.errors[0], watched.errors
        assert watched.failed == [] and watched.foreign() == []
        page.click("text=清单调整记录")
        assert page.url == server.base + "changes.html"
    finally:
        server.close()


# ---- search -----------------------------------------------------------------------------------

SEARCHES = [  # (typed, item ids that must be found, text each of their highlights shows)
    ("监护", ["guardian-designation"], "监护"),
    ("户籍", ["election-registration", "household-identity"], "户籍"),
    ("婚姻", ["adopter-capability", "marital-status"], "婚姻"),
    ("困难", ["employment"], "困难"),  # inside a 办事途径
    ("hj", ["election-registration", "household-identity"], "户籍"),  # pinyin initials
    ("选民登记", ["election-registration"], "选民登记"),  # an alias
    ("收养登记", ["adopter-capability"], "收养登记"),  # a purpose and a department
    ("选举委员会", ["election-registration"], "选举委员会"),  # a department
]


def search(page, text: str) -> list[dict]:
    page.fill("#search-input", text)
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    return page.evaluate("""() => Array.from(document.querySelectorAll('#search-list li')).map(li => ({
        href: li.querySelector('a').getAttribute('href'),
        name: li.querySelector('a span').textContent,
        marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent)}))""")


@pytest.mark.parametrize("origin", ORIGINS)
def test_search_finds_fragments_as_you_type_and_highlights_them(origin, site_build, server, context):
    base = base_of(origin, site_build, server)
    titles = names(site_build)
    for path in (PAGES["index"], PAGES["letter"]):  # from the top level and two folders down
        watched = open_page(context(), base + path, base)
        page = watched.page
        for typed, wanted, shown in SEARCHES:
            results = search(page, typed)
            found = {r["href"].split("/")[-2]: r for r in results}
            for item_id in wanted:
                assert item_id in found, (typed, results)
                assert found[item_id]["name"] == titles[item_id]
                assert found[item_id]["marks"] and all(m.lower() == shown for m in found[item_id]["marks"]), (
                    typed, found[item_id])
            assert SITE_REMOVED not in found  # removed items are not in the index
        # every result link opens its item page
        results = search(page, "监护")
        page.click("#search-list a")
        page.wait_for_load_state("load")
        assert page.locator("h1").inner_text() == f"{titles['guardian-designation']}办事指南"
        assert watched.errors == [] and watched.foreign() == []


def test_search_needs_two_characters_and_says_when_nothing_matches(site_build, context):
    base = site_build.site.as_uri() + "/"
    page = open_page(context(), base + "index.html", base).page
    page.fill("#search-input", "监")
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    assert page.inner_text("#search-status") == "请至少输入两个字"
    assert page.locator("#search-list li").count() == 0
    assert search(page, "不存在的事项") == []
    assert "没有找到" in page.inner_text("#search-status")
    page.keyboard.press("Escape")
    assert page.input_value("#search-input") == ""
    assert not page.is_visible("#search-status")


# ---- 大字版 and the reader's text size ------------------------------------------------------

@pytest.mark.parametrize("origin", ORIGINS)
def test_large_text_switch_scales_body_text_and_is_kept_across_pages(origin, site_build, server, context):
    base = base_of(origin, site_build, server)
    page = open_page(context(), base + PAGES["retained"], base).page
    normal = body_font_px(page)
    switch = page.locator("button.size-switch")
    assert switch.get_attribute("aria-pressed") == "false"
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert body_font_px(page) >= 1.5 * normal
    page.goto(base + PAGES["index"])  # another page: still large
    assert body_font_px(page) >= 1.5 * normal
    assert page.locator("button.size-switch").get_attribute("aria-pressed") == "true"
    page.locator("button.size-switch").click()
    page.goto(base + PAGES["not-issued"])
    assert body_font_px(page) == normal


def test_large_text_works_without_script(site_build, context):
    base = site_build.site.as_uri() + "/"
    page = open_page(context(java_script_enabled=False), base + PAGES["retained"], base).page
    normal = body_font_px(page)
    assert not page.is_visible(".search")  # nothing that needs the script is shown
    page.click("a.size-switch")
    assert page.url.endswith("#dazi")
    assert body_font_px(page) >= 1.5 * normal


def test_the_browser_text_size_setting_scales_body_text(site_build, context):
    base = site_build.site.as_uri() + "/"
    page = open_page(context(), base + PAGES["retained"], base).page
    normal = body_font_px(page)
    labels = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.summary dt')).fontSize)")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})  # 16 → 24 px
    page.reload()
    assert body_font_px(page) == pytest.approx(1.5 * normal)
    scaled = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.summary dt')).fontSize)")
    assert scaled == pytest.approx(1.5 * labels)  # labels and values grow together


# ---- phones: no horizontal scrolling, cards, touch targets ----------------------------------

OVERFLOW = """() => {
  const wide = [];
  for (const el of document.querySelectorAll('main *, header *, footer *')) {
    const style = getComputedStyle(el);
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      wide.push(el.className || el.tagName);
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: innerWidth, wide: wide};
}"""


@pytest.mark.parametrize("width", [375, 320])
@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_nothing_scrolls_sideways_on_a_phone(width, large, site_build, context):
    base = site_build.site.as_uri() + "/"
    ctx = context(viewport={"width": width, "height": 800})
    if large:
        ctx.add_init_script("localStorage.setItem('guidegen-large', '1')")
    page = ctx.new_page()
    for kind, path in PAGES.items():
        page.goto(base + path)
        page.fill("#search-input", "户籍")  # the results panel open too
        page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
        found = page.evaluate(OVERFLOW)
        assert found["scroll"] == found["inner"] == width, (kind, found)
        assert found["wide"] == [], (kind, found)


def test_lists_become_stacked_cards_below_600px(site_build, context):
    base = site_build.site.as_uri() + "/"
    page = context(viewport={"width": 375, "height": 800}).new_page()
    page.goto(base + PAGES["index"])
    rows = page.evaluate("""() => Array.from(document.querySelectorAll('.list tbody tr')).map(tr => ({
        display: getComputedStyle(tr).display, width: tr.getBoundingClientRect().width,
        label: getComputedStyle(tr.querySelector('td[data-label]'), '::before').content}))""")
    assert rows and all(r["display"] == "block" and r["width"] <= 375 for r in rows)
    assert "data-label" in rows[0]["label"] or rows[0]["label"].startswith('"序号')
    assert page.evaluate("() => document.querySelector('.list thead').getBoundingClientRect().width") <= 1
    page.goto(base + PAGES["retained"])  # the materials table of a guide too (labelled by site.js)
    assert page.evaluate("() => getComputedStyle(document.querySelector('table.materials tr')).display") == "block"
    wide = context(viewport={"width": 1280, "height": 800}).new_page()
    wide.goto(base + PAGES["index"])
    assert wide.evaluate("() => getComputedStyle(document.querySelector('.list tbody tr')).display") == "table-row"


TARGETS = """() => {
  const small = [], measured = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, summary')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || style.visibility === 'hidden' || el.closest('[hidden]')) continue;
    if (el.classList.contains('skip-link')) continue;  // measured when focused, below
    // WCAG 2.5.8: a link inside a sentence is exempt; it is inline with other text around it.
    const block = el.parentElement.closest('p, li, dd, td, div');
    const around = block ? block.textContent.replace(el.textContent, '').trim() : '';
    const inline = style.display === 'inline' && around.length > 0;
    measured.push(el.textContent.trim());
    if (!inline && (box.width < 44 || box.height < 44)) {
      small.push([el.textContent.trim().slice(0, 20), Math.round(box.width), Math.round(box.height)]);
    }
  }
  return {small: small, count: measured.length};
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_touch_targets_are_at_least_44px(width, site_build, context, capsys):
    base = site_build.site.as_uri() + "/"
    page = context(viewport={"width": width, "height": 800}).new_page()
    total = 0
    for kind, path in PAGES.items():
        page.goto(base + path)
        page.fill("#search-input", "证明")
        page.wait_for_function("() => document.querySelectorAll('#search-list a').length > 0")
        found = page.evaluate(TARGETS)
        assert found["small"] == [], (kind, found["small"])
        total += found["count"]
        page.focus(".skip-link")
        box = page.locator(".skip-link").bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44
    with capsys.disabled():
        print(f"\n  {width} px: {total} touch targets on {len(PAGES)} page types, none under 44 × 44 px")


# ---- axe-core --------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [1280, 375])
def test_axe_core_finds_no_violation(width, site_build, context):
    base = site_build.site.as_uri() + "/"
    page = context(viewport={"width": width, "height": 900}).new_page()
    for kind, path in PAGES.items():
        page.goto(base + path)
        assert run_axe(page) == [], kind
        page.fill("#search-input", "婚姻")  # and with search results shown
        page.wait_for_function("() => document.querySelectorAll('#search-list a').length > 0")
        assert run_axe(page) == [], (kind, "search")
        page.locator("button.size-switch").click()  # and in 大字版
        assert run_axe(page) == [], (kind, "large")
        page.locator("button.size-switch").click()


# ---- printing a page ----------------------------------------------------------------------

CHROME = ["跳到正文", "搜索证明事项", "大字版", "首页›", "（清单调整记录）"]


def test_printed_pages_have_no_site_chrome_and_no_empty_pages(site_build, context, tmp_path):
    base = site_build.site.as_uri() + "/"
    page = context().new_page()
    title = yaml.safe_load((site_build.project / "guidegen.yaml").read_text(encoding="utf-8"))["title"]
    for kind, path in PAGES.items():
        page.goto(base + path)
        pdf = tmp_path / f"{kind}.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=False)
        pages = int(pdfinfo(pdf)["Pages"])
        text = squash(pdftotext(pdf))
        for chrome in CHROME:
            assert chrome not in text, (kind, chrome)
        assert not re.search(r"\b(PDF|Word|CSV|JSON)\b", pdftotext(pdf)), kind  # no buttons
        # the header (site title, authority) is gone: the title is left only as the index's h1
        assert text.count(squash(title)) == (1 if kind == "index" else 0), kind
        height = float(pdfinfo(pdf)["Page size"].split()[2]) * 25.4 / 72
        for number in range(1, pages + 1):
            words = pdf_words(pdf, number)
            assert words, f"{kind}: page {number} of {pages} is empty"
            if number < pages:  # a page followed by another is at least a third full
                assert max(w.bottom for w in words) > height / 3, f"{kind}: page {number} mostly empty"
