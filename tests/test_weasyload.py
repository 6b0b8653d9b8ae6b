"""weasyload: WeasyPrint imports with or without the library search, and ctypes is restored."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.patches  # tests of a patch: they need it installed

SCRIPT = """
import ctypes.util, sys
original = ctypes.util.find_library
from guidegen.render.patches import weasyload
{setup}
weasyload.load()
import weasyprint
from weasyprint.text.ffi import pango
assert ctypes.util.find_library is original
print(weasyprint.__version__, "pango" if pango is not None else "", sys.modules["weasyprint"] is weasyprint)
"""


@pytest.mark.parametrize("setup", ["", "weasyload._sonames_load = lambda: False"])
def test_weasyprint_loads_and_find_library_is_restored(setup):
    result = subprocess.run([sys.executable, "-c", SCRIPT.format(setup=setup)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    version, pango, same = result.stdout.split()
    assert version[0].isdigit() and pango == "pango" and same == "True"


def test_sonames_load_on_this_machine():
    from guidegen.render.patches import weasyload

    # If this fails, the fast path is never taken here: check SONAMES against ldconfig -p.
    assert weasyload._sonames_load()
