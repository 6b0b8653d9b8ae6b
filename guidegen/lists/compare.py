"""Loose equality of field values: what a clerk's retyping in Excel does not change.

A cell that differs from the data only in the width of digits, letters or brackets, or in
spaces, counts as unchanged, so the YAML keeps its own spelling; so do None, "" and ().
"""

from __future__ import annotations

from pydantic import BaseModel

from guidegen.lists.cells import fold


def key(value):
    """A hashable form of ``value`` in which loosely equal values are equal."""
    if isinstance(value, BaseModel):
        return tuple(key(getattr(value, name)) for name in type(value).model_fields)
    if isinstance(value, tuple | list):
        return tuple(key(v) for v in value) or None
    if isinstance(value, str):
        return fold(value) or None
    return value


def same(a, b) -> bool:
    """True when ``a`` and ``b`` are loosely equal (see the module docstring)."""
    return a is b or a == b or key(a) == key(b)


def changed_fields(old: BaseModel, new: BaseModel) -> list[str]:
    """Top-level fields whose values differ, in the model's order."""
    return [name for name in type(new).model_fields if not same(getattr(old, name), getattr(new, name))]
