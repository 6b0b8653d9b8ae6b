"""The renderer registry: one renderer per format for a project, created on first use."""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import os
from typing import Protocol

from guidegen.context import Contexts
from guidegen.model import Config
from guidegen.plan import Output
from guidegen.project import Project
from guidegen.render.html import HtmlRenderer, print_digest
from guidegen.render.templates import TemplateSet
from guidegen.settings import Settings


def pin_date(published: dt.date) -> None:
    """Pin SOURCE_DATE_EPOCH (read by fontTools when it re-saves a font) to the published date."""
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(published.timetuple()))


class Renderer(Protocol):
    """Turns one planned output and its context into file bytes."""

    def render(self, output: Output, ctx: dict) -> bytes:
        """Bytes of the finished file, deterministic for the same input."""


class Renderers:
    """The three renderers for one project, sharing one template lookup per format."""

    # Set by keep_warm(): renderers by (templates, config, variant), reused by later builds.
    _warm: dict[tuple, dict] | None = None

    def __init__(self, project: Project, settings: Settings, removed: dict | None = None,
                 history: list | None = None, like: Renderers | None = None):
        # fontTools stamps re-saved fonts (WeasyPrint re-saves colour fonts) with the clock
        # unless SOURCE_DATE_EPOCH is set: pin it to the published date, in every worker too.
        pin_date(project.config.published)
        self.config, self.variant = project.config, settings.pdf_variant
        self.contexts = Contexts(project, removed, history)
        self._source: Renderers | None = None
        if like is not None:  # another region of the same build: same templates and fonts
            self._share(like)
            return
        user_dir = settings.templates_dir or project.root / "templates"
        key = (str(user_dir.resolve()), project.config.model_dump_json(), settings.pdf_variant)
        shared = self._warm.get(key) if self._warm is not None else None
        if shared is None:
            html = HtmlRenderer(TemplateSet("html", user_dir))
            shared = {"docx_templates": TemplateSet("docx", user_dir), "by_format": {"html": html}}
            if self._warm is not None:
                self._warm[key] = shared
        self.docx_templates = shared["docx_templates"]
        self.by_format: dict[str, Renderer] = shared["by_format"]
        self.html = self.by_format["html"]

    def with_config(self, config: Config) -> Renderers:
        """These renderers for another config of the same templates and fonts (a region's):
        HTML and PDF take everything from the context and are shared; DOCX stamps the
        config's date and authority into the file, so it gets a renderer of its own."""
        other = copy.copy(self)
        other.config = config
        other._share(self)
        return other

    def _share(self, other: Renderers) -> None:
        self.docx_templates, self.html = other.docx_templates, other.html
        self.by_format = {f: r for f, r in other.by_format.items() if f != "docx"}
        self._source = other

    @classmethod
    def keep_warm(cls) -> dict:
        """From now on, builds in this process reuse their renderers (``guidegen serve``):
        clear the returned dict when templates change, since renderers cache them."""
        if cls._warm is None:
            cls._warm = {}
        return cls._warm

    def template_digest(self, fmt: str, kind: str) -> str:
        """Hash of the templates one kind in one format is made from (no renderer needed)."""
        if fmt == "pdf":
            return print_digest(self.html, kind, self.variant)
        if fmt == "docx":
            return self.docx_templates.digest([f"{kind}.docx"])
        return self.html.template_digest(kind)

    def renderer(self, fmt: str) -> Renderer:
        """The renderer for a format, created on first use: a no-op build imports neither
        WeasyPrint nor docxtpl."""
        if fmt not in self.by_format:
            if fmt != "docx" and self._source is not None:
                self.by_format[fmt] = self._source.renderer(fmt)
            elif fmt == "pdf":
                from guidegen.render.pdf import PdfRenderer
                self.by_format[fmt] = PdfRenderer(self.html, self.variant)
            else:
                from guidegen.render.docx import DocxRenderer
                self.by_format[fmt] = DocxRenderer(self.docx_templates, self.config)
        return self.by_format[fmt]

    def render(self, output: Output) -> bytes:
        """Bytes of one output."""
        return self.renderer(output.fmt).render(output, self.contexts.for_output(output))
