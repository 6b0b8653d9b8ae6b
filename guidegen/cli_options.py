"""The options several commands share, declared once."""

from __future__ import annotations

import os
from pathlib import Path

import click

from guidegen.settings import FORMATS


class UserPath(click.Path):
    """A path option where ``~`` and ``~/x`` mean the home folder: the shell expands them in
    ``--out ~/x`` but not in ``--out=~/x`` or from a script that quotes its arguments."""

    def convert(self, value, param, ctx):  # noqa: D102 - click API
        if isinstance(value, str):
            if not value.strip():  # "" would silently mean the current folder, " " a folder named so
                self.fail("路径是空的（或只有空格），请写出要用的路径", param, ctx)
            value = os.path.expanduser(value)
        return super().convert(value, param, ctx)


DATA = click.option("--data", "data_dir", type=UserPath(path_type=Path, file_okay=False),
                    help="条目数据目录（默认取配置文件中的 data，即 data/items）。")
CONFIG = click.option("--config", "config_path", type=UserPath(path_type=Path, dir_okay=False),
                      help="配置文件路径（默认在数据目录及其上级目录、当前目录及其上级目录中找 guidegen.yaml）。")
OUT = click.option("--out", "out_dir", type=UserPath(path_type=Path, file_okay=False),
                   default=Path("output"), show_default=True, help="输出目录，网站生成在其中的 site/ 下。")
FORMAT = click.option("--format", "formats", default=",".join(FORMATS), show_default=True, metavar="格式",
                      help="要生成的格式，逗号分隔：docx,pdf,html。")
TEMPLATES = click.option("--templates", "templates_dir", metavar="目录",
                         type=UserPath(path_type=Path, file_okay=False, exists=True),
                         help="自定义模板目录（其中的 docx/、html/ 优先于内置模板）。")
REGION = click.option("--region", metavar="地区",
                      help="按地区处理：省级条目与 data/regions/<地区>/ 中的地区设置和条目合并后校验、生成。")
ALL_REGIONS = click.option("--all-regions", is_flag=True,
                           help="处理 data/regions/ 下的全部地区（生成到 输出目录/<地区>/site/，另有地区索引页）。")
JOBS = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, metavar="N",
                    help="并行进程数（默认为 CPU 核数）。")

