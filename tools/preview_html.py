#!/usr/bin/env python3
"""Render every HTML/print template with an example context and check the output.

Usage:  .venv/bin/python tools/preview_html.py [--context FILE ...] [--out DIR]
                                               [--no-chromium] [--no-png]

Default contexts: tools/fixtures/context_example.json (rendered into OUT, default
/tmp/html-preview) and tools/fixtures/context_example_html.json (into
OUT/context_example_html/) -- the second one carries extra probes: an attribute-
injection field label, a 29-character flowchart step, items without a letter.

* site pages   -> OUT/site/index.html, OUT/site/items/<id>/index.html (+ assets/)
* print PDFs   -> OUT/pdf/<id>-guide.pdf, <id>-form.pdf, <id>-letter.pdf,
                  not-issued.pdf, seal-register.pdf (also copied into the site
                  at the hrefs the pages link to, so the preview site is browsable)
* checks       -> pdffonts (embedded + subset), pdftotext (expected text, rare
                  characters, literal escaping probe), pdftotext -bbox (page-one
                  geometry), relative links only, escaping in the HTML
* images       -> OUT/png/*.png (pdftoppm -r 60, page 1) and Chromium screenshots

Exit status 1 when any check fails.  Nothing is written inside the repository.
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from preview_outline import expected_text, with_doc

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "templates" / "html"
FIXTURES = REPO / "tools" / "fixtures"
PROBE = "& <script>alert(1)</script> {{ 7*7 }}"
RARE = ["䶮", "堃", "喆", "𠮷"]
MM = 72 / 25.4  # points per millimetre

failures: list[str] = []
PROBES: list[str] = [PROBE]


def check(ok: bool, msg: str) -> bool:
    print(("  ok   " if ok else "  FAIL ") + msg)
    if not ok:
        failures.append(msg)
    return ok


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def find_contexts(args: list[str] | None) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    found = [FIXTURES / n for n in ("context_example.json", "context_example_html.json")
             if (FIXTURES / n).exists()]
    if not found:
        sys.exit("no example context found in tools/fixtures/")
    return found


def probes(ctx: dict) -> list[str]:
    """Escaping probes planted in the example data ("& <script>... {{ 7*7 }}")."""
    found: set[str] = set()

    def walk(v):
        if isinstance(v, str):
            found.update(re.findall(r"&\s*<script>.*?\}\}", v))
        elif isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)

    walk(ctx)
    return sorted(found) or [PROBE]


def make_env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
    )


def base_ctx(ctx: dict, item: dict | None, root: str) -> dict:
    out = {k: v for k, v in ctx.items() if k not in ("item", "root")}
    out = copy.deepcopy(out)
    if item is not None:
        out["item"] = copy.deepcopy(item)
    out["root"] = root
    out["path"] = f"items/{item['id']}/index.html" if item is not None else "index.html"
    return out


# --------------------------------------------------------------------------- site

HREF_RE = re.compile(r'\b(?:href|src)="([^"]*)"')


def render_site(env: Environment, ctx: dict, site: Path) -> list[Path]:
    if site.exists():
        shutil.rmtree(site)
    (site / "assets").mkdir(parents=True)
    for f in (TEMPLATES / "assets").iterdir():
        shutil.copy(f, site / "assets" / f.name)
    pages = []
    index = site / "index.html"
    index.write_text(env.get_template("index.html").render(**base_ctx(ctx, None, "")), "utf-8")
    pages.append(index)
    for it in ctx["items"]:
        page = site / "items" / it["id"] / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page_ctx = with_doc("page", base_ctx(ctx, it, "../../"))
        page.write_text(env.get_template("item.html").render(**page_ctx), "utf-8")
        pages.append(page)
    return pages


def check_site(pages: list[Path], site: Path) -> None:
    print("site checks")
    saw_probe = False
    for page in pages:
        text = page.read_text("utf-8")
        rel = page.relative_to(site)
        scripts = re.findall(r"<script[^>]*>", text.lower())
        check(scripts == [f'<script src="{"../../" if rel.parts[0] == "items" else ""}assets/site.js">'],
              f"{rel}: no <script> element but the site's own")
        check("onmouseover=\"" not in text, f"{rel}: attribute injection escaped")
        if any(html.escape(p, quote=False) in text or html.escape(p) in text for p in PROBES):
            saw_probe = True
        check(text.startswith("<!doctype html>") and '<html lang="zh-CN">' in text, f"{rel}: doctype + lang")
        for ref in HREF_RE.findall(text):
            ref = html.unescape(ref)
            if ref.startswith(("#", "tel:")):
                continue
            ok = not re.match(r"^[a-z][a-z0-9+.-]*:", ref, re.I) and not ref.startswith("/")
            check(ok, f"{rel}: link is relative: {ref}")
            target = (page.parent / ref.split("#")[0]).resolve()
            if ref.endswith((".docx", "changes.html", "/items.csv", "/items.json", ".schema.json")):
                continue  # made by another renderer / from the build history, not previewed here
            check(target.exists(), f"{rel}: link target exists: {ref}")
    check(saw_probe, "escaping probe appears (escaped) in the site HTML")


# --------------------------------------------------------------------------- PDFs

class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def render_pdf(env: Environment, template: str, ctx: dict, out: Path) -> Path:
    from weasyprint import HTML

    source = env.get_template(template).render(**ctx)
    out.with_suffix(".html").write_text(source, "utf-8")
    handler = _Collect()
    log = logging.getLogger("weasyprint")
    log.addHandler(handler)
    try:
        HTML(string=source, base_url=str(TEMPLATES)).write_pdf(str(out))
    finally:
        log.removeHandler(handler)
    for msg in handler.records:
        print(f"  warn {out.name}: WeasyPrint: {msg}")
    check(not handler.records, f"{out.name}: rendered without WeasyPrint warnings")
    return out


def run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def check_fonts(pdf: Path) -> None:
    lines = run("pdffonts", str(pdf)).splitlines()[2:]
    names = []
    for line in lines:
        tok = line.split()
        emb, sub = tok[-5], tok[-4]
        names.append(tok[0])
        check(emb == "yes" and sub == "yes", f"{pdf.name}: font {tok[0]} emb={emb} sub={sub}")
    print("       fonts:", ", ".join(sorted({n.split("+", 1)[-1] for n in names})))


def pdf_text(pdf: Path) -> str:
    """Reading-order text plus content-stream order (-raw keeps table cells together)."""
    return (run("pdftotext", "-enc", "UTF-8", str(pdf), "-") + "\n"
            + run("pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"))


def page_count(pdf: Path) -> int:
    m = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(pdf)), re.M)
    return int(m.group(1)) if m else 0


WORD_RE = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
LINE_RE = re.compile(r"<line[^>]*>(.*?)</line>", re.S)


def page_one_geometry(pdf: Path) -> dict:
    """First text line (title) top and the left edge of the first left-aligned line."""
    xml = run("pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-")
    lines = []
    for body in LINE_RE.findall(xml):
        words = [(float(a), float(b), float(c), float(d), html.unescape(t))
                 for a, b, c, d, t in WORD_RE.findall(body)]
        if words:
            lines.append(words)
    lines.sort(key=lambda ws: min(w[1] for w in ws))
    first = lines[0]
    title_top = min(w[1] for w in first)
    title_text = "".join(w[4] for w in first)
    # left-aligned = not indented by 2em (16pt body: 2em = 11.3 mm) and not centred (the
    # form's cut line is centred on the text block's middle, 106 mm from the left edge)
    def centred(ws) -> bool:
        left, right = min(w[0] for w in ws), max(w[2] for w in ws)
        return abs((left + right) / 2 - 106 * MM) < 1 * MM and left > 29 * MM

    left_lines = [ws for ws in lines[1:] if min(w[0] for w in ws) < 34 * MM and not centred(ws)]
    first_left = left_lines[0] if left_lines else None
    min_x = min(min(w[0] for w in ws) for ws in lines)
    return {
        "title_text": title_text,
        "title_top_pt": title_top,
        "title_top_mm": title_top / MM,
        "first_left_text": "".join(w[4] for w in first_left) if first_left else "",
        "first_left_x_mm": (min(w[0] for w in first_left) / MM) if first_left else None,
        "min_x_mm": min_x / MM,
    }


def preview(ctx_path: Path, out: Path, args: argparse.Namespace) -> None:
    print(f"=== context: {ctx_path}  ->  {out}")
    ctx = json.loads(ctx_path.read_text("utf-8"))
    PROBES[:] = probes(ctx)
    site, pdfdir, pngdir = out / "site", out / "pdf", out / "png"
    for d in (pdfdir, pngdir):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)

    env = make_env()
    pages = render_site(env, ctx, site)
    print(f"rendered {len(pages)} site pages into {site}")

    # ---- PDFs
    docs: list[tuple[Path, list[str]]] = []
    for it in ctx["retained"]:
        for kind in ("guide", "form", "letter") if it["has_letter"] else ("guide", "form"):
            c = with_doc(kind, base_ctx(ctx, it, ""))
            docs.append((render_pdf(env, f"print_{kind}.html", c, pdfdir / f"{it['id']}-{kind}.pdf"),
                         expected_text(c["doc"])))
    for kind, stem in (("notice", "not-issued"), ("register", "seal-register")):
        c = with_doc(kind, base_ctx(ctx, None, ""))
        docs.append((render_pdf(env, f"print_{kind}.html", c, pdfdir / f"{stem}.pdf"), expected_text(c["doc"])))

    # copy PDFs to where the site links them
    for it in ctx["retained"]:
        for d in it["downloads"]:
            if d["format"] == "pdf":
                src = pdfdir / f"{it['id']}-{d['kind']}.pdf"
                if src.exists():
                    shutil.copy(src, site / "items" / it["id"] / d["href"])
    (site / "downloads").mkdir(exist_ok=True)
    shutil.copy(pdfdir / "not-issued.pdf", site / "downloads" / "not-issued.pdf")
    shutil.copy(pdfdir / "seal-register.pdf", site / "downloads" / "seal-register.pdf")
    check_site(pages, site)

    all_text = ""
    for pdf, expected in docs:
        print(f"{pdf.name}: {page_count(pdf)} page(s)")
        check_fonts(pdf)
        text = pdf_text(pdf)
        all_text += text
        flat = squash(text)
        for e in expected:
            check(squash(e) in flat, f"{pdf.name}: contains {e[:40]!r}")
        info = run("pdfinfo", str(pdf))
        check(f"Author:          {ctx['project']['authority']}" in info, f"{pdf.name}: PDF Author metadata")
        check("CreationDate:" in info, f"{pdf.name}: PDF CreationDate metadata")
        if pdf.name.endswith("-form.pdf"):
            check(page_count(pdf) == 1, f"{pdf.name}: form fits on one page")
    flat_all = squash(all_text)
    for probe in PROBES:
        check(squash(probe) in flat_all, f"escaping probe {probe!r} appears literally in PDF text")
    for ch in RARE:
        check(ch in all_text, f"rare character {ch} (U+{ord(ch):04X}) in PDF text")

    # ---- page-one geometry of every PDF
    print("page-one geometry (target: title top 37 mm, left-aligned body at 28 mm)")
    for pdf, _ in docs:
        g = page_one_geometry(pdf)
        fl = f"{g['first_left_x_mm']:.2f} mm" if g["first_left_x_mm"] is not None else "n/a"
        print(f"  {pdf.name:28s} title top {g['title_top_mm']:.2f} mm ({g['title_top_pt']:.1f} pt) "
              f"[{g['title_text'][:16]}]; first left line x {fl} [{g['first_left_text'][:12]}]; "
              f"min x {g['min_x_mm']:.2f} mm")
        check(abs(g["title_top_mm"] - 37) <= 1, f"{pdf.name}: title top at 37±1 mm")
        check(g["first_left_x_mm"] is not None and abs(g["first_left_x_mm"] - 28) <= 1,
              f"{pdf.name}: first left-aligned line at 28±1 mm")

    # ---- images
    if not args.no_png:
        for pdf, _ in docs:
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf),
                            str(pngdir / pdf.stem)], check=True)
        print("PNG pages in", pngdir)
    if not args.no_chromium and shutil.which("chromium"):
        first_retained = ctx["retained"][0]["id"] if ctx["retained"] else None
        first_not = ctx["not_issued"][0]["id"] if ctx["not_issued"] else None
        shots = [("site-index", site / "index.html", "1280,2000")]
        if first_retained:
            shots.append(("site-item", site / "items" / first_retained / "index.html", "1280,2000"))
            # the item with the most steps shows the flowchart best
            longest = max(ctx["retained"], key=lambda i: len(i["procedure"]))["id"]
            shots.append(("site-item-long", site / "items" / longest / "index.html", "1280,4200"))
            shots.append(("site-item-mobile", site / "items" / longest / "index.html", "390,2400"))
        if first_not:
            shots.append(("site-not-issued", site / "items" / first_not / "index.html", "1280,1100"))
        for name, page, size in shots:
            with tempfile.TemporaryDirectory() as prof:
                subprocess.run(
                    ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run",
                     f"--user-data-dir={prof}", "--hide-scrollbars",
                     f"--screenshot={pngdir / (name + '.png')}", f"--window-size={size}",
                     page.as_uri()],
                    check=False, capture_output=True, timeout=120)
        print("screenshots in", pngdir)



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--context", action="append",
                    help="example context JSON; repeatable (default: every tools/fixtures/context_example*.json)")
    ap.add_argument("--out", default="/tmp/html-preview",
                    help="output dir; the first context renders into it, further ones into OUT/<name>/")
    ap.add_argument("--no-chromium", action="store_true")
    ap.add_argument("--no-png", action="store_true")
    args = ap.parse_args()
    for n, ctx_path in enumerate(find_contexts(args.context)):
        out = Path(args.out) if n == 0 else Path(args.out) / ctx_path.stem
        preview(ctx_path, out, args)
    print()
    if failures:
        print(f"{len(failures)} check(s) FAILED")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
