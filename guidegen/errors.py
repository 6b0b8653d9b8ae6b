"""Problems found in user input, and the exceptions that carry them to the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field

import click

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


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Order problems by file, then line, so output reads top to bottom."""
    return sorted(problems, key=lambda p: (p.path, p.line, p.field, p.message))


class GuidegenError(click.ClickException):
    """An error the user caused: printed plainly, exit code 1, never a traceback."""

    exit_code = 1

    def show(self, file=None) -> None:  # noqa: D102 - click API
        click.echo(f"错误：{self.format_message()}", err=True, file=file)


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
