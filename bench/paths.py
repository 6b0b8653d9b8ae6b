"""Where the benchmark scripts find the repository, its Python and their scratch folder."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "_work"  # git-ignored; `make clean` removes it
_VENV_PY = REPO / ".venv" / "bin" / "python"
PY = str(_VENV_PY if _VENV_PY.exists() else Path(sys.executable))

# The scripts run as `python bench/x.py`: make `import guidegen` find this checkout.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
