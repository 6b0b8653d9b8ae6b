#!/usr/bin/env python3
"""网站的两项指标：搜索索引的大小，和 guidegen serve 中修改一项后页面更新所需的时间。

用法（在仓库根目录）：
    .venv/bin/python bench/site.py                       # 1000 项，修改 5 次
    .venv/bin/python bench/site.py --size 100 --edits 3 --format html

1. 搜索索引：用基准的合成数据（bench/synth.py）生成 N 项，计算
   assets/search-index.js 的原始大小和 gzip 压缩后的大小（目标：1000 项 ≤ 300 KB）。
2. serve：在本进程的线程里运行 guidegen serve（与命令行相同的代码），等首次构建完成后，
   每次修改一项的名称，计时到 HTTP 返回的该事项页面出现新名称为止（含文件监视的延迟），
   以及到全部输出（清单、搜索索引、开放数据、文书）完成为止（目标：1000 项时页面 ≤ 1 秒）。

不是测试：只打印一张 Markdown 表格。数据放在 bench/_work/（已被 git 忽略）。
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import statistics
import threading
import time
from pathlib import Path

from paths import WORK  # noqa: I001 - first: it puts this checkout on sys.path
from synth import make_set, rename_one, sample_items

from guidegen.project import load_project
from guidegen.settings import Settings
from guidegen.site.search import index_script
from guidegen.site.serve import serve


def index_size(set_dir: Path) -> tuple[int, int]:
    """(bytes, gzip -6 bytes) of the search index of a data set."""
    script = index_script(load_project(set_dir / "guidegen.yaml").items)
    return len(script), len(gzip.compress(script, 6))


def page(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    return connection.getresponse().read().decode("utf-8")


def serve_latency(set_dir: Path, size: int, edits: int, formats: tuple[str, ...],
                  jobs: int) -> list[tuple[float, float]]:
    """Per edit: (seconds until the item page shows it, seconds until the rebuild is done)."""
    out = WORK / f"serve-{size}"
    settings = Settings(out_dir=out, formats=formats, jobs=jobs, config_path=set_dir / "guidegen.yaml")
    stop, ready, log, servers = threading.Event(), threading.Event(), [], []

    def started(server):
        servers.append(server)
        ready.set()

    thread = threading.Thread(target=serve, args=(settings, 0, log.append, stop, started), daemon=True)
    thread.start()
    if not ready.wait(3600):
        raise SystemExit("serve did not start: " + " ".join(log))
    port, results = servers[0].port, []
    try:
        for _ in range(edits):
            time.sleep(0.5)  # the watcher is idle again
            done_before = sum("全部完成" in line for line in log)
            edited = rename_one(set_dir, size)
            begun = time.monotonic()
            name = next(line[6:] for line in edited.read_text(encoding="utf-8").splitlines()
                        if line.startswith("name: "))
            while name not in page(port, f"/items/{edited.stem}/index.html"):
                time.sleep(0.005)
            shown = time.monotonic() - begun
            while sum("全部完成" in line for line in log) == done_before:
                time.sleep(0.01)
            results.append((shown, time.monotonic() - begun))
    finally:
        stop.set()
        thread.join(60)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--format", default="docx,pdf,html")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    templates, _ = sample_items()
    set_dir = make_set(args.size, templates, WORK)
    raw, packed = index_size(set_dir)
    results = serve_latency(set_dir, args.size, args.edits, tuple(args.format.split(",")), args.jobs)
    shown = [r[0] for r in results]
    done = [r[1] for r in results]
    print(f"| 指标（{args.size} 项，格式 {args.format}） | 结果 |")
    print("|---|---|")
    print(f"| 搜索索引 assets/search-index.js | {raw / 1024:.0f} KB，gzip 后 {packed / 1024:.0f} KB |")
    print(f"| serve：修改一项到页面更新（中位数 / 最好 / 最差，{len(shown)} 次） | "
          f"{statistics.median(shown):.2f} / {min(shown):.2f} / {max(shown):.2f} s |")
    print(f"| serve：修改一项到全部输出完成（中位数） | {statistics.median(done):.2f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
