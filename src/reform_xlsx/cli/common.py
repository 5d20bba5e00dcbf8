"""What every command shares: exit codes, common options, printing problems."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reform_xlsx import outputs
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.mail.directory import Directory, DirectoryError, read_directory
from reform_xlsx.messages import Problem, Severity, visible
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import DueDateError, SectionStatus, closed_day_problem, due_date_problem, meeting_date_problem
from reform_xlsx.settings import CONFIG_FILE, ENV_DB, Settings, load_settings
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import FiscalYearError, format_fiscal_year, japanese_date, parse_fiscal_year

if TYPE_CHECKING:
    from reform_xlsx.merge import MeetingDate

EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE = 0, 1, 2


def result_is(args: argparse.Namespace, code: int) -> int:
    """``code`` is the run's exit code from here on, also when what is printed next is cut short (stdout piped
    into ``head`` and closed): the work is done and recorded, only its printing was not."""
    args.exit_code = code
    return code


class UsageError(Exception):
    """Bad arguments the parser could not catch (exit 2)."""


def add_plan_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plan", metavar="FILE",
                        help="計画ファイル（YAML）。省略時は reform-xlsx.toml（または環境変数 REFORM_XLSX_PLAN）の計画、"
                             "台帳に記録された計画、同梱の計画の順")


def add_year_option(parser: argparse.ArgumentParser, required: bool = True, omitted: str = "") -> None:
    """``--year``; ``omitted``: what an optional one means when left out (「台帳の最後の年度」)."""
    parser.add_argument("--year", required=required, type=year_arg, metavar="年度",
                        help="対象年度（R8、令和8、令和8年度、2026 のいずれでも可）" + (f"。省略時は{omitted}" if omitted else ""))


def add_db_option(parser: argparse.ArgumentParser, help_text: str = "受付台帳（SQLite）", *,
                  found: str = f"作業フォルダかその1つ下のフォルダの {outputs.DEFAULT_DB}") -> None:
    """``--db``; ``found``: where the command looks for the ledger when neither it nor the settings name one."""
    parser.add_argument("--db", metavar="FILE",
                        help=f"{help_text}。既定: {CONFIG_FILE} の ledger（または環境変数 {ENV_DB}）、なければ{found}")


def settings_of(args: argparse.Namespace) -> Settings:
    """The working folder's settings (read once per command)."""
    if getattr(args, "settings", None) is None:
        args.settings = load_settings()
    return args.settings


def ledger_path(args: argparse.Namespace) -> tuple[Path, bool]:
    """The ledger to use and whether it was named (--db, the settings) rather than the default."""
    if getattr(args, "db", None):
        return Path(args.db), True
    settings = settings_of(args)
    if settings.ledger is not None:
        return settings.ledger, True
    return Path(outputs.DEFAULT_DB), False


def ledger_in_use(args: argparse.Namespace) -> Path:
    """The ledger a command works with, which may not exist yet: --db or the settings' ledger, else the
    one here or one folder down when there is exactly one (where the README's ``merge --out out --db
    out/reform.db`` puts it), else the default ledger here."""
    db, named = ledger_path(args)
    if named:
        return db
    found = outputs.find_ledgers()
    return found[0] if len(found) == 1 else db


def merge_ledger(args: argparse.Namespace) -> Path:
    """The ledger ``merge`` records into: --db or the settings' ledger; else the one in ``--out`` or the
    one the other commands find (here or one folder down) — never a second ledger beside the office's;
    a first merge makes the default ledger here. Several found: a :class:`UsageError` (say ``--db``)."""
    db, named = ledger_path(args)
    if named:
        return db
    in_out = Path(args.out) / outputs.DEFAULT_DB
    if in_out.is_file():
        return in_out
    found = outputs.find_ledgers()
    if len(found) > 1:
        raise UsageError(f"受付台帳が複数あります（{'、'.join(str(p) for p in found)}）。使う台帳を --db で指定してください。")
    if found:
        return found[0]
    others = outputs.renamed_ledgers(".", args.out)
    if others:  # a renamed ledger: a new one would start the year over and rewrite the outputs without its files
        raise _renamed_ledger_error(others, f"続けて使うときは --db {others[0]} を付けてください。新しい台帳で始めるときは、"
                                    "--db で新しい台帳の名前を指定してください（新しい台帳で始めると、前の台帳の記録のない"
                                    "出力で前の出力を書き換えてしまうため、止めました）。")
    above = outputs.ledgers_above(".", args.out)
    if above:  # the office's ledger, the clerk now inside the inbox: a new one would start the year over
        names = "、".join(str(p) for p in above)
        raise UsageError(f"受付台帳（{outputs.DEFAULT_DB}）は今のフォルダにも出力先（--out）にもありませんが、1つ上のフォルダに"
                         f"台帳があります（{names}）。前回までの merge の台帳なら、--db {above[0]} を付けて実行してください。"
                         "新しい台帳で始めるときは、--db で新しい台帳の名前を指定してください（新しい台帳で始めると、"
                         "前の台帳の記録のない結果で出力を書き換え、前の merge が書いた差し戻しの写しなどを提出として"
                         "読んでしまうため、止めました。何も記録・作成していません）。")
    return db


def _renamed_ledger_error(others: list[Path], then: str) -> UsageError:
    """No ledger found, but ``others`` under another name: said so, and ``then`` what to do."""
    names = "、".join(str(p) for p in others)
    return UsageError(f"受付台帳（{outputs.DEFAULT_DB}）はありませんが、名前の違う台帳があります（{names}）。その台帳を{then}")


def refuse_renamed_ledger(args: argparse.Namespace, db: Path, why: str) -> None:
    """When no ledger is named nor found (``db``, from :func:`ledger_in_use`, is not there) but one under another name
    is here or one folder down: a :class:`UsageError` naming it (say ``--db``) — the command would go on without the
    office's ledger (``why``)."""
    if ledger_path(args)[1] or db.is_file():
        return
    others = outputs.renamed_ledgers(".")
    if others:
        raise _renamed_ledger_error(others, f"使うときは --db {others[0]} を付けてください（{why}ため、止めました）。"
                                    "台帳を使わないときは、その台帳をほかのフォルダに移してから実行してください。")


def ledger_above_note(args: argparse.Namespace, db: Path, what: str) -> str:
    """A notice when no ledger is named nor found (``db`` is not there) but the default ledger is one folder up (the
    clerk inside the inbox or the forms' folder): what was made without it (``what``) and the ``--db`` to make it again
    with it; "" otherwise. A notice, not a stop: a first run in a folder that happens to sit under another ledger
    (the README's first command) has no other way to go on."""
    if ledger_path(args)[1] or db.is_file():
        return ""
    above = outputs.ledgers_above(".")
    if not above:
        return ""
    return (f"注意: 台帳を使わずに{what}。1つ上のフォルダに受付台帳があります（{'、'.join(str(p) for p in above)}）。"
            f"その台帳の計画の版と前年度までの回答を使うときは、--db {above[0]} を付けてもう一度実行してください。")


_PATH_OPTIONS = (("paths", "PATH"), ("file", "FILE"), ("out", "--out"), ("db", "--db"), ("plan", "--plan"),
                 ("review", "--review"), ("contacts", "--contacts"))
_SPACE_NAMES = {"\u3000": "全角の空白", " ": "空白", "\t": "タブ", ".": "「.」"}


def _edge_marks(part: str) -> tuple[str, str]:
    """What a name begins and ends with that no one types on purpose — spaces of any width, a tab, and dots at its end
    (Windows drops a name's trailing spaces and dots itself: no name there ends with one) — or ""."""
    trimmed = part.strip()
    if trimmed.strip("."):
        trimmed = trimmed.rstrip(".").rstrip()
    start = part[:len(part) - len(part.lstrip())]
    end = part[len(start) + len(trimmed):] if trimmed else ""
    return start, end


def _said(chars: str) -> str:
    names = list(dict.fromkeys(_SPACE_NAMES.get(c, "空白") for c in chars))
    return "と".join(names)


def refuse_spaced_paths(args: argparse.Namespace) -> None:
    """A path on the command line with a space at the start or end of a name (the IME's full-width space typed after
    「reform.db」, a trailing space or dot) that is not there: refused before anything is read, made or recorded, the
    invisible characters said and the path without them shown. As typed, it named another ledger (a second
    reform.db made beside the first, sharing its archive), another output folder, a folder not found whose name
    looks right. A path that is there (a folder really so named; Windows drops trailing spaces and dots itself) is
    used as given."""
    for attribute, option in _PATH_OPTIONS:
        given = getattr(args, attribute, None)
        for value in (given if isinstance(given, list) else [given]):
            if not isinstance(value, (str, Path)) or not str(value):
                continue
            text = str(value)
            parts = re.split(r"([\\/])", text)
            marks = [(i, *_edge_marks(part)) for i, part in enumerate(parts) if i % 2 == 0 and part]
            # a spaced name that is there (the folder 「受信 」 of `--out 受信 /out`, out/ to be made in it) is no slip
            spaced = [(i, start, end) for i, start, end in marks
                      if (start or end) and not Path("".join(parts[:i + 1])).exists()]
            if not spaced:
                continue
            i, start, end = spaced[0]
            whose = "名前" if i == len(parts) - 1 else f"フォルダ名「{parts[i]}」"
            where = "と".join(w for w in (f"先頭に{_said(start)}" if start else "",
                                          f"末尾に{_said(end)}" if end else "") if w)
            trimmed = "".join(edge_trimmed(part) if j % 2 == 0 else part for j, part in enumerate(parts))
            unseen = "（画面では見えない文字です）" if (start + end).strip(".") else ""
            there = f"（「{trimmed}」はあります）" if trimmed and Path(trimmed).exists() else ""
            raise UsageError(
                f"{option} に指定した「{text}」は、{whose}の{where}が入っています{unseen}。"
                f"このままでは「{trimmed}」とは別のファイル・フォルダを指すので、何も読まず・記録・作成せずに止めました"
                f"{there}。{_said(start + end)}を消して、もう一度実行してください。")


def edge_trimmed(part: str) -> str:
    start, end = _edge_marks(part)
    return part[len(start):len(part) - len(end)]


def refuse_file_as_folder(path: Path) -> None:
    """An output folder (``--out DIR``) that is a file: said at once, as merge and report say it when they make the
    folder (the boundary's 「[E005 エラー] 「…」はファイルです」), before anything is read or written."""
    if path.exists() and not path.is_dir():
        import errno
        import os

        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))


def is_a_folder(path: Path) -> IsADirectoryError:
    """What an output file whose name is a folder is, for a :class:`UsageError` that says so in the command's own words
    to be raised ``from``: the boundary then gives it the code of a path that cannot be used (E005), as merge and
    report give an output name someone made a folder of."""
    import errno
    import os

    return IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))


def _named_by(args: argparse.Namespace) -> str:
    """Where the named ledger was said: 「--db」, 「環境変数 REFORM_XLSX_DB」 or 「reform-xlsx.toml の ledger」."""
    if getattr(args, "db", None):
        return "--db"
    said = settings_of(args).ledger_from
    return said if said.startswith("環境変数") else f"{said} の ledger"


def refuse_folder_ledger(db: Path) -> None:
    """A ledger named as a folder (``--db out``, the one holding reform.db): refused as ``merge`` and
    ``plan import`` refuse it (「…はフォルダです。台帳のファイル名（例: out/reform.db）を指定してください」),
    never taken for no ledger."""
    if db.is_dir():
        from reform_xlsx.ledger.store import Ledger

        Ledger(db).close()  # raises LedgerError: a folder is no ledger
        raise UsageError(f"受付台帳 {db} はフォルダです。台帳のファイル名（例: {db / outputs.DEFAULT_DB}）を指定してください。")


def check_named_ledger(args: argparse.Namespace, *, read_only: bool = True) -> tuple[Path, bool]:
    """The ledger named by --db, the environment or the settings (:func:`ledger_path`), checked before a
    command that may go on without a ledger uses it: a folder is refused (:func:`refuse_folder_ledger`);
    with ``read_only`` (the command would only read it), a ledger named on the command line that is not
    there is refused too (a typo, not a wish for no ledger). One the environment or the settings name
    may not be there yet (a city writes reform-xlsx.toml before its first merge): said on stderr."""
    db, named = ledger_path(args)
    if not named:
        return db, named
    refuse_folder_ledger(db)
    if read_only and not db.exists():
        if getattr(args, "db", None):
            raise UsageError(f"受付台帳 {db} がありません。--db のパスを確かめるか、--db を外してください"
                             "（台帳は merge で作ります）。")
        print(f"{_named_by(args)} の受付台帳 {db} はまだないため、台帳を使わずに実行します。", file=sys.stderr)
    return db, named


def find_ledger(args: argparse.Namespace) -> Path:
    """An existing ledger to read: --db or the settings' ledger, else the one here or one folder down
    (where the README's ``merge --out out --db out/reform.db`` puts it). When there is none, or several,
    a :class:`UsageError` that says to pass ``--db``."""
    db, named = ledger_path(args)
    if named:
        refuse_folder_ledger(db)
        if not db.is_file():
            where = _named_by(args)
            raise UsageError(f"受付台帳 {db} がありません。{where} のパスを確かめてください（先に reform-xlsx merge を実行します）。")
        return refuse_empty_ledger(db)
    found = outputs.find_ledgers()
    if len(found) == 1:
        return refuse_empty_ledger(found[0])
    if found:
        raise UsageError(f"受付台帳が複数あります（{'、'.join(str(p) for p in found)}）。使う台帳を --db で指定してください。")
    others = outputs.renamed_ledgers(".")
    above = outputs.ledgers_above(".")
    example = f"--db {(others or above)[0]}" if others or above else "--db out/reform.db"
    also = f"名前の違う台帳: {'、'.join(str(p) for p in others)}。" if others else ""
    also += f"1つ上のフォルダの台帳: {'、'.join(str(p) for p in above)}。" if above else ""
    raise UsageError(f"受付台帳（{outputs.DEFAULT_DB}）が、今のフォルダにもその1つ下のフォルダにもありません。{also}"
                     f"merge で使った台帳を --db で指定してください（例: {example}）。")


def refuse_empty_ledger(db: Path) -> Path:
    """``db``, unless it is a file of 0 bytes (a sync tool or a copy cut short emptied it): read as a ledger, SQLite
    takes it for a new database, and a command that only reads the ledger (status, report) wrote a new ledger's
    tables into it and told of a year nobody answered. SQLite takes no journal beside a 0-byte file as one to play
    back (a first merge stopped mid-write: it deleted the journal and wrote the tables all the same), so one is only
    named, left as it is. A 0-byte file beside an archive that holds originals is left to the ledger, which says so
    (E001)."""
    from reform_xlsx.ledger.store import Ledger  # (pandas: not imported by every command's start)

    try:
        if db.stat().st_size != 0 or any(Ledger.default_archive(db).glob("*/*")):
            return db
        beside = [p.name for p in (Path(f"{db}{suffix}") for suffix in ("-journal", "-wal")) if p.exists()]
    except OSError:  # the ledger says why it cannot be opened
        return db
    stopped = f"（途中で止まった実行の跡 {'・'.join(beside)} が横にあります。これも変更していません）" if beside else ""
    raise UsageError(f"受付台帳 {db} は空のファイル（0 バイト）で、何も記録されていません。このファイルは変更していません{stopped}。"
                     "merge で使った台帳を --db で指定するか、台帳が空になってしまったときはバックアップから戻してください。")


def choose_plan(args: argparse.Namespace, db: Path | None, year: int | None = None) -> tuple[Plan, list[Problem]]:
    """The plan a command works with: --plan, else the settings' plan (checked against the ledger
    ``db``: a ledger keeps one plan and its revisions), else the plan the ledger keeps, else the
    bundled plan. With a ledger that keeps revisions, the one in force for ``year`` (the latest
    without a year)."""
    path = getattr(args, "plan", None) or settings_of(args).plan
    given, warnings = load_plan(path) if path else (None, [])
    plan = ledger_plan(db, given, year) if db is not None else given
    if plan is None:
        plan, warnings = load_plan()
        if db is not None:  # an older ledger of another plan's templates is not read with this one
            plan = ledger_plan(db, plan, year)
    return plan, warnings


def plan_line(plan: Plan) -> str:
    """「計画: 第2次…行動計画（ID …、版 …）／(同梱) nihonmatsu.yaml」: which plan a command used (a
    revision: from which year)."""
    since = f"、{format_fiscal_year(plan.effective_year)}から" if plan.revision.effective_year is not None else ""
    return f"計画: {plan.name}（ID {plan.id}、版 {plan.version}{since}）／{plan.source}"


def plan_json(plan: Plan) -> dict:
    return {"id": plan.id, "version": plan.version, "name": plan.name, "source": plan.source}


def add_meeting_date_option(parser: argparse.ArgumentParser) -> None:
    """``--meeting-date`` of merge and report: the 会議日 on the cover, recorded for the year (「なし」 clears it)."""
    from reform_xlsx.cli.parser import meeting_date_arg

    parser.add_argument("--meeting-date", type=meeting_date_arg, metavar="日付",
                        help="会議資料の会議（本部会議など）の開催日（表紙に記載。2027-07-09 や 令和9年7月9日）。"
                             "台帳に年度ごとに記録し、その年度の後の merge・report は省いても同じ日付を載せる。"
                             "変えるときは別の日付、消すときは なし。年度が始まる前の日付はエラー、"
                             "年度が終わる前の日付は注意を出して使う")


def meeting_line(meeting: MeetingDate, plan: Plan) -> str | None:
    """「本部会議の開催日: 令和9年7月9日（台帳に記録した日付…）」: the 会議日 a merge or report put on the cover and
    where it came from; None when none was given and the ledger keeps none."""
    if meeting.source is None:
        return None
    shown = japanese_date(meeting.day) if meeting.day else "なし"
    if meeting.source == "ledger":
        where = "台帳に記録した日付。変えるときは --meeting-date 日付、消すときは --meeting-date なし"
    elif not meeting.recorded:
        where = "--meeting-date で指定。台帳には記録できませんでした"
    elif meeting.day is None:
        where = ("--meeting-date なし。台帳に記録していた " + japanese_date(meeting.replaced) + " を消しました"
                 if meeting.replaced else "--meeting-date なし。台帳に記録した日付はありません")
    elif meeting.replaced:
        where = f"--meeting-date で指定。台帳の {japanese_date(meeting.replaced)} から変えて記録しました"
    else:
        where = "--meeting-date で指定。台帳に記録したので、この年度の後の merge・report では省けます"
    return f"{plan.words.headquarters_meeting}の開催日: {shown}（{where}）"


def warn_meeting_date(meeting: MeetingDate, year: int) -> None:
    """T005 on stderr (also with ``--json``, as T002) when the 会議日 given to this run is in ``year`` itself, before
    the year ends: kept as given, the warning saying what the cover shows."""
    if meeting.source != "option" or meeting.day is None:
        return
    found = meeting_date_problem(year, meeting.day, nothing="")
    if found is not None and found.severity is Severity.WARNING:
        print_problems("注意:", [found], stream=sys.stderr)


def meeting_json(meeting: MeetingDate) -> dict:
    """The ``--json`` keys of the 会議日 used: ``meeting_date`` (ISO, or null) and ``meeting_date_source``."""
    return {"meeting_date": meeting.day.isoformat() if meeting.day else None, "meeting_date_source": meeting.source}


def year_arg(text: str) -> int:
    try:
        return parse_fiscal_year(text)
    except FiscalYearError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def check_due_date(args: argparse.Namespace, option: str, day: dt.date | None, *, what: str, nothing: str, used: str,
                   warn: bool = True) -> None:
    """A 提出期限 (``--deadline``) or 再提出期限 (``--resubmit-by``) given for ``args.year``: one before the fiscal year
    begins raises :class:`DueDateError` (T001, exit code 2 — call this before anything is written; ``nothing``
    says so); with ``warn``, one before today is said on stderr (T002, also with ``--json``) and kept as given
    (``used``: where it goes), and so is one on a day the city hall is closed (T003: a Saturday, Sunday, national
    holiday or in the 年末年始 closure)."""
    if day is None:
        return
    found = due_date_problem(args.year, day, what=what, option=option, today=dt.date.today() if warn else None,
                             nothing=nothing, used=used)
    if found is not None and found.severity is Severity.ERROR:
        raise DueDateError(found)
    said = [p for p in (found, closed_day_problem(day, what=what, option=option, used=used) if warn else None) if p]
    if said:
        print_problems("注意:", said, stream=sys.stderr)


def add_command(subparsers, name: str, help_text: str, example: str) -> argparse.ArgumentParser:
    """A subcommand whose --help ends with a worked example."""
    return subparsers.add_parser(name, help=help_text, description=help_text, epilog=f"例:\n{example}")


def print_problems(heading: str, problems: list[Problem], stream: TextIO = sys.stderr) -> None:
    print(heading, file=stream)
    for p in problems:
        where = f"{p.location}: " if p.location else ""
        print(f"  [{p.code} {p.severity.label}] {where}{p.message}", file=stream)


def print_report_problems(problems: list[Problem]) -> None:
    """「集計上の確認事項」 (R codes: about the merged data, not a file) after a report is written."""
    if problems:
        print("\n集計上の確認事項:")
        for p in problems:
            print(f"  [{p.code} {p.severity.label}] {p.message}")


def print_json(data: object, stream: TextIO | None = None) -> None:
    """``data`` as indented JSON, written in pieces of about 64 KiB: few writes (one per token is slow
    on a pipe), and never the whole text at once (10,000 files' results are tens of megabytes). No standard
    output at all (``sys.stdout`` None: ``pythonw``, a closed descriptor): nothing is written."""
    out = stream or sys.stdout
    if out is None:
        return
    write = out.write
    raw = getattr(out, "buffer", None)
    if raw is not None and (getattr(out, "encoding", None) or "").lower().replace("-", "") != "utf8":
        out.flush()  # JSON is UTF-8 (RFC 8259) whatever the console's code page (cp932 on Japanese Windows)
        write = lambda text: raw.write(text.encode("utf-8", "backslashreplace"))  # noqa: E731
    pending: list[str] = []
    size = 0
    for chunk in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        pending.append(chunk)
        size += len(chunk)
        if size >= _JSON_PIECE:
            write("".join(pending))
            pending, size = [], 0
    write("".join(pending) + "\n")
    if raw is not None:
        raw.flush()


_JSON_PIECE = 1 << 16


CELL_UNITS = 160  # the widest a table cell prints (half-width columns); a longer text keeps its start and its end


# what starts a new line (or jumps to a tab stop) in a terminal: a cell shows a space in its place
_LINE_BREAKS = re.compile(r"[\t\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]+")


def terminal_line(text: str) -> str:
    """``text`` typed in a cell, as one line of the terminal: line breaks and tabs a space, control and reordering
    characters shown as ``<0x1B>`` as messages show them (:func:`~reform_xlsx.messages.visible`: an escape sequence
    typed in a file never reaches the terminal)."""
    return visible(_LINE_BREAKS.sub(" ", text))


def table_cell(text: str, most: int = CELL_UNITS) -> str:
    """``text`` as a table cell: on one line (:func:`terminal_line`: a 回答者 typed with Alt+Enter); whole when it is
    at most ``most`` columns wide, else its start and end around 「…」 (a file's name ends a long path; a 課名 of
    100,000 characters once made every row that wide)."""
    text = terminal_line(text)
    if text_units(text) <= most:
        return text
    head, tail = [], []
    room = most - text_units("…")
    for ch in text:
        if text_units("".join(head) + ch) > room // 2:
            break
        head.append(ch)
    room -= text_units("".join(head))
    for ch in reversed(text):
        if text_units("".join(tail) + ch) > room:
            break
        tail.append(ch)
    return "".join(head) + "…" + "".join(reversed(tail))


def format_table(headers: list[str], rows: list[list[object]]) -> str:
    """A plain text table aligned for Japanese text (a cell at most :data:`CELL_UNITS` columns wide)."""
    cells = [[str(h) for h in headers]] + [[table_cell("" if v is None else str(v)) for v in row] for row in rows]
    widths = [max(text_units(r[i]) for r in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        return "  ".join(v + " " * (w - text_units(v)) for v, w in zip(row, widths)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule] + [line(r) for r in cells[1:]])


def sections_json(rows: list[dict]) -> list[dict]:
    """The per-section status rows (records.STATUS_COLUMNS) as JSON-ready rows; ``submitted`` / ``accepted`` /
    ``missing``: the status as flags, for a script that does not read Japanese."""
    return [{"section": r["section"], "status": str(r["status"]),
             "submitted": r["status"] != SectionStatus.MISSING, "accepted": r["status"] == SectionStatus.SUBMITTED,
             "missing": r["status"] == SectionStatus.MISSING, "file": r["file"], "received_at": r["received_at"],
             "errors": int(r["errors"]), "warnings": int(r["warnings"]), "returned": r.get("returned"),
             "submitted_at": r.get("submitted_at"),
             "deadline": r.get("deadline"), "timeliness": r.get("timeliness") or None,
             "respondent": r.get("respondent") or {}} for r in rows]


def load_directory(path: str | None, plan: Plan, latest: Plan | None = None,
                   ledger: Path | None = None) -> Directory | None:
    """The section directory (``--contacts``, else 連絡先.xlsx here if present — or, run in another folder, beside
    the ``ledger`` or in the folder above it, where the README's work folder keeps it next to out/reform.db); its
    warnings are printed. ``latest``: the plan's latest revision, whose reorganisations the directory follows."""
    chosen = Path(path) if path else Path(outputs.DEFAULT_CONTACTS)
    if not path and not chosen.exists() and ledger is not None:
        here = ledger.resolve()
        near = [folder / outputs.DEFAULT_CONTACTS for folder in (here.parent, here.parent.parent)]
        if (found := next((p for p in near if p.is_file()), None)) is not None:
            print(f"連絡先ファイル: {found}（今のフォルダにないため、台帳のそばのものを使います）", file=sys.stderr)
            chosen = found
    if not chosen.exists():
        if path:
            raise UsageError(f"連絡先ファイル {chosen} がありません。reform-xlsx contacts で作れます。")
        print(f"連絡先ファイル（{outputs.DEFAULT_CONTACTS}）がないため、宛先のない下書きを作ります（前に作った同じ下書きが"
              "あれば、その宛先を引き継ぎます: D015。reform-xlsx contacts で作れます）。", file=sys.stderr)
        return None
    try:
        directory = read_directory(chosen, plan, latest)
    except DirectoryError as exc:
        raise UsageError(str(exc)) from None
    if directory.problems:
        print_problems("連絡先ファイルの警告:", directory.problems, stream=sys.stderr)
    return directory
