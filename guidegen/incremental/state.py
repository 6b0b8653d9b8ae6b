"""Build state: for every published output, the hash of its inputs and of its bytes.

The state lives in ``OUT/.guidegen/state.json`` and must always describe the
live ``OUT/site``. A build therefore writes its new state to ``state.next.json``
*before* swapping the site, tagged with the identity (device, inode) of the
staging directory that becomes the site, and renames it over ``state.json``
after the swap. If the build dies in between, ``settle`` decides from the live
site's identity whether the pending state belongs to it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guidegen import __version__
from guidegen.incremental.manifest import stat_of
from guidegen.incremental.shape import usable
from guidegen.site.links import last_changed
from guidegen.write.publish import write_atomic

if TYPE_CHECKING:
    from guidegen.plan import Output
    from guidegen.project import Project

STATE_VERSION = 1
STATE = "state.json"
PENDING = "state.next.json"


def digest(*parts: str | bytes) -> str:
    """SHA-256 over the given parts, separated so that ("ab","c") != ("a","bc")."""
    return _feed(hashlib.sha256(), parts).hexdigest()


def _feed(h, parts):
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h


def file_sha256(path: str | Path) -> str | None:
    """SHA-256 of a file's bytes, or None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def file_stat(path: str | Path) -> list[int] | None:
    """(size, mtime in ns, inode): changes whenever the file is rewritten or edited."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def identity(path: Path) -> list[int]:
    """(device, inode) of a directory: survives renames, differs between two live trees."""
    st = os.stat(path)
    return [st.st_dev, st.st_ino]


@dataclass
class BuildState:
    """Output path → input key and output hash; plus the published items and their history."""

    outputs: dict[str, dict] = field(default_factory=dict)
    items: dict[str, dict] = field(default_factory=dict)
    removed: dict[str, dict] = field(default_factory=dict)
    changes: list[dict] = field(default_factory=list)
    inputs: dict | None = None  # the manifest of the build that made the live site
    refreshed: bool = field(default=False, compare=False)  # is_fresh re-learnt a file stat
    published: set[str] = field(default_factory=set, compare=False)  # every path it recorded
    unusable: bool = field(default=False, compare=False)  # a file was there but not usable

    @classmethod
    def load(cls, path: Path, hand_on: bool = False) -> BuildState:
        """Read the state; a missing or corrupt file means a full build with no history.

        With ``hand_on``, the next load of the same, unchanged file returns this very
        object instead of parsing ~3 MB again (the no-op check, then the build).
        """
        global _HANDED
        where, stat = os.path.abspath(path), stat_of(path)  # stat first: then read
        handed, _HANDED = _HANDED, None
        if handed is not None and stat is not None and handed[:2] == (where, stat):
            return handed[2]
        state = cls._parse(path)
        if hand_on and stat is not None:
            _HANDED = (where, stat, state)
        return state

    @classmethod
    def _parse(cls, path: Path) -> BuildState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError):
            return cls(unusable=True)
        if not usable(data) or data.get("version") != STATE_VERSION:
            return cls(unusable=True)
        # After an upgrade every input key differs anyway (they include the version),
        # but the published items, tombstones and change history must survive it.
        same = data.get("guidegen") == __version__
        outputs = data.get("outputs", {})
        return cls(outputs=dict(outputs) if same else {}, items=dict(data.get("items", {})),
                   removed=dict(data.get("removed", {})), changes=list(data.get("changes", [])),
                   inputs=data.get("inputs") if same else None, published=set(outputs))

    def is_fresh(self, path: str, key: str, live: str | Path) -> bool:
        """True when ``live`` was made from exactly this input key and is unaltered since."""
        entry = self.outputs.get(path)
        if entry is None or entry.get("key") != key:
            return False
        stat = file_stat(live)
        if stat is None:
            return False
        if entry.get("stat") == stat:  # untouched since it was written: skip re-hashing
            return True
        if entry.get("sha256") is None or file_sha256(live) != entry["sha256"]:
            return False
        entry["stat"] = stat  # remembered for the next build when this state is saved
        self.refreshed = True
        return True

    def to_json(self, site: list[int] | None = None) -> bytes:
        """The state file's bytes: keys sorted, so equal states give equal files."""
        data = {
            "version": STATE_VERSION,
            "guidegen": __version__,
            "outputs": self.outputs,
            "items": self.items,
            "removed": self.removed,
            "changes": self.changes,
        }
        if self.inputs is not None:
            data["inputs"] = self.inputs
        if site is not None:
            data["site"] = site
        # Compact: indenting makes json use its pure-Python encoder, ~3x slower on 5,000 outputs.
        return json.dumps(data, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")).encode("utf-8")

    def save(self, work: Path) -> None:
        """Write ``state.json`` atomically."""
        write_atomic(work / STATE, self.to_json())

    def save_pending(self, work: Path, staging: Path) -> None:
        """Write the state the site will have once ``staging`` is swapped in."""
        write_atomic(work / PENDING, self.to_json(identity(staging)))


# (path, stat, state) of a state read with ``hand_on``; files are only ever replaced by
# rename, so an equal stat (with inode and ctime) means equal bytes.
_HANDED: tuple[str, list[int], BuildState] | None = None


def drop_handed() -> None:
    """Forget a state read with ``hand_on`` (its reader changed it)."""
    global _HANDED
    _HANDED = None


def commit(work: Path) -> None:
    """The swap happened: the pending state becomes the state."""
    os.replace(work / PENDING, work / STATE)


def settle(work: Path, site: Path) -> None:
    """After a crash: keep a pending state if its tree is the live site, else drop it."""
    pending = work / PENDING
    try:
        tag = json.loads(pending.read_text(encoding="utf-8")).get("site")
    except (OSError, ValueError, AttributeError):
        pending.unlink(missing_ok=True)
        return
    with contextlib.suppress(OSError):
        if tag is not None and tag == identity(site):
            commit(work)
            return
    pending.unlink(missing_ok=True)


def input_keys(project: Project, outputs: list[Output], renderers,
               state: BuildState) -> dict[str, str]:
    """Per output, a hash of everything it is made from (Lektor-style build state)."""
    from guidegen import (
        fonts,  # not needed by the no-op fast path, which must start quickly
    )

    config = project.config.model_dump_json()
    # A digest per item, not its JSON: 5,000 items' JSON (~25 MB) would stay in the heap
    # of the build process for the whole render.
    items = {i.id: digest(i.model_dump_json()) for i in project.items}
    # Lists follow the project's item order, so reordering an item is a change too.
    listing = digest(*(items[i.id] for i in project.items))
    # The counter notice shows only the not-issued list: a retained item's edit leaves it;
    # the guide booklet and the form book only the retained one.
    not_issued = digest(*(items[i.id] for i in project.not_issued))
    retained = digest(*(items[i.id] for i in project.retained))
    history = json.dumps(state.changes, ensure_ascii=False, sort_keys=True)
    updated = last_changed(state.changes)  # an item page shows the date it last changed
    dated_listing = digest(listing, history)
    # Everything but the data is shared by all outputs of a kind: hash it once per kind
    # and continue from a copy (the same bytes in the same order, so the same keys).
    prefixes: dict[tuple[str, str], Any] = {}  # hashlib objects (no public type)
    keys = {}
    for out in outputs:
        if (out.fmt, out.kind) not in prefixes:
            prefixes[(out.fmt, out.kind)] = _feed(hashlib.sha256(), (
                __version__, out.fmt, out.kind, renderers.template_digest(out.fmt, out.kind),
                config, fonts.fingerprint() if out.fmt == "pdf" else ""))
        if out.kind == "tombstone":
            data = json.dumps(state.removed[out.item_id], ensure_ascii=False, sort_keys=True)
        elif out.kind == "changes":
            data = history
        elif out.kind in ("register", "asset", "schema", "robots", "notfound"):  # no item data
            data = ""
        elif out.kind == "notice":
            data = not_issued
        elif out.kind in ("booklet", "formbook"):
            data = retained
        elif out.kind in ("items-json", "items-csv", "sitemap"):  # these carry the dates too
            data = dated_listing
        elif out.kind == "page":
            data = items[out.item_id] + updated.get(out.item_id, "")
        else:  # item outputs depend on their item only; list outputs on every item
            data = items[out.item_id] if out.item_id else listing
        keys[out.path] = _feed(prefixes[(out.fmt, out.kind)].copy(), (data,)).hexdigest()
    return keys
