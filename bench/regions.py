"""Benchmark of ``build --all-regions`` against one build of as many items (not a test).

    .venv/bin/python bench/regions.py [--regions 16] [--items 60] [--jobs 2] [--repeat 2]

Makes bench/_work/regions-R-N (a province of N synthetic items, bench/synth.py, and R
regions, each with its own region.yaml and one overridden item) and bench/_work/set-RN
(one project of R×N items), then times, each as a new process with ``--force``:
``build --all-regions`` of the first and ``build`` of the second. Both render R×N items'
documents. Target: all-regions wall time ≤ 1.2 × the single build's.

The machine is shared, so each figure is the minimum wall time over ``--repeat`` runs, the
two builds interleaved so that a burst of load hits both alike. (The CPU time of the
process tree cannot be read reliably: the render processes are children of the fork
server, which no one waits for.)
"""

from __future__ import annotations

import argparse
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


def timed(args: list[str], cwd: Path) -> float:
    """Wall time of ``python -m guidegen ARGS`` in ``cwd``."""
    start = time.perf_counter()
    done = subprocess.run([PY, "-m", "guidegen", *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"guidegen {' '.join(args)} failed:\n{done.stderr}")
    return elapsed


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
    templates, _note = sample_items()
    regions = make_regions(args.regions, args.items, templates)
    single = make_set(args.regions * args.items, templates, WORK)
    jobs = ["-j", str(args.jobs), "--force", "-q"]
    runs = {"all": [], "single": []}
    for _ in range(args.repeat):  # interleaved: a burst of load hits both alike
        runs["all"].append(timed(["build", "--all-regions", "--out", "out", *jobs], regions))
        runs["single"].append(timed(["build", "--out", "out", *jobs], single))
    wall = {k: min(v) for k, v in runs.items()}
    total = args.regions * args.items
    print(f"代码 {source_fingerprint()}，{args.regions} 个地区 × {args.items} 项，-j {args.jobs}，"
          f"各 {args.repeat} 次取最小值")
    print("| 构建 | 墙钟时间（最小值） | 各次 |")
    print("|---|---|---|")
    print(f"| build --all-regions（{args.regions} × {args.items} 项） | {wall['all']:.1f} s | "
          f"{' / '.join(f'{w:.1f}' for w in runs['all'])} |")
    print(f"| build（{total} 项） | {wall['single']:.1f} s | "
          f"{' / '.join(f'{w:.1f}' for w in runs['single'])} |")
    ratio_wall = wall["all"] / wall["single"]
    print(f"| 比值 | {ratio_wall:.2f} | |")
    ok = ratio_wall <= TARGET
    print(f"目标：墙钟比值 ≤ {TARGET}：{'达到' if ok else '未达到'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
