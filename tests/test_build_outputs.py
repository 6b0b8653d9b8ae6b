"""``guidegen build``: the exact set of files, --format, --only and user templates (--templates)."""

from __future__ import annotations

import shutil
import zipfile

from clients import pdftotext, squash
from conftest import DOCUMENTS, BuiltSite
from docx import Document

from guidegen.render.docx import document_text
from guidegen.render.templates import packaged_dir

HARDSHIP, ONSITE = "residence-hardship", "residence-onsite"
CONFIG = DOCUMENTS / "guidegen.yaml"
EXPECTED = [
    "404.html",
    "assets/favicon.svg",
    "assets/icon.png",
    "assets/search-index.js",
    "assets/site.css",
    "assets/site.js",
    "changes.html",
    "downloads/form-book.pdf",
    "downloads/guide-booklet.docx",
    "downloads/guide-booklet.pdf",
    "downloads/items.csv",
    "downloads/items.json",
    "downloads/items.schema.json",
    "downloads/not-issued.docx",
    "downloads/not-issued.pdf",
    "downloads/poster.pdf",
    "downloads/seal-register.docx",
    "downloads/seal-register.pdf",
    "index.html",
    "items/kinship-relation/index.html",
    "items/residence-hardship/index.html",
    "items/residence-hardship/residence-hardship-form.docx",
    "items/residence-hardship/residence-hardship-form.pdf",
    "items/residence-hardship/residence-hardship-guide.docx",
    "items/residence-hardship/residence-hardship-guide.pdf",
    "items/residence-hardship/residence-hardship-letter.docx",
    "items/residence-hardship/residence-hardship-letter.pdf",
    "items/residence-onsite/index.html",
    "items/residence-onsite/residence-onsite-form.docx",
    "items/residence-onsite/residence-onsite-form.pdf",
    "items/residence-onsite/residence-onsite-guide.docx",
    "items/residence-onsite/residence-onsite-guide.pdf",
    "items/unemployment-status/index.html",
    "robots.txt",
    "sitemap.xml",  # the documents project has a base_url
]
ONSITE_FILES = [p for p in EXPECTED if p.startswith(f"items/{ONSITE}/")]
MARKER = "自定义模板：某某县专用版式"


def build(cli, out, *args) -> BuiltSite:
    result = cli("build", "--config", CONFIG, "--out", out, "-j", "1", *args)
    assert result.exit_code == 0, result.output
    return BuiltSite(out, result)


def test_full_build_writes_exactly_the_expected_files(documents_site):
    assert documents_site.files() == EXPECTED
    letters = [p for p in documents_site.files() if "-letter." in p]
    assert letters == [f"items/{HARDSHIP}/{HARDSHIP}-letter.docx", f"items/{HARDSHIP}/{HARDSHIP}-letter.pdf"]
    assert documents_site.result.stdout.splitlines()[-1].startswith(f"渲染 {len(EXPECTED)}，跳过 0，删除 0。")
    for path in documents_site.files():  # every file is a real, non-empty document of its type
        data = (documents_site.site / path).read_bytes()
        magic = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "html": b"<!doctype html>", "css": b"",
                 "js": b"", "svg": b"<svg", "png": b"\x89PNG", "csv": b"\xef\xbb\xbf", "json": b"{",
                 "txt": b"User-agent", "xml": b"<?xml"}
        assert data and data.startswith(magic[path.rsplit(".", 1)[1]]), path


def test_format_html_writes_no_documents(cli, tmp_path):
    site = build(cli, tmp_path / "out", "--format", "html")
    assert site.files() == [p for p in EXPECTED if not p.endswith((".pdf", ".docx"))]


def test_only_renders_that_items_outputs(cli, tmp_path):
    site = build(cli, tmp_path / "out", "--only", ONSITE)
    assert site.files() == ONSITE_FILES
    assert site.result.stdout.splitlines()[-1].startswith(f"渲染 {len(ONSITE_FILES)}，")


def user_templates(folder):
    """A --templates folder with a modified print_guide.html and a modified guide.docx."""
    (folder / "html").mkdir(parents=True)
    (folder / "docx").mkdir()
    source = (packaged_dir() / "html" / "print_guide.html").read_text(encoding="utf-8")
    assert "{{ blocks(" in source
    (folder / "html" / "print_guide.html").write_text(
        source.replace("{{ blocks(", f"<p>{MARKER}</p>\n{{{{ blocks(", 1), encoding="utf-8")
    shutil.copy(packaged_dir() / "docx" / "guide.docx", folder / "docx" / "guide.docx")
    document = Document(folder / "docx" / "guide.docx")
    document.paragraphs[-1].insert_paragraph_before(MARKER)
    document.save(folder / "docx" / "guide.docx")
    return folder


def test_user_templates_override_only_what_they_contain(cli, tmp_path):
    templates = user_templates(tmp_path / "mine")
    site = build(cli, tmp_path / "out", "--only", ONSITE, "--templates", templates)
    assert site.files() == ONSITE_FILES

    def docx(kind):
        return document_text(site.doc(kind, "docx", ONSITE).read_bytes())

    def pdf(kind):
        return squash(pdftotext(site.doc(kind, "pdf", ONSITE)))

    form_text = pdftotext(site.doc("form", "pdf", ONSITE), layout=True)
    form_lines = [squash(line) for line in form_text.splitlines()]

    assert MARKER in pdf("guide") and MARKER in docx("guide")
    assert "居住证明办事指南" in pdf("guide") and "居住证明办事指南" in docx("guide")  # still the real guide
    assert MARKER not in pdf("form") and "存根" in form_lines  # form: packaged templates
    assert MARKER not in docx("form") and "存　根" in docx("form")
    page = (site.site / f"items/{ONSITE}/index.html").read_text(encoding="utf-8")
    assert MARKER not in page and "办理流程图" in page  # site page: packaged item.html
    # the packaged templates themselves are untouched
    assert MARKER not in (packaged_dir() / "html" / "print_guide.html").read_text(encoding="utf-8")
    packaged = zipfile.ZipFile(packaged_dir() / "docx" / "guide.docx").read("word/document.xml")
    assert MARKER.encode() not in packaged
