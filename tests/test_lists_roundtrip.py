"""Export → import with no edits changes no file, byte for byte; also after LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from clients import soffice_convert
from lists_helpers import VALID_PROJECTS, project_copy, snapshot

PROJECT_NAMES = ("sample", *VALID_PROJECTS)


@pytest.mark.parametrize("full", [False, True], ids=["attachments", "full"])
@pytest.mark.parametrize("name", PROJECT_NAMES)
def test_export_then_import_writes_nothing(cli, tmp_path, name, full):
    root = project_copy(name, tmp_path)
    before = snapshot(root)
    result = cli("export", "lists.xlsx", *(["--full"] if full else []), cwd=root)
    assert result.exit_code == 0, result.output
    result = cli("import", "lists.xlsx", "--write", cwd=root)
    assert result.exit_code == 0, result.output
    assert "没有需要写入的变化" in result.stdout
    assert result.stderr == ""  # no notes: nothing missing, nothing unrecognised
    assert snapshot(root) == before


def test_text_that_looks_like_a_formula_or_a_number_stays_text(cli, make_project):
    from conftest import not_issued

    root = make_project({"a.yaml": not_issued(route="=1+1"),
                         "b.yaml": not_issued(id="b", name="0012", route="=HYPERLINK(\"x\")")})
    before = snapshot(root)
    assert cli("export", "l.xlsx", "--full", cwd=root).exit_code == 0
    result = cli("import", "l.xlsx", "--write", cwd=root)
    assert result.exit_code == 0 and "没有需要写入的变化" in result.stdout, result.output
    assert snapshot(root) == before


@pytest.mark.clients
@pytest.mark.parametrize("full", [False, True], ids=["attachments", "full"])
def test_workbook_resaved_by_libreoffice_imports_the_same(cli, tmp_path, full):
    root = project_copy("documents", tmp_path)
    before = snapshot(root)
    assert cli("export", "lists.xlsx", *(["--full"] if full else []), cwd=root).exit_code == 0
    # A real re-save by Calc: the file LibreOffice writes, not openpyxl's.
    [resaved] = soffice_convert([root / "lists.xlsx"], tmp_path / "resaved", tmp_path / "lo",
                                to="xlsx:Calc MS Excel 2007 XML")
    assert resaved.read_bytes() != (root / "lists.xlsx").read_bytes()
    result = cli("import", resaved, "--write", cwd=root)
    assert result.exit_code == 0, result.output
    assert "没有需要写入的变化" in result.stdout
    assert snapshot(root) == before
