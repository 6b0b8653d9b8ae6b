"""Benchmark of guidegen export / import on a synthetic set (not a test; prints a Markdown table).

    .venv/bin/python bench/lists.py [--size 1000] [--repeat 3]

Makes (or reuses) bench/_work/set-N with bench/run.py's generator, then times, each as a
new process the way a clerk runs it: ``export --full``, ``export`` (the attachments),
``import`` of the unedited full workbook (every row compared, nothing written) and
``import`` after one cell was edited (the change planned and read back). Targets for
1,000 items: import ≤ 5 s, export ≤ 3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import openpyxl

from paths import WORK  # first: puts the repository on sys.path for the modules below

from measure import source_fingerprint  # noqa: E402
from synth import make_set, sample_items  # noqa: E402

PY = sys.executable
TARGETS = {"import": 5.0, "export": 3.0}


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU time (user + system) of ``python -m guidegen ARGS`` in ``cwd``.

    The CPU time is what the command costs on an idle machine (it runs in one process);
    the wall time grows with whatever else the machine is doing.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([PY, "-m", "guidegen", *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"guidegen {' '.join(args)} failed:\n{done.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def edit_one(book: Path, out: Path) -> None:
    """The same workbook with one department changed (what a clerk's typical edit is)."""
    wb = openpyxl.load_workbook(book)
    ws = wb["事项"]
    column = next(c.column for c in ws[1] if c.value == "主管部门")
    ws.cell(ws.max_row // 2, column).value = "民政部门（已修改）"
    wb.save(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    set_dir = WORK / f"set-{args.size}"
    if not (set_dir / "data" / "items").is_dir():
        print(f"生成 {args.size} 项合成数据 …", file=sys.stderr)
        make_set(args.size, sample_items()[0], WORK)
    runs: dict[str, list[tuple[float, float]]] = {}
    full, lists, edited = set_dir / "items.xlsx", set_dir / "lists.xlsx", set_dir / "edited.xlsx"
    for _ in range(args.repeat):
        runs.setdefault("export --full", []).append(timed(["export", str(full), "--full"], set_dir))
        runs.setdefault("export（附件表格）", []).append(timed(["export", str(lists)], set_dir))
        runs.setdefault("import（未修改的维护工作簿）", []).append(timed(["import", str(full)], set_dir))
    edit_one(full, edited)
    for _ in range(args.repeat):
        runs.setdefault("import（改了一个单元格）", []).append(timed(["import", str(edited)], set_dir))
    rows = openpyxl.load_workbook(full, read_only=True)
    counted = {ws.title: ws.max_row - 1 for ws in rows.worksheets}
    print(f"## guidegen export / import（{args.size} 项，代码 {source_fingerprint()}）\n")
    print(f"维护工作簿：{sum(counted.values())} 行数据（" +
          "、".join(f"{k} {v}" for k, v in counted.items()) + "）\n")
    print(f"系统 1 分钟负载：{os.getloadavg()[0]:.1f}（{os.cpu_count()} 核；负载高时墙钟时间偏大，CPU 时间基本不变）\n")
    print("| 操作 | CPU 时间（中位数） | 墙钟时间（中位数） | 各次墙钟 | 目标 | 达成（按 CPU 时间） |")
    print("|---|---|---|---|---|---|")
    for name, times in runs.items():
        target = TARGETS["import" if name.startswith("import") else "export"]
        wall = statistics.median(t[0] for t in times)
        cpu = statistics.median(t[1] for t in times)
        print(f"| {name} | {cpu:.2f} s | {wall:.2f} s | {' / '.join(f'{t[0]:.2f}' for t in times)} "
              f"| ≤ {target:.0f} s | {'✓' if cpu <= target else '✗'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
