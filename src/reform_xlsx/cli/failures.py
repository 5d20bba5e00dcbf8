"""How the command line says a failure of the place a command works in — a file, folder, disk or ledger that cannot be
used (:func:`environment_error_message`, with its stable E code: :func:`environment_code`) — or an internal error
(:func:`internal_error_message`): in Japanese, naming the path and what to do. Light at import: everything heavy is
imported where it is used."""

from __future__ import annotations


def environment_error_message(exc: BaseException, options: list[tuple[str, str, bool]] = ()) -> str | None:
    """A file, folder, disk or database that could not be used, in Japanese, naming it and saying
    what to do; None for anything else. ``options``: the command's path arguments (see
    :func:`_command_options`), for the advice on a read-only place."""
    import sqlite3

    from reform_xlsx.ledger.errors import ledger_error_message

    cause = exc.args[0] if type(exc).__name__ == "FileCreateError" and exc.args else exc  # xlsxwriter wraps it
    if isinstance(cause, OSError):
        return os_error_message(cause, options)
    if isinstance(cause, sqlite3.Error):
        return ledger_error_message(None, cause)
    if isinstance(cause, MemoryError):
        from reform_xlsx.messages import Msg, problem

        return problem(Msg.ENV_MEMORY).message
    return None


def environment_code(exc: BaseException | None, ledger: bool = False) -> str | None:
    """The stable code (E001…, the catalogue's ``ENV_`` family) of a failure of the place a command works in — the
    ledger, the disk, a file it reads or writes — found in ``exc`` or what it was raised from (a ledger error made of
    an SQLite error, a :class:`UsageError` that says a ledger error); None for anything else (bad arguments, a plan
    file's errors). The classes are those of :func:`os_error_message` and the ledger's messages."""
    from reform_xlsx.ledger.errors import LedgerBusy, LedgerError

    seen: set[int] = set()
    # ``ledger``: under a ledger error, where a record that could not be read (JSON) is damage
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if type(exc).__name__ == "FileCreateError" and exc.args and isinstance(exc.args[0], BaseException):
            exc = exc.args[0]  # xlsxwriter wraps the OSError
            continue
        found = _code_of(exc, ledger)
        if found is not None:
            return found
        if isinstance(exc, LedgerError) and type(exc) not in (LedgerError, LedgerBusy):
            return None  # a plan the ledger does not keep (L010 …), said with its own code
        if type(exc) is LedgerError:
            ledger = True
            inner = environment_code(exc.__cause__ or exc.__context__, ledger=True)
            return inner if inner is not None else exc.code
        exc = exc.__cause__ or exc.__context__
    return None


def _code_of(exc: BaseException, ledger: bool) -> str | None:
    import errno
    import json
    import os
    import sqlite3

    from reform_xlsx.ledger.errors import LedgerBusy
    from reform_xlsx.messages import Msg

    if isinstance(exc, LedgerBusy):
        return Msg.ENV_LEDGER_BUSY.value.code
    if isinstance(exc, MemoryError):
        return Msg.ENV_MEMORY.value.code
    if isinstance(exc, json.JSONDecodeError) and ledger:
        return Msg.ENV_LEDGER_DAMAGED.value.code
    if isinstance(exc, sqlite3.Error):
        return _sqlite_code(exc)
    if not isinstance(exc, OSError):
        return None
    from reform_xlsx.intake.walk import WINDOWS_TOO_LONG, too_long

    if isinstance(exc, IsADirectoryError | NotADirectoryError | FileExistsError | FileNotFoundError) or (
            isinstance(exc, PermissionError) and exc.filename is not None and os.path.isdir(os.fsdecode(exc.filename))):
        return Msg.ENV_PATH_UNUSABLE.value.code
    if isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return Msg.ENV_NOT_WRITABLE.value.code
    if too_long(exc) == WINDOWS_TOO_LONG or exc.errno == errno.ENAMETOOLONG:
        return Msg.ENV_PATH_UNUSABLE.value.code
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return Msg.ENV_DISK_FULL.value.code
    return Msg.ENV_IO_FAILED.value.code


def _sqlite_code(exc: BaseException) -> str:
    """As :func:`reform_xlsx.ledger.store.ledger_error_message` tells the SQLite errors apart."""
    from reform_xlsx.messages import Msg

    text = str(exc)
    name = getattr(exc, "sqlite_errorname", None) or ""
    if ("not a database" in text or "malformed" in text or "disk image" in text or "Could not decode" in text
            or name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))):
        return Msg.ENV_LEDGER_DAMAGED.value.code
    if "locked" in text or "busy" in text:
        return Msg.ENV_LEDGER_BUSY.value.code
    if ("readonly" in text or "read-only" in text or "unable to open" in text
            or name.startswith(("SQLITE_PERM", "SQLITE_AUTH"))):
        return Msg.ENV_NOT_WRITABLE.value.code
    if "full" in text:
        return Msg.ENV_DISK_FULL.value.code
    if name.startswith("SQLITE_NOMEM") or "out of memory" in text:
        return Msg.ENV_MEMORY.value.code
    return Msg.ENV_IO_FAILED.value.code


def os_error_message(exc: OSError, options: list[tuple[str, str, bool]] = ()) -> str:
    """A file that could not be read or written, in Japanese, with what to do. ``options``: the command's
    path arguments, ``(name, value, is a folder)`` (for a read-only place: which one to change)."""
    import errno
    import os

    where = f"「{exc.filename}」" if exc.filename else "ファイル"
    # a folder where a file is read or written (Windows says PermissionError for it): the path given, or an output
    # name someone made a folder of
    if isinstance(exc, IsADirectoryError) or (isinstance(exc, PermissionError) and exc.filename is not None
                                              and os.path.isdir(os.fsdecode(exc.filename))):
        return (f"{where}はフォルダです（ファイルの場所に同じ名前のフォルダがあります）。指定したパスを確かめ、"
                "出力するファイルの名前のフォルダなら、名前を変えるか移してから、もう一度実行してください。")
    from reform_xlsx.messages import Msg, problem

    if isinstance(exc, PermissionError):
        return problem(Msg.ENV_NOT_WRITABLE, what=where).message
    from reform_xlsx.intake.walk import WINDOWS_MAX_PATH, WINDOWS_TOO_LONG, too_long

    # before 「見つかりません」: Windows gives a path too long for it as not found (WinError 206 or 3)
    if too_long(exc) == WINDOWS_TOO_LONG:
        return (f"{where}はパスが長すぎて使えません（Windows ではパス全体で {WINDOWS_MAX_PATH - 1} 文字まで）。フォルダの名前を短くするか、"
                "ドライブの直下に近いフォルダ（C:\\調査 など）を指定してください。")
    if isinstance(exc, FileNotFoundError):
        return f"{where}が見つかりません。パスを確かめてください。"
    if isinstance(exc, NotADirectoryError | FileExistsError):
        blocker = _file_in_the_way(exc.filename)
        where = f"「{blocker}」" if blocker else where
        if blocker and os.path.islink(blocker) and not os.path.exists(blocker):
            return (f"{where}は、行き先のないショートカット（シンボリックリンク）です（フォルダが必要な場所）。"
                    "削除するか、別のパスを指定してください。")
        return f"{where}はファイルです（フォルダが必要な場所にファイルがあります）。パスを確かめてください。"
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return problem(Msg.ENV_DISK_FULL, what=where).message
    if exc.errno == errno.ENAMETOOLONG:
        return (f"{where}は名前（またはフォルダの深さ）が長すぎて使えません。短い名前か、浅いフォルダを"
                "指定してください。")
    if exc.errno == errno.EROFS:
        return f"{where}は読み取り専用の場所にあり、書き込めません。{_writable_place_advice(exc.filename, options)}"
    number = f"（OS のエラー番号 {exc.errno}）" if exc.errno else ""
    return f"{where}を読み書きできません{number}。場所と権限を確かめてください。"


def _writable_place_advice(name: object, options: list[tuple[str, str, bool]]) -> str:
    """What to change when ``name`` is in a read-only place: the argument it was made from (``--out DIR``
    it is in, ``--db FILE`` beside it, ``plan export``'s ``FILE`` itself), else the command's ``--out``,
    else the working folder."""
    import os
    from pathlib import Path

    from reform_xlsx import outputs
    from reform_xlsx.ledger.store import Ledger

    def closeness(value: str, folder: bool) -> int:
        """3 the path itself or in a ledger's archive, 2 in (or above) it, 1 beside a file, 0 apart. The archive beside
        ``--db out/reform.db`` is the ledger's even inside ``--out out``: a new --out would not move it."""
        if not name or not value:
            return 0
        path, given = Path(os.path.abspath(os.fsdecode(name))), Path(os.path.abspath(value))
        if path == given or (not folder and Ledger.default_archive(given) in (path, *path.parents)):
            return 3
        if given in path.parents or path in given.parents:
            return 2
        return 1 if not folder and given.parent in path.parents else 0  # a ledger's archive, a draft by it

    scored = [(closeness(value, folder), option) for option, value, folder in options]
    best = max((score for score, _ in scored), default=0)
    near = [option for score, option in scored if score == best and best]  # a tie: --out, where outputs go
    outs = [option for option, value, _ in options if option == "--out" and value]
    # status --remind's drafts (in メール下書き), beside the ledger when its --out is left out: --out, not a moved
    # ledger; nothing else status writes (the ledger's own files, the 要修正 copies where merge wrote them) moves with it
    parts = Path(os.fsdecode(name)).parts if name else ()
    drafts = outputs.MAIL_FOLDER in parts
    if outputs.FEEDBACK_FOLDER in parts and not any(option == "--out" and score >= 2 for score, option in scored):
        # status --remind --resubmit-by writes the 要修正 copies again where merge wrote them: no argument moves them
        return ("要修正の写しは merge が書いた場所で書き直します。その場所に書き込めるようにしてからもう一度実行するか、"
                "--resubmit-by を付けずに実行してください（下書きには写しにある再提出期限のまま添付します）。")
    beside_ledger = drafts and best <= 1 and any(option == "--out" and not value for option, value, _ in options)
    chosen = ("--out" if "--out" in near or beside_ledger else near[0]) if near \
        else "--out" if beside_ledger else outs[0] if outs else None
    if chosen is None:
        return "書き込める場所（フォルダ）に移ってから、もう一度実行してください。"
    if chosen.startswith("-"):
        return f"{chosen} で書き込める場所を指定してください。"
    return f"書き出す先（引数の {chosen}）には、書き込める場所のパスを指定してください。"


def _file_in_the_way(name: object) -> str | None:
    """The file that stands where a folder of the path ``name`` should be (``out/報告`` when it is a
    file and ``out/報告/令和8年度`` was asked for), or None."""
    import os
    from pathlib import Path

    if not name:
        return None
    path = Path(os.fsdecode(name))
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else str(candidate)
    return None


def internal_error_message(exc: BaseException) -> str:
    """An unexpected error: said in Japanese, with the details kept in a log file for the developers."""
    import tempfile
    import traceback

    try:
        fd, log = tempfile.mkstemp(prefix="reform-xlsx-error-", suffix=".log")
        with open(fd, "w", encoding="utf-8") as f:
            traceback.print_exception(exc, file=f)
        where = f"詳細は {log} に書きました。"
    except OSError:
        where = ""
    return (f"内部エラーが起きました（{type(exc).__name__}）。入力ファイルは変更していません。{where}"
            "ツールの担当者に、このメッセージとログのファイルを送ってください。")
