"""A leaner user-agent stylesheet for WeasyPrint, kept apart so it is easy to drop.

WeasyPrint's HTML stylesheet gives every element six pseudo-elements through
universal rules (``::marker`` and five footnote/note ones), so the cascade
computes six extra styles per element: ~3% of a document's render. The print
templates use no footnotes, notes or list items; for documents whose HTML and
CSS mention none of them, those rules are dropped (markers kept for ``li`` and
``summary``, the elements the stylesheet makes list items). Anything else, or
a WeasyPrint whose stylesheet looks different, keeps the original.
"""

from __future__ import annotations

import re

import weasyprint
from weasyprint import html as weasy_html
from weasyprint.css.counters import CounterStyle

_NOTE_RULE = re.compile(r"^::(footnote|note)-[a-z]+ \{[^}\n]*\}\n", re.M)
_MARKER_RULE = "\n::marker {"
# What would need the dropped rules: footnotes, notes or other list items.
NEEDS_FULL = re.compile(r"footnote|float\s*:\s*note|::note|list-item")


def _lean_stylesheet() -> weasyprint.CSS | None:
    text = getattr(weasy_html, "UA", "")
    lean, notes = _NOTE_RULE.subn("", text)
    if notes != 5 or text.count(_MARKER_RULE) != 1:
        return None
    lean = lean.replace(_MARKER_RULE, "\nli::marker, summary::marker {")
    # Its @counter-style rules go to a scratch registry: documents take theirs
    # from WeasyPrint's own UA registry, which stays untouched.
    return weasyprint.CSS(string=lean, counter_style=CounterStyle())


LEAN_STYLESHEET = _lean_stylesheet()


class LeanHTML(weasyprint.HTML):
    """``weasyprint.HTML`` with the lean user-agent stylesheet."""

    def _ua_stylesheets(self, forms=False):
        sheets = super()._ua_stylesheets(forms)
        if LEAN_STYLESHEET is None or not sheets or sheets[0] is not weasy_html.UA_STYLESHEET:
            return sheets
        return [LEAN_STYLESHEET, *sheets[1:]]


def html_class(*texts: str) -> type[weasyprint.HTML]:
    """LeanHTML when none of the document's HTML and CSS texts needs the full stylesheet."""
    return weasyprint.HTML if any(NEEDS_FULL.search(t) for t in texts) else LeanHTML


def install() -> bool:
    """Nothing to replace (``html_class`` chooses per document); False if WeasyPrint's
    stylesheet lacks the rules this drops."""
    return LEAN_STYLESHEET is not None
