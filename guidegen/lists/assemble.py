"""A record and its list rows → the item's data, validated, with problems on cells."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from guidegen.errors import Problem
from guidegen.lists.cells import CellError
from guidegen.lists.labels import COLUMNS, VALUES
from guidegen.lists.records import ListRow, Record, Spot
from guidegen.lists.schema import Table
from guidegen.lists.submission import FIELDS
from guidegen.load.parse import Document
from guidegen.model import Item
from guidegen.validate import messages, rules

STATUS = {"municipal": ("retained", "municipal"), "sector": ("retained", "sector"),
          "not-issued": ("not-issued", None)}


@dataclass
class Assembled:
    """One item as the workbook has it: data, model (None if invalid), cells for messages."""

    record: Record
    old: Item | None
    data: dict
    spots: list[Spot] = field(default_factory=list)
    lines: dict[tuple, int] = field(default_factory=dict)
    item: Item | None = None

    def spot(self, loc: tuple, spot: Spot) -> None:
        """Remember where the value at ``loc`` came from."""
        self.spots.append(spot)
        self.lines[tuple(loc)] = len(self.spots)

    def document(self, token: str) -> Document:
        """The data as a Document whose 'lines' index ``spots`` (so rules can point at cells)."""
        return Document(token, self.data, self.lines)

    def problem(self, found: Problem) -> Problem:
        """A problem from the validators, moved from the token document to its cell."""
        spot = self.spots[found.line - 1] if 0 < found.line <= len(self.spots) else self.record.anchor
        loc = [p for p in re.sub(r"\[\d+\]", "", found.field).split(".") if p and not p.isdigit()]
        label = spot.label if spot.label and COLUMNS.get(".".join(loc)) in (None, spot.label) \
            else COLUMNS.get(".".join(loc), found.field)
        return Problem(spot.where, 0, label, in_words(found.message, ".".join(loc)), found.severity)


def in_words(message: str, dotted: str) -> str:
    """A validator's message about YAML keys and codes, said with the workbook's column
    names and labels: “department” → “主管部门”, 当场办结（on-the-spot）→ 当场办结."""
    message = re.sub(r"“([a-z_]+(?:\.[a-z_]+)*)”", lambda m: f"“{COLUMNS.get(m.group(1), m.group(1))}”", message)
    codes = {code for values in VALUES.values() for code in values}
    message = re.sub(r"（([a-z-]+)）", lambda m: "" if m.group(1) in codes else m.group(0), message)
    message = re.sub(r"(?<![A-Za-z_.])([a-z]+_[a-z_]+)(?![A-Za-z_])",  # legal_deadline and the like
                     lambda m: COLUMNS.get(m.group(1), m.group(1)), message)
    message = re.sub(r"(\w+) \1(?!\w)", r"\1", message)  # 法定时限 legal_deadline → 法定时限
    if dotted in COLUMNS:  # the field's own key, written bare: 不需要填写 days
        message = re.sub(rf"(?<![A-Za-z_.]){re.escape(dotted.rsplit('.', 1)[-1])}(?![A-Za-z_])",
                         COLUMNS[dotted], message)
    return message


def _set(data: dict, path: tuple, value) -> None:
    for name in path[:-1]:
        if not isinstance(data.get(name), dict):
            data[name] = {}
        data = data[name]
    if value is None:
        data.pop(path[-1], None)
    else:
        data[path[-1]] = value


def _prune(value):
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, {}, [])}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def start(record: Record, old: Item | None, problems: list[Problem]) -> Assembled:
    """The item's data: the old item's, with the record's cells written over it."""
    base = old.model_dump(mode="json") if old is not None else {}
    done = Assembled(record, old, base)
    done.spot((), record.anchor)
    for loc, spot in record.spots.items():
        if loc:
            done.spot(loc, spot)
            for cut in range(1, len(loc)):  # a nested model's missing key: its first cell
                done.lines.setdefault(loc[:cut], done.lines[loc])
    if record.kind == "main":
        for path, value in record.values.items():
            _set(base, path, value)
    elif record.kind in STATUS:
        base["status"], catalog = STATUS[record.kind]
        if catalog:
            base["catalog"] = catalog
        for label, text in record.texts.items():
            name, parser = FIELDS[label]
            try:
                _set(base, (name,), parser(text, old) if text is not None else None)
            except CellError as exc:
                problems.append(Problem(record.spots[(name,)].where, 0, label, str(exc)))
    return done


def add_lists(done: Assembled, table: Table, rows: list[ListRow], problems: list[Problem]) -> None:
    """Replace the list of ``table`` with the sheet's rows (by 序号, then row order)."""
    rows = sorted(rows, key=lambda r: (tuple(n if n is not None else 10**9 for n in r.numbers), r.row))
    groups: dict[tuple, list[ListRow]] = {}
    for row in rows:
        groups.setdefault(tuple(n or 0 for n in row.numbers[:-1]), []).append(row)
    for parents in _parents(done.data, table) if len(table.levels) > 1 else [()]:
        groups.setdefault(parents, [])
    for parents, members in groups.items():
        holder, loc = _holder(done.data, table, parents)
        if holder is None:
            for row in members:
                problems.append(Problem(row.spots[()].where, 0, table.keys[-2],
                                        "上一级序号在对应的工作表中不存在"))
            continue
        name = table.path[len(table.levels[-2]) if len(table.levels) > 1 else 0:]
        old_list = _get(holder, name) or []
        new_list = []
        for index, row in enumerate(members):
            if table.scalar:
                element = row.values.get(())
            else:
                element = copy.deepcopy(old_list[index]) if index < len(old_list) and \
                    isinstance(old_list[index], dict) else {}
                for path, value in row.values.items():
                    _set(element, path, value)
            new_list.append(element)
            where = (*loc, *name, index)
            done.spot(where, row.spots[()])
            for path, spot in row.spots.items():
                if path:
                    done.spot((*where, *path), spot)
        _set(holder, name, new_list or None)


def _get(data, path: tuple):
    for name in path:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    return data


def _parents(data: dict, table: Table) -> list[tuple]:
    """Numbers (1-based) of every element of the enclosing lists, for nested list sheets."""
    found = [((), data)]
    done: tuple = ()
    for level in table.levels[:-1]:
        step = level[len(done):]
        found = [((*n, i + 1), e) for n, parent in found for i, e in enumerate(_get(parent, step) or [])]
        done = level
    return [n for n, _ in found]


def _holder(data: dict, table: Table, parents: tuple) -> tuple[dict | None, tuple]:
    """The dict that holds ``table``'s list for these parent numbers, and its location."""
    holder, loc, done = data, (), ()
    for level, number in zip(table.levels[:-1], parents):
        step = level[len(done):]
        items = _get(holder, step) or []
        if not 1 <= number <= len(items) or not isinstance(items[number - 1], dict):
            return None, loc
        holder, loc, done = items[number - 1], (*loc, *step, number - 1), level
    return holder, loc


def validate(done: Assembled, token: str) -> list[Problem]:
    """Build the model; problems of the item alone (schema and single-item rules)."""
    done.data = _prune(done.data)
    doc = done.document(token)
    item, found = messages.build(Item, doc)
    if item is None:
        found += rules.check_raw(doc, {p.field for p in found})
    else:
        found += rules.check_item(rules.Loaded(item, doc))
    done.item = item
    return [done.problem(p) for p in found]

