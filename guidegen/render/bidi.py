"""Bidi confinement: a stray direction override in one field must not reverse the page."""

from __future__ import annotations

import re

# Bidi embeddings/overrides (LRE RLE LRO RLO → PDF) and isolates (LRI RLI FSI → PDI).
BIDI_CLOSERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
                "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_OPENERS = re.compile("[\u202a\u202b\u202d\u202e\u2066-\u2068]")


def confine_bidi(value):
    """Jinja ``finalize``: close the bidi overrides a value leaves open, so a stray U+202E
    pasted into one field reverses that field only, not the template text after it.

    The characters themselves stay (the text is output literally); only the matching
    closers (U+202C, U+2069) are appended.
    """
    # Called for every {{ }} of every document: the common case must be one C-speed scan.
    if not isinstance(value, str) or not _OPENERS.search(value):
        return value
    stack: list[str] = []
    for ch in value:
        if ch in BIDI_CLOSERS:
            stack.append(BIDI_CLOSERS[ch])
        elif ch == "\u202c" and stack and stack[-1] == "\u202c":
            stack.pop()
        elif ch == "\u2069" and "\u2069" in stack:  # PDI also closes embeddings inside the isolate
            del stack[len(stack) - 1 - stack[::-1].index("\u2069"):]
    return value + "".join(reversed(stack))


def has_openers(text: str) -> bool:
    """True when ``text`` holds a bidi embedding, override or isolate (one C-speed scan)."""
    return _OPENERS.search(text) is not None
