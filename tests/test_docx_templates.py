"""templates/docx/: the generator is their one source, and a template a word processor saved renders.

The committed .docx files must equal what tools/make_docx_templates.py writes (``make templates``),
byte for byte. A clerk customises a template by opening a copy in Word/WPS; the fixture in
tests/fixtures/libreoffice-templates/ is templates/docx/guide.docx saved again by LibreOffice
(see tests/fixtures/README.md), used here the way a clerk's copy is: ``--templates DIR``.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from clients import pdftotext, soffice_convert, squash
from conftest import REPO, not_issued, retained

GENERATOR = REPO / "tools" / "make_docx_templates.py"
COMMITTED = REPO / "templates" / "docx"
SAVED_BY_LIBREOFFICE = Path(__file__).parent / "fixtures" / "libreoffice-templates"


def application(docx: Path) -> str:
    """The <Application> a DOCX names in docProps/app.xml."""
    app = zipfile.ZipFile(docx).read("docProps/app.xml").decode("utf-8")
    return app.split("<Application>", 1)[1].split("</Application>", 1)[0]


def test_committed_templates_are_the_generators_output(tmp_path):
    done = subprocess.run([sys.executable, GENERATOR, "--out", tmp_path], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    made = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert made == sorted(p.name for p in COMMITTED.glob("*.docx"))
    stale = [name for name in made if (tmp_path / name).read_bytes() != (COMMITTED / name).read_bytes()]
    assert not stale, (f"templates/docx/ 中的 {stale} 与 {GENERATOR.relative_to(REPO)} 的输出不同："
                       "改生成器后运行 make templates 并提交结果；不要直接在 Word 中修改内置模板")


def test_the_fixture_was_saved_by_libreoffice_not_by_the_generator():
    assert application(SAVED_BY_LIBREOFFICE / "docx" / "guide.docx").startswith("LibreOffice/")
    assert application(COMMITTED / "guide.docx") != application(SAVED_BY_LIBREOFFICE / "docx" / "guide.docx")


def test_a_guide_template_saved_by_libreoffice_renders_as_a_user_template(make_project, cli, tmp_path):
    item = retained(purposes=["办理监护相关事务（往返标记甲）"],
                    conditions=["被监护人住所地在本村（往返标记乙）"],
                    procedure=[{"title": "申请", "actor": "申请人", "detail": "提出书面申请（往返标记丙）"},
                               {"title": "出具证明", "actor": "村（居）民委员会", "detail": "负责人签字"}])
    root = make_project({"a.yaml": item, "b.yaml": not_issued()},
                        {"published": "2026-03-15", "authority": "往返县民政局"})
    out = tmp_path / "out"
    result = cli("build", "--config", root / "guidegen.yaml", "--templates", SAVED_BY_LIBREOFFICE,
                 "--out", out, "--format", "docx")
    assert result.exit_code == 0, result.output
    guide = out / "site" / "items" / item["id"] / f"{item['id']}-guide.docx"
    assert application(guide).startswith("LibreOffice/")  # the user's template, not the built-in one

    [pdf] = soffice_convert([guide], tmp_path / "pdf", tmp_path / "profile")
    text = squash(pdftotext(pdf))
    for expected in ["指定监护人证明办事指南", "往返标记甲", "往返标记乙", "提出书面申请（往返标记丙）",
                     "《中华人民共和国民法典》第三十一条", item["legal_basis"][0]["excerpt"],
                     "兹指定", "往返县民政局", "2026年3月15日"]:
        assert squash(expected) in text, expected
    assert "{{" not in text and "{%" not in text
