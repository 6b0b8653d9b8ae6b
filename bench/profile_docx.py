#!/usr/bin/env python3
"""测量 DOCX 渲染耗时：在本进程内对每种文档反复调用 DocxRenderer.render，按 CPU 时间计。

用法（在仓库根目录）：
    .venv/bin/python bench/profile_docx.py [--set bench/_work/set-100] [-n 60] [--profile]

每种文档先不计时地渲染一次（打开模板、编译 Jinja 等一次性开销），再轮流渲染该种的
全部文档共 n 次，用 time.process_time() 计时（不受本机其他进程的影响），打印每种的平均毫秒数。
加 --profile 时另用 cProfile 统计并打印耗时最多的函数。
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
    parser.add_argument("-n", type=int, default=60, help="每种文档的渲染次数（默认 60）")
    parser.add_argument("--profile", action="store_true", help="另用 cProfile 统计")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    from guidegen.plan import plan

    project, renderers = project_and_renderers(args.set)
    docx = renderers.renderer("docx")
    by_kind: dict[str, list] = {}
    for output in plan(project, ("docx",)):
        by_kind.setdefault(output.kind, []).append((output, renderers.contexts.for_output(output)))

    total_ms, total_n = 0.0, 0
    for kind, jobs in sorted(by_kind.items()):
        docx.render(*jobs[0])  # the one-time costs are not what this measures
        start = time.process_time()
        for index in range(args.n):
            docx.render(*jobs[index % len(jobs)])
        spent = (time.process_time() - start) * 1000
        total_ms, total_n = total_ms + spent, total_n + args.n
        print(f"{kind:<10} {spent / args.n:6.2f} ms（{len(jobs)} 个文档，渲染 {args.n} 次）")
    print(f"{'平均':<10} {total_ms / total_n:6.2f} ms")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for jobs in by_kind.values():
            for index in range(args.n):
                docx.render(*jobs[index % len(jobs)])
        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(args.top)
        print(stream.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
