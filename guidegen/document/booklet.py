"""Compiled documents for the service hall: the guide booklet (汇编), the form book and the poster.

Each is made of the outlines every item's own documents are made of, so a booklet
shows exactly what the separate files show.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

from guidegen.document import supervision
from guidegen.document.blocks import Column, Doc, Heading, Table, para
from guidegen.document.form import form
from guidegen.document.guide import guide
from guidegen.document.links import index_qr
from guidegen.document.text import chinese_date, deadline_label, level1
from guidegen.model import Config, Item

# The poster: the names only (the other names are on the site), 五号 in a 170 mm type area.
POSTER_RETAINED = (Column("no", "序号", 12, "center"), Column("name", "证明名称", 76),
                   Column("department", "主管部门", 58), Column("deadline", "出具时限", 24, "center"))
POSTER_NOT_ISSUED = (Column("no", "序号", 12, "center"), Column("name", "证明名称", 73),
                     Column("no2", "序号", 12, "center"), Column("name2", "证明名称", 73))


@dataclass(frozen=True, slots=True)
class Booklet:
    """Several documents in one: a cover (``blocks``: the index's QR code) and the parts."""

    kind: str  # "booklet" (the guides) or "formbook" (the blank forms)
    title: str
    parts: tuple[Doc, ...]
    blocks: tuple = ()
    description: str = ""
    type: ClassVar[str] = "booklet"

    def headings(self) -> list[Heading]:
        """Every part's headings in order."""
        return [h for part in self.parts for h in part.headings()]


def titles(config: Config) -> dict[str, str]:
    """The compiled documents' titles by kind (the site's download names use them too)."""
    region = config.region
    return {"booklet": f"{region}村（居）民委员会出具证明事项办事指南汇编",
            "formbook": f"{region}村（居）民委员会出具证明表单汇编",
            "poster": f"{region}村（居）民委员会出具证明事项公示"}


def _without_qr(doc: Doc) -> Doc:
    # One QR code, the index's on the cover, serves the whole booklet.
    return dataclasses.replace(doc, blocks=tuple(b for b in doc.blocks if b.type != "qr"))


def guide_booklet(retained: tuple[Item, ...], config: Config) -> Booklet:
    """办事指南汇编: every guide, one after another, with a table of contents."""
    title = titles(config)["booklet"]
    return Booklet("booklet", title, tuple(_without_qr(guide(i, config)) for i in retained),
                   tuple(index_qr(config)), f"{title}（共{len(retained)}项）")


def form_book(retained: tuple[Item, ...], config: Config) -> Booklet:
    """证明表单汇编: every blank form (certificate and 存根), each on its own sheet."""
    title = titles(config)["formbook"]
    return Booklet("formbook", title, tuple(form(i, config) for i in retained), (),
                   f"{title}（共{len(retained)}种）")


def _pairs(items: tuple[Item, ...]) -> tuple[tuple[str, ...], ...]:
    half = (len(items) + 1) // 2
    rows = []
    for n in range(half):
        right = n + half
        rows.append((str(n + 1), items[n].name, str(right + 1) if right < len(items) else "",
                     items[right].name if right < len(items) else ""))
    return tuple(rows)


def poster(retained: tuple[Item, ...], not_issued: tuple[Item, ...], config: Config) -> Doc:
    """The A4 poster of both lists (张贴), with where to report and the index's QR code."""
    region = config.region
    blocks: list = list(index_qr(config, 22))
    blocks.append(Heading(1, level1(1), f"村（居）民委员会可以出具的证明事项（{len(retained)}项）", "sec-retained"))
    blocks.append(Table("poster-retained", POSTER_RETAINED, tuple(
        (str(n), i.name, i.department or "", deadline_label(i.deadline))
        for n, i in enumerate(retained, 1)) or (("", "无", "", ""),), "可以出具的证明事项"))
    blocks.append(Heading(1, level1(2), f"不应由村（居）民委员会出具的证明事项（{len(not_issued)}项）",
                          "sec-not-issued"))
    blocks.append(Table("poster-not-issued", POSTER_NOT_ISSUED, _pairs(not_issued) or (("", "无", "", ""),),
                        "不应出具的证明事项"))
    blocks.append(Heading(1, level1(3), "监督与纠正", "sec-supervision"))
    blocks += supervision.list_blocks(config)
    blocks += [para(config.authority, "right"), para(chinese_date(config), "right")]
    return Doc("poster", titles(config)["poster"], tuple(blocks),
               f"{region}村（居）民委员会出具证明事项公示（张贴用）")
