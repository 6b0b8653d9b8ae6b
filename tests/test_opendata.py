"""Open data (guidegen/site/opendata.py): items.json valid against its own schema, items.csv
opening in Excel (UTF-8 with BOM), both lists and every field of the item model."""

from __future__ import annotations

import csv
import io
import json

from conftest import VALID_NOT_ISSUED, VALID_RETAINED

from guidegen.model import Config, Item
from guidegen.site.opendata import OpenData, csv_bytes, json_bytes, schema, schema_bytes
from guidegen.validate.messages import LABELS

RETAINED = Item.model_validate(VALID_RETAINED)
NOT_ISSUED = Item.model_validate({**VALID_NOT_ISSUED, "aliases": ["=HYPERLINK(\"x\")"]})
UPDATED = {"guardian-designation": "2026-06-15"}


def test_items_json_holds_both_lists_with_every_field_and_follows_its_schema():
    config = Config(title="测试", region="测试市")
    data = json.loads(json_bytes([RETAINED, NOT_ISSUED], config, UPDATED, "downloads/items.json"))
    assert data["$schema"] == "items.schema.json"
    assert [i["id"] for i in data["retained"]] == ["guardian-designation"]
    assert [i["id"] for i in data["not_issued"]] == ["kinship"]
    record = data["retained"][0]
    assert set(Item.model_fields) <= set(record)  # a field added to the model appears here too
    assert record["page"] == "../items/guardian-designation/index.html"
    assert record["documents"]["letter"]["docx"] == "../items/guardian-designation/guardian-designation-letter.docx"
    assert record["updated"] == "2026-06-15" and data["not_issued"][0]["updated"] is None
    assert record["legal_basis"][0]["excerpt"] == VALID_RETAINED["legal_basis"][0]["excerpt"]
    OpenData.model_validate(data)  # what the schema describes


def test_with_a_base_url_the_addresses_are_absolute():
    config = Config(base_url="https://zwfw.example.gov.cn/zhengming")
    data = json.loads(json_bytes([RETAINED], config, {}, "downloads/items.json"))
    assert data["retained"][0]["page"] == "https://zwfw.example.gov.cn/zhengming/items/guardian-designation/index.html"


def test_the_schema_is_the_models_with_chinese_titles():
    found = schema()
    item = found["$defs"]["PublishedItem"]
    assert set(Item.model_fields) <= set(item["properties"])
    assert item["properties"]["route"]["title"] == LABELS["route"] == "办事途径"
    assert found["properties"]["not_issued"]["title"] == "不应由村（居）民委员会出具的证明事项"
    assert json.loads(schema_bytes()) == found


def test_items_csv_opens_in_excel_with_one_row_per_item():
    data = csv_bytes([RETAINED, NOT_ISSUED], Config(), UPDATED, "downloads/items.csv")
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, retained, not_issued = rows
    assert header[:3] == ["编号", "证明名称", "别名"] and "更新日期" in header
    assert len(header) == len(Item.model_fields) + 4
    row = dict(zip(header, retained))
    assert row["清单类别"] == "保留" and row["清单目录"] == "州市保留"
    assert row["调查核实"] == "是" and row["出具时限说明"] == "5个工作日"
    assert row["申请材料"] == "1. 名称：申请人居民身份证；份数：1；是否原件：是；备注：核验原件"
    assert row["文书"] == "办事指南、证明表单样本、告知承诺书"
    assert row["页面地址"] == "../items/guardian-designation/index.html" and row["更新日期"] == "2026-06-15"
    other = dict(zip(header, not_issued))
    assert other["清单类别"] == "不应由村（居）民委员会出具" and other["办事途径"] == VALID_NOT_ISSUED["route"]
    assert other["别名"] == "'=HYPERLINK(\"x\")"  # a spreadsheet must not run user text as a formula
