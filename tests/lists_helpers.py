"""Helpers for the tests of guidegen/lists: copies of projects, file snapshots, sheet edits."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parents[1]
PROJECTS = Path(__file__).parent / "projects"
VALID_PROJECTS = ("minimal", "incremental", "documents", "encodings")


def project_copy(name: str, dest: Path) -> Path:
    """The sample data (name "sample") or a tests/projects folder, copied under ``dest``."""
    root = dest / name
    if name == "sample":
        root.mkdir(parents=True)
        shutil.copytree(REPO / "data", root / "data")
        shutil.copy(REPO / "guidegen.yaml", root / "guidegen.yaml")
    else:
        shutil.copytree(PROJECTS / name, root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (except workbooks and build output) → its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.suffix not in (".xlsx", ".docx", ".pdf") and "output" not in p.parts}


def headers(ws, row: int) -> dict[str, int]:
    """Header label → 1-based column of a sheet's header row."""
    return {c.value: c.column for c in ws[row] if c.value is not None}


def find_row(ws, column: int, value, first: int = 2) -> int:
    """The first row (≥ ``first``) whose cell in ``column`` equals ``value``."""
    for row in range(first, ws.max_row + 1):
        if ws.cell(row, column).value == value:
            return row
    raise AssertionError(f"{value!r} not found in column {column} of {ws.title}")


def load(path: Path):
    """The workbook, for editing like a clerk would (openpyxl keeps everything else)."""
    return openpyxl.load_workbook(path)
