"""The plan: which items get which document kinds, and where each output goes."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from guidegen.model import Item
from guidegen.project import Project
from guidegen.settings import FORMATS

KIND_LABELS = {
    "guide": "办事指南", "form": "证明表单样本", "letter": "告知承诺书",
    "notice": "不应出具证明事项清单", "register": "印章使用登记表",
    "booklet": "办事指南汇编", "formbook": "证明表单汇编", "poster": "清单公示（张贴）",
}
# The outputs made from every item: rendered by the build process itself, which holds the
# items (see ItemContexts); a worker would need them all.
LISTING_KINDS = ("index", "search", "items-json", "items-csv", "sitemap")
LIST_FILES = {"notice": "downloads/not-issued", "register": "downloads/seal-register"}
# Static files copied from templates/html/assets/ (a user's templates folder may replace them).
ASSETS = ("assets/site.css", "assets/site.js", "assets/favicon.svg", "assets/icon.png")
# Site files of the whole project, path → kind (guidegen/site/ makes all but the 404 page).
SITE_FILES = {
    "assets/search-index.js": "search",
    "downloads/items.json": "items-json",
    "downloads/items.csv": "items-csv",
    "downloads/items.schema.json": "schema",
    "robots.txt": "robots",
    "404.html": "notfound",
}
GENERATED = ("search", "items-json", "items-csv", "schema", "sitemap", "robots")  # by code
SITEMAP = "sitemap.xml"  # only when base_url is set: a sitemap lists absolute URLs
# Compiled from every item (document/booklet.py): file stem and formats.
BOOKLETS = {"booklet": ("downloads/guide-booklet", ("docx", "pdf")),
            "formbook": ("downloads/form-book", ("pdf",)),
            "poster": ("downloads/poster", ("pdf",))}


@dataclass(frozen=True, order=True, slots=True)  # a build holds ~5 per item
class Output:
    """One file to produce: its site-relative path, document kind, format and item."""

    path: str
    kind: str
    fmt: str
    item_id: str | None = None


_by_path = attrgetter("path")


def item_kinds(item: Item) -> tuple[str, ...]:
    """Document kinds an item gets: retained items get guide and form, plus letter."""
    if not item.retained:
        return ()
    return ("guide", "form", "letter") if item.commitment else ("guide", "form")


def plan(project: Project, formats: tuple[str, ...] = FORMATS,
         only: tuple[str, ...] = (), removed: tuple[str, ...] = ()) -> list[Output]:
    """Every output of the build, item × kind × format, plus the site and list documents."""
    outputs: list[Output] = []
    if "html" in formats and not only:
        outputs += [Output(f"items/{i}/index.html", "tombstone", "html", i) for i in removed]
        outputs.append(Output("changes.html", "changes", "html"))
    for item in project.items:
        if only and item.id not in only:
            continue
        base = f"items/{item.id}"
        if "html" in formats:
            outputs.append(Output(f"{base}/index.html", "page", "html", item.id))
        for kind in item_kinds(item):
            for fmt in ("docx", "pdf"):
                if fmt in formats:
                    outputs.append(Output(f"{base}/{item.id}-{kind}.{fmt}", kind, fmt, item.id))
    if not only:
        if "html" in formats:
            outputs += [Output(path, "asset", "html") for path in ASSETS]
            outputs += [Output(path, kind, "html") for path, kind in SITE_FILES.items()]
            if project.config.base_url:
                outputs.append(Output(SITEMAP, "sitemap", "html"))
        for kind, stem in LIST_FILES.items():
            for fmt in ("docx", "pdf"):
                if fmt in formats:
                    outputs.append(Output(f"{stem}.{fmt}", kind, fmt))
        for kind, (stem, kind_formats) in BOOKLETS.items() if project.config.booklets else ():
            outputs += [Output(f"{stem}.{fmt}", kind, fmt) for fmt in kind_formats if fmt in formats]
        if "html" in formats:
            outputs.append(Output("index.html", "index", "html"))
    return sorted(outputs, key=_by_path)  # paths are unique: the same order as Output's, faster
