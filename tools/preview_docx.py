"""Render every DOCX template with the example context and convert it to PDF and PNG for review."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from preview_outline import expected_text, with_doc

from guidegen.render.docx import docx_environment

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates" / "docx"
CONTEXT = ROOT / "tools" / "fixtures" / "context_example.json"
OUT = Path("/tmp/docx-preview")

ESCAPE_PROBE = "& <script> {{ 7*7 }}"

KINDS = ("guide", "form", "letter", "notice", "register")
# Text each rendered document must contain (checked on pdftotext output, whitespace
# removed, so it proves the text survived rendering *and* LibreOffice's layout): the
# outline's text (preview_outline.expected_text), the escaping probe and rare characters.
EXTRA = {"guide": [ESCAPE_PROBE, "䶮", "堃", "喆", "𠮷"], "form": ["𠮷", ESCAPE_PROBE],
         "letter": [ESCAPE_PROBE], "notice": [ESCAPE_PROBE]}


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
    tpl.render(ctx, jinja_env=docx_environment(jinja2.Environment), autoescape=True)
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
    ap.add_argument("names", nargs="*", default=list(KINDS), help="templates (default: all)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dpi", type=int, default=50)
    args = ap.parse_args(argv)

    ctx = json.loads(CONTEXT.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    contexts = {n: with_doc(n, ctx) for n in args.names}
    docs = [render(n, contexts[n], args.out) for n in args.names]
    to_pdf(docs, args.out)

    failures = 0
    for name in args.names:
        pdf = args.out / f"{name}.pdf"
        for old in args.out.glob(f"{name}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", str(pdf), str(args.out / name)], check=True)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
        # A paragraph may run over a page number; LibreOffice 7.4 does not draw a full stop or
        # comma it hangs past a full justified line (tests/test_parity.py), so leave those out.
        flat = re.sub(r"—\d+—|[。，；：、]", "", "".join(text.split()))
        expected = expected_text(contexts[name]["doc"]) + EXTRA.get(name, [])
        missing = [s for s in expected if re.sub(r"\s|[。，；：、]", "", s) not in flat]
        pages = len(list(args.out.glob(f"{name}-*.png")))
        status = "ok" if not missing else "MISSING " + " | ".join(missing)
        print(f"{name:9} {pages} page(s)  {status}")
        failures += bool(missing)
    print(f"output in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
