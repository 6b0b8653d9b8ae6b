"""DOCX renderer: docxtpl templates a clerk can restyle in Word, with official font names."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from typing import TYPE_CHECKING

import jinja2
from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

from guidegen.model import Config, Fonts
from guidegen.plan import Output
from guidegen.render import docxzip, patches, qrcode
from guidegen.render.bidi import confine_bidi
from guidegen.render.wordml import drawingml, qrcode as qrcode_run, runs
from guidegen.render.errors import TemplateFailed, explain, not_a_docx, opened_at
from guidegen.render.templates import JINJA, TemplateSet

if TYPE_CHECKING:
    from guidegen.render.patches.docxtemplate import PreparedTemplate

DEFAULT_FONTS = Fonts()


class _Environment(jinja2.Environment):
    """docxtpl compiles the template XML anew for every document; compile each source once."""

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's name
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            template = super().from_string(source)
            if not any(mark in source for mark in JINJA):  # e.g. a document property
                template = _Constant(template.render())
            self._compiled[source] = template
        return self._compiled[source]


class _Constant:
    """A template without Jinja tags renders to the same text in every context."""

    def __init__(self, text: str):
        self.text = text

    def render(self, *args, **kwargs) -> str:
        """The text, whatever the context."""
        return self.text


class _StockTemplate(DocxTemplate):
    """docxtpl's own render; its XML clean-up (regexes over every part) shared per source."""

    def __init__(self, source, patched: dict[str, str]):
        super().__init__(source)
        self._patched = patched

    def patch_xml(self, src_xml):
        if src_xml not in self._patched:
            self._patched[src_xml] = super().patch_xml(src_xml)
        return self._patched[src_xml]


class DocxRenderer:
    """Renders ``templates/docx/<kind>.docx`` with autoescape into deterministic bytes.

    With the ``docxtemplate`` patch a template is opened once and only the parts docxtpl
    renders are made per document; without it docxtpl renders and saves the whole
    package each time. Both write the same bytes."""

    fmt = "docx"

    def __init__(self, templates: TemplateSet, config: Config):
        self.templates = templates
        self.config = config
        patches.install("docx")
        self.fast = patches.loaded("docxtemplate")  # None: docxtpl's own render and save
        self._prepared: dict[str, PreparedTemplate] = {}
        self._patched: dict[str, str] = {}
        self._with_picture: dict[str, list[docxzip.Member]] = {}
        # One environment for every render: StrictUndefined turns a typo in a
        # template into an error naming the variable instead of a silent blank.
        self._env = docx_environment(_Environment)

    def _prepare(self, kind: str) -> PreparedTemplate:
        if kind not in self._prepared:
            document = Document(io.BytesIO(self.templates.find(f"{kind}.docx").read_bytes()))
            apply_fonts(document, self.config.fonts)  # depends on the config only: once
            self._prepared[kind] = self.fast.PreparedTemplate(
                document, docxzip.dos_stamp(self.config.published), self._patched, self._env)
        return self._prepared[kind]

    def _save(self, tpl: DocxTemplate, qr_url: str | None) -> bytes:
        """docxtpl's save, rewritten with fixed timestamps and attributes (reproducible),
        with the QR code's picture added as the fast path adds it."""
        buffer = io.BytesIO()
        tpl.save(buffer)
        stamp = docxzip.dos_stamp(self.config.published)
        with zipfile.ZipFile(buffer) as saved:
            parts = {info.filename: saved.read(info) for info in saved.infolist()}
        if qr_url:
            rels = tpl.docx.part.partname.rels_uri.membername
            parts[rels], parts["[Content_Types].xml"] = qrcode.package_parts(
                parts[rels], parts["[Content_Types].xml"])
            parts[qrcode.MEDIA] = qrcode.png(qr_url)
        return docxzip.write([docxzip.Member(name, data, stamp) for name, data in parts.items()])

    def render(self, output: Output, ctx: dict) -> bytes:
        """Fill the kind's template (fonts applied when it was opened), write a reproducible zip."""
        name = f"docx/{output.kind}.docx"
        tpl = None
        try:
            if self.fast is None:  # docxtpl's own way: the whole package, every time
                source = self.templates.find(f"{output.kind}.docx").read_bytes()
                tpl = _StockTemplate(io.BytesIO(source), self._patched)
                tpl.render(ctx, jinja_env=self._env, autoescape=True)
                apply_fonts(tpl.docx, self.config.fonts)
            else:
                prepared = self._prepare(output.kind)
                tpl = prepared.template()
                members = prepared.render(tpl, ctx, self._env)
        except Exception as exc:  # noqa: BLE001 - sorted below: template error, bad file or bug
            lineno = _template_line(exc)
            if tpl is not None and (isinstance(exc, jinja2.TemplateError) or lineno):
                raise docx_error(exc, name, tpl, lineno) from None
            if isinstance(exc, (KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError)):
                raise not_a_docx(name, exc) from None
            raise
        _set_properties(tpl.docx, self.config, ctx)
        code = qrcode.find(ctx.get("doc"))
        url = code.url if code else None
        if self.fast is None:
            return self._save(tpl, url)
        return prepared.pack(tpl, members, self._picture(output.kind, prepared, url) if url else None)

    def _picture(self, kind: str, prepared: PreparedTemplate, url: str) -> dict[str, docxzip.Member]:
        """The members that add the QR code's PNG to a document of ``kind``."""
        if kind not in self._with_picture:
            rels, types = qrcode.package_parts(prepared.raw[prepared.rels_name],
                                               prepared.raw["[Content_Types].xml"])
            self._with_picture[kind] = [docxzip.Member(prepared.rels_name, rels, prepared.stamp),
                                        docxzip.Member("[Content_Types].xml", types, prepared.stamp)]
        members = self._with_picture[kind] + [docxzip.Member(qrcode.MEDIA, qrcode.png(url), prepared.stamp)]
        return {m.name: m for m in members}


def docx_environment(kind: type[jinja2.Environment]) -> jinja2.Environment:
    """The Jinja environment DOCX templates render in: autoescaped, strict, bidi confined,
    with the filters that write an outline paragraph's runs, draw its flowchart and show
    its QR code."""
    env = kind(autoescape=True, undefined=jinja2.StrictUndefined, finalize=confine_bidi)
    env.filters.update(runs=runs, drawingml=drawingml, qrcode=qrcode_run)
    return env


def _template_line(exc: BaseException) -> int | None:
    """Line in the rendered XML where a Jinja error happened (syntax or runtime)."""
    line = exc.lineno if isinstance(exc, jinja2.TemplateSyntaxError) else None
    tb = exc.__traceback__
    while tb is not None:  # Jinja rewrites runtime tracebacks to point into "<template>"
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _paragraphs(tpl: DocxTemplate, exc: BaseException) -> list[str]:
    """The template XML as docxtpl renders it: one ``<w:p>`` per line, tags stripped."""
    context = getattr(exc, "docx_context", None)
    try:
        part = tpl.current_rendering_part
        xml = tpl.get_xml() if part is tpl.docx.part else tpl.get_part_xml(part)
        xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))
    except Exception:  # noqa: BLE001 - context is a courtesy; the message stands without it
        return list(context or [])
    return [html.unescape(re.sub(r"<[^>]+>", "", line)) for line in xml.splitlines()]


def docx_error(exc: BaseException, name: str, tpl: DocxTemplate, lineno: int | None) -> TemplateFailed:
    """Name the template and show the paragraphs around the error (a line means nothing in Word)."""
    where = name
    if getattr(tpl, "current_rendering_part", None) is not None and tpl.current_rendering_part is not tpl.docx.part:
        where += "（页眉或页脚）"
    paragraphs = _paragraphs(tpl, exc) if lineno else []
    if not lineno or lineno > len(paragraphs):
        return explain(exc, where)
    message = explain(exc, where, line_text=paragraphs[lineno - 1]).format_message()
    inner = re.search(r"innermost block that needs to be closed is '(\w+)'", str(exc))
    if inner:  # point at the paragraph that opened the unclosed block, not at the end
        lineno = opened_at("\n".join(paragraphs), inner.group(1), lineno + 1) or lineno
    shown = []
    for index in range(max(lineno - 4, 0), min(lineno + 3, len(paragraphs))):
        text = paragraphs[index].strip()
        if text or index == lineno - 1:
            shown.append(("→ " if index == lineno - 1 else "  ") + (text[:120] or "（空段落）"))
    return TemplateFailed(message + "\n出错的段落（→ 所指）及前后段落：\n" + "\n".join(shown))


def apply_fonts(document, fonts: Fonts) -> None:
    """Swap the default official font names in every style for the configured ones."""
    east_asian = {
        getattr(DEFAULT_FONTS, role): getattr(fonts, role)
        for role in ("title", "body", "heading1", "heading2")
    }
    latin = {DEFAULT_FONTS.number: fonts.number}
    if east_asian == {k: k for k in east_asian} and latin == {k: k for k in latin}:
        return
    for rfonts in document.styles.element.iter(qn("w:rFonts")):
        for attr, mapping in ((qn("w:eastAsia"), east_asian), (qn("w:ascii"), latin),
                              (qn("w:hAnsi"), latin)):
            value = rfonts.get(attr)
            if value in mapping:
                rfonts.set(attr, mapping[value])


def _set_properties(document, config: Config, ctx: dict) -> None:
    props = document.core_properties
    stamp = dt.datetime.combine(config.published, dt.time(0, 0))
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.author = config.authority
    props.last_modified_by = config.authority
    # The template's own description ("docxtpl 模板…") must not leak into documents.
    props.comments = config.title
    # The same title as the PDF's: the outline's (context: document_title), in Chinese.
    props.title = ctx.get("document_title") or props.title


def document_text(data: bytes) -> str:
    """Plain text of a DOCX body (for tests and the change report)."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    xml = re.sub(r"</w:p>", "\n", xml)
    return html.unescape(re.sub(r"<[^>]+>", "", xml))
