"""法规依据索引: every law and article cited, with the items relying on each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from guidegen.model import Item
from guidegen.validate.rules import basis_key

DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
UNITS = {"十": 10, "百": 100, "千": 1000}
HEADERS = ("序号", "法律法规", "条款", "条文内容", "依据该条款的事项")


def chinese_number(text: str) -> int | None:
    """第三十一条 → 31 (Arabic digits too); None when it is not a number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text.replace("两", "二").replace("〇", "零"):
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            total += (digit or 1) * UNITS[ch]
            digit = 0
        else:
            return None
    return total + digit


def article_order(article: str) -> tuple:
    """Sort key: articles in numeric order, then by text (第九条 before 第十条)."""
    numbers = [chinese_number(n) for n in re.findall(r"第([零〇一二两三四五六七八九十百千\d]+)[条款项]", article)]
    return (tuple(n if n is not None else 10**6 for n in numbers) or (10**6,), article)


@dataclass
class Citation:
    """One law and article: its texts as items quote them, and those items."""

    law: str
    article: str
    excerpts: dict[str, list[str]] = field(default_factory=dict)  # text → item names
    items: list[str] = field(default_factory=list)

    @property
    def excerpt(self) -> str:
        """The quoted text; several differing texts each with the items quoting it."""
        texts = [t for t in self.excerpts if t]
        if len(texts) <= 1:
            return texts[0] if texts else ""
        return "\n".join(f"【{'、'.join(self.excerpts[t])}】{t}" for t in texts)


def citations(items: tuple[Item, ...]) -> list[Citation]:
    """Every cited law and article, laws in name order, articles in numeric order."""
    found: dict[tuple[str, str], Citation] = {}
    for item in items:
        for basis in item.legal_basis:
            key = basis_key(basis.law, basis.article)
            cite = found.setdefault(key, Citation(basis.law, basis.article))
            cite.excerpts.setdefault(basis.excerpt, [])
            if item.name not in cite.excerpts[basis.excerpt]:
                cite.excerpts[basis.excerpt].append(item.name)
            if item.name not in cite.items:
                cite.items.append(item.name)
    return sorted(found.values(), key=lambda c: (basis_key(c.law, "")[0], article_order(c.article)))


def rows(items: tuple[Item, ...]) -> list[list]:
    """The index as table rows (序号, 法律法规, 条款, 条文内容, 依据该条款的事项)."""
    return [[n, f"《{c.law}》", c.article, c.excerpt, "、".join(c.items)]
            for n, c in enumerate(citations(items), start=1)]
