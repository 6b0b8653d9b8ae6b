"""What runs in the fork server and its workers: warm renderers, and one render per task.

The fork server imports this module (see ``pool._start_server``): ``_preload`` then builds
the renderers from the build's pickled inputs once and warms them, and every worker forked
from it inherits them copy-on-write.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import select
import signal
import threading
import time
from pathlib import Path

from guidegen.plan import Output
from guidegen.render.registry import Renderers, pin_date
from guidegen.write.memory import settle_heap
from guidegen.write.publish import write_atomic

STATE_ENV = "GUIDEGEN_POOL_STATE"  # tells the fork server where the build's inputs are
READY_SUFFIX = ".ready"  # next to them, touched by the fork server once it is warm

_WORKER: Renderers | None = None  # this process's renderers; set in the fork server
_TOKEN = ""  # the build they were made for
_CONFIGS: list = []  # the config of each job (region) of the build, by job number
_BY_JOB: dict[int, Renderers] = {}  # _WORKER for another job's config, made on first use



def _load(path: str) -> tuple[Renderers, list[tuple[Output, dict]]]:
    global _TOKEN, _CONFIGS
    with open(path, "rb") as handle:
        project, settings, warm, _TOKEN, _CONFIGS = pickle.load(handle)
    _BY_JOB.clear()
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


def init_worker(path: str, parent: int, token: str) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # also if the server predates this build
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    # The fork server outlives a build (the standard library offers no way to stop it), so
    # a second build in this process finds it preloaded for the first one: load afresh.
    if _WORKER is None or _TOKEN != token:  # the slow way, once per worker
        _WORKER = _load(path)[0]


def _renderers(job: int) -> Renderers:
    assert _WORKER is not None
    if job == 0:
        return _WORKER
    if job not in _BY_JOB:
        _BY_JOB[job] = _WORKER.with_config(_CONFIGS[job])
    return _BY_JOB[job]


def render_to(output: Output, ctx: dict, staging: str, job: int = 0) -> tuple[str, str, int]:
    renderers = _renderers(job)
    pin_date(renderers.config.published)
    data = renderers.renderer(output.fmt).render(output, ctx)
    write_atomic(Path(staging) / output.path, data)
    return output.path, hashlib.sha256(data).hexdigest(), os.getpid()


_preload()
