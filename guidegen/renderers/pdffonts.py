"""Speed-ups for WeasyPrint's font embedding, kept apart so they are easy to drop.

WeasyPrint copies the whole font file into Python bytes for every font of every
document (``Font.__init__``), only to subset it moments later from the
HarfBuzz face. For the CJK collections used here that is a 20–40 MB copy per
font per document (~45 ms each). Making the copy lazy keeps behaviour the same
(the full data is still produced whenever WeasyPrint really reads it) and
skips it in the normal path where subsetting succeeds.
"""

from __future__ import annotations

from weasyprint.pdf import fonts as pdf_fonts

_LAZY = object()
_original = pdf_fonts.get_hb_object_data


def _lazy_face_data(hb_object, ot_color=None, glyph=None):
    if ot_color is None and glyph is None:
        return _LAZY
    return _original(hb_object, ot_color, glyph)


def _get_file_content(font):
    value = font.__dict__.get("_guidegen_file_content", _LAZY)
    if value is _LAZY:
        value = _original(font.hb_face)
        font.__dict__["_guidegen_file_content"] = value
    return value


def _set_file_content(font, value):
    font.__dict__["_guidegen_file_content"] = value


def install() -> bool:
    """Patch ``weasyprint.pdf.fonts.Font`` once; False if its shape is not the expected one."""
    font_class = getattr(pdf_fonts, "Font", None)
    if font_class is None or getattr(font_class, "_guidegen_lazy", False):
        return font_class is not None
    original_init = font_class.__init__

    def __init__(self, *args, **kwargs):
        pdf_fonts.get_hb_object_data = _lazy_face_data
        try:
            original_init(self, *args, **kwargs)
        finally:
            pdf_fonts.get_hb_object_data = _original

    font_class.__init__ = __init__
    font_class.file_content = property(_get_file_content, _set_file_content)
    font_class._guidegen_lazy = True
    return True
