"""Template contexts: what every template of an output is given, decided once per item."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from guidegen.document import booklet, outline, supervision
from guidegen.document.form import FIELD_WIDEST, certificate_lines
from guidegen.document.text import chinese_date
from guidegen.model import Config, Item
from guidegen.plan import BOOKLETS, GENERATED, KIND_LABELS, LIST_FILES, LISTING_KINDS, Output, item_kinds
from guidegen.project import Project
from guidegen.site.links import chinese_day, download_name, last_changed, site_url

CATALOG_LABELS = {"municipal": "州市保留", "sector": "行业系统保留"}
STATUS_LABELS = {"retained": "保留", "not-issued": "不应由村（居）民委员会出具"}
FORMAT_LABELS = {"pdf": "PDF", "docx": "Word"}
MEDIA_TYPES = {"pdf": "application/pdf",
               "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def list_titles(config: Config) -> dict[str, str]:
    """The titles of the two list documents, as their outlines have them (download names)."""
    return {"notice": "不应由村（居）民委员会出具证明事项清单",
            "register": f"{config.region}村（居）民委员会印章使用登记表"}


def list_downloads(config: Config) -> list[dict]:
    """The list documents as the index page offers them."""
    titles = list_titles(config)
    found = [{"kind": kind, "title": titles[kind],
              "files": [_file(f"{stem}.{fmt}", titles[kind], fmt) for fmt in ("pdf", "docx")]}
             for kind, stem in LIST_FILES.items()]
    compiled = booklet.titles(config) if config.booklets else {}
    return found + [{"kind": kind, "title": compiled[kind],
                     "files": [_file(f"{stem}.{fmt}", compiled[kind], fmt) for fmt in ("pdf", "docx")
                               if fmt in formats]}
                    for kind, (stem, formats) in BOOKLETS.items() if kind in compiled]


def _file(href: str, stem: str, fmt: str) -> dict:
    return {"href": href, "format": fmt, "format_label": FORMAT_LABELS[fmt],
            "type": MEDIA_TYPES[fmt], "download": download_name(stem, fmt)}


def project_context(config: Config) -> dict:
    """The ``project`` and ``fonts`` parts of every template context."""
    return {
        "project": {
            "title": config.title,
            "authority": config.authority,
            "region": config.region,
            "published": chinese_date(config),
            "published_iso": config.published.isoformat(),
            "base_url": config.base_url,
            "site_url": site_url(config.base_url),
            "contact": config.contact.model_dump(),
            "supervision": config.supervision.model_dump(),
        },
        "fonts": config.fonts.model_dump(),
    }


def form_paragraphs(item: Item) -> list[list[dict]]:
    """The specimen text as lines of literal and blank parts (item.form.paragraphs)."""
    if item.form is None:
        return []
    return [[{"text": r.text, "blank": "\u3000" * r.width, "label": r.label, "width": r.width}
             for r in line] for line in certificate_lines(item, widest=FIELD_WIDEST)]


def deadline_context(item: Item) -> dict | None:
    """出具时限 labels: 当场办结, or N个工作日 under 限时办结."""
    if item.deadline is None:
        return None
    if item.deadline.type == "on-the-spot":
        return {"type": item.deadline.type, "days": None, "label": "当场办结", "mode": "当场办结"}
    days = item.deadline.days
    return {"type": item.deadline.type, "days": days, "label": f"{days}个工作日", "mode": "限时办结"}


def item_context(item: Item) -> dict:
    """Everything templates know about one item (see docs/template-context.md)."""
    data = item.model_dump()
    data.update(
        status_label=STATUS_LABELS[item.status],
        catalog_label=CATALOG_LABELS.get(item.catalog or "", ""),
        batch=item.batch or "",
        route=item.route or "",
        catalog=item.catalog or "",
        department=item.department or "",
        issuer=item.issuer or "",
        deadline=deadline_context(item),
        verification_label="需要调查核实" if item.verification else "无需调查核实",
        has_letter=item.commitment is not None,
        downloads=[
            {"kind": kind, "kind_label": KIND_LABELS[kind], "label": f"{KIND_LABELS[kind]}（{fmt.upper()}）",
             **_file(f"{item.id}-{kind}.{fmt}", f"{item.name}-{KIND_LABELS[kind]}", fmt)}
            for kind in item_kinds(item) for fmt in ("pdf", "docx")
        ],
    )
    data["materials"] = [
        {**m, "original_label": "原件" if m["original"] else "复印件"} for m in data["materials"]
    ]
    data["procedure"] = [{"no": i, **s} for i, s in enumerate(data["procedure"], start=1)]
    if item.form is not None:
        data["form"]["paragraphs"] = form_paragraphs(item)
    return data


class ItemContexts(Sequence):
    """A list of item contexts, each made when a template reaches it: a list of a few
    thousand items' dicts at once would take more memory than the items themselves."""

    def __init__(self, items: tuple[Item, ...]):
        self._items = items

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [item_context(i) for i in self._items[index]]
        return item_context(self._items[index])

    def __iter__(self) -> Iterator[dict]:
        return map(item_context, self._items)


class Contexts:
    """Template contexts for one project, made on demand so memory stays flat with size."""

    def __init__(self, project: Project, removed: dict | None = None,
                 history: list | None = None):
        self.project = project
        self.removed = removed or {}
        self.history = list(reversed(history or []))  # newest first on the page
        self.updated = last_changed(history or [])  # item id → ISO date it last changed
        self._by_id = {item.id: item for item in project.items}
        self._base = project_context(project.config)
        self._lists: dict | None = None

    def item(self, item_id: str) -> dict:
        """The context dict of one item."""
        return item_context(self._by_id[item_id])

    def _listing(self) -> dict:
        if self._lists is None:
            self._lists = {"items": ItemContexts(self.project.items),
                           "retained": ItemContexts(self.project.retained),
                           "not_issued": ItemContexts(self.project.not_issued)}
        return self._lists

    def for_output(self, output: Output) -> dict:
        """The full context of one planned output.

        Only the pages that list items get the lists: an item's documents are sent to a
        worker process one by one, and a thousand items' dicts with each would cost more
        than rendering.
        """
        root = "../../" if output.path.startswith("items/") else ""
        item = self.item(output.item_id) if output.item_id in self._by_id else None
        model = self._by_id.get(output.item_id)
        ctx = {**self._base, "item": item, "root": root, "path": output.path}
        if output.kind in GENERATED:  # made by guidegen/site/ from the models themselves
            ctx.update(config=self.project.config, updated=self.updated)
            if output.kind in LISTING_KINDS:
                ctx["models"] = self.project.items
            return ctx
        ctx["doc"] = outline(output.kind, model, self.project.config, self.project.not_issued,
                             self.project.retained if output.kind in BOOKLETS else ())
        if output.fmt == "docx" and ctx["doc"] is not None:  # the PDF's title is the outline's too
            ctx["document_title"] = ctx["doc"].title
        if output.kind == "page":
            ctx["updated"] = self._updated(output.item_id)
        if output.kind == "index":
            ctx["list_downloads"] = list_downloads(self.project.config)
        if output.kind in ("changes", "index"):  # the history only grows: not in every task
            ctx["changes"] = self.history
        if output.kind in LISTING_KINDS:
            ctx.update(self._listing())
        elif output.kind == "notice":  # sent to a worker: the short list, made in full
            ctx["not_issued"] = list(self._listing()["not_issued"])
        if output.kind == "page" and model is not None and not model.retained:
            ctx["supervision"] = supervision.item_blocks(self.project.config, model.name)
        if output.kind == "tombstone":
            ctx["removed"] = {"id": output.item_id, **self.removed[output.item_id]}
        return ctx

    def _updated(self, item_id: str | None) -> dict:
        """When an item's page last changed: from the history, else the published date."""
        iso = self.updated.get(item_id or "", self.project.config.published.isoformat())
        return {"iso": iso, "label": chinese_day(iso)}
