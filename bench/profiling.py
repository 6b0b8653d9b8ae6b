"""What the profiling scripts share: a project (a bench set or the samples) and its renderers."""

from __future__ import annotations

from pathlib import Path

from paths import REPO  # also puts the repository on sys.path


def project_and_renderers(set_dir: Path | None):
    """The project of ``set_dir`` (a set made by bench/synth.py), or of data/items, and its Renderers."""
    from guidegen.project import load_project
    from guidegen.render.registry import Renderers
    from guidegen.settings import Settings

    if set_dir:
        project = load_project(set_dir / "guidegen.yaml", set_dir / "data" / "items")
    else:
        project = load_project(None, REPO / "data" / "items")
    return project, Renderers(project, Settings(out_dir=Path("/tmp/unused")))
