"""argparse in Japanese: help headings, error messages, and the date and year types.

argparse's own texts are English; the users are not. Errors are translated by pattern
(unknown ones are shown as they are, after a Japanese lead-in), headings are renamed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata

from reform_xlsx.records import NO_MEETING_DATE, MeetingDateCleared
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import FiscalYearError, japanese_date, parse_date, parse_datetime

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
    """Keeps the examples' line breaks; 「使い方:」 instead of "usage:". Measures text as the terminal shows
    it (a Japanese character takes two columns; argparse counts one): the help column lines up after
    「--year 年度」, and the Japanese help and description wrap within the terminal's width."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "使い方: " if prefix is None else prefix)

    def _format_usage(self, usage, actions, groups, prefix):
        try:
            return self._format_usage_in_columns(usage, actions, groups, prefix)
        except AttributeError:  # argparse's inner parts as of Python 3.11–3.14; another version: its own layout
            return super()._format_usage(usage, actions, groups, prefix)

    def _format_usage_in_columns(self, usage, actions, groups, prefix):
        """argparse's usage, wrapped in terminal columns: the options line up under the first one (argparse
        counts 「使い方: 」 and 「年度」 one column a character, and ran lines past the terminal's width)."""
        width, self._width = self._width, 10 ** 6
        try:
            text = super()._format_usage(usage, actions, groups, prefix)  # on one line
        finally:
            self._width = width
        head = f"{prefix}{self._prog}"
        one_line = text.rstrip("\n")
        if usage is not None or not one_line.startswith(head + " ") or "\n" in one_line:
            return text
        parts = _USAGE_PART.findall(one_line[len(head):])
        text_width = self._width - self._current_indent
        if text_units(head) + 1 <= 0.75 * text_width:  # the options follow the command's name
            lines = _wrap_parts(head, text_units(head) + 1, parts, text_width)
        else:  # a long name: the options go below it, under 「使い方: 」
            indent = text_units(prefix)
            lines = [head, *_wrap_parts(" " * (indent - 1), indent, parts, text_width)]
        return "\n".join(lines) + "\n\n"

    def add_argument(self, action):
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            try:
                invocations = [action, *self._iter_indented_subactions(action)]
                wide = max(text_units(self._format_action_invocation(a)) for a in invocations)
                self._action_max_length = max(self._action_max_length, wide + self._current_indent)
            except AttributeError:  # argparse's inner parts as of Python 3.11–3.14; another version: its own layout
                pass

    def _format_action(self, action):
        try:
            return self._format_action_in_columns(action)
        except AttributeError:  # argparse's inner parts as of Python 3.11–3.14; another version: its own layout
            return super()._format_action(action)

    def _format_action_in_columns(self, action):
        """argparse's layout of one option, with widths in terminal columns."""
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        header = self._format_action_invocation(action)
        indent_first = help_position
        if not action.help:
            parts = [f"{'':{self._current_indent}}{header}\n"]
        elif text_units(header) <= action_width:
            parts = [f"{'':{self._current_indent}}{header}{'':{action_width - text_units(header)}}  "]
            indent_first = 0
        else:
            parts = [f"{'':{self._current_indent}}{header}\n"]
        if action.help and action.help.strip() and (text := self._expand_help(action)):
            lines = self._split_lines(text, help_width)
            parts.append(f"{'':{indent_first}}{lines[0]}\n")
            parts += [f"{'':{help_position}}{line}\n" for line in lines[1:]]
        elif not parts[0].endswith("\n"):
            parts.append("\n")
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)

    def _split_lines(self, text, width):
        return wrap_columns(self._whitespace_matcher.sub(" ", text).strip(), width)

    def _fill_text(self, text, width, indent):
        """The description and the examples: an example line (indented) as written, a sentence wrapped."""
        return "\n".join(line if line.startswith(" ") or text_units(line) <= width
                         else "\n".join(wrap_columns(line, width)) for line in text.splitlines())


_WORD = re.compile(r"[!-~]+|\s+|.")  # a run of ASCII (an option, a path, a number) is never cut
_NO_LINE_START = set("、。，．）」』】：・ーぁぃぅぇぉっゃゅょァィゥェォッャュョ")
_NO_LINE_END = set("（「『【")


def wrap_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns: Japanese breaks between any two characters
    (not before 「、」「。」「）」…, not after 「（」「「」…), an ASCII word only at a space."""
    lines, line = [], ""
    for word in _WORD.findall(text):
        if line.strip() and text_units(line + word.rstrip()) > width and word[0] not in _NO_LINE_START:
            carried = ""
            while line and line[-1] in _NO_LINE_END:  # an opening bracket goes down with what it opens
                line, carried = line[:-1], line[-1] + carried
            lines.append(line.rstrip())
            line = carried + word.lstrip()
        else:
            line += word
    return [line for line in [*lines, line.rstrip()] if line] or [""]


_USAGE_PART = re.compile(r"\(.*?\)+(?=\s|$)|\[.*?\]+(?=\s|$)|\S+")  # argparse's own: a group, an option and its value


def _wrap_parts(first: str, indent: int, parts: list[str], width: int) -> list[str]:
    """Usage parts after ``first``, a space between them, in lines of at most ``width`` columns (a part is never
    cut; one too wide has a line of its own), each new line indented ``indent`` columns."""
    lines, line, placed = [], first, 0
    for part in parts:
        if placed and text_units(line) + 1 + text_units(part) > width:
            lines.append(line)
            line, placed = " " * (indent - 1), 0
        line += " " + part
        placed += 1
    return [*lines, line]


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
    """``2026-06-01``, ``2026/6/1``, ``令和8年6月1日`` (full-width digits too) → a date (a 提出期限 or 再提出期限).

    A day with a time, as offices write a 〆切 (「令和9年5月28日 17時」「2027-05-28T17:00」), is refused saying so: a
    期限 is a day (a file saved on or before it is 期限内), and 「読めません」 was not true of it."""
    try:
        return parse_date(text)
    except FiscalYearError as exc:
        try:
            when = parse_datetime(text)
        except FiscalYearError:
            raise argparse.ArgumentTypeError(str(exc)) from None
        raise argparse.ArgumentTypeError(
            f"「{text}」には時刻があります。期限は日で決まる（その日のうちに保存されたファイルは期限内）ので、"
            f"日付だけを書いてください（例: {japanese_date(when.date())}、{when.date().isoformat()}）。") from None


NO_DATE_WORDS = ("なし", "無し", "none")  # --meeting-date なし: the date recorded for the year is cleared


def meeting_date_arg(text: str) -> dt.date | MeetingDateCleared:
    """A date as :func:`date_arg`, or 「なし」 (``none``): clear the meeting date recorded for the year."""
    if unicodedata.normalize("NFKC", text).strip().lower() in NO_DATE_WORDS:
        return NO_MEETING_DATE
    try:
        return parse_date(text)
    except FiscalYearError as exc:
        raise argparse.ArgumentTypeError(f"{exc}（台帳に記録した開催日を消すときは なし）") from None
