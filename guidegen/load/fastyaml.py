"""The fast path of the loader: libyaml's C parser, events composed straight into data.

PyYAML's pure-Python scanner takes ~10 ms per item file, which dominates a
no-op rebuild of a thousand items. This path reads the same events from
libyaml and builds the same data and line marks. It returns None for anything
unusual (a syntax error, an alias, deep nesting, a duplicate or non-text key,
an escaped control character); the caller then runs the careful pure-Python
path, which produces the exact Chinese message, so messages live in one place.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from guidegen.load import imeslips, syntax

AVAILABLE = getattr(yaml, "__with_libyaml__", False)
_NULLS = ("", "~", "null", "Null", "NULL")
# ... and a lone CR (not before LF), which YAML counts as a line break and editors do not.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
                        "|\r(?!\n)")


class _Unusual(Exception):
    """Something the careful path must explain."""


def compose(text: str, max_depth: int) -> tuple[Any, dict] | None:
    """(data, lines) like the careful loader, or None to ask for the careful path."""
    if (not AVAILABLE or _FORBIDDEN.search(text) or syntax.typing_problems(text)
            or imeslips.structure_problems(text)):
        return None
    parser = yaml.CSafeLoader(text)
    try:
        parser.get_event()  # StreamStart
        if parser.check_event(StreamEndEvent):
            return None, {}
        parser.get_event()  # DocumentStart
        lines: dict = {}
        # Keys and values need a closer look only when the text has invisible or full-width
        # characters at all (one C-speed search instead of one per scalar).
        data = _value(parser, (), lines, 1, max_depth, syntax.ODD_TEXT.search(text) is not None)
        parser.get_event()  # DocumentEnd
        if not parser.check_event(StreamEndEvent):
            return None
        if imeslips.has_chinese_quotes(text) and next(imeslips.chinese_quotes(data), None):
            return None  # the careful path names every value wrapped in Chinese quotes
        return data, lines
    except (yaml.YAMLError, _Unusual):
        return None
    finally:
        parser.dispose()


def _value(parser, loc, lines, depth, max_depth, odd):
    if depth > max_depth:
        raise _Unusual
    event = parser.get_event()
    lines.setdefault(loc, event.start_mark.line + 1)
    if isinstance(event, ScalarEvent):
        return _scalar(event, odd)
    if isinstance(event, MappingStartEvent):
        result: dict[str, Any] = {}
        while not parser.check_event(MappingEndEvent):
            key_event = parser.get_event()
            if not isinstance(key_event, ScalarEvent) or _scalar(key_event, odd) is None:
                raise _Unusual
            key = key_event.value
            if key in result or (odd and syntax.ODD_IN_KEY.search(key)):
                raise _Unusual
            lines[loc + (key,)] = key_event.start_mark.line + 1
            result[key] = _value(parser, loc + (key,), lines, depth + 1, max_depth, odd)
        parser.get_event()
        return result
    if isinstance(event, SequenceStartEvent):
        items = []
        while not parser.check_event(SequenceEndEvent):
            items.append(_value(parser, loc + (len(items),), lines, depth + 1, max_depth, odd))
        parser.get_event()
        return items
    raise _Unusual  # AliasEvent and anything else


def _scalar(event: ScalarEvent, odd: bool):
    if event.tag is not None:  # explicit tags: let the careful path decide
        raise _Unusual
    if not event.style and event.implicit[0] and event.value in _NULLS:  # C gives "" for plain
        return None
    if event.style == '"' and _FORBIDDEN.search(event.value.replace("\r", "")):  # escapes exist only in "…"
        raise _Unusual
    if (odd and syntax.blank_looking(event.value)) or (event.style and syntax.swallowed_keys(
            event.value, event.style, event.start_mark.line, event.end_mark.line)):
        raise _Unusual
    return event.value


def has_forbidden(text: str) -> bool:
    """Quick test before the per-character scan that reports line and column."""
    return _FORBIDDEN.search(text) is not None


