"""The two workbooks ``export`` writes: the submission tables, and the full maintenance book."""

from __future__ import annotations

from guidegen.lists import laws, submission
from guidegen.lists.cells import show
from guidegen.lists.labels import GUIDE_SHEET, ID, NO
from guidegen.lists.schema import TABLES, Column, Table, dig, elements
from guidegen.lists.style import Book, Sheet, add_sheet, new_workbook, validate
from guidegen.model import Config, Item

LAW_SHEET = "法规依据索引"
LAW_TITLE = "法规文件政策清单（法律法规依据索引）"


def law_sheet(items: tuple[Item, ...]) -> Sheet:
    """Every law and article cited, with the items relying on each."""
    return Sheet(LAW_SHEET, laws.HEADERS, laws.rows(items), LAW_TITLE, wide=(1, 3, 4))


def submission_book(config: Config, items: tuple[Item, ...]) -> Book:
    """附件1, 附件2, 附件3 and the law index, one sheet each, laid out for printing."""
    book = new_workbook(config.fonts)
    for attachment in submission.ATTACHMENTS:
        listed = attachment.items(items)
        rows = [submission.row(attachment, n, item) for n, item in enumerate(listed, start=1)]
        wide = (1, 2, 3, 5) if attachment.key != "not-issued" else (1, 2)
        add_sheet(book, Sheet(attachment.sheet, attachment.headers, rows,
                              submission.title(attachment, config, listed), wide))
    add_sheet(book, law_sheet(items))
    return book


def _rows(items: tuple[Item, ...], table: Table) -> list[list]:
    if not table.path:
        return [[show(dig(item, c.path), c) for c in table.columns] for item in items]
    rows = []
    for item in items:
        for indexes, element in elements(item, table):
            values = [element] if table.scalar else [show(dig(element, c.path), c) for c in table.columns]
            rows.append([item.id, *(i + 1 for i in indexes), *values])
    return rows


def full_book(config: Config, items: tuple[Item, ...]) -> Book:
    """Every field of every item: the main sheet, one sheet per list, the law index, a guide."""
    book = new_workbook(config.fonts)
    for table in TABLES:
        rows = _rows(items, table)
        keys = len(table.keys)
        wide = tuple(keys + i for i, c in enumerate(table.columns) if c.kind == "text")
        ws = add_sheet(book, Sheet(table.name, table.headers, rows, wide=wide))
        for index, column in enumerate(table.columns, start=keys + 1):
            if column.kind in ("choice", "bool"):
                options = tuple(column.choices.values()) if column.choices else ("是", "否")
                validate(ws, index, len(rows), 2, choices=options)
            elif column.kind == "int":
                validate(ws, index, len(rows), 2, low=column.low, high=column.high)
    add_sheet(book, law_sheet(items))
    add_sheet(book, Sheet(GUIDE_SHEET, submission.GUIDE_HEADERS, guide_rows(), wide=(2,)))
    return book


def _requirement(column: Column) -> str:
    if column.kind == "choice":
        return "从下拉列表选择：" + "、".join((column.choices or {}).values())
    if column.kind == "bool":
        return "从下拉列表选择：是、否"
    if column.kind == "int":
        span = f"，{column.low}—{column.high}" if column.low is not None and column.high is not None else ""
        return f"整数{span}"
    if column.kind == "date":
        return "日期，如 2026-11-01"
    return "文字，可换行（Alt+回车）"


def guide_rows() -> list[list]:
    """How to fill each column (the 填写说明 sheet; import skips it)."""
    rows = [["（全部）", "（全部）", "导入时按表头识别工作表，可以改工作表名称、调整列的顺序；空行会被跳过。"
             "删除某个事项的行不会删除它的文件。"]]
    for table in TABLES:
        if table.path:
            rows.append([table.name, ID, "所属事项的编号；新增事项还没有编号时，填写它的证明名称"])
            rows.append([table.name, NO, "在该事项中的顺序（1、2、3……）；留空时按行的先后"])
        else:
            rows.append([table.name, ID, "事项的英文编号（文件名和网址）；新增事项留空，导入时按证明名称的拼音生成"])
        for column in table.columns:
            if column.path != ("id",):
                rows.append([table.name, column.label, _requirement(column)])
    return rows
