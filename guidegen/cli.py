"""Command line: parse options, call one function, map errors to exit codes."""

from __future__ import annotations

import os
from pathlib import Path

import click

from guidegen import __version__, cli_zh
from guidegen.errors import GuidegenError, sort_problems
from guidegen.incremental import noop
from guidegen.project import load_project
from guidegen.settings import FORMATS, PDF_VARIANTS, Settings
from guidegen.write import memory, progress

cli_zh.install()

SHOWN_CHANGES = 12  # change lines printed by build; changes.html keeps them all

DATA = click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False),
                    help="条目数据目录（默认取配置文件中的 data，即 data/items）。")
CONFIG = click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
                      help="配置文件路径（默认为当前目录下的 guidegen.yaml）。")
OUT = click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                   default=Path("output"), show_default=True, help="输出目录，网站生成在其中的 site/ 下。")
FORMAT = click.option("--format", "formats", default=",".join(FORMATS), show_default=True, metavar="格式",
                      help="要生成的格式，逗号分隔：docx,pdf,html。")
TEMPLATES = click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False),
                         help="自定义模板目录（其中的 docx/、html/ 优先于内置模板）。")
JOBS = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, metavar="N",
                    help="并行进程数（默认为 CPU 核数）。")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", message="guidegen %(version)s")
def cli() -> None:
    """guidegen：根据 YAML 条目生成村（居）民委员会出具证明事项的办事指南、表单样本和告知承诺书。"""


@cli.command()
@DATA
@CONFIG
def check(data_dir: Path | None, config_path: Path | None) -> None:
    """检查条目数据：列出全部问题（文件:行号: 字段: 说明），有错误时退出码为 1。"""
    project = load_project(config_path, data_dir, glyphs=True)
    for warning in sort_problems(list(project.warnings)):
        click.echo(warning.format(), err=True)
    click.echo(
        f"检查通过：保留清单 {len(project.retained)} 项，"
        f"不应出具清单 {len(project.not_issued)} 项，共 {len(project.items)} 项。"
    )


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
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
def build(data_dir, config_path, out_dir, formats, only, templates_dir, pdf_variant, strict,
          force, jobs, quiet) -> None:
    """校验数据并生成办事指南、表单样本、告知承诺书（DOCX/PDF）和静态网站。"""
    try:
        chosen = _formats(formats)
    except click.BadParameter:
        chosen = None  # reported after any data errors, by the normal path
    settings = Settings(out_dir=out_dir, formats=chosen or FORMATS, only=tuple(only),
                        force=force, jobs=jobs or os.cpu_count() or 1, strict=strict,
                        pdf_variant=pdf_variant, templates_dir=templates_dir,
                        config_path=config_path, data_dir=data_dir)
    if not force and chosen and _noop(settings):
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
    for warning in sort_problems(report.warnings):
        click.echo(warning.format(), err=True)
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


def _noop(settings: Settings) -> bool:
    """Report a build with nothing to do from the last build's manifest, if it still holds."""
    replayed = noop.replay(settings)
    if replayed is None:
        return False
    warnings, skipped = replayed
    for warning in sort_problems(warnings):
        click.echo(warning.format(), err=True)
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
@click.argument("old_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("new_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
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


def main() -> None:
    """Run the CLI; user errors print plainly and exit 1, usage errors exit 2."""
    try:
        cli.main(prog_name="guidegen", standalone_mode=True)
    except GuidegenError as exc:  # pragma: no cover - click handles these in standalone mode
        exc.show()
        raise SystemExit(exc.exit_code) from None
    except SystemExit as exc:
        memory.exit_now(exc.code)
        raise
