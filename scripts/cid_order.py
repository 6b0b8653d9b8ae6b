"""Renumber a CID-keyed CFF OpenType font so that every glyph's id equals its CID.

Used by scripts/bootstrap.sh on the Fandol fonts (Adobe-GB1 CIDs, glyphs numbered densely).
guidegen's PDF font patch embeds a subset of such a font as bare CFF without keeping a
slot for every glyph only when glyph id == CID (render/patches/pdffonts.py); otherwise
WeasyPrint embeds a 200 KB OpenType subset with an empty slot per glyph id, ~40 ms more
per guide. The outlines, metrics, cmap and layout tables are unchanged; missing CIDs get
empty glyphs. Usage: python cid_order.py SOURCE.otf TARGET.otf
"""

from __future__ import annotations

import sys

from fontTools.misc.psCharStrings import T2CharString
from fontTools.ttLib import TTFont


def renumber(source: str, target: str) -> None:
    """Write ``source`` with glyph id == CID to ``target``."""
    font = TTFont(source)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    old_order = font.getGlyphOrder()
    cids = {name: (0 if name == ".notdef" else int(name[3:])) for name in old_order}
    order = [".notdef"] + [f"cid{cid:05d}" for cid in range(1, max(cids.values()) + 1)]
    strings = top.CharStrings
    fds = top.FDSelect
    fd_of = {name: fds[i] for i, name in enumerate(old_order)}
    glyphs = {name: strings[name] for name in old_order}
    blank_private = top.FDArray[0].Private
    for name in order:
        if name not in glyphs:
            glyph = T2CharString(program=["endchar"], private=blank_private, globalSubrs=cff.GlobalSubrs)
            glyphs[name], fd_of[name] = glyph, 0
    strings.charStringsIndex.items = [glyphs[name] for name in order]
    strings.charStrings = {name: index for index, name in enumerate(order)}
    top.charset = order
    fds.gidArray = [fd_of[name] for name in order]
    for tag, width in (("hmtx", None), ("vmtx", None)):
        if tag in font:
            metrics = font[tag].metrics
            empty = (metrics[".notdef"][0], 0)
            for name in order:
                metrics.setdefault(name, empty)
    font.setGlyphOrder(order)
    if "VORG" in font:
        font["VORG"].numVertOriginYMetrics = len(font["VORG"].VOriginRecords)
    font.save(target)


if __name__ == "__main__":
    renumber(sys.argv[1], sys.argv[2])
