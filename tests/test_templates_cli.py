"""``reform-xlsx templates`` in-process: files written, exit codes, Japanese messages."""

from __future__ import annotations

import openpyxl
import pytest

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.intake.result import FileResult
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.records import Answer, FileStatus
from template_readback import read_table


def test_writes_one_file_per_section_and_lists_them(plan, tmp_path, capsys):
    assert main(["templates", "--year", "令和8年度", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(outputs.template(plan.words, 2026, s) for s in plan.sections)
    for name in names:
        assert name in out
    assert "令和8年度の調査票を 11 件作成しました" in out


def test_sections_deadline_and_contact(tmp_path, capsys):
    code = main(["templates", "--year", "R9", "--out", str(tmp_path), "--section", "観光課", "市民課",
                 "--section", "観光課", "--deadline", "2027-05-31", "--contact", "行政改革係 内線1234"])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "令和9年度_市政改革取組状況調査票_市民課.xlsx", "令和9年度_市政改革取組状況調査票_観光課.xlsx"]
    wb = openpyxl.load_workbook(tmp_path / "令和9年度_市政改革取組状況調査票_観光課.xlsx")
    text = [v for row in wb[layout.SHEET_GUIDE].iter_rows(values_only=True) for v in row if v]
    assert "令和9年5月31日（月）" in text and "行政改革係 内線1234" in text
    assert wb[layout.SHEET_META]["B4"].value == "R9"


def test_unknown_section_exit_2_with_suggestion(tmp_path, capsys):
    assert main(["templates", "--year", "R8", "--out", str(tmp_path), "--section", "市民"]) == 2
    err = capsys.readouterr().err
    assert "計画にない課名です" in err and "「市民課」のことですか" in err
    assert list(tmp_path.iterdir()) == []


def test_existing_files_are_kept_unless_force(plan, tmp_path, capsys):
    target = tmp_path / outputs.template(plan.words, 2026, "観光課")
    target.write_bytes(b"returned by the section")
    assert main(["templates", "--year", "R8", "--out", str(tmp_path), "--section", "観光課"]) == 2
    assert "--force" in capsys.readouterr().err
    assert target.read_bytes() == b"returned by the section"
    assert main(["templates", "--year", "R8", "--out", str(tmp_path), "--section", "観光課", "--force"]) == 0
    assert openpyxl.load_workbook(target).sheetnames[0] == layout.SHEET_GUIDE


def test_bad_year_exit_2(tmp_path, capsys):
    assert main(["templates", "--year", "平成30", "--out", str(tmp_path)]) == 2
    assert "年度" in capsys.readouterr().err


def test_help_has_examples(capsys):
    assert main(["templates", "--help"]) == 0
    out = capsys.readouterr().out
    assert "例:" in out and "reform-xlsx templates --year R8" in out and "--section" in out


def answer(field, value, kind="item", row_id="1-1-4"):
    return Answer(2026, "財政課", kind, row_id, field, value, str(value), "r8.xlsx", "取組状況", "J4")


def test_history_from_the_ledger(plan, tmp_path, capsys):
    returned = tmp_path / "r8.xlsx"
    returned.write_bytes(b"accepted return")
    accepted = FileResult(path=returned, name=returned.name, sha256="ab" * 32, size=15, mtime=1.0,
                          status=FileStatus.ACCEPTED, section="財政課", year=2026,
                          answers=[answer("grade", "C"), answer("result", "仕様書を改正した"),
                                   answer("actual", 6100000, kind="kpi", row_id="K12")])
    db = tmp_path / "reform.db"
    with Ledger(db) as ledger:
        ledger.record([accepted], 2026, ("財政課",))
    out = tmp_path / "out"
    assert main(["templates", "--year", "R9", "--db", str(db), "--out", str(out), "--section", "財政課"]) == 0
    assert "令和8年度" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out / outputs.template(plan.words, 2027, "財政課"))
    items = read_table(wb[layout.SHEET_ITEMS])["1-1-4"]
    assert (items["令和8年度進捗状況"], items["令和8年度取組実績"]) == ("C 遅れ", "仕様書を改正した")
    assert read_table(wb[layout.SHEET_KPI])["K12"]["令和8年度実績値"] == 6100000


def test_the_history_line_names_the_years_the_forms_show(plan, tmp_path, capsys):
    """Four years in the ledger: the 令和12年度 forms show 取組状況 of 令和11年度 and KPI of 令和10・11年度 — the
    line said 「令和8年度、令和9年度、令和10年度、令和11年度」."""
    db = tmp_path / "reform.db"
    for year in (2026, 2027, 2028, 2029):
        returned = tmp_path / f"r{year}.xlsx"
        returned.write_bytes(f"accepted return {year}".encode())
        answers = [Answer(year, "財政課", kind, row_id, field, value, str(value), returned.name, "取組状況", "J4")
                   for kind, row_id, field, value in (("item", "1-1-4", "grade", "A"),
                                                      ("kpi", "K12", "actual", 6_000_000 + year))]
        accepted = FileResult(path=returned, name=returned.name, sha256=f"{year:064d}", size=20, mtime=1.0,
                              status=FileStatus.ACCEPTED, section="財政課", year=year, answers=answers)
        with Ledger(db) as ledger:
            ledger.record([accepted], year, ("財政課",))
    assert main(["templates", "--year", "R12", "--db", str(db), "--out", str(tmp_path / "out"),
                 "--section", "財政課"]) == 0
    line = next(s for s in capsys.readouterr().out.splitlines() if "前年度までの回答" in s)
    assert line.endswith("を表示しました（取組状況 令和11年度、KPI 令和10年度・令和11年度）。"), line
    wb = openpyxl.load_workbook(tmp_path / "out" / outputs.template(plan.words, 2030, "財政課"))
    assert set(read_table(wb[layout.SHEET_KPI])["K12"]) >= {"令和10年度実績値", "令和11年度実績値"}
    assert "令和9年度実績値" not in read_table(wb[layout.SHEET_KPI])["K12"]


def test_missing_ledger_named_with_db_is_exit_2(tmp_path, capsys):
    code = main(["templates", "--year", "R9", "--db", str(tmp_path / "nothing.db"), "--out", str(tmp_path)])
    assert code == 2 and "がありません。--db のパスを確かめる" in capsys.readouterr().err
    assert not (tmp_path / "nothing.db").exists()


def test_without_a_ledger_no_history_columns(plan, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no reform.db here
    assert main(["templates", "--year", "R9", "--section", "観光課"]) == 0
    wb = openpyxl.load_workbook(tmp_path / outputs.template(plan.words, 2027, "観光課"))
    assert not any("令和8年度" in str(v) for v in next(wb[layout.SHEET_ITEMS].iter_rows(min_row=3, max_row=3,
                                                                                         values_only=True)))


@pytest.mark.parametrize("typed", ["ＤＸ推進課", "DX 推進課", "ＤＸ　推進課"])
def test_a_section_typed_in_another_width_is_the_plans_section(plan, tmp_path, typed):
    assert "DX推進課" in plan.sections
    assert main(["templates", "--year", "R8", "--out", str(tmp_path), "--section", typed]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [outputs.template(plan.words, 2026, "DX推進課")]


def test_a_run_that_fails_partway_removes_its_own_forms_so_that_a_rerun_works(plan, tmp_path, capsys, monkeypatch):
    import errno

    from reform_xlsx.templates import writer

    before = tmp_path / outputs.template(plan.words, 2026, plan.sections_in(2026)[-1])
    before.write_bytes(b"returned by the section")  # there before the run: never removed
    sections = [s for s in plan.sections_in(2026) if s != plan.sections_in(2026)[-1]]
    args = ["templates", "--year", "R8", "--out", str(tmp_path), "--section", *sections]
    build, calls = writer._build, []

    def full_disk(*a, **k):
        calls.append(a[2])
        if len(calls) == 7:
            raise OSError(errno.ENOSPC, "No space left on device")
        return build(*a, **k)

    monkeypatch.setattr(writer, "_build", full_disk)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "ディスクがいっぱい" in err and "この実行で作った調査票（6 件）は消しました" in err
    assert sorted(tmp_path.iterdir()) == [before] and before.read_bytes() == b"returned by the section"
    monkeypatch.setattr(writer, "_build", build)
    assert main(args) == 0  # the advised rerun, without --force
    assert len(list(tmp_path.iterdir())) == len(sections) + 1
    assert before.read_bytes() == b"returned by the section"


def test_a_form_that_cannot_be_removed_after_a_failure_says_force(plan, tmp_path, capsys, monkeypatch):
    import errno
    from pathlib import Path

    from reform_xlsx.templates import writer

    build, calls = writer._build, []

    def full_disk(*a, **k):
        calls.append(a[2])
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return build(*a, **k)

    unlink = Path.unlink
    monkeypatch.setattr(writer, "_build", full_disk)
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: (_ for _ in ()).throw(PermissionError(13, "x")))
    assert main(["templates", "--year", "R8", "--out", str(tmp_path)]) == 2
    monkeypatch.setattr(Path, "unlink", unlink)
    err = capsys.readouterr().err
    assert "2 件を消せませんでした" in err and "--force を付けて" in err
    assert len(list(tmp_path.iterdir())) == 2


def test_write_templates_failing_partway_removes_only_what_it_made(plan, tmp_path, monkeypatch):
    import errno

    from reform_xlsx.templates import writer

    kept = tmp_path / outputs.template(plan.words, 2026, plan.sections[0])
    kept.write_bytes(b"old")
    build, calls = writer._build, []

    def full_disk(*a, **k):
        calls.append(a[2])
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return build(*a, **k)

    monkeypatch.setattr(writer, "_build", full_disk)
    with pytest.raises(OSError):
        writer.write_templates(plan, 2026, tmp_path, plan.sections[:5])
    assert list(tmp_path.iterdir()) == [kept]  # replaced by the new form (there before), the 2 new ones removed


def test_a_failed_run_never_removes_a_form_another_run_wrote_since(plan, tmp_path, monkeypatch):
    """Run A made a form; a colleague's run (--force) wrote its own form at that path; run A then failed and its
    cleanup removed the colleague's file."""
    import errno

    from reform_xlsx.templates import writer

    build, calls = writer._build, []
    first = tmp_path / outputs.template(plan.words, 2026, plan.sections[0])

    def full_disk(*a, **k):
        calls.append(a[2])
        if len(calls) == 3:
            first.write_bytes(b"the colleague's form")  # written over meanwhile (its own inode)
            raise OSError(errno.ENOSPC, "No space left on device")
        return build(*a, **k)

    monkeypatch.setattr(writer, "_build", full_disk)
    with pytest.raises(OSError):
        writer.write_templates(plan, 2026, tmp_path, plan.sections[:5])
    assert first.read_bytes() == b"the colleague's form"
    assert sorted(tmp_path.iterdir()) == [first]  # this run's other form removed


def test_the_sections_reporting_are_worked_out_once_not_once_a_section(plan, tmp_path, capsys, monkeypatch):
    """templates asked the plan which sections report that year once for every form it made (each answer walks every
    section's items: a 1,000-section plan's run grew with its square). Counted, not timed."""
    from reform_xlsx.plan.model import Plan

    calls = []
    sections_in = Plan.sections_in
    monkeypatch.setattr(Plan, "sections_in", lambda self, year: calls.append(year) or sections_in(self, year))
    assert main(["templates", "--year", "R8", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("*.xlsx"))) == len(plan.sections) > 3
    assert len(calls) <= 3
