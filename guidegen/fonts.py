"""Fonts for the PDF: which installed file serves each role, and what the installed fonts cover."""

from __future__ import annotations

import hashlib
import subprocess
from functools import lru_cache

# Free fonts the set-up installs, standing in for the official names per role
# (the CSS stacks in templates/html/print_base.html list the same families).
SUBSTITUTES = {
    "title": ("Noto Serif CJK SC",),
    "body": ("FandolFang", "Noto Serif CJK SC"),  # a 仿宋; Noto for what it lacks
    "heading1": ("Noto Sans CJK SC",),
    "heading2": ("FandolKai", "AR PL UKai CN", "Noto Serif CJK SC"),
    "number": ("Liberation Serif",),
}
RARE_FALLBACK = ("HanaMinA", "HanaMinB")  # 花园明朝: CJK extensions B–F for 生僻字
# Emoji typed on phones. Not named in the CSS stacks (Pango would then draw ASCII digits
# and spaces from it, as bitmaps); fontconfig's fallback picks it for emoji only, and
# WeasyPrint paints its colour bitmaps (CBDT) and embeds the font as a subset.
EMOJI_FALLBACK = ("Noto Color Emoji",)  # Debian fonts-noto-color-emoji


# fontconfig weight of each role in the print stylesheet (the title is set in 900: Black).
ROLE_WEIGHTS = {"title": "black"}


def role_stack(role: str) -> tuple[str, ...]:
    """Free families that render a role, in CSS order (before ``EMOJI_FALLBACK``)."""
    return SUBSTITUTES[role] + RARE_FALLBACK


def every_family() -> list[str]:
    """Every free family any stack uses, emoji included, sorted."""
    return sorted({f for role in SUBSTITUTES for f in role_stack(role)} | set(EMOJI_FALLBACK))


@lru_cache(maxsize=1)
def _listing() -> dict[str, tuple[str, int, str]]:
    """Family name → (font file, index in collection, charset ranges), from fontconfig.

    fontconfig keeps every font's character set in its cache, so asking it is
    ~70 ms for all fonts, where parsing the CJK cmaps with fontTools took seconds.
    """
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\t%{index}\t%{charset}\n"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    found: dict[str, tuple[str, int, str]] = {}
    for line in sorted(listing.splitlines()):
        try:
            families, path, index, charset = line.split("\t")
        except ValueError:
            continue
        for family in families.split(","):
            found.setdefault(family.strip(), (path, int(index or 0), charset))
    return found


def _match(family: str, weight: str) -> tuple[list[str], str, int] | None:
    """fc-match's answer for a family at a weight: (its families, file, index)."""
    pattern = "".join("\\" + c if c in "\\-:," else c for c in family) + f":weight={weight}"
    try:
        found = subprocess.run(["fc-match", "--format", "%{family}\t%{file}\t%{index}", pattern],
                               capture_output=True, text=True, check=True, timeout=60).stdout
        families, path, index = found.split("\t")
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return [f.strip() for f in families.split(",")], path, int(index or 0)


def font_file(family: str, weight: str = "regular") -> tuple[str, str, int] | None:
    """(family, file, index in its collection) fontconfig draws ``family`` with at ``weight``:
    the family itself, or what its configuration puts in for it (``Times New Roman`` →
    Liberation Serif); None when it knows the name not at all and would use its default."""
    found = _match(family, weight)
    if found is None:
        return None
    families, path, index = found
    if family.casefold() in {f.casefold() for f in families}:
        return family, path, index
    default = _match("guidegen-no-such-family", weight)
    if default is None or (default[1], default[2]) == (path, index):
        return None
    return families[0], path, index


def stand_in(role: str, family: str) -> str | None:
    """None when fontconfig knows ``family``; else the free family drawn in its place."""
    if family in installed() or font_file(family, ROLE_WEIGHTS.get(role, "regular")) is not None:
        return None
    return next((f for f in SUBSTITUTES[role] if f in installed()), "系统默认字体")


def installed() -> dict[str, tuple[str, int]]:
    """Family name → (font file, index in collection)."""
    return {family: (path, index) for family, (path, index, _) in _listing().items()}


def _coverage(charset: str) -> set[int]:
    points: set[int] = set()
    for part in charset.split():
        low, _, high = part.partition("-")
        points.update(range(int(low, 16), int(high or low, 16) + 1))
    return points


@lru_cache(maxsize=1)
def covered() -> frozenset[int]:
    """Code points some installed font of the body and title stacks can draw."""
    fonts = _listing()
    points: set[int] = set()
    for family in dict.fromkeys(role_stack("body") + role_stack("title") + EMOJI_FALLBACK):
        if family in fonts:
            points |= _coverage(fonts[family][2])
    return frozenset(points)


def missing_families() -> list[str]:
    """Substitute families that fontconfig does not know."""
    fonts = installed()
    return [f for f in every_family() if f not in fonts]


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of the font files behind every role, so a font change rebuilds the PDFs."""
    fonts = installed()
    h = hashlib.sha256()
    for family in every_family():
        h.update(f"{family}={fonts.get(family)}".encode())
    return h.hexdigest()
