"""Memory and CPU of a whole process tree, read from /proc while a build runs."""

from __future__ import annotations

import os
import threading
import time


def _proc_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(rest[1]), []).append(int(entry))
    return children


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB. Forked workers share the fork server's pages: RSS counts them in
    every process, PSS splits each shared page between its sharers."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss  # (0, 0): gone, or a zombie/kernel thread without memory


def tree_sample(root: int) -> tuple[int, int, dict[int, int]]:
    """Summed RSS and PSS (KiB) of ``root`` and all its descendants, and each one's CPU ticks."""
    children = _proc_children()
    total, total_pss, ticks, stack = 0, 0, {}, [root]
    while stack:
        pid = stack.pop()
        if pid in ticks:
            continue
        rss, pss = _memory_kib(pid)
        total += rss
        total_pss += pss
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            ticks[pid] = -1
        stack.extend(children.get(pid, ()))
    return total, total_pss, ticks


class TreeSampler(threading.Thread):
    """Every ``interval`` s: the process tree's summed RSS (keeps the max), and whether it still works.

    The tree counts as stalled when no process in it has used any CPU (and none started or
    exited) since ``stalled_since``: a deadlocked pool sits at 0 % CPU forever.
    """

    # Each sample reads /proc for every process and smaps_rollup (a page-table walk) for each
    # in the tree: ~5 ms of CPU with a build's six processes. Every 50 ms, that took 10 % of
    # a core from the build being measured (and nothing from the single-process baseline).
    # Memory peaks last seconds: sampling every 0.25 s finds them.
    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = self.peak_pss_kib = 0
        self.samples = 0
        self.stalled_since = time.monotonic()
        self._last: dict[int, int] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self._halt.is_set():
            rss, pss, ticks = tree_sample(self.pid)
            self.peak_kib = max(self.peak_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            if ticks != self._last:
                self._last = ticks
                self.stalled_since = time.monotonic()
            self.samples += 1
            self._halt.wait(self.interval)

    def stalled_for(self) -> float:
        """Seconds since any process of the tree last used CPU."""
        return time.monotonic() - self.stalled_since

    def stop(self) -> None:
        """Stop sampling and wait for the thread."""
        self._halt.set()
        self.join()
