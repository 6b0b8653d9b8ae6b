"""Command line: parse options, call one function, map errors to exit codes."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import click

from guidegen import __version__, cli_lists, cli_regions, cli_zh
from guidegen.cli_options import (ALL_REGIONS, CONFIG, DATA, FORMAT, JOBS, OUT, REGION, TEMPLATES,
                                  UserPath)
from guidegen.config import config_notice, find_config
from guidegen.errors import GuidegenError, reason, sort_problems
from guidegen.load.files import display_path
from guidegen.incremental import noop
from guidegen.project import load_project
from guidegen.render import patches
from guidegen.settings import FORMATS, PDF_VARIANTS, Settings
from guidegen.write import memory, progress

cli_zh.install()

SHOWN_CHANGES = 12  # change lines printed by build; changes.html keeps them all

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", message="guidegen %(version)s")
def cli() -> None:
    """guidegen：根据 YAML 条目生成村（居）民委员会出具证明事项的办事指南、表单样本和告知承诺书。"""


@cli.command()
@DATA
@CONFIG
@REGION
@ALL_REGIONS
def check(data_dir: Path | None, config_path: Path | None, region: str | None,
          all_regions: bool) -> None:
    """检查条目数据：列出全部问题（文件:行号: 字段: 说明），有错误时退出码为 1。"""
    projects = cli_regions.projects_to_check(config_path, data_dir, region, all_regions)
    if projects[0][1].config_file is None:  # which one was found is said by build, not here
        click.echo(config_notice(None, data_dir), err=True)
    for warning in sort_problems(list({w for _, p in projects for w in p.warnings})):
        click.echo(warning.format(), err=True)
    for key, project in projects:
        click.echo(
            (f"{key}（{project.config.region}）：" if key else "") +
            f"检查通过：保留清单 {len(project.retained)} 项，"
            f"不应出具清单 {len(project.not_issued)} 项，共 {len(project.items)} 项。"
        )


def _formats(value: str) -> tuple[str, ...]:
    # "docx，pdf" and "docx、pdf" as typed with a Chinese input method mean the same.
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in re.split("[,，、 ]", value) if f.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise click.BadParameter(f"格式只能是 {'、'.join(FORMATS)} 中的一个或多个，用逗号分隔")
    return chosen


@cli.command()
@DATA
@CONFIG
@OUT
@FORMAT
@click.option("--only", multiple=True, metavar="ID", help="只生成指定编号的条目（可重复）。")
@TEMPLATES
@click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), help="PDF 归档格式，如 pdf/a-3b。")
@click.option("--strict", is_flag=True, help="有字体无法显示的字符（生僻字）时报错退出，而不只是警告。")
@click.option("--force", is_flag=True, help="忽略构建记录，全部重新生成。")
@JOBS
@click.option("-q", "--quiet", is_flag=True, help="只输出错误和最后的统计。")
@REGION
@ALL_REGIONS
def build(data_dir, config_path, out_dir, formats, only, templates_dir, pdf_variant, strict,
          force, jobs, quiet, region, all_regions) -> None:
    """校验数据并生成办事指南、表单样本、告知承诺书（DOCX/PDF）和静态网站。"""
    try:
        chosen = _formats(formats)
    except click.BadParameter:
        chosen = None  # reported after any data errors, by the normal path
    settings = Settings(out_dir=out_dir, formats=chosen or FORMATS, only=tuple(only),
                        force=force, jobs=jobs or os.cpu_count() or 1, strict=strict,
                        pdf_variant=pdf_variant, templates_dir=templates_dir,
                        config_path=config_path, data_dir=data_dir)
    if region or all_regions:
        keys = cli_regions.region_keys(region, all_regions)
        return cli_regions.build(replace(settings, formats=chosen or _formats(formats)), keys, quiet,
                                 _warn, lambda c: _config(c, settings, quiet))
    if not force and chosen and _noop(settings, quiet):
        return
    # The renderers (Jinja2, multiprocessing) load only when something may be rendered.
    from guidegen.build import build as run_build

    project = _load_quietly(settings)
    unknown = [i for i in only if i not in {item.id for item in project.items}]
    if unknown:
        raise GuidegenError(f"--only 指定的编号不存在：{'、'.join(unknown)}")
    if chosen is None:
        _formats(formats)
    with progress.Progress(quiet=quiet) as bar:
        report = run_build(project, settings, progress=bar.advance, on_plan=bar.start)
    _config(project.config_file, settings, quiet)
    _warn(report.warnings + report.notices, settings)
    if report.changes and not quiet:
        lines = report.changes.lines()
        click.echo(f"清单变化（{report.changes.date}）：")
        # A first build or a big list change would scroll everything else away.
        for line in lines[:SHOWN_CHANGES]:
            click.echo(f"  {line}")
        if len(lines) > SHOWN_CHANGES:
            click.echo(f"  ……共 {len(lines)} 处变化，完整记录见 {out_dir / 'site' / 'changes.html'}")
    click.echo(f"{report.summary()}。网站位于 {out_dir / 'site'}")


def _load_quietly(settings: Settings):
    """load_project tuned for a build that keeps everything it loads until the end."""
    with memory.collector_paused():
        project = load_project(settings.config_path, settings.data_dir,
                               cache_dir=settings.out_dir / ".guidegen",
                               glyphs="pdf" in settings.formats, strict=settings.strict)
    threshold = memory.settle_heap()  # nor scan them in the collections during rendering
    click.get_current_context().call_on_close(lambda: memory.restore_heap(threshold))
    return project


def _warn(warnings: list, settings: Settings) -> None:
    """The build's warnings, then whether patches were left off: said here, by the build
    process, not by each render process (also after a no-op, like the warnings)."""
    for warning in sort_problems(warnings):
        click.echo(warning.format(), err=True)
    notice = patches.notice(settings.formats)
    if notice:
        click.echo(notice, err=True)


def _config(config_file: Path | None, settings: Settings, quiet: bool) -> None:
    """Which config the build used (not under -q), or the warning that none was found."""
    if config_file is None or not quiet:
        click.echo(config_notice(config_file, settings.data_dir), err=True)


def _noop(settings: Settings, quiet: bool) -> bool:
    """Report a build with nothing to do from the last build's manifest, if it still holds."""
    replayed = noop.replay(settings)
    if replayed is None:
        return False
    warnings, skipped = replayed
    _config(find_config(settings.config_path, settings.data_dir), settings, quiet)
    _warn(warnings, settings)
    click.echo(f"{progress.summary(0, skipped, 0)}。网站位于 {settings.out_dir / 'site'}")
    return True


@cli.command()
@DATA
@CONFIG
@OUT
@FORMAT
@TEMPLATES
@JOBS
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, metavar="端口",
              help="预览端口（只在本机 127.0.0.1 上监听；0 表示任选一个空闲端口）。")
def serve(data_dir, config_path, out_dir, formats, templates_dir, jobs, port) -> None:
    """生成网站并在本机预览；修改数据、配置或模板后自动重新生成，并刷新浏览器中的页面。"""
    # The watcher and the server load only for this command.
    from guidegen.site.serve import serve as run_serve

    chosen = _formats(formats)
    if "html" not in chosen:
        raise click.BadParameter("预览需要生成网站，格式中应包含 html", param_hint="--format")
    settings = Settings(out_dir=out_dir, formats=chosen, jobs=jobs or os.cpu_count() or 1,
                        templates_dir=templates_dir, config_path=config_path, data_dir=data_dir)
    try:
        run_serve(settings, port, click.echo)
    except KeyboardInterrupt:
        click.echo("已结束预览。")


@cli.command()
@click.argument("old_dir", type=UserPath(path_type=Path, file_okay=False, exists=True))
@click.argument("new_dir", type=UserPath(path_type=Path, file_okay=False, exists=True))
@CONFIG
def diff(old_dir: Path, new_dir: Path, config_path: Path | None) -> None:
    """比较两个数据目录（旧 → 新），列出新增、移除、调整清单和修改的字段，不生成文件。"""
    from guidegen.incremental.changes import compare, summarize

    old, new = load_project(config_path, old_dir), load_project(config_path, new_dir)
    changes = compare({i.id: summarize(i) for i in old.items},
                      {i.id: summarize(i) for i in new.items})
    for line in changes.lines():
        click.echo(line)
    click.echo(f"共 {len(changes.lines())} 处变化。" if changes else "两个数据目录没有差别。")


@cli.command()
@CONFIG
def doctor(config_path: Path | None) -> None:
    """检查运行环境：Python 与依赖库版本、每个字体角色使用的字体文件、外部程序和已启用的加速补丁。"""
    from guidegen.config import load_config
    from guidegen.doctor import report

    for line in report(load_config(config_path)[0].fonts):
        click.echo(line)


for command in (cli_lists.export, cli_lists.import_, cli_lists.merge):
    cli.add_command(command)


def main() -> None:
    """Run the CLI; user errors print plainly and exit 1, usage errors exit 2."""
    try:
        try:
            cli.main(prog_name="guidegen", standalone_mode=True)
        except OSError as exc:  # permission, disk full, read-only, name too long: never a traceback
            click.echo(f"错误：{os_message(exc)}", err=True)
            raise SystemExit(1) from None
    except GuidegenError as exc:  # pragma: no cover - click handles these in standalone mode
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except SystemExit as exc:
        memory.exit_now(exc.code)
        raise


def os_message(exc: OSError) -> str:
    """An operating-system error that escaped the commands, in Chinese with its paths."""
    paths = "、".join(display_path(os.fsdecode(f)) for f in (exc.filename, exc.filename2) if f)
    where = f"无法读写 {paths}" if paths else "读写文件时出错"
    return (f"{where}（{reason(exc)}）；请检查路径是否写对、有没有读写权限、磁盘是否已满，"
            "或换一个目录（路径较短、只用常见字符）后重试")


cli_zh.localise(cli)
