#!/usr/bin/env python3
"""汇编和公示的代价：在 N 项合成数据上逐个渲染办事指南汇编、表单汇编和公示（本进程内），
打印每个文件的 CPU 时间、墙钟时间、大小和进程峰值内存（RSS）。

用法（在仓库根目录）：
    .venv/bin/python bench/booklets.py 100 [booklet,formbook,poster]
"""

from __future__ import annotations

import argparse
import resource
import time

from paths import WORK  # first: puts the repository on sys.path for the modules below

from profiling import project_and_renderers  # noqa: E402
from synth import make_set, sample_items  # noqa: E402

from guidegen.plan import plan  # noqa: E402


def main() -> None:
    """Render each booklet output once and print what it cost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int, help="条目数")
    parser.add_argument("kinds", nargs="?", default="booklet,formbook,poster")
    args = parser.parse_args()
    root = make_set(args.size, sample_items()[0], WORK)
    text = (root / "guidegen.yaml").read_text(encoding="utf-8")
    (root / "guidegen.yaml").write_text(text.replace("booklets: false", "booklets: true"), encoding="utf-8")
    project, renderers = project_and_renderers(root)
    for output in plan(project, ("pdf", "docx")):
        if output.kind not in args.kinds.split(","):
            continue
        wall, cpu = time.perf_counter(), time.process_time()
        data = renderers.render(output)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{output.path}: CPU {time.process_time() - cpu:.1f} s，墙钟 {time.perf_counter() - wall:.1f} s，"
              f"{len(data) / 1e6:.1f} MB，峰值 RSS {rss:.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
