"""The command line speaks Japanese: argparse's errors, headings and the date type."""

import argparse
import re
from datetime import date

import pytest

from reform_xlsx.cli import main
from reform_xlsx.cli.parser import date_arg, translate


@pytest.mark.parametrize("english, japanese", [
    ("the following arguments are required: PATH", "必須の引数がありません: PATH"),
    ("unrecognized arguments: --bogus", "使えない引数です: --bogus"),
    ("argument <コマンド>: invalid choice: 'foo' (choose from 'plan', 'merge')",
     "<コマンド>: 「foo」は選べません（選べるもの: 'plan', 'merge'）"),
    ("argument --year: expected one argument", "--year には値を1つ指定してください"),
    ("argument --n: invalid int value: 'x'", "--n: 「x」を読めません"),
    ("argument --year: 年度「来年」を読めません。", "--year: 年度「来年」を読めません。"),
    ("something new", "something new"),
])
def test_translate(english, japanese):
    assert translate(english) == japanese


@pytest.mark.parametrize("text, day", [
    ("2026-06-01", date(2026, 6, 1)),
    ("2026/6/1", date(2026, 6, 1)),
    ("２０２６／６／１", date(2026, 6, 1)),
    ("令和8年6月1日", date(2026, 6, 1)),
    ("令和元年5月1日", date(2019, 5, 1)),
])
def test_date_arg(text, day):
    assert date_arg(text) == day


@pytest.mark.parametrize("text", ["来週", "2026-13-01", "令和8年2月30日", ""])
def test_date_arg_rejects(text):
    with pytest.raises(argparse.ArgumentTypeError, match="日付"):
        date_arg(text)


@pytest.mark.parametrize("argv, expected", [
    (["merge", "--year", "R8"], "必須の引数がありません: PATH"),
    (["nosuch"], "「nosuch」は選べません"),
    (["merge", ".", "--year", "R8", "--meeting-date", "来週"], "日付「来週」を読めません"),
    (["plan", "--bogus"], "使えない引数です: --bogus"),
])
def test_errors_are_japanese(argv, expected, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and "使い方: reform-xlsx" in err
    assert "error:" not in err and "usage:" not in err and "required" not in err


def test_help_headings_are_japanese(capsys):
    assert main(["merge", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: reform-xlsx merge")
    assert "オプション:" in out and "引数:" in out and "この説明を表示して終了します" in out
    assert "show this help" not in out and "options:" not in out


ARGPARSE_ENGLISH = ("error:", "usage:", "argument", "expected", "invalid", "required", "unrecognized", "choose from")


@pytest.mark.parametrize("argv, japanese", [
    (["merge", "--year", "R8"], "必須の引数がありません"),
    (["plan", "--bogus"], "使えない引数です"),
    (["nosuch"], "は選べません（選べるもの"),
    (["merge", ".", "--year"], "--year には値を1つ指定してください"),
    (["templates", "--year", "R8", "--section"], "--section には値を1つ以上指定してください"),
    (["merge", ".", "--year", "来年"], "--year: 年度「来年」を読めません"),
    (["merge", ".", "--year", "R8", "--meeting-date", "2026-02-30"], "はありません（月日を確かめてください）"),
])
def test_every_argparse_error_this_python_prints_is_translated(argv, japanese, capsys):
    """Pinned against the argparse of the Python that runs the tests: a new English wording fails here."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert japanese in err, err
    assert not any(word in err for word in ARGPARSE_ENGLISH), err


def test_ctrl_c_while_the_command_starts_is_one_japanese_line(monkeypatch, capsys):
    """Ctrl-C while the command's modules are still being imported (before any command runs)."""
    import reform_xlsx.cli as cli

    def pressed():
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", pressed)
    assert cli.main(["plan"]) == 130
    captured = capsys.readouterr()
    assert captured.err.strip() == "reform-xlsx: 中断しました（書きかけのファイルは残していません）。"
    assert captured.out == ""


_PRESSED_WHILE_LOADING = """
import runpy, sys, types

class Pressed(types.ModuleType):
    def __getattr__(self, name):
        raise KeyboardInterrupt

sys.modules["reform_xlsx.cli"] = Pressed("reform_xlsx.cli")
runpy.run_module("reform_xlsx", run_name="__main__")
"""

# Ctrl-C passing through code run by exec (a dataclass made while a module loads): Python 3.11 remembers it as never
# caught, and a program run with -m (``python -m reform_xlsx``) ended by the signal after the line was said (-2, not 130)
_PRESSED_IN_EXEC = """
import sys
import reform_xlsx.cli as cli

def starting(argv):
    exec("raise KeyboardInterrupt")

cli._run_command = starting
sys.argv = ["reform-xlsx", "plan"]
sys.exit(cli.main())
"""


@pytest.mark.parametrize("program", [_PRESSED_WHILE_LOADING, _PRESSED_IN_EXEC], ids=["python -m", "in exec"])
def test_ctrl_c_while_the_program_loads_is_one_line_and_exit_code_130(program, tmp_path):
    """``python -m reform_xlsx``: Ctrl-C while the command line itself is being imported (before ``main`` can catch
    anything), and Ctrl-C through code run by exec while the command's modules load: the same one Japanese line and
    exit code 130 — never the process killed by the signal."""
    import subprocess
    import sys

    (tmp_path / "pressed.py").write_text(program, encoding="utf-8")  # run as -m runs the command line
    done = subprocess.run([sys.executable, "-m", "pressed"], capture_output=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 130, (done.returncode, done.stderr)
    assert done.stderr.decode("utf-8").strip() == "reform-xlsx: 中断しました（書きかけのファイルは残していません）。"


# Ctrl-C pressed when the command's work is done: just after main returns, or while Python shuts down (it puts the
# default handling of Ctrl-C back before it unloads the modules: the process was killed by the signal, no word, no code)
_PRESSED_LATE = """
import signal, sys
from reform_xlsx.cli import main

class PressedWhileShuttingDown:
    def __del__(self):
        if WHEN == "shutdown":
            signal.raise_signal(signal.SIGINT)

WHEN = sys.argv.pop(1)
pressed = PressedWhileShuttingDown()  # deleted with this module, as Python shuts down
code = main()
if WHEN == "returned":
    signal.raise_signal(signal.SIGINT)
sys.exit(code)
"""


@pytest.mark.parametrize("when", ["returned", "shutdown"])
def test_ctrl_c_after_the_command_finished_never_kills_it_without_a_word(when, tmp_path):
    import subprocess
    import sys

    finished = subprocess.run([sys.executable, "-c", _PRESSED_LATE, when, "plan"], capture_output=True,
                              cwd=tmp_path, timeout=120)
    err = finished.stderr.decode("utf-8", "replace")
    assert finished.returncode == 0, (finished.returncode, err)  # the command's own result, not the signal's
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "計画" in finished.stdout.decode("utf-8", "replace")


def test_main_called_with_arguments_leaves_ctrl_c_alone(capsys):
    """Only the program (``main()`` on its own command line) ignores a Ctrl-C after its result: a caller keeps its own."""
    import signal

    before = signal.getsignal(signal.SIGINT)
    assert main(["plan"]) == 0
    assert signal.getsignal(signal.SIGINT) is before


@pytest.mark.parametrize("text, shown", [
    ("観光課", "観光課"),
    ("a" * 160, "a" * 160),
    ("a" * 161, "a" * 79 + "…" + "a" * 79),
    ("受信/" + "深いフォルダ/" * 30 + "観光課.xlsx", None),  # the file's own name stays at the end
])
def test_a_table_cell_keeps_its_start_and_end(text, shown):
    from reform_xlsx.cli.common import CELL_UNITS, table_cell
    from reform_xlsx.textwidth import text_units

    cell = table_cell(text)
    assert text_units(cell) <= CELL_UNITS
    if shown is not None:
        assert cell == shown
    else:
        assert cell.startswith("受信/") and cell.endswith("/観光課.xlsx") and "…" in cell


def test_one_huge_name_does_not_widen_every_row_of_a_table():
    """A return whose 課名 property held 100,000 characters made each row of merge's table 300,000 characters (1 GB
    printed for 5,000 files)."""
    from reform_xlsx.cli.common import format_table

    rows = [["a.xlsx", "受理", "観光課"], ["b.xlsx", "差し戻し", "課" * 100_000]] + [[f"{n}.xlsx", "受理", "市民課"]
                                                                                 for n in range(100)]
    table = format_table(["ファイル", "判定", "課名"], rows)
    assert max(len(line) for line in table.splitlines()) < 250


@pytest.mark.parametrize("typed", ["山田\nBcc: evil@x.jp", "山田\r\n太郎", "\t=1+1", "\x1b[2J\x1b]0;x\x07山田", "\u202e田山",
                                   "山田\u2028太郎", "a\x85b\x0bc"])
def test_a_typed_name_in_a_table_stays_on_its_row_and_sends_the_terminal_nothing(typed):
    """A 回答者 or 担当者 typed with Alt+Enter broke status's table over two lines; an escape sequence (_x001B_ in a
    returned file) or U+202E went to the terminal as it was (messages already show them as <0x1B>)."""
    from reform_xlsx.cli.common import format_table

    table = format_table(["課名", "回答者", "エラー"], [["財政課", typed, 0], ["税務課", "佐藤", 1]])
    lines = table.splitlines()
    assert len(lines) == 4 and lines[2].startswith("財政課") and lines[2].endswith("0"), table
    assert not any(ch in table for ch in "\t\r\x0b\x1b\x07\x85\u2028\u202e"), table
    assert table.count("\n") == 3


def test_plan_import_says_the_reason_of_a_revision_on_its_line(plan):
    """改訂の理由 typed with Alt+Enter (or a control character pasted in) went to the terminal as it was."""
    import dataclasses

    from reform_xlsx.cli.plan_cmd import revision_text

    reason = "組織改正のため\n\x1b[2J見直し\u202e"
    revised = dataclasses.replace(plan, revision=dataclasses.replace(plan.revision, effective_year=2027, reason=reason))
    said = revision_text(revised)
    assert said.endswith("理由: 組織改正のため <0x1B>[2J見直し<0x202E>"), said


COMMANDS = ["plan", "plan export", "plan import", "templates", "merge", "status", "contacts", "report"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_examples_never_name_the_first_citys_own_office(command, capsys):
    """Help is read by any town: 「--contact "人事行政課 …"」 named the bundled plan's reform office."""
    from reform_xlsx.plan.loading import load_plan

    assert main([*command.split(), "--help"]) == 0
    out = capsys.readouterr().out
    assert "--year" in out or "FILE" in out  # the command's own help
    assert load_plan()[0].words.office not in out
    assert "推進本部会議" not in out  # the first city's body: a town's is its 推進会議, 戦略会議 … (help comes before the plan)


@pytest.mark.parametrize("command", ["plan", "plan export", "plan import", "templates", "merge", "status", "contacts",
                                     "report"])
def test_every_ledger_option_names_where_the_ledger_is_found(command, capsys):
    """`status --help` said only 「今のフォルダか、その1つ下のフォルダの reform.db」: a town reading it took its
    reform-xlsx.toml's ledger (which status uses) for ignored."""
    assert main([*command.split(), "--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    db = out[out.index("--db FILE", out.index("オプション")):]
    assert "reform-xlsx.toml" in db[:400] and "REFORM_XLSX_DB" in db[:400] and "reform.db" in db[:400]


@pytest.mark.parametrize("text, width, lines", [
    ("受付台帳（SQLite）。既定: reform-xlsx.toml の ledger", 30, ["受付台帳（SQLite）。既定:", "reform-xlsx.toml の ledger"]),
    ("あいうえおかきくけこ", 10, ["あいうえお", "かきくけこ"]),
    ("あいうえ、かきくけこ", 8, ["あいうえ、", "かきくけ", "こ"]),  # 「、」 never starts a line
    ("ファイルを作ります", 2, ["ファ", "イ", "ル", "を", "作", "り", "ま", "す"]),  # nor a small 「ァ」
    ("あいう（かきく）です", 8, ["あいう", "（かきく）", "です"]),  # 「（」 never ends one
    ("提出期限 --deadline-of-a-long-option です", 12, ["提出期限", "--deadline-of-a-long-option", "です"]),
    ("short", 80, ["short"]),
])
def test_wrap_columns(text, width, lines):
    from reform_xlsx.cli.parser import wrap_columns

    assert wrap_columns(text, width) == lines


@pytest.mark.parametrize("command", COMMANDS)
def test_help_lines_up_and_fits_a_terminal_in_columns(command, capsys, monkeypatch):
    """argparse counts a Japanese character as one column: the help after 「--year 年度」 started two columns
    right of the others, and Japanese help lines ran to twice the terminal's width."""
    from reform_xlsx.textwidth import text_units

    monkeypatch.setenv("COLUMNS", "80")
    assert main([*command.split(), "--help"]) == 0
    out = capsys.readouterr().out
    options = out[out.index("\nオプション:"):out.index("\n例:")]
    starts = {text_units(m[1]) for m in re.finditer(r"^(  -\S.*? {2,})\S", options, re.MULTILINE)}
    assert len(starts) == 1, options  # the help of every option on its own line begins in the same column
    for line in out[out.index("\n\n"):out.index("\n例:")].splitlines():  # past the usage
        assert text_units(line) <= 80, line  # (a closing 「、」「）」 may hang past argparse's margin of 2)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("columns", [80, 60])
def test_usage_fits_a_terminal_in_columns_and_lines_up(command, columns, capsys, monkeypatch):
    """argparse wrapped the usage counting 「使い方: 」 and 「年度」 one column a character: the line of
    `templates --help` ran to 87 columns of an 80-column terminal, and the wrapped options started three
    columns left of the first one."""
    from reform_xlsx.textwidth import text_units

    monkeypatch.setenv("COLUMNS", str(columns))
    assert main([*command.split(), "--help"]) == 0
    usage = capsys.readouterr().out.split("\n\n")[0].splitlines()
    assert usage[0].startswith(f"使い方: reform-xlsx {command}".rstrip())
    assert all(text_units(line) <= columns for line in usage), usage
    first = usage[0].index("[-h]")
    column = text_units(usage[0][:first])
    assert all(len(line) - len(line.lstrip()) == column for line in usage[1:]), usage
    monkeypatch.setenv("COLUMNS", "1000")
    assert main([*command.split(), "--help"]) == 0
    one_line = capsys.readouterr().out.split("\n\n")[0]
    assert "\n" not in one_line and "--db FILE" in one_line
    assert " ".join(" ".join(usage).split()) == " ".join(one_line.split())  # every option, in argparse's order


def test_usage_falls_back_to_argparses_own_wrapping_when_its_inner_parts_differ(capsys, monkeypatch):
    from reform_xlsx.cli.parser import HelpFormatter

    def missing(self, *args):
        raise AttributeError("'HelpFormatter' object has no attribute '_prog'")

    monkeypatch.setattr(HelpFormatter, "_format_usage_in_columns", missing)
    assert main(["templates", "--help"]) == 0
    usage = capsys.readouterr().out.split("\n\n")[0]
    assert usage.startswith("使い方: reform-xlsx templates") and "--contacts FILE" in usage and "--force" in usage


def test_merge_help_says_it_looks_in_the_out_folder_first(capsys):
    assert main(["merge", "--help"]) == 0
    out = "".join(capsys.readouterr().out.split())
    db = out[out.index("--dbFILE受付台帳"):]
    assert "出力先（--out）のフォルダのreform.db" in db[:200]


def test_help_falls_back_to_argparses_own_layout_when_its_inner_parts_differ(capsys, monkeypatch):
    """The column layout uses argparse's inner parts (as of Python 3.11–3.14); on a Python whose argparse lacks
    them, ``--help`` still prints every option in argparse's own layout, never a traceback."""
    from reform_xlsx.cli.parser import HelpFormatter

    def missing(self, *args):
        raise AttributeError("'HelpFormatter' object has no attribute '_action_max_length'")

    monkeypatch.setattr(HelpFormatter, "_format_action_in_columns", missing)
    assert main(["merge", "--help"]) == 0
    out = capsys.readouterr().out
    assert all(option in out for option in ("--year", "--out", "--db", "--resubmit-by", "--json"))
    assert "使い方:" in out and "例:" in out


@pytest.mark.parametrize("command", ["merge", "report"])
def test_meeting_date_help_says_which_dates_stop_and_which_are_warned(command, capsys):
    """T004 (before the fiscal year starts) stops; T005 (within the year) is said and used, as --deadline's help says."""
    assert main([command, "--help"]) == 0
    out = "".join(capsys.readouterr().out.split())
    option = out[out.index("--meeting-date日付会議"):]
    option = option[:option.index("--", 2)]
    assert "年度が始まる前の日付はエラー" in option and "年度が終わる前の日付は注意を出して使う" in option


@pytest.mark.parametrize(("command", "option"), [("templates", "--mail"), ("status", "--remind")])
def test_draft_options_say_the_office_gets_no_draft_to_itself(command, option, capsys):
    """The office's own section (取りまとめ課 also a section of the plan) gets no draft from itself (README)."""
    assert main([command, "--help"]) == 0
    out = "".join(capsys.readouterr().out.split())
    text = out[out.index(option, out.index("-h,--help")):]
    text = text[:text.index("--", 2)]
    assert "取りまとめ課" in text and "作らない" in text


def test_section_help_says_which_sections_get_a_form_by_default(capsys):
    """Without --section a form goes only to the sections the year asks (an item or KPI that year, or an
    意見への対応 on an item ended last year); the others are named and left out — not 「計画の全課」."""
    assert main(["templates", "--help"]) == 0
    out = "".join(capsys.readouterr().out.split())
    text = out[out.index("--section課名", out.index("-h,--help")):]
    text = text[:text.index("--", 2)]
    assert "計画の全課" not in text and "意見への対応" in text


def test_report_year_help_says_which_year_it_makes_without_one(capsys, tmp_path):
    """``report`` without --year remakes the ledger's last year (with or without --final); its --year line says so,
    not only the --final line."""
    assert main(["report", "--help"]) == 0
    out = "".join(capsys.readouterr().out.split())
    text = out[out.index("--year年度", out.index("-h,--help")):]
    text = text[:text.index("--", 2)]
    assert "省略時は台帳の最後の年度" in text


def _wrapped(inner: BaseException, how: str) -> RuntimeError:
    outer = RuntimeError("Error calling __set_name__ on 'Field' instance 'notes' in 'Row'")
    setattr(outer, how, inner)
    return outer


@pytest.mark.parametrize(("exc", "ctrl_c"), [
    (KeyboardInterrupt(), True),
    (_wrapped(KeyboardInterrupt(), "__cause__"), True),  # Python 3.11: a Ctrl-C while a dataclass is made
    (_wrapped(_wrapped(KeyboardInterrupt(), "__context__"), "__cause__"), True),
    (_wrapped(ValueError("x"), "__cause__"), False),
    (RuntimeError("a real error"), False),
])
def test_a_ctrl_c_wrapped_in_another_error_is_still_a_ctrl_c(exc, ctrl_c):
    from reform_xlsx.cli import _from_ctrl_c

    assert _from_ctrl_c(exc) is ctrl_c


def test_a_ctrl_c_wrapped_while_a_module_loads_ends_in_one_line(monkeypatch, capsys):
    """The Ctrl-C of the independent run that printed a traceback: raised inside a dataclass's __set_name__ as the
    command's modules loaded (3.11 wraps it in a RuntimeError) — now 「中断しました」 and 130."""
    import reform_xlsx.cli as cli

    def interrupted(argv):
        raise _wrapped(KeyboardInterrupt(), "__cause__")

    monkeypatch.setattr(cli, "_run_command", interrupted)
    assert cli.main(["plan"]) == 130
    err = capsys.readouterr().err
    assert "中断しました" in err and "Traceback" not in err
