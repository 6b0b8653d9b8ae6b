"""No two items of one list under the same name: names and aliases compared loosely."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from guidegen.errors import Problem
from guidegen.load.parse import Loc, dotted
from guidegen.validate import lookalike


class _Entry(Protocol):
    item: object
    doc: object


def key(name: str) -> str:
    """A name as two items are compared: look-alike characters, width, case and spaces folded."""
    return lookalike.fold(name).lower()


def _loc(index: int) -> Loc:
    return ("name",) if index == 0 else ("aliases", index - 1)


def same_names(entries: Iterable[_Entry]) -> list[Problem]:
    """The second item of a list that uses a name (or alias) of an earlier one, both named."""
    problems = []
    first: dict[tuple[bool, str], tuple[_Entry, int]] = {}
    for entry in entries:
        item = entry.item
        for index, name in enumerate(item.names):
            seen = first.setdefault((item.retained, key(name)), (entry, index))
            other, at = seen
            if other is entry:
                continue
            label = "保留清单" if item.retained else "不应出具清单"
            where = f"{other.doc.path}:{other.doc.line_of(_loc(at))}"
            shown = other.item.names[at]
            problems.append(Problem(entry.doc.path, entry.doc.line_of(_loc(index)), dotted(_loc(index)),
                                    f"“{name}”与 {where}（{other.item.id}）的"
                                    f"{'名称' if at == 0 else '别名'}“{shown}”重复："
                                    f"{label}中的两个事项不能同名（名称和别名都算，不区分大小写、全角半角和空格），"
                                    "请改名或删除其中一个"))
    return problems
