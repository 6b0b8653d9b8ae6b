"""The no-op fast path: when no input changed since the build that made the live site,
say so from file stats alone, without loading the YAML, the models or the renderers.

Anything unusual (no manifest, another build running, leftovers of a crash, a changed
option, file, template or font, a site file touched) returns None: the normal build then
decides, and records a fresh manifest for next time.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from guidegen.config import find_config
from guidegen.errors import GuidegenError, Problem
from guidegen.incremental import manifest
from guidegen.incremental.state import (
    PENDING,
    STATE,
    BuildState,
    drop_handed,
    file_stat,
)
from guidegen.load.files import item_files
from guidegen.settings import Settings
from guidegen.write.guard import check_out_dir, protected
from guidegen.write.publish import STAGING, files_under


def replay(settings: Settings) -> tuple[list[Problem], int] | None:
    """(warnings of the last build, outputs skipped) when nothing changed, else None."""
    work, site = settings.out_dir / ".guidegen", settings.out_dir / "site"
    if (not (work / STATE).is_file() or (work / PENDING).exists()
            or any(work.glob(f"{STAGING}*"))):
        return None
    try:  # read-only: a build that then fails must leave OUT exactly as it was
        lock = open(work / "lock", "rb")
    except OSError:
        return None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # another build is running: the normal path says so
            return None
        state = BuildState.load(work / STATE, hand_on=True)  # to the build, if not a no-op
        if state.inputs is None or (work / PENDING).exists():
            return None
        config = find_config(settings.config_path, settings.data_dir)
        inputs = unchanged(state.inputs, settings.key(config))
        if inputs is None or not _site_intact(site, state.outputs, inputs.get("kept", [])):
            return None
        # Built there by an older guidegen, perhaps: refused now, as the normal path would.
        check_out_dir(settings.out_dir, protected(inputs["data_dir"], config))
        drop_handed()
        if inputs is not state.inputs:  # stats learnt by hashing: not hashed again next time
            state.inputs = inputs
            state.save(work)
        warnings = [Problem(*w) for w in inputs.get("warnings", [])]
        return warnings, len(state.outputs)


def unchanged(inputs: dict, key: str) -> dict | None:
    """``inputs`` (with refreshed stats where files were only touched) if all still hold."""
    try:
        if inputs.get("key") != key:
            return None
        data_dir = Path(inputs["data_dir"])
        walk = item_files(data_dir)
        if walk.linked or walk.problems:
            return None
        found = [os.path.relpath(p, data_dir) for p in walk.files]
        if found != inputs["items"]:
            return None
        files = _same_files(inputs["files"])
        if files is None:
            return None
        trees = {}
        for root, tree in inputs["trees"].items():
            if tree is None:
                if os.path.exists(root):
                    return None
                trees[root] = None
                continue
            now = manifest.tree_paths(Path(root))
            if now is None or sorted(now) != sorted(tree):
                return None
            trees[root] = _same_files({os.path.join(root, r): e for r, e in tree.items()})
            if trees[root] is None:
                return None
            trees[root] = {os.path.relpath(p, root): e for p, e in trees[root].items()}
        fonts = inputs["fonts"]
        if fonts is not None:
            fonts = _same_fonts(fonts)
            if fonts is None:
                return None
    except (manifest.Unusable, GuidegenError, OSError, KeyError, TypeError, AttributeError, ValueError):
        return None
    fresh = {**inputs, "files": files, "trees": trees, "fonts": fonts}
    return inputs if fresh == inputs else fresh


def _same_files(entries: dict) -> dict | None:
    found = {}
    for path, entry in entries.items():
        now = manifest.unchanged(path, entry)
        if now is None:
            return None
        found[path] = now
    return found


def _same_fonts(recorded: dict) -> dict | None:
    from guidegen import (
        fonts,  # fontconfig's answer: which files serve the families now
    )

    if fonts.fingerprint() != recorded["fingerprint"]:
        return None
    files = _same_files(recorded["files"])
    return None if files is None else {**recorded, "files": files}


def _site_intact(site: Path, outputs: dict, kept: list) -> bool:
    """Every live file is one the state recorded, untouched since (else is_fresh decides),
    or one a person added that the last build kept."""
    if not isinstance(kept, list) or files_under(site) != outputs.keys() | set(map(str, kept)):
        return False
    return all(file_stat(site / path) == entry.get("stat") for path, entry in outputs.items())
