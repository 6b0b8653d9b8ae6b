"""lists/schema.py and labels.py: the workbook's columns and sheets follow the models."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from guidegen.lists.labels import COLUMNS, ID, NO
from guidegen.lists.schema import TABLES, item_tables
from guidegen.model import Item, Name


def test_every_label_names_a_field_and_every_field_has_one():
    used = set()
    for table in TABLES:
        used |= {c.dotted for c in table.columns}
        if table.path:
            used.add(".".join(table.path))
    nested = {"deadline", "legal_deadline", "form", "commitment"}
    assert used | nested == set(COLUMNS)


def test_labels_are_unique_within_each_sheet_and_never_a_key_column():
    for table in TABLES:
        assert len(set(table.headers)) == len(table.headers), table.name
        assert not {ID, NO} & {c.label for c in table.columns if c.path != ("id",)}, table.name


def test_sheets_follow_the_model_order():
    assert [t.name for t in TABLES] == ["事项", "别名", "办理用途", "法律法规依据", "办理方式", "受理条件",
                                        "申请材料", "办理程序", "证明式样填写项", "常见问题"]
    assert TABLES[0].headers[:3] == ("编号", "证明名称", "清单类别")
    assert TABLES[6].headers == ("编号", "序号", "材料名称", "份数", "是否原件", "材料说明", "来源渠道", "材料要求")


def test_coded_values_and_constraints_come_from_the_model():
    main = {c.label: c for c in TABLES[0].columns}
    assert main["清单类别"].choices == {"retained": "保留", "not-issued": "不应出具"}
    assert main["出具时限类型"].kind == "choice" and main["需要调查核实"].kind == "bool"
    assert main["法定时限类型"].choices == {"on-the-spot": "当场办结", "working-days": "限时办结"}
    copies = next(c for c in TABLES[6].columns if c.label == "份数")
    assert (copies.kind, copies.low, copies.high) == ("int", 1, 99)


def test_a_field_added_without_a_label_fails():
    class Extended(Item):
        service_target: Name | None = None

    with pytest.raises(KeyError, match="service_target"):
        item_tables(Extended)


def test_a_new_list_field_with_labels_gets_its_own_sheet(monkeypatch):
    class Question(BaseModel):
        question: Name
        answer: str = ""

    class Extended(Item):
        faq: tuple[Question, ...] = ()

    monkeypatch.setitem(COLUMNS, "faq", "常见问题")
    monkeypatch.setitem(COLUMNS, "faq.question", "问题")
    monkeypatch.setitem(COLUMNS, "faq.answer", "解答")
    sheet = item_tables(Extended)[-1]
    assert (sheet.name, sheet.headers) == ("常见问题", ("编号", "序号", "问题", "解答"))
