#!/usr/bin/env python3
"""每个加速补丁省多少时间：在样例数据上按 CPU 时间测每份 PDF、DOCX 的毫秒数。

用法（在仓库根目录）：
    make bench-patches                       # 默认 3 轮，每轮每份文档每个组合 6 次，约 15 分钟
    .venv/bin/python bench/patches.py [--rounds 3] [--repeats 6] [--set bench/_work/set-20] [--json FILE]

共享的虚拟机快慢会在几十秒内漂移 ±20%，分进程测不同组合分辨不出 5% 的差别。所以一个进程
（GUIDEGEN_PATCHES=off 启动，先不装补丁）逐个装上补丁，记下每个补丁改了 WeasyPrint、pydyf
的哪些属性；之后对每份文档轮流在各组合下渲染（全部启用、去掉某一个、全部停用——切换就是把
记下的属性换回去），每份文档每个组合取几次中最快的一次，用 time.process_time() 计 CPU 时间。
DOCX 只有一个补丁，切换 DocxRenderer.fast 即可。每轮一个新进程，表中取各轮中位数。
weasyload 只省进程启动时导入 WeasyPrint 的时间，按“每个进程”另测（含它省掉的 ldconfig 等子进程的 CPU）。
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from profiling import REPO, project_and_renderers  # also puts the repository on sys.path

from guidegen.render.patches import PATCHES, installed_version

REPEATS = 6  # timed renders of every document in every combination (default)
IMPORTS = 5  # processes importing WeasyPrint with and without weasyload, per round
PATCH_DIR = REPO / "guidegen" / "render" / "patches"
HELPERS = {"pdffonts": ("hbsubset",)}  # modules that belong to a patch
PATCHED = ("weasyprint", "pydyf")  # the libraries whose attributes the PDF patches replace
MISSING = object()


def _cpu_with_children() -> float:
    own, children = (resource.getrusage(resource.RUSAGE_SELF),
                     resource.getrusage(resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _namespaces() -> dict[int, tuple[object, dict]]:
    """Every module, class and module-level dict of the patched libraries: id → (it, copy)."""
    found = {}
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in PATCHED:
            continue
        found[id(module)] = (module, dict(vars(module)))
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__.split(".")[0] in PATCHED:
                found[id(value)] = (value, dict(vars(value)))
            elif isinstance(value, dict):
                found[id(value)] = (value, dict(value))
    return found


def _changes(before: dict, after: dict) -> list[tuple[object, str, object, object]]:
    """(namespace, key, old value or MISSING, new value or MISSING) for each replaced entry."""
    found = []
    for key, (space, new) in after.items():
        if key not in before:  # imported meanwhile: nothing of it was replaced
            continue
        old = before[key][1]
        for name in old.keys() | new.keys():
            if old.get(name, MISSING) is not new.get(name, MISSING):
                found.append((space, name, old.get(name, MISSING), new.get(name, MISSING)))
    return found


def _put(space, name: str, value) -> None:
    is_dict = isinstance(space, dict)
    if value is MISSING:
        if is_dict:
            space.pop(name, None)
        elif name in vars(space):
            delattr(space, name)
    elif is_dict:
        space[name] = value
    else:
        setattr(space, name, value)


def _pdf_switches():
    """Install every PDF patch but weasyload; name → function(on) switching it."""
    switches = {}
    for patch in PATCHES:
        if patch.fmt != "pdf" or patch.name == "weasyload":
            continue
        module = importlib.import_module(f"guidegen.render.patches.{patch.name}")
        before = _namespaces()
        assert module.install(), patch.name
        changes = _changes(before, _namespaces())

        def switch(on: bool, changes=changes) -> None:
            for space, name, old, new in changes:
                _put(space, name, new if on else old)
        switches[patch.name] = switch
    return switches


def measure(fmt: str, set_dir: Path | None, repeats: int = REPEATS) -> dict[str, float]:
    """In this process: CPU ms per document of ``fmt`` in every combination of patches."""
    if fmt == "import":
        start = _cpu_with_children()
        import guidegen.render.pdf  # noqa: F401 - what is measured: WeasyPrint's import
        return {"all" if os.environ.get("GUIDEGEN_PATCHES") == "on" else "-weasyload":
                (_cpu_with_children() - start) * 1000}
    from guidegen.plan import plan

    project, renderers = project_and_renderers(set_dir)
    renderer = renderers.renderer(fmt)
    if fmt == "pdf":
        switches = _pdf_switches()
    else:
        fast = importlib.import_module("guidegen.render.patches.docxtemplate")
        switches = {"docxtemplate": lambda on: setattr(renderer, "fast", fast if on else None)}
    combinations = {"all": set(switches), "none": set()}
    if len(switches) > 1:
        combinations.update({f"-{name}": set(switches) - {name} for name in switches})
    jobs = [(o, renderers.contexts.for_output(o)) for o in plan(project, (fmt,))]
    fastest = {label: [float("inf")] * len(jobs) for label in combinations}
    for repeat in range(repeats + 1):  # the first renders warm fonts and caches: not counted
        for index, (output, ctx) in enumerate(jobs):
            labels = list(combinations)
            labels = labels[repeat % len(labels):] + labels[:repeat % len(labels)]
            for label in labels:  # each combination right after another: the same machine
                for name, switch in switches.items():
                    switch(name in combinations[label])
                start = time.process_time()
                renderer.render(output, ctx)
                if repeat:
                    spent = time.process_time() - start
                    fastest[label][index] = min(fastest[label][index], spent)
    result = {label: sum(times) * 1000 / len(jobs) for label, times in fastest.items()}
    return {**result, "docs": len(jobs)}


def run(fmt: str, switch: str, set_dir: Path | None, repeats: int = REPEATS) -> dict[str, float]:
    """``measure`` in a new process with ``GUIDEGEN_PATCHES=switch``."""
    command = [sys.executable, __file__, "--measure", fmt, "--repeats", str(repeats)]
    if set_dir:
        command += ["--set", str(set_dir)]
    env = {**os.environ, "GUIDEGEN_PATCHES": switch}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def lines_of(name: str) -> int:
    """Lines of a patch's modules (its helpers included)."""
    return sum(len((PATCH_DIR / f"{m}.py").read_text(encoding="utf-8").splitlines())
               for m in (name, *HELPERS.get(name, ())))


def collect(rounds: int, set_dir: Path | None, repeats: int, log) -> dict[str, dict[str, list[float]]]:
    """Per format, per combination: ms per document in each round (a new process each)."""
    found: dict[str, dict[str, list[float]]] = {}
    for round_no in range(1, rounds + 1):
        # All PDF patches start off: the PDF process installs them one by one itself.
        results = [run("pdf", "off", set_dir, repeats), run("docx", "on", set_dir, repeats)]
        # An import is one number per process: the fastest of a few, taken in turn.
        imports = [run("import", switch, set_dir) for _ in range(IMPORTS)
                   for switch in ("on", "-weasyload")]
        results.append({label: min(r[label] for r in imports if label in r)
                        for label in ("all", "-weasyload")})
        for fmt, result in zip(("pdf", "docx", "import"), results):
            for label, value in result.items():
                found.setdefault(fmt, {}).setdefault(label, []).append(value)
        log(f"第 {round_no} 轮：" + "；".join(
            f"{fmt} {label} {values[-1]:.1f}" for fmt, by in found.items()
            for label, values in by.items() if label != "docs"))
    return found


def table(found: dict[str, dict[str, list[float]]]) -> str:
    """The Markdown table: per patch, its lines and the time it saves (medians of rounds)."""
    def median(fmt: str, label: str) -> float:
        return statistics.median(found[fmt][label])

    def saved(fmt: str, label: str) -> list[float]:
        return [a - b for a, b in zip(found[fmt][label], found[fmt]["all"])]

    def cells(fmt: str, label: str) -> str:
        values = saved(fmt, label)
        low, high = min(values), max(values)
        return (f"{statistics.median(values):.1f}（{low:.1f}～{high:.1f}） | "
                f"{statistics.median(values) / median(fmt, 'all'):.1%}")

    rows = ["| 补丁 | 格式 | 代码行数 | 去掉它每份多用 ms（各轮范围） | 占全部启用时的 |",
            "|---|---|---|---|---|"]
    for patch in PATCHES:
        name = patch.name
        if name == "weasyload":  # once per process, not per document
            rows.append(f"| {name} | PDF（每个进程导入一次） | {lines_of(name)} | "
                        f"{cells('import', '-weasyload').replace(' |', ' / 进程 |')} 的导入时间 |")
            continue
        # The only patch of its format: leaving it out is switching them all off.
        label = f"-{name}" if f"-{name}" in found[patch.fmt] else "none"
        rows.append(f"| {name} | {patch.fmt.upper()} | {lines_of(name)} | "
                    f"{cells(patch.fmt, label)} |")
    for fmt in ("pdf", "docx"):
        rows.append(f"| 全部停用 | {fmt.upper()}（{found[fmt]['docs'][0]:.0f} 份，全部启用时每份 "
                    f"{median(fmt, 'all'):.1f} ms） | — | {cells(fmt, 'none')} |")
    return "\n".join(rows)


def header() -> str:
    """Date, commit and the library versions the figures belong to."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "?"
    versions = "，".join(f"{d} {installed_version(d)}" for d in
                        ("Python", "WeasyPrint", "pydyf", "docxtpl", "python-docx"))
    return f"{dt.date.today().isoformat()}，代码 {commit}，{versions}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="测几轮（每轮一个新进程），取中位数（默认 3）")
    parser.add_argument("--set", type=Path, default=None,
                        help="bench/run.py 生成的条目集目录（含 guidegen.yaml）；默认用仓库的 data/items")
    parser.add_argument("--repeats", type=int, default=REPEATS,
                        help=f"每份文档在每个组合下计时渲染几次，取最快的一次（默认 {REPEATS}）")
    parser.add_argument("--json", type=Path, help="另存每轮的原始结果")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # in the child process
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.set, args.repeats)))
        return 0
    found = collect(args.rounds, args.set, args.repeats, lambda msg: print(msg, file=sys.stderr, flush=True))
    print(f"每份文档的 CPU 时间，{args.rounds} 轮的中位数（{header()}）：\n")
    print(table(found))
    if args.json:
        args.json.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
