"""The document outline (``doc``) for a preview context read from tools/fixtures/*.json.

The example contexts hold template dicts (item, project, not_issued); the templates since
0.4 lay out ``doc``, built from the models. This rebuilds the models from those dicts
(derived keys such as ``status_label`` or ``deadline.label`` dropped) and adds ``doc``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from guidegen.document import outline
from guidegen.model import Config, Item
from guidegen.validate.messages import _inner_model


def _model(cls: type[BaseModel], data: dict) -> dict:
    """``data`` reduced to ``cls``'s fields, empty optional ones left out, nested alike."""
    kept = {}
    for name, info in cls.model_fields.items():
        if name not in data or (data[name] in ("", None) and info.default is None):
            continue
        if isinstance(data[name], dict) and not any(data[name].values()):
            continue  # a not-issued item's empty form
        value, inner = data[name], _inner_model(info.annotation)
        if inner is not None and isinstance(value, dict):
            value = _model(inner, value)
        elif inner is not None and isinstance(value, list):
            value = [_model(inner, v) if isinstance(v, dict) else v for v in value]
        kept[name] = value
    return kept


def item_model(item: dict) -> Item:
    """The Item a template dict was made from."""
    return Item.model_validate(_model(Item, item))


def config_model(project: dict, fonts: dict) -> Config:
    """The Config behind a context's ``project`` and ``fonts``."""
    return Config(title=project["title"], authority=project["authority"], region=project["region"],
                  published=dt.date.fromisoformat(project["published_iso"]),
                  base_url=project.get("base_url", ""), contact=project["contact"], fonts=fonts)


def with_doc(kind: str, ctx: dict) -> dict:
    """``ctx`` with the outline of ``kind`` added as ``doc``."""
    config = config_model(ctx["project"], ctx["fonts"])
    item = item_model(ctx["item"]) if ctx.get("item") else None
    not_issued = tuple(item_model(i) for i in ctx.get("not_issued", []))
    return {**ctx, "doc": outline(kind, item, config, not_issued)}


def expected_text(doc) -> list[str]:
    """What a rendering must show: the outline's title, headings and paragraphs (a table's
    cells wrap in narrow columns, and pdftotext reads wrapped cells line by line)."""
    return [doc.title] + [h.text for h in doc.headings()] + [
        b.text for b in doc.blocks if b.type == "para" and b.text]
