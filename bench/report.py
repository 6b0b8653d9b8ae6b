"""The benchmark's results as one Markdown report: the table, its notes and the targets."""

from __future__ import annotations

from dataclasses import dataclass, field

from baseline import Baseline
from machine import Machine
from measure import FORMATS, Build, GuidegenRun
from synth import SEED


@dataclass
class SizeRun:
    """What one set size measured; ``baseline`` is None with --no-baseline."""

    guidegen: GuidegenRun
    baseline: Baseline | None
    loadavg_before: tuple[float, float, float]
    loadavg_after: tuple[float, float, float]


@dataclass
class Target:
    """One goal from the issue tracker, the measured value and whether it was met (None: not measured)."""

    target: str
    value: str
    ok: bool | None


@dataclass
class Results:
    """Everything one ``make bench`` run measured (also written by --json)."""

    sizes: list[int]
    jobs: int
    source: str
    baseline_max: int
    machine: Machine
    seed: int = SEED
    runs: dict[int, SizeRun] = field(default_factory=dict)
    memory: dict[int, Build] = field(default_factory=dict)  # full builds, also of --memory-sizes
    targets: list[Target] = field(default_factory=list)
    total_s: float = 0.0


def fmt_s(value: float | None) -> str:
    """Seconds as the table shows them."""
    if value is None:
        return "—"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def mark(ok: bool | None) -> str:
    """✓, ✗ or — for a target."""
    return "—" if ok is None else ("✓" if ok else "✗")


def _baseline_cell(r: SizeRun, seconds: float | None) -> str:
    if r.baseline is None:
        return "—"
    return fmt_s(seconds) + ("（外推）" if r.baseline.scaled else "")


def _ratio(r: SizeRun) -> str:
    return "—" if r.baseline is None else f"{r.guidegen.full.wall_s / r.baseline.wall_s:.2f}"


def report(results: Results) -> str:
    """The Markdown report (it can be pasted into README's 性能 section)."""
    sizes, rows, m = results.sizes, results.runs, results.machine
    lines = [f"## guidegen 性能基准（{m.date}）", "",
             f"机器：{m.cpu}，{m.cores} 核，内存 {m.ram}；Python {m.python}，"
             f"WeasyPrint {m.weasyprint}，docxtpl {m.docxtpl}，{m.libreoffice}", "",
             f"代码：{m.code}", "",
             f"数据：{results.source}轮换派生的合成保留事项（随机种子 {results.seed}）；"
             f"所有计时都是 `python -m guidegen build -q` 子进程的墙钟时间（含进程启动），"
             f"并行数 -j {results.jobs}。", ""]
    head = "| 指标 | " + " | ".join(f"{s} 项" for s in sizes) + " |"
    lines += [head, "|" + "---|" * (len(sizes) + 1)]

    def row(label, fn):
        lines.append(f"| {label} | " + " | ".join(fn(rows[s]) for s in sizes) + " |")

    row("输出文件数（docx / pdf / html）", lambda r: "{docx} / {pdf} / {html}".format(**r.guidegen.counts))
    row("完整构建（--force）", lambda r: fmt_s(r.guidegen.full.wall_s))
    for fmt in FORMATS:
        row(f"{fmt.upper()}：ms/文档/核（单独 --format {fmt}）",
            lambda r, f=fmt: "{:.0f}（{} 个，{}）".format(
                r.guidegen.per_format[f].ms_per_doc_core or 0, r.guidegen.per_format[f].count,
                fmt_s(r.guidegen.per_format[f].build.wall_s)))
    row("无变化重建", lambda r: f"{fmt_s(r.guidegen.noop.wall_s)}（{r.guidegen.noop.summary}）")
    row("修改一项后重建", lambda r: f"{fmt_s(r.guidegen.one_change.wall_s)}（渲染 {r.guidegen.one_change.rendered}）")
    row("完整构建峰值内存（进程树 RSS 之和）", lambda r: f"{r.guidegen.full.peak_rss_mib:.0f} MiB")
    row("完整构建峰值内存（进程树 PSS 之和）", lambda r: f"{r.guidegen.full.peak_pss_mib:.0f} MiB")
    row("基线：docxtpl 渲染 DOCX", lambda r: _baseline_cell(r, r.baseline and r.baseline.docx_s_scaled))
    row("基线：LibreOffice 批量转 PDF", lambda r: _baseline_cell(r, r.baseline and r.baseline.lo_s_scaled))
    row("基线合计", lambda r: _baseline_cell(r, r.baseline and r.baseline.wall_s))
    row("完整构建 / 基线", _ratio)
    lines.append("")
    lines += _notes(results) + [""]

    if set(results.memory) - set(sizes):
        lines += ["### 内存随规模", "",
                  "另外只做完整构建（--force）的规模也列在这里；RSS 把 fork 出的进程共享的页计入每个进程，"
                  "PSS 把共享页按共享进程数分摊，更接近真实占用。", "",
                  "| 条目数 | 完整构建 | 峰值 RSS 之和 | 峰值 PSS 之和 |", "|---|---|---|---|"]
        for size in sorted(results.memory):
            b = results.memory[size]
            lines.append(f"| {size} | {fmt_s(b.wall_s)}（{b.summary}） | "
                         f"{b.peak_rss_mib:.0f} MiB | {b.peak_pss_mib:.0f} MiB |")
        lines.append("")

    lines += ["### 目标", "", "| 目标 | 结果 | 达成 |", "|---|---|---|"]
    lines += [f"| {t.target} | {t.value} | {mark(t.ok)} |" for t in results.targets]
    return "\n".join(lines)


def _notes(results: Results) -> list[str]:
    sizes, rows, cores = results.sizes, results.runs, results.machine.cores
    notes = []
    for s in sizes:
        b = rows[s].baseline
        if b is not None and b.scaled:
            notes.append(f"- {s} 项的基线只实测了前 {b.items} 项（{b.docs}/{b.total_docs} 个文档），"
                         f"按文档数线性外推 ×{b.scale:.2f}；实测 "
                         f"docxtpl {fmt_s(b.docx_s)} + LibreOffice {fmt_s(b.lo_s)}。")
    for s in sizes:
        r = rows[s]
        if r.guidegen.noop_source_changed:
            notes.append(f"- {s} 项：无变化重建先后得到 {' → '.join(r.guidegen.noop_attempts)}；"
                         "之前的非 0 是因为模板或代码在测量期间被修改，表中为最后一次。")
        if r.guidegen.one_change_source_changed:
            notes.append(f"- {s} 项：修改一项后重建期间模板或代码被修改，渲染数可能偏大。")
        notes.append(f"- {s} 项：系统 1 分钟负载 开始 {r.loadavg_before[0]:.2f}，结束 {r.loadavg_after[0]:.2f}"
                     f"（{cores} 核；明显高于 0 说明有其他进程在抢 CPU）。")
    for s in sizes:
        b = rows[s].baseline
        if b is None:
            continue
        if b.lo_batches > 1:
            notes.append(f"- {s} 项：LibreOffice 分 {b.lo_batches} 次调用（每次最多 {b.lo_batch} 个；"
                         "本机 LibreOffice 7.4 一次 --convert-to 只转换前 246 个文件就以退出码 0 结束），"
                         f"共得到 {b.pdfs}/{b.docs} 个 PDF。")
        elif b.pdfs != b.docs:
            notes.append(f"- {s} 项：LibreOffice 只得到 {b.pdfs}/{b.docs} 个 PDF，基线偏低。")
    notes.append("- 基线只做 DOCX 和 PDF（单进程 docxtpl + LibreOffice 批量转换），"
                 "guidegen 的完整构建另外还生成 HTML 网站。")
    notes.append("- ms/文档/核 = 该格式单独构建的墙钟时间 × 并行数 ÷ 该格式文档数（含进程启动和加载）。")
    return notes


def targets(results: Results) -> list[Target]:
    """The goals of the issue tracker, checked against the measurements."""
    rows, sizes = results.runs, results.sizes
    out = []
    for s in sizes:
        full, base = rows[s].guidegen.full.wall_s, rows[s].baseline
        if base is None:
            out.append(Target(f"{s} 项：完整构建 ≤ 0.5 × 基线", "未测基线", None))
            continue
        out.append(Target(f"{s} 项：完整构建 ≤ 0.5 × 基线", f"{full / base.wall_s:.2f} × 基线",
                          full <= 0.5 * base.wall_s))
    for s in sizes:
        ms = rows[s].guidegen.per_format["pdf"].ms_per_doc_core
        out.append(Target(f"{s} 项：PDF ≤ 100 ms/文档/核", f"{ms:.0f} ms", ms is not None and ms <= 100))
    noop_size = 1000 if 1000 in sizes else max(sizes)
    noop = rows[noop_size].guidegen.noop
    label = "1000 项" if noop_size == 1000 else f"{noop_size} 项（未测 1000 项，以此代替）"
    out.append(Target(f"{label}：无变化重建 ≤ 1 s 且渲染 0", f"{fmt_s(noop.wall_s)}，{noop.summary}",
                      noop.wall_s <= 1.0 and noop.rendered == 0))
    for s in sizes:
        one = rows[s].guidegen.one_change
        out.append(Target(f"{s} 项：修改一项后重建 ≤ 2 s", f"{fmt_s(one.wall_s)}（渲染 {one.rendered}）",
                          one.wall_s <= 2.0))
    memory = results.memory
    for s in sorted(memory):
        rss = memory[s].peak_rss_mib
        out.append(Target(f"{s} 项：峰值内存 ≤ 1 GiB（RSS 之和）", f"{rss:.0f} MiB", rss <= 1024))
    if 5000 in memory and 1000 in memory:
        for kind in ("rss", "pss"):
            a = getattr(memory[1000], f"peak_{kind}_mib")
            b = getattr(memory[5000], f"peak_{kind}_mib")
            name = kind.upper()
            out.append(Target(f"内存不随规模增长：{name}(5000) ≤ 1.25 × {name}(1000)",
                              f"{b:.0f} / {a:.0f} MiB = {b / a:.2f}", b <= 1.25 * a))
    return out
