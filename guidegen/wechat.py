"""``guidegen export wechat DIR``: both lists for the 微信公众平台 and 政务微博.

Per list: an article HTML the 公众号 editor accepts (inline styles only, no stylesheet or
script; the QR code as a PNG file beside it) and one long PNG for 微博, made from the
list's PDF by poppler (pdftoppm) with the pages' margins cut away and the pages stacked.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

from guidegen.context import project_context
from guidegen.document.lists import notice, retained_list
from guidegen.errors import GuidegenError, reason
from guidegen.plan import Output
from guidegen.project import Project
from guidegen.render import qrcode
from guidegen.render.pdf import PdfRenderer
from guidegen.render.registry import Renderers
from guidegen.settings import Settings
from guidegen.write.publish import write_atomic

WIDTH = 1080  # pixels: what 微博 shows a long image at without scaling it down
# Cut from every page but the first's top, and from every page's bottom: the 37 mm top and
# 35 mm bottom margins (with the page number), less a little space; then what is blank
# below a page's last line, so the lists run on without gaps.
TOP_MM, BOTTOM_MM, PAGE_MM = 30, 28, 297
GAP = 24  # pixels after each page's last line
QR_IMAGE = "qr.png"


def long_image(pdf: bytes) -> bytes:
    """The PDF's pages, cut at their margins and stacked, as one PNG ``WIDTH`` wide (the
    page numbers are cut away with the bottom margins)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "list.pdf"
        source.write_bytes(pdf)
        try:
            subprocess.run(["pdftoppm", "-png", "-scale-to-x", str(WIDTH), "-scale-to-y", "-1",
                            source, Path(tmp) / "page"], check=True, capture_output=True, timeout=300)
        except (OSError, subprocess.SubprocessError) as exc:
            why = reason(exc) if isinstance(exc, OSError) else "程序出错或超时"
            raise GuidegenError(f"无法用 pdftoppm 把清单转换为图片（{why}），请安装 poppler-utils") from None
        pages = [Image.open(p) for p in sorted(Path(tmp).glob("page-*.png"), key=_page_number)]
        for page in pages:
            page.load()
    cut = []
    for n, page in enumerate(pages):
        mm = page.height / PAGE_MM
        top = 0 if n == 0 else round(TOP_MM * mm)
        page = page.convert("RGB").crop((0, top, page.width, page.height - round(BOTTOM_MM * mm)))
        ink = ImageOps.invert(page.convert("L")).getbbox()  # where the page's text ends
        if ink is not None:
            cut.append(page.crop((0, 0, page.width, ink[3] + GAP)))
    tall = Image.new("RGB", (WIDTH, sum(p.height for p in cut) + GAP), "white")
    y = 0
    for part in cut:
        tall.paste(part, (0, y))
        y += part.height
    out = io.BytesIO()
    tall.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])


def export(project: Project, folder: Path) -> list[Path]:
    """Write both lists' articles and long images (and the QR code) into ``folder``."""
    config = project.config
    renderers = Renderers(project, Settings(out_dir=folder))
    pdf = renderers.renderer("pdf")
    assert isinstance(pdf, PdfRenderer)
    lists = {"retained": ("list", retained_list(project.retained, config)),
             "not-issued": ("notice", notice(project.not_issued, config))}
    base = project_context(config)
    code = qrcode.find(lists["retained"][1])
    files: dict[str, bytes] = {}
    if code is not None:
        files[QR_IMAGE] = qrcode.png(code.url)
    for name, (kind, doc) in lists.items():
        ctx = {**base, "doc": doc, "item": None, "root": "", "qr_image": QR_IMAGE if code else ""}
        files[f"{name}.html"] = renderers.html.render_text("wechat_article.html", ctx).encode("utf-8")
        files[f"{name}.png"] = long_image(pdf.write(*pdf.layout(Output(f"{name}.pdf", kind, "pdf"), ctx)))
    written = []
    for file, data in files.items():  # everything made before anything is written
        write_atomic(folder / file, data)
        written.append(folder / file)
    return written
