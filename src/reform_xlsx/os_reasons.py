"""Why the system refused a file, said in Japanese: a short phrase for a message's （…）.

The system's own text (``strerror``) may be English and the exception's class name is for programmers:
neither is shown. The reason is taken from the error number, which every platform gives."""

from __future__ import annotations

import errno

_EDQUOT = getattr(errno, "EDQUOT", -1)
_ESTALE = getattr(errno, "ESTALE", -1)
_EHOSTDOWN = getattr(errno, "EHOSTDOWN", -1)
_ETXTBSY = getattr(errno, "ETXTBSY", -1)

_REASONS: tuple[tuple[tuple[int, ...], str], ...] = (
    ((errno.EACCES, errno.EPERM), "権限がないか、ほかのプログラムが使用中です"),
    ((errno.ENOENT,), "見つかりません"),
    ((errno.EISDIR,), "フォルダです"),
    ((errno.ENOTDIR,), "パスの途中にフォルダではなくファイルがあります"),
    ((errno.ENAMETOOLONG,), "パスが長すぎます"),
    ((errno.ELOOP,), "リンクが循環しています"),
    ((errno.EIO,), "ディスクやネットワークとの読み書きに失敗しました（装置か接続の不調）"),
    ((errno.ENOSPC, _EDQUOT), "ディスクがいっぱいです"),
    ((errno.EROFS,), "読み取り専用の場所にあります"),
    ((errno.EBUSY, _ETXTBSY), "ほかのプログラムが使用中です"),
    ((errno.ETIMEDOUT, errno.ENETDOWN, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ECONNRESET,
      errno.ECONNREFUSED, errno.ECONNABORTED, _EHOSTDOWN, _ESTALE),
     "ネットワーク上の場所に接続できません（ネットワークか共有フォルダの不調）"),
    ((errno.EMFILE, errno.ENFILE), "開いているファイルが多すぎます"),
    ((errno.ENOMEM,), "メモリが足りません"),
    ((errno.ENXIO, errno.ENODEV), "装置が見つかりません（外したドライブなど）"),
    ((errno.EAGAIN,), "一時的に使えません"),
    ((errno.EINVAL,), "名前かパスが正しくありません（使えない文字など）"),
)


def os_reason(exc: OSError) -> str:
    """Why ``exc``'s file or folder could not be used, in Japanese, by its error number; the number itself
    for one not known here (never the system's English text or the exception's name)."""
    number = exc.errno
    if number is None:  # raised without one (a library's own OSError): its kind says what it can
        if isinstance(exc, PermissionError):
            number = errno.EACCES
        elif isinstance(exc, FileNotFoundError):
            number = errno.ENOENT
        elif isinstance(exc, IsADirectoryError):
            number = errno.EISDIR
        elif isinstance(exc, NotADirectoryError):
            number = errno.ENOTDIR
        elif isinstance(exc, TimeoutError | ConnectionError):
            number = errno.ETIMEDOUT
    for numbers, reason in _REASONS:
        if number in numbers:
            return reason
    return f"OS のエラー（番号 {number}）です" if number else "OS のエラーです"
