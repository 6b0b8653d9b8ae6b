"""Speed-ups for WeasyPrint's font embedding, kept apart so they are easy to drop.

1. WeasyPrint copies the whole font file into Python bytes for every font of
   every document (``Font.__init__``), only to subset it moments later from the
   HarfBuzz face: a 20–40 MB copy per CJK font per document (~45 ms each). The
   copy is made lazy; it still happens whenever WeasyPrint really reads it.
2. WeasyPrint subsets with RETAIN_GIDS because its content streams use the
   original glyph ids, which for a 65,535-glyph CJK font keeps an empty slot
   for every glyph (~35 ms and ~100 KB per font per document). The CJK fonts
   here are CID-keyed CFF whose glyph id equals the CID; a subset without
   RETAIN_GIDS keeps each glyph's CID in the CFF charset. Embedded as a bare
   CFF (``FontFile3 /CIDFontType0C``, the classic form Acrobat writes),
   viewers select glyphs by CID, so the same codes draw the same glyphs.
   HarfBuzz would spend most of that subset (~3.5 ms per font) mapping the
   whole cmap back to the kept glyphs, so it runs on a face of just the CFF.
3. TrueType fonts (the 楷体 substitute AR PL UKai: 21,000 glyphs) are subset
   without RETAIN_GIDS too, and the CIDFont gets a CIDToGIDMap stream from the
   original glyph id (the CID in the content streams) to the new one: ~1.5 ms
   instead of ~5 ms plus compressing a 230 KB font file of empty slots.
Fonts with missing glyphs, colour or variable fonts keep WeasyPrint's path.
"""

from __future__ import annotations

import io
from functools import lru_cache

import pydyf
from fontTools.cffLib import CFFFontSet
import weasyprint.pdf as pdf_package
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

from guidegen.renderers import hbsubset

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


@lru_cache(maxsize=64)
def _cid_identity(face_address: int, glyph_count: int, upem: int) -> bool:
    """True when the face is CID-keyed CFF with glyph id == CID for every glyph."""
    del glyph_count, upem  # part of the cache key only: guards against a reused address
    cff = hbsubset.table(ffi.cast("hb_face_t *", face_address), b"CFF ")
    if not cff:
        return False
    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(cff), None)
    top = fonts.topDictIndex[0]
    return hasattr(top, "ROS") and all(
        name == f"cid{gid:05d}" for gid, name in enumerate(top.charset) if gid)


def _cid_subset(font, to_unicode, hinting) -> bool:
    """Subset a CID-identity CFF font to a bare CID-keyed CFF; False to fall back."""
    if font.missing or not to_unicode:
        return False
    address = int(ffi.cast("uintptr_t", font.hb_face))
    if not _cid_identity(address, font.glyph_count, font.upem):
        return False
    subset_input = hbsubset.subset_input(to_unicode, hinting)
    cff_only = hbsubset.cff_only(address, font.glyph_count)
    face = ffi.NULL if cff_only is None else harfbuzz_subset.hb_subset_or_fail(
        cff_only[0], subset_input)
    if face == ffi.NULL:
        face = harfbuzz_subset.hb_subset_or_fail(font.hb_face, subset_input)
    if face == ffi.NULL:
        return False
    cff = hbsubset.table(ffi.gc(face, harfbuzz.hb_face_destroy), b"CFF ")
    if not cff:
        return False
    font.file_content = cff
    font._guidegen_bare_cff = True
    return True


def _truetype_subset(font, to_unicode, hinting) -> bool:
    """Subset a TrueType font with new glyph ids, kept in ``font._guidegen_gids``."""
    if (font.missing or not to_unicode or font.png or font.svg or font.colr or font.bitmap
            or "glyf" not in font.tables or "fvar" in font.tables):
        return False
    result = hbsubset.compact_subset(font.hb_face, list(to_unicode), hinting)
    if result is None:
        return False
    face, new_ids = result
    content = _original(face)
    if not content:
        return False
    font.file_content = content
    font._guidegen_gids = new_ids
    return True


def _font_type(font) -> str:
    if font.__dict__.get("_guidegen_bare_cff"):
        return "otf"
    return "otf" if font.file_content[:4] == b"OTTO" else "ttf"


def _cid_to_gid(new_ids: dict[int, int], compress: bool) -> pydyf.Stream:
    table = bytearray(2 * (max(new_ids) + 1))
    for cid, gid in new_ids.items():
        table[2 * cid:2 * cid + 2] = gid.to_bytes(2, "big")
    return pydyf.Stream([bytes(table)], compress=compress)


def _fix_dictionaries(pdf, fonts, compress) -> None:
    """Label bare CFF streams and point renumbered TrueType fonts at their CIDToGIDMap."""
    maps = {}  # BaseFont -> stream; fonts sharing one file share its subset and name
    for font in fonts.values():
        new_ids = font.__dict__.get("_guidegen_gids")
        if new_ids and font.name not in maps:
            maps[font.name] = _cid_to_gid(new_ids, compress)
    for obj in list(pdf.objects):
        extra = getattr(obj, "extra", None)
        stream = getattr(obj, "stream", None)
        # build_fonts_dictionary labels every CFF stream /OpenType; bare CFF is /CIDFontType0C.
        if extra is not None and extra.get("Subtype") == "/OpenType" and stream \
                and isinstance(stream[0], bytes) and stream[0][:1] == b"\x01":
            extra["Subtype"] = "/CIDFontType0C"
        elif isinstance(obj, dict) and obj.get("Subtype") == "/CIDFontType2" \
                and obj.get("BaseFont") in maps:
            cid_to_gid = maps[obj["BaseFont"]]
            if cid_to_gid.number is None:
                pdf.add_object(cid_to_gid)
            obj["CIDToGIDMap"] = cid_to_gid.reference


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

    original_subset = font_class._harfbuzz_subset

    def _harfbuzz_subset(self, to_unicode, hinting):
        if not (_cid_subset(self, to_unicode, hinting)
                or _truetype_subset(self, to_unicode, hinting)):
            original_subset(self, to_unicode, hinting)

    original_build = pdf_fonts.build_fonts_dictionary

    def build_fonts_dictionary(pdf, fonts, compress, *args, **kwargs):
        result = original_build(pdf, fonts, compress, *args, **kwargs)
        _fix_dictionaries(pdf, fonts, compress)
        return result

    font_class.__init__ = __init__
    font_class._harfbuzz_subset = _harfbuzz_subset
    font_class.type = property(_font_type)
    font_class.file_content = property(_get_file_content, _set_file_content)
    pdf_package.build_fonts_dictionary = build_fonts_dictionary
    font_class._guidegen_lazy = True
    return True
