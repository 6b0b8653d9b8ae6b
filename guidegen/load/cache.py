"""Parsed item files cached by content, so a rebuild re-parses only the files that changed.

One file, ``OUT/.guidegen/items.cache``, maps (shown path, SHA-256 of the bytes) to what
loading and checking that file alone produced: the document (data and the line of every
key, as one marshalled blob, see ``PackedDocument``), the problems, whether the schema
accepted it, and the characters of its text (for the glyph check). Rules across items still run over everything on every build. It is written with
``marshal`` (fast, and unlike pickle it cannot run code); any unreadable or foreign cache
is ignored, and the Python and guidegen versions are part of the key.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from guidegen import __version__
from guidegen.errors import ERROR, WARNING, Problem
from guidegen.load.parse import Document, PackedDocument

CACHE = "items.cache"
_FORMAT = f"guidegen {__version__} python {sys.version} items 3"


class ItemCache:
    """Entries read from the cache file, plus this build's entries to write back."""

    def __init__(self, folder: Path | None):
        self.path = folder / CACHE if folder is not None else None
        self.old, self.unusable = _read(self.path) if self.path is not None else ({}, False)
        self.new: dict[str, list] = {}
        self.key_of: dict[str, str] = {}  # shown path → this build's key
        self.dirty = False

    def get(self, shown: str, sha: str) -> tuple[PackedDocument, Any, bool, list[Problem]] | None:
        """(document, its data, schema accepted it, problems) for a file seen before with these bytes;
        None when not cached, or when the entry has the wrong shape (the cache is unusable)."""
        key = f"{shown}\0{sha}"
        self.key_of[shown] = key
        entry = self.old.get(key)
        if entry is None:
            return None
        try:
            doc = PackedDocument(shown, entry[0]).unpack()
            problems = [Problem(*p) for p in entry[1]]
        except (ValueError, TypeError, EOFError, zlib.error):
            doc = problems = None
        if doc is None or not _fits(doc, entry, problems):
            self.distrust()
            return None
        self.new[key] = entry
        return PackedDocument(shown, entry[0]), doc.data, entry[2], problems

    def distrust(self) -> None:
        """An entry turned out not to describe its file: use none of the old cache."""
        self.unusable, self.old, self.dirty = True, {}, True

    def put(self, doc: PackedDocument, sha: str, valid: bool, problems: list[Problem]) -> None:
        """Remember what loading one file produced."""
        key = f"{doc.path}\0{sha}"
        self.key_of[doc.path] = key
        self.new[key] = [doc.blob, tuple(_plain(p) for p in problems), valid, None]
        self.dirty = True

    def chars(self, shown: str) -> str | None:
        """The distinct characters of an item's text, if known."""
        entry = self.new.get(self.key_of.get(shown, ""))
        return entry[3] if entry is not None else None

    def set_chars(self, shown: str, chars: str) -> None:
        """Remember an item's distinct characters."""
        entry = self.new.get(self.key_of.get(shown, ""))
        if entry is not None and entry[3] != chars:
            entry[3] = chars
            self.dirty = True

    def save(self) -> None:
        """Write this build's entries (only the current files'), if anything is new."""
        if self.path is None or not (self.dirty or self.new.keys() != self.old.keys()):
            return
        # Renamed into place but not fsynced: after a power cut a cache that is empty or
        # torn fails to load and is ignored, and one that loads is complete.
        tmp = self.path.with_name(f".{CACHE}.tmp{os.getpid()}")
        try:
            tmp.write_bytes(marshal.dumps((_FORMAT, self.new)))
            os.replace(tmp, self.path)
        except (OSError, ValueError):  # a cache that cannot be written is no loss
            with contextlib.suppress(OSError):
                tmp.unlink()
        self.old, self.dirty = dict(self.new), False

    def release(self) -> None:
        """Forget every entry (after ``save``): nothing is written any more."""
        self.old, self.new, self.key_of, self.dirty = {}, {}, {}, False
        self.path = None


def _plain(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.field, problem.message, problem.severity)


def _fits(doc: Document, entry: list, problems: list[Problem]) -> bool:
    return (isinstance(doc.data, dict) and all(type(n) is int for n in doc.lines.values())
            and type(entry[2]) is bool and isinstance(entry[3], (str, type(None)))
            and all(isinstance(p.path, str) and type(p.line) is int and isinstance(p.field, str)
                    and isinstance(p.message, str) and p.severity in (ERROR, WARNING)
                    for p in problems))


def _read(path: Path) -> tuple[dict[str, list], bool]:
    """The entries of a cache file, and whether a file was there but could not be used (one
    of an older guidegen or Python is expected after an upgrade, and not reported)."""
    try:
        header, entries = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        return {}, False
    except (OSError, ValueError, EOFError, TypeError):
        return {}, True
    if not isinstance(header, str) or not isinstance(entries, dict):
        return {}, True
    if header != _FORMAT:
        return {}, False
    if not all(isinstance(k, str) and isinstance(v, list) and len(v) == 4
               and isinstance(v[0], bytes) and isinstance(v[1], (tuple, list))
               for k, v in entries.items()):
        return {}, True
    return entries, False
