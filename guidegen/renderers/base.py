"""The renderer interface and the error raised for broken templates."""

from __future__ import annotations

import re
from typing import Protocol

import jinja2

from guidegen.documents import Output
from guidegen.errors import GuidegenError


class Renderer(Protocol):
    """Turns one planned output and its context into file bytes."""

    fmt: str

    def render(self, output: Output, ctx: dict) -> bytes:
        """Bytes of the finished file, deterministic for the same input."""

    def template_digest(self, kind: str) -> str:
        """Content hash of every template file this kind is made from."""


class TemplateFailed(GuidegenError):
    """A template (not the data) is broken: name the file, line and variable."""


def explain(exc: jinja2.TemplateError, template: str, line: int | None = None) -> TemplateFailed:
    """Translate a Jinja error into a Chinese message naming the template."""
    where = template if not line else f"{template}:{line}"
    if isinstance(exc, jinja2.UndefinedError):
        name = _undefined_name(str(exc))
        return TemplateFailed(f"模板 {where}：使用了未定义的变量 {name}（可用变量见 docs/template-context.md）")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateFailed(f"模板 {where}：模板语法错误（{exc.message}）")
    return TemplateFailed(f"模板 {where}：渲染失败（{exc}）")


def _undefined_name(message: str) -> str:
    match = re.search(r"has no attribute '([^']+)'", message) or re.search(r"'([^']+)' is undefined", message)
    return match.group(1) if match else message


def template_frame(exc: BaseException, dirs) -> tuple[str, int] | None:
    """Template file (relative to its folder) and line where a render error happened."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        for folder in dirs:
            prefix = str(folder) + "/"
            if filename.startswith(prefix):
                found = (filename[len(prefix):], tb.tb_lineno)
        tb = tb.tb_next
    return found
