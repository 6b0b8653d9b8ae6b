"""svgtext: SVG labels drawn as whole runs, where WeasyPrint's per-letter path puts them."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, unquote

import pypdf
import pytest
import weasyprint
import weasyprint.svg as svg_package
from clients import MM_PER_PT, pdf_words, pdftotext, squash
from conftest import DOCUMENT_ITEMS, DOCUMENTS
from weasyprint.text import line_break

import guidegen.render.pdf  # noqa: F401 - installs the patches
from guidegen.render.patches import svgtext

HARDSHIP = "residence-hardship"
FONT = 'font-family="Noto Sans CJK SC" font-size="14"'
PX_MM = 0.75 * MM_PER_PT  # one CSS px in mm


def page(svg: str) -> str:
    """HTML showing the SVG as an image at the page's top-left corner, 1 px per user unit."""
    return ('<style>@page { size: 400px 1000px; margin: 0 } body { margin: 0 } '
            f'img {{ display: block }}</style><img src="data:image/svg+xml,{quote(svg)}">')


def svg(body: str, height: int = 100) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="{height}" '
            f'viewBox="0 0 400 {height}">{body}</svg>')


def render(svg_source: str, path: Path) -> Path:
    path.write_bytes(weasyprint.HTML(string=page(svg_source)).write_pdf())
    return path


@pytest.fixture
def weasyprint_text(monkeypatch):
    """Switch back to WeasyPrint's own SVG text and draw_node for the rest of a test."""
    def switch():
        for tag, handler in list(svg_package.TAGS.items()):
            if handler is svgtext.text:
                monkeypatch.setitem(svg_package.TAGS, tag, svgtext._original)
        monkeypatch.setattr(svg_package, "text", svgtext._original)
        monkeypatch.setattr(svg_package.SVG, "draw_node", svgtext._original_draw_node)
    return switch


@pytest.fixture
def fallbacks(monkeypatch):
    """How many text nodes go to WeasyPrint's own ``text``."""
    calls = []
    original = svgtext._original

    def counted(*args):
        calls.append(args[1].text)
        return original(*args)

    monkeypatch.setattr(svgtext, "_original", counted)
    return calls


@pytest.fixture(scope="module")
def flowchart() -> str:
    """The print guide's flowchart SVG for an item of the documents project."""
    from guidegen.plan import plan
    from guidegen.project import load_project
    from guidegen.render.registry import Renderers
    from guidegen.settings import Settings

    project = load_project(DOCUMENTS / "guidegen.yaml", DOCUMENTS / "data" / "items")
    made = Renderers(project, Settings(out_dir=Path("/nonexistent")))
    output = next(o for o in plan(project, ("pdf",)) if o.kind == "guide" and o.item_id == HARDSHIP)
    source = made.renderer("pdf").render_html("guide", made.contexts.for_output(output))
    (data,) = re.findall(r'<img class="flowchart" alt="" src="data:image/svg\+xml,([^"]*)"', source)
    return unquote(data)


def lines(pdf: Path) -> dict[float, list]:
    """Words of page 1 grouped into lines by their top edge."""
    grouped: dict[float, list] = {}
    for word in pdf_words(pdf):
        grouped.setdefault(round(word.top, 1), []).append(word)
    return grouped


def test_install_routes_every_text_tag_once():
    assert svgtext.install() is True  # already installed by the PDF renderer: a no-op
    assert svg_package.text is svgtext.text
    assert {t for t, h in svg_package.TAGS.items() if h is svgtext.text} == {
        "a", "text", "textPath", "tspan"}
    assert svgtext._original is not svgtext.text


def test_flowchart_labels_are_laid_out_once_each(flowchart, monkeypatch, fallbacks, tmp_path):
    calls = []
    for module in (svgtext, line_break):  # the fast path's, WeasyPrint's per-letter one
        original = module.split_first_line
        monkeypatch.setattr(module, "split_first_line",
                            lambda text, *a, _f=original, **k: calls.append(text) or _f(text, *a, **k))
    pdf = render(flowchart, tmp_path / "flow.pdf")
    labels = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", flowchart)]
    assert len(labels) >= 6 and calls == labels and fallbacks == []
    text = squash(pdftotext(pdf))
    for n, step in enumerate(DOCUMENT_ITEMS[HARDSHIP]["procedure"], 1):
        assert squash(f"{n}.{step['title']}") in text


def test_flowchart_labels_need_no_form_xobjects(flowchart, tmp_path):
    """text-anchor would wrap each label in a transparency group of its own."""
    reader = pypdf.PdfReader(render(flowchart, tmp_path / "flow.pdf"))
    xobjects = reader.pages[0]["/Resources"].get("/XObject")
    assert not xobjects or len(xobjects.get_object()) == 0


def test_flowchart_labels_stay_centred(flowchart, weasyprint_text, tmp_path):
    fast = lines(render(flowchart, tmp_path / "fast.pdf"))
    weasyprint_text()
    slow = lines(render(flowchart, tmp_path / "slow.pdf"))
    assert fast.keys() == slow.keys() and len(fast) == len(re.findall("<text", flowchart))
    centre = float(re.search(r'width="([\d.]+)pt"', flowchart)[1]) / 2 * MM_PER_PT  # user unit: 1 pt
    for top, words in fast.items():
        left, right = min(w.left for w in words), max(w.right for w in words)
        assert abs((left + right) / 2 - centre) < 0.02, [w.text for w in words]
        assert abs(left - min(w.left for w in slow[top])) < 0.01
        assert abs(right - max(w.right for w in slow[top])) < 0.01


SAME_PLACE = {
    "middle": f'<text x="200" y="40" text-anchor="middle" {FONT}>1. 提出申请 ABC</text>',
    "end": f'<text x="380" y="40" text-anchor="end" {FONT}>村（居）民委员会工作人员</text>',
    "kerning": '<text x="20" y="40" font-family="DejaVu Serif" font-size="20">office AVATAR To</text>',
    "tspan": f'<text x="200" y="40" text-anchor="middle" {FONT}>申请<tspan font-weight="bold">加粗'
             '</tspan>之后</text>',
    "tspan-x": f'<text x="20" y="40" {FONT}>第一<tspan x="100" y="70">第二</tspan>'
               '<tspan>第三</tspan></text>',
    "baseline": f'<text x="200" y="40" text-anchor="middle" dominant-baseline="central" {FONT}>'
                '居中基线</text>',
    "transform": f'<g transform="translate(30 10) scale(1.5)"><text x="100" y="40" '
                 f'text-anchor="middle" {FONT}>变换之后</text></g>',
    "opacity": f'<text x="200" y="40" text-anchor="middle" opacity="0.5" {FONT}>半透明</text>',
}
FALLBACK = {  # the SVG, and the texts that must go to WeasyPrint's own ``text``
    "dx": (f'<text x="20" y="40" dx="3" {FONT}>偏移文字</text>', ["偏移文字"]),
    "rotate": (f'<text x="200" y="40" rotate="15" text-anchor="middle" {FONT}>旋转文字</text>',
               ["旋转文字"]),
    "several-x": (f'<text x="20 40 60" y="40" {FONT}>多个坐标</text>', ["多个坐标"]),
    "letter-spacing": (f'<text x="20" y="40" letter-spacing="3" {FONT}>字间距</text>', ["字间距"]),
    "right-to-left": (f'<text x="200" y="40" text-anchor="middle" {FONT}>abc שלום</text>',
                      ["abc שלום"]),
    "mixed": (f'<text x="20" y="40" {FONT}>第一<tspan dx="5" dy="3">第二</tspan>第三'
              '<tspan x="200">第四</tspan></text>', ["第二"]),
}


def words_at(pdf: Path) -> list[tuple]:
    return [(w.text, w.left, w.top, w.right, w.bottom) for w in pdf_words(pdf)]


def assert_same_words(fast: list[tuple], slow: list[tuple]) -> None:
    assert [w[0] for w in fast] == [w[0] for w in slow] and fast
    for a, b in zip(fast, slow):
        assert all(abs(x - y) < 0.01 for x, y in zip(a[1:], b[1:])), (a, b)


@pytest.mark.parametrize("name", SAME_PLACE)
def test_simple_text_is_where_weasyprint_puts_it(name, weasyprint_text, fallbacks, tmp_path):
    fast = words_at(render(svg(SAME_PLACE[name]), tmp_path / "fast.pdf"))
    assert fallbacks == []
    weasyprint_text()
    assert_same_words(fast, words_at(render(svg(SAME_PLACE[name]), tmp_path / "slow.pdf")))


@pytest.mark.parametrize("name", FALLBACK)
def test_other_text_falls_back_to_weasyprint(name, weasyprint_text, fallbacks, tmp_path):
    body, expected = FALLBACK[name]
    fast = words_at(render(svg(body), tmp_path / "fast.pdf"))
    assert fallbacks == expected
    weasyprint_text()
    assert_same_words(fast, words_at(render(svg(body), tmp_path / "slow.pdf")))


def test_colour_emoji_is_drawn_as_weasyprint_draws_it(weasyprint_text, fallbacks, tmp_path):
    found = subprocess.run(["fc-list", "Noto Color Emoji"], capture_output=True, text=True).stdout
    assert found, "Noto Color Emoji 未安装（scripts/bootstrap.sh 应装 fonts-noto-color-emoji）"
    body = ('<text x="200" y="40" text-anchor="middle" '
            'font-family="Noto Sans CJK SC, Noto Color Emoji" font-size="14">好😀好</text>')
    fast = render(svg(body), tmp_path / "fast.pdf")
    assert fallbacks == []
    weasyprint_text()
    slow = render(svg(body), tmp_path / "slow.pdf")
    assert_same_words(words_at(fast), words_at(slow))
    for pdf in (fast, slow):
        subprocess.run(["pdftoppm", "-r", "100", "-gray", "-singlefile", pdf, pdf.with_suffix("")],
                       check=True, timeout=60)
    fast_image, slow_image = (p.with_suffix(".pgm").read_bytes() for p in (fast, slow))
    assert len(fast_image) > 1000 and fast_image == slow_image
