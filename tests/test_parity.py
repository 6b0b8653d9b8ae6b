"""One document in every format: the DOCX (as LibreOffice lays it out), the PDF and the site's
guide carry the same text in the same order, headings, table cells and the flowchart; both
formats keep the GB/T 9704 grid and page numbers; forms are one sheet, letters two pages."""

from __future__ import annotations

import difflib
import functools
import re
import zipfile
from pathlib import Path

import pytest
from clients import Page, pdf_lines, pdf_words, page_count, run, soffice_convert, squash
from conftest import DOCUMENTS, REPO, dump, guidegen_build, retained

from guidegen import fonts
from guidegen.context import Contexts
from guidegen.plan import BOOKLETS, plan
from guidegen.project import load_project

SAMPLE = REPO / "guidegen.yaml"
PROJECTS = {"sample": SAMPLE, "documents": DOCUMENTS / "guidegen.yaml"}
TOP, BOTTOM_EDGE, LEFT, RIGHT_EDGE = 37.0, 262.0, 28.0, 184.0  # the type area, mm from top-left
PITCH = 28.95 * 25.4 / 72  # mm between two body lines
ONE_CHAR = 14 * 25.4 / 72  # the page number's 空一字
# LibreOffice 7.4 hangs a full stop or comma past the end of a full justified line and then
# does not draw it (w:overflowPunct=0 is not imported); Word keeps it on the line.
HANGING = set("。，；：、")


def outputs(name: str) -> list[tuple[str, str, str | None]]:
    project = load_project(PROJECTS[name])
    # The guide booklet is its guides (checked one by one here) with a cover and contents,
    # whose page numbers the PDF has and the DOCX gets when Word updates its TOC field.
    return [(name, o.kind, o.item_id) for o in plan(project, ("docx",)) if o.kind not in BOOKLETS]


DOCUMENTS_OF = outputs("sample") + outputs("documents")
IDS = [f"{n}-{k}-{i}" if i else f"{n}-{k}" for n, k, i in DOCUMENTS_OF]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """name → (site folder, {docx stem: PDF from LibreOffice}, Contexts) for both projects."""
    root = tmp_path_factory.mktemp("parity")
    found = {}
    for name, config in PROJECTS.items():
        out = root / name
        result = guidegen_build("--config", config, "--out", out, "-j", "2")
        assert result.returncode == 0, result.stderr
        site = out / "site"
        docx = sorted(site.rglob("*.docx"))
        pdfs = soffice_convert(docx, root / f"{name}-lo", root / "profile")
        found[name] = (site, {p.stem: p for p in pdfs}, Contexts(load_project(config)))
    return found


def paths(built, name, kind, item_id):
    site, converted, contexts = built[name]
    stem = {"notice": "not-issued", "register": "seal-register"}.get(kind, f"{item_id}-{kind}")
    folder = site / ("downloads" if kind in ("notice", "register") else f"items/{item_id}")
    output = next(o for o in plan(contexts.project, ("pdf",)) if o.kind == kind and o.item_id == item_id)
    return folder / f"{stem}.docx", folder / f"{stem}.pdf", converted[stem], contexts.for_output(output)["doc"]


def text(pdf: Path) -> str:
    """What the PDF shows, in drawing order, without whitespace and page numbers."""
    raw = run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"]).stdout.decode("utf-8")
    return re.sub(r"—\d+—", "", re.sub(r"[\s\u200b]+", "", raw))


def without_repeats(value: str, doc) -> str:
    """The text without table header rows (repeated on every page a table runs onto)."""
    for table in (b for b in doc.blocks if b.type == "table"):
        value = value.replace(squash("".join(c.label for c in table.columns)), "")
    return value


def without_flowchart(value: str, doc) -> str:
    """The text without the flowchart's labels, after asserting they are all there, together:
    LibreOffice draws a drawing's shapes after the page's text, last shape first."""
    chart = next((b for b in doc.blocks if b.type == "flowchart"), None)
    if chart is None:
        return value
    labels = [squash(line) for box in chart.boxes for line in box.lines]
    forward = "".join(labels)
    backward = "".join(squash("".join(box.lines)) for box in reversed(chart.boxes))
    for joined in (forward, backward):
        if joined in value:
            return value.replace(joined, "", 1)
    raise AssertionError(f"the flowchart's labels are not all drawn: {labels}")


@functools.cache
def body_font_covers() -> frozenset[int]:
    """Code points FandolFang (the body font of both) draws itself."""
    path = fonts.installed()["FandolFang"][0]
    charset = run(["fc-query", "-f", "%{charset}", path]).stdout.decode()
    return frozenset(c for part in charset.split() for c in range(
        int(part.partition("-")[0], 16), int(part.partition("-")[2] or part.partition("-")[0], 16) + 1))


def assert_same(lo: str, wp: str) -> None:
    """Equal, but for two quirks of LibreOffice 7.4's PDF: a hanging full stop or comma it
    does not draw (see HANGING), and characters of a fallback font (䶮, 𠮷) it draws after
    the rest of their line, so pdftotext reads them there."""
    if lo == wp:
        return
    moved = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wp, lo, autojunk=False).get_opcodes():
        if op == "equal" or (op == "delete" and set(wp[i1:i2]) <= HANGING and i2 - i1 == 1):
            continue
        if op in ("delete", "insert") and not {ord(c) for c in wp[i1:i2] + lo[j1:j2]} & body_font_covers():
            moved.append((op, wp[i1:i2] + lo[j1:j2]))
            continue
        raise AssertionError(f"DOCX and PDF differ ({op}): PDF …{wp[max(0, i1 - 30):i2 + 30]}… "
                             f"DOCX …{lo[max(0, j1 - 30):j2 + 30]}…")
    gone = sorted("".join(t for op, t in moved if op == "delete"))
    assert gone == sorted("".join(t for op, t in moved if op == "insert")), moved


@pytest.mark.clients
@pytest.mark.parametrize(("name", "kind", "item_id"), DOCUMENTS_OF, ids=IDS)
def test_docx_and_pdf_carry_the_same_text(built, name, kind, item_id):
    _, pdf, lo, doc = paths(built, name, kind, item_id)
    wp_text, lo_text = text(pdf), text(lo)
    for heading in doc.headings():  # the same headings and numbering
        assert squash(heading.text) in wp_text and squash(heading.text) in lo_text, heading.text
    for table in (b for b in doc.blocks if b.type == "table"):  # the same cells
        for cell in {squash(c) for row in table.rows for c in row} - {""}:
            assert cell in wp_text and cell in lo_text, cell
    assert_same(without_repeats(without_flowchart(lo_text, doc), doc),
                without_repeats(without_flowchart(wp_text, doc), doc))


GUIDES = [(n, k, i) for n, k, i in DOCUMENTS_OF if k == "guide"]


def gray_page(pdf: Path, page: int, dpi: int = 50) -> tuple[int, int, bytes]:
    """One page as 8-bit grey pixels (pdftoppm -gray): width, height, rows."""
    data = run(["pdftoppm", "-gray", "-r", dpi, "-f", page, "-l", page, pdf]).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    return int(match[1]), int(match[2]), data[match.end():]


@pytest.mark.clients
@pytest.mark.parametrize(("name", "kind", "item_id"), GUIDES, ids=[f"{n}-{i}" for n, _, i in GUIDES])
def test_flowchart_is_a_drawing_libreoffice_draws(built, name, kind, item_id):
    docx, _, lo, doc = paths(built, name, kind, item_id)
    chart = next(b for b in doc.blocks if b.type == "flowchart")
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert xml.count("<wpg:wgp>") == 1 and xml.count("<wps:txbx>") == len(chart.boxes)
    assert xml.count('prst="straightConnector1"') == len(chart.arrows)
    # On the page that shows it, the arrows between the boxes are drawn: dark pixels on the
    # chart's centre line between the 申请 pill and the first step box.
    for page in range(1, page_count(lo) + 1):
        words = pdf_words(lo, page)
        start = next((w for w in words if w.text == "申请"), None)
        first = next((w for w in words if w.text.startswith("1.")
                      and squash(w.text) == squash(chart.boxes[1].lines[0])), None)
        if start and first:
            break
    else:
        raise AssertionError("LibreOffice shows no flowchart labels")
    width, _, pixels = gray_page(lo, page)
    dots = 50 / 25.4
    centre = round((start.left + start.right) / 2 * dots)
    rows = range(round(start.bottom * dots) + 2, round(first.top * dots) - 1)
    dark = [y for y in rows if min(pixels[y * width + centre - 1: y * width + centre + 2]) < 128]
    # (the rows also span the boxes' white insides above and below the arrow)
    assert len(rows) > 3 and len(dark) >= 4, (list(rows), dark)


@pytest.fixture(scope="module")
def full_page(make_project_module, tmp_path_factory):
    """A guide whose second page is body text only, built and converted: (PDF, LibreOffice PDF)."""
    sentence = "村民委员会应当依法出具证明并如实记录核实情况"  # no punctuation to push or hang
    long = retained(conditions=[sentence * 60])
    root = make_project_module({"a.yaml": long})
    out = root / "out"
    result = guidegen_build("--config", root / "guidegen.yaml", "--out", out, "--format", "pdf,docx")
    assert result.returncode == 0, result.stderr
    guide = out / "site" / "items" / long["id"] / f"{long['id']}-guide"
    (lo,) = soffice_convert([guide.with_suffix(".docx")], root / "lo", root / "profile")
    return guide.with_suffix(".pdf"), lo


@pytest.fixture(scope="module")
def make_project_module(tmp_path_factory):
    def make(items: dict) -> Path:
        root = tmp_path_factory.mktemp("grid")
        (root / "guidegen.yaml").write_text(dump({"published": "2026-03-15"}), encoding="utf-8")
        (root / "data" / "items").mkdir(parents=True)
        for file, data in items.items():
            (root / "data" / "items" / file).write_text(dump(data), encoding="utf-8")
        return root
    return make


@pytest.mark.clients
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_full_body_page_holds_22_lines_of_28_characters(full_page, fmt):
    pdf = full_page[0 if fmt == "pdf" else 1]
    lines = [b for b in pdf_lines(pdf, 2) if b.top < BOTTOM_EDGE]
    assert len(lines) == 22, [b.text for b in lines]
    tops = [b.top for b in lines]
    assert all(abs(b - a - PITCH) < 0.1 for a, b in zip(tops, tops[1:])), tops
    assert tops[0] - TOP < PITCH and BOTTOM_EDGE - tops[-1] < PITCH  # the grid fills the type area
    assert {len(squash(b.text)) for b in lines[:-1]} == {28}, [b.text for b in lines]
    assert all(b.left >= LEFT - 0.5 and b.right <= RIGHT_EDGE + 0.5 for b in lines)  # inside it


@pytest.mark.clients
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_page_numbers_sit_7_mm_below_the_type_area_odd_right_even_left(full_page, fmt):
    pdf = full_page[0 if fmt == "pdf" else 1]
    for page in (1, 2):
        (number,) = [b for b in pdf_lines(pdf, page) if b.top > BOTTOM_EDGE]
        assert squash(number.text) == f"—{page}—"
        assert number.top - BOTTOM_EDGE == pytest.approx(7, abs=1)
        if page % 2:
            assert number.right == pytest.approx(RIGHT_EDGE - ONE_CHAR, abs=1)
        else:
            assert number.left == pytest.approx(LEFT + ONE_CHAR, abs=1)


SHEETS = [(n, k, i) for n, k, i in DOCUMENTS_OF if k in ("form", "letter", "register")]


@pytest.mark.clients
@pytest.mark.parametrize(("name", "kind", "item_id"), SHEETS,
                         ids=[f"{n}-{k}-{i}" if i else f"{n}-{k}" for n, k, i in SHEETS])
def test_forms_are_one_sheet_and_letters_two_pages_of_three_lines_or_more(built, name, kind, item_id):
    _, pdf, lo, _ = paths(built, name, kind, item_id)
    for shown in (pdf, lo):
        pages = page_count(shown)
        if kind == "letter":
            assert pages <= 2, shown
            for page in range(1, pages + 1):
                body = [b for b in pdf_lines(shown, page) if b.top < BOTTOM_EDGE]
                assert len(body) >= 3, (shown, page, [b.text for b in body])
        else:
            assert pages == 1, shown


def site_text(page: Path) -> str:
    """The guide part of an item page as a reader sees it (no SVG title, hidden caption)."""
    source = page.read_text(encoding="utf-8")
    guide = source[source.index('<div class="guide">'):source.index("</main>")]
    guide = re.sub(r"<title[^>]*>.*?</title>|<caption[^>]*>.*?</caption>", "", guide, flags=re.S)
    return squash(Page(guide).text)


def outline_text(doc) -> str:
    """Every block's text in order: what each format must show."""
    parts = []
    for b in doc.blocks:
        if b.type == "table":
            parts += [c.label for c in b.columns] + [cell for row in b.rows for cell in row]
        elif b.type == "flowchart":
            parts += [line for box in b.boxes for line in box.lines]
        elif b.type == "frame":
            parts += [p.text for p in b.blocks]
        else:
            parts.append(b.text)
    return squash("".join(parts))


@pytest.mark.parametrize(("name", "kind", "item_id"), GUIDES, ids=[f"{n}-{i}" for n, _, i in GUIDES])
def test_the_site_page_shows_the_guide_of_the_documents(built, name, kind, item_id):
    site, _, contexts = built[name]
    _, pdf, _, doc = paths(built, name, kind, item_id)
    shown = site_text(site / "items" / item_id / "index.html")
    assert shown == outline_text(doc)
    assert without_repeats(without_flowchart(text(pdf), doc), doc) == without_repeats(
        without_flowchart(squash(squash(doc.title) + outline_text(doc)), doc), doc)
