"""Characters no installed font can draw, found before anything is rendered."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from guidegen import fonts
from guidegen.config import key_line
from guidegen.errors import ERROR, WARNING, Problem
from guidegen.load.files import display_path
from guidegen.load.cache import ItemCache
from guidegen.load.parse import PackedDocument, dotted, strings
from guidegen.model import Fonts, Item


def _drawable(ch: str) -> bool:
    # Spaces, joiners and direction marks have no glyph of their own by design;
    # neither do variation selectors (e.g. 邊 + U+E0101, an ideographic variation
    # sequence), which only pick a form of the character before them.
    if "VARIATION SELECTOR" in unicodedata.name(ch, ""):
        return False
    return unicodedata.category(ch) not in ("Zs", "Cc", "Cf", "Zl", "Zp")


def check_fonts(official: Fonts, config_file: Path | None) -> list[Problem]:
    """A font the config names (other than the defaults) that no installed font matches."""
    if config_file is None:
        return []
    problems = []
    for role, default in Fonts().model_dump().items():
        family = getattr(official, role)
        used = fonts.stand_in(role, family) if family != default else None
        if used is not None:
            problems.append(Problem(display_path(config_file), key_line(config_file, f"fonts.{role}"),
                                    f"fonts.{role}", f"没有安装与“{family}”匹配的字体，"
                                    f"PDF 中改用 {used}；请安装该字体，或改写为已安装的字体名"
                                    "（guidegen doctor 列出每个角色实际使用的字体）", WARNING))
    return problems


def check_glyphs(entries: Iterable[tuple[Item, PackedDocument]], cache: ItemCache | None = None,
                 strict: bool = False) -> list[Problem]:
    """Every character no installed font can draw, with item file, line and field; errors
    instead of warnings when ``strict``."""
    problems = [Problem("guidegen.yaml", 0, "fonts", f"未安装替代字体 {family}，PDF 可能缺字",
                        WARNING) for family in fonts.missing_families()]
    drawable = frozenset(map(chr, fonts.covered()))
    severity = ERROR if strict else WARNING
    for item, doc in entries:
        chars = cache.chars(doc.path) if cache is not None else None
        if chars is None:
            dump = item.model_dump(exclude_none=True)
            chars = "".join(sorted({ch for _loc, text in strings(dump) for ch in text}))
            if cache is not None:
                cache.set_chars(doc.path, chars)
        # Most items use only drawable characters: skip the walk over their fields.
        if not any(_drawable(ch) for ch in set(chars) - drawable):
            continue
        doc = doc.unpack()  # the lines of this item's problems
        for loc, text in strings(item.model_dump(exclude_none=True)):
            missing = sorted(ch for ch in set(text) - drawable if _drawable(ch))
            if missing:
                shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing[:10])
                problems.append(Problem(doc.path, doc.line_of(loc), f"{item.id}: {dotted(loc)}",
                                        f"字符 {shown} 在已安装的字体中都没有字形，PDF 中会缺字",
                                        severity))
    return problems
