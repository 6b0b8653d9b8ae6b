"""``guidegen serve``: build, preview on 127.0.0.1, rebuild and reload on every change.

The process stays warm between builds: modules, fonts and the renderers with their
parsed templates stay loaded, unchanged item files come from the parse cache, and a
rebuild renders only what the edit touched, here (a worker pool would first start).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import watchfiles

from guidegen.build import Report, build
from guidegen.errors import GuidegenError, reason
from guidegen.model import Config, Item
from guidegen.project import Project, keep_loaded, load_project
from guidegen.render.registry import Renderers
from guidegen.render.templates import packaged_dir
from guidegen.settings import Settings
from guidegen.site.preview import PreviewServer

SETTLE_S = 0.05  # after the first change, wait this long for an editor's other writes


class Session:
    """One project being previewed: later loads and builds reuse what the last one made."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.sources: dict = {}
        self.root = Path.cwd()
        self.items: dict[str, Item] = {}
        self.config: Config | None = None
        self.warm = Renderers.keep_warm()
        keep_loaded()

    def rebuild(self, jobs: int = 1, templates_changed: bool = False,
                shown: Callable[[], None] = lambda: None) -> list[Report]:
        """Load the project and build what changed.

        When the edit only changed items, their pages are built and ``shown()`` first;
        the rest (lists, search index, documents) follows in a second build.
        """
        settings = self.settings
        project = load_project(settings.config_path, settings.data_dir,
                               cache_dir=settings.out_dir / ".guidegen",
                               glyphs="pdf" in settings.formats, strict=settings.strict)
        self.sources, self.root = project.sources, project.root
        if templates_changed:
            self.warm.clear()  # a renderer holds parsed print.css and opened .docx templates
        quick = () if templates_changed else self._edited(project)
        self.items, self.config = {i.id: i for i in project.items}, project.config
        reports = []
        if quick and "html" in settings.formats:
            reports.append(build(project, replace(settings, jobs=1, formats=("html",), only=quick)))
            shown()
        reports.append(build(project, replace(settings, jobs=jobs)))
        for shared in self.warm.values():
            shared["by_format"]["html"].preload()
        return reports

    def _edited(self, project: Project) -> tuple[str, ...]:
        """Ids of the items an edit changed, when it changed nothing else."""
        now = {i.id: i for i in project.items}
        if not self.items or now.keys() != self.items.keys() or project.config != self.config:
            return ()
        return tuple(i for i, item in now.items() if item is not self.items[i] and item != self.items[i])

    def watched(self) -> tuple[list[Path], Path | None]:
        """(folders whose every change counts, the config file) of the last build."""
        folders = [Path(self.sources.get("data_dir") or self.root), *self.template_dirs()]
        config = self.sources.get("config")
        return [f.resolve() for f in folders if f.is_dir()], Path(config) if config else None

    def template_dirs(self) -> list[Path]:
        """Folders whose files the renderers cache (a change there starts them afresh)."""
        user = self.settings.templates_dir or self.root / "templates"
        return [f.resolve() for f in (user, packaged_dir()) if f.is_dir()]


class Watcher:
    """Changed paths: anything under ``folders``, the config file, never below ``ignore``.

    Two watchers feed one queue: the folders recursively, and the config file's folder
    (usually the project root, holding .venv and the output) only at its top level.
    """

    def __init__(self, folders: list[Path], config: Path | None, ignore: Path,
                 stop: threading.Event):
        self.found: queue.Queue[set[Path]] = queue.Queue()
        self.stop = stop
        self.ready: list[threading.Event] = []
        outside = lambda p: not p.is_relative_to(ignore)  # noqa: E731 - our own writes
        self._start(folders, True, outside)
        if config is not None:
            self._start([config.parent], False, lambda p: p == config)

    def _start(self, paths: list[Path], recursive: bool, wanted: Callable[[Path], bool]) -> None:
        ready = threading.Event()
        self.ready.append(ready)
        threading.Thread(target=self._pump, args=(paths, recursive, wanted, ready), daemon=True).start()

    def _pump(self, paths, recursive, wanted, ready: threading.Event) -> None:
        default = watchfiles.DefaultFilter()
        # An empty batch after each quiet rust_timeout: the first says the watch is set up.
        for batch in watchfiles.watch(*paths, recursive=recursive, stop_event=self.stop, step=20,
                                      watch_filter=lambda c, p: default(c, p) and wanted(Path(p)),
                                      rust_timeout=200, yield_on_timeout=True):
            ready.set()
            if batch:
                self.found.put({Path(p) for _, p in batch})

    def wait_ready(self, timeout: float = 10) -> None:
        """Return once every watch is in place (edits from now on are seen)."""
        for ready in self.ready:
            ready.wait(timeout)

    def batches(self) -> Iterator[set[Path]]:
        """Each group of changes, a moment after its first one, until ``stop`` is set."""
        while not self.stop.is_set():
            try:
                batch = self.found.get(timeout=0.25)
            except queue.Empty:
                continue
            time.sleep(SETTLE_S)
            while not self.found.empty():
                batch |= self.found.get()
            yield batch


def _warned(report: Report) -> str:
    # Each rebuild would repeat them all: say how many, and where to see them.
    count = len(report.warnings)
    return f"另有 {count} 条警告，运行 guidegen check 查看。" if count else ""


def serve(settings: Settings, port: int, echo: Callable[[str], None],
          stop: threading.Event | None = None,
          started: Callable[[PreviewServer], None] = lambda server: None) -> None:
    """Build, then serve ``OUT/site`` and rebuild on every change until ``stop`` is set."""
    stop = stop or threading.Event()
    try:  # the port first: a clash is reported before a long first build
        server = PreviewServer(settings.out_dir / "site", port)
    except OSError as exc:
        raise GuidegenError(f"无法在 127.0.0.1:{port} 上预览（{reason(exc)}），"
                            f"可以用 --port 换一个端口") from None
    session = Session(settings)
    try:
        report = session.rebuild(jobs=settings.jobs)[-1]  # the first build may use every core
    except BaseException:
        server.stop()
        raise
    echo(f"{report.summary()}。{_warned(report)}")
    watcher = Watcher(*session.watched(), settings.out_dir.resolve(), stop)
    watcher.wait_ready()
    server.start()
    echo(f"预览地址：http://127.0.0.1:{server.port}/index.html（修改数据、配置或模板后自动重新生成"
         f"并刷新页面，按 Ctrl+C 结束）")
    started(server)
    try:
        for changed in watcher.batches():
            begun = time.monotonic()
            first: list[float] = []

            def shown() -> None:
                server.reload()
                first.append(time.monotonic() - begun)

            templates = any(p.is_relative_to(d) for p in changed for d in session.template_dirs())
            try:
                reports = session.rebuild(templates_changed=templates, shown=shown)
            except GuidegenError as exc:
                exc.show()
                echo("网站没有更新，改正后会自动重新生成。")
                continue
            if not first or any(p.endswith(".html") for p in reports[-1].rendered):
                server.reload()
            pages = f"修改的事项页面 {first[0]:.2f} 秒后已刷新，" if first else ""
            echo(f"{reports[-1].summary()}。{pages}全部完成用时 {time.monotonic() - begun:.2f} 秒。"
                 f"{_warned(reports[-1])}")
    finally:
        server.stop()
