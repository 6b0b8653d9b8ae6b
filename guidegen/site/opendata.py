"""Open data: both lists as ``items.json`` (with its JSON Schema) and ``items.csv``.

Every field of the item model is written, named as the model names it, so a field
added to ``model.Item`` appears in all three files without a change here; the CSV
headers are the Chinese names the validation messages use (the key where none exists).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from guidegen.context import CATALOG_LABELS, STATUS_LABELS, deadline_context
from guidegen.model import Config, Item
from guidegen.plan import KIND_LABELS, item_kinds
from guidegen.site.links import absolute
from guidegen.validate.messages import LABELS

SCHEMA_FILE = "items.schema.json"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


class PublishedItem(Item):
    """One item as published: every field of the data format, plus where it is on the site."""

    model_config = ConfigDict(title="证明事项")
    page: str = Field(title="页面地址", description="事项页面：配置了网站地址时为绝对地址，否则为相对本文件的路径")
    updated: dt.date | None = Field(None, title="更新日期", description="清单调整记录中最近一次新增或修改的日期")
    documents: dict[str, dict[str, str]] = Field(
        default_factory=dict, title="文书下载",
        description="文书种类（guide 办事指南、form 证明表单样本、letter 告知承诺书）→ 格式（pdf、docx）→ 地址")


class OpenData(BaseModel):
    """``items.json``: the project and both lists."""

    model_config = ConfigDict(title="村（居）民委员会出具证明事项清单（开放数据）")
    title: str = Field(title="标题")
    authority: str = Field(title="发布机关")
    region: str = Field(title="地区")
    published: dt.date = Field(title="发布日期")
    retained: list[PublishedItem] = Field(title="保留的证明事项")
    not_issued: list[PublishedItem] = Field(title="不应由村（居）民委员会出具的证明事项")


def schema() -> dict:
    """JSON Schema of ``items.json``, with the Chinese name of every field as its title."""
    found = OpenData.model_json_schema()
    found["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    for definition in [found, *found.get("$defs", {}).values()]:
        for key, prop in definition.get("properties", {}).items():
            if key in LABELS and prop.get("title", "").replace(" ", "_").lower() == key:
                prop["title"] = LABELS[key]  # pydantic's default title is the key itself
    return found


def schema_bytes() -> bytes:
    """``downloads/items.schema.json``."""
    return (json.dumps(schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _link(config: Config, here: str, path: str) -> str:
    """A site path as written in a data file at ``here``: absolute with a base_url."""
    return absolute(config.base_url, path) or "../" * here.count("/") + path


def _extras(item: Item, config: Config, updated: dict[str, str], here: str) -> dict:
    base = f"items/{item.id}"
    return {"page": _link(config, here, f"{base}/index.html"), "updated": updated.get(item.id),
            "documents": {kind: {fmt: _link(config, here, f"{base}/{item.id}-{kind}.{fmt}")
                                 for fmt in ("pdf", "docx")} for kind in item_kinds(item)}}


def _record(item: Item, config: Config, updated: dict[str, str], here: str) -> str:
    # pydantic writes the item's JSON in Rust, ~10x faster than json.dumps of model_dump()
    extras = json.dumps(_extras(item, config, updated, here), ensure_ascii=False,
                        separators=(",", ":"))
    return item.model_dump_json()[:-1] + "," + extras[1:]


def json_bytes(items: Iterable[Item], config: Config, updated: dict[str, str], path: str) -> bytes:
    """``downloads/items.json``: both lists, every field, one item per line."""
    items = list(items)
    head = {"$schema": SCHEMA_FILE, "title": config.title, "authority": config.authority,
            "region": config.region, "published": config.published.isoformat()}
    # Written record by record into one buffer: joining strings made four copies of the
    # file at once (about 115 MiB at 5,000 items).
    out = io.BytesIO()
    out.write(json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1].encode("utf-8"))
    for key, chosen in (("retained", [i for i in items if i.retained]),
                        ("not_issued", [i for i in items if not i.retained])):
        out.write(f',\n"{key}":[\n'.encode("utf-8"))
        for n, item in enumerate(chosen):
            out.write(((",\n" if n else "") + _record(item, config, updated, path)).encode("utf-8"))
        out.write(b"\n]")
    out.write(b"}\n")
    return out.getvalue()


CODES = {"status": STATUS_LABELS, "catalog": CATALOG_LABELS}  # code values shown in Chinese
NESTED = {**LABELS, "name": "名称"}  # inside a material, "name" is not the certificate's name


def cell(key: str, value) -> str:
    """One CSV cell: nested values as readable Chinese text (most cells are plain text)."""
    if type(value) is str:
        codes = CODES.get(key)
        return codes.get(value, value) if codes else value
    if value is None:
        return ""
    if type(value) is bool:
        return "是" if value else "否"
    if type(value) is dict:  # a nested model: 名称：…；份数：…
        return "；".join([f"{NESTED.get(k, k)}：{v if type(v) is str else cell(k, v)}"
                         for k, v in value.items() if v is not None and v != "" and v != []])
    if type(value) is list:
        if value and type(value[0]) is dict:
            return "\n".join(f"{n}. {cell(key, v)}" for n, v in enumerate(value, 1))
        return "；".join(cell(key, v) for v in value)
    return str(value)


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(items: Iterable[Item], config: Config, updated: dict[str, str], path: str) -> bytes:
    """``downloads/items.csv``: one row per item of both lists, UTF-8 with a BOM for Excel."""
    keys = list(Item.model_fields)
    buffer = io.BytesIO()  # encoded as it is written: no whole-file str, then bytes, copies
    out = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([LABELS.get(k, k) for k in keys] + ["出具时限说明", "文书", "页面地址", "更新日期"])
    for item in items:
        data = item.model_dump(mode="json")
        deadline = deadline_context(item)
        row = [cell(k, data[k]) for k in keys]
        row += [deadline["label"] if deadline else "", "、".join(KIND_LABELS[k] for k in item_kinds(item)),
                _link(config, path, f"items/{item.id}/index.html"), updated.get(item.id, "")]
        writer.writerow([_safe(c) for c in row])
    out.flush()
    return buffer.getvalue()
