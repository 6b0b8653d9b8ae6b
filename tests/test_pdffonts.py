"""pdffonts: the in-place CFF charset check agrees with fontTools on real fonts."""

from __future__ import annotations

import io
import subprocess

import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, TTFont

from guidegen.render.patches.pdffonts import cff_cid_identity

pytestmark = pytest.mark.patches  # tests of a patch: they need it installed


def font_file(family: str) -> str:
    return subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True,
                          text=True, check=True).stdout


def first_face(path: str) -> TTFont:
    return TTCollection(path).fonts[0] if path.endswith((".ttc", ".otc")) else TTFont(path)


def fonttools_identity(raw: bytes) -> bool:
    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(raw), None)
    top = fonts.topDictIndex[0]
    return hasattr(top, "ROS") and all(
        name == f"cid{gid:05d}" for gid, name in enumerate(top.charset) if gid)


@pytest.mark.parametrize("family", ["Noto Serif CJK SC", "Noto Sans CJK SC"])
def test_cjk_faces_are_cid_identity_as_fonttools_says(family):
    face = first_face(font_file(family))
    raw = face.reader["CFF "]
    assert cff_cid_identity(memoryview(raw), face["maxp"].numGlyphs) is True
    assert fonttools_identity(raw) is True


def test_a_renumbered_cid_subset_is_not_identity():
    face = first_face(font_file("Noto Sans CJK SC"))
    options = Options()
    options.retain_gids = False
    subsetter = Subsetter(options)
    subsetter.populate(text="证明事项䶮")
    subsetter.subset(face)
    raw = face["CFF "].compile(face)
    assert fonttools_identity(raw) is False
    assert cff_cid_identity(memoryview(raw), face["maxp"].numGlyphs) is False
