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
            and (entry.get("stat") is None or _ints(entry["stat"], 3)))


def _change(entry) -> bool:
    return (isinstance(entry, dict) and _day(entry.get("date"))
            and all(isinstance(entry.get(kind, []), list)
                    and all(_strs(e, keys) for e in entry.get(kind, []))
                    for kind, keys in ENTRY_KEYS.items()))


def _ints(value, length: int | None = None) -> bool:
    return (isinstance(value, list) and all(type(n) is int for n in value)
            and (length is None or len(value) == length))


def _fingerprint(entry) -> bool:
    """[stat or None, sha256 or None], as manifest.fingerprint writes it."""
    return (isinstance(entry, list) and len(entry) == 2 and (entry[0] is None or _ints(entry[0], 5))
            and isinstance(entry[1], (str, type(None))))


def _files(value) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and _fingerprint(v) for k, v in value.items())


def _texts(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _warning(value) -> bool:
    return (isinstance(value, list) and len(value) == 5 and type(value[1]) is int
            and all(isinstance(value[i], str) for i in (0, 2, 3, 4)))


def _inputs(inputs) -> bool:
    """The no-op manifest (manifest.capture, build.py): every list of the length it writes."""
    if inputs is None:
        return True
    if not isinstance(inputs, dict):
        return False
    fonts, trees, warnings = inputs.get("fonts"), inputs.get("trees", {}), inputs.get("warnings", [])
    return (isinstance(inputs.get("key", ""), str) and isinstance(inputs.get("data_dir", ""), str)
            and (inputs.get("items") is None or _texts(inputs["items"]))
            and _files(inputs.get("files", {})) and _texts(inputs.get("kept", []))
            and isinstance(trees, dict)
            and all(isinstance(k, str) and (v is None or _files(v)) for k, v in trees.items())
            and (fonts is None or isinstance(fonts, dict) and isinstance(fonts.get("fingerprint"), str)
                 and _files(fonts.get("files")))
            and isinstance(warnings, list) and all(map(_warning, warnings)))


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
            and _inputs(data.get("inputs")) and (data.get("site") is None or _ints(data["site"], 2)))
