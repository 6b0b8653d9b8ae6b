"""Site pages without inline styles, so they work under ``Content-Security-Policy: default-src 'self'``.

The shared document templates size a form's blanks with ``style="width: Nem"`` (the
PDF needs it); on the site the same width comes from a class in ``site.css``.
"""

from __future__ import annotations

import re

MAX_WIDTH = 40  # model.FormField.width; site.css has a class .w-1 … .w-40 for each
_WIDTH = re.compile(r'class="([^"]*)" style="width: ?(\d+)em;?"')


def _classed(match: re.Match) -> str:
    width = min(int(match.group(2)), MAX_WIDTH)
    return f'class="{match.group(1)} w-{width}"'


def without_inline_widths(html: str) -> str:
    """``class="blank" style="width: 6em"`` → ``class="blank w-6"``."""
    return _WIDTH.sub(_classed, html)
