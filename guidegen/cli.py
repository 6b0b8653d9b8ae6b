"""Command line: parse options, call one function, map errors to exit codes."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import click

from guidegen import __version__, cli_regions, cli_zh
from guidegen.config import config_notice, find_config
from guidegen.errors import GuidegenError, sort_problems
from guidegen.incremental import noop
from guidegen.load.files import display_path
from guidegen.project import load_project
from guidegen.render import patches
from guidegen.settings import FORMATS, PDF_VARIANTS, Settings
from guidegen.write import memory, progress

cli_zh.install()

SHOWN_CHANGES = 12  # change lines printed by build; changes.html keeps them all

DATA = click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False),
                    help="条目数据目录（默认取配置文件中的 data，即 data/items）。")
CONFIG = click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
                      help="配置文件路径（默认在数据目录及其上级目录、当前目录及其上级目录中找 guidegen.yaml）。")
OUT = click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
                   default=Path("output"), show_default=True, help="输出目录，网站生成在其中的 site/ 下。")
FORMAT = click.option("--format", "formats", default=",".join(FORMATS), show_default=True, metavar="格式",
                      help="要生成的格式，逗号分隔：docx,pdf,html。")
TEMPLATES = click.option("--templates", "templates_dir", metavar="目录",
                         type=click.Path(path_type=Path, file_okay=False, exists=True),
                         help="自定义模板目录（其中的 docx/、html/ 优先于内置模板）。")
REGION = click.option("--region", metavar="地区",
                      help="按地区处理：省级条目与 data/regions/<地区>/ 中的地区设置和条目合并后校验、生成。")
ALL_REGIONS = click.option("--all-regions", is_flag=True,
                           help="处理 data/regions/ 下的全部地区（生成到 输出目录/<地区>/site/，另有地区索引页）。")
JOBS = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, metavar="N",
                    help="并行进程数（默认为 CPU 核数）。")


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


@cli.command()
@CONFIG
def doctor(config_path: Path | None) -> None:
    """检查运行环境：Python 与依赖库版本、每个字体角色使用的字体文件、外部程序和已启用的加速补丁。"""
    from guidegen.config import load_config
    from guidegen.doctor import report

    for line in report(load_config(config_path)[0].fonts):
        click.echo(line)


XLSX = click.Path(path_type=Path, dir_okay=False)


def _xlsx(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise GuidegenError(f"{path} 应是 .xlsx 文件（Excel 2007 及以后的格式；WPS 可另存为 .xlsx）")
    return path


@cli.command()
@click.argument("file", type=click.Path(path_type=Path), metavar="文件.xlsx | wechat")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False), metavar="[目录]")
@click.option("--full", is_flag=True, help="写出包含全部字段的维护工作簿（每个列表一个工作表），而不是报送用的附件表格。")
@click.option("--docx", "with_docx", is_flag=True, help="同时写出同名 .docx：按 GB/T 9704 排版的附件表格，可附在公文后。")
@DATA
@CONFIG
@REGION
def export(file: Path, folder: Path | None, full: bool, with_docx: bool, data_dir: Path | None,
           config_path: Path | None, region: str | None) -> None:
    """把清单导出为 Excel 工作簿（附件1 州市保留、附件2 行业系统保留、附件3 不应出具和法规依据索引）；
    guidegen export wechat 目录：写出两张清单的公众号文章（HTML）和微博长图（PNG）。"""
    if str(file) == "wechat":
        if folder is None:
            raise click.UsageError("请指定输出目录，如 guidegen export wechat 公众号")
        if full or with_docx:
            raise click.UsageError("--full 和 --docx 只用于导出 Excel 工作簿")
        from guidegen.wechat import export as run_wechat

        project = cli_regions.one_project(config_path, data_dir, region)
        for path in run_wechat(project, folder):
            click.echo(f"已写出 {path}")
        return
    if folder is not None:
        raise click.UsageError(f"多余的参数 {folder}：导出 Excel 时只需一个文件名")
    if file.is_dir():
        raise GuidegenError(f"{file} 是目录，请给出 .xlsx 文件名")
    from guidegen.lists.export import export as run_export

    project = cli_regions.one_project(config_path, data_dir, region)
    for path in run_export(project, _xlsx(file), full=full, docx=with_docx):
        click.echo(f"已写出 {path}")


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="文件.xlsx")
@DATA
@CONFIG
@click.option("--write", "do_write", is_flag=True, help="把变化写入条目文件（不加此选项时只列出变化）。")
def import_(file: Path, data_dir: Path | None, config_path: Path | None, do_write: bool) -> None:
    """从 Excel 工作簿（导出的附件表格或维护工作簿，也可以是手工编辑过的）读入清单变化。"""
    from guidegen.lists.importer import plan_import, write

    project = load_project(config_path, data_dir)
    plan = plan_import(project, _xlsx(file), data_dir)
    for warning in sort_problems(plan.warnings):
        click.echo(warning.format(), err=True)
    for note in plan.notes:
        click.echo(f"提示：{note}", err=True)
    for line in plan.lines():
        click.echo(line)
    if not plan.writes:
        click.echo("工作簿与条目数据一致，没有需要写入的变化。")
        return
    names = "、".join(display_path(path) for path, _ in plan.writes)
    if not do_write:
        click.echo(f"共 {len(plan.lines())} 处变化，涉及 {len(plan.writes)} 个文件（{names}）。"
                   "加 --write 写入。")
        return
    write(plan)
    click.echo(f"已写入 {len(plan.writes)} 个文件：{names}")


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="地区1.xlsx 地区2.xlsx …",
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", "out_file", type=XLSX, required=True, metavar="汇总.xlsx", help="汇总后的工作簿。")
@click.option("--report", "show_report", is_flag=True, help="把需要核实的问题列成表格输出。")
@CONFIG
def merge(files: tuple[Path, ...], out_file: Path, show_report: bool, config_path: Path | None) -> None:
    """汇总各州、市报送的清单工作簿（附件1—3），加“来源”列，并标出需要核实的问题。"""
    from guidegen.config import load_config
    from guidegen.lists.merge import merge as run_merge
    from guidegen.lists.merge import report
    from guidegen.lists.submission import ATTACHMENTS

    config, _, _ = load_config(config_path)
    cities, groups, found = run_merge([_xlsx(f) for f in files], _xlsx(out_file), config.fonts)
    counts = "、".join(f"{a.label} {len(groups[a.key])} 项" for a in ATTACHMENTS)
    click.echo(f"已汇总 {len(cities)} 个地区（{'、'.join(cities)}）：{counts}。已写出 {out_file}")
    if show_report and found:
        for line in report(found):
            click.echo(line)
    if found:
        click.echo(f"发现 {len(found)} 处需要核实的问题" +
                   ("。" if show_report else "（加 --report 列出；也写在工作簿的“需核实”工作表中）。"))
    else:
        click.echo("没有发现需要核实的问题。")


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


cli_zh.localise(cli)
