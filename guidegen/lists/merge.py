"""``guidegen merge``: the province gathers the cities' submission workbooks (汇总报审)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.errors import GuidegenError, Problem, ValidationFailed
from guidegen.lists import cells, records, rowcheck, similar, submission
from guidegen.lists.mergeinputs import MARK, city_name
from guidegen.lists.reader import read_tables
from guidegen.lists.style import Sheet, add_sheet, new_workbook, save
from guidegen.lists.submission import ATTACHMENTS, CONFLICT_HEADERS, SOURCE
from guidegen.load.files import display_path
from guidegen.model import Fonts

COLUMNS = {"municipal": submission.RETAINED_HEADERS, "sector": submission.RETAINED_HEADERS,
           "not-issued": submission.NOT_ISSUED_HEADERS}
CONFLICT_SHEET = "需核实"


@dataclass
class Entry:
    """One certificate as one city submitted it."""

    city: str
    kind: str
    texts: dict[str, str]  # column → text

    @property
    def name(self) -> str:
        """证明名称 as the city wrote it."""
        return self.texts.get("证明名称", "")


@dataclass
class Group:
    """One certificate across cities: the entries that name it the same way (by core)."""

    kind: str
    core: str
    entries: list[Entry] = field(default_factory=list)

    @property
    def cities(self) -> list[str]:
        """来源: the cities that submitted it, in the order given."""
        return list(dict.fromkeys(e.city for e in self.entries))

    @property
    def name(self) -> str:
        """The name most cities use (the first such on a tie)."""
        return Counter(e.name for e in self.entries).most_common(1)[0][0]


@dataclass(frozen=True)
class Conflict:
    """Something the province must check before it submits the merged list."""

    kind: str
    name: str
    cities: str
    detail: str


def read_city(path: Path) -> tuple[str, list[Entry]]:
    """A city's submission workbook → its certificates, per attachment."""
    found, _ = read_tables(path)
    problems: list[Problem] = []
    entries = []
    attachments = [t for t in found if t.kind.name in ("retained", "not-issued")]
    if not attachments:
        raise GuidegenError(f"{display_path(path)} 中没有附件1、附件2 或附件3 的表格（表头应为 序号、证明名称……）")
    city = city_name(path, [t.above for t in attachments])
    found_records = []
    for table in attachments:
        rows = dict(table.rows)
        for record in records.main_records(table, problems):
            texts = {label: cells.text(table.value(rows[record.row], label)) or "" for label in table.columns}
            texts.update({label: text or "" for label, text in record.texts.items()})
            entries.append(Entry(city, record.kind, texts))
            found_records.append(record)
    problems += rowcheck.duplicate_rows(found_records, {})[0] + rowcheck.numeric_names(found_records, {})[0] + [p for t in attachments for p in t.problems]
    if problems:
        raise ValidationFailed(problems)
    return city, entries


def _basis(text: str) -> frozenset:
    return frozenset(cells.fold(line).strip("《》") for line in re.split(r"[\n；;]", text) if line.strip())


def _differs(group: Group, column: str, key=cells.fold) -> list[str]:
    values: dict = {}
    for entry in group.entries:
        if column in entry.texts:  # a city whose table has no such column differs from none
            values.setdefault(key(entry.texts[column]), []).append(entry)
    if len(values) < 2:
        return []
    return [f"{'、'.join(dict.fromkeys(e.city for e in es))}：{es[0].texts.get(column) or '（空）'}"
            for es in values.values()]


def group_entries(entries: list[Entry]) -> dict[str, list[Group]]:
    """Entries of each attachment grouped into certificates by the core of their name."""
    groups: dict[str, dict[str, Group]] = {a.key: {} for a in ATTACHMENTS}
    for entry in entries:
        key = similar.core(entry.name)
        groups[entry.kind].setdefault(key, Group(entry.kind, key)).entries.append(entry)
    return {kind: list(found.values()) for kind, found in groups.items()}


def conflicts(groups: dict[str, list[Group]]) -> list[Conflict]:
    """Different names, departments or legal bases; near names; national not-issued ones."""
    found = []
    for kind, listed in groups.items():
        for group in listed:
            cities = "、".join(group.cities)
            for label, column, key in (("名称不同", "证明名称", cells.fold),
                                       ("主管部门不同", "主管部门", cells.fold),
                                       ("法律法规依据不同", "法律法规依据", _basis)):
                if column in COLUMNS[kind]:
                    variants = _differs(group, column, key)
                    if variants:
                        found.append(Conflict(label, group.name, cities, "；".join(variants)))
            national = similar.nationally_not_issued(group.name) if kind != "not-issued" else None
            if national:
                found.append(Conflict("国家明确不应出具", group.name, cities,
                                      f"属于《不应由村（居）民委员会出具证明事项清单（第一批）》中的“{national}”"
                                      f"（{similar.national()[0]}），不能列入保留清单"))
        for i, a in enumerate(listed):
            for b in listed[i + 1:]:
                if similar.close(a.core, b.core):
                    found.append(Conflict("名称相近", f"{a.name} / {b.name}",
                                          "、".join(dict.fromkeys(a.cities + b.cities)),
                                          "可能是同一证明的不同写法，请核实后统一名称"))
    retained = {g.core: g for k in ("municipal", "sector") for g in groups[k]}
    for group in groups["not-issued"]:
        if group.core in retained:
            other = retained[group.core]
            found.append(Conflict("清单不一致", group.name, "、".join(dict.fromkeys(other.cities + group.cities)),
                                  f"{'、'.join(other.cities)} 列为保留，{'、'.join(group.cities)} 列为不应出具"))
    return found


def _merged_row(group: Group, number: int) -> list:
    columns = COLUMNS[group.kind]
    row = [number]
    for column in columns[1:]:
        if column == "证明名称":
            row.append(group.name)
        elif column in ("法律法规依据", "办理用途"):
            lines = [ln for e in group.entries for ln in e.texts.get(column, "").split("\n") if ln.strip()]
            row.append("\n".join(dict.fromkeys(lines)))
        else:
            values = list(dict.fromkeys(e.texts.get(column, "") for e in group.entries if e.texts.get(column)))
            row.append(values[0] if len(values) == 1 else
                       "\n".join(f"{e.city}：{e.texts.get(column)}" for e in group.entries if e.texts.get(column)))
    return [*row, "、".join(group.cities)]


def merge(paths: list[Path], out: Path, fonts: Fonts) -> tuple[list[str], dict[str, list[Group]], list[Conflict]]:
    """Merge the cities' workbooks into ``out``; the cities, the groups and the conflicts."""
    cities: dict[str, Path] = {}
    entries = []
    for path in paths:
        city, found = read_city(path)
        if city in cities:  # two versions of one city's list (or a title copied from another city)
            raise GuidegenError(f"{display_path(path)} 和 {display_path(cities[city])} 都是{city}的清单"
                                "（取自标题行或文件名）：同一地区只能给一个工作簿，请去掉旧的一份，"
                                "或改正标题中的地区名称")
        cities[city] = path
        entries += found
    groups = group_entries(entries)
    found = conflicts(groups)
    book = new_workbook(fonts)
    for attachment in ATTACHMENTS:
        rows = [_merged_row(g, n) for n, g in enumerate(groups[attachment.key], start=1)]
        add_sheet(book, Sheet(attachment.sheet, (*attachment.headers, SOURCE), rows,
                              f"{attachment.title}（汇总）", wide=(1, 2, 3, 5, 6)))
    add_sheet(book, Sheet(CONFLICT_SHEET, CONFLICT_HEADERS,
                          [[n, c.kind, c.name, c.cities, c.detail] for n, c in enumerate(found, start=1)],
                          "汇总时需要核实的问题", wide=(2, 3, 4)))
    book.workbook.properties.creator = MARK  # lets a later merge overwrite it without asking
    book.workbook.properties.keywords = MARK
    save(book, out)
    return list(cities), groups, found
