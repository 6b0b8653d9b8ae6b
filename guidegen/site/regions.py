"""The page that lists every region's site (``OUT/index.html`` of ``build --all-regions``)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from guidegen.project import Project
from guidegen.write.publish import write_atomic

INDEX = "index.html"
TITLE = "各地区村（居）民委员会出具证明事项清单和办事指南"


def index_page(projects: list[tuple[str, Project]]) -> bytes:
    """The regions index: one entry per region, linking to ``<key>/site/index.html``; it
    borrows the first region's stylesheet, so it looks like the sites it lists."""
    first = projects[0][0]
    rows = []
    for key, project in projects:
        config = project.config
        phone = f"，咨询电话 {escape(config.contact.phone)}" if config.contact.phone else ""
        rows.append(f'<li><a href="{escape(key)}/site/index.html">{escape(config.region)}</a>'
                    f"：{escape(config.authority)}{phone}，{len(project.retained)} 项保留、"
                    f"{len(project.not_issued)} 项不应出具</li>")
    page = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{TITLE}</title>
<link rel="stylesheet" href="{escape(first)}/site/assets/site.css">
</head>
<body>
<main id="main" class="wrap">
<h1>{TITLE}</h1>
<p>各地区在省级清单基础上公布本地区的村（居）民委员会出具证明事项清单和办事指南：</p>
<ul class="region-list">
{chr(10).join(rows)}
</ul>
</main>
</body>
</html>
"""
    return page.encode()


def write_index(out_dir: Path, projects: list[tuple[str, Project]]) -> Path:
    """Write the regions index atomically; returns its path."""
    path = out_dir / INDEX
    write_atomic(path, index_page(projects))
    return path
