"""Fault injection for the crash tests, driven by the ``GUIDEGEN_FAULT`` environment variable.

``GUIDEGEN_FAULT`` is a comma-separated list of faults:

- ``kill:render:N`` — SIGKILL the build process after the N-th rendered output;
- ``kill:before-swap`` — after staging and the pending state are complete, before the swap;
- ``kill:after-swap`` — after the new site is live, before the build state is committed;
- ``kill:swap-fallback-between`` / ``kill:swap-fallback-after`` — inside the two-rename
  fallback swap, after the first / the second rename;
- ``int:before-swap`` / ``int:after-swap`` — a Ctrl-C (SIGINT to itself) at that point;
- ``no-exchange`` — pretend the kernel lacks renameat2(RENAME_EXCHANGE) to force the fallback.

Unset (the normal case) every hook is a test of an empty frozenset.
"""

from __future__ import annotations

import os
import signal

ACTIVE = frozenset(f.strip() for f in os.environ.get("GUIDEGEN_FAULT", "").split(",") if f.strip())


def enabled(name: str) -> bool:
    """True when the fault ``name`` (e.g. ``no-exchange``) was asked for."""
    return name in ACTIVE


def point(name: str) -> None:
    """SIGKILL this process at the kill point ``name`` if ``kill:<name>`` was asked for
    (SIGINT for ``int:<name>``)."""
    if ACTIVE and f"kill:{name}" in ACTIVE:
        # SIGKILL, not an exception: no finally blocks or atexit handlers may run,
        # exactly like ``kill -9`` or a power cut from the build's point of view.
        os.kill(os.getpid(), signal.SIGKILL)
    if ACTIVE and f"int:{name}" in ACTIVE:  # held back while the site is being swapped
        os.kill(os.getpid(), signal.SIGINT)


def rendered(count: int) -> None:
    """Kill point after the ``count``-th rendered output (``kill:render:<count>``)."""
    if ACTIVE:
        point(f"render:{count}")
