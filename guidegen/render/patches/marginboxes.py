"""Cheaper page margin boxes for WeasyPrint, kept apart so it is easy to drop.

WeasyPrint makes all 16 margin boxes of every page to place the ones that
have content (here one: the page number), spending ~12 ms of a 7-page guide:
1. Each box has its percentages resolved (~20 properties read from its style
   and set on the box) before a box without content has all of them reset to
   zero. For those boxes, only the properties that are not reset are set, to
   what they would be for an empty box; they are never read anyway, as empty
   boxes are not laid out.
2. Sizing a box with ``width: auto`` to the space left by its neighbours lays
   out its content twice, for its min-content and its max-content width, and
   takes ``min(max(min-content, space), max-content)``: max-content whenever
   the space is at least that, which a page number always fits. The min-content
   layout is only made when it can matter.
Pages, positions and numbers stay exactly as they were.

Follows WeasyPrint 70.0 (``resolve_percentages`` as ``weasyprint.layout.page`` imports it
from ``layout.percent``, and the setter of ``layout.page.OrientedBox.outer``). Measured by
bench/patches.py on the sample set: without it a PDF takes 4.7 ms (5.3%) more CPU (2026-12-06).
"""

from __future__ import annotations

from math import inf

from weasyprint.formatting_structure.boxes import MarginBox
from weasyprint.layout import page as layout_page

_original_resolve = layout_page.resolve_percentages
_original_outer = getattr(getattr(layout_page, "OrientedBox", None), "outer", None)


def resolve_percentages(box, containing_block):
    """WeasyPrint's ``resolve_percentages``, short for margin boxes that are not generated."""
    if isinstance(box, MarginBox) and box.__dict__.get("is_generated") is False:
        # make_box resets width, height, margins, paddings and borders right after.
        box.min_width = box.min_height = 0
        box.max_width = box.max_height = inf
        return
    _original_resolve(box, containing_block)


def _set_outer(self, new_outer_width):
    target = new_outer_width - self.sugar
    maximum = self.max_content_size
    if target >= maximum:
        # min(max(m, target), maximum) == maximum for any m once target >= maximum.
        self.inner = maximum
    else:
        self.inner = min(max(self.min_content_size, target), maximum)


def install() -> bool:
    """Patch WeasyPrint's page layout once; False if its shape is not the expected one."""
    if layout_page.resolve_percentages is resolve_percentages:
        return True
    if not isinstance(_original_outer, property) or _original_outer.fset is None:
        return False
    layout_page.resolve_percentages = resolve_percentages
    layout_page.OrientedBox.outer = property(_original_outer.fget, _set_outer)
    return True
