"""Export → edit every field in the full workbook → import → the items hold it → build works."""

from __future__ import annotations

import pytest
from lists_helpers import find_row, headers, load, project_copy

from guidegen.lists.cells import show
from guidegen.lists.schema import TABLES, dig
from guidegen.model import Item
from guidegen.project import load_project

RETAINED, MOVED, NOT_ISSUED = "residence-hardship", "residence-onsite", "kinship-relation"
ONLY_NOT_ISSUED = {"batch", "route"}


def _new_value(column, old):
    """A different valid value for a cell of ``column``."""
    if column.kind == "bool":
        return not old
    if column.kind == "int":
        return (old or 1) + 1 if column.high is None or (old or 1) < column.high else column.low
    if column.kind == "choice":
        return next(v for v in column.choices if v != old)
    return f"{old or ''}（改）"


def _edit_main(ws, expected: dict) -> None:
    cols = headers(ws, 1)
    for column in TABLES[0].columns:
        if column.path in (("id",), ("status",), ("form", "text"), ("deadline", "type"),
                           ("legal_deadline", "type")):
            continue  # key; status and time limits below; form text with the field keys
        item_id = NOT_ISSUED if column.dotted in ONLY_NOT_ISSUED else RETAINED
        row = find_row(ws, cols["编号"], item_id)
        old = dig(expected[item_id], column.path)
        new = _new_value(column, old)
        if column.path == ("deadline", "days"):
            new = 7
        if column.path == ("legal_deadline", "days"):
            new = 10  # the promised 7 days may not exceed the legal time
            ws.cell(row, cols["法定时限类型"], "限时办结")
            expected.setdefault(("main", item_id), {})[("legal_deadline", "type")] = "working-days"
        ws.cell(row, cols[column.label], show(new, column))
        expected.setdefault(("main", item_id), {})[column.path] = new
    row = find_row(ws, cols["编号"], MOVED)  # the other retained item goes to the not-issued list
    ws.cell(row, cols["清单类别"], "不应出具")
    ws.cell(row, cols["办事途径"], "到户籍所在地派出所办理")
    ws.cell(row, cols["出具时限类型"], "当场办结")
    ws.cell(row, cols["办结工作日"], None)
    expected[("main", MOVED)] = {("status",): "not-issued", ("route",): "到户籍所在地派出所办理",
                                 ("deadline", "type"): "on-the-spot", ("deadline", "days"): None}


def _edit_lists(book, expected: dict, item: Item) -> None:
    for table in TABLES[1:]:
        ws = book[table.name]
        cols = headers(ws, 1)
        rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == RETAINED]
        if rows:  # change every column of the first element
            for column in table.columns:
                cell = ws.cell(rows[0], cols[column.label])
                if column.path == ("key",):
                    continue  # renamed below, together with the form text
                cell.value = show(_new_value(column, cell.value if column.kind != "bool" else cell.value == "是"), column)
        new_row = [RETAINED, len(rows) + 1]  # and add one element
        for column in table.columns:
            value = {"text": "新增内容", "int": 2, "bool": True,
                     "choice": next(iter(column.choices or {None: None}))}[column.kind]
            if column.path == ("key",):
                value = "added_field"
            new_row.append(show(value, column))
        ws.append(new_row)
        expected[table.name] = new_row


def test_every_field_edited_in_the_full_workbook_is_imported_and_builds(cli, tmp_path):
    root = project_copy("documents", tmp_path)
    items = {i.id: i for i in load_project(root / "guidegen.yaml").items}
    assert cli("export", "items.xlsx", "--full", cwd=root).exit_code == 0
    book = load(root / "items.xlsx")
    expected: dict = dict(items)
    _edit_main(book["事项"], expected)
    _edit_lists(book, expected, items[RETAINED])
    ws, cols = book["事项"], headers(book["事项"], 1)
    keys = [f.key for f in items[RETAINED].form.fields]
    text = items[RETAINED].form.text.replace("{" + keys[0] + "}", "{renamed}") + "{added_field}"
    ws.cell(find_row(ws, cols["编号"], RETAINED), cols["证明式样正文"], text)
    fields = book["证明式样填写项"]
    fields.cell(find_row(fields, 1, RETAINED), headers(fields, 1)["键名"], "renamed")
    book.save(root / "items.xlsx")

    result = cli("import", "items.xlsx", "--write", cwd=root)
    assert result.exit_code == 0, result.output
    after = {i.id: i for i in load_project(root / "guidegen.yaml").items}
    for item_id in (RETAINED, NOT_ISSUED, MOVED):
        for path, value in expected.get(("main", item_id), {}).items():
            assert dig(after[item_id], path) == value, (item_id, path)
    changed = after[RETAINED]
    assert changed.form.text == text and changed.form.fields[0].key == "renamed"
    for table in TABLES[1:]:
        element = dig(changed, table.path)[-1]
        row = expected[table.name][2:]
        values = [show(element, table.columns[0])] if table.scalar else [
            show(dig(element, c.path), c) for c in table.columns]
        assert values == row, table.name
        assert len(dig(changed, table.path)) == len(dig(items[RETAINED], table.path)) + 1
    for old, new in ((items[RETAINED].aliases, changed.aliases), (items[RETAINED].purposes, changed.purposes)):
        assert new[0] == f"{old[0]}（改）"
    assert changed.materials[0].original is not items[RETAINED].materials[0].original
    build = cli("build", "--format", "docx,html", "--out", tmp_path / "out", "-q", cwd=root)
    assert build.exit_code == 0, build.output
    page = (tmp_path / "out" / "site" / "items" / RETAINED / "index.html").read_text(encoding="utf-8")
    assert "新增内容" in page and expected[("main", RETAINED)][("issuer",)] in page
