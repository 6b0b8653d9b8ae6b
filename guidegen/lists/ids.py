"""Readable ASCII ids for items added in a workbook: the pinyin of the name."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

MAX_ID = 64


def base_id(name: str) -> str:
    """居民养犬证明（养犬证明） → ju-min-yang-quan: pinyin syllables of the name joined by hyphens."""
    name = unicodedata.normalize("NFKC", name)
    name = re.sub(r"\([^()]*\)", "", name).strip() or name  # 居民身份信息证明（户籍证明）
    core = name.removesuffix("证明") or name
    words = lazy_pinyin(core, style=Style.NORMAL, errors="default", v_to_u=False)
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words).lower()).strip("-")
    while len(slug) > MAX_ID - 4:  # room for a -NN suffix, cut at a syllable boundary
        cut = slug.rfind("-", 0, MAX_ID - 4)
        slug = slug[:cut] if cut > 0 else slug[:MAX_ID - 4]
    return slug or "item"


def new_id(name: str, taken: set[str]) -> str:
    """The id for a new item, unique among ``taken`` (ids and file names), which it joins.

    The same name always gets the same id while nothing else holds it, so importing a
    workbook twice (without --write the first time) proposes the same files.
    """
    candidate, n = base_id(name), 1
    while candidate in taken:
        n += 1
        candidate = f"{base_id(name)}-{n}"
    taken.add(candidate)
    return candidate
