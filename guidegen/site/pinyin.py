"""Pinyin initials of Chinese text (户籍 → hj), for the site search.

pypinyin's ``pinyin()`` would do, but importing the package loads its phrase dictionary
(~0.25 s on every build that rewrites the search index). The single-character readings
it ships as ``pinyin_dict.json`` load in ~0.04 s, so they are read directly; the public
module is the fallback should a release move the file. Per character every reading
counts (长 → c or z), since the phrase context that would pick one is not used.
"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

OPEN, CLOSE = "(", ")"  # around a character's alternatives: 长 → "(zc)"
OTHER = "_"  # a character without initials (punctuation, spaces)


@lru_cache(maxsize=1)
def readings() -> dict[int, str]:
    """Code point → its readings (``"zhǎng,cháng"``), as pypinyin lists them."""
    spec = find_spec("pypinyin")  # locates the package without running its __init__
    try:
        folder = Path(spec.submodule_search_locations[0])  # type: ignore[union-attr]
        raw = (folder / "pinyin_dict.json").read_text("utf-8")
        return {int(cp): value for cp, value in json.loads(raw).items()}
    except (AttributeError, IndexError, TypeError, OSError, ValueError):
        from pypinyin.pinyin_dict import pinyin_dict  # the slow public way
        return dict(pinyin_dict)


def _first_letter(reading: str) -> str:
    base = unicodedata.normalize("NFD", reading.strip())[:1].lower()
    return base if "a" <= base <= "z" else ""


@lru_cache(maxsize=65536)
def char_initials(char: str) -> str:
    """The distinct initials of one character's readings, most common first; "" if none."""
    found = readings().get(ord(char))
    if found is None:
        return ""
    letters = (_first_letter(r) for r in found.split(","))
    return "".join(dict.fromkeys(letter for letter in letters if letter))


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """One slot per character of ``text``: a letter, ``(zc)`` for alternatives, or ``_``.

    Latin letters and digits stand for themselves, so slot ``i`` is character ``i``.
    """
    slots = []
    for char in text:
        letters = char_initials(char)
        if not letters:
            plain = unicodedata.normalize("NFKC", char).lower()
            letters = plain if len(plain) == 1 and plain.isascii() and plain.isalnum() else OTHER
        slots.append(letters if len(letters) == 1 else f"{OPEN}{letters}{CLOSE}")
    return "".join(slots)
