"""lists/yamledit.py: only the changed keys are rewritten; comments, order, quoting, BOM, CRLF stay."""

from __future__ import annotations

import codecs

import yaml

from guidegen.lists import yamledit
from guidegen.model import Item

SOURCE = """\
# 保留事项：指定监护人证明（手工维护）
id: guardian-designation
name: '指定监护人证明'
status: retained
catalog: municipal   # 州市保留
department: "民政部门"
issuer: 村（居）民委员会
purposes: [确定监护人]
legal_basis:
- law: 《中华人民共和国民法典》
  article: 第三十一条
deadline: {type: working-days, days: 5}

# 办理程序按本地实际
procedure:
- {title: 申请, actor: 申请人}
- title: 出具证明
  actor: 村（居）民委员会   # 负责人签字
form:
  title: 指定监护人证明
  text: |-
    兹指定{guardian}为{ward}的监护人。
    特此证明。
  fields:
  - {key: guardian, label: 监护人姓名, width: 6}
  - {key: ward, label: 被监护人姓名, width: 6}
"""


def _item(text: str) -> Item:
    return Item.model_validate(yaml.safe_load(text))


def _changed(item: Item, **changes) -> Item:
    data = item.model_dump(mode="json")
    data.update(changes)
    return Item.model_validate(data)


def test_unchanged_lines_stay_byte_for_byte():
    old = _item(SOURCE)
    new = _changed(old, department="民政部门（区县）",
                   procedure=[*old.model_dump(mode="json")["procedure"], {"title": "存档"}])
    out = yamledit.edit(SOURCE.encode(), old, new).decode()
    assert out == SOURCE.replace('department: "民政部门"', 'department: "民政部门（区县）"').replace(
        "  actor: 村（居）民委员会   # 负责人签字\n", "  actor: 村（居）民委员会   # 负责人签字\n- title: 存档\n")
    assert _item(out) == new


def test_new_keys_go_in_model_order_and_cleared_keys_go():
    old = _item(SOURCE)
    new = _changed(old, aliases=["监护证明", "yes"], order=3, fee="收费5元", deadline=None)
    out = yamledit.edit(SOURCE.encode(), old, new).decode()
    keys = [line.split(":")[0] for line in out.splitlines() if line and line[0].isalpha()]
    assert keys == ["id", "name", "aliases", "status", "order", "catalog", "department", "issuer",
                    "purposes", "legal_basis", "procedure", "fee", "form"]
    assert '\n- "yes"\n' in out  # the file's own list style; YAML 1.1 would read a bare yes as true
    assert "# 办理程序按本地实际" in out and "catalog: municipal   # 州市保留" in out
    assert _item(out) == new


def test_flow_style_lists_and_block_text_keep_their_style():
    old = _item(SOURCE)
    data = old.model_dump(mode="json")
    data["form"]["fields"].append({"key": "date", "label": "日期", "width": 10})
    data["form"]["text"] += "{date}"
    new = Item.model_validate(data)
    out = yamledit.edit(SOURCE.encode(), old, new).decode()
    assert "  - {key: date, label: 日期, width: 10}\n" in out
    assert "    特此证明。{date}\n" in out and "  text: |-\n" in out
    assert _item(out) == new


def test_bom_and_crlf_are_kept():
    raw = codecs.BOM_UTF8 + SOURCE.replace("\n", "\r\n").encode()
    old = _item(SOURCE)
    new = _changed(old, issuer="村民委员会")
    out = yamledit.edit(raw, old, new)
    assert out.startswith(codecs.BOM_UTF8) and out.count(b"\r\n") == SOURCE.count("\n")
    assert out.replace(b"\r\n", b"\n")[3:].decode() == SOURCE.replace("issuer: 村（居）民委员会", "issuer: 村民委员会")


def test_width_only_differences_keep_the_file_spelling():
    old = _item(SOURCE)
    new = _changed(old, issuer="村(居)民委员会", department="民政部门", fee="不收费")
    assert yamledit.edit(SOURCE.encode(), old, new) == SOURCE.encode()


def test_new_file_reads_back():
    item = _item(SOURCE)
    text = yamledit.new_file(item, "新增").decode()
    assert text.startswith("# 新增\nid: guardian-designation\nname: 指定监护人证明\n")
    assert _item(text) == item
