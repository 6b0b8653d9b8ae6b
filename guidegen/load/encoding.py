"""Bytes to text: UTF-8 with or without a BOM; UTF-16 and GBK named instead of garbled."""

from __future__ import annotations

import codecs

from guidegen.errors import Problem


class LoadError(Exception):
    """A file could not be turned into data; carries its Problems."""

    def __init__(self, *problems: Problem):
        super().__init__(problems[0].message)
        self.problems = list(problems)


def decode(raw: bytes, path: str) -> str:
    """Decode UTF-8 (BOM allowed); name the likely encoding when it is not."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00
        raise LoadError(Problem(path, 1, "", "文件是 UTF-32 编码，请另存为 UTF-8 编码"))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise LoadError(Problem(path, 1, "", "文件是 UTF-16 编码，请另存为 UTF-8 编码"))
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    if _looks_like_bomless_utf16(raw):
        raise LoadError(Problem(path, 1, "", "文件是 UTF-16 编码（无 BOM），请另存为 UTF-8 编码"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = "可能是 GBK/GB2312 编码" if _looks_like_gbk(raw) else "含有无法识别的字节"
        raise LoadError(Problem(path, line, "",
                                f"文件不是有效的 UTF-8 编码（{hint}），请用记事本或 WPS 另存为 UTF-8")) from None
    if "\r" in text and "\n" not in text:  # old Mac line ends: every editor shows these lines
        text = text.replace("\r", "\n")
    return text


def _looks_like_bomless_utf16(raw: bytes) -> bool:
    """ASCII keys in UTF-16 put a zero byte in every other position."""
    zeros = raw[0::2].count(0), raw[1::2].count(0)
    if len(raw) % 2 or min(zeros) or max(zeros) < 2:
        return False
    try:
        raw.decode("utf-16-be" if zeros[0] else "utf-16-le")
    except UnicodeDecodeError:
        return False
    return True


def _looks_like_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True
