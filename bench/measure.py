"""Timing guidegen builds as a user runs them: full, per format, no-op and one-change rebuilds."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from paths import PY, REPO
from sampler import TreeSampler
from synth import rename_one

SUMMARY = re.compile(r"渲染\s*(\d+)，跳过\s*(\d+)，删除\s*(\d+)")
FORMATS = ("docx", "pdf", "html")

Log = Callable[[str], None]


@dataclass
class Build:
    """One ``guidegen build -q`` run: wall time, its summary line and the tree's peak memory."""

    wall_s: float
    rendered: int
    skipped: int
    removed: int
    peak_rss_mib: float
    peak_pss_mib: float
    rss_samples: int
    summary: str
    stderr_lines: int


@dataclass
class FormatBuild:
    """A ``--format F --force`` build and how many documents of F it wrote."""

    build: Build
    count: int
    ms_per_doc_core: float | None


@dataclass
class GuidegenRun:
    """Everything measured on guidegen for one set size."""

    full: Build
    counts: dict[str, int]
    noop: Build
    noop_attempts: list[str]  # summaries; more than one when the source changed under us
    one_change: Build
    one_change_source_changed: bool
    changed_file: str
    per_format: dict[str, FormatBuild]

    @property
    def noop_source_changed(self) -> bool:
        """Whether the no-op rebuild had to be measured again."""
        return len(self.noop_attempts) > 1


class Hung(Exception):
    """The build's process tree stopped using CPU."""

    def __init__(self, staged: int):
        super().__init__(staged)
        self.staged = staged


def run_build(set_dir: Path, out: Path, *extra: str, jobs: int, logs: Path, stall_s: float = 60) -> Build:
    """``python -m guidegen build ... -q`` as a user would run it: wall time, summary, peak RSS.

    A build whose process tree uses no CPU for ``stall_s`` seconds is killed (``Hung``).
    """
    cmd = [PY, "-m", "guidegen", "build", "--data", str(set_dir / "data" / "items"),
           "--config", str(set_dir / "guidegen.yaml"), "--out", str(out), "-j", str(jobs),
           "-q", *extra]
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / "stdout.txt", "w+b") as so, open(logs / "stderr.txt", "w+b") as se:
        start = time.perf_counter()
        # own process group, so that a hung build's pool (forkserver, workers) can be ended with it
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=so, stderr=se, start_new_session=True)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        hung = False
        while True:
            try:
                proc.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if sampler.stalled_for() > stall_s:
                    hung = True
                    break
        wall = time.perf_counter() - start
        sampler.stop()
        if hung:
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass
            proc.wait()
            raise Hung(sum(1 for p in out.glob(".guidegen/staging-*/**/*") if p.is_file()))
        so.seek(0)
        se.seek(0)
        text = so.read().decode("utf-8", "replace")
        errors = se.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"构建失败（退出码 {proc.returncode}）：{' '.join(cmd)}\n{text}\n{errors[-4000:]}")
    match = SUMMARY.search(text)
    if not match:
        raise RuntimeError(f"输出中没有“渲染 N，跳过 M，删除 K”：{text!r}")
    rendered, skipped, removed = map(int, match.groups())
    return Build(wall_s=wall, rendered=rendered, skipped=skipped, removed=removed,
                 peak_rss_mib=sampler.peak_kib / 1024, peak_pss_mib=sampler.peak_pss_kib / 1024,
                 rss_samples=sampler.samples, summary=match.group(0),
                 stderr_lines=len(errors.splitlines()))


def count_outputs(site: Path) -> dict[str, int]:
    """How many files of each format a build wrote into ``site``."""
    counts = {fmt: 0 for fmt in FORMATS}
    for path in site.rglob("*"):
        fmt = path.suffix.lstrip(".")
        if fmt in counts and path.is_file():
            counts[fmt] += 1
    return counts


def source_fingerprint() -> str:
    """Cheap fingerprint (path, size, mtime) of templates/ and guidegen/: others edit them while we run."""
    h = hashlib.sha256()
    for folder in (REPO / "templates", REPO / "guidegen"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                st = path.stat()
                h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


class Runner:
    """Runs guidegen builds in ``work``; a build whose process tree stops using CPU is a failure."""

    def __init__(self, work: Path, jobs: int, stall_s: float, log: Log):
        self.work, self.jobs, self.stall_s, self.log = work, jobs, stall_s, log

    def build(self, size: int, label: str, set_dir: Path, out: Path, *extra: str) -> Build:
        """One build; a hung one is logged and raised as a RuntimeError."""
        try:
            return run_build(set_dir, out, *extra, jobs=self.jobs, logs=self.work / "logs", stall_s=self.stall_s)
        except Hung as hung:
            self.log(f"    挂起：渲染了 {hung.staged} 个文件后进程树 {self.stall_s:.0f} s 没有用 CPU，已结束它")
            raise RuntimeError(f"{size} 项 {label}：构建挂起") from None

    def full(self, size: int, set_dir: Path, out: Path) -> Build:
        """A ``--force`` build into a fresh ``out``."""
        shutil.rmtree(out, ignore_errors=True)
        return self.build(size, "完整构建", set_dir, out, "--force")

    def guidegen(self, size: int, set_dir: Path) -> GuidegenRun:
        """Full build, no-op rebuild, one-change rebuild and one build per format."""
        log, out = self.log, self.work / f"out-{size}"
        log(f"  完整构建（-j {self.jobs} --force）…")
        built_from = source_fingerprint()
        full = self.full(size, set_dir, out)
        counts = count_outputs(out / "site")
        log(f"    {full.wall_s:.1f} s，{full.summary}，峰值 RSS {full.peak_rss_mib:.0f} MiB"
            f"（PSS {full.peak_pss_mib:.0f} MiB），"
            f"输出 {counts}")

        log("  无变化重建…")
        attempts = []
        for _ in range(3):
            before = source_fingerprint()
            noop = self.build(size, "无变化重建", set_dir, out)
            attempts.append(noop.summary)
            if noop.rendered == 0 or before == built_from:
                break
            # templates/ or guidegen/ changed under us since the last build: that re-render
            # is legitimate, not an incremental-build bug; measure again on the settled tree.
            log(f"    {noop.summary}：模板或代码在测量期间被其他人修改，重测")
            built_from = before
        log(f"    {noop.wall_s:.2f} s，{noop.summary}")

        if source_fingerprint() != built_from:
            log("    模板或代码又被修改：先不计时地重建一次")
            self.build(size, "（不计时）", set_dir, out)
        changed = rename_one(set_dir, size)
        log(f"  修改一个条目的名称（{changed.name}）后重建…")
        before = source_fingerprint()
        one = self.build(size, "修改一项后重建", set_dir, out)
        one_changed = source_fingerprint() != before
        log(f"    {one.wall_s:.2f} s，{one.summary}")

        per_format = {fmt: self.one_format(size, set_dir, fmt) for fmt in FORMATS}
        return GuidegenRun(full=full, counts=counts, noop=noop, noop_attempts=attempts, one_change=one,
                           one_change_source_changed=one_changed, changed_file=changed.name,
                           per_format=per_format)

    def one_format(self, size: int, set_dir: Path, fmt: str) -> FormatBuild:
        """``--format fmt --force`` into a fresh folder: ms per document per core."""
        out = self.work / f"out-{size}-{fmt}"
        shutil.rmtree(out, ignore_errors=True)
        self.log(f"  只生成 {fmt}（--format {fmt} --force）…")
        build = self.build(size, f"只生成 {fmt}", set_dir, out, "--format", fmt, "--force")
        count = count_outputs(out / "site")[fmt]
        ms = build.wall_s * 1000 * self.jobs / count if count else None
        self.log(f"    {build.wall_s:.1f} s，{count} 个，{ms:.0f} ms/文档/核")
        shutil.rmtree(out, ignore_errors=True)
        return FormatBuild(build=build, count=count, ms_per_doc_core=ms)
