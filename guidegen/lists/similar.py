"""When two certificate names mean the same certificate.

Cities write one certificate many ways: 亲属关系证明 / 亲属关系的证明 / 亲属关系情况证明,
full- or half-width brackets, 居民养犬证明 / 养犬证明, and the national list names
alternatives in brackets (婚姻状况证明（婚姻关系证明、分居证明）). So a name is compared by
its *core*: NFKC, without spaces and punctuation, without the words that carry no meaning
here (证明, 的, 出具, 开具, 有关, 情况/状况) and a leading 居民/村民; the bracketed names count
as aliases. Equal cores are the same certificate; cores that differ by little
(difflib ratio ≥ 0.8, e.g. one character in five) are only reported as possibly the same.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

FILLER = re.compile(r"证明|的|出具|开具|有关|相关|情况|状况|[^\w]|_")
BRACKETS = re.compile(r"[(（]([^()（）]*)[)）]")
CLOSE = 0.8


def aliases(name: str) -> list[str]:
    """The name without its brackets, then each name inside them (等 dropped)."""
    text = unicodedata.normalize("NFKC", name)
    inner = [p.strip().removesuffix("等") for m in BRACKETS.findall(text) for p in re.split(r"[、,，;；]", m)]
    return [BRACKETS.sub("", text).strip(), *(p for p in inner if p)]


def core(name: str) -> str:
    """The part of one name that tells certificates apart (see the module docstring)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", BRACKETS.sub("", name)))
    text = FILLER.sub("", text)
    return re.sub(r"^(居民|村民)(?!委员会)(?=..)", "", text) or text


def cores(name: str) -> set[str]:
    """Cores of the name and of every bracketed alias."""
    return {core(n) for n in aliases(name) if core(n)}


def close(a: str, b: str) -> bool:
    """Two different cores that are probably one certificate written differently."""
    if a == b or min(len(a), len(b)) < 2:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= CLOSE


@lru_cache(maxsize=1)
def national() -> tuple[str, dict[str, str]]:
    """The national not-issued list (national.yaml): its source, and core → listed name."""
    data = yaml.safe_load(Path(__file__).with_name("national.yaml").read_text(encoding="utf-8"))
    return data["source"], {c: name for name in data["names"] for c in cores(name)}


def nationally_not_issued(name: str) -> str | None:
    """The national list's name for this certificate, if the nation says not to issue it."""
    listed = national()[1]
    return next((listed[c] for c in sorted(cores(name)) if c in listed), None)
