"""Build settings: the one list of options a build takes, their defaults and their hash."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from guidegen import __version__

FORMATS = ("docx", "pdf", "html")
PDF_VARIANTS = ("pdf/a-3b",)
PACKAGE = os.path.dirname(os.path.abspath(__file__))


@dataclass(frozen=True)
class Settings:
    """What the user asked for on the command line."""

    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    only: tuple[str, ...] = ()
    force: bool = False
    jobs: int = 1
    strict: bool = False
    pdf_variant: str | None = None
    templates_dir: Path | None = None
    config_path: Path | None = None
    data_dir: Path | None = None

    def key(self, config_file: str | Path | None) -> str:
        """Hash of every option that decides the result besides file contents.

        ``config_file`` is the config actually read; the working directory is part of the
        key because paths in messages are shown relative to it. ``force`` and ``jobs``
        change how a build runs, never what it writes, so they are left out.
        """
        parts = [__version__, PACKAGE, os.getcwd(),
                 os.path.abspath(config_file) if config_file else None,
                 os.path.abspath(self.data_dir) if self.data_dir else None,
                 os.path.abspath(self.templates_dir) if self.templates_dir else None,
                 sorted(self.formats), sorted(set(self.only)), bool(self.strict),
                 self.pdf_variant]
        return hashlib.sha256(repr(parts).encode()).hexdigest()
