"""patches: installed only on the versions they follow; the stock path makes the same documents.

The builds run in new processes (a patch, once installed, stays for the process), with
the pool's fork server and workers, so what a worker does is what is checked.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pytest
from clients import page_count, page_gray, pdffonts, pdftotext
from conftest import REPO, guidegen_cmd, guidegen_env

from guidegen.render import patches
from guidegen.render.docx import document_text

CHINESE = re.compile(r"[\u4e00-\u9fff]")
WEASYPRINT_PATCHES = ["weasyload", "pdffonts", "marginboxes"]


PINNED = {d.lower(): v for p in patches.PATCHES for d, v in p.follows if d != patches.PYTHON}


def fake_versions(monkeypatch, **versions: str) -> None:
    """Make ``installed_version`` read the pinned versions but ``versions`` (as after an
    upgrade), whatever this environment has, with no switch set."""
    monkeypatch.delenv(patches.SWITCH, raising=False)
    monkeypatch.setattr(sys, "version_info", (3, 11, 7, "final", 0))
    wanted = {**PINNED, **versions}
    monkeypatch.setattr(importlib.metadata, "version", lambda dist: wanted[dist.lower()])


def fake_dist(root: Path, name: str, version: str) -> Path:
    """A folder that, first on PYTHONPATH, makes every process see ``name`` at ``version``."""
    info = root / f"{name}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    return root


# ---- deciding ------------------------------------------------------------------------

@pytest.mark.patches
def test_every_patch_is_chosen_on_the_versions_it_follows(monkeypatch):
    monkeypatch.delenv(patches.SWITCH, raising=False)
    decision = patches.decide()
    assert decision.chosen == patches.NAMES and decision.notice() is None
    assert all(patches.installed_version(d) == v for p in patches.PATCHES for d, v in p.follows)


def test_another_weasyprint_turns_its_patches_off_with_one_chinese_notice(monkeypatch):
    fake_versions(monkeypatch, weasyprint="69.0")
    decision = patches.decide()
    assert set(decision.chosen) == {"pdfwrite", "docxtemplate"}  # pydyf and docxtpl still fit
    notice = decision.notice()
    assert notice == ("提示：已安装 WeasyPrint 69.0，加速补丁（" + "、".join(WEASYPRINT_PATCHES)
                      + "）按 70.0 编写，已停用；生成结果正确，但较慢。")
    assert patches.notice(("html",)) is None  # a build of the site alone needs no word on it


def test_notice_names_every_version_that_differs(monkeypatch):
    fake_versions(monkeypatch, pydyf="0.14.0", docxtpl="0.21.0")
    decision = patches.decide()
    assert decision.chosen == ("weasyload", "marginboxes")
    assert decision.notice().startswith(
        "提示：已安装 pydyf 0.14.0、docxtpl 0.21.0，加速补丁（pdffonts、pdfwrite、docxtemplate）"
        "按 pydyf 0.13.0、docxtpl 0.20.2 编写，已停用")
    assert decision.notice().count("\n") == 0


def test_another_python_turns_off_what_patches_the_standard_library(monkeypatch):
    fake_versions(monkeypatch)
    assert patches.decide().chosen == patches.NAMES
    monkeypatch.setattr(sys, "version_info", (3, 14, 0, "final", 0))
    decision = patches.decide()
    assert "weasyload" not in decision.chosen and "pdffonts" in decision.chosen
    assert "已安装 Python 3.14" in decision.notice()


@pytest.mark.parametrize(("switch", "chosen"), [
    ("off", ()),
    ("OFF", ()),
    ("on", patches.NAMES),
    ("", patches.NAMES),
    ("pdffonts,docxtemplate", ("pdffonts", "docxtemplate")),
    ("-marginboxes,-weasyload", ("pdffonts", "pdfwrite", "docxtemplate")),
])
def test_switch_chooses_by_hand_and_stays_quiet(switch, chosen, monkeypatch):
    fake_versions(monkeypatch)
    monkeypatch.setenv(patches.SWITCH, switch)
    decision = patches.decide()
    assert decision.chosen == chosen and decision.notice() is None


def test_switch_with_a_typo_says_which_name_is_no_patch(monkeypatch):
    fake_versions(monkeypatch)
    monkeypatch.setenv(patches.SWITCH, "-svgtxt")
    decision = patches.decide()
    assert decision.chosen == patches.NAMES
    assert decision.notice().startswith(f"提示：环境变量 {patches.SWITCH} 中的 svgtxt 不是补丁名")


# ---- installing ----------------------------------------------------------------------

SHAPE = """
import guidegen.render.patches.marginboxes as marginboxes
marginboxes.install = lambda: False  # as if WeasyPrint 70.0 had been changed in place
import guidegen.render.pdf as pdf
print(sorted(pdf.ACTIVE))
"""


@pytest.mark.patches
def test_a_changed_shape_on_the_right_version_is_said_and_left_off():
    done = subprocess.run([sys.executable, "-c", SHAPE], capture_output=True, text=True,
                          env=guidegen_env(GUIDEGEN_PATCHES="on"), timeout=120)
    assert done.returncode == 0, done.stderr
    assert eval(done.stdout) == ["pdffonts", "pdfwrite", "weasyload"]
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("提示：加速补丁 marginboxes 与已安装的 WeasyPrint 70.0")


def test_doctor_lists_versions_fonts_and_patches(monkeypatch):
    done = subprocess.run(guidegen_cmd("doctor"), capture_output=True, text=True, cwd=REPO,
                          env=guidegen_env(GUIDEGEN_PATCHES="on"), timeout=120)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"WeasyPrint：{importlib.metadata.version('weasyprint')}" in out
    # The title is set in 900: the Black face, whether fontconfig substitutes it or not.
    assert re.search(r"\n  标题 title：方正小标宋简体（.*→ Noto Serif CJK SC（/\S+NotoSerifCJK-Black\.ttc", out)
    assert re.search(r"\n  二级标题 heading2：楷体_GB2312（.* → AR PL UKai CN（/\S+ukai\.ttc", out)
    assert re.search(r"\n  数字 number：Times New Roman（fontconfig 换成 Liberation Serif：/\S+\.ttf）", out)
    monkeypatch.setenv(patches.SWITCH, "on")
    assert "\n  已启用：" + "、".join(patches.decide().chosen) + "\n" in out  # all, when pinned


def test_doctor_says_why_patches_are_off(tmp_path):
    env = guidegen_env(GUIDEGEN_PATCHES="-pdfwrite")
    env["PYTHONPATH"] = f"{fake_dist(tmp_path, 'WeasyPrint', '69.0')}:{env['PYTHONPATH']}"
    done = subprocess.run(guidegen_cmd("doctor"), capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "已启用：docxtemplate" in done.stdout
    assert "由环境变量 GUIDEGEN_PATCHES 停用：pdfwrite" in done.stdout
    assert ("、".join(WEASYPRINT_PATCHES) + "：按 WeasyPrint 70.0 编写，已安装的是 69.0，已停用"
            in done.stdout)


# ---- building with and without ---------------------------------------------------------

@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The sample built with every patch, with none, and with WeasyPrint seen as 69.0."""
    root = tmp_path_factory.mktemp("patches")
    fake = fake_dist(root / "fake", "WeasyPrint", "69.0")
    runs = {"on": guidegen_env(GUIDEGEN_PATCHES="on"), "off": guidegen_env(GUIDEGEN_PATCHES="off"),
            "69.0": guidegen_env(GUIDEGEN_PATCHES="on")}
    runs["69.0"]["PYTHONPATH"] = f"{fake}:{runs['69.0']['PYTHONPATH']}"
    done = {}
    for name, env in runs.items():
        done[name] = subprocess.run(guidegen_cmd("build", "--out", root / name, "-j", "2", "-q"),
                                    capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
        assert done[name].returncode == 0, done[name].stderr
    return {name: (root / name / "site", result) for name, result in done.items()}


def files(site: Path, suffix: str) -> list[Path]:
    return sorted(p.relative_to(site) for p in site.rglob(f"*{suffix}"))


def test_stock_pdfs_have_the_same_pages_text_and_look(builds):
    on, off = builds["on"][0], builds["off"][0]
    pdfs = files(on, ".pdf")
    assert len(pdfs) == 29 and pdfs == files(off, ".pdf")  # 26 documents, 3 booklets
    for pdf in pdfs:
        pages = page_count(on / pdf)
        assert page_count(off / pdf) == pages, pdf
        assert pdftotext(on / pdf).split("\f") == pdftotext(off / pdf).split("\f"), pdf
        for page in range(1, pages + 1):
            patched, stock = page_gray(on / pdf, page, 50), page_gray(off / pdf, page, 50)
            assert len(patched) == len(stock), (pdf, page)
            # Anti-aliasing may shift a grey level here and there; a moved glyph would not.
            differ = sum(abs(a - b) > 48 for a, b in zip(patched, stock))
            assert differ <= len(patched) // 1000, (pdf, page, differ)


@pytest.mark.patches
def test_the_patched_build_embeds_bare_cff_and_the_stock_one_opentype(builds):
    """The stock path really ran: pdffonts embeds CJK subsets as bare CFF, WeasyPrint as OpenType."""
    on, off = builds["on"][0], builds["off"][0]
    types = {name: {f["type"] for pdf in files(site, ".pdf") for f in pdffonts(site / pdf)}
             for name, site in (("on", on), ("off", off))}
    assert "CID Type 0C" in types["on"] and "CID Type 0C" not in types["off"], types


def test_stock_docx_and_site_are_the_same(builds):
    on, off = builds["on"][0], builds["off"][0]
    docx = files(on, ".docx")
    assert len(docx) == 27 and docx == files(off, ".docx")  # 26 documents, 1 booklet
    for path in docx:
        assert document_text((on / path).read_bytes()) == document_text((off / path).read_bytes())
        assert (on / path).read_bytes() == (off / path).read_bytes(), path  # docxtpl's own bytes
    for path in files(on, ".html"):
        assert (on / path).read_bytes() == (off / path).read_bytes(), path


def test_only_a_build_missing_patches_says_so(builds, monkeypatch):
    assert "补丁" not in builds["off"][1].stderr  # switched off by hand: no need to say
    monkeypatch.setenv(patches.SWITCH, "on")
    notice = patches.notice(("docx", "pdf", "html"))  # None on the versions the patches follow
    assert [line for line in builds["on"][1].stderr.splitlines() if "补丁" in line] == (
        [notice] if notice else [])


def test_an_unknown_weasyprint_builds_on_the_stock_path_and_says_so_once(builds):
    site, result = builds["69.0"]
    notices = [line for line in result.stderr.splitlines() if "补丁" in line]
    assert notices == ["提示：已安装 WeasyPrint 69.0，加速补丁（" + "、".join(WEASYPRINT_PATCHES)
                       + "）按 70.0 编写，已停用；生成结果正确，但较慢。"]
    assert CHINESE.search(notices[0])
    # Every PDF, including those the pool's workers made, is WeasyPrint's own.
    off = builds["off"][0]
    for pdf in files(off, ".pdf"):
        assert (site / pdf).read_bytes() == (off / pdf).read_bytes(), pdf
