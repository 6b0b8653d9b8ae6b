"""What ``merge`` is given: the cities' files (each once, none the output) and where it writes.

The output is overwritten only when it is a summary ``merge`` wrote before (its
workbook properties say so) or when ``--overwrite`` is given: a province clerk keeps
the cities' originals and last year's summary in the same folder, and a typo in
``--out`` must not destroy one of them.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

from guidegen.errors import GuidegenError
from guidegen.load.files import display_path

MARK = "guidegen merge"  # the workbook's 'creator' and 'keywords' in docProps/core.xml
PLACE = re.compile(r"(\S{1,12}?(?:自治州|地区|市|州|盟|县|区|旗))")
GENERIC = ("州、市", "州市", "各市", "全省", "行业系统")


def check_inputs(paths: list[Path], out: Path) -> None:
    """Refuse a file given twice (also by another path, or a copy) and ``out`` among the inputs."""
    seen: dict[str, Path] = {}
    for path in paths:
        if _same(path, out):
            raise GuidegenError(f"--out {display_path(out)} 是要汇总的文件之一：汇总结果会覆盖报送的原件，"
                                "请另起一个文件名，如 全省汇总.xlsx")
        if written_by_merge(path):
            raise GuidegenError(f"{display_path(path)} 是 guidegen merge 写出的汇总工作簿，不是某个地区报送的清单："
                                "请只给各地区报送的工作簿（重新汇总时旧的汇总会被覆盖）")
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            continue  # read again by the merge, which names what is wrong
        if digest in seen:
            first = seen[digest]
            how = "是同一个文件" if _same(first, path) else "的内容完全相同"
            raise GuidegenError(f"{display_path(path)} 与 {display_path(first)} {how}：每个地区的工作簿只能给一次，"
                                "请去掉重复的一个")
        seen[digest] = path


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def check_out(out: Path, overwrite: bool) -> str:
    """May ``out`` be written? '' (new file), '覆盖' (a summary merge wrote); otherwise raise."""
    if out.is_dir():
        raise GuidegenError(f"--out {display_path(out)} 是目录，请给出 .xlsx 文件名，如 {display_path(out / '全省汇总.xlsx')}")
    for lock in (out.with_name(f"~${out.name}"), out.with_name(f".~lock.{out.name}#")):
        if lock.exists():
            raise GuidegenError(f"{display_path(out)} 正在被 Excel、WPS 或 LibreOffice 打开（有锁定文件 {lock.name}）："
                                "请先关闭它再汇总")
    if not out.exists():
        return ""
    if overwrite or written_by_merge(out):
        return "覆盖"
    raise GuidegenError(f"{display_path(out)} 已存在，且不是 guidegen merge 写出的汇总工作簿：为免覆盖别人的文件，"
                        "没有写入。请换一个文件名，或确认要替换它时加 --overwrite")


def written_by_merge(path: Path) -> bool:
    """Whether ``path`` is a summary this command wrote (its properties carry the mark)."""
    try:
        with zipfile.ZipFile(path) as book:
            core = book.read("docProps/core.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return MARK in core


def place(texts: list[str]) -> str | None:
    """The first place a title names (沈阳市保留的…, 沈阳市村（居）民委员会出具证明事项保留清单,
    附件1 大连市…), leaving out the generic 州、市 and 行业系统; None when none does."""
    for text in texts:
        text = re.sub(r"附件\s*\d+", " ", text)
        for match in PLACE.finditer(text.replace("村（居）", "").replace("村(居)", "")):
            name = match.group(1).lstrip("：:（(")
            if not any(name.startswith(g) or name in g for g in GENERIC) and not name.startswith(("村", "居")):
                return name
    return None


def city_name(path: Path, titles: list[str]) -> str:
    """The region a submission is from: the place its titles name, else its file name's,
    else the file name."""
    return place(titles) or place([path.stem]) or path.stem
