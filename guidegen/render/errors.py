"""Template errors translated into Chinese messages naming the template file and line."""

from __future__ import annotations

import re
import zipfile

import jinja2

from guidegen.errors import BAD_ZIP, GuidegenError


class TemplateFailed(GuidegenError):
    """A template (not the data) is broken: name the file, line and variable."""


def not_a_docx(name: str, exc: Exception) -> TemplateFailed:
    """A DOCX template that is no Word document (not a zip, a part missing, XML cut short)."""
    missing = re.search(r"no item named '([^']+)'", str(exc))
    if isinstance(exc, zipfile.BadZipFile):
        why = BAD_ZIP
    elif missing:
        why = f"缺少其中的部件 {missing.group(1)}，文件可能已损坏"
    elif getattr(exc, "lineno", None):
        why = f"其中的 XML 在第 {exc.lineno} 行无法解析，文件可能已损坏或只保存了一半"
    else:
        why = "内容无法解析，文件可能已损坏"
    return TemplateFailed(f"模板 {name} 不是有效的 Word 文档：{why}。请用 Word 或 WPS 重新另存为 .docx")


def explain(exc: BaseException, template: str, line: int | None = None,
            source: str | None = None, line_text: str | None = None) -> TemplateFailed:
    """Translate a Jinja (or template runtime) error into a Chinese message naming the template.

    ``source`` is the template text when known: it lets the message show the whole
    expression (``item.nonexistent``) and the line where an unclosed block opened.
    """
    where = template if not line else f"{template}:{line}"
    if isinstance(exc, jinja2.UndefinedError):
        name = _undefined_name(str(exc), line_text if line_text is not None else _line_of(source, line))
        return TemplateFailed(f"模板 {where}：使用了未定义的变量 {name}（可用变量见 docs/template-context.md）")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateFailed(f"模板 {where}：模板语法错误：{syntax_message(exc.message or '', source, line)}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateFailed(f"模板 {where}：找不到被引用的模板 {exc.name}")
    if isinstance(exc, jinja2.TemplateError):
        return TemplateFailed(f"模板 {where}：渲染失败：{syntax_message(str(exc), source, line)}")
    return TemplateFailed(f"模板 {where}：表达式执行出错（{runtime_reason(exc)}），请检查该行的计算或调用")


# What went wrong in an expression, by the kind of Python error (its English text is not shown).
_RUNTIME = (
    (ZeroDivisionError, "除数为零"),
    ((KeyError, IndexError), "取的键或下标不存在"),
    (AttributeError, "这个值没有该属性或方法"),
    (TypeError, "对这种值不能这样运算或调用（例如把文字当作函数调用，或把文字和数字相加）"),
    (ValueError, "值的格式不对，无法转换"),
    (RecursionError, "宏或引用无限地调用自己"),
)


def runtime_reason(exc: BaseException) -> str:
    """A Chinese reason for an error raised while an expression ran."""
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return "出于安全原因，模板不能访问以下划线开头的属性或执行不安全的操作"
    for kinds, said in _RUNTIME:
        if isinstance(exc, kinds):
            return said
    return "运行时出错"


def _line_of(source: str | None, line: int | None) -> str:
    if not source or not line:
        return ""
    lines = source.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _undefined_name(message: str, text: str = "") -> str:
    attr = re.search(r"has no attribute '([^']+)'", message)
    if attr:  # show the whole dotted expression as written, e.g. item.nonexistent
        written = re.search(rf"[A-Za-z_][\w.]*\.{re.escape(attr.group(1))}\b", text)
        return written.group(0) if written else attr.group(1)
    match = re.search(r"'([^']+)' is undefined", message)
    return match.group(1) if match else message


_TOKENS = {
    "end of print statement": "“}}”", "end of statement block": "“%}”", "end of template": "模板结尾",
    "end of comment": "“#}”", "begin of print statement": "“{{”",
    "begin of statement block": "“{%”", "name": "名称", "string": "字符串", "integer": "整数",
}
_TAG = re.compile(r"\{%[-+]?\s*(\w+)(.*?)[-+]?%\}", re.S)
_BLOCKS = ("if", "for", "block", "macro", "call", "filter", "with", "raw", "autoescape", "trans")


def _token(name: str) -> str:
    return _TOKENS.get(name, f"“{name}”")


def opened_at(source: str | None, tag: str, before: int | None) -> int | None:
    """Line of the innermost ``{% tag %}`` still open at line ``before``."""
    if not source:
        return None
    stack: list[tuple[str, int]] = []
    for m in _TAG.finditer(source):
        at = source.count("\n", 0, m.start()) + 1
        if before and at >= before:
            break
        name = m.group(1)
        if stack and stack[-1][0] == "raw" and name != "endraw":
            continue
        if name in _BLOCKS or (name == "set" and "=" not in m.group(2)):
            stack.append((name, at))
        elif name.startswith("end") and stack and stack[-1][0] == name[3:]:
            stack.pop()
    lines = [at for name, at in stack if name == tag]
    return lines[-1] if lines else None


def syntax_message(message: str, source: str | None = None, line: int | None = None) -> str:
    """Jinja's English syntax message in Chinese (the original kept at the end when unknown)."""
    inner = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    unclosed = ""
    if inner:
        tag = inner.group(1)
        opened = opened_at(source, tag, line)
        at = f"第 {opened} 行的" if opened else ""
        unclosed = f"{at} {{% {tag} %}} 没有对应的 {{% end{tag} %}}".strip()
    if message.startswith("Unexpected end of template"):
        return f"模板意外结束：{unclosed}" if unclosed else "模板意外结束：有标签没有闭合"
    m = re.match(r"Encountered unknown tag '(\w+)'", message)
    if m:
        text = f"遇到未知的标签 {{% {m.group(1)} %}}"
        return f"{text}（标签嵌套有误：{unclosed}）" if unclosed else f"{text}（拼写错误，或缺少对应的开始标签）"
    rules = (
        (r"unexpected end of template, expected '(.+?)'", lambda g: f"模板意外结束，缺少 {_token(g[0])}"),
        (r"Expected an expression, got '(.+?)'", lambda g: f"此处缺少表达式（例如 {{% if %}} 后没有写条件），遇到的是 {_token(g[0])}"),
        (r"expected token '(.+?)', got '(.+?)'", lambda g: f"此处应为 {_token(g[0])}，实际是 {_token(g[1])}（括号或引号不成对？）"),
        (r"No filter named '(.+?)'", lambda g: f"没有名为 {g[0]} 的过滤器（“|”后面的名称写错了？）"),
        (r"No test named '(.+?)'", lambda g: f"没有名为 {g[0]} 的判断（“is”后面的名称写错了？）"),
        (r"tag name expected", lambda g: "“{%” 后缺少标签名（如 if、for）"),
        (r"Block '(.+?)' defined twice", lambda g: f"block {g[0]} 定义了两次"),
        (r"missing end of comment tag", lambda g: "注释 “{#” 没有用 “#}” 闭合"),
        (r"unexpected char (['\"])(.+?)\1", lambda g: f"无法识别的字符 {g[1]}（引号不成对？）"),
        (r"unexpected '(.+?)'", lambda g: f"多余或不成对的 “{g[0]}”"),
        (r"unexpected end of string", lambda g: "字符串的引号没有闭合"),
    )
    for pattern, say in rules:
        found = re.search(pattern, message, re.I)
        if found:
            return say(found.groups())
    return "模板无法解析，请检查该行的标签、括号和引号是否成对"


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
