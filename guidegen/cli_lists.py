"""The list commands: export to Excel (and wechat), import from Excel, merge cities' workbooks."""

from __future__ import annotations

from pathlib import Path

import click

from guidegen import cli_regions
from guidegen.cli_options import CONFIG, DATA, REGION
from guidegen.errors import GuidegenError, sort_problems
from guidegen.load.files import display_path
from guidegen.load.regions import ITEMS_DIR, region_key, regions_dir
from guidegen.project import load_project

XLSX = click.Path(path_type=Path, dir_okay=False)


def _xlsx(path: Path) -> Path:
    if path.suffix.lower() != ".xlsx":
        raise GuidegenError(f"{path} 应是 .xlsx 文件（Excel 2007 及以后的格式；WPS 可另存为 .xlsx）")
    return path


@click.command()
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


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="文件.xlsx")
@DATA
@CONFIG
@REGION
@click.option("--write", "do_write", is_flag=True, help="把变化写入条目文件（不加此选项时只列出变化）。")
def import_(file: Path, data_dir: Path | None, config_path: Path | None, region: str | None,
            do_write: bool) -> None:
    """从 Excel 工作簿（导出的附件表格或维护工作簿，也可以是手工编辑过的）读入清单变化；
    加 --region 时与该地区合并后的清单比较，变化写入 data/regions/<地区>/items/ 中的地区条目。"""
    from guidegen.lists.importer import Region, plan_import, write

    if region:
        base = load_project(config_path, data_dir)
        folder = Path(base.sources["data_dir"])
        key = region_key(folder, region)
        project = cli_regions.one_project(config_path, data_dir, key)
        plan = plan_import(project, file, data_dir, Region(regions_dir(folder) / key / ITEMS_DIR, base))
    else:
        plan = plan_import(load_project(config_path, data_dir), file, data_dir)
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


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="地区1.xlsx 地区2.xlsx …",
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", "out_file", type=XLSX, required=True, metavar="汇总.xlsx", help="汇总后的工作簿。")
@click.option("--report", "show_report", is_flag=True, help="把需要核实的问题列成表格输出。")
@click.option("--overwrite", is_flag=True,
              help="--out 已存在且不是 merge 写出的汇总工作簿时也覆盖它（merge 写出的汇总工作簿不加此选项也会被覆盖）。")
@CONFIG
def merge(files: tuple[Path, ...], out_file: Path, show_report: bool, overwrite: bool,
          config_path: Path | None) -> None:
    """汇总各州、市报送的清单工作簿（附件1—3），加“来源”列，并标出需要核实的问题。"""
    from guidegen.config import load_config
    from guidegen.lists.merge import merge as run_merge
    from guidegen.lists.mergeinputs import check_inputs, check_out
    from guidegen.lists.mergereport import report
    from guidegen.lists.submission import ATTACHMENTS

    check_inputs(list(files), out_file)
    replaced = check_out(_xlsx(out_file), overwrite)
    config, _, _ = load_config(config_path)
    cities, groups, found = run_merge(list(files), out_file, config.fonts)
    counts = "、".join(f"{a.label} {len(groups[a.key])} 项" for a in ATTACHMENTS)
    done = "已覆盖" if replaced else "已写出"
    click.echo(f"已汇总 {len(cities)} 个地区（{'、'.join(cities)}）：{counts}。{done} {out_file}")
    if show_report and found:
        for line in report(found):
            click.echo(line)
    if found:
        click.echo(f"发现 {len(found)} 处需要核实的问题" +
                   ("。" if show_report else "（加 --report 列出；也写在工作簿的“需核实”工作表中）。"))
    else:
        click.echo("没有发现需要核实的问题。")
