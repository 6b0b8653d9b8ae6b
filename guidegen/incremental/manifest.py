"""Fingerprints of a build's inputs (Lektor/make style): a rebuild with nothing changed can
tell so from file stats alone and skip loading the YAML.

Every input file is recorded as ``[stat, sha256]``. A stat that still matches proves the
file untouched (the ctime in it cannot be set back by users); a stat that differs falls
back to the hash. Files changed within ``RACY_NS`` of being recorded get no stat, because
a second edit within the same timestamp tick would leave the stat unchanged.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from guidegen.settings import Settings

RACY_NS = 2 * 10**9


class Unusable(Exception):
    """The inputs cannot be fingerprinted safely (a symlink): always take the normal path."""


def stat_of(path: str | Path) -> list[int] | None:
    """(size, mtime, ctime, inode, device): changes whenever the file is written or replaced."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _trusted(stat: list[int] | None, now: int) -> list[int] | None:
    return stat if stat is not None and stat[2] < now - RACY_NS else None


def read(path: str | Path) -> tuple[bytes, list]:
    """A file's bytes and its fingerprint ``[stat or None, sha256]`` (stat taken first)."""
    now = time.time_ns()
    stat = stat_of(path)
    with open(path, "rb") as handle:
        raw = handle.read()
    return raw, [_trusted(stat, now), hashlib.sha256(raw).hexdigest()]


def fingerprint(path: str | Path) -> list | None:
    """``[stat or None, sha256]`` of a file, or None when it cannot be read."""
    try:
        return read(path)[1]
    except OSError:
        return None


def unchanged(path: str | Path, entry: list) -> list | None:
    """The file's current fingerprint if it still has ``entry``'s content, else None."""
    stat = stat_of(path)
    if stat is not None and entry[0] is not None and stat == entry[0]:
        return entry
    if entry[1] is None:  # recorded by stat alone
        return None
    current = fingerprint(path)
    return current if current is not None and current[1] == entry[1] else None


def tree_paths(root: Path) -> list[str] | None:
    """Every file below ``root``, relative to it (None when it is not a folder)."""
    if not root.is_dir():
        return None
    found = []
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            if os.path.islink(os.path.join(folder, name)):
                raise Unusable
        found += [os.path.relpath(os.path.join(folder, f), root) for f in files]
    return found


def _tree(root: Path) -> dict[str, list] | None:
    """Fingerprint of every file below ``root`` (None when it is not a folder)."""
    paths = tree_paths(root)
    if paths is None:
        return None
    found = {}
    for rel in paths:
        found[rel] = fingerprint(root / rel)
        if found[rel] is None:
            raise Unusable
    return found


def template_roots(root: Path, templates: Path | None) -> list[Path]:
    """Folders whose files may be templates of this build: the user's, then the packaged."""
    from guidegen.render.templates import packaged_dir

    user = templates or root / "templates"
    return [Path(os.path.abspath(user / "html")), Path(os.path.abspath(user / "docx")),
            packaged_dir()]


def font_files(pdf: bool) -> dict | None:
    """The fonts a PDF build depends on: fontconfig's choice and those files' fingerprints."""
    if not pdf:
        return None
    from guidegen import fonts

    installed = fonts.installed()
    now = time.time_ns()
    files = {}
    for path, _index in sorted({installed[f] for f in fonts.every_family() if f in installed}):
        # Stat only: hashing ~100 MB of CJK fonts would cost more than the build saves.
        # With no hash to fall back on, any change of stat takes the normal path.
        files[path] = [_trusted(stat_of(path), now), None]
    return {"fingerprint": fonts.fingerprint(), "files": files}


def capture(sources: dict | None, root: Path, settings: Settings) -> dict | None:
    """The manifest of a build about to run (None when its inputs cannot be fingerprinted)."""
    if not sources or sources.get("items") is None:
        return None
    try:
        trees = {str(r): _tree(r) for r in template_roots(root, settings.templates_dir)}
        fonts_part = font_files("pdf" in settings.formats)
    except Unusable:
        return None
    return {"key": settings.key(sources["config"]),
            "data_dir": sources["data_dir"], "items": sources["items"],
            "files": sources["files"], "trees": trees, "fonts": fonts_part, "warnings": []}
