"""``guidegen export``: the workbook (submission tables or full), and the letter's attachment."""

from __future__ import annotations

from pathlib import Path

from guidegen.lists import style, workbooks
from guidegen.lists.document import write_document
from guidegen.project import Project


def export(project: Project, path: Path, full: bool = False, docx: bool = False) -> list[Path]:
    """Write ``path`` (and ``path`` with .docx when ``docx``); the files written."""
    build = workbooks.full_book if full else workbooks.submission_book
    style.save(build(project.config, project.items), path)
    written = [path]
    if docx:
        written.append(write_document(project, path.with_suffix(".docx")))
    return written
