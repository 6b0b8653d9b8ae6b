"""The workbook's shape, read off the pydantic models: one main sheet, one sheet per list.

Scalars and the fields of nested models become columns of the sheet their element lives
on; every tuple field becomes a sheet of its own, keyed by 编号 (and 序号 per list level),
so a field added to the model gets its column or sheet without a change here.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from dataclasses import dataclass

from annotated_types import Ge, Le
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from guidegen.lists.labels import COLUMNS, ID, MAIN_SHEET, NO, VALUES
from guidegen.model import Item

KINDS = ("text", "int", "bool", "choice", "date")


@dataclass(frozen=True)
class Column:
    """One column: where its value lives inside a list element, and what it holds."""

    path: tuple[str, ...]  # from the element (the item, or one element of the list)
    dotted: str  # from the item, without list indexes: the key of its label
    label: str
    kind: str
    choices: dict[str, str] | None = None  # code → label, for kind "choice"
    low: int | None = None
    high: int | None = None


@dataclass(frozen=True)
class Table:
    """The main sheet (path ()) or the sheet of one list field."""

    path: tuple[str, ...]  # list fields from the item down, e.g. ("form", "fields")
    levels: tuple[tuple[str, ...], ...]  # the path of each enclosing list, outermost first
    name: str
    columns: tuple[Column, ...]
    scalar: bool = False  # a list of texts: one value column

    @property
    def keys(self) -> tuple[str, ...]:
        """Key column labels: 编号, then one 序号 per list level (outer ones named)."""
        if not self.path:
            return ()
        outer = tuple(f"{COLUMNS['.'.join(level)]}{NO}" for level in self.levels[:-1])
        return (ID, *outer, NO)

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header of the sheet, keys first."""
        return self.keys + tuple(c.label for c in self.columns)


def _unwrap(annotation) -> tuple[object, list]:
    """The type inside Optional/Annotated, and the constraints met on the way."""
    meta: list = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            for m in extra:
                meta += m.metadata if isinstance(m, FieldInfo) else [m]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"unsupported union {annotation}")
            annotation = args[0]
        else:
            return annotation, meta


def _column(path: tuple[str, ...], dotted: str, annotation, meta: list) -> Column:
    if dotted not in COLUMNS:
        raise KeyError(f"no column label for field {dotted!r} (add it to lists/labels.py)")
    label = COLUMNS[dotted]
    if typing.get_origin(annotation) is typing.Literal:
        values = typing.get_args(annotation)
        names = VALUES.get(dotted, {})
        missing = [v for v in values if v not in names]
        if missing:
            raise KeyError(f"no label for values {missing} of {dotted!r} (lists/labels.py VALUES)")
        return Column(path, dotted, label, "choice", {v: names[v] for v in values})
    if annotation is bool:
        return Column(path, dotted, label, "bool")
    if annotation is int:
        low = next((m.ge for m in meta if isinstance(m, Ge)), None)
        high = next((m.le for m in meta if isinstance(m, Le)), None)
        return Column(path, dotted, label, "int", low=low, high=high)
    if annotation is str:
        return Column(path, dotted, label, "text")
    if annotation is dt.date:
        return Column(path, dotted, label, "date")
    raise TypeError(f"field {dotted!r} has a type the workbook cannot hold: {annotation}")


def _walk(model: type[BaseModel], table_path: tuple[str, ...], levels: tuple, prefix: tuple[str, ...],
          columns: list[Column], tables: list[Table]) -> None:
    for name, info in model.model_fields.items():
        annotation, meta = _unwrap(info.annotation)
        meta += info.metadata
        path = (*prefix, name)
        dotted = ".".join((*table_path, *path))
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _walk(annotation, table_path, levels, path, columns, tables)
        elif typing.get_origin(annotation) is tuple:
            element, element_meta = _unwrap(typing.get_args(annotation)[0])
            sub_path = (*table_path, *path)
            sub_levels = (*levels, sub_path)
            if dotted not in COLUMNS:
                raise KeyError(f"no sheet name for list field {dotted!r} (lists/labels.py)")
            sub_columns: list[Column] = []
            index = len(tables)
            tables.append(None)  # keep the model's order: this sheet before its own lists
            if isinstance(element, type) and issubclass(element, BaseModel):
                _walk(element, sub_path, sub_levels, (), sub_columns, tables)
                scalar = False
            else:
                sub_columns.append(_column((), dotted, element, element_meta))
                scalar = True
            tables[index] = Table(sub_path, sub_levels, COLUMNS[dotted], tuple(sub_columns), scalar)
        else:
            columns.append(_column(path, dotted, annotation, meta))


def item_tables(model: type[BaseModel] = Item) -> tuple[Table, ...]:
    """The main table first, then one table per list field, in the model's order."""
    columns: list[Column] = []
    tables: list[Table] = []
    _walk(model, (), (), (), columns, tables)
    return (Table((), (), MAIN_SHEET, tuple(columns)), *tables)


TABLES = item_tables()


def dig(value, path: tuple[str, ...]):
    """The value at ``path`` inside a model (None when a model on the way is None)."""
    for name in path:
        if value is None:
            return None
        value = getattr(value, name)
    return value


def elements(item: Item, table: Table) -> list[tuple[tuple[int, ...], object]]:
    """(indexes, element) of every element of ``table``'s list in ``item``, in order."""
    found: list[tuple[tuple[int, ...], object]] = [((), item)]
    done: tuple[str, ...] = ()
    for level in table.levels:
        step = level[len(done):]
        nxt = []
        for indexes, parent in found:
            for index, element in enumerate(dig(parent, step) or ()):
                nxt.append(((*indexes, index), element))
        found, done = nxt, level
    return found
