"""An earlier year corrected after a later year's packet was written: 人事行政課 corrects its 令和9年度 return
(K11 64 → 62) during 令和10年度. The merge of 令和9年度 says (R006) that the 令和10年度 outputs recorded in the
ledger still show 64 — as 前年度 and in 年度別の推移 — and how to make them again; `report` then shows 62."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from five_years import answers
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.merge import later_outputs_stale, rebuild_report, run_merge
from reform_xlsx.report.model import SHEET_KPI
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from sheet_reader import Table

SECTION = "人事行政課"
STALE = "R006"


def _return(plan, tmp_path: Path, year: int, inbox: str, k11: float | None = None) -> Path:
    (form,) = write_templates(plan, year, tmp_path / f"forms{year}", sections=[SECTION])
    typed = answers(plan, SECTION, year)
    if k11 is not None:
        typed[layout.SHEET_KPI]["K11"]["実績値"] = k11
    return fill_template(form, typed, tmp_path / inbox / form.name)


def _k11_last_year(packet: Path) -> float:
    return Table(openpyxl.load_workbook(packet, data_only=True)[SHEET_KPI], "KPI ID").value("K11", "前年度")


@pytest.fixture
def two_years(plan, tmp_path, monkeypatch):
    """令和9年度 and 令和10年度 merged (the 令和10年度 packet with 公表用), the working folder the tmp folder."""
    monkeypatch.chdir(tmp_path)
    _return(plan, tmp_path, 2027, "inbox2027")
    run_merge([tmp_path / "inbox2027"], plan, 2027, db=tmp_path / "reform.db", out=tmp_path / "out2027")
    _return(plan, tmp_path, 2028, "inbox2028")
    r10 = run_merge([tmp_path / "inbox2028"], plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "out2028",
                    public=True)
    assert _k11_last_year(r10.outputs["meeting"]) == 64
    return tmp_path


def test_a_correction_of_an_earlier_year_names_the_later_packet_and_the_command_that_rebuilds_it(plan, two_years):
    tmp_path = two_years
    _return(plan, tmp_path, 2027, "fix", k11=62)
    result = run_merge([tmp_path / "inbox2027", tmp_path / "fix"], plan, 2027, db=tmp_path / "reform.db",
                       out=tmp_path / "out2027")
    (stale,) = [p for p in result.report_problems if p.code == STALE]
    assert stale.severity == "warning" and stale.file == "out2028"
    assert "令和9年度の受け付けた回答が変わりました" in stale.message and "令和10年度の出力（フォルダ out2028）" in stale.message
    assert "reform-xlsx report --year R10 --out out2028 --db reform.db --public で作り直してください" in stale.message
    assert "計画期間の総括" not in stale.message  # 令和10年度 is not the plan's last year
    # the same merge again changes nothing: nothing said (the packet itself was not written again either)
    again = run_merge([tmp_path / "inbox2027", tmp_path / "fix"], plan, 2027, db=tmp_path / "reform.db",
                      out=tmp_path / "out2027")
    assert again.unchanged and not [p for p in again.report_problems if p.code == STALE]
    # the command rebuilds the packet with the corrected figure
    packet = tmp_path / "out2028" / Path(result.outputs["meeting"]).name.replace("令和9年度", "令和10年度")
    assert _k11_last_year(packet) == 64  # until made again
    rebuilt = rebuild_report(plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "out2028", public=True)
    assert _k11_last_year(rebuilt.outputs["meeting"]) == 62
    # and the next merge of 令和10年度 with nothing new writes its outputs again (not 「変わったところがない」)
    r10 = run_merge([tmp_path / "inbox2028"], plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "out2028",
                    public=True)
    assert not r10.unchanged and _k11_last_year(r10.outputs["meeting"]) == 62
    assert not [p for p in r10.report_problems if p.code == STALE]  # no later year's outputs


def test_a_merge_that_changes_no_accepted_answer_says_nothing_of_later_years(plan, two_years):
    tmp_path = two_years
    (tmp_path / "junk").mkdir()
    openpyxl.Workbook().save(tmp_path / "junk" / "メモ.xlsx")  # recorded, rejected: no answer of 令和9年度 changes
    result = run_merge([tmp_path / "inbox2027", tmp_path / "junk"], plan, 2027, db=tmp_path / "reform.db",
                       out=tmp_path / "out2027")
    assert result.batch.new_files == 1 and not result.unchanged
    assert not [p for p in result.report_problems if p.code == STALE]


def test_the_cli_says_it_and_json_carries_it(plan, two_years, capsys):
    tmp_path = two_years
    _return(plan, tmp_path, 2027, "fix", k11=62)
    args = ["--year", "R9", "--out", "out2027", "--db", "reform.db"]
    assert main(["merge", "inbox2027", "fix", *args, "--json"]) == 1  # (the other sections have sent nothing)
    document = json.loads(capsys.readouterr().out)
    (stale,) = [p for p in document["report_issues"] if p["code"] == STALE]
    assert stale["file"] == "out2028" and "report --year R10 --out out2028 --db reform.db --public" in stale["message"]
    _return(plan, tmp_path, 2027, "fix2", k11=61)
    assert main(["merge", "inbox2027", "fix", "fix2", *args]) == 1
    shown = capsys.readouterr().out
    assert "[R006 警告] この merge で令和9年度の受け付けた回答が変わりました" in shown
    assert "reform-xlsx report --year R10 --out out2028 --db reform.db --public" in shown


@pytest.mark.parametrize("later_year, folder, roles, command, said", [
    (2028, "out2028", {"meeting", "office"}, "report --year R10 --out out2028 --db reform.db で", "会議資料・事務局用の前年度"),
    (2028, "out2028", {"meeting", "pdf"}, "report --year R10 --out out2028 --db reform.db --pdf で", "（PDF も）"),
    (2029, "出力", {"public", "public_pdf", "public_csv_kpis"}, "report --year R11 --out 出力 --db reform.db --pdf --public",
     "会議資料・事務局用・公表用（PDF も）"),
    # a run stopped before it recorded its outputs: the files it noted, by name
    (2028, "out", {"令和10年度_市政改革取組状況_公表用.pdf"}, "--out out --db reform.db --pdf --public", "令和10年度の出力"),
    (2030, "会議 資料", {"meeting"}, 'report --year R12 --out "会議 資料" --db reform.db で', "年度別の推移・計画期間の総括は"),
])
def test_the_command_makes_again_what_was_made_where_it_was(plan, tmp_path, monkeypatch, later_year, folder, roles,
                                                           command, said):
    monkeypatch.chdir(tmp_path)
    (found,) = later_outputs_stale({(later_year, tmp_path / folder): roles}, 2027, plan, tmp_path / "reform.db")
    assert found.code == STALE and found.file == folder
    assert command in found.message
    assert said in found.message


def _stale(result) -> list:
    return [p for p in result.report_problems if p.code == STALE]


def _excel_holds(monkeypatch, folder: Path) -> None:
    """Every output merge puts into ``folder`` is held open in Excel: os.replace raises PermissionError."""
    import errno
    import os

    real = os.replace

    def locked(src, dst, *args, **kwargs):
        if Path(dst).resolve().parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(src))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", locked)


def _correction_stopped(plan, tmp_path: Path, monkeypatch) -> None:
    """人事行政課 corrects K11 (64 → 62); the merge of 令和9年度 records it, then stops on its outputs (open in Excel)."""
    _return(plan, tmp_path, 2027, "fix", k11=62)
    _excel_holds(monkeypatch, tmp_path / "out2027")
    with pytest.raises(OSError):
        run_merge([tmp_path / "inbox2027", tmp_path / "fix"], plan, 2027, db=tmp_path / "reform.db",
                  out=tmp_path / "out2027")
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)


def test_a_correction_recorded_by_a_merge_that_stopped_writing_is_said_when_it_is_run_again(plan, two_years,
                                                                                           monkeypatch):
    """The merge of 令和9年度 records the correction, then stops on its outputs (open in Excel, exit 2): the rerun
    adds nothing new to the ledger yet says R006 — the 令和10年度 packet still shows 64 — until it is made again."""
    tmp_path = two_years
    _correction_stopped(plan, tmp_path, monkeypatch)
    again = run_merge([tmp_path / "inbox2027", tmp_path / "fix"], plan, 2027, db=tmp_path / "reform.db",
                      out=tmp_path / "out2027")
    assert again.batch.new_files == 0 and not again.unchanged
    (stale,) = _stale(again)
    assert stale.file == "out2028"
    assert "令和10年度の出力を作った後に令和9年度の受け付けた回答が変わりました" in stale.message
    assert "reform-xlsx report --year R10 --out out2028 --db reform.db --public で作り直してください" in stale.message
    # every merge of 令和9年度 that writes says it while the packet is as it was (here: a file rejected)
    (tmp_path / "junk").mkdir()
    openpyxl.Workbook().save(tmp_path / "junk" / "メモ.xlsx")
    inboxes = [tmp_path / "inbox2027", tmp_path / "fix", tmp_path / "junk"]
    assert _stale(run_merge(inboxes, plan, 2027, db=tmp_path / "reform.db", out=tmp_path / "out2027"))
    # report makes the packet again: nothing more is said
    rebuilt = rebuild_report(plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "out2028", public=True)
    assert _k11_last_year(rebuilt.outputs["meeting"]) == 62
    openpyxl.Workbook().save(tmp_path / "junk" / "メモ2.xlsx")
    after = run_merge(inboxes, plan, 2027, db=tmp_path / "reform.db", out=tmp_path / "out2027")
    assert after.batch.new_files == 1 and not _stale(after)


def test_a_later_packet_made_after_the_correction_is_not_said_to_be_stale(plan, two_years, monkeypatch):
    tmp_path = two_years
    _correction_stopped(plan, tmp_path, monkeypatch)
    r10 = run_merge([tmp_path / "inbox2028"], plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "out2028",
                    public=True)  # the 令和10年度 packet made again, with 62
    assert _k11_last_year(r10.outputs["meeting"]) == 62
    again = run_merge([tmp_path / "inbox2027", tmp_path / "fix"], plan, 2027, db=tmp_path / "reform.db",
                      out=tmp_path / "out2027")
    assert not again.unchanged and not _stale(again)


def test_the_cli_says_it_after_a_merge_stopped_on_an_output_open_in_excel(plan, two_years, capsys, monkeypatch):
    tmp_path = two_years
    _return(plan, tmp_path, 2027, "fix", k11=62)
    args = ["merge", "inbox2027", "fix", "--year", "R9", "--out", "out2027", "--db", "reform.db"]
    _excel_holds(monkeypatch, tmp_path / "out2027")
    assert main(args) == 2
    assert "R006" not in capsys.readouterr().out
    monkeypatch.undo()
    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    shown = capsys.readouterr().out
    assert "[R006 警告] 令和10年度の出力を作った後に令和9年度の受け付けた回答が変わりました" in shown
    assert "reform-xlsx report --year R10 --out out2028 --db reform.db --public" in shown
    assert main(["report", "--year", "R10", "--out", "out2028", "--db", "reform.db", "--public"]) in (0, 1)
    capsys.readouterr()
    (tmp_path / "junk").mkdir()
    openpyxl.Workbook().save(tmp_path / "junk" / "メモ.xlsx")
    assert main([*args[:3], "junk", *args[3:]]) == 1
    assert "R006" not in capsys.readouterr().out


@pytest.mark.parametrize("older", [
    "DROP TABLE output_sources",  # a ledger of version 8 an older reform-xlsx kept: no table of what outputs show
    "UPDATE outputs SET signature = 'older' WHERE year = 2028",  # the 令和10年度 outputs written again by one
])
def test_later_outputs_an_older_version_made_are_said_stale_when_this_merge_changes_the_year(plan, two_years, older):
    import sqlite3

    from reform_xlsx.ledger.store import Ledger

    tmp_path = two_years
    con = sqlite3.connect(tmp_path / "reform.db")
    with con:
        con.execute(older)
    con.close()
    with Ledger(tmp_path / "reform.db") as ledger:
        assert ledger.output_sources(2028, tmp_path / "out2028") is None  # not known: not taken for what they show
    _return(plan, tmp_path, 2027, "fix", k11=62)
    result = run_merge([tmp_path / "inbox2027", tmp_path / "fix"], plan, 2027, db=tmp_path / "reform.db",
                       out=tmp_path / "out2027")
    (stale,) = _stale(result)
    assert "この merge で令和9年度の受け付けた回答が変わりました" in stale.message


def test_report_on_a_ledger_it_cannot_write_still_makes_the_packet(plan, two_years, monkeypatch):
    from reform_xlsx.ledger.errors import LedgerError
    from reform_xlsx.ledger.store import Ledger

    def cannot(*args, **kwargs):
        raise LedgerError("受付台帳 reform.db に書き込めません。")

    monkeypatch.setattr(Ledger, "record_output_sources", cannot)
    rebuilt = rebuild_report(plan, 2028, db=two_years / "reform.db", out=two_years / "again")
    assert _k11_last_year(rebuilt.outputs["meeting"]) == 64


def test_a_later_packet_made_by_report_alone_in_a_folder_of_its_own_is_said_stale(plan, two_years):
    """`report --final --out 総括` (README) writes into a folder no merge of its year wrote: a correction of an
    earlier year names it too, with its options, until it is made again."""
    tmp_path = two_years
    rebuild_report(plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "総括", pdf=False, public=True)
    _return(plan, tmp_path, 2027, "fix", k11=62)
    result = run_merge([tmp_path / "inbox2027", tmp_path / "fix"], plan, 2027, db=tmp_path / "reform.db",
                       out=tmp_path / "out2027")
    said = {p.file: p.message for p in _stale(result)}
    assert set(said) == {"out2028", "総括"}
    assert "reform-xlsx report --year R10 --out 総括 --db reform.db --public で作り直してください" in said["総括"]
    # made again after the correction: a later correction's merge names only what is stale
    rebuild_report(plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "総括", public=True)
    _return(plan, tmp_path, 2027, "fix2", k11=61)
    again = run_merge([tmp_path / "inbox2027", tmp_path / "fix", tmp_path / "fix2"], plan, 2027,
                      db=tmp_path / "reform.db", out=tmp_path / "out2027")
    assert {p.file for p in _stale(again)} == {"out2028", "総括"}
    rebuild_report(plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "総括", public=True)
    rebuild_report(plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "out2028", public=True)
    shutil.rmtree(tmp_path / "fix2")  # a merge of 令和9年度 that writes again, after both were made again: nothing said
    last = run_merge([tmp_path / "inbox2027", tmp_path / "fix"], plan, 2027, db=tmp_path / "reform.db",
                     out=tmp_path / "out2027")
    assert not _stale(last)
