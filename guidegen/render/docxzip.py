"""Reproducible DOCX zips written from members compressed once and reused.

The bytes are exactly those of ``zipfile.ZipFile(..., "w", ZIP_DEFLATED)`` writing, in
order, one ``ZipInfo(name, date_time=stamp)`` per member with ``create_system = 0`` and
``external_attr = 0o644 << 16`` (what the renderer used to normalise its zips to). Doing
it here lets a template's unchanged members (styles, theme, numbering…) be compressed
once per template instead of twice per document.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from guidegen.errors import GuidegenError

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile.structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir
_END = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
_VERSION = 20  # zipfile.DEFAULT_VERSION: deflate, no zip64
_DEFLATED = 8
_UTF8_NAME = 0x800
_ATTRIBUTES = 0o644 << 16
# zipfile switches to zip64 headers from 2 GiB / 1.05 on: never for a DOCX, so refuse.
_LIMIT = int((1 << 31) / 1.05) - 1


class Member:
    """One compressed zip member; ``local`` and ``central`` lack only the entry's offset."""

    __slots__ = ("name", "local", "central")

    def __init__(self, name: str, data: bytes, stamp: tuple[int, int]):
        if len(data) > _LIMIT:
            raise GuidegenError(f"文档中的 {name} 过大（{len(data)} 字节），无法写入 DOCX")
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        # zipfile's own compressor settings (level -1, raw deflate) give zipfile's bytes.
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        crc = zlib.crc32(data)
        dostime, dosdate = stamp
        self.name = name
        self.local = _LOCAL.pack(b"PK\003\004", _VERSION, 0, flags, _DEFLATED, dostime, dosdate,
                                 crc, len(packed), len(data), len(encoded), 0) + encoded + packed
        # The central record ends with the local header's offset, added by ``write``.
        self.central = (_CENTRAL.pack(b"PK\001\002", _VERSION, 0, _VERSION, 0, flags, _DEFLATED,
                                      dostime, dosdate, crc, len(packed), len(data), len(encoded),
                                      0, 0, 0, 0, _ATTRIBUTES, 0)[:-4], encoded)


def dos_stamp(published: dt.date) -> tuple[int, int]:
    """DOS time and date of midnight on ``published`` (1980 at the earliest, as before)."""
    return 0, (max(published.year, 1980) - 1980) << 9 | published.month << 5 | published.day


def write(members: list[Member]) -> bytes:
    """The zip of ``members`` in order: local entries, central directory, end record."""
    chunks, central, offset = [], [], 0
    for member in members:
        head, name = member.central
        central += (head, offset.to_bytes(4, "little"), name)
        chunks.append(member.local)
        offset += len(member.local)
    directory = b"".join(central)
    end = _END.pack(b"PK\005\006", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(chunks) + directory + end
