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
COMMANDS = ("plan_cmd", "templates_cmd", "contacts_cmd", "merge_cmd", "status_cmd", "report_cmd", "demo_cmd")


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
    imported, ends with a Japanese line and exit code 130, never a traceback.

    ``argv`` None: this process's own command line — the program, which ends when this returns. Its result (or the
    「中断しました」 line) is then final, and Ctrl-C is ignored from here on: Python puts the default handling of
    Ctrl-C back while it shuts down (and unloads pandas, tens of milliseconds), when a Ctrl-C would kill the process
    with no word and no exit code of its own."""
    try:
        code = _run_command(argv)
        if argv is None:
            _ignore_ctrl_c(said=False)  # a Ctrl-C still pending raises here: said as an interruption
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not isinstance(exc, KeyboardInterrupt) and not _from_ctrl_c(exc):
            raise
        code = _interrupted(exc)
        if argv is None:
            _ignore_ctrl_c(said=True)
            end_interrupted(code)
    return code


def _from_ctrl_c(exc: BaseException) -> bool:
    """Whether ``exc`` is a Ctrl-C in disguise: Python 3.11 wraps one that arrives while a dataclass is being made (its
    fields' ``__set_name__``, as the command's modules load) in a RuntimeError, which would print a traceback."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def end_interrupted(code: int) -> None:
    """End the interrupted program at once with ``code`` (130), its line said and its files closed. Python 3.11
    remembers a Ctrl-C that passed through code run by ``exec`` — a dataclass being made while the command's modules
    load — as if nothing had caught it, and at exit would end the process by the signal after all (no exit code of
    its own: -2 on POSIX, 0xC000013A on Windows)."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):  # closed or gone: nothing more to say
            pass
    os._exit(code)


def _ignore_ctrl_c(*, said: bool) -> None:
    """Ctrl-C ignored for the rest of the process (the handler Python does not replace when it shuts down). One
    pressed just before: raised, unless the interruption was ``said`` already (then it is the same Ctrl-C again)."""
    import signal

    while True:
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            return
        except KeyboardInterrupt:
            if not said:
                raise
        except ValueError:  # not the main thread (an embedding program): its Ctrl-C is its own
            return


def _interrupted(exc: BaseException) -> int:
    try:
        print(_with_notes("\nreform-xlsx: 中断しました（書きかけのファイルは残していません）。", exc), file=sys.stderr)
    except (KeyboardInterrupt, OSError):  # a second Ctrl-C, or a closed console: end quietly
        pass
    return 130


def _with_notes(message: str, exc: BaseException) -> str:
    """``message``, then what the library noted on ``exc`` for the user: a merge stopped after it recorded its
    files says so (:data:`reform_xlsx.merge.RECORDED_NOT_WRITTEN`), ``demo`` what to do with its half-made folder. A note
    of another library is not shown."""
    merge = sys.modules.get("reform_xlsx.merge")  # not imported: it noted nothing (and a Ctrl-C imports nothing)
    demo = sys.modules.get("reform_xlsx.cli.demo_cmd")
    said = [n for n in getattr(exc, "__notes__", ()) if (merge is not None and n == merge.RECORDED_NOT_WRITTEN)
            or (demo is not None and demo.is_note(n))]
    return "".join([message, *said])


def _run_command(argv: list[str] | None) -> int:
    console_never_missing()  # first: what is imported next may take its default stream from sys
    from reform_xlsx.cli.stdout_guard import StderrGuard, StdoutGuard

    said = StderrGuard.install()  # first: the stdout guard says on stderr when stdout could not be written
    guard = StdoutGuard.install()
    try:
        code = _run_guarded(argv)
    except BaseException:
        for each in (guard, said):
            if each is not None:
                each.finish(None)
        raise
    for each in (guard, said):
        if each is not None:
            each.finish(code)
    return code


def _run_guarded(argv: list[str] | None) -> int:
    from reform_xlsx import outputs
    from reform_xlsx.cli.common import print_problems

    console_never_fails()
    argv = sys.argv[1:] if argv is None else argv
    failed = _failure_reporter("--json" in argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad arguments (2, said on stderr)
        code = int(exc.code or 0)
        if not code:
            return code
        note = quote_note(argv)  # 「必須の引数がありません: --year」 when --year was swallowed by a path's stray quote
        if note:
            print(f"reform-xlsx: {note}", file=sys.stderr)
        return failed(" ".join(filter(None, (getattr(exc, "text", "引数が正しくありません。"), note))), printed=True,
                      code=code)
    encoding = names_cannot_be_japanese()
    if encoding:  # before any file is made: a ledger half-written, then 「内部エラー」 at the first Japanese name
        return failed(f"この環境ではファイル名に日本語を使えません（ファイル名の文字コードが {encoding}）。環境変数 "
                      "PYTHONUTF8=1 を設定するか、UTF-8 のロケール（LANG=ja_JP.UTF-8 など）で実行してください。"
                      f" / File names cannot hold Japanese here (file system encoding {encoding}): set PYTHONUTF8=1 "
                      "or use a UTF-8 locale, and run again.")
    with outputs.noting_paths_too_long() as written:
        code = _run_parsed(parser, args, failed)
    too_long = outputs.paths_too_long_problems(written, _where_written(parser, args)) if written else []
    if too_long:  # said last, where the clerk looks; also when the run failed later
        try:
            print_problems("Excel で開けないファイルがあります:", too_long, stream=sys.stderr)
        except (OSError, ValueError):  # standard error closed (a pipe cut short): the run's result stands
            pass
    return code


def _where_written(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str:
    """The option that says where the command writes, as O001 names it."""
    given = [option for option, value, _ in _command_options(parser, args) if value]
    return "出力先（--out）" if "--out" in given else "書き出すファイルのパス" if "FILE" in given else "出力先"


def _run_parsed(parser: argparse.ArgumentParser, args: argparse.Namespace, failed) -> int:
    """The command ``args`` names, run: its exit code, and every failure said (:func:`_failure_reporter`)."""
    from reform_xlsx.cli.common import EXIT_OK, UsageError, print_problems, refuse_spaced_paths
    from reform_xlsx.cli.failures import environment_code, environment_error_message, internal_error_message
    from reform_xlsx.intake.tables import TableError
    from reform_xlsx.intake.worker import WorkerStartError
    from reform_xlsx.ledger.errors import LedgerError
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
    from reform_xlsx.records import DueDateError
    from reform_xlsx.settings import SettingsError

    try:
        refuse_spaced_paths(args)
        return args.run(args)
    except PlanError as exc:
        print_problems("計画ファイルにエラーがあります。", exc.problems, stream=sys.stderr)
        return failed("計画ファイルにエラーがあります。", exc.problems, printed=True)
    except SettingsError as exc:
        print_problems("設定ファイルにエラーがあります。", [exc.problem], stream=sys.stderr)
        return failed("設定ファイルにエラーがあります。", [exc.problem], printed=True)
    except YearOutsidePlanError as exc:  # T008 at --year (a year after the plan: the next plan's own ledger)
        found = exc.problem
        if found is None:
            return failed(str(exc))
        print(f"reform-xlsx: [{found.code} {found.severity.label}] {found.location}: {found.message}", file=sys.stderr)
        return failed(f"{found.location}: {found.message}", [found], printed=True)
    except (DueDateError, WrongYearError) as exc:  # T001: a 提出期限 or 再提出期限 before its fiscal year, at the option
        found = exc.problem  # that gave it; T009: every form read is of another year than --year
        print(f"reform-xlsx: [{found.code} {found.severity.label}] {found.location}: {found.message}", file=sys.stderr)
        return failed(f"{found.location}: {found.message}", [found], printed=True)
    except (UsageError, LedgerError, WorkerStartError, DirectoryError,
            TableError, UnknownFileError, ClosedFolderError, NoAnswersError) as exc:
        return failed(_with_notes(str(exc), exc), why=environment_code(exc))
    except NoReviewError as exc:
        return failed(f"--review で指定した推進室評価シートが見つかりません: {'、'.join(str(p) for p in exc.paths)}。"
                      "パスを確かめてください（何も記録していません）。" + quote_note([str(p) for p in exc.paths]))
    except MissingInputError as exc:
        return failed(f"指定したファイル・フォルダが見つかりません: {'、'.join(str(p) for p in exc.paths)}。"
                      "パスを確かめてください（何も記録していません）。" + quote_note([str(p) for p in exc.paths]))
    except NoInputError as exc:
        note = quote_note([str(exc)])
        return failed(f"指定したファイル・フォルダが見つかりません: {exc}" + (f"。{note}" if note else ""))
    except BrokenPipeError:  # output piped into `head` and closed early: the run's result stands, only its printing
        sys.stderr.close()  # was cut (a run cut short before its result is known is no success for merge, status)
        return getattr(args, "exit_code", EXIT_OK)
    except Exception as exc:  # noqa: BLE001 - the boundary: no traceback ever reaches a user
        message = environment_error_message(exc, _command_options(parser, args))
        if message is None:
            return failed(_with_notes(internal_error_message(exc), exc))
        return failed(_with_notes(message, exc), why=environment_code(exc))


def quote_note(arguments: list[str]) -> str:
    """What a 「"」 inside an argument most likely means, or "" when none has one: Windows' command prompt ends a
    quoted path at a 「"」 only when no 「\\」 stands just before it, so ``merge "C:\\受信\\" --year R8`` gives the
    one argument ``C:\\受信" --year R8`` (then --year is missing, or the folder is not found)."""
    quoted = next((a for a in arguments if '"' in a), None)
    if quoted is None:
        return ""
    return (f"引数「{quoted}」に「\"」が入っています。Windows のコマンドプロンプトでは、\"C:\\受信\\\" のように"
            "「\\」のすぐ後に「\"」を書くと、その「\"」は囲みの終わりにならずに文字として残り、後ろのオプションまで"
            "1つの引数になります。パスの最後の「\\」を消して \"C:\\受信\" のように書き、もう一度実行してください。")


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
    lists, which are read), with whether each is a folder: ``("--out", "out", True)``, ``("FILE", "計画.xlsx", False)``;
    one left out with no default is there with the value "" (``status --remind``'s ``--out``: its drafts then go beside
    the ledger) — for advice that names the one to change."""
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
             getattr(args, action.dest) or "", action.metavar == "DIR")
            for action in command._actions
            if action.metavar in ("FILE", "DIR") and isinstance(getattr(args, action.dest, None), str | None)]
