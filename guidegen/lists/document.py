"""The submission tables and the law index as a GB/T 9704 document (templates/docx/lists.docx)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from guidegen.context import project_context
from guidegen.lists import laws, submission
from guidegen.model import Item
from guidegen.plan import Output
from guidegen.project import Project
from guidegen.render.docx import DocxRenderer
from guidegen.render.templates import TemplateSet

LAW_LABEL = "附件4"


def _retained(item: Item, number: int) -> dict:
    return {"no": number, "name": item.name, "department": item.department or "",
            "basis": submission.basis_text(item).split("\n") if item.legal_basis else [""],
            "deadline": submission.deadline_text(item), "purposes": list(item.purposes) or [""]}


def parts(project: Project) -> list[dict]:
    """One part per non-empty table: 附件1, 附件2, 附件3, then the law index."""
    found = []
    for attachment in submission.ATTACHMENTS:
        listed = attachment.items(project.items)
        if not listed:
            continue
        if attachment.key == "not-issued":
            rows = [{"no": n, "name": i.name, "route": i.route or ""} for n, i in enumerate(listed, 1)]
        else:
            rows = [_retained(i, n) for n, i in enumerate(listed, 1)]
        found.append({"kind": "retained" if attachment.key != "not-issued" else "not-issued",
                      "label": attachment.label, "rows": rows,
                      "title": submission.title(attachment, project.config, listed)})
    cited = laws.rows(project.items)
    if cited:
        rows = [{"no": no, "law": law, "article": article, "excerpt": excerpt.split("\n"), "cited_by": items}
                for no, law, article, excerpt, items in cited]
        found.append({"kind": "laws", "label": LAW_LABEL, "title": "法规文件政策清单", "rows": rows})
    return found


def write_document(project: Project, path: Path, templates_dir: Path | None = None) -> Path:
    """Render the document to ``path`` atomically; the path."""
    renderer = DocxRenderer(TemplateSet("docx", templates_dir), project.config)
    context = {**project_context(project.config), "parts": parts(project)}
    data = renderer.render(Output(path.name, "lists", "docx"), context)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
    return path
