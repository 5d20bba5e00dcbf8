"""Windows shortcuts in the inbox: a Shell Link (.lnk: 「ショートカットの作成」, or a file dragged with Alt) or an Internet
Shortcut (.url: a link to a file on SharePoint or OneDrive, dragged from the browser) saved where the file itself belongs.

Known by their bytes (Explorer never shows the 「.lnk」 of 「観光課.xlsx.lnk」). An .url's target (a line of INI text) is
read to name it to the clerk (F037); an .lnk's, in a binary format, is left to Explorer (右クリック→［ファイルの場所を開く］).
A shortcut is never followed: the ledger records the files in the inbox, as for a link leaving it (F023). Everything here
runs in the parent on anyone's bytes: bounded (the first 64 KB), and total (a malformed shortcut points nowhere said).
"""

from __future__ import annotations

from urllib.parse import unquote

LNK, URL = "lnk", "url"
FORMATS = (LNK, URL)
# MS-SHLLINK: HeaderSize 0x4C, then LinkCLSID 00021401-0000-0000-C000-000000000046
LNK_MAGIC = b"L\0\0\0\x01\x14\x02\0\0\0\0\0\xc0\0\0\0\0\0\0F"
_URL_SECTION = b"[internetshortcut]"
_SHOWN = 120  # characters of a target said in the message


def is_url(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) is an Internet Shortcut: an INI text whose first section is
    ``[InternetShortcut]`` (any case; after a byte order mark or blank lines)."""
    text = head[:4096].removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return text.startswith(_URL_SECTION)


def target(fmt: str, data: bytes) -> str:
    """Where the Internet Shortcut ``data`` points, as people read it (「https://…/財政課.xlsx」 with its %-escapes
    decoded, 「C:\\Users\\…\\観光課.xlsx」 for a ``file:`` URL), at most :data:`_SHOWN` characters; "" when it does not
    say, and for a Shell Link (.lnk: a binary format whose target is not read here — Explorer shows it, 右クリック→
    ［ファイルの場所を開く］)."""
    try:
        found = _url_target(data) if fmt == URL else ""
    except (ValueError, UnicodeError):
        found = ""
    found = "".join(c if c.isprintable() else " " for c in found).strip()
    return found if len(found) <= _SHOWN else found[:_SHOWN - 1] + "…"


def target_name(fmt: str, data: bytes) -> str:
    """The name of the file the shortcut ``data`` points to (its target's last part: 「財政課.xlsx」 of
    「https://…/Shared Documents/財政課.xlsx?web=1」), "" when it does not say (and for a Shell Link)."""
    try:
        found = _url_target(data) if fmt == URL else ""
    except (ValueError, UnicodeError):
        return ""
    path, _, query = found.split("#", 1)[0].partition("?")
    name = path.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1]
    # SharePoint's 「…/_layouts/15/Doc.aspx?sourcedoc=…&file=財政課.xlsx」: the file's name is in its query
    name = next((v for k, _, v in (p.partition("=") for p in query.split("&")) if k.lower() == "file" and v), name)
    return "".join(c if c.isprintable() else " " for c in name).strip()


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
