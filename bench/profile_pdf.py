#!/usr/bin/env python3
"""剖析 PDF 渲染时间花在哪里：对一个条目的办事指南反复调用 PdfRenderer.render，用 cProfile 统计。

用法（在仓库根目录）：
    .venv/bin/python bench/profile_pdf.py [--set bench/_work/set-20] [--kind guide] [-n 5] [--top 30]

先不计时地渲染一次（字体配置、模板编译等一次性开销），再对 n 次渲染做 cProfile，
打印按累计时间排序的前若干项，以及按阶段（Jinja 生成 HTML / 解析与样式 / 排版 / 写 PDF 与字体子集化）的汇总。
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

from profiling import project_and_renderers  # also puts the repository on sys.path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=None,
                        help="bench/run.py 生成的条目集目录（含 guidegen.yaml）；默认用仓库的 data/items")
    parser.add_argument("--kind", default="guide", choices=("guide", "form", "letter"))
    parser.add_argument("-n", type=int, default=5, help="剖析的渲染次数（默认 5）")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, help="把 pstats 数据存到该文件（可用 snakeviz 等查看）")
    args = parser.parse_args()

    from guidegen.plan import plan

    project, renderers = project_and_renderers(args.set)
    output = next(o for o in plan(project, ("pdf",)) if o.kind == args.kind)
    pdf = renderers.renderer("pdf")
    ctx = renderers.contexts.for_output(output)

    start = time.perf_counter()
    first = pdf.render(output, ctx)
    cold = time.perf_counter() - start

    # Stage timings without the profiler's overhead.
    stages = {"jinja": 0.0, "parse+style+layout": 0.0, "write_pdf": 0.0}
    for _ in range(args.n):
        t0 = time.perf_counter()
        pdf.render_html(output.kind, ctx)
        t1 = time.perf_counter()
        source, doc = pdf.layout(output, ctx)  # renders the HTML again: subtract jinja
        t2 = time.perf_counter()
        pdf.write(source, doc)
        t3 = time.perf_counter()
        stages["jinja"] += t1 - t0
        stages["parse+style+layout"] += t2 - t1 - (t1 - t0)
        stages["write_pdf"] += t3 - t2
    pages = len(doc.pages)

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    for _ in range(args.n):
        pdf.render(output, ctx)
    profiler.disable()
    warm = (time.perf_counter() - start) / args.n

    print(f"文档：{output.path}（{pages} 页，{len(first) / 1024:.0f} KiB）")
    print(f"首次渲染（冷）：{cold * 1000:.0f} ms；之后每次（cProfile 下）：{warm * 1000:.0f} ms")
    total = sum(stages.values()) / args.n
    print(f"分阶段（无 cProfile，{args.n} 次平均，共 {total * 1000:.0f} ms）：")
    for name, value in stages.items():
        print(f"  {name:<20} {value / args.n * 1000:7.0f} ms  {value / args.n / total:5.1%}")
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).sort_stats("cumulative")
    stats.print_stats(args.top)
    print(stream.getvalue())
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
    print("—— 按自身耗时（tottime）——")
    print(stream.getvalue())
    if args.out:
        stats.dump_stats(str(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
