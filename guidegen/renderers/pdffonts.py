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
   Every other font keeps WeasyPrint's own path.
3. HarfBuzz spends most of a CJK subset (~3.5 ms per font per document) mapping
   the 45,000-entry cmap back to the kept glyphs, and then adds variation-
   selector glyphs nobody asked for. Only the CFF table is kept, so the subset
   runs on a per-process face holding just CFF, head and maxp (~0.2-1.5 ms).
"""

from __future__ import annotations

import io
from functools import lru_cache

import cffi
from fontTools.cffLib import CFFFontSet
import weasyprint.pdf as pdf_package
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text import ffi as ffi_module
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

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


def _table(hb_face, tag: bytes) -> bytes:
    tag_id = harfbuzz.hb_tag_from_string(tag, -1)
    blob = ffi.gc(harfbuzz.hb_face_reference_table(hb_face, tag_id), harfbuzz.hb_blob_destroy)
    length = ffi.new("unsigned int *")
    data = harfbuzz.hb_blob_get_data(blob, length)
    return ffi.unpack(data, length[0]) if length[0] else b""


@lru_cache(maxsize=64)
def _cid_identity(face_address: int, glyph_count: int, upem: int) -> bool:
    """True when the face is CID-keyed CFF with glyph id == CID for every glyph."""
    del glyph_count, upem  # part of the cache key only: guards against a reused address
    cff = _table(ffi.cast("hb_face_t *", face_address), b"CFF ")
    if not cff:
        return False
    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(cff), None)
    top = fonts.topDictIndex[0]
    return hasattr(top, "ROS") and all(
        name == f"cid{gid:05d}" for gid, name in enumerate(top.charset) if gid)


def _builder():
    """HarfBuzz's face builder, which WeasyPrint does not declare; None if unavailable."""
    try:
        own = cffi.FFI()
        own.include(ffi)
        own.cdef("hb_face_t *hb_face_builder_create (void);"
                 "hb_bool_t hb_face_builder_add_table (hb_face_t *, hb_tag_t, hb_blob_t *);")
        return ffi_module._dlopen(own, "libharfbuzz-0", "harfbuzz", "harfbuzz-0.0",
                                  "libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll",
                                  allow_fail=True)
    except (AttributeError, cffi.CDefError, OSError):
        return None


_BUILDER = _builder()
_CFF_ONLY = (b"CFF ", b"head", b"maxp")


@lru_cache(maxsize=16)
def _cff_only_face(face_address: int, glyph_count: int, upem: int):
    """(face, source): a face sharing the source's CFF, head and maxp tables, or (NULL, None).

    The source is referenced so that its address, the cache key, cannot be reused
    while the entry lives; both are released when the entry is evicted."""
    del glyph_count, upem
    if _BUILDER is None:
        return ffi.NULL, None
    source = ffi.gc(harfbuzz.hb_face_reference(ffi.cast("hb_face_t *", face_address)),
                    harfbuzz.hb_face_destroy)
    face = ffi.gc(_BUILDER.hb_face_builder_create(), harfbuzz.hb_face_destroy)
    for tag in _CFF_ONLY:
        blob = harfbuzz.hb_face_reference_table(source, harfbuzz.hb_tag_from_string(tag, -1))
        added = _BUILDER.hb_face_builder_add_table(face, harfbuzz.hb_tag_from_string(tag, -1), blob)
        harfbuzz.hb_blob_destroy(blob)
        if not added:
            return ffi.NULL, None
    return face, source


_DROP = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH",
         b"PCLT", b"SVG ")


def _cid_subset(font, to_unicode, hinting) -> bool:
    """Subset a CID-identity CFF font to a bare CID-keyed CFF; False to fall back."""
    if font.missing or not to_unicode:
        return False
    address = int(ffi.cast("uintptr_t", font.hb_face))
    if not _cid_identity(address, font.glyph_count, font.upem):
        return False
    subset_input = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(),
                          harfbuzz_subset.hb_subset_input_destroy)
    glyphs = harfbuzz_subset.hb_subset_input_glyph_set(subset_input)
    gids = sorted(to_unicode)
    harfbuzz.hb_set_add_sorted_array(glyphs, ffi.new(f"hb_codepoint_t[{len(gids)}]", gids),
                                     len(gids))
    flags = (harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
             | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE)
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    harfbuzz_subset.hb_subset_input_set_flags(subset_input, flags)
    drop = harfbuzz_subset.hb_subset_input_set(
        subset_input, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG)
    tags = sorted(harfbuzz.hb_tag_from_string(t, -1) for t in _DROP)
    harfbuzz.hb_set_add_sorted_array(drop, ffi.new(f"hb_codepoint_t[{len(tags)}]", tags),
                                     len(tags))
    source = _cff_only_face(address, font.glyph_count, font.upem)[0]
    face = ffi.NULL if source == ffi.NULL else harfbuzz_subset.hb_subset_or_fail(source, subset_input)
    if face == ffi.NULL:
        face = harfbuzz_subset.hb_subset_or_fail(font.hb_face, subset_input)
    if face == ffi.NULL:
        return False
    face = ffi.gc(face, harfbuzz.hb_face_destroy)
    cff = _table(face, b"CFF ")
    if not cff:
        return False
    font.file_content = cff
    font._guidegen_bare_cff = True
    return True


def _font_type(font) -> str:
    if font.__dict__.get("_guidegen_bare_cff"):
        return "otf"
    return "otf" if font.file_content[:4] == b"OTTO" else "ttf"


def _mark_bare_cff(pdf) -> None:
    # build_fonts_dictionary labels every CFF stream /OpenType; bare CFF is /CIDFontType0C.
    for obj in pdf.objects:
        extra = getattr(obj, "extra", None)
        stream = getattr(obj, "stream", None)
        if extra is not None and extra.get("Subtype") == "/OpenType" and stream \
                and isinstance(stream[0], bytes) and stream[0][:1] == b"\x01":
            extra["Subtype"] = "/CIDFontType0C"


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
        if not _cid_subset(self, to_unicode, hinting):
            original_subset(self, to_unicode, hinting)

    original_build = pdf_fonts.build_fonts_dictionary

    def build_fonts_dictionary(pdf, *args, **kwargs):
        result = original_build(pdf, *args, **kwargs)
        _mark_bare_cff(pdf)
        return result

    font_class.__init__ = __init__
    font_class._harfbuzz_subset = _harfbuzz_subset
    font_class.type = property(_font_type)
    font_class.file_content = property(_get_file_content, _set_file_content)
    pdf_package.build_fonts_dictionary = build_fonts_dictionary
    font_class._guidegen_lazy = True
    return True
