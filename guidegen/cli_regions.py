"""The --region / --all-regions side of the command line: which regions, and build's output."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from guidegen.errors import GuidegenError
from guidegen.project import Project, load_project
from guidegen.regions import load_regions
from guidegen.settings import Settings
from guidegen.write import memory, progress


def region_keys(region: str | None, all_regions: bool) -> list[str] | None:
    """The regions asked for: None for all of them."""
    if region and all_regions:
        raise click.UsageError("--region 和 --all-regions 只能选一个")
    return None if all_regions else [region]


def projects_to_check(config_path: Path | None, data_dir: Path | None, region: str | None,
                      all_regions: bool) -> list[tuple[str, Project]]:
    """check: the province alone (key ""), or the regions asked for."""
    if region or all_regions:
        return load_regions(config_path, data_dir, region_keys(region, all_regions), glyphs=True)
    return [("", load_project(config_path, data_dir, glyphs=True))]


def one_project(config_path: Path | None, data_dir: Path | None, region: str | None) -> Project:
    """The province's project, or with ``--region`` that region's merged one."""
    if region:
        return load_regions(config_path, data_dir, [region])[0][1]
    return load_project(config_path, data_dir)


def build(settings: Settings, keys: list[str] | None, quiet: bool,
          warn: Callable[[list, Settings], None],
          said_config: Callable[[Path | None], None]) -> None:
    """build --region / --all-regions: each region's site under OUT/<地区>/site."""
    # The renderers (Jinja2, multiprocessing) load only when something may be rendered.
    from guidegen.multibuild import build_regions

    with memory.collector_paused():
        projects = load_regions(settings.config_path, settings.data_dir, keys,
                                glyphs="pdf" in settings.formats, strict=settings.strict)
    unknown = [i for i in settings.only if not all(i in {t.id for t in p.items} for _, p in projects)]
    if unknown:
        raise GuidegenError(f"--only 指定的编号不存在：{'、'.join(unknown)}")
    with progress.Progress(quiet=quiet) as bar:
        reports = build_regions(projects, settings, keys is None, progress=bar.advance,
                                on_plan=lambda total: bar.start(bar.done + total))
    said_config(projects[0][1].config_file)
    warn(sorted({w for _, r in reports for w in r.warnings + r.notices}), settings)
    for key, report in reports:
        click.echo(f"{key}：{report.summary()}。网站位于 {settings.out_dir / key / 'site'}")
    if keys is None:
        click.echo(f"地区索引页位于 {settings.out_dir / 'index.html'}")
