"""Province → city: a region's project is the base project with the region's settings and
items merged over it, validated as a whole.

A region inherits every base item; an item file whose ``id`` is a base item's overrides
only the fields it sets; any other item file adds an item. ``drop`` in region.yaml
leaves out base retained items. The base not-issued list may only grow: dropping one of
its items or turning it retained is an error at the region file and line that tries.
"""

from __future__ import annotations

from pathlib import Path

from guidegen.errors import ERROR, Problem, ValidationFailed
from guidegen.load.parse import Document, PackedDocument
from guidegen.load.regions import (
    RegionFiles,
    incomplete_regions,
    overlay,
    read_region,
    region_key,
    region_keys,
    unknown_region,
)
from guidegen.model import Config, Item, Region
from guidegen.project import Project, load_project
from guidegen.validate import messages, rules
from guidegen.validate.glyphs import check_glyphs

NESTED = ("contact", "supervision")  # blocks merged field by field, not replaced whole


def merged_config(base: Config, spec: Region) -> Config:
    """The base config with the region's settings over it (only the fields it sets)."""
    data = base.model_dump()
    data["region"] = spec.name
    for key in spec.model_fields_set - {"name", "drop"}:
        value = getattr(spec, key)
        if key in NESTED:
            data[key].update(value.model_dump(include=value.model_fields_set))
        elif value is not None:
            data[key] = value
    return Config.model_validate(data)


def load_regions(config_path: Path | None, data_dir: Path | None, keys: list[str] | None,
                 glyphs: bool = False, strict: bool = False) -> list[tuple[str, Project]]:
    """Load the base once and merge each region over it (``keys`` None: every region).

    Raises ValidationFailed listing the problems of every region at once; ``glyphs`` and
    ``strict`` as for load_project.
    """
    base = load_project(config_path, data_dir, glyphs=glyphs, strict=strict)
    folder = Path(base.sources["data_dir"])
    known = region_keys(folder)
    if keys is None:
        incomplete = incomplete_regions(folder)
        if incomplete:
            raise ValidationFailed(incomplete)
        if not known:
            raise unknown_region(folder, "")
        keys = known
    keys = [region_key(folder, key) for key in keys]
    projects, problems = [], []
    for key in keys:
        try:
            projects.append((key, merge_region(base, read_region(folder, key), glyphs, strict)))
        except ValidationFailed as exc:
            problems += exc.problems
    if problems:
        raise ValidationFailed(problems)
    base.release_sources()  # every region holds what it needs of the base by now
    return projects


def merge_region(base: Project, region: RegionFiles, glyphs: bool = False,
                 strict: bool = False) -> Project:
    """One region's project; raises ValidationFailed with its problems."""
    problems = list(region.problems)
    entries = {item.id: rules.Loaded(item, base.docs[item.id]) for item in base.items}
    touched: dict[str, str] = {}  # id → the region file that set it
    for doc in region.items:
        entry, found = _region_item(entries, doc, touched)
        problems += found
        if entry is not None:
            entries[entry.item.id] = entry
            touched[entry.item.id] = doc.path
    spec = region.spec
    if spec is not None:
        problems += _drop(spec, region, entries)
    merged = list(entries.values())
    # The base's own warnings were found when it loaded: only those at the region's files.
    own_files = {doc.path for doc in region.items}
    problems += [p for p in rules.check_set(merged) if p.severity == ERROR or p.path in own_files]
    if glyphs:  # the region's own files: the base ones were checked when it loaded
        own = [(e.item, e.doc) for e in merged if e.item.id in touched]
        problems += [p for p in check_glyphs(own, None, strict) if p.path != "guidegen.yaml"]
    if any(p.severity == ERROR for p in problems) or spec is None:
        raise ValidationFailed(problems)
    merged.sort(key=lambda e: (not e.item.retained, e.item.order or 10**6, e.item.id))
    sources = {**base.sources, "items": None, "region": region.key}  # no no-op manifest
    return Project(root=base.root, config=merged_config(base.config, spec),
                   items=tuple(e.item for e in merged), docs={e.item.id: e.doc for e in merged},
                   warnings=tuple(base.warnings) + tuple(problems), sources=sources,
                   config_file=base.config_file)


def _region_item(entries: dict, doc: Document,
                 touched: dict[str, str]) -> tuple[rules.Loaded | None, list[Problem]]:
    """A region item file: an override of a base item or an item of its own."""
    data = doc.data if isinstance(doc.data, dict) else None
    item_id = data.get("id") if data is not None else None
    if isinstance(item_id, str) and item_id in touched:
        return None, [Problem(doc.path, doc.line_of(("id",)), "id",
                              f"编号“{item_id}”与 {touched[item_id]} 重复：同一事项在一个地区只能写一个文件")]
    original = entries.get(item_id) if isinstance(item_id, str) else None
    if original is not None:
        whole = overlay(original.doc, doc)
        item, found = messages.build(Item, whole)
        if item is not None and original.item.status == "not-issued" and item.retained:
            return None, [Problem(doc.path, doc.line_of(("status",)), "status",
                                  f"不能把省级不应出具事项“{original.item.name}”（{item_id}）改为保留事项："
                                  "地区的不应出具清单只能在省级清单基础上增加，不能减少")]
    else:
        item, found = messages.build(Item, doc)
    if item is None:
        return None, found + rules.check_raw(doc, {p.field for p in found})
    entry = rules.Loaded(item, PackedDocument.pack(doc))
    return entry, found + rules.check_item(entry)


def _drop(spec: Region, region: RegionFiles, entries: dict) -> list[Problem]:
    """Leave out the base retained items ``drop`` names; refuse not-issued ones."""
    problems = []
    assert region.doc is not None  # a spec comes from a document
    for index, item_id in enumerate(spec.drop):
        at = (region.path, region.doc.line_of(("drop", index)), f"drop[{index}]")
        entry = entries.get(item_id)
        if entry is None:
            problems.append(Problem(*at, f"省级数据中没有编号为“{item_id}”的事项，无法删除"))
        elif not entry.item.retained:
            problems.append(Problem(*at, f"不能删除省级不应出具事项“{entry.item.name}”（{item_id}）："
                                         "地区的不应出具清单必须包含省级清单的全部事项"))
        else:
            del entries[item_id]
    return problems

