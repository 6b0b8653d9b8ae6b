#!/usr/bin/env python3
"""guidegen 性能基准：生成合成条目集，计时完整构建 / 分格式构建 / 无变化重建 / 单条修改重建，
采样整个进程树的峰值内存，并与“docxtpl + LibreOffice 批量转换”的朴素做法对比。

用法（在仓库根目录）：
    make bench                                   # 默认规模 100 和 1000
    make bench ARGS='--quick'                    # 冒烟：只跑 20 项（< 2 分钟）
    .venv/bin/python bench/run.py --sizes 100,1000,5000 --baseline-max 300 --json /tmp/bench.json

不是测试：只打印一张 Markdown 表格（可直接贴进 README）。生成的数据放在 bench/_work/（已被 git 忽略）。
合成数据见 synth.py，计时和内存采样见 measure.py / sampler.py，基线见 baseline.py，表格见 report.py。
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sys
import time
from pathlib import Path

from paths import WORK  # first: puts the repository on sys.path for the modules below

from baseline import measure_baseline  # noqa: E402
from machine import machine  # noqa: E402
from measure import Runner  # noqa: E402
from report import Results, SizeRun, report, targets  # noqa: E402
from synth import SEED, make_set, sample_items  # noqa: E402


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (Chinese help, as in `make bench ARGS=…`)."""
    parser = argparse.ArgumentParser(description="guidegen 性能基准（打印 Markdown 表格）")
    parser.add_argument("--sizes", default="100,1000", help="条目数，逗号分隔（默认 100,1000）")
    parser.add_argument("--baseline-max", type=int, default=1000,
                        help="基线最多实测多少项，超出部分按文档数线性外推（默认 1000）")
    parser.add_argument("--quick", action="store_true", help="冒烟：只跑 20 项，基线也是 20 项")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                        help="guidegen build 的并行数（默认 os.cpu_count()）")
    parser.add_argument("--json", type=Path, help="把原始数据写入该 JSON 文件")
    parser.add_argument("--stall", type=float, default=60,
                        help="构建进程树连续这么多秒不用 CPU 即视为挂起并结束它（默认 60）")
    parser.add_argument("--lo-batch", type=int, default=200,
                        help="基线每次调用 LibreOffice 最多转换多少个文件（默认 200；本机 7.4 一次最多只转 246 个）")
    parser.add_argument("--keep", action="store_true", help="保留 bench/_work 中的输出目录（便于之后剖析）")
    parser.add_argument("--no-baseline", action="store_true", help="跳过基线（比例和相关目标显示为 —）")
    parser.add_argument("--memory-sizes", default=None,
                        help="另外只测完整构建时间和峰值内存的规模，逗号分隔（默认 5000，--quick 时不测；"
                             "检查内存是否随规模增长；空字符串表示不测）")
    return parser.parse_args(argv)


def log(msg: str) -> None:
    """Progress goes to stderr, so that stdout is only the report."""
    print(msg, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Measure every size, print the report, optionally save the raw data."""
    args = parse_args(argv)
    sizes = [20] if args.quick else sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    baseline_max = 20 if args.quick else args.baseline_max
    memory_sizes = args.memory_sizes if args.memory_sizes is not None else ("" if args.quick else "5000")

    WORK.mkdir(parents=True, exist_ok=True)
    templates, source = sample_items()
    log(f"样本：{source}")
    results = Results(sizes=sizes, jobs=args.jobs, source=source, baseline_max=baseline_max,
                      machine=machine(), seed=SEED)
    runner = Runner(WORK, args.jobs, args.stall, log)
    started = time.perf_counter()
    for size in sizes:
        log(f"== {size} 项 ==（负载 {os.getloadavg()[0]:.2f}）")
        load_before = os.getloadavg()
        set_dir = make_set(size, templates, WORK)
        measured = runner.guidegen(size, set_dir)
        baseline = None
        if not args.no_baseline:
            # the baseline uses the same items (the one-change edit included)
            baseline = measure_baseline(set_dir, baseline_max, WORK, log, args.lo_batch)
            if not args.keep:
                shutil.rmtree(WORK / f"baseline-{size}", ignore_errors=True)
        results.runs[size] = SizeRun(measured, baseline, load_before, os.getloadavg())
        results.memory[size] = measured.full
        if not args.keep:
            shutil.rmtree(WORK / f"out-{size}", ignore_errors=True)
    for size in sorted({int(s) for s in memory_sizes.split(",") if s.strip()} - set(sizes)):
        log(f"== {size} 项（只测完整构建和内存）==（负载 {os.getloadavg()[0]:.2f}）")
        out = WORK / f"out-{size}"
        full = runner.full(size, make_set(size, templates, WORK), out)
        log(f"    {full.wall_s:.1f} s，{full.summary}，峰值 RSS {full.peak_rss_mib:.0f} MiB"
            f"（PSS {full.peak_pss_mib:.0f} MiB）")
        results.memory[size] = full
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    results.targets = targets(results)
    results.total_s = time.perf_counter() - started
    print(report(results))
    log(f"（基准共用时 {results.total_s / 60:.1f} 分钟）")
    if args.json:
        args.json.write_text(json.dumps(dataclasses.asdict(results), ensure_ascii=False, indent=1),
                             encoding="utf-8")
        log(f"原始数据已写入 {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
