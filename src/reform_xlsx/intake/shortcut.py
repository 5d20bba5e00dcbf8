"""Windows shortcuts in the inbox: a Shell Link (.lnk: 「ショートカットの作成」, or a file dragged with Alt) or an Internet
Shortcut (.url: a link to a file on SharePoint or OneDrive, dragged from the browser) saved where the file itself belongs.

Known by their bytes (Explorer never shows the 「.lnk」 of 「観光課.xlsx.lnk」). Only where one points is read, to name it to
the clerk (F037); it is never followed: the ledger records the files in the inbox, as for a link leaving it (F023).
Everything here runs in the parent on anyone's bytes: bounded, and total (a malformed shortcut points nowhere said).
"""

from __future__ import annotations

import struct
from urllib.parse import unquote

LNK, URL = "lnk", "url"
FORMATS = (LNK, URL)
# MS-SHLLINK: HeaderSize 0x4C, then LinkCLSID 00021401-0000-0000-C000-000000000046
LNK_MAGIC = b"L\0\0\0\x01\x14\x02\0\0\0\0\0\xc0\0\0\0\0\0\0F"
_URL_SECTION = b"[internetshortcut]"
_SHOWN = 120  # characters of a target said in the message
_LONGEST = 4096  # bytes of a path looked at (Windows' longest path is 32,767 UTF-16 units; a shortcut's, 260)


def is_url(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) is an Internet Shortcut: an INI text whose first section is
    ``[InternetShortcut]`` (any case; after a byte order mark or blank lines)."""
    text = head[:4096].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return text.startswith(_URL_SECTION)


def target(fmt: str, data: bytes) -> str:
    """Where the shortcut ``data`` points, as people read it (「C:\\Users\\…\\観光課.xlsx」, 「\\\\server\\共有\\…」,
    「https://…/財政課.xlsx」 with its %-escapes decoded), at most :data:`_SHOWN` characters; "" when it does not say."""
    try:
        found = _lnk_target(data) if fmt == LNK else _url_target(data)
    except (struct.error, IndexError, ValueError, UnicodeError):
        found = ""
    found = "".join(c if c.isprintable() else " " for c in found).strip()
    return found if len(found) <= _SHOWN else found[:_SHOWN - 1] + "…"


def on_the_web(text: str) -> bool:
    """Whether a target :func:`target` gave is on the web (SharePoint, OneDrive …), not a file a PC can open."""
    return text.lower().startswith(("http://", "https://"))


def _url_target(data: bytes) -> str:
    text = _text(data[:64 * 1024])
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip().lower() == "url":
            value = value.strip()
            if value.lower().startswith("file:"):  # file:///C:/… or file://server/share/…
                path = unquote(value[5:], errors="replace").lstrip("/")
                return path.replace("/", "\\") if ":" in path[:3] else "\\\\" + path.replace("/", "\\")
            return unquote(value, errors="replace")
    return ""


def _text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp932", "replace")  # Windows writes an .url in the system's code page


# LinkFlags
_HAS_ID_LIST, _HAS_LINK_INFO, _HAS_NAME, _HAS_RELATIVE_PATH, _IS_UNICODE = 0x1, 0x2, 0x4, 0x8, 0x80
# LinkInfoFlags
_VOLUME_AND_LOCAL_PATH, _NETWORK_LINK = 0x1, 0x2


def _lnk_target(data: bytes) -> str:
    """The target of a Shell Link: LinkInfo's local path or network share and path suffix (as Explorer resolves it),
    else the RELATIVE_PATH string ("" when neither is there)."""
    if not data.startswith(LNK_MAGIC) or len(data) < 0x4C:
        return ""
    flags = _u32(data, 20)
    at = 0x4C
    if flags & _HAS_ID_LIST:
        at += 2 + _u16(data, at)
    if flags & _HAS_LINK_INFO:
        info = at
        size, header, info_flags = _u32(data, info), _u32(data, info + 4), _u32(data, info + 8)
        end = info + size
        if size < 0x1C or end > len(data):
            return ""
        unicode = header >= 0x24
        suffix = _string(data, info, end, _u32(data, info + 32), True) if unicode else ""
        suffix = suffix or _string(data, info, end, _u32(data, info + 24), False)
        if info_flags & _VOLUME_AND_LOCAL_PATH:
            local = _string(data, info, end, _u32(data, info + 28), True) if unicode else ""
            local = local or _string(data, info, end, _u32(data, info + 16), False)
            if local:
                return local + suffix
        if info_flags & _NETWORK_LINK:
            link = info + _u32(data, info + 20)
            if link + 0x14 <= end:
                net_offset = _u32(data, link + 8)
                net = _string(data, link, end, _u32(data, link + 20), True) if net_offset > 0x14 else ""
                net = net or _string(data, link, end, net_offset, False)
                if net:
                    return net.rstrip("\\") + "\\" + suffix if suffix else net
        at = end
    wide = bool(flags & _IS_UNICODE)
    for present in (_HAS_NAME, _HAS_RELATIVE_PATH):  # StringData: NAME_STRING, then RELATIVE_PATH
        if flags & present:
            count = _u16(data, at)
            width = 2 if wide else 1
            raw = data[at + 2:at + 2 + count * width]
            if len(raw) != count * width:
                return ""
            if present == _HAS_RELATIVE_PATH:
                return raw.decode("utf-16-le" if wide else "cp932", "replace")
            at += 2 + count * width
    return ""


def _string(data: bytes, base: int, end: int, offset: int, wide: bool) -> str:
    """The NUL-terminated string at ``base + offset`` within ``end`` (UTF-16 when ``wide``, else the system's code
    page, cp932 on a Japanese PC); "" for no offset or one outside."""
    start = base + offset
    if not offset or start >= end:
        return ""
    end = min(end, start + _LONGEST)
    if wide:
        chunk = data[start:end]
        stop = next((i for i in range(0, len(chunk) - 1, 2) if chunk[i:i + 2] == b"\0\0"), len(chunk) & ~1)
        return chunk[:stop].decode("utf-16-le", "replace")
    stop = data.find(b"\0", start, end)
    return data[start:stop if stop >= 0 else end].decode("cp932", "replace")


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from("<H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from("<I", data, at)[0]
