"""argparse in Japanese: help headings, error messages, and the date and year types.

argparse's own texts are English; the users are not. Errors are translated by pattern
(unknown ones are shown as they are, after a Japanese lead-in), headings are renamed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys

from reform_xlsx.wareki import FiscalYearError, parse_date

_ERRORS = (
    (r"the following arguments are required: (.*)", r"必須の引数がありません: \1"),
    (r"unrecognized arguments: (.*)", r"使えない引数です: \1"),
    (r"argument (.+?): invalid choice: '?(.*?)'? \(choose from (.*)\)", r"\1: 「\2」は選べません（選べるもの: \3）"),
    (r"argument (.+?): expected one argument", r"\1 には値を1つ指定してください"),
    (r"argument (.+?): expected at least one argument", r"\1 には値を1つ以上指定してください"),
    (r"argument (.+?): invalid .*? value: '(.*)'", r"\1: 「\2」を読めません"),
    (r"argument (.+?): (.*)", r"\1: \2"),
)


def translate(message: str) -> str:
    """argparse's English error → Japanese (the option names stay as typed)."""
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message, flags=re.S):
            return re.sub(pattern, replacement, message, flags=re.S)
    return message


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the examples' line breaks; 「使い方:」 instead of "usage:"."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "使い方: " if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Japanese (its subcommand parsers are of the same class)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "引数"
        self._optionals.title = "オプション"
        self.add_argument("-h", "--help", action="help", help="この説明を表示して終了します")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        text = f"{self.prog}: エラー: {translate(message)}"
        sys.stderr.write(text + "\n")
        raise ArgumentsError(text)


class ArgumentsError(SystemExit):
    """Bad arguments (exit code 2), said on stderr; ``text`` is the message (for ``--json``)."""

    def __init__(self, text: str) -> None:
        super().__init__(2)
        self.text = text


def date_arg(text: str) -> dt.date:
    """``2026-06-01``, ``2026/6/1``, ``令和8年6月1日`` (full-width digits too) → a date."""
    try:
        return parse_date(text)
    except FiscalYearError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
