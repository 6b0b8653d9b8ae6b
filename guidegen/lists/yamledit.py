"""Write imported changes into item files: only the changed keys' lines are rewritten.

The file's other lines stay byte for byte (comments, key order, quoting, BOM, CRLF);
a changed key is re-emitted by ruamel.yaml from its round-trip node, so what did not
change inside it (comments, flow style, block scalars) is kept as well.
"""

from __future__ import annotations

import codecs
import io
import re
from difflib import SequenceMatcher

import yaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from guidegen.lists.compare import key, same
from guidegen.model import Item

TRAILING = re.compile(r"^\s*(#.*)?$")  # blank or comment-only lines end a key's block


def _yaml(mapping: int = 2, offset: int = 2) -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a long Chinese line
    rt.allow_unicode = True
    rt.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    return rt


def _guess_indent(lines: list[str]) -> tuple[int, int]:
    """(mapping indent, dash offset) as the file writes them; the sample's 2/2 by default."""
    mapping = offset = None
    for before, line in zip(lines, lines[1:]):
        m = re.match(r"( +)(-\s)?\S", line)
        if not m or line.lstrip().startswith("#"):
            continue
        if m.group(2) and offset is None and not before.lstrip().startswith("-"):
            offset = len(m.group(1)) - (len(before) - len(before.lstrip()))
        elif not m.group(2) and mapping is None and re.match(r"\S[^:]*:\s*$", before):
            mapping = len(m.group(1))
    return mapping or 2, offset if offset is not None else 2


def _empty(value) -> bool:
    return value is None or value == () or value == ""


def plain(value, like=None):
    """``value`` (a model, tuple or scalar) as ruamel data, styled like the node it replaces."""
    if isinstance(value, BaseModel):
        out = CommentedMap()
        for name, info in type(value).model_fields.items():
            v = getattr(value, name)
            if info.is_required() or not (_empty(v) or v == info.get_default()):
                out[name] = plain(v, like.get(name) if isinstance(like, dict) else None)
        if isinstance(like, CommentedMap) and like.fa.flow_style():
            out.fa.set_flow_style()
        return out
    if isinstance(value, tuple):
        first = like[0] if isinstance(like, list) and like else None
        out = CommentedSeq(plain(v, first) for v in value)
        if isinstance(like, CommentedSeq) and like.fa.flow_style():
            out.fa.set_flow_style()
        return out
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        if isinstance(like, str) and type(like) is not str and not isinstance(like, LiteralScalarString):
            return type(like)(value)  # keep the file's quoting
        try:
            plain_reading = yaml.safe_load(value)
        except yaml.YAMLError:
            plain_reading = None
        # guidegen reads YAML 1.1 (PyYAML): "是"/"yes"/"1" unquoted would not be this text.
        return value if plain_reading == value else DoubleQuotedScalarString(value)
    return value


def merged(node, old, new):
    """``node`` (holding ``old``) changed to hold ``new``, keeping what did not change."""
    if same(old, new):
        return node
    if isinstance(new, BaseModel) and isinstance(old, BaseModel) and isinstance(node, CommentedMap):
        names = list(type(new).model_fields)
        for name, info in type(new).model_fields.items():
            o, n = getattr(old, name), getattr(new, name)
            if same(o, n):
                continue
            if name in node:
                if _empty(n):
                    del node[name]
                else:
                    node[name] = merged(node[name], o, n)
            elif not (_empty(n) or n == info.get_default()):
                earlier = [k for k in node if k in names and names.index(k) < names.index(name)]
                node.insert(list(node).index(earlier[-1]) + 1 if earlier else 0, name, plain(n))
        return node
    if isinstance(new, tuple) and isinstance(old, tuple) and isinstance(node, CommentedSeq):
        out = []
        ops = SequenceMatcher(None, [key(o) for o in old], [key(n) for n in new], autojunk=False)
        for tag, i1, i2, j1, j2 in ops.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                out += [merged(node[i1 + k], old[i1 + k], new[j1 + k]) for k in range(j2 - j1)]
            else:
                out += [plain(new[j], node[-1] if len(node) else None) for j in range(j1, j2)]
        if len(out) == len(node):
            for index, value in enumerate(out):
                if value is not node[index]:
                    node[index] = value
        else:
            del node[:]
            node.extend(out)
        return node
    return plain(new, node)


def _decode(raw: bytes) -> tuple[str, bool, bool]:
    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw[len(codecs.BOM_UTF8):].decode("utf-8") if bom else raw.decode("utf-8")
    return text.replace("\r\n", "\n"), bom, "\r\n" in text


def _encode(text: str, bom: bool, crlf: bool) -> bytes:
    if crlf:
        text = text.replace("\n", "\r\n")
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


def _emit(rt: YAML, name: str, node, comments) -> list[str]:
    holder = CommentedMap()
    holder[name] = node
    if comments is not None and len(comments) > 2 and comments[2] is not None:
        # Only the end-of-line comment: the lines above the key stay in the file as they are.
        holder.ca.items[name] = [None, None, comments[2], None]
    buf = io.StringIO()
    rt.dump(holder, buf)
    lines = buf.getvalue().split("\n")
    while lines and TRAILING.match(lines[-1]):
        lines.pop()
    return lines


def edit(raw: bytes, old: Item, new: Item) -> bytes:
    """The item file ``raw`` (which holds ``old``) rewritten to hold ``new``."""
    text, bom, crlf = _decode(raw)
    lines = text.split("\n")
    mapping, offset = _guess_indent(lines)
    rt = _yaml(mapping, offset)
    data = rt.load(text)
    starts = {name: data.lc.key(name)[0] for name in data}
    if len(set(starts.values())) < len(starts) or any(data.lc.key(n)[1] for n in data):
        return _encode(_dump_all(rt, data, old, new), bom, crlf)  # not one key per line
    order = sorted(starts, key=starts.get)
    end_of_text = len(lines) - 1 if lines[-1] == "" else len(lines)
    stops = {}
    for index, name in enumerate(order):
        stop = starts[order[index + 1]] if index + 1 < len(order) else end_of_text
        while stop > starts[name] + 1 and TRAILING.match(lines[stop - 1]):
            stop -= 1
        stops[name] = stop
    splices: list[tuple[int, int, int, list[str]]] = []
    fields = list(Item.model_fields)
    for name, info in Item.model_fields.items():
        o, n = getattr(old, name), getattr(new, name)
        if same(o, n):
            continue
        if name in data:
            replacement = [] if _empty(n) else _emit(rt, name, merged(data[name], o, n),
                                                     data.ca.items.get(name))
            splices.append((starts[name], stops[name], len(splices), replacement))
        elif not (_empty(n) or n == info.get_default()):
            earlier = [k for k in data if k in fields and fields.index(k) < fields.index(name)]
            at = stops[earlier[-1]] if earlier else (starts[order[0]] if order else end_of_text)
            splices.append((at, at, len(splices), _emit(rt, name, plain(n), None)))
    for start, stop, _, replacement in sorted(splices, reverse=True):
        lines[start:stop] = replacement
    return _encode("\n".join(lines), bom, crlf)


def _dump_all(rt: YAML, data: CommentedMap, old: Item, new: Item) -> str:
    """Whole-file fallback for the rare file whose top-level keys share lines."""
    for name in Item.model_fields:
        o, n = getattr(old, name), getattr(new, name)
        if not same(o, n):
            if _empty(n):
                data.pop(name, None)
            else:
                data[name] = merged(data[name], o, n) if name in data else plain(n)
    buf = io.StringIO()
    rt.dump(data, buf)
    return buf.getvalue()


def new_file(item: Item, comment: str) -> bytes:
    """A new item file: a comment line, then the keys in the model's order."""
    return new_mapping(item, comment)


def new_mapping(data, comment: str) -> bytes:
    """A new file holding ``data`` (an item, or a dict of field values), after a comment line."""
    node = CommentedMap((k, plain(v)) for k, v in data.items()) if isinstance(data, dict) else plain(data)
    buf = io.StringIO()
    _yaml().dump(node, buf)
    return f"# {comment}\n{buf.getvalue()}".encode()
