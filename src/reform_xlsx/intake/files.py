"""Reading a file's bytes without being fooled by what is not a file (parent and worker alike)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from reform_xlsx.intake import walk
from reform_xlsx.os_reasons import os_reason

_HEAD = 64 * 1024


def read_bytes(path: Path, cap: int) -> tuple[bytes, str, int, float, str | None]:
    """(bytes — only the head when over ``cap`` —, sha256 of all of it, size, mtime, what the
    entry is if not a regular file). Never blocks on a FIFO: it is opened non-blocking and
    checked before anything is read. A file over ``cap`` is not read past it (it is refused unread, F008: a
    50 GB video in the inbox must not hold the batch while it is hashed); its "sha256" is then of what was read,
    its size and its modification time — the same file the next time, never the hash of another's content."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    with os.fdopen(fd, "rb", buffering=0) as f:
        info = os.fstat(f.fileno())
        kind = walk.entry_kind(info.st_mode)
        if kind is not None:
            return b"", "", 0, info.st_mtime, kind
        digest = hashlib.sha256()
        head = bytearray()
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            if len(head) > cap:
                digest.update(f"\0over the cap: {info.st_size} bytes, modified {info.st_mtime_ns}".encode())
                break
            head += chunk
        data = bytes(head) if len(head) <= cap else bytes(head[:_HEAD])
        return data, digest.hexdigest(), info.st_size, info.st_mtime, None


# Windows' ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: another program holds the file (Python says PermissionError)
_IN_USE = (32, 33)


def os_detail(exc: OSError) -> str:
    """What an OS error means, in Japanese (the system's own text may be English)."""
    if getattr(exc, "winerror", None) in _IN_USE:  # not a matter of permissions: said so, not 「読む権限がないか」
        return "ほかのプログラム（Excel・同期アプリ・ウイルス対策ソフトなど）が使用中です"
    if isinstance(exc, PermissionError):
        return "読む権限がないか、ほかのプログラムが使用中です"
    if isinstance(exc, FileNotFoundError):
        return "見つかりません（読み込みの途中で移動・削除されました）"
    if isinstance(exc, IsADirectoryError):
        return "フォルダです"
    return walk.too_long(exc) or os_reason(exc)
