"""Every memory trick of a build in one place: GC tuning, heap trimming and the fast exit.

A build holds about a million small objects (items, their packed sources, contexts) that
all live until it ends. Python's defaults assume the opposite, so three things are tuned:
the cyclic collector is kept off them, freed heap is handed back before workers fork, and
the process ends without freeing them one by one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import sys
from collections.abc import Iterator

GC_THRESHOLD = 20_000  # allocations between young collections (Python's default: 700)

_children_started = False  # a worker pool registered exit handlers that must run


def trim_heap() -> None:
    """Hand freed heap pages back to the OS (glibc keeps them for reuse otherwise): the
    rendering that follows needs its memory in other processes."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # glibc only (find_library would fork)


def settle_heap() -> tuple[int, int, int]:
    """Keep what is alive now (it lives until the process ends) out of the cyclic
    collector, and collect young objects less often: WeasyPrint allocates heavily
    (~4% of a PDF's time). Returns the previous thresholds."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *threshold[1:])
    return threshold


def restore_heap(threshold: tuple[int, int, int]) -> None:
    """Undo ``settle_heap`` for callers that go on after a build (tests, CliRunner)."""
    gc.unfreeze()
    gc.set_threshold(*threshold)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Load without the cyclic collector, which would scan ~10^6 new objects again and
    again although they all live until the build ends."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def children_started() -> None:
    """Record that this process started worker processes (their exit handlers must run)."""
    global _children_started
    _children_started = True


def exit_now(code: object) -> None:
    """End the process without tearing the interpreter down, when nothing needs it.

    Freeing a loaded project's million objects one by one takes ~0.1 s, a tenth of a
    rebuild. Our files are all written and closed by now; only a worker pool leaves
    work for exit handlers, so then this returns and the caller exits normally.
    """
    code = 0 if code is None else code
    if not isinstance(code, int) or _children_started:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
