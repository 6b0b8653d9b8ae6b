"""Find template files: the project's own folder first, the packaged defaults second."""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path

import jinja2
import jinja2.meta

from guidegen.errors import GuidegenError
from guidegen.render import qrcode
from guidegen.render.bidi import confine_bidi

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # guidegen/
JINJA = ("{{", "{%", "{#")  # a text without these renders to itself: it needs no context


def packaged_dir() -> Path:
    """Default templates: inside the wheel, or the repository's top-level folder."""
    for candidate in (PACKAGE_DIR / "_templates", PACKAGE_DIR.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise GuidegenError("找不到内置模板目录（安装包不完整），请重新安装 guidegen")


class TemplateSet:
    """Template lookup for one format (``docx`` or ``html``) over user and packaged dirs."""

    def __init__(self, fmt: str, user_dir: Path | None = None):
        self.fmt = fmt
        dirs = []
        if user_dir is not None and (user_dir / fmt).is_dir():
            dirs.append((user_dir / fmt).resolve())
        default = (packaged_dir() / fmt).resolve()
        if default not in dirs:
            dirs.append(default)
        self.dirs = tuple(dirs)
        self._refs: dict[str, tuple] = {}

    def find(self, name: str) -> Path:
        """The first file called ``name`` in the search path."""
        for folder in self.dirs:
            path = folder / name
            if path.is_file():
                return path
        raise GuidegenError(f"找不到模板文件 {self.fmt}/{name}")

    @cached_property
    def env(self) -> jinja2.Environment:
        """Jinja2 environment: autoescaped, strict about undefined names; ``qr_svg`` (inline
        SVG) and ``qr_uri`` (a data: URI of a PNG) draw a QR code block's address."""
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(d) for d in self.dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            finalize=confine_bidi,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(qr_svg=qrcode.svg, qr_uri=qrcode.png_uri)
        return env

    def _references(self, source: str) -> tuple:
        # Parsing is the slow part of hashing a closure: remember it per template text.
        if source not in self._refs:
            try:
                found = jinja2.meta.find_referenced_templates(self.env.parse(source))
                self._refs[source] = tuple(found)
            except jinja2.TemplateSyntaxError:
                self._refs[source] = ()  # reported with file and line when rendered
        return self._refs[source]

    def closure(self, name: str) -> list[str]:
        """``name`` and every template it extends, includes or imports (recursively)."""
        seen: list[str] = []
        pending = [(name, "")]
        while pending:
            current, parent = pending.pop()
            if current in seen:
                continue
            seen.append(current)
            try:
                source = self.find(current).read_text(encoding="utf-8")
            except GuidegenError:
                if not parent:
                    raise
                raise GuidegenError(f"模板 {self.fmt}/{parent} 引用的模板 {self.fmt}/{current} 不存在") from None
            except UnicodeDecodeError:
                raise GuidegenError(f"模板 {self.fmt}/{current} 不是 UTF-8 编码，请另存为 UTF-8") from None
            pending.extend((r, current) for r in self._references(source) if r)
        return sorted(seen)

    def digest(self, names: list[str]) -> str:
        """Content hash of the given template files (for incremental builds)."""
        h = hashlib.sha256()
        for name in sorted(names):
            h.update(name.encode())
            h.update(self.find(name).read_bytes())
        return h.hexdigest()
