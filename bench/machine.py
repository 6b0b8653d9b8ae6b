"""What the figures were measured on: CPU, memory, library versions and the code's commit."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from dataclasses import dataclass
from pathlib import Path

from measure import source_fingerprint
from paths import PY, REPO


@dataclass
class Machine:
    """The report's header: hardware, versions and code."""

    code: str
    source_fingerprint: str
    cpu: str
    cores: int | None
    ram: str
    python: str
    weasyprint: str
    docxtpl: str
    libreoffice: str
    os: str
    date: str


def _proc_value(file: str, key: str) -> str | None:
    try:
        for line in Path(file).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _version(cmd: list[str]) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "未安装"


def machine() -> Machine:
    """This machine and checkout, now."""
    mem = _proc_value("/proc/meminfo", "MemTotal:")
    ram = f"{int(mem.split()[0]) / 1024 / 1024:.1f} GiB" if mem else "?"
    commit = _version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"]) or "?"
    dirty = _version(["git", "-C", str(REPO), "status", "--porcelain", "--", "guidegen", "templates"])
    code = commit + (f"（guidegen/、templates/ 有 {len(dirty.splitlines())} 个未提交的改动）" if dirty else "")
    return Machine(
        code=code, source_fingerprint=source_fingerprint()[:12],
        cpu=_proc_value("/proc/cpuinfo", "model name") or "?", cores=os.cpu_count(), ram=ram,
        python=_version([PY, "-c", "import platform; print(platform.python_version())"]),
        weasyprint=_version([PY, "-c", "import weasyprint; print(weasyprint.__version__)"]),
        docxtpl=_version([PY, "-c", "from importlib.metadata import version; print(version('docxtpl'))"]),
        libreoffice=_version(["soffice", "--version"]) or "未安装",
        os=platform.platform(),
        date=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"))
