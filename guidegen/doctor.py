"""``guidegen doctor``: versions, the font file behind each role, tools, active patches."""

from __future__ import annotations

import shutil
import sys

from guidegen import __version__, fonts
from guidegen.model import Fonts
from guidegen.render import patches

LIBRARIES = ("WeasyPrint", "pydyf", "docxtpl", "python-docx", "Jinja2", "pydantic")
ROLES = {"title": "标题", "body": "正文", "heading1": "一级标题", "heading2": "二级标题",
         "number": "数字"}
TOOLS = {"LibreOffice": ("soffice",), "poppler": ("pdftotext", "pdftoppm")}


def _font(family: str, weight: str = "regular") -> str:
    found = fonts.font_file(family, weight)
    if found is None:
        return f"{family}（未安装）"
    used, path, index = found
    where = path + (f"，序号 {index}" if index else "")
    return f"{family}（{where}）" if used == family else f"{family}（fontconfig 换成 {used}：{where}）"


def font_lines(official: Fonts) -> list[str]:
    """Each role's stack as PDFs draw it: the official name, then the free substitutes."""
    lines = []
    for role, label in ROLES.items():
        weight = fonts.ROLE_WEIGHTS.get(role, "regular")
        stack = dict.fromkeys((getattr(official, role), *fonts.SUBSTITUTES[role]))
        lines.append(f"  {label} {role}：" + " → ".join(_font(f, weight) for f in stack))
    lines.append("  生僻字兜底：" + " → ".join(_font(f) for f in fonts.RARE_FALLBACK))
    lines.append("  表情符号兜底：" + " → ".join(_font(f) for f in fonts.EMOJI_FALLBACK))
    return lines


def patch_lines() -> list[str]:
    """The patches installed in this process, and why the others are not."""
    decision = patches.decide()
    for fmt in ("pdf", "docx"):
        patches.install(fmt)  # imports WeasyPrint and docxtpl: shape checks run here
    active = patches.active()
    lines = [f"  已启用：{'、'.join(n for n in patches.NAMES if n in active) or '无'}"]
    if decision.switched_off:
        lines.append(f"  由环境变量 {patches.SWITCH} 停用：{'、'.join(decision.switched_off)}")
    for (dist, have, want), names in decision.mismatched.items():
        lines.append(f"  {'、'.join(names)}：按 {dist} {want} 编写，已安装的是 {have or '（未安装）'}，已停用")
    if patches.failed():
        lines.append(f"  版本相符但内部结构不符，已停用：{'、'.join(patches.failed())}")
    if decision.unknown:
        lines.append(f"  {patches.SWITCH} 中不是补丁名的：{'、'.join(decision.unknown)}")
    return lines


def report(official: Fonts) -> list[str]:
    """Every line ``guidegen doctor`` prints."""
    lines = [f"guidegen {__version__}",
             f"Python：{sys.version.split()[0]}（{sys.executable}）", "依赖库："]
    lines += [f"  {name}：{patches.installed_version(name) or '未安装'}" for name in LIBRARIES]
    lines.append("PDF 字体（每个角色用第一个已安装的字体，它缺的字依次往后找）：")
    lines += font_lines(official)
    lines.append("外部程序（仅测试和基准使用）：")
    for name, programs in TOOLS.items():
        found = [shutil.which(p) for p in programs]
        lines.append(f"  {name}：{'、'.join(p for p in found if p) if all(found) else '未安装'}")
    lines.append("加速补丁：")
    lines += patch_lines()
    return lines
