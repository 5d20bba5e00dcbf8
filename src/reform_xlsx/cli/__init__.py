"""The ``reform-xlsx`` command line: a thin layer over the library.

Each command lives in its own module with ``register(subparsers)`` and ``run(args) -> int``.
Only this package prints and chooses exit codes: 0 all well, 1 finished but something was
rejected or is missing, 2 unusable input (bad arguments, broken plan file).
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Nothing heavy at import time: a worker process started with ``spawn`` re-imports the main
# script (``reform-xlsx``), which imports this package — and should not bring pandas along.
COMMANDS = ("plan_cmd", "templates_cmd", "merge_cmd", "status_cmd")


def build_parser() -> argparse.ArgumentParser:
    from reform_xlsx import __version__
    from reform_xlsx.cli.parser import Parser

    parser = Parser(
        prog="reform-xlsx",
        description="市政改革推進行動計画の進行管理（調査票の作成・回収・集計・会議資料）を Excel で行います。",
        epilog="例:\n  reform-xlsx plan\n  reform-xlsx <コマンド> --help",
    )
    parser.add_argument("--version", action="version", version=f"reform-xlsx {__version__}",
                        help="バージョンを表示して終了します")
    subparsers = parser.add_subparsers(dest="command", metavar="<コマンド>", required=True, title="コマンド")
    for name in COMMANDS:
        importlib.import_module(f"reform_xlsx.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    from reform_xlsx.cli.common import EXIT_OK, EXIT_USAGE, UsageError, print_problems
    from reform_xlsx.plan.loading import PlanError
    from reform_xlsx.plan.model import YearOutsidePlanError

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or bad arguments (2)
        return int(exc.code or 0)
    try:
        return args.run(args)
    except PlanError as exc:
        print_problems("計画ファイルにエラーがあります。", exc.problems, stream=sys.stderr)
        return EXIT_USAGE
    except (UsageError, YearOutsidePlanError) as exc:
        print(f"reform-xlsx: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # e.g. last year's 会議資料 still open in Excel
        print(f"reform-xlsx: {os_error_message(exc)}", file=sys.stderr)
        return EXIT_USAGE


def os_error_message(exc: OSError) -> str:
    """A file that could not be read or written, in Japanese, with what to do."""
    where = f"「{exc.filename}」" if exc.filename else "ファイル"
    if isinstance(exc, PermissionError):
        return (f"{where}を読み書きできません（権限がないか、Excel などで開かれています）。"
                "開いていれば閉じてから、もう一度実行してください。")
    if isinstance(exc, FileNotFoundError):
        return f"{where}が見つかりません。パスを確かめてください。"
    if isinstance(exc, IsADirectoryError | NotADirectoryError):
        return f"{where}はファイルとフォルダを取り違えています。パスを確かめてください。"
    return f"{where}を読み書きできません（{exc.strerror or type(exc).__name__}）。"
