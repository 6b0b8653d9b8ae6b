"""Open the file a clerk gives as a workbook, whatever it turns out to be.

Told by its content, not its name: .xlsx/.xlsm (Excel 2007+), .xls and WPS .et (the old
binary format), .ods (LibreOffice) are read; a password-protected workbook, a CSV or
other text, a Word file, an empty or damaged file each get their own Chinese message.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook

from guidegen.errors import BAD_ZIP, GuidegenError, Problem, ValidationFailed, reason
from guidegen.lists import formulas
from guidegen.load.files import display_path

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound document: .xls, .et, or an encrypted .xlsx
ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
SAVE_AS = "请在 Excel 或 WPS 中打开，另存为 .xlsx 后再导入"


def _refuse(path: Path, why: str) -> GuidegenError:
    return GuidegenError(f"{display_path(path)} 不是可读取的 Excel 工作簿（.xlsx）：{why}")


def _kind(path: Path, data: bytes) -> str:
    """xlsx | ods | xls — or raise saying what the file is instead."""
    if not data:
        raise _refuse(path, "文件是空的（0 字节），可能没有保存完整")
    if data.startswith(OLE):
        if ENCRYPTED in data:
            raise GuidegenError(f"{display_path(path)} 设置了打开密码（已加密），无法读取：请在 Excel 或 WPS 中"
                                "打开，取消密码（“文件”→“信息”→“保护工作簿”→“用密码进行加密”，清空密码）"
                                "并保存后再导入")
        return "xls"
    if data.startswith(b"PK"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise _refuse(path, BAD_ZIP) from None
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            return "xlsx"
        if "content.xml" in names:
            return "ods"
        what = " Word 文档（.docx）" if "word/document.xml" in names else \
            "演示文稿（.pptx）" if "ppt/presentation.xml" in names else "压缩包"
        raise _refuse(path, f"这是{what}，其中没有工作表；请确认给的是清单的 Excel 文件")
    head = data[:4096]
    if head.startswith((b"<?xml", b"<html", b"<HTML", b"<!DOCTYPE", b"<table")):
        raise _refuse(path, f"这是网页或 XML 文本（有的系统把网页表格存成 .xls），{SAVE_AS}")
    table = path.suffix.lower() in (".csv", ".tsv", ".txt") or \
        (b"\0" not in head and any(b in head for b in (b",", b"\t", "，".encode())))
    if table:
        raise _refuse(path, f"这是文本文件（如 CSV），不是工作簿；{SAVE_AS}")
    raise _refuse(path, BAD_ZIP)


def open_book(path: Path) -> CalamineWorkbook:
    """The workbook, read with calamine; formulas without a result refused, naming each cell."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GuidegenError(f"无法读取 {display_path(path)}（{reason(exc)}）") from None
    kind = _kind(path, data)
    if kind == "xlsx":
        _check_formulas(path, zipfile.ZipFile(io.BytesIO(data)))
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError):
        raise _refuse(path, "内容无法解析，可能已损坏；" + SAVE_AS) from None


def _check_formulas(path: Path, book: zipfile.ZipFile) -> None:
    try:
        found = formulas.uncached(book)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(path, BAD_ZIP) from None
    problems = [Problem(f"{display_path(path)}: {sheet}!{column}{row}", 0, "公式",
                        f"{f'“={text}”' if text else '这个公式'}没有计算结果（工作簿由程序生成、从未在 Excel 中打开过），"
                        "无法读出它的值："
                        "请先用 Excel 或 WPS 打开这个工作簿并保存，再重试")
                for sheet, cells in found.items() for column, row, text in cells]
    if problems:
        raise ValidationFailed(problems)
