"""The DOCX renderer as it was before the fast path (docx.py at 890c647), kept as the reference.

Every render reopens the template with python-docx, saves the whole package and rewrites
the zip. Tests compare the fast renderer with it byte for byte and message for message;
do not "improve" it. The helpers both paths share (fonts, properties, error messages, and
the docxtpl subclass, which is the stock path's with patches off) are docx.py's own,
unchanged since then.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import jinja2
from lxml import etree

from guidegen.model import Config
from guidegen.plan import Output
from guidegen.render import qrcode
from guidegen.render.docx import _StockTemplate as _Template  # the same class as it was
from guidegen.render.docx import (
    _set_properties,
    _template_line,
    apply_fonts,
    docx_environment,
    docx_error,
)
from guidegen.render.errors import not_a_docx
from guidegen.render.templates import TemplateSet


class _Environment(jinja2.Environment):
    """docxtpl compiles the template XML anew for every document; compile each source once."""

    def __init__(self, **options):
        super().__init__(**options)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja's name
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


class ReferenceDocxRenderer:
    """Renders ``templates/docx/<kind>.docx`` with autoescape into deterministic bytes."""

    fmt = "docx"

    def __init__(self, templates: TemplateSet, config: Config):
        self.templates = templates
        self.config = config
        self._sources: dict[str, bytes] = {}
        self._patched: dict[str, str] = {}
        # One environment for every render: StrictUndefined turns a typo in a
        # template into an error naming the variable instead of a silent blank.
        self._env = docx_environment(_Environment)

    def _source(self, kind: str) -> bytes:
        if kind not in self._sources:
            self._sources[kind] = self.templates.find(f"{kind}.docx").read_bytes()
        return self._sources[kind]

    def render(self, output: Output, ctx: dict) -> bytes:
        """Fill the kind's template, apply configured fonts, normalise the zip."""
        name = f"docx/{output.kind}.docx"
        tpl = None
        try:
            tpl = _Template(io.BytesIO(self._source(output.kind)), self._patched)
            tpl.render(ctx, jinja_env=self._env, autoescape=True)
        except Exception as exc:  # noqa: BLE001 - sorted below: template error, bad file or bug
            lineno = _template_line(exc)
            if tpl is not None and (isinstance(exc, jinja2.TemplateError) or lineno):
                raise docx_error(exc, name, tpl, lineno) from None
            if isinstance(exc, (KeyError, ValueError, zipfile.BadZipFile, etree.LxmlError)):
                raise not_a_docx(name, exc) from None
            raise
        apply_fonts(tpl.docx, self.config.fonts)
        _set_properties(tpl.docx, self.config, ctx)
        buffer = io.BytesIO()
        tpl.save(buffer)
        return normalize_zip(with_picture(buffer.getvalue(), ctx), self.config.published)


def with_picture(data: bytes, ctx: dict) -> bytes:
    """The DOCX with the outline's QR code added as guidegen adds it (its own code, not a
    patch): the PNG last, the body's relationships and the content types in place."""
    code = qrcode.find(ctx.get("doc"))
    if code is None:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    rels, types = qrcode.package_parts(source.read("word/_rels/document.xml.rels"),
                                       source.read("[Content_Types].xml"))
    replaced = {"word/_rels/document.xml.rels": rels, "[Content_Types].xml": types}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, replaced.get(info.filename, source.read(info.filename)))
        target.writestr(qrcode.MEDIA, qrcode.png(code.url))
    return out.getvalue()


def normalize_zip(data: bytes, published: dt.date) -> bytes:
    """Rewrite a DOCX zip with fixed timestamps and attributes so bytes are reproducible."""
    stamp = (max(published.year, 1980), published.month, published.day, 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
