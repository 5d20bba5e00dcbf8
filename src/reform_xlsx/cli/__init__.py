"""The ``reform-xlsx`` command line: a thin layer over the library.

Each command lives in its own module with ``register(subparsers)`` and ``run(args) -> int``.
Only this package prints and chooses exit codes: 0 all well, 1 finished but something was
rejected or is missing, 2 unusable input (bad arguments, broken plan file).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

# Nothing but ``sys`` when this module is imported (the installed command's first step): Ctrl-C while
# the rest loads is caught by :func:`main`.

# Nothing heavy at import time: a worker process started with ``spawn`` re-imports the main
# script (``reform-xlsx``), which imports this package — and should not bring pandas along.
COMMANDS = ("plan_cmd", "templates_cmd", "contacts_cmd", "merge_cmd", "status_cmd", "report_cmd")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    from reform_xlsx import __version__
    from reform_xlsx.cli.parser import Parser

    parser = Parser(
        prog="reform-xlsx",
        description="自治体の行政改革の行動計画の進行管理（調査票の作成・回収・集計・会議資料）を Excel で行います。",
        epilog="例:\n  reform-xlsx plan\n  reform-xlsx <コマンド> --help",
    )
    parser.add_argument("--version", action="version", version=f"reform-xlsx {__version__}",
                        help="バージョンを表示して終了します")
    subparsers = parser.add_subparsers(dest="command", metavar="<コマンド>", required=True, title="コマンド")
    for name in COMMANDS:
        importlib.import_module(f"reform_xlsx.cli.{name}").register(subparsers)
    return parser


def console_never_fails() -> None:
    """Output to a console, a file or a pipe in a code page that lacks a character (Japanese Windows
    writes redirected output in cp932, which has no 「—」 and no NFD kana) is written with that character
    escaped, never a UnicodeEncodeError after the work is done. (``--json`` is written in UTF-8 anyway.)"""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a stream that cannot be changed: leave it
                pass


def console_never_missing() -> bool:
    """No standard output or error (a closed one: ``>&-``; on Windows ``pythonw`` or a scheduled task, where
    ``sys.stdout`` is None): what would be printed there is dropped, and the command does its work and gives
    its exit code as if it had printed, never a traceback. The closed descriptor itself is pointed at the null
    device, so that no file opened later (the ledger) takes its number and a stray write lands in it. True
    when standard output was missing (said on standard error, when there is one)."""
    import os

    missing = []
    for fd, name in ((1, "stdout"), (2, "stderr")):
        if getattr(sys, name) is not None:
            continue
        missing.append(name)
        try:
            os.fstat(fd)
        except OSError:  # closed: hold its number
            try:
                null = os.open(os.devnull, os.O_WRONLY)
                if null != fd:
                    os.dup2(null, fd)
                    os.close(null)
            except OSError:
                pass
        setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - for the whole run
    if "stdout" in missing and "stderr" not in missing:
        print("reform-xlsx: 標準出力がないため、結果の表示は省きます（処理は行い、結果は終了コードで返します）。",
              file=sys.stderr)
    return "stdout" in missing


def main(argv: list[str] | None = None) -> int:
    """Run one command; Ctrl-C at any moment, also while the command's modules are still being
    imported, ends with a Japanese line and exit code 130, never a traceback."""
    try:
        return _run_command(argv)
    except KeyboardInterrupt:
        return _interrupted()


def _interrupted() -> int:
    try:
        print("\nreform-xlsx: 中断しました（書きかけのファイルは残していません）。", file=sys.stderr)
    except (KeyboardInterrupt, OSError):  # a second Ctrl-C, or a closed console: end quietly
        pass
    return 130


class StdoutGuard:
    """``sys.stdout`` while a command runs: when standard output cannot be written (redirected to a full disk:
    ``reform-xlsx merge … > log.txt`` on a full drive, a scheduled task's log), what is printed is dropped and the
    command goes on — the work it does (files recorded, outputs and forms written) is not turned into a failure by
    its printing, and its exit code is its own result. A closed pipe (``| head``) still ends the command
    (:class:`BrokenPipeError`, handled by :func:`_run_command`). Only standard output is guarded: a file the command
    writes fails as before."""

    def __init__(self, stream) -> None:
        self._stream = stream
        self.error: OSError | None = None

    def _write_failed(self, exc: OSError) -> None:
        if self.error is None:
            self.error = exc
            _point_at_null(self._stream)

    def _guarded(self, call, *args):
        if self.error is not None:
            return None
        try:
            return call(*args)
        except BrokenPipeError:
            raise
        except OSError as exc:
            self._write_failed(exc)
            return None

    def write(self, text: str) -> int:
        self._guarded(self._stream.write, text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._guarded(self._stream.flush)

    @property
    def buffer(self):
        raw = getattr(self._stream, "buffer", None)
        return None if raw is None else _GuardedBuffer(self, raw)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)

    @classmethod
    def install(cls) -> StdoutGuard | None:
        if sys.stdout is None or isinstance(sys.stdout, cls):
            return None
        guard = cls(sys.stdout)
        sys.stdout = guard
        return guard

    def finish(self, code: int | None) -> None:
        """Flush what is still held (a small output is written only now), put the stream back, and say on
        standard error when standard output could not be written (``code``: the command's exit code)."""
        try:
            self.flush()
        except BrokenPipeError:  # a closed pipe: the run's result stands (see _run_command)
            pass
        if sys.stdout is self:
            sys.stdout = self._stream
        if self.error is None:
            return
        import errno

        why = ("（ディスクがいっぱいです）" if self.error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))
               else f"（OS のエラー番号 {self.error.errno}）" if self.error.errno else "")
        done = (f"表示は省き、処理は最後まで行いました（結果は終了コード {code} で返します）。" if code in (0, 1)
                else "表示は省きました。")
        try:
            print(f"reform-xlsx: 標準出力（画面・ログのファイル）に書き込めませんでした{why}。{done}", file=sys.stderr)
        except (OSError, ValueError, AttributeError):  # no standard error either: the exit code is the whole answer
            pass


class _GuardedBuffer:
    """The binary buffer under a guarded ``sys.stdout`` (``--json`` is written to it in UTF-8)."""

    def __init__(self, guard: StdoutGuard, raw) -> None:
        self._guard, self._raw = guard, raw

    def write(self, data: bytes) -> int:
        self._guard._guarded(self._raw.write, data)
        return len(data)

    def flush(self) -> None:
        self._guard._guarded(self._raw.flush)

    def __getattr__(self, name: str):
        return getattr(self._raw, name)


def _point_at_null(stream) -> None:
    """Point the descriptor of a standard output that failed at the null device: what its buffers still hold is
    flushed there (at the latest when Python ends), not again into the full disk (which would say 「Exception
    ignored」 and end with exit code 120)."""
    import os

    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, AttributeError, ValueError):  # no descriptor (a stream object): nothing to repoint
        return
    try:
        if null != fd:
            os.dup2(null, fd)
    except OSError:
        pass
    finally:
        if null != fd:
            os.close(null)


def _run_command(argv: list[str] | None) -> int:
    console_never_missing()  # first: what is imported next may take its default stream from sys
    guard = StdoutGuard.install()
    try:
        code = _run_guarded(argv)
    except BaseException:
        if guard is not None:
            guard.finish(None)
        raise
    if guard is not None:
        guard.finish(code)
    return code


def _run_guarded(argv: list[str] | None) -> int:
    from reform_xlsx.cli.common import EXIT_OK, UsageError, print_problems
    from reform_xlsx.intake.tables import TableError
    from reform_xlsx.intake.worker import WorkerStartError
    from reform_xlsx.ledger.store import LedgerError
    from reform_xlsx.mail.directory import DirectoryError
    from reform_xlsx.merge import (
        ClosedFolderError,
        MissingInputError,
        NoAnswersError,
        NoInputError,
        NoReviewError,
        UnknownFileError,
        WrongYearError,
    )
    from reform_xlsx.plan.loading import PlanError
    from reform_xlsx.plan.model import YearOutsidePlanError
    from reform_xlsx.settings import SettingsError

    console_never_fails()
    argv = sys.argv[1:] if argv is None else argv
    failed = _failure_reporter("--json" in argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad arguments (2, said on stderr)
        code = int(exc.code or 0)
        return failed(getattr(exc, "text", "引数が正しくありません。"), printed=True, code=code) if code else code
    encoding = names_cannot_be_japanese()
    if encoding:  # before any file is made: a ledger half-written, then 「内部エラー」 at the first Japanese name
        return failed(f"この環境ではファイル名に日本語を使えません（ファイル名の文字コードが {encoding}）。環境変数 "
                      "PYTHONUTF8=1 を設定するか、UTF-8 のロケール（LANG=ja_JP.UTF-8 など）で実行してください。"
                      f" / File names cannot hold Japanese here (file system encoding {encoding}): set PYTHONUTF8=1 "
                      "or use a UTF-8 locale, and run again.")
    try:
        return args.run(args)
    except PlanError as exc:
        print_problems("計画ファイルにエラーがあります。", exc.problems, stream=sys.stderr)
        return failed("計画ファイルにエラーがあります。", exc.problems, printed=True)
    except SettingsError as exc:
        print_problems("設定ファイルにエラーがあります。", [exc.problem], stream=sys.stderr)
        return failed("設定ファイルにエラーがあります。", [exc.problem], printed=True)
    except (UsageError, YearOutsidePlanError, LedgerError, WrongYearError, WorkerStartError, DirectoryError,
            TableError, UnknownFileError, ClosedFolderError, NoAnswersError) as exc:
        return failed(str(exc), why=environment_code(exc))
    except NoReviewError as exc:
        return failed(f"--review で指定した推進室評価シートが見つかりません: {'、'.join(str(p) for p in exc.paths)}。"
                      "パスを確かめてください（何も記録していません）。")
    except MissingInputError as exc:
        return failed(f"指定したファイル・フォルダが見つかりません: {'、'.join(str(p) for p in exc.paths)}。"
                      "パスを確かめてください（何も記録していません）。")
    except NoInputError as exc:
        return failed(f"指定したファイル・フォルダが見つかりません: {exc}")
    except BrokenPipeError:  # output piped into `head` and closed early: the run's result stands, only its printing
        sys.stderr.close()  # was cut (a run cut short before its result is known is no success for merge, status)
        return getattr(args, "exit_code", EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the boundary: no traceback ever reaches a user
        message = environment_error_message(exc, _command_options(parser, args))
        if message is None:
            return failed(internal_error_message(exc))
        return failed(message, why=environment_code(exc))


def names_cannot_be_japanese() -> str | None:
    """The file system encoding when it cannot write a Japanese file name (Linux or macOS with UTF-8 mode turned
    off in the C locale: ``PYTHONUTF8=0 LC_ALL=C``), else None. Windows always can."""
    encoding = sys.getfilesystemencoding()
    try:
        "調査票_市民課".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return encoding
    return None


def _failure_reporter(as_json: bool):
    """How a command that cannot go on says so: the Japanese message on stderr and exit code 2; with
    ``--json`` also one JSON document on stdout (``{"exit_code": 2, "error": …, "problems": […]}``), so
    that a script reading stdout always gets one."""
    from reform_xlsx.cli.common import EXIT_USAGE, print_json

    def failed(message: str, problems=(), *, printed: bool = False, code: int = EXIT_USAGE,
               why: str | None = None) -> int:
        """``why``: the stable code of an environment failure (:func:`environment_code`), said with the message."""
        if not printed:
            print(f"reform-xlsx: [{why} エラー] {message}" if why else f"reform-xlsx: {message}", file=sys.stderr)
        if as_json:
            try:
                print_json({"exit_code": code, **({"code": why} if why else {}), "error": message,
                            "problems": [p.to_dict() for p in problems]})
            except OSError:  # stdout gone: the message on stderr stands
                pass
        return code

    return failed


def _command_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[tuple[str, str, bool]]:
    """The command's own arguments as given (or defaulted) that are one path each (``FILE``, ``DIR``; not the
    lists, which are read), with whether each is a folder: ``("--out", "out", True)``, ``("FILE", "計画.xlsx", False)``
    — for advice that names the one to
    change."""
    import argparse

    def parsers(p: argparse.ArgumentParser):
        yield p
        for action in p._actions:  # argparse keeps the subcommands' parsers here
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    yield from parsers(sub)

    run = getattr(args, "run", None)
    command = next((p for p in parsers(parser) if run is not None and p.get_default("run") is run), None)
    if command is None:
        return []
    return [(action.option_strings[-1] if action.option_strings else str(action.metavar or action.dest),
             getattr(args, action.dest), action.metavar == "DIR")
            for action in command._actions
            if action.metavar in ("FILE", "DIR") and isinstance(getattr(args, action.dest, None), str)]


def environment_error_message(exc: BaseException, options: list[tuple[str, str, bool]] = ()) -> str | None:
    """A file, folder, disk or database that could not be used, in Japanese, naming it and saying
    what to do; None for anything else. ``options``: the command's path arguments (see
    :func:`_command_options`), for the advice on a read-only place."""
    import sqlite3

    from reform_xlsx.ledger.store import ledger_error_message

    cause = exc.args[0] if type(exc).__name__ == "FileCreateError" and exc.args else exc  # xlsxwriter wraps it
    if isinstance(cause, OSError):
        return os_error_message(cause, options)
    if isinstance(cause, sqlite3.Error):
        return ledger_error_message(None, cause)
    if isinstance(cause, MemoryError):
        from reform_xlsx.messages import Msg, problem

        return problem(Msg.ENV_MEMORY).message
    return None


def environment_code(exc: BaseException | None) -> str | None:
    """The stable code (E001…, the catalogue's ``ENV_`` family) of a failure of the place a command works in — the
    ledger, the disk, a file it reads or writes — found in ``exc`` or what it was raised from (a ledger error made of
    an SQLite error, a :class:`UsageError` that says a ledger error); None for anything else (bad arguments, a plan
    file's errors). The classes are those of :func:`os_error_message` and the ledger's messages."""
    from reform_xlsx.ledger.store import LedgerBusy, LedgerError

    seen: set[int] = set()
    ledger = False  # under a ledger error: its record that could not be read (JSON) is damage
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
            inner = environment_code(exc.__cause__ or exc.__context__)
            return inner if inner is not None else exc.code
        exc = exc.__cause__ or exc.__context__
    return None


def _code_of(exc: BaseException, ledger: bool) -> str | None:
    import errno
    import json
    import os
    import sqlite3

    from reform_xlsx.ledger.store import LedgerBusy
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

    def closeness(value: str, folder: bool) -> int:  # 3 the path itself, 2 in (or above) it, 1 beside a file, 0 apart
        if not name or not value:
            return 0
        path, given = Path(os.path.abspath(os.fsdecode(name))), Path(os.path.abspath(value))
        if path == given:
            return 3
        if given in path.parents or path in given.parents:
            return 2
        return 1 if not folder and given.parent in path.parents else 0  # a ledger's archive, a draft by it

    scored = [(closeness(value, folder), option) for option, value, folder in options]
    best = max((score for score, _ in scored), default=0)
    near = [option for score, option in scored if score == best and best]  # a tie: --out, where outputs go
    outs = [option for option, _, _ in options if option == "--out"]
    chosen = ("--out" if "--out" in near else near[0]) if near else outs[0] if outs else None
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
