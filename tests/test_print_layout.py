"""The documents' print stylesheet, page by page (pdftotext -bbox): no heading left at the
bottom of a page, and no page more than a third empty unless what follows is a figure that
needs the next page whole — the form specimen, or a flowchart with its heading — or the
document ends there."""

from __future__ import annotations

import re

import pytest
from clients import page_count, pdf_lines, squash
from conftest import DOCUMENTS, REPO, guidegen_build

TOP, BOTTOM = 37.0, 262.0  # the type area, mm from the top
NUMBER = re.compile(r"^—\d+—$")
HEADING = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)\S{1,20}(?<![；。，：])$")
WHOLE = re.compile(r"^([一二三四五六七八九十]+、证明式样|（[一二三四五六七八九十]+）办理流程图)")
PROJECTS = {"sample": REPO / "guidegen.yaml", "documents": DOCUMENTS / "guidegen.yaml"}


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def pdfs(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"layout-{request.param}")
    result = guidegen_build("--config", PROJECTS[request.param], "--out", out, "--format", "pdf", "-j", "2")
    assert result.returncode == 0, result.stderr
    site = out / "site"
    # Multi-page documents: guides, letters, the notice and the guide booklet.
    return [p for p in sorted(site.rglob("*.pdf")) if not p.stem.endswith(("-form", "register", "poster"))
            and p.stem != "form-book"]


def body(pdf, page):
    """The page's text lines inside the type area (no page number)."""
    return [b for b in pdf_lines(pdf, page) if b.top < BOTTOM and not NUMBER.match(squash(b.text))]


@pytest.mark.clients
def test_no_heading_at_a_page_bottom_and_no_page_a_third_empty(pdfs):
    problems = []
    for pdf in pdfs:
        pages = page_count(pdf)
        lines = {n: body(pdf, n) for n in range(1, pages + 1)}
        for n in range(1, pages):
            if not lines[n] or not lines[n + 1]:
                continue  # the booklet's cover and the blank page before its first guide
            last = squash(lines[n][-1].text)
            if HEADING.match(last):
                problems.append(f"{pdf.name} p.{n}: heading {last} at the bottom")
            filled = (lines[n][-1].bottom - TOP) / (BOTTOM - TOP)
            follows = squash(lines[n + 1][0].text)
            # In the booklet a guide starts on a new page: the one before may end anywhere.
            if filled < 2 / 3 and not WHOLE.match(follows) and not (
                    pdf.stem == "guide-booklet" and (n <= 2 or follows.endswith("办事指南"))):
                problems.append(f"{pdf.name} p.{n}: {filled:.0%} filled, then {follows[:20]}")
    assert not problems, "\n".join(problems)
