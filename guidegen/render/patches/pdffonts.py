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

Follows WeasyPrint 70.0 (``weasyprint.pdf.fonts.Font.__init__``, ``Font._harfbuzz_subset``,
``Font.type``, ``get_hb_object_data``, ``weasyprint.pdf.build_fonts_dictionary``) and
pydyf 0.13.0 (``Stream``); installed only on those versions (``patches/__init__.py``).
Measured by bench/patches.py on the sample set: a PDF takes 89 ms (99%) more without it.
"""

from __future__ import annotations

from functools import lru_cache

import pydyf
import weasyprint.pdf as pdf_package
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

from guidegen.render.patches import hbsubset

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
    del upem  # part of the cache key only: guards against a reused address
    face = ffi.cast("hb_face_t *", face_address)
    tag = harfbuzz.hb_tag_from_string(b"CFF ", -1)
    blob = ffi.gc(harfbuzz.hb_face_reference_table(face, tag), harfbuzz.hb_blob_destroy)
    length = ffi.new("unsigned int *")
    data = harfbuzz.hb_blob_get_data(blob, length)
    if not length[0]:
        return False
    # Read in place: copying a CJK font's 15 MB CFF and decompiling its 65,535-name
    # charset with fontTools cost ~50 ms per face in every new process.
    try:
        return cff_cid_identity(memoryview(ffi.buffer(data, length[0])), glyph_count)
    except (IndexError, ValueError):
        return False


def _index(cff: memoryview, pos: int) -> tuple[list[bytes], int]:
    """The items of the CFF INDEX at ``pos``, and the position after it."""
    count = int.from_bytes(cff[pos:pos + 2], "big")
    if count == 0:
        return [], pos + 2
    size = cff[pos + 2]
    offsets = [int.from_bytes(cff[pos + 3 + i * size:pos + 3 + (i + 1) * size], "big")
               for i in range(count + 1)]
    base = pos + 2 + (count + 1) * size  # offsets count from the byte before the data
    return [bytes(cff[base + a:base + b]) for a, b in zip(offsets, offsets[1:])], base + offsets[-1]


def _top_dict(data: bytes) -> dict[int, list]:
    """Operator → operands of a CFF DICT (escaped operators as 1200 + second byte)."""
    result, operands, i = {}, [], 0
    while i < len(data):
        b0 = data[i]
        if b0 <= 21:
            op = 1200 + data[i + 1] if b0 == 12 else b0
            i += 2 if b0 == 12 else 1
            result[op], operands = operands, []
        elif b0 == 28:
            operands.append(int.from_bytes(data[i + 1:i + 3], "big", signed=True))
            i += 3
        elif b0 == 29:
            operands.append(int.from_bytes(data[i + 1:i + 5], "big", signed=True))
            i += 5
        elif b0 == 30:  # a real: nibbles up to an 0xf; never an offset
            i += 1
            while data[i] & 0x0F != 0x0F and data[i] >> 4 != 0x0F:
                i += 1
            i += 1
            operands.append(0.0)
        elif b0 <= 246:
            operands.append(b0 - 139)
            i += 1
        elif b0 <= 250:
            operands.append((b0 - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif b0 <= 254:
            operands.append(-(b0 - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise ValueError("reserved CFF DICT byte")
    return result


def cff_cid_identity(cff: memoryview, glyph_count: int) -> bool:
    """True when a CFF table is CID-keyed (has ROS) and maps glyph id n to CID n."""
    _, pos = _index(cff, cff[2])  # Name INDEX after the header
    tops, _ = _index(cff, pos)
    top = _top_dict(tops[0])
    if 1230 not in top or not top.get(15) or top[15][0] <= 2:  # ROS; a custom charset
        return False
    pos, fmt, gid = top[15][0] + 1, cff[top[15][0]], 1
    while gid < glyph_count:
        if fmt == 0:
            first, count = int.from_bytes(cff[pos:pos + 2], "big"), 1
            pos += 2
        elif fmt in (1, 2):
            first = int.from_bytes(cff[pos:pos + 2], "big")
            count = 1 + (cff[pos + 2] if fmt == 1 else int.from_bytes(cff[pos + 2:pos + 4], "big"))
            pos += 3 if fmt == 1 else 4
        else:
            return False
        if first != gid:
            return False
        gid += count
    return gid == glyph_count


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
