#!/usr/bin/env python3
"""guidegen 性能基准：生成合成条目集，计时完整构建 / 分格式构建 / 无变化重建 / 单条修改重建，
采样整个进程树的峰值内存，并与“docxtpl + LibreOffice 批量转换”的朴素做法对比。

用法（在仓库根目录）：
    make bench                                   # 默认规模 100 和 1000
    make bench ARGS='--quick'                    # 冒烟：只跑 20 项（< 2 分钟）
    .venv/bin/python bench/run.py --sizes 100,1000,5000 --baseline-max 300 --json /tmp/bench.json

不是测试：只打印一张 Markdown 表格（可直接贴进 README）。生成的数据放在 bench/_work/（已被 git 忽略）。
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "_work"
VENV_PY = REPO / ".venv" / "bin" / "python"
PY = str(VENV_PY if VENV_PY.exists() else Path(sys.executable))
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402  (PyYAML is a guidegen dependency)

SEED = 20261101
SUMMARY = re.compile(r"渲染\s*(\d+)，跳过\s*(\d+)，删除\s*(\d+)")
FORMATS = ("docx", "pdf", "html")
ITEM_KINDS = ("guide", "form", "letter")

PLACES = ["青山村", "石桥村", "杨柳社区", "河湾村", "松林村", "东岭社区", "白沙村", "桃源社区",
          "梨花村", "金竹村", "龙潭村", "新街社区", "清水村", "高坡村", "北门社区", "柏树村",
          "大营村", "小河村", "南山社区", "红岩村"]
PEOPLE = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "马", "朱",
          "胡", "郭", "何", "林", "罗", "高"]
ROLES = ["村委会主任", "社区居委会副主任", "村务监督委员会成员", "网格员", "驻村工作队员", "村民小组长"]
SITUATIONS = ["外出务工人员返乡办理相关业务", "申请人年事已高行动不便", "跨省异地办理相关手续",
              "申请人长期在外地居住", "办理金融机构相关业务", "办理社会保险待遇领取手续",
              "子女入学登记", "申请临时救助", "办理公证事务", "办理不动产登记"]
DETAILS = ["材料齐全的当场受理", "必要时可以通过电话、视频等方式核实", "核实情况应当如实记录",
           "涉及个人隐私的信息应当严格保密", "调查核实应当由两名以上工作人员进行",
           "可以通过部门信息共享核查的，不再要求申请人提供", "应当一次性告知需要补正的全部内容"]

# Used only when the repository has no retained sample and no fixture context yet.
BUILTIN_TEMPLATE = {
    "id": "builtin-sample",
    "name": "居住情况证明",
    "status": "retained",
    "catalog": "municipal",
    "department": "公安机关",
    "issuer": "村（居）民委员会",
    "purposes": ["申请人办理居住登记相关业务时，证明其在本村（社区）实际居住的情况"],
    "legal_basis": [{"law": "中华人民共和国城市居民委员会组织法", "article": "第三条",
                     "excerpt": "居民委员会的任务：办理本居住地区居民的公共事务和公益事业。"}],
    "deadline": {"type": "working-days", "days": 5},
    "conditions": ["申请人在本村（社区）实际居住"],
    "materials": [{"name": "居民身份证", "copies": 1, "original": True, "note": "核验原件"}],
    "procedure": [{"title": "提出申请", "actor": "申请人", "detail": "向村（居）民委员会提出申请"},
                  {"title": "出具证明", "actor": "村（居）民委员会", "detail": "核实后出具证明并加盖印章"}],
    "verification": True,
    "public_interest": False,
    "fee": "不收费",
    "form": {"title": "居住情况证明",
             "text": "兹证明{name}（公民身份号码：{id_no}）自{since}起在本村（社区）居住。\n特此证明。",
             "fields": [{"key": "name", "label": "姓名", "width": 6},
                        {"key": "id_no", "label": "公民身份号码", "width": 18},
                        {"key": "since", "label": "起始时间", "width": 8}]},
}


# ---------------------------------------------------------------- synthetic data

def sample_items() -> tuple[list[dict], str]:
    """Retained items to derive from, and where they came from."""
    for folder, label in ((REPO / "data" / "items", "data/items"),
                          (REPO / "tests" / "fixtures", "tests/fixtures")):
        found = []
        for path in sorted(folder.rglob("*.y*ml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                continue
            if isinstance(data, dict) and data.get("status") == "retained":
                found.append(data)
        if found:
            return found, f"{label} 中的 {len(found)} 个保留事项"
    return [copy.deepcopy(BUILTIN_TEMPLATE)], "脚本内置的模板条目（仓库中尚无保留事项）"


def vary(template: dict, index: int) -> dict:
    """One synthetic retained item: new id, name and wording, deterministic per index."""
    rng = random.Random(SEED * 100_003 + index)
    item = copy.deepcopy(template)
    place = PLACES[index % len(PLACES)]
    person = PEOPLE[(index // len(PLACES)) % len(PEOPLE)] + rng.choice(["某某", "某", "某甲", "某乙"])
    item["id"] = f"item-{index:05d}"
    item["name"] = f"{place}{template['name']}（{index:05d}）"
    item["status"] = "retained"
    item["order"] = index
    for key in ("aliases", "batch", "route"):
        item.pop(key, None)
    purposes = list(item.get("purposes") or ["办理相关业务时证明有关情况"])
    rng.shuffle(purposes)
    purposes = purposes[: rng.randint(1, len(purposes))]
    purposes = [f"{p}（{place}，{rng.choice(SITUATIONS)}）" for p in purposes]
    if rng.random() < 0.5:
        purposes.append(f"{rng.choice(SITUATIONS)}时，证明申请人在{place}的有关情况")
    item["purposes"] = purposes
    for basis in item.get("legal_basis") or []:
        extra = f"（{place}参照执行，第{rng.randint(1, 99)}号文件）"
        basis["excerpt"] = (basis.get("excerpt") or "") + extra
    conditions = list(item.get("conditions") or [])
    conditions.append(f"申请人户籍或者经常居住地在{place}第{rng.randint(1, 12)}村民小组")
    item["conditions"] = conditions
    for material in item.get("materials") or []:
        material["note"] = f"{material.get('note') or ''}{rng.choice(DETAILS)}".strip()
    for step in item.get("procedure") or []:
        step["detail"] = f"由{person}（{rng.choice(ROLES)}）负责：{step.get('detail') or ''}{rng.choice(DETAILS)}"
    deadline = item.get("deadline")
    if isinstance(deadline, dict) and deadline.get("type") == "working-days":
        deadline["days"] = rng.randint(1, 20)
        legal = item.get("legal_deadline")  # the promised time may not exceed the legal one
        if isinstance(legal, dict) and legal.get("type") == "working-days":
            legal["days"] = max(legal.get("days") or 0, deadline["days"])
    form = item.get("form")
    if isinstance(form, dict):
        form["title"] = f"{form.get('title') or template['name']}"
        form["text"] = f"（{place}）{form['text']}"
    return item


def make_set(size: int, templates: list[dict]) -> Path:
    """bench/_work/set-N/{guidegen.yaml,data/items/*.yaml}; returns the set folder."""
    root = WORK / f"set-{size}"
    shutil.rmtree(root, ignore_errors=True)
    items_dir = root / "data" / "items"
    items_dir.mkdir(parents=True)
    for index in range(1, size + 1):
        item = vary(templates[(index - 1) % len(templates)], index)
        text = yaml.safe_dump(item, allow_unicode=True, sort_keys=False, width=1000)
        (items_dir / f"{item['id']}.yaml").write_text(text, encoding="utf-8")
    config_src = REPO / "guidegen.yaml"
    config = {}
    if config_src.is_file():
        config = yaml.safe_load(config_src.read_text(encoding="utf-8")) or {}
    config["data"] = "data/items"
    (root / "guidegen.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def rename_one(set_dir: Path, size: int) -> Path:
    """Edit the name of one item (the middle one) in place."""
    path = set_dir / "data" / "items" / f"item-{max(1, size // 2):05d}.yaml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"^name: (.*)$", lambda m: f"name: {m.group(1)}（已修改）", text,
                          count=1, flags=re.M)
    assert count == 1, path
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- measurement

def _proc_children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        rest = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(rest[1]), []).append(int(entry))
    return children


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB. Forked workers share the fork server's pages: RSS counts them in
    every process, PSS splits each shared page between its sharers."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith(b"Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss  # (0, 0): gone, or a zombie/kernel thread without memory


def tree_sample(root: int) -> tuple[int, int, dict[int, int]]:
    """Summed RSS and PSS (KiB) of ``root`` and all its descendants, and each one's CPU ticks."""
    children = _proc_children()
    total, total_pss, ticks, stack = 0, 0, {}, [root]
    while stack:
        pid = stack.pop()
        if pid in ticks:
            continue
        rss, pss = _memory_kib(pid)
        total += rss
        total_pss += pss
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        except (OSError, IndexError, ValueError):
            ticks[pid] = -1
        stack.extend(children.get(pid, ()))
    return total, total_pss, ticks


class TreeSampler(threading.Thread):
    """Every ``interval`` s: the process tree's summed RSS (keeps the max), and whether it still works.

    The tree counts as stalled when no process in it has used any CPU (and none started or
    exited) since ``stalled_since``: a deadlocked pool sits at 0 % CPU forever.
    """

    # Each sample reads /proc for every process and smaps_rollup (a page-table walk) for each
    # in the tree: ~5 ms of CPU with a build's six processes. Every 50 ms, that took 10 % of
    # a core from the build being measured (and nothing from the single-process baseline).
    # Memory peaks last seconds: sampling every 0.25 s finds them.
    def __init__(self, pid: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kib = self.peak_pss_kib = 0
        self.samples = 0
        self.stalled_since = time.monotonic()
        self._last: dict[int, int] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            rss, pss, ticks = tree_sample(self.pid)
            self.peak_kib = max(self.peak_kib, rss)
            self.peak_pss_kib = max(self.peak_pss_kib, pss)
            if ticks != self._last:
                self._last = ticks
                self.stalled_since = time.monotonic()
            self.samples += 1
            self._halt.wait(self.interval)

    def stalled_for(self) -> float:
        return time.monotonic() - self.stalled_since

    def stop(self) -> None:
        self._halt.set()
        self.join()


class Runner:
    """Runs guidegen builds; a build whose process tree stops using CPU is a failure."""

    def __init__(self, stall_s: float, log):
        self.stall_s, self.log = stall_s, log

    def build(self, size: int, label: str, set_dir: Path, out: Path, *extra: str, jobs: int) -> dict:
        result = run_build(set_dir, out, *extra, jobs=jobs, stall_s=self.stall_s)
        if result["hung"]:
            self.log(f"    挂起：渲染了 {result['staged']} 个文件后进程树 {self.stall_s:.0f} s 没有用 CPU，已结束它")
            raise RuntimeError(f"{size} 项 {label}：构建挂起")
        return result


def run_build(set_dir: Path, out: Path, *extra: str, jobs: int, stall_s: float = 60) -> dict:
    """``python -m guidegen build ... -q`` as a user would run it: wall time, summary, peak RSS.

    A build whose process tree uses no CPU for ``stall_s`` seconds is killed and reported hung.
    """
    cmd = [PY, "-m", "guidegen", "build", "--data", str(set_dir / "data" / "items"),
           "--config", str(set_dir / "guidegen.yaml"), "--out", str(out), "-j", str(jobs),
           "-q", *extra]
    logs = WORK / "logs"
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
            wall -= sampler.stalled_for()
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass
            proc.wait()
        so.seek(0)
        se.seek(0)
        text = so.read().decode("utf-8", "replace")
        errors = se.read().decode("utf-8", "replace")
    if hung:
        staged = sum(1 for p in out.glob(".guidegen/staging-*/**/*") if p.is_file())
        return {"hung": True, "wall_s": wall, "staged": staged}
    if proc.returncode != 0:
        raise RuntimeError(f"构建失败（退出码 {proc.returncode}）：{' '.join(cmd)}\n{text}\n{errors[-4000:]}")
    match = SUMMARY.search(text)
    if not match:
        raise RuntimeError(f"输出中没有“渲染 N，跳过 M，删除 K”：{text!r}")
    rendered, skipped, removed = map(int, match.groups())
    return {"hung": False, "wall_s": wall, "rendered": rendered,
            "skipped": skipped, "removed": removed,
            "peak_rss_mib": sampler.peak_kib / 1024, "peak_pss_mib": sampler.peak_pss_kib / 1024,
            "rss_samples": sampler.samples,
            "summary": match.group(0), "stderr_lines": len(errors.splitlines())}


def count_outputs(site: Path) -> dict[str, int]:
    counts = {fmt: 0 for fmt in FORMATS}
    for path in site.rglob("*"):
        fmt = path.suffix.lstrip(".")
        if fmt in counts and path.is_file():
            counts[fmt] += 1
    return counts


def source_fingerprint() -> str:
    """Cheap fingerprint (path, size, mtime) of templates/ and guidegen/: others edit them while we run."""
    import hashlib

    h = hashlib.sha256()
    for folder in (REPO / "templates", REPO / "guidegen"):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                st = path.stat()
                h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def measure_guidegen(size: int, set_dir: Path, jobs: int, log, runner: Runner) -> dict:
    out = WORK / f"out-{size}"
    shutil.rmtree(out, ignore_errors=True)
    log(f"  完整构建（-j {jobs} --force）…")
    built_from = source_fingerprint()
    full = runner.build(size, "完整构建", set_dir, out, "--force", jobs=jobs)
    full["counts"] = count_outputs(out / "site")
    log(f"    {full['wall_s']:.1f} s，{full['summary']}，峰值 RSS {full['peak_rss_mib']:.0f} MiB"
        f"（PSS {full['peak_pss_mib']:.0f} MiB），"
        f"输出 {full['counts']}")

    log("  无变化重建…")
    noop, attempts = None, []
    for _ in range(3):
        before = source_fingerprint()
        noop = runner.build(size, "无变化重建", set_dir, out, jobs=jobs)
        attempts.append(noop["summary"])
        if noop["rendered"] == 0 or before == built_from:
            break
        # templates/ or guidegen/ changed under us since the last build: that re-render
        # is legitimate, not an incremental-build bug; measure again on the settled tree.
        log(f"    {noop['summary']}：模板或代码在测量期间被其他人修改，重测")
        built_from = before
    noop["attempts"] = attempts
    noop["source_changed"] = len(attempts) > 1
    noop["ok"] = noop["rendered"] == 0
    log(f"    {noop['wall_s']:.2f} s，{noop['summary']}")

    if source_fingerprint() != built_from:
        log("    模板或代码又被修改：先不计时地重建一次")
        runner.build(size, "（不计时）", set_dir, out, jobs=jobs)
    changed = rename_one(set_dir, size)
    log(f"  修改一个条目的名称（{changed.name}）后重建…")
    before = source_fingerprint()
    one = runner.build(size, "修改一项后重建", set_dir, out, jobs=jobs)
    one["source_changed"] = source_fingerprint() != before
    log(f"    {one['wall_s']:.2f} s，{one['summary']}")

    per_format = {}
    for fmt in FORMATS:
        fmt_out = WORK / f"out-{size}-{fmt}"
        shutil.rmtree(fmt_out, ignore_errors=True)
        log(f"  只生成 {fmt}（--format {fmt} --force）…")
        run = runner.build(size, f"只生成 {fmt}", set_dir, fmt_out, "--format", fmt, "--force", jobs=jobs)
        count = count_outputs(fmt_out / "site")[fmt]
        run["count"] = count
        run["ms_per_doc_core"] = run["wall_s"] * 1000 * jobs / count if count else None
        per_format[fmt] = run
        log(f"    {run['wall_s']:.1f} s，{count} 个，{run['ms_per_doc_core']:.0f} ms/文档/核")
        shutil.rmtree(fmt_out, ignore_errors=True)
    return {"full": full, "noop": noop, "one_change": one, "per_format": per_format,
            "changed_file": changed.name}


def measure_baseline(set_dir: Path, limit: int, log, lo_batch: int = 200) -> dict:
    """docxtpl per document (one process, no parallelism) + LibreOffice batch conversion to PDF."""
    from docxtpl import DocxTemplate

    from guidegen.context import Contexts
    from guidegen.plan import plan
    from guidegen.project import load_project

    project = load_project(set_dir / "guidegen.yaml", set_dir / "data" / "items")
    total_items = len(project.retained)
    contexts = Contexts(project)
    chosen = {item.id for item in project.retained[:limit]}
    outputs = [o for o in plan(project, ("docx",)) if o.kind in ITEM_KINDS]
    total_docs = len(outputs)
    outputs = [o for o in outputs if o.item_id in chosen]
    base = WORK / f"baseline-{len(project.items)}"
    docx_dir, pdf_dir = base / "docx", base / "pdf"
    shutil.rmtree(base, ignore_errors=True)
    docx_dir.mkdir(parents=True)
    pdf_dir.mkdir()
    templates = REPO / "templates" / "docx"

    log(f"  基线：docxtpl 渲染 {len(outputs)} 个 DOCX（{len(chosen)} 项，单进程）…")
    start = time.perf_counter()
    for out in outputs:
        tpl = DocxTemplate(str(templates / f"{out.kind}.docx"))
        tpl.render(contexts.for_output(out), autoescape=True)
        tpl.save(str(docx_dir / f"{out.item_id}-{out.kind}.docx"))
    docx_s = time.perf_counter() - start
    log(f"    {docx_s:.1f} s")

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
        proc = subprocess.run(cmd, cwd=base, capture_output=True)
        batches += 1
        returncodes.append(proc.returncode)
        done = {p.stem for p in pdf_dir.glob("*.pdf")}
        pending = [f for f in pending if Path(f).stem not in done]
    lo_s = time.perf_counter() - start
    shutil.rmtree(profile, ignore_errors=True)
    pdfs = len(list(pdf_dir.glob("*.pdf")))
    log(f"    {lo_s:.1f} s，{batches} 次调用，得到 {pdfs} 个 PDF")
    if pdfs != len(files):
        log(f"    警告：LibreOffice 只转换了 {pdfs}/{len(files)} 个：{proc.stderr.decode(errors='replace')[-800:]}")
    scale = total_docs / len(outputs) if outputs else 1.0
    return {"items": len(chosen), "total_items": total_items, "docs": len(outputs),
            "total_docs": total_docs, "pdfs": pdfs, "lo_returncodes": returncodes,
            "lo_batches": batches, "lo_batch": lo_batch,
            "docx_s": docx_s, "lo_s": lo_s, "measured_s": docx_s + lo_s, "scale": scale,
            "docx_s_scaled": docx_s * scale, "lo_s_scaled": lo_s * scale,
            "wall_s": (docx_s + lo_s) * scale, "scaled": scale != 1.0}


# ---------------------------------------------------------------- machine and report

def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass

    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "未安装"

    weasy = version([PY, "-c", "import weasyprint; print(weasyprint.__version__)"])
    py = version([PY, "-c", "import platform; print(platform.python_version())"])
    docxtpl = version([PY, "-c", "from importlib.metadata import version; print(version('docxtpl'))"])
    lo = version(["soffice", "--version"]) or "未安装"
    commit = version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]) or "?"
    dirty = version(["git", "-C", str(REPO), "status", "--porcelain", "--", "guidegen", "templates"])
    code = f"{commit}" + (f"（guidegen/、templates/ 有 {len(dirty.splitlines())} 个未提交的改动）" if dirty else "")
    return {"code": code, "source_fingerprint": source_fingerprint()[:12],
            "cpu": cpu, "cores": os.cpu_count(), "ram": ram, "python": py, "weasyprint": weasy,
            "docxtpl": docxtpl, "libreoffice": lo, "os": platform.platform(),
            "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")}


def fmt_s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def mark(ok: bool | None) -> str:
    return "—" if ok is None else ("✓" if ok else "✗")


def report(results: dict) -> str:
    sizes = results["sizes"]
    rows = results["runs"]
    m = results["machine"]
    lines = [f"## guidegen 性能基准（{m['date']}）", "",
             f"机器：{m['cpu']}，{m['cores']} 核，内存 {m['ram']}；Python {m['python']}，"
             f"WeasyPrint {m['weasyprint']}，docxtpl {m['docxtpl']}，{m['libreoffice']}", "",
             f"代码：{m.get('code', '?')}", "",
             f"数据：{results['source']}轮换派生的合成保留事项（随机种子 {SEED}）；"
             f"所有计时都是 `python -m guidegen build -q` 子进程的墙钟时间（含进程启动），"
             f"并行数 -j {results['jobs']}。", ""]
    head = "| 指标 | " + " | ".join(f"{s} 项" for s in sizes) + " |"
    lines += [head, "|" + "---|" * (len(sizes) + 1)]

    def row(label, fn):
        lines.append(f"| {label} | " + " | ".join(fn(rows[str(s)]) for s in sizes) + " |")

    row("输出文件数（docx / pdf / html）",
        lambda r: "{docx} / {pdf} / {html}".format(**r["guidegen"]["full"]["counts"]))
    row("完整构建（--force）", lambda r: fmt_s(r["guidegen"]["full"]["wall_s"]))
    for fmt in FORMATS:
        row(f"{fmt.upper()}：ms/文档/核（单独 --format {fmt}）",
            lambda r, f=fmt: "{:.0f}（{} 个，{}）".format(
                r["guidegen"]["per_format"][f]["ms_per_doc_core"] or 0,
                r["guidegen"]["per_format"][f]["count"],
                fmt_s(r["guidegen"]["per_format"][f]["wall_s"])))
    row("无变化重建", lambda r: "{}（{}）".format(fmt_s(r["guidegen"]["noop"]["wall_s"]),
                                            r["guidegen"]["noop"]["summary"]))
    row("修改一项后重建", lambda r: "{}（渲染 {}）".format(
        fmt_s(r["guidegen"]["one_change"]["wall_s"]), r["guidegen"]["one_change"]["rendered"]))
    row("完整构建峰值内存（进程树 RSS 之和）",
        lambda r: f"{r['guidegen']['full']['peak_rss_mib']:.0f} MiB")
    row("完整构建峰值内存（进程树 PSS 之和）",
        lambda r: f"{r['guidegen']['full']['peak_pss_mib']:.0f} MiB")
    row("基线：docxtpl 渲染 DOCX", lambda r: fmt_s(r["baseline"]["docx_s_scaled"]) + _scaled(r))
    row("基线：LibreOffice 批量转 PDF", lambda r: fmt_s(r["baseline"]["lo_s_scaled"]) + _scaled(r))
    row("基线合计", lambda r: fmt_s(r["baseline"]["wall_s"]) + _scaled(r))
    row("完整构建 / 基线", lambda r: f"{r['guidegen']['full']['wall_s'] / r['baseline']['wall_s']:.2f}")
    lines.append("")
    notes = [f"- {s} 项的基线只实测了前 {rows[str(s)]['baseline']['items']} 项"
             f"（{rows[str(s)]['baseline']['docs']}/{rows[str(s)]['baseline']['total_docs']} 个文档），"
             f"按文档数线性外推 ×{rows[str(s)]['baseline']['scale']:.2f}；实测 "
             f"docxtpl {fmt_s(rows[str(s)]['baseline']['docx_s'])} + LibreOffice "
             f"{fmt_s(rows[str(s)]['baseline']['lo_s'])}。"
             for s in sizes if rows[str(s)]["baseline"]["scaled"]]
    for s in sizes:
        r = rows[str(s)]
        if r["guidegen"]["noop"].get("source_changed"):
            notes.append(f"- {s} 项：无变化重建先后得到 {' → '.join(r['guidegen']['noop']['attempts'])}；"
                         "之前的非 0 是因为模板或代码在测量期间被修改，表中为最后一次。")
        if r["guidegen"]["one_change"].get("source_changed"):
            notes.append(f"- {s} 项：修改一项后重建期间模板或代码被修改，渲染数可能偏大。")
        load = r.get("loadavg")
        if load:
            notes.append(f"- {s} 项：系统 1 分钟负载 开始 {load['before'][0]:.2f}，结束 {load['after'][0]:.2f}"
                         f"（{m['cores']} 核；明显高于 0 说明有其他进程在抢 CPU）。")
    for s in sizes:
        b = rows[str(s)]["baseline"]
        if b.get("lo_batches", 1) > 1:
            notes.append(f"- {s} 项：LibreOffice 分 {b['lo_batches']} 次调用（每次最多 {b['lo_batch']} 个；"
                         "本机 LibreOffice 7.4 一次 --convert-to 只转换前 246 个文件就以退出码 0 结束），"
                         f"共得到 {b['pdfs']}/{b['docs']} 个 PDF。")
        elif b.get("pdfs") is not None and b.get("pdfs") != b.get("docs"):
            notes.append(f"- {s} 项：LibreOffice 只得到 {b['pdfs']}/{b['docs']} 个 PDF，基线偏低。")
    notes.append("- 基线只做 DOCX 和 PDF（单进程 docxtpl + LibreOffice 批量转换），"
                 "guidegen 的完整构建另外还生成 HTML 网站。")
    notes.append("- ms/文档/核 = 该格式单独构建的墙钟时间 × 并行数 ÷ 该格式文档数（含进程启动和加载）。")
    lines += notes + [""]

    memory = results.get("memory", {})
    if set(memory) - {str(s) for s in sizes}:
        lines += ["### 内存随规模", "",
                  "另外只做完整构建（--force）的规模也列在这里；RSS 把 fork 出的进程共享的页计入每个进程，"
                  "PSS 把共享页按共享进程数分摊，更接近真实占用。", "",
                  "| 条目数 | 完整构建 | 峰值 RSS 之和 | 峰值 PSS 之和 |", "|---|---|---|---|"]
        for size in sorted(memory, key=int):
            m_ = memory[size]
            lines.append(f"| {size} | {fmt_s(m_['wall_s'])}（{m_['summary']}） | "
                         f"{m_['peak_rss_mib']:.0f} MiB | {m_['peak_pss_mib']:.0f} MiB |")
        lines.append("")

    lines += ["### 目标", "", "| 目标 | 结果 | 达成 |", "|---|---|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['value']} | {mark(t['ok'])} |")
    return "\n".join(lines)


def _scaled(r: dict) -> str:
    return "（外推）" if r["baseline"]["scaled"] else ""


def targets(results: dict) -> list[dict]:
    rows, sizes = results["runs"], results["sizes"]
    out = []
    for s in sizes:
        r = rows[str(s)]
        full, base = r["guidegen"]["full"]["wall_s"], r["baseline"]["wall_s"]
        if base != base:  # NaN: --no-baseline
            out.append({"target": f"{s} 项：完整构建 ≤ 0.5 × 基线", "value": "未测基线", "ok": None})
            continue
        out.append({"target": f"{s} 项：完整构建 ≤ 0.5 × 基线", "value": f"{full / base:.2f} × 基线",
                    "ok": full <= 0.5 * base})
    for s in sizes:
        ms = rows[str(s)]["guidegen"]["per_format"]["pdf"]["ms_per_doc_core"]
        out.append({"target": f"{s} 项：PDF ≤ 100 ms/文档/核", "value": f"{ms:.0f} ms",
                    "ok": ms is not None and ms <= 100})
    noop_size = 1000 if 1000 in sizes else max(sizes)
    r = rows[str(noop_size)]["guidegen"]["noop"]
    label = "1000 项" if noop_size == 1000 else f"{noop_size} 项（未测 1000 项，以此代替）"
    out.append({"target": f"{label}：无变化重建 ≤ 1 s 且渲染 0",
                "value": f"{fmt_s(r['wall_s'])}，{r['summary']}",
                "ok": r["wall_s"] <= 1.0 and r["rendered"] == 0})
    for s in sizes:
        r = rows[str(s)]["guidegen"]["one_change"]
        out.append({"target": f"{s} 项：修改一项后重建 ≤ 2 s",
                    "value": f"{fmt_s(r['wall_s'])}（渲染 {r['rendered']}）", "ok": r["wall_s"] <= 2.0})
    memory = results.get("memory", {})
    for s in sorted(memory, key=int):
        rss = memory[s]["peak_rss_mib"]
        out.append({"target": f"{s} 项：峰值内存 ≤ 1 GiB（RSS 之和）", "value": f"{rss:.0f} MiB",
                    "ok": rss <= 1024})
    if "5000" in memory and "1000" in memory:
        for kind in ("rss", "pss"):
            a = memory["1000"][f"peak_{kind}_mib"]
            b = memory["5000"][f"peak_{kind}_mib"]
            name = kind.upper()
            out.append({"target": f"内存不随规模增长：{name}(5000) ≤ 1.25 × {name}(1000)",
                        "value": f"{b:.0f} / {a:.0f} MiB = {b / a:.2f}", "ok": b <= 1.25 * a})
    return out


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
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
                        help="另外只测完整构建时间和峰值内存的规模，逗号分隔（默认 5000，--quick 时不测；检查内存是否随规模增长；空字符串表示不测）")
    args = parser.parse_args(argv)
    sizes = [20] if args.quick else sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    baseline_max = 20 if args.quick else args.baseline_max

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    WORK.mkdir(parents=True, exist_ok=True)
    templates, source = sample_items()
    log(f"样本：{source}")
    results = {"sizes": sizes, "jobs": args.jobs, "source": source, "seed": SEED,
               "baseline_max": baseline_max, "machine": machine(), "runs": {}}
    runner = Runner(args.stall, log)
    started = time.perf_counter()
    for size in sizes:
        log(f"== {size} 项 ==（负载 {os.getloadavg()[0]:.2f}）")
        load_before = os.getloadavg()
        set_dir = make_set(size, templates)
        run = {"guidegen": measure_guidegen(size, set_dir, args.jobs, log, runner)}
        if args.no_baseline:
            run["baseline"] = None
        else:
            # the baseline uses the same items (the one-change edit included)
            run["baseline"] = measure_baseline(set_dir, baseline_max, log, args.lo_batch)
            if not args.keep:
                shutil.rmtree(WORK / f"baseline-{size}", ignore_errors=True)
        run["loadavg"] = {"before": load_before, "after": os.getloadavg()}
        results["runs"][str(size)] = run
        results.setdefault("memory", {})[str(size)] = run["guidegen"]["full"]
        if not args.keep:
            shutil.rmtree(WORK / f"out-{size}", ignore_errors=True)
    memory_sizes = args.memory_sizes if args.memory_sizes is not None else ("" if args.quick else "5000")
    for size in sorted({int(s) for s in memory_sizes.split(",") if s.strip()} - set(sizes)):
        log(f"== {size} 项（只测完整构建和内存）==（负载 {os.getloadavg()[0]:.2f}）")
        out = WORK / f"out-{size}"
        shutil.rmtree(out, ignore_errors=True)
        full = runner.build(size, "完整构建", make_set(size, templates), out, "--force", jobs=args.jobs)
        log(f"    {full['wall_s']:.1f} s，{full['summary']}，峰值 RSS {full['peak_rss_mib']:.0f} MiB"
            f"（PSS {full['peak_pss_mib']:.0f} MiB）")
        results.setdefault("memory", {})[str(size)] = full
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    if args.no_baseline:
        for run in results["runs"].values():
            run["baseline"] = {"docx_s": 0, "lo_s": 0, "docx_s_scaled": float("nan"),
                               "lo_s_scaled": float("nan"), "wall_s": float("nan"),
                               "scaled": False, "items": 0, "docs": 0, "total_docs": 0, "scale": 1}
    results["targets"] = targets(results)
    results["total_s"] = time.perf_counter() - started
    text = report(results)
    print(text)
    log(f"（基准共用时 {results['total_s'] / 60:.1f} 分钟）")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
        log(f"原始数据已写入 {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
