"""PDF output (WeasyPrint) read back with poppler: facts, embedded fonts, GB/T 9704 geometry,
page numbers, rare characters, PDF/A-3b metadata and reproducible bytes."""

from __future__ import annotations

import re

import pytest
from clients import (
    column_text,
    drawn_characters,
    page_count,
    pdf_lines,
    pdf_words,
    pdf_xmp,
    pdffonts,
    pdfinfo,
    pdftotext,
    squash,
)
from conftest import DOCUMENT_ITEMS, DOCUMENTS, HOSTILE, PWNED, RARE, build_documents

HARDSHIP, ONSITE = "residence-hardship", "residence-onsite"
RETAINED = [HARDSHIP, ONSITE]
NOT_ISSUED = [i for i, d in DOCUMENT_ITEMS.items() if d["status"] == "not-issued"]
ALL = [("guide", HARDSHIP), ("guide", ONSITE), ("form", HARDSHIP), ("form", ONSITE),
       ("letter", HARDSHIP), ("notice", None), ("register", None)]
IDS = [f"{k}-{i}" if i else k for k, i in ALL]
PAGE_W, PAGE_H, TOP, BOTTOM, LEFT, RIGHT = 210, 297, 37, 35, 28, 26
NUMBER_INDENT = 14 * 25.4 / 72  # page numbers sit one 四号 (14 pt) character in from the edge


def pdf(site, kind, item_id=None):
    return site.doc(kind, "pdf", item_id)


@pytest.mark.parametrize("item_id", RETAINED)
def test_guide_states_name_basis_and_deadline(item_id, documents_site):
    data = DOCUMENT_ITEMS[item_id]
    text = squash(pdftotext(pdf(documents_site, "guide", item_id)))
    assert f"{data['name']}办事指南" in text
    for basis in data["legal_basis"]:
        assert f"《{basis['law']}》{basis['article']}" in text
    if data["deadline"]["type"] == "on-the-spot":
        assert "当场办结" in text and "个工作日" not in text
    else:
        assert f"{data['deadline']['days']}个工作日（限时办结）" in text and "当场办结" not in text


@pytest.mark.parametrize("item_id", RETAINED)
def test_form_has_stub_date_and_seal(item_id, documents_site):
    text = pdftotext(pdf(documents_site, "form", item_id), layout=True)
    lines = [squash(line) for line in text.splitlines()]
    assert "存根" in lines
    assert lines.count("年月日") == 1  # the certificate's date
    assert any(line.endswith("出具日期：年月日") for line in lines)  # the stub's
    assert any(line.endswith("（盖章）") for line in lines)
    title = DOCUMENT_ITEMS[item_id]["form"]["title"]
    assert squash(title) in lines and f"证明名称：{title}" in lines  # one name on the sheet
    assert page_count(pdf(documents_site, "form", item_id)) == 1  # certificate + counterfoil on one sheet


def test_letter_has_two_copies_and_commitment(documents_site):
    text = squash(pdftotext(pdf(documents_site, "letter", HARDSHIP)))
    assert "一式两份" in text
    for value in DOCUMENT_ITEMS[HARDSHIP]["commitment"].values():
        assert squash(value) in text


def test_notice_lists_every_name_and_route(documents_site):
    path = pdf(documents_site, "notice")
    lines = pdf_lines(path, 1)
    assert "办事途径" in squash(pdftotext(path))
    for item_id in NOT_ISSUED:  # read each table cell down its column
        name, route = DOCUMENT_ITEMS[item_id]["name"], DOCUMENT_ITEMS[item_id]["route"]
        assert column_text(lines, name).startswith(name)
        assert column_text(lines, route[:8]).startswith(squash(route))


def test_register_approver_keeper_and_user_are_separate_cells(documents_site):
    words = pdf_words(pdf(documents_site, "register"))
    heads = {label: [w for w in words if w.text == label] for label in ("审批人", "保管人", "用印人", "份数")}
    assert all(len(found) == 1 for found in heads.values()), heads  # 份数: the 用印份数 column
    approver, keeper, user = heads["审批人"][0], heads["保管人"][0], heads["用印人"][0]
    assert abs(approver.top - keeper.top) < 2 and abs(keeper.top - user.top) < 2
    assert keeper.left > approver.right + 1 and user.left > keeper.right + 1
    rule = next(w for w in words if "不得为同一人" in w.text)
    assert rule.top < approver.top  # the approver ≠ keeper rule heads the sheet


@pytest.mark.parametrize(("kind", "item_id"), ALL, ids=IDS)
def test_every_font_is_embedded_as_a_subset(kind, item_id, documents_site):
    fonts = pdffonts(pdf(documents_site, kind, item_id))
    assert fonts
    assert [(f["name"], f["emb"], f["sub"]) for f in fonts] == [(f["name"], "yes", "yes") for f in fonts]


@pytest.mark.parametrize(("kind", "item_id"), ALL, ids=IDS)
def test_page_one_geometry_follows_gbt9704(kind, item_id, documents_site):
    lines = pdf_lines(pdf(documents_site, kind, item_id), 1)
    body = [line for line in lines if line.top < PAGE_H - BOTTOM]
    title = body[0]
    assert title.top == pytest.approx(TOP, abs=1), title
    assert (title.left + title.right) / 2 == pytest.approx((LEFT + PAGE_W - RIGHT) / 2, abs=1.5), title
    assert min(line.left for line in body) == pytest.approx(LEFT, abs=1)
    widest = max(body, key=lambda line: line.right)
    assert widest.right <= PAGE_W - RIGHT + 0.5, f"text runs into the right margin: {widest}"
    assert max(line.bottom for line in body) <= PAGE_H - BOTTOM + 0.5


def footer_words(pdf_path, page):
    """Words printed in the bottom margin of a page."""
    return [w for w in pdf_words(pdf_path, page) if w.top > PAGE_H - BOTTOM]


def assert_page_number(words, number: int):
    """'— N —' as a reader sees it: em dashes, one ordinary space each side, a text digit."""
    assert [w.text for w in words] == ["—", str(number), "—"]
    gaps = [words[1].left - words[0].right, words[2].left - words[1].right]
    assert all(0.5 < g < 2.5 for g in gaps), f"spaces around the page number are {gaps} mm wide"
    assert words[1].right - words[1].left < 4, "the page number digit is wider than a 14 pt digit"


@pytest.mark.parametrize(("kind", "item_id"), [a for a in ALL if a[0] not in ("form", "register")],
                         ids=[i for i in IDS if not i.startswith(("form", "register"))])
def test_page_numbers_with_em_dashes_odd_right_even_left(kind, item_id, documents_site):
    path = pdf(documents_site, kind, item_id)
    words = footer_words(path, 1)
    assert_page_number(words, 1)
    assert words[-1].right == pytest.approx(PAGE_W - RIGHT - NUMBER_INDENT, abs=1)  # odd page: right
    if page_count(path) >= 2:
        words = footer_words(path, 2)
        assert_page_number(words, 2)
        assert words[0].left == pytest.approx(LEFT + NUMBER_INDENT, abs=1)  # even page: left


def test_sheets_have_no_page_number(documents_site):
    for item_id in RETAINED:
        assert footer_words(pdf(documents_site, "form", item_id), 1) == []
    assert footer_words(pdf(documents_site, "register"), 1) == []


@pytest.mark.parametrize("kind", ["guide", "form", "letter"])
def test_rare_characters_are_drawn(kind, documents_site):
    path = pdf(documents_site, kind, HARDSHIP)
    text = pdftotext(path)
    drawn = drawn_characters(path, RARE)
    for ch in RARE:
        assert ch in text, f"{ch} missing from the text of {path.name}"
        assert drawn.get(ch) is True, f"{ch} has no glyph outline in {path.name}"


def test_user_text_is_literal(documents_site):
    raw = pdftotext(pdf(documents_site, "guide", HARDSHIP), layout=True)
    assert squash(f"办理 {HOSTILE} 相关事务") in squash(raw)
    assert squash(PWNED) in squash(raw)
    assert "49" not in raw and "&amp;" not in raw and "&lt;" not in raw


@pytest.fixture(scope="module")
def pdfa_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdfa") / "out"
    return build_documents(out, "--format", "pdf", "--pdf-variant", "pdf/a-3b", "--only", HARDSHIP)


@pytest.mark.parametrize("kind", ["guide", "form", "letter"])
def test_pdfa3b_metadata_from_published(kind, pdfa_site, documents_site):
    path = pdf(pdfa_site, kind, HARDSHIP)
    info = pdfinfo(path)
    assert info["CreationDate"].startswith("2026-03-15T00:00:00")
    assert info["ModDate"].startswith("2026-03-15T00:00:00")
    xmp = pdf_xmp(path)
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)B', xmp)
    assert "<xmp:CreateDate>2026-03-15" in xmp
    assert "pdfaid" not in pdf_xmp(pdf(documents_site, kind, HARDSHIP))  # only with --pdf-variant


def test_identical_input_gives_identical_pdf_bytes(documents_site, tmp_path):
    again = build_documents(tmp_path / "again", "--format", "pdf", "--only", HARDSHIP, "-j", "1")
    for kind in ("guide", "form", "letter"):
        assert pdf(again, kind, HARDSHIP).read_bytes() == pdf(documents_site, kind, HARDSHIP).read_bytes()


@pytest.mark.patches
def test_truetype_fonts_are_renumbered_with_a_cid_to_gid_map(tmp_path):
    """TrueType subsets drop the empty glyph slots; the CIDs in the content stay the
    original glyph ids and a CIDToGIDMap stream leads each one to its glyph."""
    import pypdf
    import weasyprint

    import guidegen.render.pdf  # noqa: F401 - installs the font patches

    text = {"AR PL UKai CN": "（一）办理步骤", "HanaMinB": "𪜀𫝀", "Liberation Serif": "2026"}
    html = "".join(f'<p style="font-family: \'{family}\'">{t}</p>' for family, t in text.items())
    path = tmp_path / "truetype.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    maps = {}
    for ref in pypdf.PdfReader(path).pages[0]["/Resources"]["/Font"].values():
        cid_font = ref.get_object()["/DescendantFonts"][0].get_object()
        maps[cid_font["/BaseFont"].split("+")[-1].split("-")[0]] = cid_font["/CIDToGIDMap"]
    assert set(maps) == {"AR", "HanaMinB", "Liberation"}
    assert all(m != "/Identity" for m in maps.values()), maps
    assert squash(pdftotext(path)) == squash("".join(text.values()))
    drawn = drawn_characters(path)
    assert all(drawn[ch] for ch in "".join(text.values()) if ch not in "（）"), drawn


@pytest.fixture(scope="module")
def renderers(tmp_path_factory):
    """In-process renderers for the documents project, and a function giving an
    item document's output and context."""
    from guidegen.plan import plan
    from guidegen.project import load_project
    from guidegen.render.registry import Renderers
    from guidegen.settings import Settings

    project = load_project(DOCUMENTS / "guidegen.yaml", DOCUMENTS / "data" / "items")
    made = Renderers(project, Settings(out_dir=tmp_path_factory.mktemp("unused")))
    outputs = plan(project, ("pdf",))

    def document(kind, item_id):
        output = next(o for o in outputs if o.kind == kind and o.item_id == item_id)
        return output, made.contexts.for_output(output)

    return made.renderer("pdf"), document


def test_print_guide_embeds_the_flowchart_as_one_svg_image(renderers):
    """Inline SVG would send every shape through WeasyPrint's HTML cascade; the print
    guide carries the same chart as an image, one box per step."""
    from urllib.parse import unquote

    pdf_renderer, document = renderers
    source = pdf_renderer.render_html("guide", document("guide", HARDSHIP)[1])
    assert "<svg" not in source
    (data,) = re.findall(r'<img class="flowchart" alt="" src="data:image/svg\+xml,([^"]*)"', source)
    svg = unquote(data)
    boxes = [re.findall(r"<text[^>]*>([^<]*)</text>", g)
             for g in re.findall(r'<g class="flow-step">(.*?)</g>', svg, re.S)]
    steps = DOCUMENT_ITEMS[HARDSHIP]["procedure"]
    assert boxes == [[f"{n}.{s['title']}", s["actor"]] for n, s in enumerate(steps, 1)]


def test_head_style_parsed_once_gives_the_same_pdf(renderers):
    """The font stacks' <style> is parsed once per process and passed ahead of
    print.css: the same cascade, so the same bytes as WeasyPrint reading it itself."""
    import hashlib

    import weasyprint

    from guidegen.render.pdf import split_head_style

    pdf_renderer, document = renderers
    output, ctx = document("letter", HARDSHIP)
    source = pdf_renderer.render_html("letter", ctx)
    body, css = split_head_style(source)
    assert css is not None and "font-family" in css and "<style" not in body
    assert split_head_style(source.replace("</head>", "<style></style></head>"))[1] is None
    assert split_head_style(source.replace("</head>", '<link rel="stylesheet" href="x.css"></head>'))[1] is None
    direct = weasyprint.HTML(
        string=source, base_url=pdf_renderer.html.templates.dirs[0].as_uri() + "/",
        url_fetcher=pdf_renderer.fetcher,
    ).render(stylesheets=[pdf_renderer.stylesheet], font_config=pdf_renderer.font_config)
    expected = direct.write_pdf(pdf_identifier=hashlib.md5(source.encode()).hexdigest().encode())
    assert pdf_renderer.render(output, ctx) == expected


@pytest.mark.patches
def test_pdf_writer_deflates_each_stream_once_with_the_same_bytes(monkeypatch):
    """pydyf hashes every object's data for the trailer /ID; the renderer's patch
    reuses the streams' bytes instead of deflating them again."""
    import io
    import zlib

    import pydyf

    import guidegen.render.pdf  # noqa: F401 - installs the writer patch

    def document():
        pdf = pydyf.PDF()
        for text in ("one", "two"):
            content = pydyf.Stream([f"BT 10 10 Td ({text}) Tj ET".encode()], compress=True)
            pdf.add_object(content)
            pdf.add_page(pydyf.Dictionary({
                "Type": "/Page", "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, 100, 100]), "Contents": content.reference}))
        return pdf

    deflated = []
    real = zlib.compressobj
    monkeypatch.setattr(zlib, "compressobj", lambda *a, **k: deflated.append(1) or real(*a, **k))
    fast, slow = io.BytesIO(), io.BytesIO()
    document().write(fast, identifier=b"id", compress=True)
    once = len(deflated)
    pydyf.PDF.write.__wrapped__(document(), slow, identifier=b"id", compress=True)
    assert fast.getvalue() == slow.getvalue()
    assert once < len(deflated) - once


@pytest.mark.patches
def test_fang_and_kai_stand_ins_are_fandol_embedded_as_bare_cff_subsets(documents_site):
    """scripts/bootstrap.sh renumbers the Fandol glyphs by CID (scripts/cid_order.py), so the
    font patch embeds only the glyphs used, as bare CFF, not an OpenType with a slot per glyph."""
    fonts = {row["name"].split("+")[-1]: row for row in pdffonts(pdf(documents_site, "guide", HARDSHIP))}
    assert fonts["FandolFang"]["type"] == fonts["FandolKai"]["type"] == "CID Type 0C"
    assert fonts["FandolFang"]["sub"] == fonts["FandolKai"]["sub"] == "yes"
