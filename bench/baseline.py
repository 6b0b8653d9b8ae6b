"""The naive way to compare against: docxtpl per document, then LibreOffice converts them to PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from paths import REPO

from guidegen.context import Contexts
from guidegen.plan import plan
from guidegen.project import load_project
from guidegen.render.docx import docx_environment


@dataclass
class Baseline:
    """docxtpl + LibreOffice on the first ``items`` items, scaled by document count to all of them."""

    items: int
    total_items: int
    docs: int
    total_docs: int
    pdfs: int
    lo_returncodes: list[int]
    lo_batches: int
    lo_batch: int
    docx_s: float
    lo_s: float

    # derived: the whole set's figures, scaled by document count (also in --json)
    scale: float = field(init=False)
    scaled: bool = field(init=False)
    docx_s_scaled: float = field(init=False)
    lo_s_scaled: float = field(init=False)
    wall_s: float = field(init=False)

    def __post_init__(self):
        self.scale = self.total_docs / self.docs if self.docs else 1.0
        self.scaled = self.scale != 1.0
        self.docx_s_scaled = self.docx_s * self.scale
        self.lo_s_scaled = self.lo_s * self.scale
        self.wall_s = (self.docx_s + self.lo_s) * self.scale


def measure_baseline(set_dir: Path, limit: int, work: Path, log: Callable[[str], None],
                     lo_batch: int = 200) -> Baseline:
    """docxtpl per document (one process, no parallelism) + LibreOffice batch conversion to PDF."""
    project = load_project(set_dir / "guidegen.yaml", set_dir / "data" / "items")
    contexts = Contexts(project)
    chosen = {item.id for item in project.retained[:limit]}
    outputs = [o for o in plan(project, ("docx",)) if o.item_id is not None]  # guide, form, letter
    total_docs = len(outputs)
    outputs = [o for o in outputs if o.item_id in chosen]
    base = work / f"baseline-{len(project.items)}"
    docx_dir, pdf_dir = base / "docx", base / "pdf"
    shutil.rmtree(base, ignore_errors=True)
    docx_dir.mkdir(parents=True)
    pdf_dir.mkdir()
    templates = REPO / "templates" / "docx"

    # Stock docxtpl, given the filters guidegen's templates call (outline runs, flowchart, QR).
    env = docx_environment(jinja2.Environment)
    log(f"  基线：docxtpl 渲染 {len(outputs)} 个 DOCX（{len(chosen)} 项，单进程）…")
    start = time.perf_counter()
    for out in outputs:
        tpl = DocxTemplate(str(templates / f"{out.kind}.docx"))
        tpl.render(contexts.for_output(out), jinja_env=env, autoescape=True)
        tpl.save(str(docx_dir / f"{out.item_id}-{out.kind}.docx"))
    docx_s = time.perf_counter() - start
    log(f"    {docx_s:.1f} s")

    lo_s, batches, returncodes = _convert(docx_dir, pdf_dir, lo_batch, log)
    pdfs = len(list(pdf_dir.glob("*.pdf")))
    return Baseline(items=len(chosen), total_items=len(project.retained), docs=len(outputs),
                    total_docs=total_docs, pdfs=pdfs, lo_returncodes=returncodes, lo_batches=batches,
                    lo_batch=lo_batch, docx_s=docx_s, lo_s=lo_s)


def _convert(docx_dir: Path, pdf_dir: Path, lo_batch: int, log) -> tuple[float, int, list[int]]:
    """soffice --convert-to pdf in batches with a fresh profile: (seconds, calls, exit codes)."""
    profile = Path("/tmp") / f"guidegen-bench-lo-{os.getpid()}"
    shutil.rmtree(profile, ignore_errors=True)
    files = sorted(str(p) for p in docx_dir.glob("*.docx"))
    # LibreOffice 7.4 here stops after 246 documents in one --convert-to call (exit code 0,
    # no message), so convert in batches and retry whatever a batch left out.
    batches, pending, returncodes = 0, files, []
    log(f"  基线：LibreOffice 把 {len(files)} 个 DOCX 转成 PDF（全新配置目录，每次调用最多 {lo_batch} 个）…")
    start = time.perf_counter()
    while pending and batches < 4 * (len(files) // lo_batch + 1):
        chunk = pending[:lo_batch]
        cmd = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(pdf_dir), *chunk]
        proc = subprocess.run(cmd, cwd=docx_dir.parent, capture_output=True)
        batches += 1
        returncodes.append(proc.returncode)
        done = {p.stem for p in pdf_dir.glob("*.pdf")}
        pending = [f for f in pending if Path(f).stem not in done]
    seconds = time.perf_counter() - start
    shutil.rmtree(profile, ignore_errors=True)
    pdfs = len(list(pdf_dir.glob("*.pdf")))
    log(f"    {seconds:.1f} s，{batches} 次调用，得到 {pdfs} 个 PDF")
    if pdfs != len(files):
        log(f"    警告：LibreOffice 只转换了 {pdfs}/{len(files)} 个：{proc.stderr.decode(errors='replace')[-800:]}")
    return seconds, batches, returncodes
