"""Fonts for the PDF: which installed file serves each role, and which characters none covers."""

from __future__ import annotations

import hashlib
import subprocess
import unicodedata
from functools import lru_cache

from fontTools.ttLib import TTFont

from guidegen.errors import WARNING, Problem, ValidationFailed
from guidegen.loader import dotted
from guidegen.project import Project

# Free fonts the set-up installs, standing in for the official names per role
# (the CSS stacks in templates/html/print_base.html list the same families).
SUBSTITUTES = {
    "title": ("Noto Serif CJK SC",),
    "body": ("Liberation Serif", "Noto Serif CJK SC"),
    "heading1": ("Noto Sans CJK SC",),
    "heading2": ("AR PL UKai CN", "Noto Serif CJK SC"),
    "number": ("Liberation Serif",),
}
RARE_FALLBACK = ("HanaMinA", "HanaMinB")  # 花园明朝: CJK extensions B–F for 生僻字


def role_stack(role: str) -> tuple[str, ...]:
    """Free families that render a role, in CSS order."""
    return SUBSTITUTES[role] + RARE_FALLBACK


@lru_cache(maxsize=1)
def installed() -> dict[str, tuple[str, int]]:
    """Family name → (font file, index in collection), from fontconfig."""
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{index}\n"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, tuple[str, int]] = {}
    for line in sorted(listing.splitlines()):
        try:
            families, path, index = line.split("\t")
        except ValueError:
            continue
        for family in families.split(","):
            found.setdefault(family.strip(), (path, int(index or 0)))
    return found


@lru_cache(maxsize=None)
def _coverage(path: str, index: int) -> frozenset[int]:
    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Code points some installed font of the body and title stacks can draw."""
    fonts = installed()
    points: set[int] = set()
    for family in dict.fromkeys(role_stack("body") + role_stack("title")):
        if family in fonts:
            points |= _coverage(*fonts[family])
    return frozenset(points)


def missing_families() -> list[str]:
    """Substitute families that fontconfig does not know."""
    fonts = installed()
    every = {f for role in SUBSTITUTES for f in role_stack(role)}
    return sorted(f for f in every if f not in fonts)


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of the font files behind every role, so a font change rebuilds the PDFs."""
    fonts = installed()
    h = hashlib.sha256()
    for family in sorted({f for role in SUBSTITUTES for f in role_stack(role)}):
        h.update(f"{family}={fonts.get(family)}".encode())
    return h.hexdigest()


def _texts(value, loc=()):
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, loc + (key,))
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            yield from _texts(child, loc + (index,))


def _drawable(ch: str) -> bool:
    # Spaces, joiners and direction marks have no glyph of their own by design.
    return unicodedata.category(ch) not in ("Zs", "Cc", "Cf", "Zl", "Zp")


def check_glyphs(project: Project, strict: bool = False) -> list[Problem]:
    """Every character no installed font can draw, with item file, line and field."""
    problems = [Problem("guidegen.yaml", 0, "fonts", f"未安装替代字体 {family}，PDF 可能缺字",
                        WARNING) for family in missing_families()]
    points = covered()
    severity = "error" if strict else WARNING
    for item in project.items:
        doc = project.docs[item.id]
        for loc, text in _texts(item.model_dump(exclude_none=True)):
            missing = sorted({ch for ch in text if _drawable(ch) and ord(ch) not in points})
            if missing:
                shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in missing[:10])
                problems.append(Problem(doc.path, doc.line_of(loc), f"{item.id}: {dotted(loc)}",
                                        f"字符 {shown} 在已安装的字体中都没有字形，PDF 中会缺字",
                                        severity))
    if strict and any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    return problems
