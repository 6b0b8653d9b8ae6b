"""Import WeasyPrint without ctypes' library search: ~0.2 s of every process that makes PDFs.

Follows WeasyPrint 70.0 (the library names ``weasyprint.text.ffi._dlopen`` tries) and
Python 3.11 (``ctypes.util.find_library``, swapped during the import). Measured by
bench/patches.py: 156 ms CPU per process that imports WeasyPrint (2026-12-06).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

# The sonames WeasyPrint's loader reaches on Linux, each after three names that miss.
SONAMES = ("libgobject-2.0.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0",
           "libfontconfig.so.1", "libpangoft2-1.0.so.0")


def _sonames_load() -> bool:
    for name in SONAMES:
        try:
            ctypes.CDLL(name)
        except OSError:
            return False
    return True


def load() -> None:
    """Import ``weasyprint``; on Linux skip the search that only finds what dlopen would."""
    if "weasyprint" in sys.modules:
        return
    # For every name that does not load directly, cffi calls ctypes.util.find_library,
    # which runs ldconfig, then gcc, then ld in subprocesses. When the plain sonames load,
    # WeasyPrint's fourth try succeeds anyway; the searches before it only cost time.
    if not sys.platform.startswith("linux") or not _sonames_load():
        import weasyprint  # noqa: F401 - the usual way, with the search
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = original


def install() -> bool:
    """Import WeasyPrint the fast way when it is not imported yet; always True."""
    load()
    return True
