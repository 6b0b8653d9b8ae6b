"""The render pool: worker processes forked from a server that already holds warm renderers.

Starting a worker used to cost ~0.6 s (unpickling the whole project, then the first
WeasyPrint render loading fonts), paid again every time a worker was recycled. Now the
fork server builds the renderers once, renders one document per format to warm the
font and template caches, and every worker is a copy-on-write fork of that state.
Each task carries its own template context, so no process but the build holds the
items and memory does not grow with the size of the data set.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import hashlib
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

from guidegen.documents import LISTING_KINDS
from guidegen.errors import GuidegenError
from guidegen.project import Project, trim_heap
from guidegen.publish import signals_deferred, write_atomic

if TYPE_CHECKING:
    from guidegen.build import Renderers, Settings
    from guidegen.documents import Output

# Starting the pool (fork server + preloading WeasyPrint) costs ~1.5 s: a handful of
# outputs, as after editing one item, renders faster in this process.
POOL_MIN_OUTPUTS = 12
# Outputs per worker process: WeasyPrint's caches grow, so recycle to bound memory.
# A recycled worker is a fresh fork of the warm server, so this costs milliseconds.
TASKS_PER_WORKER = 100
GC_THRESHOLD = 20_000  # allocations between young collections (Python's default: 700)
WINDOW = 8  # tasks in flight per worker: enough that no worker waits for the next one
STATE_ENV = "GUIDEGEN_POOL_STATE"  # tells the fork server where the build's inputs are
STATE_FILE = ".guidegen-pool.pickle"  # in the staging tree: removed with it after a crash
READY_SUFFIX = ".ready"  # next to it, touched by the fork server once it is warm
RENDER_WHILE_WARMING = True  # the build renders cheap outputs itself until then

_WORKER: Renderers | None = None  # this process's renderers; set in the fork server


def _load(path: str) -> tuple[Renderers, list[tuple[Output, dict]]]:
    from guidegen.build import Renderers

    with open(path, "rb") as handle:
        project, settings, warm = pickle.load(handle)
    return Renderers(project, settings), warm


def _preload() -> None:
    """In the fork server: build the renderers once and warm them with one render each."""
    global _WORKER
    path = os.environ.pop(STATE_ENV, None)
    if not path:
        return
    # Any failure here only costs speed: a worker without renderers loads them itself,
    # and a real error is then reported by the task that hits it.
    with contextlib.suppress(Exception):
        _WORKER, warm = _load(path)
        for output, ctx in warm:
            with contextlib.suppress(Exception):
                _WORKER.renderer(output.fmt).render(output, ctx)
    gc.collect()
    settle_heap()  # every fork inherits it: the collector never copies these pages
    with contextlib.suppress(OSError):  # the build renders itself until then
        Path(path + READY_SUFFIX).touch()


def settle_heap() -> tuple[int, int, int]:
    """Keep what is alive now (it lives until the process ends) out of the cyclic
    collector, and collect young objects less often: WeasyPrint allocates heavily
    (~4% of a PDF's time). Returns the previous thresholds."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *threshold[1:])
    return threshold


class RecyclingPool(ProcessPoolExecutor):
    """A process pool that always replaces a worker retired by ``max_tasks_per_child``."""

    def _adjust_process_count(self) -> None:
        # CPython 3.11-3.14 (gh-115634) skip the replacement when a stale "idle worker"
        # token is left over, so a backlog longer than jobs × TASKS_PER_WORKER hangs
        # with no workers. Top the pool up whenever work is still pending instead.
        if self._pending_work_items:
            while len(self._processes) < self._max_workers:
                self._spawn_process()


def _watch_parent(pid: int) -> None:
    """End this worker once the build process is gone: after ``kill -9`` no one else will."""
    try:
        select.select([os.pidfd_open(pid)], [], [])  # readable when ``pid`` exits
    except (AttributeError, OSError):  # no pidfd support, or the build is already gone
        with contextlib.suppress(OSError):
            while True:
                os.kill(pid, 0)  # raises ProcessLookupError once the build is gone
                time.sleep(0.5)
    os._exit(1)


def _init_worker(path: str, parent: int) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # also if the server predates this build
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if _WORKER is None:  # the server could not preload: the slow way, once per worker
        _WORKER = _load(path)[0]


def _render_to(output: Output, ctx: dict, staging: str) -> tuple[str, str, int]:
    assert _WORKER is not None
    data = _WORKER.renderer(output.fmt).render(output, ctx)
    write_atomic(Path(staging) / output.path, data)
    return output.path, hashlib.sha256(data).hexdigest(), os.getpid()


def _warm_set(todo: list[Output]) -> list[Output]:
    """One output per format, a guide where there is one: it loads the most fonts; and a
    DOCX of every item kind: opening its template costs more than a render from it."""
    chosen: dict[str | tuple[str, str], Output] = {}
    for output in todo:
        if output.item_id and (output.fmt not in chosen or output.kind == "guide"
                               and chosen[output.fmt].kind != "guide"):
            chosen[output.fmt] = output
        if output.item_id and output.fmt == "docx":
            chosen.setdefault((output.fmt, output.kind), output)
    return list({id(o): o for o in chosen.values()}.values())  # the docx guide is there twice


def _start_server(context, path: Path) -> None:
    # Workers fork from the server, so they inherit its renderers and caches. The server
    # (and so every worker) starts with Ctrl-C ignored (only SIG_IGN survives exec):
    # the build process alone handles it and stops the pool.
    context.set_forkserver_preload(["guidegen.pool"])
    previous = None
    with contextlib.suppress(ValueError):  # not the main thread: signals are not ours
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ[STATE_ENV] = str(path)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        os.environ.pop(STATE_ENV, None)
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def _stop_server() -> None:
    # The server holds this build's project: the next build in this process needs its own.
    server = multiprocessing.forkserver._forkserver
    with contextlib.suppress(AttributeError, OSError, ChildProcessError):
        server._stop()


def render_all(project: Project, settings: Settings, todo: list[Output], staging: Path,
               renderers: Renderers, done: Callable[[str, str], None]) -> int:
    """Render ``todo`` into ``staging`` (in-process for small jobs, else a worker pool).

    Calls ``done(path, sha256)`` per finished output; returns the number of workers used.
    """
    def render_here(output: Output) -> None:
        data = renderers.render(output)
        write_atomic(staging / output.path, data)
        done(output.path, hashlib.sha256(data).hexdigest())

    if settings.jobs <= 1 or len(todo) < max(POOL_MIN_OUTPUTS, 2 * settings.jobs):
        for output in todo:
            render_here(output)
        return 0
    trim_heap()  # what planning freed: the workers need the memory now
    path = staging / STATE_FILE
    ready = Path(str(path) + READY_SUFFIX)
    contexts = renderers.contexts
    # The renderers need the config and where templates are, not the items.
    bare = Project(root=project.root, config=project.config, items=())
    warm = [(o, contexts.for_output(o)) for o in _warm_set(todo)]
    path.write_bytes(pickle.dumps((bare, settings, warm), protocol=pickle.HIGHEST_PROTOCOL))
    context = multiprocessing.get_context("forkserver")
    _stop_server()  # a server left by an earlier build would hold that build's project
    _start_server(context, path)
    pool = RecyclingPool(  # starts no process until the first submit
        settings.jobs, mp_context=context, initializer=_init_worker,
        max_tasks_per_child=TASKS_PER_WORKER, initargs=(str(path), os.getpid()))
    # PDFs first: the slow ones. The pages that list every item are rendered here, where
    # the items are (a worker would need them all); so are DOCX and HTML while the fork
    # server warms up, on the core it leaves idle. PDFs only when there is nothing else:
    # this process would first load WeasyPrint and fonts (~0.5 s), and after DOCX and HTML
    # that runs past the moment the warm workers could start.
    queue = collections.deque(sorted((o for o in todo if o.kind not in LISTING_KINDS),
                                     key=lambda o: o.fmt != "pdf"))
    only_pdf = all(o.fmt == "pdf" for o in queue)
    pids: set[int] = set()
    try:
        for output in (o for o in todo if o.kind in LISTING_KINDS):
            render_here(output)
        while (RENDER_WHILE_WARMING and queue and (only_pdf or queue[-1].fmt != "pdf")
               and not ready.exists()):
            render_here(queue.pop())
        # Submit a window of tasks at a time: each carries its context, and holding all of
        # them at once (16,000 outputs at 5,000 items) made memory grow with the data set.
        pending: set = set()
        while True:
            # A Ctrl-C while a worker is being started leaves it half-born and the pool
            # unable to stop: hold it while submitting, which may start workers.
            with signals_deferred():
                while queue and len(pending) < WINDOW * settings.jobs:
                    output = queue.popleft()
                    pending.add(pool.submit(_render_to, output, contexts.for_output(output),
                                            str(staging)))
            if not pending:
                break
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                out_path, sha, pid = future.result()  # re-raises a worker's error here
                pids.add(pid)
                done(out_path, sha)
    except BrokenProcessPool:
        raise GuidegenError("渲染进程意外退出（可能是内存不足），网站没有更新；"
                            "可以用 -j 1 减少并行进程后重试") from None
    finally:
        with signals_deferred():  # on an error or Ctrl-C: cancel the rest, stop cleanly
            pool.shutdown(wait=True, cancel_futures=True)
            _stop_server()
        path.unlink(missing_ok=True)
        ready.unlink(missing_ok=True)  # the server is gone: it cannot touch it again
    return len(pids)


_preload()
