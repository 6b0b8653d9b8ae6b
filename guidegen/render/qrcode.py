"""QR codes of page addresses (segno): SVG for the PDF and the site, PNG and a picture for Word.

The outline's ``QrCode`` block only holds the address; each format draws it here. The
code is a QR code (not Micro QR) with the standard quiet zone of four modules, so any
phone camera reads it; segno raises the error correction as far as the version allows.
"""

from __future__ import annotations

import functools
import io

import segno
from markupsafe import Markup, escape

from guidegen.document.blocks import QrCode

BORDER = 4  # modules of quiet zone (ISO/IEC 18004)
PNG_SCALE = 12  # pixels a module: sharp when Word or LibreOffice scales it to 18–40 mm
EMU_PER_MM = 36000
RELATIONSHIP = "rIdGuidegenQr"  # the picture's relationship in document.xml.rels
MEDIA = "word/media/guidegen-qr.png"


@functools.lru_cache(maxsize=64)
def _code(url: str) -> segno.QRCode:
    return segno.make(url, error="l", micro=False)  # raised as far as the version allows


def svg(url: str, css_class: str = "qr-code") -> Markup:
    """The code as inline SVG (site pages): an image named for screen readers, no size, no
    style attribute (the site's stylesheet sizes it)."""
    source = _code(url).svg_inline(border=BORDER, omitsize=True, svgclass=css_class, lineclass=None)
    label = escape(f"二维码：{url}")
    return Markup(source.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))


@functools.lru_cache(maxsize=64)
def png_uri(url: str) -> str:
    """The code as a data: URI of a PNG one pixel a module (the PDF's print HTML, which
    draws it without interpolation, so every module is a sharp square at any size).
    WeasyPrint parses an SVG path point by point on every draw: the SVG cost 15 ms a
    document, 40% of a form's PDF; this picture costs under 1 ms."""
    return _code(url).png_data_uri(scale=1, border=BORDER)


@functools.lru_cache(maxsize=8)
def png(url: str) -> bytes:
    """The code as a black-and-white PNG (the DOCX picture)."""
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=PNG_SCALE, border=BORDER)
    return out.getvalue()


def find(doc) -> QrCode | None:
    """The outline's QR code block, if it has one."""
    if doc is None:
        return None
    return next((b for b in doc.blocks if b.type == "qr"), None)


PICTURE_REL = ('<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/'
               '2006/relationships/image" Target="media/guidegen-qr.png"/>').format(RELATIONSHIP)
PNG_TYPE = '<Default Extension="png" ContentType="image/png"/>'


def package_parts(rels: bytes, types: bytes) -> tuple[bytes, bytes]:
    """A DOCX body's relationships and content types with the QR picture added: a template
    saved by Word may already know PNG, never our relationship."""
    text = rels.decode("utf-8")
    if RELATIONSHIP not in text:
        text = text.replace("</Relationships>", PICTURE_REL + "</Relationships>")
    kinds = types.decode("utf-8")
    if 'Extension="png"' not in kinds.replace("'", '"'):
        kinds = kinds.replace("</Types>", PNG_TYPE + "</Types>")
    return text.encode("utf-8"), kinds.encode("utf-8")
