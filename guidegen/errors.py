"""Problems found in user input, and the exceptions that carry them to the CLI."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field

import click

REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超过系统允许的大小",
    errno.EACCES: "没有读写权限",
    errno.EPERM: "没有读写权限",
    errno.EROFS: "文件系统是只读的",
    errno.EMLINK: "目录中的链接数超过上限",
    errno.EIO: "磁盘读写错误",
    errno.ENOENT: "文件或目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录，而是文件",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.EEXIST: "已经存在同名的文件或目录",
    errno.ENOTEMPTY: "目录不是空的",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "符号链接互相指向，形成了循环",
    errno.EBUSY: "文件或目录正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "系统打开的文件太多",
    errno.ENOMEM: "内存不足",
    errno.EINVAL: "参数无效（文件名中可能有文件系统不允许的字符）",
    errno.ENXIO: "设备不存在",
    errno.ENODEV: "设备不存在",
    errno.EAGAIN: "资源暂时不可用，请稍后再试",
    errno.ETIMEDOUT: "操作超时",
    errno.EADDRINUSE: "端口已被占用",
    errno.EADDRNOTAVAIL: "地址不可用",
    errno.ECONNREFUSED: "连接被拒绝",
}
BAD_ZIP = "不是有效的 zip 压缩包（.docx、.xlsx 文件实际上都是 zip 压缩包）：文件可能已损坏，或只是改了扩展名"

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, pointing at file, line and field."""

    path: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def format(self) -> str:
        """Render as ``path:line: field: 说明`` (warnings are marked 警告)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "警告：" if self.severity == WARNING else ""
        if self.field:
            return f"{where}: {self.field}: {label}{self.message}"
        return f"{where}: {label}{self.message}"


def reason(exc: OSError) -> str:
    """A Chinese explanation of an OS error, never the system's English text."""
    if exc.errno in REASONS:
        return REASONS[exc.errno]
    return f"系统错误，错误号 {exc.errno}" if exc.errno else "系统错误"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file, then line, so output reads top to bottom."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message))


class GuidegenError(click.ClickException):
    """An error the user caused: printed plainly, exit code 1, never a traceback."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D102 - click API
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


class Interrupted(GuidegenError):
    """Ctrl-C stopped a build: one line saying whether the new site is live (exit 1)."""

    def show(self, file=None) -> None:  # noqa: D102 - click API
        click.echo(self.format_message(), err=True, file=file)


@dataclass
class ValidationFailed(GuidegenError):
    """The data set has one or more errors; every problem is listed."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    @property
    def errors(self) -> list[Problem]:
        """Only the problems that block a build."""
        return [p for p in self.problems if p.severity == ERROR]

    def summary(self) -> str:
        """One line counting errors and warnings."""
        warnings = len(self.problems) - len(self.errors)
        text = f"发现 {len(self.errors)} 个错误"
        if warnings:
            text += f"、{warnings} 个警告"
        return text + "，请修改后重试。"

    def show(self, file=None) -> None:  # noqa: D102 - click API
        for problem in sort_problems(self.problems):
            click.echo(problem.format(), err=True, file=file)
        click.echo(self.summary(), err=True, file=file)
