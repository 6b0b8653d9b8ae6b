"""The outline of a document: typed blocks that every format's template only lays out.

A paragraph is runs of text, blanks (fill-in lines) and run-in labels, with a ``style``
naming its layout role; the DOCX templates have one styled prototype paragraph per role
and print.css one class, so a role looks the same in Word and in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

# Paragraph roles (``Para.style``), as DOCX style and CSS class: see docs/template-context.md.
STYLES = (
    "body", "flush", "item", "right", "sign", "note", "figure",
    "cert-title", "cert-no", "cert", "cert-compact", "cert-tight", "cert-dense",
    "cert-right", "cert-sign", "cut", "stub-title", "stub",
)


class Run(NamedTuple):  # a guide has ~60 runs and ~50 paragraphs: tuples are made fastest
    """A piece of a paragraph: ``text``, a ``blank`` of ``width`` characters, a run-in
    ``label`` (a level-2 heading that starts a paragraph) or a ``tab`` to the second column."""

    text: str = ""
    kind: str = "text"
    width: int = 0
    label: str = ""  # a blank's field name (the site shows it as a hint)


class Para(NamedTuple):
    """A paragraph in one of the layout roles of ``STYLES``."""

    runs: tuple[Run, ...]
    style: str = "body"
    type = "para"  # not a field: the block type every block class names

    @property
    def role(self) -> str:
        """The prototype a DOCX template lays the block out with: the paragraph's style."""
        return self.style

    @property
    def text(self) -> str:
        """What a reader sees: the runs' text (blanks show as nothing)."""
        return "".join(r.text for r in self.runs)

    @property
    def has_tab(self) -> bool:
        """True when the paragraph has a second column (a ``tab`` run)."""
        return any(r.kind == "tab" for r in self.runs)


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading: level 1 "一、办理用途" (黑体), level 2 "（一）办理步骤" (楷体)."""

    type: ClassVar[str] = "heading"
    level: int
    number: str
    title: str
    anchor: str = ""

    @property
    def role(self) -> str:
        """The prototype a DOCX template lays the block out with: h1 or h2."""
        return f"h{self.level}"

    @property
    def text(self) -> str:
        """Number and title, as printed."""
        return self.number + self.title


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: header label, width in millimetres, alignment of its cells."""

    key: str
    label: str
    width: float
    align: str = "left"


@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row; ``name`` picks the DOCX prototype with these columns."""

    type: ClassVar[str] = "table"
    name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    @property
    def role(self) -> str:
        """The prototype a DOCX template lays the block out with: the table's name."""
        return self.name

    @property
    def width(self) -> float:
        """Total width in millimetres."""
        return sum(c.width for c in self.columns)

    def percent(self, column: Column) -> str:
        """A column's share of the width, for CSS."""
        return f"{column.width * 100 / self.width:.2f}%"


@dataclass(frozen=True, slots=True)
class FlowBox:
    """A box of the flowchart, in points from its top-left: a step or a start/end pill."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    end: bool = False


@dataclass(frozen=True, slots=True)
class FlowArrow:
    """A downward arrow from ``y1`` to ``y2`` at ``x`` (points)."""

    x: float
    y1: float
    y2: float


@dataclass(frozen=True, slots=True)
class Flowchart:
    """The procedure flowchart, laid out once: SVG (HTML, PDF) and DrawingML (DOCX) draw it."""

    type: ClassVar[str] = "flowchart"
    title: str
    width: float
    height: float
    boxes: tuple[FlowBox, ...]
    arrows: tuple[FlowArrow, ...]
    title_size: float = 10.5
    actor_size: float = 9
    role: ClassVar[str] = "flowchart"


@dataclass(frozen=True, slots=True)
class Frame:
    """Paragraphs inside a border: the certificate specimen of a guide."""

    type: ClassVar[str] = "frame"
    role: ClassVar[str] = "frame"
    label: str
    blocks: tuple[Para, ...]


@dataclass(frozen=True, slots=True)
class Doc:
    """One document: its title and blocks in reading order."""

    kind: str
    title: str
    blocks: tuple
    description: str = ""
    density: str = ""  # forms: normal, compact, tight or dense (see document/form.py)

    def headings(self) -> list[Heading]:
        """Every heading in order."""
        return [b for b in self.blocks if b.type == "heading"]

    def sections(self) -> tuple[tuple[Heading | None, tuple], ...]:
        """Blocks grouped under their level-1 headings (the site wraps each in a section)."""
        return sections(self.blocks)


def para(text: str, style: str = "body") -> Para:
    """A paragraph of plain text."""
    return Para((Run(text),), style)


def labelled(label: str, text: str, style: str = "body") -> Para:
    """A paragraph that starts with a run-in label, e.g. "（一）事项名称：…"."""
    return Para((Run(label, "label"), Run(text)), style)


def blank(width: int, label: str = "") -> Run:
    """A fill-in line ``width`` characters wide."""
    return Run("", "blank", width, label)


def sections(blocks: tuple) -> tuple[tuple[Heading | None, tuple], ...]:
    """Blocks grouped under their level-1 headings (what comes before one has None)."""
    groups: list[tuple[Heading | None, list]] = [(None, [])]
    for block in blocks:
        if block.type == "heading" and block.level == 1:
            groups.append((block, []))
        else:
            groups[-1][1].append(block)
    return tuple((h, tuple(b)) for h, b in groups if h is not None or b)


@dataclass(frozen=True, slots=True)
class QrCode:
    """A page's address as a QR code with the address printed beside it (only when the
    project has a ``base_url``). Templates that know no "qr" prototype print its runs."""

    type: ClassVar[str] = "qr"
    role: ClassVar[str] = "qr"
    url: str
    caption: str
    size: float = 20  # millimetres, the quiet zone included

    @property
    def runs(self) -> tuple[Run, ...]:
        """Caption and address as a paragraph's runs."""
        return (Run(self.caption), Run(self.url))

    @property
    def text(self) -> str:
        """What a reader sees beside the code."""
        return self.caption + self.url

    @property
    def has_tab(self) -> bool:
        """A paragraph's property, for templates that lay the block out as one."""
        return False
