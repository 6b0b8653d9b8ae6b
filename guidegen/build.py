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
    with site_lock(project, settings) as site:
        site.plan()
        on_plan(len(site.todo))
        if site.fresh():
            return site.report
        try:
            done = site.open_staging(progress)
            site.publish(render_all(project, settings, site.todo, site.staging, site.renderers, done))
        finally:
            site.close_staging()
    return site.report


@contextlib.contextmanager
def site_lock(project: Project, settings: Settings):
    """Hold ``OUT``'s build lock, finish what a crashed build left, yield its SiteBuild;
    an OSError inside becomes a GuidegenError naming the file."""
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
        one = SiteBuild(project, settings, site, work, inputs)
        try:
            recover(work, site)
            settle(work, site)
            if project.cache is not None:
                if project.cache.unusable:
                    one.report.notices.append(_unusable(project.cache.path, "条目缓存"))
                project.cache.save()
            project.release_sources()  # validated, glyph-checked and cached by now
            yield one
        except KeyboardInterrupt:  # a Ctrl-C held back during the swap arrives after it
            if one.report.published:
                raise Interrupted(f"已中断。新网站已经发布到 {display_path(site)}") from None
            if not site.is_dir():
                raise Interrupted(f"已中断。网站没有生成，{display_path(site)} 还不存在") from None
            raise Interrupted(f"已中断。网站没有更新，{display_path(site)} 仍是上一次生成的内容") from None
        except OSError as exc:
            where = site_path(exc.filename, work, site) if exc.filename else out_dir
            raise GuidegenError(f"无法写入 {display_path(where)}（{reason(exc)}）。网站没有更新，"
                                f"{display_path(site)} 仍是上一次生成的内容") from None


class SiteBuild:
    """One site's build, in steps: plan, (unless fresh) open staging, render, publish, close."""

    def __init__(self, project: Project, settings: Settings, site: Path, work: Path,
                 inputs: dict | None):
        self.project, self.settings, self.site, self.work = project, settings, site, work
        self.inputs = inputs
        self.report = Report(warnings=list(project.warnings))
        self.staging = work / f"{STAGING}{os.getpid()}"
        self.swapped = False

    def plan(self, like: Renderers | None = None) -> None:
        """Decide what to render (``todo``) and what the live site keeps (``keep``); with
        ``like``, share its template and PDF renderers (another region of one build)."""
        project, settings, work = self.project, self.settings, self.work
        self.previous = previous = BuildState.load(work / STATE)
        if previous.unusable:
            self.report.notices.append(_unusable(work / STATE, "构建记录"))
        self.state = state = BuildState(
            items=previous.items, removed=previous.removed, changes=previous.changes,
            outputs={} if settings.force else previous.outputs, inputs=self.inputs)
        self.report.changes = record_changes(project, state)
        self.renderers = Renderers(project, settings, state.removed, state.changes, like)
        removed = tuple(sorted(state.removed))
        outputs = plan(project, removed=removed)
        wanted = {o.path for o in plan(project, settings.formats, settings.only, removed)}
        # Every build prunes a removed item's documents, so every build also turns its page
        # into the tombstone (also with --only or --format docx): no page links to deleted files.
        wanted |= {o.path for o in outputs if o.kind == "tombstone"}
        self.keys = input_keys(project, [o for o in outputs if o.path in wanted], self.renderers, state)
        self.todo, self.keep = [], []
        # Never deleted, never left only in the spare tree: carried into every new site.
        self.kept = sorted(hand_added(files_under(self.site), previous.published,
                                      {o.path for o in outputs}))
        self.report.warnings += [Problem(display_path(self.site / path), 0, "", HAND_ADDED, WARNING)
                                 for path in self.kept]
        if self.inputs is not None:  # the no-op fast path expects them in the site (and warns again)
            self.inputs["kept"] = self.kept
        for out in outputs:
            live = os.path.join(self.site, out.path)  # a string: thousands of Paths cost ~0.1 s
            if out.path in wanted and not state.is_fresh(out.path, self.keys[out.path], live):
                self.todo.append(out)
            elif os.path.isfile(live):  # fresh, or of a format/item this build was not asked for
                self.keep.append(out)

    def fresh(self) -> bool:
        """True (and the state noted) when there is nothing to render or prune."""
        report, state = self.report, self.state
        if self.todo or report.changes or files_under(self.site) != {o.path for o in self.keep} | set(self.kept):
            return False
        report.skipped = [o.path for o in self.keep]  # leave the site be
        _note_warnings(self.inputs, report)
        if state.refreshed or self.inputs != self.previous.inputs:  # next no-op: fast path
            with contextlib.suppress(OSError):  # only a speed-up: the site is already right
                state.save(self.work)
        return True

    def open_staging(self, progress: Callable[[str], None]) -> Callable[[str, str], None]:
        """Stage the kept outputs; returns the callback for each rendered output."""
        shutil.rmtree(self.staging, ignore_errors=True)
        stage(self.staging, self.site, {out.path for out in self.keep} | set(self.kept), self.work / SPARE)
        count = 0

        def done(path: str, sha: str) -> None:
            nonlocal count
            self.state.outputs[path] = {"key": self.keys[path], "sha256": sha,
                                        "stat": file_stat(self.staging / path)}
            progress(path)
            count += 1
            faults.rendered(count)

        return done

    def publish(self, rendered_by) -> None:
        """Swap the rendered staging tree in as the live site."""
        report, state, staging = self.report, self.state, self.staging
        report.workers, report.busiest = len(rendered_by), max(rendered_by.values(), default=0)
        report.rendered = [o.path for o in self.todo]
        report.skipped = [o.path for o in self.keep]
        # Deleted = what the live site has and the new one will not (a removed item's
        # page is replaced by its tombstone, so only its documents count).
        published = files_under(staging)
        report.removed = sorted(files_under(self.site) - published)
        state.outputs = {p: v for p, v in state.outputs.items() if p in published}
        _note_warnings(self.inputs, report)
        state.save_pending(self.work, staging)
        faults.point("before-swap")
        with signals_deferred():
            swap_in(staging, self.site)
            self.swapped = self.report.published = True
            faults.point("after-swap")
            with contextlib.suppress(OSError):  # the site is live: settle() commits next time
                commit(self.work)

    def close_staging(self) -> None:
        """Always, after open_staging: keep the previous site as the spare, or remove it."""
        # The previous site (now at ``staging``) is the next build's spare: deleting its
        # thousands of links would cost more than rendering a changed item.
        if not (self.swapped and _keep_spare(self.staging, self.work / SPARE)):
            shutil.rmtree(self.staging, ignore_errors=True)


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
