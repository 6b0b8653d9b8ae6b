"""Chinese messages for click's own help and usage errors.

Click routes its strings through ``gettext``; installing a small catalogue in
its modules keeps ``--help`` and usage errors in the users' language without a
compiled .mo file (offline intranet machines have no locale packages).
"""

from __future__ import annotations

import importlib

import click

CATALOGUE = {
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such option {name!r}.": "没有这个选项：{name!r}。",
    "No such command {name!r}.": "没有这个命令：{name!r}。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Aborted!": "已中止。",
    "Choose from:\n\t{choices}": "可选值：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是一个目录。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是一个文件。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
    "(Did you mean one of: {possibilities}?)": "（是不是想用：{possibilities}？）",
    "Did you mean {possibility}?": "是不是想用 {possibility}？",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Missing {param_type}": "缺少{param_type}",
    "unknown error": "未知错误",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 没有读取权限。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 没有写入权限。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 没有执行权限。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可用：{states}",
    "integer": "整数",
    "integer range": "整数",
    "text": "文本",
    "choice": "选项值",
    "argument": "参数",
    "option": "选项",
    "parameter": "参数",
}
OPTIONS_METAVAR = "[选项]"
# Metavars by parameter name for arguments (click upper-cases the name: OLD_DIR).
ARGUMENT_METAVARS = {"old_dir": "旧数据目录", "new_dir": "新数据目录"}
SUBCOMMAND_METAVAR = "命令 [参数]..."

MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def gettext(message: str) -> str:
    """Translate one click message, falling back to the original."""
    return CATALOGUE.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware lookup; Chinese has one form."""
    return CATALOGUE.get(singular if n == 1 else plural, singular if n == 1 else plural)


def localise(group) -> None:
    """Chinese metavars in a group's and its commands' usage lines and help (``[OPTIONS]``,
    ``FILE``, ``TEXT``, ``INTEGER`` and ``1<=x<=64`` are not routed through gettext)."""
    group.options_metavar, group.subcommand_metavar = OPTIONS_METAVAR, SUBCOMMAND_METAVAR
    for command in group.commands.values():
        command.options_metavar = OPTIONS_METAVAR
        for param in command.params:
            _localise_param(param)


def _localise_param(param) -> None:
    """One option's or argument's metavar, type name and range in Chinese."""
    kind = param.type
    if isinstance(kind, click.Path):
        # Path types name themselves ("directory") when the option is declared, which
        # may be before install(); click then title-cases the name ("Directory").
        kind.name = gettext(kind.name)
    if isinstance(kind, (click.IntRange, click.FloatRange)):
        kind._describe_range = lambda kind=kind: _range(kind)
    if param.metavar is None and not getattr(param, "is_flag", False):
        if isinstance(param, click.Argument) and param.name in ARGUMENT_METAVARS:
            param.metavar = ARGUMENT_METAVARS[param.name]
        elif not isinstance(kind, click.Choice):
            param.metavar = _type_metavar(kind)
            if isinstance(param, click.Argument) and param.nargs != 1:
                param.metavar += " …"


def _type_metavar(kind) -> str:
    if isinstance(kind, click.Path):
        return "目录" if not kind.file_okay else ("文件" if not kind.dir_okay else "路径")
    if isinstance(kind, (click.types.IntParamType, click.IntRange)):
        return "整数"
    if isinstance(kind, (click.types.FloatParamType, click.FloatRange)):
        return "数字"
    return "文本"


def _range(kind) -> str:
    """``1–64``, ``至少 1``, ``至多 64`` instead of click's ``1<=x<=64``."""
    if kind.min is None:
        return f"至多 {kind.max}"
    if kind.max is None:
        return f"至少 {kind.min}"
    return f"{kind.min}—{kind.max}"


def install() -> None:
    """Point click's message functions at the catalogue (idempotent)."""
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
