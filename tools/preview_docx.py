"""Render every DOCX template with the example context and convert it to PDF and PNG for review."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from docxtpl import DocxTemplate

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "docx"
CONTEXT = ROOT / "tools" / "fixtures" / "context_example.json"
OUT = Path("/tmp/docx-preview")

ESCAPE_PROBE = "& <script> {{ 7*7 }}"

# Text each rendered document must contain (checked on pdftotext output, whitespace
# removed, so it proves the text survived rendering *and* LibreOffice's layout).
EXPECT = {
    "guide": ["宅基地使用情况证明办事指南", "又称：农房宅基地证明", "《不动产登记暂行条例实施细则》第四十一条",
              "无权属争议", "工作日（限时办结）", "负责人签字后方可出具", "告知承诺制", "证明式样",
              "䶮", "堃", "喆", "𠮷", "0871-61234567", ESCAPE_PROBE, "某某市民政局", "2026年11月1日"],
    "form": ["宅基地使用情况证明", "编号：", "特此证明。", "宅基地所在地村民委员会（盖章）", "负责人签字：",
             "沿此线剪开", "存根", "证明名称：宅基地使用情况证明", "经办人", "出具日期", "𠮷", ESCAPE_PROBE],
    "letter": ["宅基地使用情况证明告知承诺书", "《中华人民共和国村民委员会组织法》第二十四条", "不实承诺的法律责任",
               "以承诺替代证明", "承诺人（签字）", "公民身份号码", "某某市民政局（盖章）", "一式两份", ESCAPE_PROBE],
    "notice": ["不应由村（居）民委员会出具证明事项清单", "某某市民政局对某某市", "下列10项", "无犯罪记录证明",
               "参加社会保险证明", ESCAPE_PROBE, "2026年11月1日"],
    "register": ["某某市村（居）民委员会印章使用登记表", "审批人", "保管人/", "用印人", "（签字）",
                 "审批人与印章保管人不得为同一人"],
}

# The official fonts (仿宋_GB2312, 方正小标宋简体 …) are not installed here; map them to
# installed look-alikes via a private fontconfig file so the preview shows the intended
# hierarchy instead of whatever glyph fallback LibreOffice picks.  Affects only soffice.
FONT_ALIASES = {
    "方正小标宋简体": "Noto Serif CJK SC SemiBold",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "楷体_GB2312": "AR PL UKai CN",
    "楷体": "AR PL UKai CN",
    "Times New Roman": "Liberation Serif",
}


def fontconfig_file(workdir: Path) -> Path:
    aliases = "".join(
        f'<alias binding="same"><family>{src}</family><prefer><family>{dst}</family></prefer></alias>'
        for src, dst in FONT_ALIASES.items()
    )
    conf = workdir / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>',
        encoding="utf-8",
    )
    return conf


def render(name: str, ctx: dict, out: Path) -> Path:
    tpl = DocxTemplate(str(TEMPLATES / f"{name}.docx"))
    tpl.render(ctx, autoescape=True)
    dst = out / f"{name}.docx"
    tpl.save(str(dst))
    return dst


def to_pdf(docs: list[Path], out: Path) -> None:
    # A private profile keeps this soffice independent of any other running instance.
    profile = out / "lo-profile"
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file(out)))
    cmd = [
        "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
        "--convert-to", "pdf", "--outdir", str(out), *map(str, docs),
    ]
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, timeout=300)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("names", nargs="*", default=list(EXPECT), help="templates (default: all)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dpi", type=int, default=50)
    args = ap.parse_args(argv)

    ctx = json.loads(CONTEXT.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    docs = [render(n, ctx, args.out) for n in args.names]
    to_pdf(docs, args.out)

    failures = 0
    for name in args.names:
        pdf = args.out / f"{name}.pdf"
        for old in args.out.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(args.out / name)], check=True)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        flat = "".join(text.split())
        missing = [s for s in EXPECT.get(name, []) if "".join(s.split()) not in flat]
        pages = len(list(args.out.glob(f"{name}-*.png")))
        status = "ok" if not missing else "MISSING " + " | ".join(missing)
        print(f"{name:9} {pages} page(s)  {status}")
        failures += bool(missing)
    print(f"output in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
