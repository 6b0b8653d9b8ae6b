"""QR codes on the printed documents, the guide booklet (PDF and DOCX), the form book and the
poster of the sample set — read back by poppler, zxing-cpp, pypdf and LibreOffice."""

from __future__ import annotations

import re
import zipfile

import pypdf
import pytest
from clients import decode_qr, page_count, pdftotext, soffice_convert, squash
from conftest import REPO, guidegen_build

from guidegen.project import load_project

BASE = "https://zwfw.example.gov.cn/zhengming/"
ITEM = "guardian-designation"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """(site, {docx stem: LibreOffice's PDF}, project) of the bundled sample."""
    root = tmp_path_factory.mktemp("booklet")
    result = guidegen_build("--config", REPO / "guidegen.yaml", "--out", root / "out", "-j", "2")
    assert result.returncode == 0, result.stderr
    site = root / "out" / "site"
    docx = [site / "items" / ITEM / f"{ITEM}-guide.docx", site / "items" / ITEM / f"{ITEM}-form.docx",
            site / "downloads" / "not-issued.docx", site / "downloads" / "guide-booklet.docx"]
    converted = soffice_convert(docx, root / "lo", root / "profile")
    return site, {p.stem: p for p in converted}, load_project(REPO / "guidegen.yaml")


def codes(pdf) -> dict[int, list[str]]:
    """Page → the QR codes on it."""
    found = {page: decode_qr(pdf, page) for page in range(1, page_count(pdf) + 1)}
    return {page: urls for page, urls in found.items() if urls}


@pytest.mark.clients
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_guide_form_and_notice_carry_their_page_as_a_qr_code_with_the_address(sample, fmt):
    site, converted, _ = sample
    page = f"{BASE}items/{ITEM}/"
    for stem, url, folder in ((f"{ITEM}-guide", page, site / "items" / ITEM),
                              (f"{ITEM}-form", page, site / "items" / ITEM),
                              ("not-issued", BASE, site / "downloads")):
        pdf = folder / f"{stem}.pdf" if fmt == "pdf" else converted[stem]
        assert codes(pdf) == {1: [url]}, (stem, fmt)  # on page one, once
        assert url in pdftotext(pdf, page=1).replace("\n", ""), (stem, fmt)  # printed beside it


@pytest.mark.clients
def test_the_docx_qr_code_is_a_picture_in_the_package(sample):
    site, _, _ = sample
    with zipfile.ZipFile(site / "items" / ITEM / f"{ITEM}-guide.docx") as docx:
        assert docx.read("word/media/guidegen-qr.png").startswith(b"\x89PNG")
        assert b'Target="media/guidegen-qr.png"' in docx.read("word/_rels/document.xml.rels")
        assert b'Extension="png"' in docx.read("[Content_Types].xml")
        assert docx.read("word/document.xml").count(b'r:embed="rIdGuidegenQr"') == 1


@pytest.mark.clients
def test_no_base_url_prints_no_code_and_leaves_no_space(tmp_path):
    config = (REPO / "guidegen.yaml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^base_url:.*$", 'base_url: ""', config).replace(
        "data: data/items", f"data: {REPO / 'data' / 'items'}")
    (tmp_path / "guidegen.yaml").write_text(config, encoding="utf-8")
    out = tmp_path / "out"
    result = guidegen_build("--config", tmp_path / "guidegen.yaml", "--out", out, "--format", "pdf",
                            "--only", ITEM)
    assert result.returncode == 0, result.stderr
    guide = out / "site" / "items" / ITEM / f"{ITEM}-guide.pdf"
    assert not codes(guide)
    text = pdftotext(guide)
    assert "扫码" not in text and "http" not in text
    first = [line for line in pdftotext(guide, layout=True, page=1).splitlines() if line.strip()]
    assert squash(first[1]) == "一、事项名称"  # right under the title


def bookmarks(reader: pypdf.PdfReader) -> list[tuple[str, int, list]]:
    """(title, page index, children) of the outline's top level."""
    found = []
    for entry in reader.outline:
        if isinstance(entry, list):
            found[-1][2].extend(e.title for e in entry if not isinstance(e, list))
        else:
            found.append((entry.title, reader.get_destination_page_number(entry), []))
    return found


@pytest.mark.clients
def test_booklet_pdf_has_contents_bookmarks_and_continuous_page_numbers(sample):
    site, _, project = sample
    pdf = site / "downloads" / "guide-booklet.pdf"
    titles = [f"{i.name}办事指南" for i in project.retained]
    marks = bookmarks(pypdf.PdfReader(pdf))
    assert [m[0] for m in marks] == titles
    assert all("一、事项名称" in m[2] and "证明式样" in "".join(m[2]) for m in marks)
    first = marks[0][1]  # the first guide's page is numbered 1, and so on without a gap
    contents = squash(pdftotext(pdf, page=2))
    for title, index, _ in marks:
        number = index - first + 1
        assert f"{squash(title)}{'·' * 1}" in contents
        assert re.search(re.escape(squash(title)) + r"·+" + str(number) + r"(?!\d)", contents), title
        assert f"—{number}—" in squash(pdftotext(pdf, page=index + 1))
    pages = page_count(pdf)
    assert f"—{pages - first}—" in squash(pdftotext(pdf, page=pages))
    assert decode_qr(pdf, 1) == [BASE]  # the cover carries the index


@pytest.mark.clients
def test_booklet_docx_has_a_toc_field_and_every_guide_as_libreoffice_shows_it(sample):
    site, converted, project = sample
    xml = zipfile.ZipFile(site / "downloads" / "guide-booklet.docx").read("word/document.xml").decode()
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-2" \\h \\z \\u </w:instrText>', xml)
    assert xml.count('w:val="PartTitle"') == len(project.retained)
    settings = zipfile.ZipFile(site / "downloads" / "guide-booklet.docx").read("word/settings.xml")
    assert b'<w:updateFields w:val="true"/>' in settings
    text = squash(pdftotext(converted["guide-booklet"]))
    at = [text.index(squash(f"{i.name}办事指南一、事项名称")) for i in project.retained]
    assert at == sorted(at)  # every guide, in order, after the contents
    assert decode_qr(converted["guide-booklet"], 1) == [BASE]
    assert "—1—" in squash(pdftotext(converted["guide-booklet"], page=3))  # the first guide's page


@pytest.mark.clients
def test_form_book_has_every_blank_form_on_its_own_sheet(sample):
    site, _, project = sample
    pdf = site / "downloads" / "form-book.pdf"
    assert page_count(pdf) == len(project.retained)
    for page, item in enumerate(project.retained, 1):
        lines = [squash(line) for line in pdftotext(pdf, layout=True, page=page).splitlines() if line.strip()]
        assert "".join(lines).startswith(squash(item.form.title)) and "存根" in "".join(lines)
        assert decode_qr(pdf, page) == [f"{BASE}items/{item.id}/"]


@pytest.mark.clients
def test_poster_shows_both_lists_supervision_and_the_index_code_on_one_sheet(sample):
    site, _, project = sample
    pdf = site / "downloads" / "poster.pdf"
    assert page_count(pdf) == 1
    text = squash(pdftotext(pdf))
    for item in project.items:
        assert squash(item.name) in text, item.name
    assert "0000-12345679" in text and "不得要求办事群众到村（居）民委员会开具" in text
    assert decode_qr(pdf, 1) == [BASE]
