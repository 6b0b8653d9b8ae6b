"""HTML renderer: Jinja2 templates for the site pages and the print documents."""

from __future__ import annotations

import contextlib
import hashlib

import jinja2

from guidegen.errors import GuidegenError
from guidegen.plan import ASSETS, GENERATED, Output
from guidegen.render.errors import TemplateFailed, explain, template_frame
from guidegen.render.templates import TemplateSet
from guidegen.site import files
from guidegen.site.strict import without_inline_widths

PAGE_TEMPLATES = {"page": "item.html", "index": "index.html", "tombstone": "tombstone.html",
                  "changes": "changes.html", "notfound": "404.html"}


def template_name(kind: str, printed: bool) -> str:
    """Template file for a kind: site pages by name, documents as ``print_<kind>.html``."""
    return f"print_{kind}.html" if printed else PAGE_TEMPLATES[kind]


class HtmlRenderer:
    """Renders site pages (and, for the PDF renderer, print documents) from Jinja2."""

    fmt = "html"

    def __init__(self, templates: TemplateSet):
        self.templates = templates

    def preload(self) -> None:
        """Compile every site page template now (a warm process's first edit then renders
        at once); a broken template is left for its render to report."""
        for name in PAGE_TEMPLATES.values():
            with contextlib.suppress(Exception):
                self.templates.env.get_template(name)

    def template_digest(self, kind: str, printed: bool = False) -> str:
        """Hash of the kind's template and everything it extends or includes."""
        if kind == "asset":
            return self.templates.digest(list(ASSETS))
        if kind in GENERATED:  # made by code: its version is in every key
            return ""
        return self.templates.digest(self.templates.closure(template_name(kind, printed)))

    def render_text(self, name: str, ctx: dict) -> str:
        """Render one template to text, turning Jinja errors into TemplateFailed."""
        try:
            template = self.templates.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise explain(exc, f"html/{exc.name or name}", exc.lineno, exc.source) from None
        except jinja2.TemplateNotFound as exc:
            raise explain(exc, f"html/{name}") from None
        except UnicodeDecodeError:
            raise TemplateFailed(f"模板 html/{name}（或它引用的模板）不是 UTF-8 编码，请另存为 UTF-8") from None
        try:
            return template.render(ctx)
        except Exception as exc:  # noqa: BLE001 - only errors raised inside a template file
            where = template_frame(exc, self.templates.dirs)
            if where is None and not isinstance(exc, jinja2.TemplateError):
                raise  # a bug in guidegen itself, not in a template
            if isinstance(exc, jinja2.TemplateSyntaxError):  # in an included template
                raise explain(exc, f"html/{exc.name or name}", exc.lineno, exc.source) from None
            where = where or (name, None)
            raise explain(exc, f"html/{where[0]}", where[1], self._source(where[0])) from None

    def _source(self, name: str) -> str | None:
        try:
            return self.templates.find(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, GuidegenError):
            return None

    def render(self, output: Output, ctx: dict) -> bytes:
        """A site file as bytes: pages from templates (without inline styles), assets as
        they are, the rest from guidegen/site/."""
        if output.kind == "asset":
            return self.templates.find(output.path).read_bytes()
        if output.kind in GENERATED:
            return files.render(output, ctx)
        page = self.render_text(template_name(output.kind, False), ctx)
        return without_inline_widths(page).encode("utf-8")


def print_digest(html: HtmlRenderer, kind: str, variant: str | None) -> str:
    """Hash of a PDF kind's inputs: print template closure, print.css and the PDF variant."""
    closure = html.template_digest(kind, printed=True)
    css = html.templates.digest(["print.css"])
    return hashlib.sha256(f"{closure}{css}{variant}".encode()).hexdigest()
