"""Site pages without inline styles (guidegen/site/strict.py)."""

from __future__ import annotations

import re
from pathlib import Path

from guidegen.site.strict import MAX_WIDTH, without_inline_widths

CSS = Path(__file__).resolve().parents[1] / "templates" / "html" / "assets" / "site.css"


def test_blank_widths_become_classes():
    page = '<span class="blank" style="width: 6em" title="编号">　</span><span class="blank" style="width: 99em"></span>'
    assert without_inline_widths(page) == (
        '<span class="blank w-6" title="编号">　</span><span class="blank w-40"></span>')


def test_site_css_has_a_class_for_every_width_a_field_can_have():
    css = CSS.read_text(encoding="utf-8")
    for width in range(1, MAX_WIDTH + 1):
        assert re.search(rf"\.w-{width} \{{ width: {width}em; \}}", css), width
