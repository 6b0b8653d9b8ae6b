"""The shape of a build state file: what ``state.json`` must hold to be used at all.

A state that parses but has another shape (edited by hand, written by a foreign tool) is
"unusable": the build warns once and rebuilds everything instead of failing half-way.
"""

from __future__ import annotations

import datetime

ENTRY_KEYS = {"added": ("id", "name", "list"), "removed": ("id", "name", "list"),
              "moved": ("id", "name", "old", "new"), "changed": ("id", "name", "label", "old", "new")}


def _strs(value, keys=()) -> bool:
    return (isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                            for k, v in value.items())
            and all(k in value for k in keys))


def _day(value) -> bool:
    try:
        return isinstance(value, str) and datetime.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _output(entry) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("key"), str)
            and isinstance(entry.get("sha256"), (str, type(None)))
            and (entry.get("stat") is None or isinstance(entry["stat"], list)
                 and all(type(n) is int for n in entry["stat"])))


def _change(entry) -> bool:
    return (isinstance(entry, dict) and _day(entry.get("date"))
            and all(isinstance(entry.get(kind, []), list)
                    and all(_strs(e, keys) for e in entry.get(kind, []))
                    for kind, keys in ENTRY_KEYS.items()))


def usable(data) -> bool:
    """True when ``data`` (a parsed state file) has exactly the shape guidegen writes."""
    if not isinstance(data, dict):
        return False
    outputs, items = data.get("outputs", {}), data.get("items", {})
    removed, changes = data.get("removed", {}), data.get("changes", [])
    return (isinstance(outputs, dict) and all(isinstance(k, str) and _output(v) for k, v in outputs.items())
            and isinstance(items, dict) and all(isinstance(k, str) and _strs(v, ("name", "status"))
                                                for k, v in items.items())
            and isinstance(removed, dict)
            and all(isinstance(k, str) and _strs(v, ("name", "list")) and _day(v.get("date"))
                    for k, v in removed.items())
            and isinstance(changes, list) and all(_change(c) for c in changes)
            and isinstance(data.get("inputs", {}), (dict, type(None))))
