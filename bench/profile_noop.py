#!/usr/bin/env python3
"""剖析无变化重建：在本进程内运行 `guidegen build`（不加 --force），用 cProfile 统计时间花在哪里。

用法（在仓库根目录，先用 bench/run.py 或 guidegen build 在 OUT 中构建过一次）：
    .venv/bin/python bench/profile_noop.py --set bench/_work/set-1000 --out bench/_work/out-1000 [--top 30]

先打印 import guidegen.cli 的耗时（进程启动时每次都要付），再打印 build 命令本身的 cProfile 结果。
注意：如果 OUT 里的构建记录已过期（模板或代码改过），这一次就不是“无变化”，会真的渲染。
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

import paths  # noqa: F401  (puts the repository on sys.path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, required=True, help="含 guidegen.yaml 和 data/items 的目录")
    parser.add_argument("--out", type=Path, required=True, help="已经构建过的输出目录")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    start = time.perf_counter()
    from guidegen import cli
    imported = time.perf_counter() - start
    print(f"import guidegen.cli：{imported:.2f} s")

    argv = ["build", "--data", str(args.set / "data" / "items"), "--config",
            str(args.set / "guidegen.yaml"), "--out", str(args.out), "-q"]
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    try:
        cli.cli.main(args=argv, prog_name="guidegen", standalone_mode=False)
    finally:
        profiler.disable()
    print(f"build（cProfile 下）：{time.perf_counter() - start:.2f} s")
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(args.top)
    print(stream.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
