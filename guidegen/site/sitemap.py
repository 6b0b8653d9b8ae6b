"""``sitemap.xml`` and ``robots.txt`` for search engines and portal crawlers.

A sitemap must list absolute URLs, so it exists only when ``base_url`` is configured;
robots.txt then points to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from guidegen.model import Config, Item
from guidegen.site.links import absolute


def sitemap_xml(items: Iterable[Item], config: Config, updated: dict[str, str]) -> bytes:
    """Every live page with the date it last changed (items from the change history)."""
    published = config.published.isoformat()
    newest = max([published, *updated.values()])
    pages = [("index.html", newest), ("changes.html", newest)]
    pages += [(f"items/{i.id}/index.html", updated.get(i.id, published)) for i in items]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, date in pages:
        url = escape(absolute(config.base_url, path))
        lines.append(f"<url><loc>{url}</loc><lastmod>{date}</lastmod></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(config: Config) -> bytes:
    """Everything may be crawled; the sitemap's address when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines.append(f"Sitemap: {absolute(config.base_url, 'sitemap.xml')}")
    return ("\n".join(lines) + "\n").encode("utf-8")
