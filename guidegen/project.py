"""Gather a project: find the config, load every item file, validate all, stop once."""

from __future__ import annotations

import contextlib
import ctypes
import os
from dataclasses import dataclass, field
from pathlib import Path

from guidegen import manifest, rules, schema
from guidegen.errors import ERROR, GuidegenError, Problem, ValidationFailed
from guidegen.itemcache import ItemCache
from guidegen.loader import MAX_FILE_BYTES, LoadError, PackedDocument, load_bytes, load_file
from guidegen.model import Config, Item

CONFIG_NAME = "guidegen.yaml"
ITEM_SUFFIXES = (".yaml", ".yml")


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

    def release_sources(self) -> None:
        """Free the parsed files (kept for line numbers and the cache) once a build no longer
        needs them: they are most of the memory a large data set takes."""
        self.docs.clear()
        if self.cache is not None:
            self.cache.release()
        trim_heap()

    @property
    def retained(self) -> tuple[Item, ...]:
        """Items committees still issue."""
        return tuple(i for i in self.items if i.retained)

    @property
    def not_issued(self) -> tuple[Item, ...]:
        """Items committees no longer issue, in data order."""
        return tuple(i for i in self.items if not i.retained)


def trim_heap() -> None:
    """Hand freed heap pages back to the OS (glibc keeps them for reuse otherwise): the
    rendering that follows needs its memory in other processes."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc only (find_library would fork)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_config(config_path: Path | None) -> tuple[Config, Path, list[Problem]]:
    """Read ``guidegen.yaml`` (explicit path, or the working directory's, or defaults).

    A broken config yields its problems and the defaults, so the items are still
    checked and every problem is reported in one run.
    """
    if config_path is None:
        candidate = Path.cwd() / CONFIG_NAME
        if not candidate.is_file():
            return Config(), Path.cwd(), []
        config_path = candidate
    elif not config_path.is_file():
        raise GuidegenError(f"找不到配置文件 {display_path(config_path)}")
    try:
        doc = load_file(config_path, display_path(config_path))
    except LoadError as exc:
        return Config(), config_path.parent, exc.problems
    if doc.data is None:
        return Config(), config_path.parent, []
    config, problems = schema.build(Config, doc)
    if config is None and isinstance(doc.data, dict):
        # Keep the data folder the user configured, even if another key is wrong.
        data = doc.data.get("data")
        config = Config(data=data) if isinstance(data, str) and data.strip() else Config()
    return config or Config(), config_path.parent, problems


def item_files(data_dir: Path) -> tuple[list[Path], list[Problem]]:
    """Every item file under ``data_dir``; links that leave the folder are problems."""
    if not data_dir.is_dir():
        raise GuidegenError(f"找不到数据目录 {display_path(data_dir)}")
    try:  # without symlinks there is nothing to resolve (resolving every file is slow)
        return manifest.item_paths(data_dir), []
    except (manifest.Unusable, OSError):
        pass
    real_root = data_dir.resolve()
    files, problems, seen = [], [], set()
    for path in sorted(data_dir.rglob("*")):
        if path.suffix.lower() not in ITEM_SUFFIXES or any(
            part.startswith(".") for part in path.relative_to(data_dir).parts
        ):
            continue
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a symlink loop (RuntimeError before Python 3.13)
            real = None
        if real is None or (path.is_symlink() and not path.exists()):
            problems.append(Problem(display_path(path), 0, "",
                                    "符号链接指向的文件不存在（或链接互相指向形成循环），无法读取"))
        elif not real.is_relative_to(real_root):
            problems.append(Problem(display_path(path), 0, "",
                                    "符号链接指向数据目录之外，出于安全原因不予读取"))
        elif path.is_file() and real not in seen:
            # A link to another item file in the folder is the same item, not a duplicate id.
            seen.add(real)
            files.append(path)
    return files, problems


def load_project(config_path: Path | None = None, data_dir: Path | None = None,
                 cache_dir: Path | None = None) -> Project:
    """Load and validate everything; raise ValidationFailed listing every error.

    With ``cache_dir``, files parsed by an earlier build with the same bytes are not
    parsed again (see ``itemcache``).
    """
    config_file = config_path
    if config_file is None and (Path.cwd() / CONFIG_NAME).is_file():
        config_file = Path.cwd() / CONFIG_NAME
    # Fingerprint before reading: a file edited meanwhile then differs next time.
    files_seen = {}
    if config_file is not None:
        files_seen[os.path.abspath(config_file)] = manifest.fingerprint(config_file)
    config, root, config_problems = load_config(config_path)
    data_arg = os.path.abspath(data_dir) if data_dir else None
    data_dir = data_dir or (root / config.data)
    files, problems = item_files(data_dir)
    problems = config_problems + problems
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
    if any(p.severity == ERROR for p in problems):
        raise ValidationFailed(problems)
    entries.sort(key=lambda e: (not e.item.retained, e.item.order or 10**6, e.item.id))
    complete = None not in files_seen.values()
    sources = {"config": os.path.abspath(config_file) if config_file else None,
               "data_arg": data_arg, "data_dir": os.path.abspath(data_dir), "files": files_seen,
               "items": [os.path.relpath(f, data_dir) for f in files] if complete else None}
    return Project(
        root=root,
        config=config,
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
        cached = cache.get(shown, sha)
        if cached is not None:
            doc, valid, found = cached
            item = Item.model_validate(doc.data) if valid else None
            if item is not None:
                item.share_storage()
            return doc, item, found
        try:
            doc = load_bytes(raw, shown)
        except LoadError as exc:
            return None, None, exc.problems
    item, found = schema.build(Item, doc)
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
