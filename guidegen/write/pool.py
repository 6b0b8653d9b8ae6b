"""The render pool: worker processes forked from a server that already holds warm renderers
(what runs inside the server and the workers is in ``worker.py``).

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
import hashlib
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import secrets
import signal
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from guidegen.errors import GuidegenError
from guidegen.plan import LISTING_KINDS, Output
from guidegen.project import Project
from guidegen.render.registry import Renderers, pin_date
from guidegen.write.memory import children_started, trim_heap
from guidegen.write.publish import signals_deferred, write_atomic
from guidegen.write.worker import READY_SUFFIX, STATE_ENV, init_worker, render_to

if TYPE_CHECKING:
    from guidegen.settings import Settings

# Starting the pool (fork server + preloading WeasyPrint) costs ~1.5 s: a handful of
# outputs, as after editing one item, renders faster in this process.
POOL_MIN_OUTPUTS = 12
# Outputs per worker process: WeasyPrint's caches grow, so recycle to bound memory.
# A recycled worker is a fresh fork of the warm server, so this costs milliseconds.
TASKS_PER_WORKER = 100
WINDOW = 8  # tasks in flight per worker: enough that no worker waits for the next one
STATE_FILE = ".guidegen-pool.pickle"  # in the staging tree: removed with it after a crash
RENDER_WHILE_WARMING = True  # the build renders cheap outputs itself until then

class Job(NamedTuple):
    """One site's outputs to render: into ``staging``, reported to ``done(path, sha256)``."""

    project: Project
    todo: list[Output]
    staging: Path
    renderers: Renderers
    done: Callable[[str, str], None]


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
    context.set_forkserver_preload(["guidegen.write.worker"])
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


def render_all(project: Project, settings: Settings, todo: list[Output], staging: Path,
               renderers: Renderers,
               done: Callable[[str, str], None]) -> collections.Counter[int]:
    """Render ``todo`` into ``staging`` (in-process for small jobs, else a worker pool).

    Calls ``done(path, sha256)`` per finished output; returns how many outputs each worker
    process rendered, by process id (empty when all were rendered here).
    """
    return render_jobs(settings, [Job(project, todo, staging, renderers, done)])


def render_jobs(settings: Settings, jobs: list[Job]) -> collections.Counter[int]:
    """Render the outputs of several sites (regions) with one pool: see ``render_all``.

    The workers are made for the first job's config; a task of another job carries its
    job number and the worker switches to that job's config (see Renderers.with_config).
    """
    def render_here(job: Job, output: Output) -> None:
        pin_date(job.renderers.config.published)
        data = job.renderers.render(output)
        write_atomic(job.staging / output.path, data)
        job.done(output.path, hashlib.sha256(data).hexdigest())

    total = sum(len(job.todo) for job in jobs)
    if settings.jobs <= 1 or total < max(POOL_MIN_OUTPUTS, 2 * settings.jobs):
        for job in jobs:
            for output in job.todo:
                render_here(job, output)
        return collections.Counter()
    trim_heap()  # what planning freed: the workers need the memory now
    first = jobs[0]
    path = first.staging / STATE_FILE
    ready = Path(str(path) + READY_SUFFIX)
    # The renderers need the config and where templates are, not the items.
    bare = Project(root=first.project.root, config=first.project.config, items=())
    warm = [(o, first.renderers.contexts.for_output(o)) for o in _warm_set(first.todo)]
    token = secrets.token_hex(8)
    configs = [job.renderers.config for job in jobs]
    path.write_bytes(pickle.dumps((bare, settings, warm, token, configs),
                                  protocol=pickle.HIGHEST_PROTOCOL))
    context = multiprocessing.get_context("forkserver")
    children_started()
    _start_server(context, path)

    def new_worker() -> ProcessPoolExecutor:  # starts no process until the first submit
        return ProcessPoolExecutor(1, mp_context=context, initializer=init_worker,
                                   initargs=(str(path), os.getpid(), token))

    # One single-process executor per worker, each replaced by a fresh fork of the warm
    # server after TASKS_PER_WORKER outputs (max_tasks_per_child would do it, but deadlocks
    # on CPython 3.11-3.14: gh-115634). The others keep rendering meanwhile.
    workers = [_Worker(new_worker) for _ in range(settings.jobs)]
    # PDFs first: the slow ones. The pages that list every item are rendered here, where
    # the items are (a worker would need them all); so are DOCX and HTML while the fork
    # server warms up, on the core it leaves idle. PDFs only when there is nothing else:
    # this process would first load WeasyPrint and fonts (~0.5 s), and after DOCX and HTML
    # that runs past the moment the warm workers could start.
    queue = collections.deque(sorted(((n, o) for n, job in enumerate(jobs) for o in job.todo
                                      if o.kind not in LISTING_KINDS),
                                     key=lambda task: task[1].fmt != "pdf"))
    only_pdf = all(o.fmt == "pdf" for _, o in queue)
    rendered_by: collections.Counter[int] = collections.Counter()
    # Other regions' listing pages are rendered here while the workers render the rest.
    later = collections.deque((job, o) for job in jobs[1:] for o in job.todo
                              if o.kind in LISTING_KINDS)
    try:
        for output in (o for o in first.todo if o.kind in LISTING_KINDS):
            render_here(first, output)
        while (RENDER_WHILE_WARMING and queue and (only_pdf or queue[-1][1].fmt != "pdf")
               and not ready.exists()):
            number, output = queue.pop()
            render_here(jobs[number], output)
        owner: dict = {}
        while True:
            # A Ctrl-C while a worker is being started leaves it half-born and the pool
            # unable to stop: hold it while submitting, which may start workers.
            with signals_deferred():
                for worker in workers:
                    # Each task carries its context: a window at a time keeps memory flat.
                    while queue and worker.accepts():
                        number, output = queue.popleft()
                        job = jobs[number]
                        ctx = job.renderers.contexts.for_output(output)
                        future = worker.submit(render_to, output, ctx, str(job.staging), number)
                        owner[future] = (worker, job)
            if later:
                render_here(*later.popleft())
                finished = [future for future in owner if future.done()]
            elif not owner:
                break
            else:
                finished, _ = wait(list(owner), return_when=FIRST_COMPLETED)
            for future in finished:
                worker, job = owner.pop(future)
                worker.pending.discard(future)
                out_path, sha, pid = future.result()  # re-raises a worker's error here
                rendered_by[pid] += 1
                job.done(out_path, sha)
    except BrokenProcessPool:
        raise GuidegenError("渲染进程意外退出（可能是内存不足），网站没有更新；"
                            "可以用 -j 1 减少并行进程后重试") from None
    finally:
        with signals_deferred():  # on an error or Ctrl-C: cancel the rest, stop cleanly
            for worker in workers:
                worker.stop()
        path.unlink(missing_ok=True)
        ready.unlink(missing_ok=True)  # the server is gone: it cannot touch it again
    return rendered_by


class _Worker:
    """One worker process, replaced by a fresh fork after TASKS_PER_WORKER outputs."""

    def __init__(self, factory: Callable[[], ProcessPoolExecutor]):
        self.factory = factory
        self.pool = factory()
        self.submitted = 0
        self.pending: set = set()

    def accepts(self) -> bool:
        """Whether another task may go to this worker now (recycling it when due)."""
        if self.submitted >= TASKS_PER_WORKER and not self.pending:
            self.pool.shutdown(wait=True)  # idle by now: its process ends at once
            self.pool, self.submitted = self.factory(), 0
        return len(self.pending) < WINDOW and self.submitted < TASKS_PER_WORKER

    def submit(self, fn, *args):
        """Submit one task; returns its future."""
        future = self.pool.submit(fn, *args)
        self.pending.add(future)
        self.submitted += 1
        return future

    def stop(self) -> None:
        """Cancel what has not started and wait for the process to end."""
        self.pool.shutdown(wait=True, cancel_futures=True)
