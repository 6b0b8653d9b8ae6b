"""PDF renderer: the print HTML laid out by WeasyPrint, fonts embedded as subsets."""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from guidegen.render import patches

# On the versions they follow: import WeasyPrint faster (weasyload), then patch it.
ACTIVE = patches.install("pdf")

import weasyprint  # noqa: E402 - imported by weasyload when it is active (faster)
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher  # noqa: E402

from guidegen.plan import Output  # noqa: E402
from guidegen.render.html import HtmlRenderer  # noqa: E402
from guidegen.render.templates import TemplateSet  # noqa: E402

# WeasyPrint logs every blocked fetch and unsupported CSS property as a warning;
# the build reports its own problems, so keep its log quiet.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)


class BlockedFetch(ValueError):
    """Raised for any URL outside the template folders: rendering never goes online."""


class LocalFetcher(URLFetcher):
    """Serves ``file:`` URLs under the template folders (user first) and ``data:`` URLs only."""

    def __init__(self, templates: TemplateSet):
        super().__init__(allowed_protocols=("file", "data"), timeout=1)
        self.templates = templates

    def fetch(self, url, headers=None):  # noqa: D102 - WeasyPrint API
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise BlockedFetch(f"已阻止访问外部资源：{url}")
        path = Path(unquote(parsed.path)).resolve()
        for folder in self.templates.dirs:
            if path.is_relative_to(folder):
                real = self.templates.find(path.relative_to(folder).as_posix())
                return super().fetch(real.as_uri(), headers)
        raise BlockedFetch(f"已阻止访问模板目录之外的文件：{path}")


# The font stacks come from the config, so print_base.html writes them in a <style>
# element, which WeasyPrint would parse again for every document.
_HEAD_STYLE = re.compile(r"<style>([^<]*)</style>")


def split_head_style(source: str) -> tuple[str, str | None]:
    """(source without its <style>, the style's CSS) when the head holds exactly one
    plain <style> and no other stylesheet; else (source, None)."""
    end = source.find("</head>")
    head = source[:end] if end >= 0 else ""
    match = _HEAD_STYLE.search(head)
    if match is None or head.count("<style") != 1 or "<link" in head:
        return source, None
    return source[:match.start()] + source[match.end():], match.group(1)


class PdfRenderer:
    """Renders ``print_<kind>.html`` to PDF; identical input gives identical bytes."""

    fmt = "pdf"

    def __init__(self, html: HtmlRenderer, variant: str | None = None):
        self.html = html
        self.variant = variant
        self.fetcher = LocalFetcher(html.templates)
        # Reusing one FontConfiguration keeps fontconfig's cache warm across documents.
        self.font_config = FontConfiguration()
        self._stylesheet: weasyprint.CSS | None = None
        self._head_sheets: dict[str, weasyprint.CSS] = {}

    def render_html(self, kind: str, ctx: dict) -> str:
        """The print HTML a PDF is made from (also useful for debugging templates)."""
        return self.html.render_text(f"print_{kind}.html", {**ctx, "css_href": ""})

    @property
    def stylesheet(self) -> weasyprint.CSS:
        """``print.css`` parsed once per process instead of once per document."""
        if self._stylesheet is None:
            path = self.html.templates.find("print.css")
            self._stylesheet = weasyprint.CSS(
                string=path.read_text(encoding="utf-8"), base_url=path.as_uri(),
                url_fetcher=self.fetcher, font_config=self.font_config)
        return self._stylesheet

    def _head_stylesheet(self, css: str) -> weasyprint.CSS:
        if css not in self._head_sheets:
            if len(self._head_sheets) >= 8:  # one font config per project: never in practice
                self._head_sheets.clear()
            self._head_sheets[css] = weasyprint.CSS(
                string=css, base_url=self.html.templates.dirs[0].as_uri() + "/",
                url_fetcher=self.fetcher, font_config=self.font_config)
        return self._head_sheets[css]

    def layout(self, output: Output, ctx: dict) -> tuple[str, weasyprint.Document]:
        """The print HTML and its laid-out pages."""
        source = self.render_html(output.kind, ctx)
        body, css = split_head_style(source)
        # User stylesheets follow the document's own, in order: the cascade is unchanged.
        sheets = [self.stylesheet] if css is None else [self._head_stylesheet(css), self.stylesheet]
        document = weasyprint.HTML(
            string=body,
            base_url=self.html.templates.dirs[0].as_uri() + "/",
            url_fetcher=self.fetcher,
        ).render(stylesheets=sheets, font_config=self.font_config)
        return source, document

    def write(self, source: str, document: weasyprint.Document) -> bytes:
        """The PDF bytes of laid-out pages; identical input gives identical bytes."""
        options = {"pdf_identifier": hashlib.md5(source.encode()).hexdigest().encode()}
        if self.variant:
            options["pdf_variant"] = self.variant
        return document.write_pdf(**options)

    def render(self, output: Output, ctx: dict) -> bytes:
        """Lay out and write the PDF."""
        return self.write(*self.layout(output, ctx))
