"""Site files made by code rather than templates: search index, open data, sitemap, robots."""

from __future__ import annotations

from guidegen.plan import Output
from guidegen.site import opendata, search, sitemap


def render(output: Output, ctx: dict) -> bytes:
    """Bytes of one generated site file; ``ctx`` holds the items as models (``models``)."""
    kind, config = output.kind, ctx["config"]
    if kind == "search":
        return search.index_script(ctx["models"])
    if kind == "items-json":
        return opendata.json_bytes(ctx["models"], config, ctx["updated"], output.path)
    if kind == "items-csv":
        return opendata.csv_bytes(ctx["models"], config, ctx["updated"], output.path)
    if kind == "schema":
        return opendata.schema_bytes()
    if kind == "sitemap":
        return sitemap.sitemap_xml(ctx["models"], config, ctx["updated"])
    if kind == "robots":
        return sitemap.robots_txt(config)
    raise ValueError(f"not a generated site file: {output}")
