"""Build several regions' sites in one go, sharing one render pool.

Each region is a full build of its own (its lock, state, staging and atomic swap under
``OUT/<region>/``), but the outputs of all regions go to one pool: started once, its
templates and fonts loaded once, and no region waits for another's stragglers.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable

from guidegen.build import Report, site_lock
from guidegen.errors import GuidegenError
from guidegen.project import Project
from guidegen.settings import Settings
from guidegen.site.regions import write_index
from guidegen.write.guard import check_out_dir
from guidegen.write.pool import Job, render_jobs
from guidegen.write.publish import reason


def build_regions(projects: list[tuple[str, Project]], settings: Settings, index: bool,
                  progress: Callable[[str], None] = lambda path: None,
                  on_plan: Callable[[int], None] = lambda total: None) -> list[tuple[str, Report]]:
    """Build each region's site under ``OUT/<region>/site``; with ``index``, also the page
    listing them (``OUT/index.html``)."""
    if projects:  # the index of regions is written into OUT itself
        check_out_dir(settings.out_dir, projects[0][1].protected())
    with contextlib.ExitStack() as stack:
        sites = []
        for key, project in projects:
            region = dataclasses.replace(settings, out_dir=settings.out_dir / key)
            sites.append((key, stack.enter_context(site_lock(project, region))))
        for number, (_, site) in enumerate(sites):
            site.plan(sites[0][1].renderers if number else None)
        on_plan(sum(len(site.todo) for _, site in sites))
        busy = [site for _, site in sites if not site.fresh()]
        try:
            jobs = []
            for site in busy:
                jobs.append(Job(site.project, site.todo, site.staging, site.renderers,
                                site.open_staging(progress)))
            rendered = render_jobs(settings, jobs)
            for site in busy:
                site.publish(rendered)
        finally:
            for site in busy:
                site.close_staging()
    if index:
        try:
            write_index(settings.out_dir, projects)
        except OSError as exc:
            raise GuidegenError(f"无法写入地区索引页（{reason(exc)}）") from None
    return [(key, site.report) for key, site in sites]
