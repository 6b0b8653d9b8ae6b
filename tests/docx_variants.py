"""User DOCX templates that exercise every part docxtpl renders, made the way Word and python-docx make them."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.text.paragraph import Paragraph
from PIL import Image

from guidegen.render.templates import packaged_dir

BUILTIN = packaged_dir() / "docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def footnotes_xml(text: str) -> bytes:
    """A footnotes part as Word writes it (double-quoted declaration, CRLF after it)."""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:footnotes xmlns:w="{W}">'
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
            '</w:footnote></w:footnotes>').encode("utf-8")


def edit_zip(data: bytes, replace: dict[str, bytes | None] = None, rewrite=None) -> bytes:
    """The package with members replaced (None: removed) and ``rewrite(name, bytes)`` applied."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name in replace:
                if replace[name] is not None:
                    target.writestr(name, replace[name])
                continue
            body = source.read(name)
            target.writestr(name, rewrite(name, body) if rewrite else body)
        for name, body in replace.items():
            if body is not None and name not in source.namelist():
                target.writestr(name, body)
    return out.getvalue()


def add_footnotes(data: bytes, text: str) -> bytes:
    """Relate a footnotes part holding ``text`` to the document (python-docx cannot)."""
    def rewrite(name, body):
        if name == "word/_rels/document.xml.rels":
            return body.replace(b"</Relationships>", f'<Relationship Id="rIdNotes" Type="{FOOTNOTES_REL}" '
                                'Target="footnotes.xml"/></Relationships>'.encode())
        if name == "[Content_Types].xml":
            return body.replace(b"</Types>", f'<Override PartName="/word/footnotes.xml" '
                                f'ContentType="{FOOTNOTES_TYPE}"/></Types>'.encode())
        return body
    return edit_zip(data, {"word/footnotes.xml": footnotes_xml(text)}, rewrite)


def without_core_properties(data: bytes) -> bytes:
    """The package without docProps/core.xml (python-docx then makes a default one)."""
    def rewrite(name, body):
        if name == "_rels/.rels":
            start = body.rindex(b"<Relationship ", 0, body.index(b"core-properties"))
            return body[:start] + body[body.index(b"/>", start) + 2:]
        return body
    return edit_zip(data, {"docProps/core.xml": None}, rewrite)


def png() -> io.BytesIO:
    stream = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(stream, "PNG")
    stream.seek(0)
    return stream


def paragraph_after(document, after: str, text: str) -> None:
    """A copy of the paragraph ``after`` (its style kept) holding ``text``, inserted after it."""
    anchor = next(p for p in document.paragraphs if p.text == after)
    element = copy.deepcopy(anchor._p)
    anchor._p.addnext(element)
    paragraph = Paragraph(element, anchor._parent)
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    paragraph.runs[0].text = text


def save(document) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def word_guide() -> bytes:
    """guide.docx from Word's own default template (customXml, thumbnail, stylesWithEffects):
    Jinja split across runs, a loop over paragraphs and table rows, a header with Jinja and a
    picture, a footer with Jinja, Jinja in the properties, footnotes and two sections."""
    document = docx.Document()
    document.add_paragraph("办事指南", style="Title")
    split = document.add_paragraph("事项：")
    for piece in ("{{ item.", "name }}", "（{{ item.", "id }}）\t页"):  # Word splits runs anywhere
        split.add_run(piece)
    document.add_paragraph("{%p for p in item.purposes %}")
    document.add_paragraph("用途：{{ p }}")
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for m in item.materials %}"
    table.cell(1, 0).text = "{{ m.name }}"
    table.cell(1, 1).text = "{{ m.copies }} 份{% if m.original %}（原件）{% endif %}"
    table.cell(2, 0).text = "{%tr endfor %}"
    for basis in ("{%p for b in item.legal_basis %}", "{{ b.law }}{{ b.article }}：{{ b.excerpt }}",
                  "{%p endfor %}"):
        document.add_paragraph(basis)
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("第二节：{{ project.authority }}")
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = "{{ item.name }}（页眉）"
    header.add_run().add_picture(png())
    section.footer.paragraphs[0].text = "{{ project.region }} 第 {{ 1 + 1 }} 页"
    props = document.core_properties
    props.title, props.subject, props.identifier = "{{ item.name }}", "{{ project.region }}", "{{ item.id }}"
    props.language, props.comments = "zh-CN", "模板说明\n"
    return add_footnotes(save(document), "注：{{ item.name }}")


def builtin_with(kind: str, header: str | None = None, footer: str | None = None,
                 after: tuple[str, str] | None = None, title: str | None = None) -> bytes:
    """A built-in template saved by python-docx with Jinja put in its header, footer, body or title."""
    document = docx.Document(BUILTIN / f"{kind}.docx")
    section = document.sections[0]
    if header is not None:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    if after is not None:
        paragraph_after(document, *after)
    if title is not None:
        document.core_properties.title = title
    return save(document)


def write_template(folder: Path, kind: str, data: bytes) -> Path:
    """``folder/docx/<kind>.docx``; returns ``folder`` (a user template dir)."""
    (folder / "docx").mkdir(parents=True, exist_ok=True)
    (folder / "docx" / f"{kind}.docx").write_bytes(data)
    return folder
