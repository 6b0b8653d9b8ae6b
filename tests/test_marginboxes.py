"""marginboxes: page margin boxes made with less work, placed exactly where WeasyPrint places them."""

from __future__ import annotations

from pathlib import Path

import pytest
import weasyprint
from clients import page_count, pdf_words
from weasyprint.formatting_structure.boxes import MarginBox
from weasyprint.layout import page as layout_page

import guidegen.render.pdf  # installs the patches
from guidegen.render.patches import marginboxes

pytestmark = pytest.mark.patches  # tests of a patch: they need it installed

PRINT_CSS = Path(__file__).resolve().parent.parent / "templates" / "html" / "print.css"
BODY = "<body>" + "<p>第一段正文，用来把文档撑到好几页，检查每页页码的位置。</p>" * 90 + "</body>"
# Every kind of margin box at once, in margins too narrow for some of their content.
CROWDED = """
@page { size: A5; margin: 20mm 15mm;
  @top-left-corner { content: "角" }
  @top-center { content: "页眉" counter(page); width: 30mm }
  @bottom-left { content: "左侧很长很长的页脚文字，左侧很长很长的页脚文字" }
  @bottom-center { content: "中间" }
  @bottom-right { content: "— " counter(page) " —" }
  @left-middle { content: "边注" }
  @right-bottom { content: "右下"; height: 20mm }
}
"""


def render(css: str, path: Path) -> Path:
    sheet = weasyprint.CSS(string=css, base_url=PRINT_CSS.as_uri())
    path.write_bytes(weasyprint.HTML(string=BODY).write_pdf(stylesheets=[sheet]))
    return path


def words(pdf: Path) -> list[list[tuple]]:
    return [[(w.text, w.left, w.top, w.right, w.bottom) for w in pdf_words(pdf, n)]
            for n in range(1, page_count(pdf) + 1)]


@pytest.fixture
def weasyprint_margins(monkeypatch):
    """Switch back to WeasyPrint's own margin box code for the rest of a test."""
    def switch():
        monkeypatch.setattr(layout_page, "resolve_percentages", marginboxes._original_resolve)
        monkeypatch.setattr(layout_page.OrientedBox, "outer", marginboxes._original_outer)
    return switch


def test_install_patches_once():
    assert "marginboxes" in guidegen.render.pdf.ACTIVE  # else install() below would install it
    assert marginboxes.install() is True  # already installed by the PDF renderer: a no-op
    assert layout_page.resolve_percentages is marginboxes.resolve_percentages
    assert layout_page.OrientedBox.outer is not marginboxes._original_outer


@pytest.mark.parametrize("css", [PRINT_CSS.read_text(encoding="utf-8"), CROWDED],
                         ids=["print.css", "crowded"])
def test_margin_boxes_are_where_weasyprint_puts_them(css, weasyprint_margins, tmp_path):
    fast = words(render(css, tmp_path / "fast.pdf"))
    weasyprint_margins()
    slow = words(render(css, tmp_path / "slow.pdf"))
    assert len(fast) >= 3 and fast == slow


def test_page_numbers_skip_the_work_for_empty_boxes(monkeypatch, tmp_path):
    """Only the page number's box has its percentages resolved, and its width
    needs no min-content layout."""
    resolved, min_content = [], []
    original_resolve = marginboxes._original_resolve
    original_min = layout_page.min_content_width

    def resolve(box, containing_block):
        if isinstance(box, MarginBox):
            resolved.append(box.at_keyword)
        return original_resolve(box, containing_block)

    def min_content_width(*args, **kwargs):
        min_content.append(args[1])
        return original_min(*args, **kwargs)

    monkeypatch.setattr(marginboxes, "_original_resolve", resolve)
    monkeypatch.setattr(layout_page, "min_content_width", min_content_width)
    pdf = render(PRINT_CSS.read_text(encoding="utf-8"), tmp_path / "numbers.pdf")
    pages = page_count(pdf)
    assert pages >= 3 and min_content == []
    assert sorted(resolved) == sorted(
        "@bottom-right" if n % 2 else "@bottom-left" for n in range(1, pages + 1))
