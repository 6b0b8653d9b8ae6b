"""Helpers that drive the real clients: LibreOffice, poppler and Chromium (no mocks).

Every helper runs a real program with a timeout and fails the test with the
program's own stderr when it does not succeed. Geometry is returned in
millimetres (poppler reports PDF points: 1 pt = 25.4/72 mm).
"""

from __future__ import annotations

import html
import io
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

MM_PER_PT = 25.4 / 72
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--hide-scrollbars")


def run(cmd: list, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """Run a client; fail (not raise) with its stderr when it exits non-zero or hangs."""
    try:
        done = subprocess.run([str(c) for c in cmd], capture_output=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"{cmd[0]} did not finish within {timeout} s: {cmd}") from None
    assert done.returncode == 0, (
        f"{cmd} exited {done.returncode}:\n{done.stderr.decode('utf-8', 'replace')}")
    return done


# ---- LibreOffice -----------------------------------------------------------------

def soffice_convert(docs: list[Path], out_dir: Path, profile: Path, timeout: float = 180,
                    to: str = "pdf") -> list[Path]:
    """Convert files in ONE soffice call with an isolated user profile (``to``: a target
    such as ``pdf``, ``xls``, ``ods`` or ``xlsx:Calc MS Excel 2007 XML``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    run(["soffice", f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
         "--norestore", "--nolockcheck", "--nodefault", "--convert-to", to,
         "--outdir", out_dir, *docs], timeout=timeout)
    suffix = "." + to.split(":")[0]
    made = [out_dir / (p.stem + suffix) for p in docs]
    missing = [p.name for p in made if not p.is_file() or p.stat().st_size == 0]
    assert not missing, f"LibreOffice produced no {suffix} for {missing}"
    return made


# ---- poppler ---------------------------------------------------------------------

def pdftotext(pdf: Path, layout: bool = False, page: int | None = None) -> str:
    """Text of a PDF as poppler extracts it (``-layout`` keeps visual lines together)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page:
        args += ["-f", page, "-l", page]
    return run(args + [pdf, "-"]).stdout.decode("utf-8")


def squash(text: str) -> str:
    """Text without any whitespace (LibreOffice adds spaces between CJK and digits)."""
    return re.sub(r"\s+", "", text)


@dataclass(frozen=True)
class Box:
    """A word or a line of text on a page, in mm from the top-left corner."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

_BOX = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"'


def _box(match: re.Match, text: str) -> Box:
    x0, y0, x1, y1 = (float(v) * MM_PER_PT for v in match.groups()[:4])
    return Box(html.unescape(text), x0, y0, x1, y1)


def pdf_lines(pdf: Path, page: int = 1) -> list[Box]:
    """Text lines of one page (``pdftotext -bbox-layout``), top to bottom; words joined by spaces."""
    xml = run(["pdftotext", "-f", page, "-l", page, "-bbox-layout", pdf, "-"]).stdout.decode()
    lines = []
    for m in re.finditer(rf"<line {_BOX}>(.*?)</line>", xml, re.S):
        words = re.findall(r"<word [^>]*>([^<]*)</word>", m.group(5))
        lines.append(_box(m, " ".join(words)))
    return sorted(lines, key=lambda b: (b.top, b.left))


def column_text(lines: list[Box], starting: str) -> str:
    """Text of the column (e.g. a table cell) whose first line starts with ``starting``:
    every line sharing that line's left edge, top to bottom, without spaces."""
    first = next((b for b in lines if squash(b.text).startswith(squash(starting))), None)
    assert first is not None, f"no line starts with {starting!r}"
    return "".join(squash(b.text) for b in lines if abs(b.left - first.left) < 0.5 and b.top >= first.top)


def pdf_words(pdf: Path, page: int = 1) -> list[Box]:
    """Words of one page (``pdftotext -bbox``)."""
    xml = run(["pdftotext", "-f", page, "-l", page, "-bbox", pdf, "-"]).stdout.decode()
    return [_box(m, m.group(5)) for m in re.finditer(rf"<word {_BOX}>([^<]*)</word>", xml)]


def pdffonts(pdf: Path) -> list[dict]:
    """Rows of ``pdffonts``: name, type, emb, sub, uni."""
    rows = []
    for line in run(["pdffonts", pdf]).stdout.decode().splitlines()[2:]:
        m = re.match(r"(\S+)\s+(.+?)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$", line)
        assert m, f"cannot parse pdffonts line {line!r}"
        rows.append({"name": m[1], "type": m[2], "emb": m[4], "sub": m[5], "uni": m[6]})
    return rows


def pdfinfo(pdf: Path) -> dict[str, str]:
    """``pdfinfo`` fields (ISO dates, so they can be compared with the config)."""
    out = run(["pdfinfo", "-isodates", pdf]).stdout.decode()
    return {k.strip(): v.strip() for k, v in (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def pdf_xmp(pdf: Path) -> str:
    """The XMP metadata stream (``pdfinfo -meta``)."""
    return run(["pdfinfo", "-meta", pdf]).stdout.decode()


def page_count(pdf: Path) -> int:
    return int(pdfinfo(pdf)["Pages"])


def drawn_characters(pdf: Path, only: str | None = None) -> dict[str, bool]:
    """Per character of the text layer: does the embedded font have an outline for it?

    pdftotext shows a character even when the PDF draws it with a missing
    glyph, so this reads each font's ToUnicode map and looks the glyph up in
    the embedded font program: True only when the glyph exists and has ink.
    ``only`` limits the look-ups to those characters (the others are skipped).
    """
    import pypdf

    drawn: dict[str, bool] = {}
    for page in pypdf.PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            cid_font = font["/DescendantFonts"][0].get_object()
            descriptor = cid_font["/FontDescriptor"]
            program = next(descriptor[k] for k in ("/FontFile2", "/FontFile3") if k in descriptor)
            cid_to_gid = cid_font.get("/CIDToGIDMap")
            cid_to_gid = None if cid_to_gid in (None, "/Identity") else cid_to_gid.get_object().get_data()
            has_ink = _glyph_inspector(program.get_object().get_data(), cid_to_gid)
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                for cid, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                    text = bytes.fromhex(uni).decode("utf-16-be")
                    if only is None or text in only:
                        drawn[text] = drawn.get(text, False) or has_ink(int(cid, 16))
    return drawn


def _glyph_inspector(data: bytes, cid_to_gid: bytes | None = None):
    """cid → has an outline, for an embedded TrueType/OpenType program or a bare CID-keyed
    CFF (FontFile3 /CIDFontType0C). Colour emoji, which WeasyPrint paints as images over
    an empty glyph, count as no outline. A CIDToGIDMap stream maps CIDs to glyph ids."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    if data[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
        face = TTFont(io.BytesIO(data))
        glyphs, order, cid_keyed = face.getGlyphSet(), face.getGlyphOrder(), "CFF " in face
        pen_set = glyphs
    else:  # bare CFF: glyphs are named cidNNNNN after their CID
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        glyphs, order, cid_keyed, pen_set = cff[cff.fontNames[0]].CharStrings, [], True, None

    def has_ink(cid: int) -> bool:
        gid = cid
        if cid_to_gid is not None:
            gid = int.from_bytes(cid_to_gid[2 * cid:2 * cid + 2], "big") if 2 * cid < len(cid_to_gid) else 0
        name = f"cid{cid:05d}" if cid_keyed else (order[gid] if gid < len(order) else None)
        if not cid or not gid or name is None or name not in glyphs:
            return False
        pen = BoundsPen(pen_set)
        glyphs[name].draw(pen)
        return pen.bounds is not None

    return has_ink


# ---- Chromium --------------------------------------------------------------------

def chromium(profile: Path, *args, timeout: float = 60) -> str:
    """Run headless Chromium with an isolated profile; its stdout."""
    done = run(["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args], timeout=timeout)
    return done.stdout.decode("utf-8")


def dump_dom(page: Path, profile: Path) -> str:
    """The DOM after scripts ran (``--dump-dom``), serialised as HTML."""
    return chromium(profile, "--dump-dom", page.resolve().as_uri())


def print_to_pdf(page: Path, out: Path, profile: Path) -> Path:
    """What Chromium shows, printed to PDF (read it back with pdftotext)."""
    chromium(profile, "--no-pdf-header-footer", f"--print-to-pdf={out}", page.resolve().as_uri())
    assert out.is_file() and out.stat().st_size > 0, f"Chromium printed nothing for {page}"
    return out


def screenshot(page: Path, out: Path, profile: Path, size: str = "1000,2000") -> Path:
    """A PNG of the page as Chromium renders it (for looking at pages by hand)."""
    chromium(profile, f"--window-size={size}", f"--screenshot={out}", page.resolve().as_uri())
    assert out.is_file() and out.stat().st_size > 0, f"Chromium took no screenshot of {page}"
    return out


class Page(HTMLParser):
    """Parsed HTML: start tags with attributes, ids, text and <title> texts."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self.chunks: list[str] = []
        self.titles: list[str] = []
        self._in_title = False
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        self._in_title = tag == "title"
        if self._in_title:
            self.titles.append("")

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        self.chunks.append(data)
        if self._in_title:
            self.titles[-1] += data

    @property
    def title(self) -> str:
        """The document title (the first <title>; SVG titles come later)."""
        return self.titles[0] if self.titles else ""

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def find(self, tag: str, **attrs) -> list[dict]:
        """Start tags named ``tag`` whose attributes contain ``attrs`` (class_: one class)."""
        return [a for name, a in self.tags if name == tag and all(
            (v in a.get("class", "").split()) if k == "class_" else a.get(k) == v
            for k, v in attrs.items())]


def page_gray(pdf: Path, page: int, dpi: int) -> bytes:
    """One page rendered by poppler as 8-bit grey pixels, row by row (``pdftoppm -gray``)."""
    data = run(["pdftoppm", "-f", page, "-l", page, "-r", dpi, "-gray", pdf]).stdout
    # A binary PGM: "P5", width, height and maximum value, each followed by whitespace.
    fields = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert fields, f"pdftoppm did not write a PGM for {pdf} page {page}"
    width, height = int(fields[1]), int(fields[2])
    pixels = data[fields.end():]
    assert len(pixels) == width * height, (pdf, page, len(pixels), width, height)
    return pixels


# ---- QR codes ----------------------------------------------------------------------

def decode_qr(pdf: Path, page: int, dpi: int = 200) -> list[str]:
    """The QR codes a phone would read on one page: poppler renders it, zxing-cpp decodes."""
    import zxingcpp
    from PIL import Image

    png = run(["pdftoppm", "-r", dpi, "-gray", "-png", "-f", page, "-l", page, pdf]).stdout
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
            if r.format == zxingcpp.BarcodeFormat.QRCode]
