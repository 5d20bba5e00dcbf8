"""The user-defined document properties of an Office 97-2003 file (an .xls saved from the template keeps
the template's custom properties there): whose file it is, when its cells are not read (F002).

The property set format is [MS-OLEPS]: the stream ``\\x05DocumentSummaryInformation`` holds a second
section (FMTID_UserDefinedProperties) with a dictionary (property id → name) and the values. Only strings
are read; every offset and length is checked against the section, and anything unexpected gives nothing.
Runs in a worker (olefile parses the compound file there, within the worker's caps).
"""

from __future__ import annotations

import struct
import uuid

STREAM = "\x05DocumentSummaryInformation"
USER_DEFINED = uuid.UUID("d5cdd505-2e9c-101b-9397-08002b2cf9ae").bytes_le
_VT_LPSTR, _VT_LPWSTR, _VT_I2 = 0x1E, 0x1F, 0x02
_CODEPAGES = {65001: "utf-8", 1200: "utf-16-le", 932: "cp932", 1252: "cp1252"}
_MAX_PROPERTIES = 1000


def user_defined(data: bytes, max_bytes: int) -> dict[str, str] | None:
    """name → text of the string properties of the user-defined section; None when the file has none or they
    cannot be had safely (a stream over ``max_bytes``, a broken file …)."""
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            if not ole.exists(STREAM) or ole.get_size(STREAM) > max_bytes:
                return None
            stream = ole.openstream(STREAM).read(max_bytes + 1)
        return _parse(stream) if len(stream) <= max_bytes else None
    except Exception:  # noqa: BLE001 - a broken or hostile file: no identity, then
        return None


def _u32(data: bytes, at: int) -> int:
    if at < 0 or at + 4 > len(data):
        raise ValueError("out of the section")
    return struct.unpack_from("<I", data, at)[0]


def _parse(stream: bytes) -> dict[str, str] | None:
    sets = _u32(stream, 24)
    offset = next((_u32(stream, 28 + 20 * n + 16) for n in range(min(sets, 4))
                   if stream[28 + 20 * n:28 + 20 * n + 16] == USER_DEFINED), None)
    if offset is None:
        return None
    size = _u32(stream, offset)
    section = stream[offset:offset + size]
    count = _u32(section, 4)
    if count > _MAX_PROPERTIES:
        return None
    where = {_u32(section, 8 + 8 * n): _u32(section, 12 + 8 * n) for n in range(count)}
    codepage = 1252
    if 1 in where and struct.unpack_from("<H", section, where[1])[0] == _VT_I2:
        codepage = struct.unpack_from("<H", section, where[1] + 4)[0]
    encoding = _CODEPAGES.get(codepage)
    if encoding is None or 0 not in where:
        return None
    names: dict[int, str] = {}
    at = where[0]
    for _ in range(min(_u32(section, at), _MAX_PROPERTIES)):
        pid, length = _u32(section, at + 4), _u32(section, at + 8)
        width = 2 if codepage == 1200 else 1
        raw = section[at + 12:at + 12 + length * width]
        if len(raw) != length * width:
            return None
        names[pid] = raw.decode(encoding).rstrip("\x00")
        at += 8 + length * width + ((-length * width) % 4 if codepage == 1200 else 0)
    props: dict[str, str] = {}
    for pid, name in names.items():
        if pid not in where:
            continue
        at = where[pid]
        kind = struct.unpack_from("<H", section, at)[0]
        if kind not in (_VT_LPSTR, _VT_LPWSTR):
            continue
        length = _u32(section, at + 4)
        # a UnicodeString (VT_LPWSTR) counts characters; a CodePageString (VT_LPSTR) counts bytes, also in code
        # page 1200 where its characters are 2 bytes each ([MS-OLEPS] 2.5, 2.7)
        size = length * 2 if kind == _VT_LPWSTR else length
        raw = section[at + 8:at + 8 + size]
        if len(raw) != size:
            return None
        wide = kind == _VT_LPWSTR or codepage == 1200
        props[name] = raw.decode("utf-16-le" if wide else encoding).rstrip("\x00").strip()
    return props
