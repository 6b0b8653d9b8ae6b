"""A document's content decided once: one outline per kind, laid out by every format's template."""

from __future__ import annotations

from guidegen.document.blocks import Doc
from guidegen.document.booklet import Booklet, form_book, guide_booklet, poster
from guidegen.document.form import form
from guidegen.document.guide import guide
from guidegen.document.letter import letter
from guidegen.document.lists import notice, register
from guidegen.model import Config, Item
from guidegen.render.bidi import confine_bidi, has_openers


def confined(item: Item | None) -> Item | None:
    """The item with every field's bidi overrides closed at the field's end: the outline
    joins fields into one paragraph, where a stray U+202E would reverse the text after it."""
    if item is None or not has_openers(item.model_dump_json()):
        return item
    return Item.model_validate(_confine(item.model_dump()))


def _confine(value):
    if isinstance(value, str):
        return confine_bidi(value)
    if isinstance(value, dict):
        return {k: _confine(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_confine(v) for v in value]
    return value


def outline(kind: str, item: Item | None, config: Config, not_issued: tuple[Item, ...] = (),
            retained: tuple[Item, ...] = ()) -> Doc | Booklet | None:
    """The outline of one output kind ("page" is the guide of a retained item's web page;
    the booklets and the poster are made of every item of the lists)."""
    item = confined(item)
    if kind in ("guide", "page"):
        return guide(item, config) if item is not None and item.retained else None
    if kind == "form":
        return form(item, config)
    if kind == "letter":
        return letter(item)
    if kind == "notice":
        return notice(tuple(map(confined, not_issued)), config)
    if kind == "register":
        return register(config)
    if kind == "booklet":
        return guide_booklet(tuple(map(confined, retained)), config)
    if kind == "formbook":
        return form_book(tuple(map(confined, retained)), config)
    if kind == "poster":
        return poster(tuple(map(confined, retained)), tuple(map(confined, not_issued)), config)
    return None
