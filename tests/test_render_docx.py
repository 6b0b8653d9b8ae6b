"""DOCX internals: official font names, GB/T 9704 page setup, page-number footer, reproducible bytes."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from conftest import DOCUMENTS, HOSTILE, VALID_RETAINED, not_issued
from docx import Document
from docx.oxml.ns import qn

from guidegen.context import Contexts
from guidegen.plan import Output
from guidegen.project import load_project
from guidegen.render.docx import DocxRenderer, document_text
from guidegen.render.templates import TemplateSet

KINDS = ["guide", "form", "letter", "notice", "register"]
OFFICIAL = {"Normal": "仿宋_GB2312", "Title": "方正小标宋简体", "Heading1": "黑体", "Heading2": "楷体_GB2312"}
PAGED = ["guide", "letter", "notice"]  # documents with page numbers in the footer
SHEETS = ["form", "register"]  # one-page sheets
HARDSHIP = "residence-hardship"


def one_docx(site, kind: str):
    return site.docs(kind, "docx")[0]


def style_fonts(data: bytes) -> dict[str, dict[str, str]]:
    """styleId → rFonts attributes (eastAsia, ascii, hAnsi) as written in styles.xml."""
    document = Document(io.BytesIO(data))
    found = {}
    for style in document.styles.element.findall(qn("w:style")):
        rfonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if rfonts is not None:
            found[style.get(qn("w:styleId"))] = {
                a: rfonts.get(qn(f"w:{a}")) for a in ("eastAsia", "ascii", "hAnsi")}
    return found


def render(project, kind: str, item_id: str | None) -> bytes:
    """One DOCX rendered in this process with the project's own config."""
    path = f"items/{item_id}/{item_id}-{kind}.docx" if item_id else f"downloads/{kind}.docx"
    output = Output(path, kind, "docx", item_id)
    renderer = DocxRenderer(TemplateSet("docx", project.root / "templates"), project.config)
    return renderer.render(output, Contexts(project).for_output(output))


@pytest.mark.parametrize("kind", KINDS)
def test_styles_carry_official_font_names(kind, documents_site):
    fonts = style_fonts(one_docx(documents_site, kind).read_bytes())
    for style_id, east_asian in OFFICIAL.items():
        assert fonts[style_id] == {"eastAsia": east_asian, "ascii": "Times New Roman",
                                   "hAnsi": "Times New Roman"}, style_id


def test_config_fonts_replace_the_official_names(make_project):
    config = {"published": "2026-05-04",
              "fonts": {"body": "仿宋", "heading1": "方正黑体_GBK", "number": "Liberation Serif"}}
    root = make_project({"a.yaml": VALID_RETAINED, "b.yaml": not_issued()}, config)
    project = load_project(root / "guidegen.yaml")
    data = render(project, "guide", VALID_RETAINED["id"])
    fonts = style_fonts(data)
    assert fonts["Normal"] == {"eastAsia": "仿宋", "ascii": "Liberation Serif", "hAnsi": "Liberation Serif"}
    assert fonts["Heading1"]["eastAsia"] == "方正黑体_GBK"
    assert fonts["Title"]["eastAsia"] == "方正小标宋简体"  # not overridden: stays official
    assert fonts["Heading2"]["eastAsia"] == "楷体_GB2312"
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert "仿宋_GB2312" not in styles and 'w:eastAsia="黑体"' not in styles


@pytest.mark.parametrize("kind", KINDS)
def test_page_setup_is_a4_with_gbt9704_margins(kind, documents_site):
    document = Document(one_docx(documents_site, kind))
    assert len(document.sections) == 1
    s = document.sections[0]
    assert (s.page_width.mm, s.page_height.mm) == (pytest.approx(210, abs=0.5), pytest.approx(297, abs=0.5))
    margins = (s.top_margin.mm, s.bottom_margin.mm, s.left_margin.mm, s.right_margin.mm)
    bottom = 20 if kind in SHEETS else 35  # a one-page sheet has no page number (print.css too)
    assert margins == tuple(pytest.approx(v, abs=0.5) for v in (37, bottom, 28, 26))


@pytest.mark.parametrize("kind", KINDS)
def test_title_is_22pt_and_body_16pt(kind, documents_site):
    document = Document(one_docx(documents_site, kind))
    assert document.styles["Title"].font.size.pt == 22
    assert document.styles["Normal"].font.size.pt == 16
    first = next(p for p in document.paragraphs if p.text.strip())
    assert first.style.style_id == "Title"
    assert all(run.font.size is None for run in first.runs)  # nothing overrides the 22 pt


def footer_tokens(xml: str) -> list[str]:
    """Footer text with fields shown as {FIELD}: e.g. ['— ', '{PAGE}', ' —']."""
    tokens, in_field = [], False
    for m in re.finditer(r'<w:fldChar w:fldCharType="(\w+)"/>|<w:instrText[^>]*>([^<]*)</w:instrText>'
                         r'|<w:t(?: [^>]*)?>([^<]*)</w:t>', xml):
        kind, instr, text = m.groups()
        if kind:
            in_field = kind in ("begin", "separate")
        elif instr is not None:
            tokens.append("{" + instr.strip() + "}")
        elif not in_field:
            tokens.append(text)
    return tokens


@pytest.mark.parametrize("kind", PAGED)
def test_footer_page_number_between_em_dashes(kind, documents_site):
    package = zipfile.ZipFile(one_docx(documents_site, kind))
    document = Document(one_docx(documents_site, kind))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        assert not footer.is_linked_to_previous
        part = footer.part.partname.lstrip("/")
        assert footer_tokens(package.read(part).decode()) == ["— ", "{PAGE}", " —"], part
        assert [p.alignment for p in footer.paragraphs if p.text.strip()] == [
            {"right": 2, "left": 0}[side]]


def test_two_renders_are_byte_identical(documents_site):
    project = load_project(DOCUMENTS / "guidegen.yaml")
    for kind, item_id in (("guide", HARDSHIP), ("form", HARDSHIP), ("letter", HARDSHIP),
                          ("notice", None), ("register", None)):
        first, second = render(project, kind, item_id), render(project, kind, item_id)
        assert first == second, kind
        # …and identical to what the CLI wrote in another process
        assert first == documents_site.doc(kind, "docx", item_id).read_bytes(), kind


@pytest.mark.parametrize("kind", KINDS)
def test_dates_come_from_published_not_the_clock(kind, documents_site):
    package = zipfile.ZipFile(one_docx(documents_site, kind))
    core = package.read("docProps/core.xml").decode()
    stamps = re.findall(r"<(dcterms:created|dcterms:modified|cp:lastPrinted)[^>]*>([^<]+)<", core)
    assert dict(stamps) == {"dcterms:created": "2026-03-15T00:00:00Z",
                            "dcterms:modified": "2026-03-15T00:00:00Z",
                            "cp:lastPrinted": "2026-03-15T00:00:00Z"}
    assert {info.date_time for info in package.infolist()} == {(2026, 3, 15, 0, 0, 0)}
    assert "测试县民政局" in core  # author is the authority from the config


def test_user_text_is_xml_escaped_not_templated(documents_site):
    data = documents_site.doc("guide", "docx", HARDSHIP).read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "办理 &amp; &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} 相关事务" in xml
    assert "<script>" not in xml
    text = document_text(data)
    assert f"办理 {HOSTILE} 相关事务" in text and "49" not in text
    assert "{%" not in text and "{{ item" not in text  # no template tag left behind
