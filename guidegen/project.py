"""Gather a project: read the config, load every item file, validate all, stop once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from guidegen.config import find_config, key_line, load_config
from guidegen.errors import ERROR, GuidegenError, Problem, ValidationFailed
from guidegen.incremental import manifest
from guidegen.load.cache import ItemCache
from guidegen.load.files import display_path, item_files
from guidegen.load.parse import (
    MAX_FILE_BYTES,
    LoadError,
    PackedDocument,
    load_bytes,
    load_file,
)
from guidegen.model import Config, Item
from guidegen.validate import messages, rules
from guidegen.validate.glyphs import check_fonts, check_glyphs
from guidegen.write.guard import protected
from guidegen.write.memory import trim_heap


@dataclass(frozen=True)
class Project:
    """The validated project: config, items in id order, and their source documents."""

    root: Path
    config: Config
    items: tuple[Item, ...]
    docs: dict[str, PackedDocument] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    sources: dict = field(default_factory=dict)  # fingerprints of the files read (manifest)
    cache: ItemCache | None = None
    config_file: Path | None = None  # None: no guidegen.yaml was found, the defaults apply

    def release_sources(self) -> None:
        """Free the parsed files (kept for line numbers and the cache) once a build no longer
        needs them: they are most of the memory a large data set takes."""
        self.docs.clear()
        if self.cache is not None:
            self.cache.release()
        trim_heap()

    def protected(self) -> dict[str, Path]:
        """Folders an output folder must not contain: the data and the project's own."""
        return protected(self.sources.get("data_dir"), self.config_file)

    @property
    def retained(self) -> tuple[Item, ...]:
        """Items committees still issue."""
        return tuple(i for i in self.items if i.retained)

    @property
    def not_issued(self) -> tuple[Item, ...]:
        """Items committees no longer issue, in data order."""
        return tuple(i for i in self.items if not i.retained)


# Set by keep_loaded(): validated items by (shown path, content hash), for later loads.
_WARM: dict[tuple[str, str], Item] | None = None


def keep_loaded() -> None:
    """Let later loads in this process reuse the items of unchanged files (guidegen serve):
    an item is immutable, so one validated from the same bytes is the same item."""
    global _WARM
    if _WARM is None:
        _WARM = {}


def _missing_data_folder(exc: GuidegenError, config_file: Path | None) -> None:
    """Say where the missing data folder came from: the config's ``data``, or the default
    ``data/items`` because neither the config nor ``--data`` named one."""
    if config_file is None:
        raise GuidegenError(f"{exc.message}（没有用 --data 指定条目目录，也没有找到配置文件，这是默认的目录）；"
                            "请用 --data 写出存放条目文件的目录（如 --data 条目），"
                            "或在项目目录中放一个 guidegen.yaml，写一行 data: 条目目录") from None
    line = key_line(config_file, "data")
    if line:
        raise ValidationFailed([Problem(display_path(config_file), line, "data",
                                        f"{exc.message}（这个目录来自配置文件的 data）")]) from None
    raise ValidationFailed([Problem(display_path(config_file), 0, "",
                                    f"配置文件中没有写 data，默认的条目目录 {display_path(Path(config_file).parent / 'data' / 'items')} "
                                    "不存在；请在配置文件中加一行 data: 条目目录（相对于配置文件所在的目录，"
                                    "如 data: 条目），或用 --data 指定")]) from None


def load_project(config_path: Path | None = None, data_dir: Path | None = None,
                 cache_dir: Path | None = None, glyphs: bool = False,
                 strict: bool = False) -> Project:
    """Load and validate everything; raise ValidationFailed listing every error.

    With ``cache_dir``, files parsed by an earlier build with the same bytes are not
    parsed again (see ``load/cache.py``). With ``glyphs``, characters no installed font
    can draw are reported too: as errors when ``strict``.
    """
    config_file = find_config(config_path, data_dir)
    # Fingerprint before reading: a file edited meanwhile then differs next time.
    files_seen = {}
    if config_file is not None:
        files_seen[os.path.abspath(config_file)] = manifest.fingerprint(config_file)
    config, root, config_problems = load_config(config_file)
    data_arg = os.path.abspath(data_dir) if data_dir else None
    # "~/条目" in the config is the home folder, as the shell would read it on the command line.
    data_dir = data_dir or (root / os.path.expanduser(config.data))
    try:
        walk = item_files(data_dir)
    except GuidegenError as exc:  # a broken config first; a folder it named, said so
        if config_problems:  # the folder is then the default's: fixing the config comes first
            raise ValidationFailed(config_problems) from None
        if data_arg is None:
            _missing_data_folder(exc, config_file)
        raise
    files, problems = walk.files, config_problems + walk.problems
    if not files and not problems:
        raise GuidegenError(f"数据目录 {display_path(data_dir)} 中没有任何 .yaml 条目文件")
    cache = ItemCache(cache_dir)
    entries: list[rules.Loaded] = []
    for path in files:
        doc, item, found = _load_item(path, cache, files_seen)
        problems += found
        if item is not None:
            entries.append(rules.Loaded(item, doc))
    problems += rules.check_set(entries)
    if glyphs:
        problems += check_glyphs(((e.item, e.doc) for e in entries), cache, strict)
        problems += check_fonts(config.fonts, config_file)
    if any(p.severity == ERROR for p in problems):
        raise ValidationFailed(problems)
    if _WARM is not None:  # forget the items of files that changed or went away
        current = {tuple(key.split("\0", 1)) for key in cache.key_of.values()}
        for stale in _WARM.keys() - current:
            del _WARM[stale]
    entries.sort(key=lambda e: (not e.item.retained, e.item.order or 10**6, e.item.id))
    complete = None not in files_seen.values() and not walk.linked
    sources = {"config": os.path.abspath(config_file) if config_file else None,
               "data_arg": data_arg, "data_dir": os.path.abspath(data_dir), "files": files_seen,
               "items": [os.path.relpath(f, data_dir) for f in files] if complete else None}
    return Project(
        root=root,
        config=config,
        config_file=config_file,
        items=tuple(e.item for e in entries),
        docs={e.item.id: e.doc for e in entries},
        warnings=tuple(problems),
        sources=sources,
        cache=cache if cache_dir is not None else None,
    )


def _load_item(path: Path, cache: ItemCache,
               seen: dict) -> tuple[PackedDocument | None, Item | None, list[Problem]]:
    """One item file: its document, model (None if invalid) and single-file problems."""
    shown = display_path(path)
    seen[os.path.abspath(path)] = None  # not fingerprinted: no manifest for this build
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise OSError
        raw, seen[os.path.abspath(path)] = manifest.read(path)
    except OSError:
        try:  # the careful path words the error
            doc = load_file(path, shown)
        except LoadError as exc:
            return None, None, exc.problems
        raw = None
    if raw is not None:
        sha = seen[os.path.abspath(path)][1]
        cached = _cached(cache, shown, sha)
        if cached is not None:
            return cached
        try:
            doc = load_bytes(raw, shown)
        except LoadError as exc:
            return None, None, exc.problems
    item, found = messages.build(Item, doc)
    if item is None:
        found += rules.check_raw(doc, {p.field for p in found})
    else:
        found += rules.check_item(rules.Loaded(item, doc))
        item.share_storage()
    # Packed at once: the parsed dicts die here, so a large data set's memory is the
    # items, not every file's parse tree (nor the holes it would leave in the heap).
    packed = PackedDocument.pack(doc)
    if raw is not None:
        cache.put(packed, sha, item is not None, found)
    return packed, item, found


def _cached(cache: ItemCache, shown: str, sha: str):
    """What the cache remembers of a file, or None (also when the entry proves false)."""
    cached = cache.get(shown, sha)
    if cached is None:
        return None
    doc, data, valid, found = cached
    item = _WARM.get((shown, sha)) if _WARM is not None else None
    if item is None and valid:
        try:
            item = Item.model_validate(data)
        except ValueError:  # pydantic's ValidationError: the cache lied about this file
            cache.distrust()
            return None
        item.share_storage()
        if _WARM is not None:
            _WARM[(shown, sha)] = item
    return doc, item, found
