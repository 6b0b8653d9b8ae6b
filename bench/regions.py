"""Benchmark of ``build --all-regions`` against one build of as many items (not a test).

    .venv/bin/python bench/regions.py [--regions 16] [--items 60] [--jobs 2] [--repeat 2]

Makes bench/_work/regions-R-N (a province of N synthetic items, bench/synth.py, and R
regions, each with its own region.yaml and one overridden item) and bench/_work/set-RN
(one project of R×N items), then times, each as a new process with ``--force``:
``build --all-regions`` of the first and ``build`` of the second. Both render R×N items'
documents. Target: all-regions wall time ≤ 1.2 × the single build's.

The machine is shared, so each figure is the minimum over ``--repeat`` runs, the two builds
interleaved so that a burst of load hits both alike; beside the wall time, the CPU time of
the whole process tree (user + system), which other load hardly changes. The render
processes are children of the fork server, which guidegen does not wait for: this script
makes itself their subreaper (Linux prctl) and reaps them, so their CPU time counts too.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from paths import WORK  # first: puts the repository on sys.path for the modules below

from measure import source_fingerprint  # noqa: E402
from synth import make_set, sample_items  # noqa: E402

PY = sys.executable
TARGET = 1.2
PR_SET_CHILD_SUBREAPER = 36


def _subreaper() -> None:
    """Adopt orphaned descendants (the fork server, its workers) so their CPU time counts."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise SystemExit("prctl(PR_SET_CHILD_SUBREAPER) failed: CPU time would miss the workers")


def _reap_all() -> None:
    """Wait for every adopted process (the fork server ends once its build is gone)."""
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU time (user + system of every process) of ``python -m guidegen ARGS``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([PY, "-m", "guidegen", *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    _reap_all()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"guidegen {' '.join(args)} failed:\n{done.stderr}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def make_regions(regions: int, items: int, templates: list[dict]) -> Path:
    """A province of ``items`` items with ``regions`` regions; returns the project folder."""
    base = make_set(items, templates, WORK)
    root = WORK / f"regions-{regions}-{items}"
    shutil.rmtree(root, ignore_errors=True)
    base.rename(root)
    for index in range(1, regions + 1):
        folder = root / "data" / "regions" / f"city-{index:02d}"
        (folder / "items").mkdir(parents=True)
        spec = {"name": f"第{index}市", "authority": f"第{index}市民政局",
                "contact": {"phone": f"0000-{index:08d}"}}
        (folder / "region.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
        override = {"id": f"item-{index:05d}", "fee": "不收费（本市）"}
        (folder / "items" / f"item-{index:05d}.yaml").write_text(
            yaml.safe_dump(override, allow_unicode=True), encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--regions", type=int, default=16)
    ap.add_argument("--items", type=int, default=60)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    _subreaper()
    templates, _note = sample_items()
    regions = make_regions(args.regions, args.items, templates)
    single = make_set(args.regions * args.items, templates, WORK)
    jobs = ["-j", str(args.jobs), "--force", "-q"]
    runs = {"all": [], "single": []}
    for _ in range(args.repeat):  # interleaved: a burst of load hits both alike
        runs["all"].append(timed(["build", "--all-regions", "--out", "out", *jobs], regions))
        runs["single"].append(timed(["build", "--out", "out", *jobs], single))
        print(f"all-regions {runs['all'][-1]}, single {runs['single'][-1]} (wall, CPU s)", flush=True)
    wall = {k: min(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: min(c for _, c in v) for k, v in runs.items()}
    total = args.regions * args.items
    print(f"代码 {source_fingerprint()}，{args.regions} 个地区 × {args.items} 项，-j {args.jobs}，"
          f"各 {args.repeat} 次取最小值")
    print("| 构建 | 墙钟时间（最小值） | CPU 时间（进程树，最小值） |")
    print("|---|---|---|")
    print(f"| build --all-regions（{args.regions} × {args.items} 项） | {wall['all']:.1f} s | {cpu['all']:.1f} s |")
    print(f"| build（{total} 项） | {wall['single']:.1f} s | {cpu['single']:.1f} s |")
    ratio_wall = wall["all"] / wall["single"]
    print(f"| 比值 | {ratio_wall:.2f} | {cpu['all'] / cpu['single']:.2f} |")
    ok = ratio_wall <= TARGET
    print(f"目标：墙钟比值 ≤ {TARGET}：{'达到' if ok else '未达到'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
