"""Document kinds: what each item gets (plan.py, context.py), and every DOCX kind opened by LibreOffice.

The LibreOffice tests convert the DOCX files of the session build to PDF with a
real headless soffice (one call per kind) and read the result with pdftotext,
i.e. they check what someone opening the file in an office suite sees.
"""

from __future__ import annotations

import pytest
from clients import page_count, pdf_lines, pdf_words, pdftotext, squash
from conftest import DOCUMENT_ITEMS, DOCUMENTS, HOSTILE, PWNED, RARE

from guidegen.context import Contexts, ItemContexts, form_paragraphs
from guidegen.plan import Output, item_kinds, plan
from guidegen.project import load_project

HARDSHIP, ONSITE = "residence-hardship", "residence-onsite"
RETAINED = [i for i, d in DOCUMENT_ITEMS.items() if d["status"] == "retained"]
NOT_ISSUED = [i for i, d in DOCUMENT_ITEMS.items() if d["status"] == "not-issued"]


def deadline_label(data: dict) -> str:
    d = data["deadline"]
    return "当场办结" if d["type"] == "on-the-spot" else f"{d['days']}个工作日"


def lines_of(text: str) -> list[str]:
    """Visual lines (pdftotext -layout) without their spacing."""
    return [squash(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def project():
    return load_project(DOCUMENTS / "guidegen.yaml")


# ---- plan.py and context.py: kinds, plan and context----------------------------------------

def test_fixture_has_the_items_the_tests_rely_on(project):
    assert sorted(RETAINED) == [HARDSHIP, ONSITE] and len(NOT_ISSUED) == 2
    kinds = {i.id: item_kinds(i) for i in project.items}
    assert kinds == {HARDSHIP: ("guide", "form", "letter"), ONSITE: ("guide", "form"),
                     **{i: () for i in NOT_ISSUED}}


def test_plan_documents_per_format(project):
    docs = {o.path for o in plan(project, ("docx",))}
    assert docs == {f"items/{HARDSHIP}/{HARDSHIP}-{k}.docx" for k in ("guide", "form", "letter")} | {
        f"items/{ONSITE}/{ONSITE}-{k}.docx" for k in ("guide", "form")} | {
        "downloads/not-issued.docx", "downloads/seal-register.docx", "downloads/guide-booklet.docx"}
    only = plan(project, ("pdf", "html"), only=(ONSITE,))
    assert [(o.path, o.kind) for o in only] == [
        (f"items/{ONSITE}/index.html", "page"), (f"items/{ONSITE}/{ONSITE}-form.pdf", "form"),
        (f"items/{ONSITE}/{ONSITE}-guide.pdf", "guide")]


def test_site_files_are_planned_with_html_and_the_sitemap_only_with_a_base_url(project):
    site = {o.path: o.kind for o in plan(project, ("html",)) if not o.item_id}
    assert site == {"index.html": "index", "changes.html": "changes", "404.html": "notfound",
                    "robots.txt": "robots", "sitemap.xml": "sitemap",
                    "assets/search-index.js": "search", "downloads/items.json": "items-json",
                    "downloads/items.csv": "items-csv", "downloads/items.schema.json": "schema",
                    **{f"assets/{a}": "asset" for a in ("site.css", "site.js", "favicon.svg", "icon.png")}}
    without = project.__class__(root=project.root, config=project.config.model_copy(update={"base_url": ""}),
                                items=project.items)
    assert "sitemap.xml" not in {o.path for o in plan(without, ("html",))}
    assert not {o.path for o in plan(project, ("docx", "pdf"))} & set(site)
    assert not {o.path for o in plan(project, ("html",), only=(ONSITE,))} & set(site)


def test_item_context_labels_and_downloads(project):
    contexts = Contexts(project)
    hardship, onsite = contexts.item(HARDSHIP), contexts.item(ONSITE)
    assert (hardship["deadline"]["label"], hardship["deadline"]["mode"]) == ("7个工作日", "限时办结")
    assert (onsite["deadline"]["label"], onsite["deadline"]["mode"]) == ("当场办结", "当场办结")
    assert hardship["has_letter"] and not onsite["has_letter"]
    assert [d["href"] for d in onsite["downloads"]] == [
        f"{ONSITE}-guide.pdf", f"{ONSITE}-guide.docx", f"{ONSITE}-form.pdf", f"{ONSITE}-form.docx"]
    name = next(i.name for i in project.items if i.id == ONSITE)
    assert [d["download"] for d in onsite["downloads"][:2]] == [f"{name}-办事指南.pdf", f"{name}-办事指南.docx"]
    assert len(hardship["downloads"]) == 6
    assert [s["no"] for s in hardship["procedure"]] == [1, 2, 3, 4]
    assert contexts.item(HARDSHIP)["purposes"][1] == f"办理 {HOSTILE} 相关事务"  # data, untouched
    ctx = contexts.for_output(Output(f"items/{ONSITE}/index.html", "page", "html", ONSITE))
    assert ctx["root"] == "../../" and ctx["item"]["id"] == ONSITE
    # Item outputs travel to worker processes one by one: they must not drag every item along.
    assert not {"items", "retained", "not_issued", "changes"} & set(ctx)
    ctx = contexts.for_output(Output("index.html", "index", "html"))
    assert ctx["root"] == "" and [i["id"] for i in ctx["not_issued"]] == NOT_ISSUED
    assert "changes" in ctx and ctx["item"] is None
    # The index is rendered by the build process from items made into dicts one at a time.
    assert all(isinstance(ctx[k], ItemContexts) for k in ("items", "retained", "not_issued"))
    notice = contexts.for_output(Output("downloads/not-issued.pdf", "notice", "pdf"))
    assert [i["id"] for i in notice["not_issued"]] == NOT_ISSUED
    assert isinstance(notice["not_issued"], list) and not {"items", "retained"} & set(notice)


def test_item_contexts_is_a_sequence_made_on_demand(project):
    lazy = ItemContexts(project.items)
    assert len(lazy) == len(project.items) and lazy[0] == contexts_of(project)[0]
    assert lazy[-1]["id"] == project.items[-1].id
    assert [i["id"] for i in lazy[1:3]] == [i.id for i in project.items[1:3]]
    assert [i["id"] for i in lazy] == [i.id for i in project.items]
    assert lazy[0] is not lazy[0]  # nothing is kept
    with pytest.raises(IndexError):
        lazy[len(project.items)]


def contexts_of(project):
    contexts = Contexts(project)
    return [contexts.item(i.id) for i in project.items]


def test_form_paragraphs_split_text_and_blanks(project):
    onsite = next(i for i in project.items if i.id == ONSITE)
    lines = form_paragraphs(onsite)
    assert len(lines) == 2 and lines[1] == [{"text": "特此证明。", "blank": "", "label": "", "width": 0}]
    parts = lines[0]
    assert [p["text"] for p in parts] == ["兹证明", "", "自", "", "起居住在本社区", "", "。"]
    assert [(p["label"], p["blank"]) for p in parts if not p["text"]] == [
        ("申请人姓名", "\u3000" * 6), ("起始日期", "\u3000" * 8), ("居住地址", "\u3000" * 12)]


# ---- LibreOffice opens every DOCX kind -------------------------------------------------

@pytest.mark.clients
@pytest.mark.parametrize("kind", ["guide", "form", "letter", "notice", "register"])
def test_libreoffice_converts_every_kind(kind, libreoffice_pdfs, documents_site):
    pdfs = libreoffice_pdfs(kind)
    expected = {p.stem for p in documents_site.docs(kind, "docx")}
    assert set(pdfs) == expected and expected
    for pdf in pdfs.values():
        assert page_count(pdf) >= 1
        lines = pdf_lines(pdf, 1)
        assert lines, f"{pdf.name}: page one is empty"
        # the DOCX page setup holds in LibreOffice: text starts at the 28 mm left margin
        assert min(line.left for line in lines) == pytest.approx(28, abs=1)


@pytest.mark.clients
@pytest.mark.parametrize("item_id", RETAINED)
def test_libreoffice_guide_states_name_basis_and_deadline(item_id, libreoffice_pdfs):
    data = DOCUMENT_ITEMS[item_id]
    text = squash(pdftotext(libreoffice_pdfs("guide")[f"{item_id}-guide"]))
    assert squash(data["name"] + "办事指南") in text
    for basis in data["legal_basis"]:
        assert f"《{basis['law']}》{basis['article']}" in text
    assert deadline_label(data) in text
    other = "当场办结" if data["deadline"]["type"] == "working-days" else "个工作日"
    assert other not in text


@pytest.mark.clients
@pytest.mark.parametrize("item_id", RETAINED)
def test_libreoffice_form_has_stub_date_and_seal(item_id, libreoffice_pdfs):
    layout = pdftotext(libreoffice_pdfs("form")[f"{item_id}-form"], layout=True)
    lines = lines_of(layout)
    assert "存根" in lines, "the counterfoil title 存根 is not on a line of its own"
    assert any(line.endswith("年月日") for line in lines)
    assert any("（盖章）" in line for line in lines)
    assert any("沿此线剪开" in line for line in lines)
    assert f"证明名称：{DOCUMENT_ITEMS[item_id]['name']}" in lines
    if item_id == HARDSHIP:
        assert all(ch in layout for ch in RARE)


@pytest.mark.clients
def test_libreoffice_letter_has_two_copies_and_commitment(libreoffice_pdfs):
    commitment = DOCUMENT_ITEMS[HARDSHIP]["commitment"]
    text = squash(pdftotext(libreoffice_pdfs("letter")[f"{HARDSHIP}-letter"]))
    assert "一式两份" in text
    for key in ("obligation", "content", "liability", "verification"):
        assert squash(commitment[key]) in text


@pytest.mark.clients
def test_libreoffice_notice_lists_every_name_and_route(libreoffice_pdfs):
    text = squash(pdftotext(libreoffice_pdfs("notice")["not-issued"]))
    assert "办事途径" in text
    for item_id in NOT_ISSUED:
        assert DOCUMENT_ITEMS[item_id]["name"] in text
        assert squash(DOCUMENT_ITEMS[item_id]["route"]) in text
    for item_id in RETAINED:
        assert DOCUMENT_ITEMS[item_id]["name"] not in text


@pytest.mark.clients
def test_libreoffice_register_approver_and_keeper_are_separate_cells(libreoffice_pdfs):
    words = pdf_words(libreoffice_pdfs("register")["seal-register"])
    approver = [w for w in words if w.text == "审批人"]  # the header (the rule above says 审批人与…)
    keeper = [w for w in words if w.text == "保管人"]
    header = [w for w in words if w.text.startswith("序号")]
    assert len(approver) == len(keeper) == len(header) == 1, (approver, keeper, header)
    a, k, h = approver[0], keeper[0], header[0]
    # same header row (vertical overlap with 序号's row band), different columns
    assert abs(a.top - k.top) < 10 and abs(a.top - h.top) < 10
    assert k.left > a.right + 1


@pytest.mark.clients
def test_libreoffice_shows_user_text_literally(libreoffice_pdfs):
    raw = pdftotext(libreoffice_pdfs("guide")[f"{HARDSHIP}-guide"])
    text = squash(raw)
    assert squash(f"办理 {HOSTILE} 相关事务") in text
    assert squash(PWNED) in text
    assert "49" not in raw and "&amp;" not in raw and "&lt;" not in raw
