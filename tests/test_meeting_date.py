"""The meeting's date (会議日 on the packet's cover) is given once: `merge --meeting-date` in July records it for the
year in the ledger, and the year's later merges (the committee's opinions in August, `--public --pdf` in
September) and `report` put it on the cover without being told again; a new date replaces it, 「なし」 clears it."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import openpyxl
import pytest

from five_years import answers
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.cli.parser import meeting_date_arg
from reform_xlsx.ledger import schema
from reform_xlsx.ledger.errors import LedgerError
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.merge import later_outputs_stale, rebuild_report, run_merge
from reform_xlsx.records import NO_MEETING_DATE
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template

SECTION = "人事行政課"
COVER_LABEL = "会議日"


def _return(plan, folder: Path, year: int = 2026) -> Path:
    (form,) = write_templates(plan, year, folder.parent / f"forms{year}", sections=[SECTION])
    return fill_template(form, answers(plan, SECTION, year), folder / form.name)


def _cover_date(workbook: Path) -> str | None:
    """The 会議日 the cover shows (None: no 会議日 line)."""
    ws = openpyxl.load_workbook(workbook).worksheets[0]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == COVER_LABEL:
                return ws.cell(cell.row, cell.column + 1).value
    return None


def _packets(plan, out: Path, year: int = 2026) -> dict[str, str | None]:
    """The 会議日 on the 会議資料's and the 事務局用's covers."""
    names = {"meeting": outputs.meeting(plan.words, year), "office": outputs.meeting_office(plan.words, year)}
    return {role: _cover_date(out / name) for role, name in names.items()}


@pytest.fixture
def office(plan, tmp_path, monkeypatch):
    """The working folder, with one section's 令和8年度 return in 受信."""
    monkeypatch.chdir(tmp_path)
    _return(plan, tmp_path / "受信")
    return tmp_path


MERGE = ["merge", "受信", "--year", "R8", "--out", "out", "--db", "out/reform.db"]


def _merge(capsys, *extra: str) -> tuple[int, str]:
    code = main([*MERGE, *extra])
    return code, capsys.readouterr().out


def test_the_date_given_in_july_stays_on_the_cover_through_the_years_later_merges_and_report(plan, office, capsys):
    _, shown = _merge(capsys, "--meeting-date", "2027-07-10")
    assert "本部会議の開催日: 令和9年7月10日（--meeting-date で指定。台帳に記録したので" in shown
    assert _packets(plan, office / "out") == {"meeting": "令和9年7月10日", "office": "令和9年7月10日"}
    # August: the committee's opinions come in (another file) — no --meeting-date typed
    (office / "受信" / "8月").mkdir()
    _return(plan, office / "受信" / "8月")
    _, shown = _merge(capsys)
    assert "本部会議の開催日: 令和9年7月10日（台帳に記録した日付" in shown
    assert _packets(plan, office / "out") == {"meeting": "令和9年7月10日", "office": "令和9年7月10日"}
    # September: publication, the packet written again with 公表用 (which never shows the meeting's date)
    _merge(capsys, "--public")
    assert _packets(plan, office / "out") == {"meeting": "令和9年7月10日", "office": "令和9年7月10日"}
    public = openpyxl.load_workbook(office / "out" / outputs.public(plan.words, 2026)).worksheets[0]
    assert COVER_LABEL not in {c.value for row in public.iter_rows() for c in row}
    # the packet rebuilt from the ledger
    assert main(["report", "--year", "R8", "--out", "rebuilt", "--db", "out/reform.db"]) == 0
    assert "本部会議の開催日: 令和9年7月10日（台帳に記録した日付" in capsys.readouterr().out
    assert _packets(plan, office / "rebuilt") == {"meeting": "令和9年7月10日", "office": "令和9年7月10日"}


def test_a_new_date_replaces_the_recorded_one_and_なし_clears_it(plan, office, capsys):
    _merge(capsys, "--meeting-date", "2027-07-10")
    _, shown = _merge(capsys, "--meeting-date", "令和9年7月17日")
    assert "本部会議の開催日: 令和9年7月17日（--meeting-date で指定。台帳の 令和9年7月10日 から変えて記録しました）" in shown
    _merge(capsys)
    assert _packets(plan, office / "out")["meeting"] == "令和9年7月17日"  # the newest given counts
    # a report given a date records it too
    assert main(["report", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--meeting-date", "2027-07-24"]) == 0
    capsys.readouterr()
    _merge(capsys, "--public")
    assert _packets(plan, office / "out")["meeting"] == "令和9年7月24日"
    _, shown = _merge(capsys, "--meeting-date", "なし")
    assert "本部会議の開催日: なし（--meeting-date なし。台帳に記録していた 令和9年7月24日 を消しました）" in shown
    assert _packets(plan, office / "out") == {"meeting": None, "office": None}
    _, shown = _merge(capsys)
    assert "開催日" not in shown  # none given, none recorded: nothing to say
    assert _packets(plan, office / "out") == {"meeting": None, "office": None}
    assert main(["report", "--year", "R8", "--out", "rebuilt", "--db", "out/reform.db"]) == 0
    assert _packets(plan, office / "rebuilt") == {"meeting": None, "office": None}


def test_json_carries_the_date_used_and_where_it_came_from(office, capsys):
    def document(*argv: str) -> dict:
        main([*argv, "--json"])
        return json.loads(capsys.readouterr().out)

    first = document(*MERGE)
    assert (first["meeting_date"], first["meeting_date_source"]) == (None, None)
    given = document(*MERGE, "--meeting-date", "2027-07-10")
    assert (given["meeting_date"], given["meeting_date_source"]) == ("2027-07-10", "option")
    kept = document(*MERGE)
    assert (kept["meeting_date"], kept["meeting_date_source"]) == ("2027-07-10", "ledger")
    rebuilt = document("report", "--year", "R8", "--out", "out", "--db", "out/reform.db")
    assert (rebuilt["meeting_date"], rebuilt["meeting_date_source"]) == ("2027-07-10", "ledger")
    cleared = document("report", "--year", "R8", "--out", "out", "--db", "out/reform.db", "--meeting-date", "none")
    assert (cleared["meeting_date"], cleared["meeting_date_source"]) == (None, "option")


def test_the_dates_are_kept_per_fiscal_year(plan, tmp_path):
    db = tmp_path / "reform.db"
    _return(plan, tmp_path / "r8", 2026)
    _return(plan, tmp_path / "r9", 2027)
    run_merge([tmp_path / "r8"], plan, 2026, db=db, out=tmp_path / "o8", meeting_date=dt.date(2027, 7, 10))
    r9 = run_merge([tmp_path / "r9"], plan, 2027, db=db, out=tmp_path / "o9")
    assert (r9.meeting.day, r9.meeting.source) == (None, None)  # 令和9年度's meeting is not 令和8年度's
    assert _cover_date(r9.outputs["meeting"]) is None
    again = run_merge([tmp_path / "r8"], plan, 2026, db=db, out=tmp_path / "o8", public=True)
    assert (again.meeting.day, again.meeting.source) == (dt.date(2027, 7, 10), "ledger")


def test_a_date_before_the_year_begins_stops_merge_and_report_with_T004_and_records_nothing(plan, office, capsys):
    code = main([*MERGE, "--meeting-date", "2026-03-10", "--json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 2 and [p["code"] for p in document["problems"]] == ["T004"]
    assert document["problems"][0]["path"] == "--meeting-date"
    assert "令和8年度（令和8年4月1日～）が始まる前" in document["error"] and "何も記録していません" in document["error"]
    assert not (office / "out" / "reform.db").exists()
    _merge(capsys, "--meeting-date", "2027-07-10")
    assert main(["report", "--year", "R8", "--out", "rebuilt", "--db", "out/reform.db", "--meeting-date",
                 "2025-07-10"]) == 2
    said = capsys.readouterr().err
    assert "[T004 エラー] --meeting-date: 会議の開催日 令和7年7月10日（木）は" in said and "（例: 令和9年7月10日（土））" in said
    assert not (office / "rebuilt").exists()
    with Ledger(office / "out" / "reform.db") as ledger:
        assert ledger.meeting_date(2026) == dt.date(2027, 7, 10)


def test_a_ledger_of_version_7_gains_the_table_and_keeps_working(plan, office, capsys):
    assert _merge(capsys)[0] == 1  # (the other sections have sent nothing)
    db = office / "out" / "reform.db"
    with sqlite3.connect(db) as con:  # as version 7 left it: no meeting_dates
        con.execute("DROP TABLE meeting_dates")
        con.execute("PRAGMA user_version = 7")
    code, shown = _merge(capsys, "--meeting-date", "2027-07-10")
    assert code == 1 and "本部会議の開催日: 令和9年7月10日（--meeting-date で指定" in shown
    with Ledger(db) as ledger:
        assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION == 8
        assert ledger.meeting_date(2026) == dt.date(2027, 7, 10)
        assert [s["name"] for s in ledger.submissions(2026)]  # its files are still there
    assert main(["report", "--year", "R8", "--out", "rebuilt", "--db", "out/reform.db"]) == 0
    assert _packets(plan, office / "rebuilt")["meeting"] == "令和9年7月10日"


def test_a_meeting_date_no_reform_xlsx_writes_is_a_damaged_ledger(office, capsys):
    _merge(capsys, "--meeting-date", "2027-07-10")
    with sqlite3.connect(office / "out" / "reform.db") as con:
        con.execute("UPDATE meeting_dates SET day = '7月10日'")
    assert main(["report", "--year", "R8", "--out", "rebuilt", "--db", "out/reform.db"]) == 2
    said = capsys.readouterr().err
    assert "E001" in said and "会議日の記録 1 番の day が、reform-xlsx の書かない値「7月10日」です" in said


def test_report_on_a_ledger_it_cannot_write_uses_the_date_given_and_says_it_was_not_recorded(plan, office, capsys,
                                                                                          monkeypatch):
    _merge(capsys)

    def cannot(*args, **kwargs):
        raise LedgerError("受付台帳 out/reform.db に書き込めません。")

    monkeypatch.setattr(Ledger, "record_meeting_date", cannot)
    result = rebuild_report(plan, 2026, db=office / "out" / "reform.db", out=office / "rebuilt",
                            meeting_date=dt.date(2027, 7, 10))
    assert _cover_date(result.outputs["meeting"]) == "令和9年7月10日"
    assert (result.meeting.source, result.meeting.recorded) == ("option", False)
    assert any("--meeting-date の指定を台帳に記録できませんでした" in n for n in result.notes)


@pytest.mark.parametrize("dated, hint", [({2028}, False), (set(), True), ({2027}, True)])
def test_R006_asks_for_the_date_only_when_the_ledger_does_not_know_it(plan, tmp_path, monkeypatch, dated, hint):
    monkeypatch.chdir(tmp_path)
    (found,) = later_outputs_stale({(2028, tmp_path / "out2028"): {"meeting"}}, 2027, plan, tmp_path / "reform.db",
                                   dated=dated)
    assert "report --year R10 --out out2028 --db reform.db で作り直してください" in found.message
    assert ("--meeting-date" in found.message) is hint


@pytest.mark.parametrize("typed, expected", [
    ("2027-07-10", dt.date(2027, 7, 10)),
    ("令和9年7月10日", dt.date(2027, 7, 10)),
    ("なし", NO_MEETING_DATE),
    ("無し", NO_MEETING_DATE),
    (" none ", NO_MEETING_DATE),
    ("NONE", NO_MEETING_DATE),
    ("ｎｏｎｅ", NO_MEETING_DATE),
])
def test_meeting_date_arg(typed, expected):
    assert meeting_date_arg(typed) == expected


def test_an_unreadable_meeting_date_says_how_to_clear(office, capsys):
    assert main([*MERGE, "--meeting-date", "来週"]) == 2
    said = capsys.readouterr().err
    assert "日付「来週」を読めません" in said and "消すときは なし" in said


def test_a_datetime_given_to_the_library_is_its_day(plan, tmp_path):
    _return(plan, tmp_path / "r8")
    db = tmp_path / "reform.db"
    result = run_merge([tmp_path / "r8"], plan, 2026, db=db, out=tmp_path / "o", meeting_date=dt.datetime(2027, 7, 10, 14))
    assert result.meeting.day == dt.date(2027, 7, 10) and _cover_date(result.outputs["meeting"]) == "令和9年7月10日"
    assert rebuild_report(plan, 2026, db=db, out=tmp_path / "o2").meeting.day == dt.date(2027, 7, 10)
    cleared = rebuild_report(plan, 2026, db=db, out=tmp_path / "o2", meeting_date=NO_MEETING_DATE)
    assert cleared.meeting.day is None and _cover_date(cleared.outputs["meeting"]) is None


def test_R006_after_an_earlier_year_is_corrected_rebuilds_the_later_packet_with_its_date(plan, tmp_path, monkeypatch,
                                                                                       capsys):
    monkeypatch.chdir(tmp_path)
    _return(plan, tmp_path / "inbox2027", 2027)
    _return(plan, tmp_path / "inbox2028", 2028)
    assert main(["merge", "inbox2027", "--year", "R9", "--out", "out2027", "--db", "reform.db"]) == 1
    assert main(["merge", "inbox2028", "--year", "R10", "--out", "out2028", "--db", "reform.db",
                 "--meeting-date", "2029-07-12"]) == 1
    (form,) = write_templates(plan, 2027, tmp_path / "fixforms", sections=[SECTION])
    typed = answers(plan, SECTION, 2027)
    first = next(iter(typed[next(iter(typed))]))
    typed[next(iter(typed))][first]["取組実績"] = "訂正した実績。"
    fill_template(form, typed, tmp_path / "fix" / form.name)
    capsys.readouterr()
    assert main(["merge", "inbox2027", "fix", "--year", "R9", "--out", "out2027", "--db", "reform.db"]) == 1
    shown = capsys.readouterr().out
    assert "[R006 警告]" in shown and "reform-xlsx report --year R10 --out out2028 --db reform.db で作り直してください。" in shown
    assert "--meeting-date" not in shown.split("[R006 警告]")[1].split("\n")[0]
    assert main(["report", "--year", "R10", "--out", "out2028", "--db", "reform.db"]) == 0
    assert _packets(plan, tmp_path / "out2028", 2028)["meeting"] == "令和11年7月12日"


@pytest.mark.parametrize("typed, example", [
    ("2026-07-10", "（例: 令和9年7月10日（土））"),  # 2026 typed for 2027: the year itself
    ("2027-03-31", ""),  # the year's last day (no guess of what was meant)
])
def test_a_date_in_the_year_itself_is_kept_with_T005_saying_what_the_cover_shows(plan, office, capsys, typed, example):
    """令和8年度's packet dated 令和8年7月10日 — a typo of 2027 — was put on the cover silently (only a date before the
    year begins was T004). It is a warning on stderr (also with --json): the merge goes on, the cover shows the date."""
    day = dt.date.fromisoformat(typed)
    code = main([*MERGE, "--meeting-date", typed, "--json"])
    captured = capsys.readouterr()
    assert code == 1 and json.loads(captured.out)["meeting_date"] == typed  # 1: the other sections have not sent yet
    shown = f"令和{day.year - 2018}年{day.month}月{day.day}日"
    assert f"[T005 警告] --meeting-date: 会議の開催日 {shown}" in captured.err
    assert "令和8年度が終わる（令和9年3月31日）前の日付です" in captured.err
    assert f"令和9年（2027年）の日付です{example}。" in captured.err
    assert f"「会議日 {shown}」と載せました" in captured.err
    assert _packets(plan, office / "out") == {"meeting": shown, "office": shown}
    assert main(["report", "--year", "R8", "--out", "rebuilt", "--db", "out/reform.db", "--meeting-date", typed]) == 0
    assert "[T005 警告]" in capsys.readouterr().err
    _merge(capsys)  # the date recorded, not given again: not said again
    assert "T005" not in capsys.readouterr().err


def test_a_date_after_the_year_ends_is_no_warning(office, capsys):
    assert main([*MERGE, "--meeting-date", "2027-04-01"]) == 1
    assert "T005" not in capsys.readouterr().err
