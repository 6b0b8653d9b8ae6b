"""The build: load → validate → plan → render stale outputs → publish atomically → prune."""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from guidegen import __version__, fonts
from guidegen.changes import ChangeSet, compare, summarize
from guidegen.documents import FORMATS, Contexts, Output, plan
from guidegen.errors import GuidegenError, Problem
from guidegen.project import Project
from guidegen.publish import link_or_copy, recover, swap_in, write_atomic
from guidegen.renderers.docx import DocxRenderer
from guidegen.renderers.html import HtmlRenderer
from guidegen.renderers.pdf import PdfRenderer
from guidegen.state import BuildState, digest
from guidegen.templates import TemplateSet

TASKS_PER_WORKER = 40  # WeasyPrint grows per process; recycle workers to bound memory


@dataclass(frozen=True)
class Settings:
    """What the user asked for on the command line."""

    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    only: tuple[str, ...] = ()
    force: bool = False
    jobs: int = 1
    strict: bool = False
    pdf_variant: str | None = None
    templates_dir: Path | None = None


@dataclass
class Report:
    """What a build did, for the one-line summary and the tests."""

    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changes: ChangeSet = field(default_factory=ChangeSet)

    def summary(self) -> str:
        """``渲染 N，跳过 M，删除 K``."""
        return f"渲染 {len(self.rendered)}，跳过 {len(self.skipped)}，删除 {len(self.removed)}"


class Renderers:
    """The three renderers for one project, sharing one template lookup per format."""

    def __init__(self, project: Project, settings: Settings, removed: dict | None = None,
                 history: list | None = None):
        user_dir = settings.templates_dir or project.root / "templates"
        html = HtmlRenderer(TemplateSet("html", user_dir))
        self.by_format = {
            "html": html,
            "docx": DocxRenderer(TemplateSet("docx", user_dir), project.config),
            "pdf": PdfRenderer(html, settings.pdf_variant),
        }
        self.contexts = Contexts(project, removed, history)

    def render(self, output: Output) -> bytes:
        """Bytes of one output."""
        return self.by_format[output.fmt].render(output, self.contexts.for_output(output))


def input_keys(project: Project, outputs: list[Output], renderers: Renderers,
               state: BuildState) -> dict[str, str]:
    """Per output, a hash of everything it is made from (Lektor-style build state)."""
    config = project.config.model_dump_json()
    items = {i.id: i.model_dump_json() for i in project.items}
    listing = digest(*(items[i] for i in sorted(items)))
    history = json.dumps(state.changes, ensure_ascii=False, sort_keys=True)
    templates: dict[tuple[str, str], str] = {}
    keys = {}
    for out in outputs:
        if (out.fmt, out.kind) not in templates:
            templates[(out.fmt, out.kind)] = renderers.by_format[out.fmt].template_digest(out.kind)
        if out.kind == "tombstone":
            data = json.dumps(state.removed[out.item_id], sort_keys=True)
        elif out.kind == "changes":
            data = history
        elif out.kind == "register":  # a blank form: only the config matters
            data = ""
        else:  # item outputs depend on their item only; list outputs on every item
            data = items[out.item_id] if out.item_id else listing
        keys[out.path] = digest(__version__, out.fmt, out.kind, templates[(out.fmt, out.kind)],
                                config, fonts.fingerprint() if out.fmt == "pdf" else "", data)
    return keys


_WORKER: Renderers | None = None


def _init_worker(project: Project, settings: Settings, removed: dict, history: list) -> None:
    global _WORKER
    _WORKER = Renderers(project, settings, removed, history)


def _render_to(output: Output, staging: str) -> str:
    assert _WORKER is not None
    write_atomic(Path(staging) / output.path, _WORKER.render(output))
    return output.path


def render_all(project: Project, settings: Settings, todo: list[Output], staging: Path,
               renderers: Renderers, progress: Callable[[str], None]) -> None:
    """Render ``todo`` into ``staging``: in-process for small jobs, a worker pool otherwise."""
    if settings.jobs <= 1 or len(todo) < 2 * settings.jobs:
        for output in todo:
            write_atomic(staging / output.path, renderers.render(output))
            progress(output.path)
        return
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(settings.jobs, mp_context=context, initializer=_init_worker,
                             initargs=(project, settings, renderers.contexts.removed,
                                       list(reversed(renderers.contexts.history))),
                             max_tasks_per_child=TASKS_PER_WORKER) as pool:
        # PDFs are the slow ones: start them first so the pool drains evenly.
        ordered = sorted(todo, key=lambda o: o.fmt != "pdf")
        for path in pool.map(_render_to, ordered, [str(staging)] * len(ordered), chunksize=4):
            progress(path)


def build(project: Project, settings: Settings,
          progress: Callable[[str], None] = lambda path: None,
          on_plan: Callable[[int], None] = lambda total: None) -> Report:
    """Build the site under ``OUT/site``; the previous site stays intact until the swap."""
    report = Report(warnings=list(project.warnings))
    if "pdf" in settings.formats:
        report.warnings += fonts.check_glyphs(project, strict=settings.strict)
    out_dir = settings.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / ".guidegen"
    work.mkdir(exist_ok=True)
    site = out_dir / "site"
    with open(work / "lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise GuidegenError(f"另一个 guidegen build 正在写入 {out_dir}，请等它结束后再试") from None
        recover(out_dir, site)
        _build_locked(project, settings, site, work, report, progress, on_plan)
    return report


def record_changes(project: Project, state: BuildState) -> ChangeSet:
    """Compare with the last published set; remember removed items for their tombstones."""
    summaries = {item.id: summarize(item) for item in project.items}
    date = project.config.published.isoformat()
    changes = compare(state.items, summaries, date)
    if changes:
        state.changes.append(changes.to_dict())
    for entry in changes.removed:
        state.removed[entry["id"]] = {"name": entry["name"], "list": entry["list"], "date": date}
    for item_id in summaries:
        state.removed.pop(item_id, None)
    state.items = summaries
    return changes


def _build_locked(project, settings, site, work, report, progress, on_plan) -> None:
    previous = BuildState.load(work / "state.json")
    state = BuildState(items=previous.items, removed=previous.removed, changes=previous.changes,
                       outputs={} if settings.force else previous.outputs)
    report.changes = record_changes(project, state)
    renderers = Renderers(project, settings, state.removed, state.changes)
    removed = tuple(sorted(state.removed))
    outputs = plan(project, removed=removed)
    wanted = {o.path for o in plan(project, settings.formats, settings.only, removed)}
    keys = input_keys(project, [o for o in outputs if o.path in wanted], renderers, state)
    todo, keep = [], []
    for out in outputs:
        live = site / out.path
        if out.path in wanted and not (state.is_fresh(out.path, keys[out.path]) and live.is_file()):
            todo.append(out)
        elif live.is_file():
            keep.append(out)
    on_plan(len(todo))
    staging = work / f"staging-{os.getpid()}"
    staging.mkdir()
    try:
        for out in keep:
            link_or_copy(site / out.path, staging / out.path)
        render_all(project, settings, todo, staging, renderers, progress)
        report.rendered = [o.path for o in todo]
        report.skipped = [o.path for o in keep]
        known = {o.path for o in outputs}
        report.removed = sorted(
            str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()
            and str(p.relative_to(site)) not in known
        ) if site.is_dir() else []
        for out in todo:
            state.outputs[out.path] = {"key": keys[out.path]}
        state.outputs = {p: v for p, v in state.outputs.items() if p in known}
        swap_in(staging, site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    state.save(work / "state.json")
