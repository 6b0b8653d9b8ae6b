#!/usr/bin/env python3
"""``python -m guidegen`` with the CPython gh-115634 fix applied to ProcessPoolExecutor.

On Python 3.11–3.13 (before the fix), a ProcessPoolExecutor created with
``max_tasks_per_child`` deadlocks once every worker has reached its task limit while
tasks are still queued: the replacement path consumes a stale "idle worker" token and
never spawns a new worker. guidegen uses ``max_tasks_per_child=TASKS_PER_WORKER`` (40
chunks of 4 outputs), so a build with more than ``jobs × 160`` outputs to render hangs.

bench/run.py falls back to this wrapper after such a hang so that the benchmark can
still report numbers; the table marks every number measured this way. The patch mirrors
the upstream fix (python/cpython#140900): when the manager thread replaces a worker
that exited at its task limit, spawn a replacement whenever the pool is below
``max_workers``, without consulting the idle-worker semaphore. guidegen itself is not
changed.

Usage: .venv/bin/python bench/pool_fix.py build --data ... (same arguments as guidegen)
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from concurrent.futures import process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_original = process.ProcessPoolExecutor._adjust_process_count


def _adjust_process_count(self) -> None:
    if threading.current_thread() is self._executor_manager_thread:
        # a worker exited (task limit reached): replace it if the pool is short
        if len(self._processes) < self._max_workers:
            self._spawn_process()
        return
    _original(self)


process.ProcessPoolExecutor._adjust_process_count = _adjust_process_count

if __name__ == "__main__":
    from guidegen.cli import main

    sys.argv[0] = "guidegen"
    main()
