"""Command line: parse options, call one function, map errors to exit codes."""

from __future__ import annotations

from pathlib import Path

import click

from guidegen import __version__, clizh
from guidegen.errors import GuidegenError, sort_problems
from guidegen.project import load_project

clizh.install()

DATA = click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False),
                    help="条目数据目录（默认取配置文件中的 data，即 data/items）。")
CONFIG = click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False),
                      help="配置文件路径（默认为当前目录下的 guidegen.yaml）。")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", message="guidegen %(version)s")
def cli() -> None:
    """guidegen：根据 YAML 条目生成村（居）民委员会出具证明事项的办事指南、表单样本和告知承诺书。"""


@cli.command()
@DATA
@CONFIG
def check(data_dir: Path | None, config_path: Path | None) -> None:
    """检查条目数据：列出全部问题（文件:行号: 字段: 说明），有错误时退出码为 1。"""
    project = load_project(config_path, data_dir)
    for warning in sort_problems(list(project.warnings)):
        click.echo(warning.format(), err=True)
    click.echo(
        f"检查通过：保留清单 {len(project.retained)} 项，"
        f"不应出具清单 {len(project.not_issued)} 项，共 {len(project.items)} 项。"
    )


def main() -> None:
    """Run the CLI; user errors print plainly and exit 1, usage errors exit 2."""
    try:
        cli.main(prog_name="guidegen", standalone_mode=True)
    except GuidegenError as exc:  # pragma: no cover - click handles these in standalone mode
        exc.show()
        raise SystemExit(exc.exit_code) from None
