"""``merge --report``: the conflicts as a table for the terminal, long cells wrapped."""

from __future__ import annotations

from guidegen.lists.cells import width

HEADERS = ("序号", "类型", "证明名称", "涉及地区", "说明")
LIMITS = (4, 16, 28, 20, 48)  # display columns (a Chinese character counts two)


def wrap(text: str, limit: int) -> list[str]:
    """``text`` cut into lines of at most ``limit`` display columns, at its own breaks first."""
    lines = []
    for part in text.split("\n"):
        line = ""
        for ch in part:
            if line and width(line + ch) > limit:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return lines or [""]


def report(found) -> list[str]:
    """The conflicts as a text table: columns padded to the display width of Chinese text,
    a long name or explanation continued on the next lines of its own column."""
    rows = [HEADERS, *((str(n), c.kind, c.name.replace(" / ", " /\n"), c.cities, c.detail.replace("；", "；\n"))
                       for n, c in enumerate(found, start=1))]
    widths = [min(limit, max(max(width(line) for line in r[i].split("\n")) for r in rows))
              for i, limit in enumerate(LIMITS)]
    lines = []
    for number, row in enumerate(rows):
        columns = [wrap(text, widths[i]) for i, text in enumerate(row)]
        for k in range(max(len(c) for c in columns)):
            parts = [c[k] if k < len(c) else "" for c in columns]
            padded = [text + " " * (widths[i] - width(text)) for i, text in enumerate(parts[:-1])]
            lines.append("  ".join([*padded, parts[-1]]).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines
