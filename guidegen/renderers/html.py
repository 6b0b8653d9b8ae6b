"""HTML renderer: Jinja2 templates for the site pages and the print documents."""

from __future__ import annotations

import jinja2

from guidegen.documents import Output
from guidegen.renderers.base import explain, template_frame
from guidegen.templates import TemplateSet

PAGE_TEMPLATES = {"page": "item.html", "index": "index.html", "tombstone": "tombstone.html",
                  "changes": "changes.html"}


def template_name(kind: str, printed: bool) -> str:
    """Template file for a kind: site pages by name, documents as ``print_<kind>.html``."""
    return f"print_{kind}.html" if printed else PAGE_TEMPLATES[kind]


class HtmlRenderer:
    """Renders site pages (and, for the PDF renderer, print documents) from Jinja2."""

    fmt = "html"

    def __init__(self, templates: TemplateSet):
        self.templates = templates

    def template_digest(self, kind: str, printed: bool = False) -> str:
        """Hash of the kind's template and everything it extends or includes."""
        if kind == "asset":
            return self.templates.digest(["assets/site.css"])
        return self.templates.digest(self.templates.closure(template_name(kind, printed)))

    def render_text(self, name: str, ctx: dict) -> str:
        """Render one template to text, turning Jinja errors into TemplateFailed."""
        try:
            template = self.templates.env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            raise explain(exc, f"html/{exc.name or name}", exc.lineno) from None
        except jinja2.TemplateNotFound as exc:
            raise explain(exc, f"html/{name}") from None
        try:
            return template.render(ctx)
        except jinja2.TemplateError as exc:
            where = template_frame(exc, self.templates.dirs) or (name, None)
            raise explain(exc, f"html/{where[0]}", where[1]) from None

    def render(self, output: Output, ctx: dict) -> bytes:
        """A site page as UTF-8 bytes (static assets are copied as they are)."""
        if output.kind == "asset":
            return self.templates.find(output.path).read_bytes()
        return self.render_text(template_name(output.kind, False), ctx).encode("utf-8")
