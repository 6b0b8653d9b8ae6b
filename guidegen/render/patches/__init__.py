"""Speed-up patches, each installed only on the exact library versions it was written for.

Every module of this package reaches into a third-party library's internals. On any
other version than the one a patch follows it is not installed: the documents are the
same, made more slowly, and ``guidegen build`` says so once (``notice``). The
environment variable ``GUIDEGEN_PATCHES`` chooses by hand: ``off``; ``on`` (the
default); ``a,b`` (only these); ``-a,-b`` (all but these). Versions are read from the
installed distributions' metadata, so deciding imports none of the patched libraries.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import sys
from dataclasses import dataclass, field
from types import ModuleType

SWITCH = "GUIDEGEN_PATCHES"
PYTHON = "Python"  # the interpreter, compared by minor version, for patches of the stdlib
WEASYPRINT = ("WeasyPrint", "70.0")
PYDYF = ("pydyf", "0.13.0")
DOCXTPL = ("docxtpl", "0.20.2")
PYTHON_DOCX = ("python-docx", "1.2.0")
OFF = ("off", "0", "no", "none", "false")


@dataclass(frozen=True)
class Patch:
    """One patch module: the format it speeds up and the (distribution, version) it follows."""

    name: str
    fmt: str
    follows: tuple[tuple[str, str], ...]


# In installation order: weasyload imports WeasyPrint, which the others patch.
PATCHES = (
    Patch("weasyload", "pdf", (WEASYPRINT, (PYTHON, "3.11"))),
    Patch("pdffonts", "pdf", (WEASYPRINT, PYDYF)),
    Patch("pdfwrite", "pdf", (PYDYF,)),
    Patch("marginboxes", "pdf", (WEASYPRINT,)),
    Patch("docxtemplate", "docx", (DOCXTPL, PYTHON_DOCX)),
)
NAMES = tuple(p.name for p in PATCHES)
PATCH = {p.name: p for p in PATCHES}


def installed_version(dist: str) -> str | None:
    """The installed version of a distribution (or Python's ``major.minor``), None if absent."""
    if dist == PYTHON:
        return f"{sys.version_info[0]}.{sys.version_info[1]}"
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class Decision:
    """Which patches to install, and why the others are not."""

    chosen: tuple[str, ...]
    switched_off: tuple[str, ...] = ()  # by GUIDEGEN_PATCHES
    # (distribution, installed, written for) → the patches that version turns off
    mismatched: dict[tuple[str, str | None, str], list[str]] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()  # names in GUIDEGEN_PATCHES that are no patch's

    def notice(self) -> str | None:
        """One Chinese line when a version or a typo keeps patches off; else None."""
        parts = []
        if self.mismatched:
            have = "、".join(f"{d} {v or '（未安装）'}" for d, v, _ in self.mismatched)
            want = "、".join(w if len(self.mismatched) == 1 else f"{d} {w}"
                            for d, _, w in self.mismatched)
            names = "、".join(dict.fromkeys(n for ns in self.mismatched.values() for n in ns))
            parts.append(f"提示：已安装 {have}，加速补丁（{names}）按 {want} 编写，已停用；"
                         "生成结果正确，但较慢。")
        if self.unknown:
            parts.append(f"提示：环境变量 {SWITCH} 中的 {'、'.join(self.unknown)} 不是补丁名，"
                         f"已忽略（可用：{'、'.join(NAMES)}）。")
        return "\n".join(parts) or None


def _wanted(switch: str) -> tuple[set[str], list[str]]:
    """The patch names the switch allows, and the names in it that are no patch's."""
    value = switch.strip().lower()
    if value in ("", "on", "1", "yes", "all", "true"):
        return set(NAMES), []
    if value in OFF:
        return set(), []
    words = [w.strip() for w in value.split(",") if w.strip()]
    unknown = [w.lstrip("-") for w in words if w.lstrip("-") not in NAMES]
    if all(w.startswith("-") for w in words):
        return set(NAMES) - {w[1:] for w in words}, unknown
    return {w for w in words if not w.startswith("-")}, unknown


def decide(formats: tuple[str, ...] = ("pdf", "docx")) -> Decision:
    """Which patches of ``formats`` this process installs: the switch, then the versions."""
    wanted, unknown = _wanted(os.environ.get(SWITCH, ""))
    chosen, switched_off, mismatched = [], [], {}
    for patch in PATCHES:
        if patch.fmt not in formats:
            continue
        if patch.name not in wanted:
            switched_off.append(patch.name)
            continue
        wrong = [(dist, installed_version(dist), want) for dist, want in patch.follows
                 if installed_version(dist) != want]
        for key in wrong:
            mismatched.setdefault(key, []).append(patch.name)
        if not wrong:
            chosen.append(patch.name)
    return Decision(tuple(chosen), tuple(switched_off), mismatched, tuple(unknown))


def notice(formats: tuple[str, ...]) -> str | None:
    """What a build making ``formats`` says once about patches kept off, or None."""
    return decide(formats).notice()


_installed: dict[str, ModuleType | None] = {}  # name → module, or None if its check failed


def install(fmt: str) -> frozenset[str]:
    """Install the chosen patches of one format (once per process); the active names.

    A patch whose library is the right version but not of the expected shape (its
    install() returns False) stays off, and this process says so on stderr."""
    for name in decide((fmt,)).chosen:
        if name in _installed:
            continue
        try:
            module = importlib.import_module(f"{__name__}.{name}")
            fits = module.install()
        except (ImportError, AttributeError, TypeError):  # a name it uses is not there
            fits = False
        _installed[name] = module if fits else None
        if not fits:
            follows = "、".join(f"{d} {v}" for d, v in PATCH[name].follows)
            print(f"提示：加速补丁 {name} 与已安装的 {follows} 的内部结构不符，已停用；"
                  "生成结果正确，但较慢。请把此提示报告给维护者。", file=sys.stderr)
    return active(fmt)


def active(fmt: str | None = None) -> frozenset[str]:
    """Names of the patches installed in this process (of one format, or all)."""
    return frozenset(name for name, module in _installed.items()
                     if module is not None and fmt in (None, PATCH[name].fmt))


def failed() -> tuple[str, ...]:
    """Patches chosen in this process whose install() found the library's shape changed."""
    return tuple(name for name, module in _installed.items() if module is None)


def loaded(name: str) -> ModuleType | None:
    """The patch module when it is installed in this process, else None."""
    return _installed.get(name)

