"""Read YAML files into plain data, remembering the line of every key.

Safety first: the input is typed by clerks and pasted from Word, so this loader
never constructs tagged objects, refuses aliases (billion-laughs bombs), bounds
nesting depth and file size, and turns every encoding or syntax failure into a
``Problem`` in Chinese instead of an exception.
"""

from __future__ import annotations

import marshal
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from guidegen.errors import Problem, reason
from guidegen.load import fastyaml
from guidegen.load import imeslips, syntax, yamlhints
from guidegen.load.encoding import LoadError, decode

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 32
NULL_TAG = "tag:yaml.org,2002:null"

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its data and the line of every key path."""

    path: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """Line of the longest known prefix of ``loc`` (1 when nothing matches)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


class PackedDocument:
    """A Document kept as one compressed, marshalled blob until asked for (~3 KB instead
    of ~50 KB of dicts and strings): a build holds every item's document, and only needs
    one back to name the line of a rare problem."""

    __slots__ = ("path", "blob")

    def __init__(self, path: str, blob: bytes):
        self.path, self.blob = path, blob

    @classmethod
    def pack(cls, doc: Document) -> PackedDocument:
        """The compact form of a parsed document."""
        # Level 1: ~0.1 ms per file for 7 KB → 3 KB; paid once per edited file (cached).
        blob = marshal.dumps((doc.data, tuple(doc.lines.items())))
        return cls(doc.path, zlib.compress(blob, 1))

    def unpack(self) -> Document:
        """The document as parsed."""
        data, lines = marshal.loads(zlib.decompress(self.blob))
        return Document(self.path, data, dict(lines))

    @property
    def data(self) -> Any:
        """The parsed data (a fresh copy on every access)."""
        return marshal.loads(zlib.decompress(self.blob))[0]

    def line_of(self, loc: Loc) -> int:
        """Line of the longest known prefix of ``loc`` (see ``Document.line_of``)."""
        return self.unpack().line_of(loc)


class _SafeComposer(yaml.SafeLoader):
    """SafeLoader whose composer refuses aliases and deep nesting."""

    def __init__(self, stream: str, path: str):
        super().__init__(stream)
        self._path = path
        self._depth = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise LoadError(Problem(self._path, event.start_mark.line + 1, "",
                                    "不支持 YAML 别名（*引用），请直接写出内容"))
        self._depth += 1
        if self._depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise LoadError(Problem(self._path, mark.line + 1, "",
                                    f"嵌套层数超过 {MAX_DEPTH} 层，文件结构有误"))
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# For these the error surfaces lines later; the opening bracket, key or quote is the culprit.
_AT_CONTEXT = ("while parsing a flow", "while scanning a simple key", "while scanning a quoted scalar")


def _yaml_problem(exc: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    at_context = exc.context_mark and (exc.context or "").startswith(_AT_CONTEXT)
    mark = exc.context_mark if at_context else (exc.problem_mark or exc.context_mark)
    line = mark.line + 1 if mark else 1
    # A quote left open swallows the lines up to the next quote; the error surfaces there.
    last = max(m.line + 1 for m in (exc.problem_mark, exc.context_mark, mark) if m) if mark else 1
    quote = syntax.unclosed_quote(text, last)
    if quote:
        return Problem(path, quote[0], "", syntax.unclosed_message(quote[1]))
    colon = imeslips.colon_line(text, last)
    if colon:
        return Problem(path, colon[0], "", colon[1])
    return Problem(path, line, "", f"YAML 语法错误：{yamlhints.hint(exc, text)}")


def _to_data(node, loc: Loc, lines: dict[Loc, int], path: str) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == NULL_TAG:
                raise LoadError(Problem(path, key_line, "", "键名必须是简单文本"))
            key = key_node.value
            bad = syntax.escaped_controls(key_node, _dotted(loc), path)
            if bad:
                raise LoadError(bad)
            odd = syntax.key_message(key)
            if odd:
                raise LoadError(Problem(path, key_line, _dotted(loc), odd))
            if key in result:
                raise LoadError(Problem(path, key_line, _dotted(loc + (key,)),
                                        "重复的键：同一层级中该键出现了两次"))
            lines[loc + (key,)] = key_line
            result[key] = _to_data(value_node, loc + (key,), lines, path)
        return result
    if isinstance(node, SequenceNode):
        return [_to_data(child, loc + (i,), lines, path) for i, child in enumerate(node.value)]
    # Scalars stay text; the model decides types, so "05" or "是" never turn
    # into surprising numbers or booleans before validation can explain them.
    if node.tag == NULL_TAG and node.style is None:
        return None
    bad = syntax.escaped_controls(node, _dotted(loc), path)
    if bad:
        raise LoadError(bad)
    if syntax.swallowed_keys(node.value, node.style, node.start_mark.line, node.end_mark.line):
        raise LoadError(Problem(path, node.start_mark.line + 1, _dotted(loc),
                                syntax.unclosed_message(node.style)))
    if syntax.blank_looking(node.value):
        raise LoadError(Problem(path, node.start_mark.line + 1, _dotted(loc),
                                syntax.blank_message(node.value)))
    return node.value


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


dotted = _dotted


def strings(value: Any, loc: Loc = ()):
    """Every text value in loaded data (or a model dump) with its key path."""
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, loc + (key,))
    elif isinstance(value, (list, tuple)):
        for index, child in enumerate(value):
            yield from strings(child, loc + (index,))


def load_text(text: str, path: str) -> Document:
    """Parse YAML text into a Document; raise LoadError with a Chinese message."""
    bad = syntax.check_characters(text, path) if fastyaml.has_forbidden(text) else []
    if bad:
        raise LoadError(*bad[:20])
    fast = fastyaml.compose(text, MAX_DEPTH)
    if fast is not None:
        return Document(path, fast[0], fast[1])
    typed = syntax.typing_problems(text) or imeslips.structure_problems(text)
    if typed:
        raise LoadError(*(Problem(path, line, "", message) for line, message in typed[:20]))
    loader = None
    try:
        loader = _SafeComposer(text, path)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise LoadError(_yaml_problem(exc, path, text)) from None
    except yaml.YAMLError as exc:
        raise LoadError(Problem(path, 1, "", f"YAML 语法错误：{yamlhints.hint(exc)}")) from None
    except (ValueError, OverflowError):  # PyYAML's scanner calls chr() on escapes like "\UFFFFFFFF"
        line = getattr(loader, "line", 0) + 1
        raise LoadError(Problem(path, line, "", "YAML 语法错误：引号中的转义序列（\\U……）超出了 Unicode 范围，"
                                                "请删除或直接写出该字符")) from None
    finally:
        if loader is not None:
            loader.dispose()
    lines: dict[Loc, int] = {}
    data = None if node is None else _to_data(node, (), lines, path)
    return _checked(Document(path, data, lines), text)


def _checked(doc: Document, text: str) -> Document:
    """The document, unless a value is wrapped in Chinese quotes (see imeslips)."""
    if imeslips.has_chinese_quotes(text):
        quoted = [Problem(doc.path, doc.line_of(loc), _dotted(loc), message)
                  for loc, message in imeslips.chinese_quotes(doc.data)]
        if quoted:
            raise LoadError(*quoted[:20])
    return doc


def load_file(file: Path, display: str | None = None) -> Document:
    """Read, decode and parse one YAML file, enforcing the size limit."""
    path = display or str(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(Problem(path, 1, "",
                                    f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 1 MB"))
        raw = file.read_bytes()
    except OSError as exc:
        raise LoadError(Problem(path, 0, "", f"无法读取文件（{reason(exc)}）")) from None
    return load_bytes(raw, path)


def load_bytes(raw: bytes, path: str) -> Document:
    """Decode and parse a file's bytes (read by the caller, within the size limit)."""
    return load_text(decode(raw, path), path)
