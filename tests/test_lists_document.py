"""export --docx: the submission tables as a GB/T 9704 document, read back through LibreOffice."""

from __future__ import annotations

import re
import zipfile

import pytest
from clients import pdftotext, soffice_convert, squash
from lists_helpers import project_copy

MM = 1440 / 25.4  # twips per millimetre


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from click.testing import CliRunner

    from guidegen.cli import cli

    tmp = tmp_path_factory.mktemp("lists-docx")
    root = project_copy("documents", tmp)
    result = CliRunner().invoke(cli, ["export", str(root / "lists.xlsx"), "--docx",
                                      "--config", str(root / "guidegen.yaml")])
    assert result.exit_code == 0, result.output
    return root / "lists.docx"


def test_docx_has_the_official_page_and_fonts(exported):
    with zipfile.ZipFile(exported) as z:
        document, styles = z.read("word/document.xml").decode(), z.read("word/styles.xml").decode()
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
    margins = re.search(r"<w:pgMar ([^>]*)/>", document).group(1)
    got = dict(re.findall(r'w:(top|bottom|left|right)="(\d+)"', margins))
    assert {k: round(int(v) / MM) for k, v in got.items()} == {"top": 37, "bottom": 35, "left": 28, "right": 26}
    assert re.search(r'<w:pgSz w:w="11906" w:h="16838"', document)  # A4
    title = re.search(r'<w:style [^>]*w:styleId="Title".*?</w:style>', styles, re.S).group(0)
    assert 'w:eastAsia="方正小标宋简体"' in title and '<w:sz w:val="44"/>' in title
    assert 'w:eastAsia="仿宋_GB2312"' in styles
    assert "PAGE" in footers and footers.count("\u2014") >= 4  # "— 1 —" on odd and even pages


@pytest.mark.clients
def test_libreoffice_reads_every_table(exported, tmp_path):
    pdf = soffice_convert([exported], tmp_path / "pdf", tmp_path / "profile")[0]
    text = squash(pdftotext(pdf))
    for expected in ("附件1", "测试县保留的村（居）民委员会出具证明事项清单", "附件2", "附件3",
                     "不应由村（居）民委员会出具证明事项清单", "附件4", "法规文件政策清单",
                     "出具时限", "办理用途", "办事途径", "依据该条款的事项", "居住证明",
                     "居住困难情况证明", "住房和城乡建设部门", "《公共租赁住房管理办法》第七条",
                     "亲属关系证明", "—1—", "—2—", "测试县民政局"):
        assert squash(expected) in text, expected
    assert "built-in" not in text and "{{" not in text.replace("{{7*7}}", "")
    first_page = squash(pdftotext(pdf, page=1))
    assert first_page.index("附件1") < first_page.index("居住困难情况证明")
