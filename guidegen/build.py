"""The build: load → validate → plan → render stale outputs → publish atomically → prune."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from guidegen import faults
from guidegen.errors import WARNING, GuidegenError, Interrupted, Problem
from guidegen.incremental import manifest
from guidegen.incremental.changes import ChangeSet, record_changes
from guidegen.incremental.state import (
    STATE,
    BuildState,
    commit,
    file_stat,
    input_keys,
    settle,
)
from guidegen.load.files import display_path
from guidegen.plan import plan
from guidegen.project import Project
from guidegen.render.registry import Renderers
from guidegen.settings import Settings
from guidegen.write.guard import check_out_dir, hand_added
from guidegen.write.pool import render_all
from guidegen.write.progress import summary
from guidegen.write.publish import (
    SPARE,
    STAGING,
    files_under,
    reason,
    recover,
    signals_deferred,
    site_path,
    stage,
    swap_in,
)


HAND_ADDED = "这个文件不是 guidegen 生成的（可能是手工放入的），已原样保留在新网站中；不需要时请自行删除"


@dataclass
class Report:
    """What a build did, for the one-line summary and the tests."""

    rendered: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # about this build only: not replayed
    changes: ChangeSet = field(default_factory=ChangeSet)
    workers: int = 0  # distinct worker processes used; 0 when rendered in-process
    busiest: int = 0  # the most outputs one worker process rendered
    published: bool = False  # the new site was swapped in

    def summary(self) -> str:
        """``渲染 N，跳过 M，删除 K``."""
        return summary(len(self.rendered), len(self.skipped), len(self.removed))


def build(project: Project, settings: Settings,
          progress: Callable[[str], None] = lambda path: None,
          on_plan: Callable[[int], None] = lambda total: None) -> Report:
    """Build the site under ``OUT/site``; the previous site stays intact until the swap."""
    report = Report(warnings=list(project.warnings))
    # Fingerprinted before anything is rendered: an edit during the build differs next time.
    inputs = manifest.capture(project.sources, project.root, settings)
    out_dir = settings.out_dir
    work = out_dir / ".guidegen"
    site = out_dir / "site"
    check_out_dir(out_dir, project.protected())
    try:
        work.mkdir(parents=True, exist_ok=True)
        lock = open(work / "lock", "w")
    except OSError as exc:
        raise GuidegenError(f"无法创建输出目录 {display_path(out_dir)}（{reason(exc)}）") from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise GuidegenError(f"另一个 guidegen build 正在写入 {out_dir}，请等它结束后再试") from None
        try:
            recover(work, site)
            settle(work, site)
            if project.cache is not None:
                if project.cache.unusable:
                    report.notices.append(_unusable(project.cache.path, "条目缓存"))
                project.cache.save()
            project.release_sources()  # validated, glyph-checked and cached by now
            _build_locked(project, settings, site, work, report, progress, on_plan, inputs)
        except KeyboardInterrupt:  # a Ctrl-C held back during the swap arrives after it
            if report.published:
                raise Interrupted(f"已中断。新网站已经发布到 {display_path(site)}") from None
            if not site.is_dir():
                raise Interrupted(f"已中断。网站没有生成，{display_path(site)} 还不存在") from None
            raise Interrupted(f"已中断。网站没有更新，{display_path(site)} 仍是上一次生成的内容") from None
        except OSError as exc:
            where = site_path(exc.filename, work, site) if exc.filename else out_dir
            raise GuidegenError(f"无法写入 {display_path(where)}（{reason(exc)}）。网站没有更新，"
                                f"{display_path(site)} 仍是上一次生成的内容") from None
    return report


def _build_locked(project, settings, site, work, report, progress, on_plan, inputs) -> None:
    previous = BuildState.load(work / STATE)
    if previous.unusable:
        report.notices.append(_unusable(work / STATE, "构建记录"))
    state = BuildState(items=previous.items, removed=previous.removed, changes=previous.changes,
                       outputs={} if settings.force else previous.outputs, inputs=inputs)
    report.changes = record_changes(project, state)
    renderers = Renderers(project, settings, state.removed, state.changes)
    removed = tuple(sorted(state.removed))
    outputs = plan(project, removed=removed)
    wanted = {o.path for o in plan(project, settings.formats, settings.only, removed)}
    # Every build prunes a removed item's documents, so every build also turns its page
    # into the tombstone (also with --only or --format docx): no page links to deleted files.
    wanted |= {o.path for o in outputs if o.kind == "tombstone"}
    keys = input_keys(project, [o for o in outputs if o.path in wanted], renderers, state)
    todo, keep = [], []
    # Never deleted, never left only in the spare tree: carried into every new site.
    kept = sorted(hand_added(files_under(site), previous.published, {o.path for o in outputs}))
    report.warnings += [Problem(display_path(site / path), 0, "", HAND_ADDED, WARNING) for path in kept]
    if inputs is not None:  # the no-op fast path expects them in the site (and warns again)
        inputs["kept"] = kept
    for out in outputs:
        live = os.path.join(site, out.path)  # a string: thousands of Path objects cost ~0.1 s
        if out.path in wanted and not state.is_fresh(out.path, keys[out.path], live):
            todo.append(out)
        elif os.path.isfile(live):  # fresh, or of a format/item this build was not asked for
            keep.append(out)
    on_plan(len(todo))
    if not todo and not report.changes and files_under(site) == {o.path for o in keep} | set(kept):
        report.skipped = [o.path for o in keep]  # nothing to render or prune: leave the site be
        _note_warnings(inputs, report)
        if state.refreshed or inputs != previous.inputs:  # so the next no-op takes the fast path
            with contextlib.suppress(OSError):  # only a speed-up: the site is already right
                state.save(work)
        return
    staging = work / f"{STAGING}{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    swapped = False
    try:
        stage(staging, site, {out.path for out in keep} | set(kept), work / SPARE)
        count = 0

        def done(path: str, sha: str) -> None:
            nonlocal count
            state.outputs[path] = {"key": keys[path], "sha256": sha,
                                   "stat": file_stat(staging / path)}
            progress(path)
            count += 1
            faults.rendered(count)

        rendered_by = render_all(project, settings, todo, staging, renderers, done)
        report.workers, report.busiest = len(rendered_by), max(rendered_by.values(), default=0)
        report.rendered = [o.path for o in todo]
        report.skipped = [o.path for o in keep]
        # Deleted = what the live site has and the new one will not (a removed item's
        # page is replaced by its tombstone, so only its documents count).
        published = files_under(staging)
        report.removed = sorted(files_under(site) - published)
        state.outputs = {p: v for p, v in state.outputs.items() if p in published}
        _note_warnings(inputs, report)
        state.save_pending(work, staging)
        faults.point("before-swap")
        with signals_deferred():
            swap_in(staging, site)
            swapped = report.published = True
            faults.point("after-swap")
            with contextlib.suppress(OSError):  # the site is live: settle() commits next time
                commit(work)
    finally:
        # The previous site (now at ``staging``) is the next build's spare: deleting its
        # thousands of links would cost more than rendering a changed item.
        if not (swapped and _keep_spare(staging, work / SPARE)):
            shutil.rmtree(staging, ignore_errors=True)


def _unusable(path: Path, what: str) -> Problem:
    return Problem(display_path(path), 0, "", f"{what}无法使用（不是 guidegen 写的格式，"
                   "可能被手工改过或已损坏），本次全部重新生成", WARNING)


def _note_warnings(inputs: dict | None, report: Report) -> None:
    # Replayed by the no-op fast path, which loads no items and so finds none itself.
    if inputs is not None:
        inputs["warnings"] = [[w.path, w.line, w.field, w.message, w.severity]
                              for w in report.warnings]


def _keep_spare(old_site: Path, spare: Path) -> bool:
    if not old_site.is_dir():  # the first build has no previous site
        return True
    try:
        os.rename(old_site, spare)
    except OSError:
        return False
    return True
