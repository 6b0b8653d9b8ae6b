"""fonts.py and validate/glyphs.py: which characters no installed font can draw, and how
check and build report them."""

from __future__ import annotations

import pytest
from clients import drawn_characters, run
from conftest import DROP, RARE, dump, guidegen_build, line_in, not_issued, retained

from guidegen import fonts
from guidegen.errors import ValidationFailed
from guidegen.project import load_project
from guidegen.validate.glyphs import check_glyphs

# U+F0000 (Supplementary Private Use Area-A): verified below with fc-list that no
# installed font covers it. (U+E000 is no good: AR PL UKai maps it.)
PUA = "\U000F0000"
CONFIG = {"title": "缺字测试", "authority": "测试县民政局", "published": "2026-03-15"}
ITEM = retained(id="pua-item", purposes=[f"办理户籍登记{PUA}事务"], commitment=DROP)
MESSAGE = f"字符 “{PUA}”（U+F0000） 在已安装的字体中都没有字形，PDF 中会缺字"


def where() -> str:
    """``file:line: id: field`` of the PUA character in ITEM's file."""
    return f"data/items/pua-item.yaml:{line_in(dump(ITEM), '办理户籍登记')}: pua-item: purposes[0]"


def snapshot(folder):
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def pua_project(make_project):
    return make_project({"pua-item.yaml": ITEM, "n.yaml": not_issued()}, CONFIG)


def test_no_installed_font_covers_the_test_character():
    assert run(["fc-list", f":charset={ord(PUA):x}"]).stdout == b""
    assert run(["fc-list", ":charset=20bb7"]).stdout  # the query itself works: 𠮷 is covered
    assert ord(PUA) not in fonts.covered()
    assert all(ord(ch) in fonts.covered() for ch in RARE)


def test_every_substitute_font_is_installed():
    assert fonts.missing_families() == []
    for role in fonts.SUBSTITUTES:
        assert fonts.role_stack(role)[-2:] == ("HanaMinA", "HanaMinB")


def test_uncovered_character_warns_with_file_line_id_and_field(pua_project, cli):
    result = cli("build", "--format", "pdf", "--only", "pua-item", "--out", pua_project / "out",
                 "-j", "1", cwd=pua_project)
    assert result.exit_code == 0, result.output
    assert f"{where()}: 警告：{MESSAGE}" in result.stderr.splitlines()
    # the warning tells the truth: the PDF has no outline for that character
    drawn = drawn_characters(pua_project / "out/site/items/pua-item/pua-item-guide.pdf", PUA + "籍")
    assert drawn[PUA] is False and drawn["籍"] is True


def test_strict_exits_1_and_writes_nothing_under_site(pua_project, cli):
    out = pua_project / "out"
    strict = guidegen_build("--config", pua_project / "guidegen.yaml", "--out", out, "--strict")
    assert strict.returncode == 1
    lines = strict.stderr.splitlines()
    assert any(line.endswith(f"{where()}: {MESSAGE}") for line in lines), strict.stderr
    assert lines[-1] == "发现 1 个错误，请修改后重试。"
    assert not (out / "site").exists()

    html_only = cli("build", "--out", out, "--format", "html", cwd=pua_project)
    assert html_only.exit_code == 0 and "缺字" not in html_only.stderr  # no PDF, no glyph check
    before = snapshot(out / "site")
    assert len(before) > 3
    again = cli("build", "--out", out, "--strict", cwd=pua_project)
    assert again.exit_code == 1 and f"{where()}: {MESSAGE}" in again.stderr.splitlines()
    assert snapshot(out / "site") == before


def test_rare_characters_of_the_fixture_raise_no_warning(documents_site):
    assert "缺字" not in documents_site.result.stderr
    assert "警告" not in documents_site.result.stderr


def test_variation_selectors_are_not_missing_characters(make_project):
    # 邊 + VARIATION SELECTOR-18 (an ideographic variation sequence) draws as 邊; the selector
    # itself has no glyph by design, like a zero-width joiner.
    ivs = retained(id="ivs-item", purposes=["户主姓名邊\U000E0101、葛\U000E0100，办理登记"])
    root = make_project({"ivs-item.yaml": ivs, "n.yaml": not_issued()}, CONFIG)
    assert load_project(root / "guidegen.yaml", glyphs=True, strict=True).warnings == ()


def test_check_glyphs_reports_each_field_once_with_strictness(pua_project):
    project = load_project(pua_project / "guidegen.yaml")
    problems = check_glyphs((i, project.docs[i.id]) for i in project.items)
    assert [(p.line, p.field, p.severity) for p in problems] == [
        (int(where().split(":")[1]), "pua-item: purposes[0]", "warning")]
    assert [p.severity for p in check_glyphs(((i, project.docs[i.id]) for i in project.items),
                                             strict=True)] == ["error"]
    with pytest.raises(ValidationFailed) as failed:
        load_project(pua_project / "guidegen.yaml", glyphs=True, strict=True)
    assert [p.severity for p in failed.value.problems] == ["error"]


def test_check_reports_missing_glyphs_and_strict_build_fails_with_data_errors_in_one_run(
        pua_project, cli):
    checked = cli("check", cwd=pua_project)
    assert checked.exit_code == 0 and f"{where()}: 警告：{MESSAGE}" in checked.stderr.splitlines()
    broken = pua_project / "data/items/n.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("status:", "statu:"),
                      encoding="utf-8")
    failed = cli("build", "--strict", "--out", pua_project / "out", cwd=pua_project)
    assert failed.exit_code == 1
    assert f"{where()}: {MESSAGE}" in failed.stderr.splitlines()
    assert "n.yaml" in failed.stderr  # the data error in the same run


def test_font_file_is_the_file_fontconfig_draws_a_family_with():
    family, path, index = fonts.font_file("Noto Serif CJK SC", fonts.ROLE_WEIGHTS["title"])
    assert family == "Noto Serif CJK SC" and path.endswith("NotoSerifCJK-Black.ttc") and index >= 0
    assert fonts.font_file("Noto Serif CJK SC")[1].endswith("NotoSerifCJK-Regular.ttc")
    # fontconfig's metric aliases draw Times New Roman with Liberation Serif
    assert fonts.font_file("Times New Roman")[0] == "Liberation Serif"
    assert fonts.font_file("guidegen-no-such-family") is None
    assert fonts.font_file("Noto Sans-CJK:SC,x") is None  # pattern syntax is escaped
