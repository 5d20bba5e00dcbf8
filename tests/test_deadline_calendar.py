"""The office's calendar around the 提出期限: a section given its own 提出期限 (more time), and a 提出期限 a returned
file carries written otherwise than the ISO text the tool writes (its hidden 「_meta」 sheet or document properties
typed over: 「令和9年5月28日」, a word that is no day)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from reform_xlsx.cli import main
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.records import deadlines_text
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from test_office_year import forms_made_before_their_saves  # noqa: F401 - the forms are made before the saves


def _rewrite(path: Path, edit) -> Path:
    with zipfile.ZipFile(path) as zin:
        parts = [(i, zin.read(i)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in parts:
            zout.writestr(info, edit(info.filename, data))
    return path


def returned(plan, template: Path, target: Path, saved: str, deadline: str | None = None) -> Path:
    """``template`` filled and saved at ``saved`` (core.xml, as Excel writes it), its 提出期限 typed over as
    ``deadline`` in both the document properties and the hidden 「_meta」 sheet when given."""
    section = template.stem.rsplit("_", 1)[1]
    items = {i.id: {"進捗状況": "A 計画どおり", "取組実績": "実施した。", "課題・今後の方針": "継続する。"}
             for i in plan.items_for(section, 2026)}
    answers = {"取組状況": items}
    if plan.kpis_for(section):
        answers["KPI"] = {k.id: {"実績値": k.baseline} for k in plan.kpis_for(section)}
    fill_template(template, answers, target)

    def edit(name: str, data: bytes) -> bytes:
        if name == "docProps/core.xml":
            data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                          lambda m: m.group(1) + saved.encode() + m.group(2), data)
        if deadline is not None and (name == "docProps/custom.xml" or name.startswith("xl/worksheets/")):
            data = data.replace(b"2027-05-28", deadline.encode())
        return data

    return _rewrite(target, edit)


@pytest.mark.parametrize(("rows", "text"), [
    ([], ""),
    ([("財政課", None), ("市民課", None)], ""),
    ([("財政課", "2027-05-28"), ("市民課", "2027-05-28")], "令和9年5月28日（金）"),
    ([("財政課", "2027-05-28"), ("市民課", None)], "令和9年5月28日（金）（市民課はなし）"),
    # one section given more time: the day most sections have, then the others by section
    ([("DX推進課", "2027-06-04"), ("財政課", "2027-05-28"), ("市民課", "2027-05-28")],
     "令和9年5月28日（金）（DX推進課は令和9年6月4日（金））"),
    ([("DX推進課", "2027-06-04"), ("観光課", "2027-06-11"), ("財政課", "2027-05-28"), ("土木課", "2027-06-04"),
      ("市民課", "2027-05-28"), ("税務課", "2027-05-28")],
     "令和9年5月28日（金）（DX推進課・土木課は令和9年6月4日（金）、観光課は令和9年6月11日（金））"),
    ([("財政課", "2027-06-04"), ("市民課", "2027-05-28")],  # as many each: the earlier day first
     "令和9年5月28日（金）（財政課は令和9年6月4日（金））"),
])
def test_the_deadlines_said_once_above_the_sections(rows, text):
    assert deadlines_text([{"section": s, "deadline": d} for s, d in rows]) == text


@pytest.fixture
def extended(plan, tmp_path):
    """令和8年度's 照会 with 提出期限 令和9年5月28日, then DX推進課 given until 6月4日; 財政課 saved its return on
    the 28th, 市民課 on the 29th (both before DX推進課's day)."""
    db = tmp_path / "out" / "reform.db"
    assert main(["templates", "--year", "R8", "--out", str(tmp_path / "t"), "--db", str(db),
                 "--deadline", "令和9年5月28日"]) == 0
    assert main(["templates", "--year", "R8", "--out", str(tmp_path / "t2"), "--db", str(db), "--section", "DX推進課",
                 "--deadline", "R9.6.4"]) == 0
    forms = {p.stem.rsplit("_", 1)[1]: p for p in (tmp_path / "t").glob("*.xlsx")}
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    returned(plan, forms["財政課"], inbox / "財政課.xlsx", "2027-05-28T08:00:00Z")
    returned(plan, forms["市民課"], inbox / "市民課.xlsx", "2027-05-29T08:00:00Z")
    return inbox, db


def test_a_section_given_more_time_is_said_beside_the_others_deadline(extended, tmp_path, capsys):
    inbox, db = extended
    out = tmp_path / "out"
    main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(db), "--json"])
    doc = json.loads(capsys.readouterr().out)
    rows = {s["section"]: s for s in doc["sections"]}
    assert (rows["財政課"]["timeliness"], rows["市民課"]["timeliness"]) == ("期限内", "期限後")
    assert rows["DX推進課"]["deadline"] == "2027-06-04"
    said = "提出期限 令和9年5月28日（金）（DX推進課は令和9年6月4日（金））"
    receipt = openpyxl.load_workbook(doc["outputs"]["receipt"])["課別"]["A2"].value
    assert said in receipt  # it said 「提出期限 令和9年6月4日（金）」 — and 市民課 of the 29th 期限後 under it
    office = openpyxl.load_workbook(doc["outputs"]["office"])["提出状況"]["A3"].value
    assert office.startswith(said)
    assert main(["status", "--year", "R8", "--db", str(db)]) in (0, 1)  # 1: sections yet to submit
    assert f"\n提出期限: {said.split(' ', 1)[1]}（期限内・期限後は" in capsys.readouterr().out


@pytest.mark.parametrize(("carried", "recorded", "timely"), [
    ("令和9年5月28日", "2027-05-28", "期限内"),  # typed over the way people write a day: read as that day
    ("2027/5/28", "2027-05-28", "期限内"),
    ("来週", None, None),  # no day: as if the file carried none
])
def test_a_deadline_a_file_carries_in_another_form_is_read_as_a_day_never_a_crash(plan, tmp_path, capsys, carried,
                                                                                  recorded, timely):
    (form,) = write_templates(plan, 2026, tmp_path / "t", ["財政課"], deadline="2027-05-28")  # no ledger: the file says
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    returned(plan, form, inbox / "財政課.xlsx", "2027-05-20T01:00:00Z", deadline=carried)
    out, db = tmp_path / "out", tmp_path / "out" / "reform.db"
    assert main(["merge", str(inbox), "--year", "R8", "--out", str(out), "--db", str(db), "--json"]) in (0, 1)
    doc = json.loads(capsys.readouterr().out)
    row = next(s for s in doc["sections"] if s["section"] == "財政課")
    assert (row["deadline"], row["timeliness"]) == (recorded, timely)
    with Ledger(db) as ledger:
        assert ledger.deadline_of(2026, "財政課") == recorded
    assert main(["status", "--year", "R8", "--db", str(db)]) in (0, 1)
    printed = capsys.readouterr().out
    assert ("提出期限: 令和9年5月28日（金）" in printed) is (recorded is not None)


@pytest.mark.parametrize(("argv", "typed", "day"), [
    (["templates", "--year", "R8", "--deadline", "2027-05-28T17:00"], "2027-05-28T17:00", "令和9年5月28日"),
    (["templates", "--year", "R8", "--deadline", "令和9年5月28日（金）17時"], "令和9年5月28日（金）17時", "令和9年5月28日"),
    (["merge", "inbox", "--year", "R8", "--resubmit-by", "2027/6/9 17:15"], "2027/6/9 17:15", "令和9年6月9日"),
    (["status", "--year", "R8", "--remind", "--resubmit-by", "R9.6.9 午後5時"], "R9.6.9 午後5時", "令和9年6月9日"),
])
def test_a_due_date_given_with_a_time_is_told_to_be_a_day(workdir, capsys, argv, typed, day):
    """「〇日 17時まで」 as offices write a 〆切: the day is readable, so it is not 「読めません」 — a 期限 is a day (期限内
    is a save on or before it), and the message says so with the day to write."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"「{typed}」には時刻があります" in err and f"日付だけを書いてください（例: {day}、" in err
    assert "読めません" not in err and not any(workdir.iterdir())


@pytest.mark.parametrize("days", [1, 6])
def test_a_deadline_line_too_wide_for_its_table_wraps_across_it(tmp_path, days):
    """事務局用 「提出状況」 wrote its 提出期限 line as it was: with several sections given their own days it ran past the
    table and was cut at the page's edge. Wider than the table it is merged across it, wrapped, in a taller row."""
    from reform_xlsx.xlsx.style import Styles, write_subtitle
    from reform_xlsx.xlsx.workbook import new_workbook

    rows = [{"section": "財政課", "deadline": "2027-05-28"}, {"section": "市民課", "deadline": "2027-05-28"}]
    rows += [{"section": f"課{n}", "deadline": f"2027-06-{n + 1:02d}"} for n in range(days - 1)]
    text = f"提出期限 {deadlines_text(rows)}（提出日時はブックの保存日時）"
    widths = (14, 9, 36, 16, 8, 30)
    wb = new_workbook(tmp_path / "x.xlsx")
    ws = wb.add_worksheet("提出状況")
    write_subtitle(ws, Styles(wb), 2, text, widths)
    wb.close()
    read = openpyxl.load_workbook(tmp_path / "x.xlsx")["提出状況"]
    assert read["A3"].value == text
    merged = [str(r) for r in read.merged_cells.ranges]
    assert merged == ([] if days == 1 else ["A3:F3"])
    assert bool(read["A3"].alignment.wrap_text) == (days > 1)
    assert (read.row_dimensions[3].height or 15) > (15 if days > 1 else 0)


@pytest.mark.parametrize("carried", ["2027-05-28T00:00:00", "2027-05-28 17:00"])
def test_a_deadline_carried_as_a_date_cell_is_that_day(plan, tmp_path, capsys, carried):
    """「2027/5/28」 typed into the 「_meta」 sheet's cell is a date cell in Excel and Calc, which the reader gives as
    「2027-05-28T00:00:00」 (a day with its time): it was read as no day at all, the section without 期限内・期限後."""
    (form,) = write_templates(plan, 2026, tmp_path / "t", ["財政課"], deadline="2027-05-28")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    returned(plan, form, inbox / "財政課.xlsx", "2027-05-20T01:00:00Z", deadline=carried)
    db = tmp_path / "out" / "reform.db"
    assert main(["merge", str(inbox), "--year", "R8", "--out", str(tmp_path / "out"), "--db", str(db), "--json"]) in (0, 1)
    row = next(s for s in json.loads(capsys.readouterr().out)["sections"] if s["section"] == "財政課")
    assert (row["deadline"], row["timeliness"]) == ("2027-05-28", "期限内")


def test_the_office_copys_deadlines_line_wraps_within_the_table(plan, tmp_path):
    """事務局用 「提出状況」: sections given other days make the 提出期限 line longer than the table (and the page) is
    wide; it ran past the printed page's edge, cut (the 受付結果 wrapped its own). Now it wraps across the table."""
    import datetime as dt

    from reform_xlsx.report.writer import write_reports
    from reform_xlsx.textwidth import text_units
    from reform_xlsx.xlsx.sizing import row_height
    from report_sample import sample_answers, sample_status

    status = sample_status(plan)
    others = {s: f"2027-06-{n + 1:02d}" for n, s in enumerate(plan.sections[:3])}
    status["deadline"] = [others.get(s, "2027-05-28") for s in status["section"]]
    result = write_reports(plan, 2026, sample_answers(plan), status, tmp_path, created=dt.datetime(2026, 5, 1, 10, 0))
    ws = openpyxl.load_workbook(result.office)["提出状況"]
    line = ws["A3"].value
    assert line.startswith("提出期限 令和9年5月28日（金）（") and all(s in line for s in others)
    width = sum(ws.column_dimensions[c].width for c in "ABCDEFGH")
    assert text_units(line) > width  # the case: longer than the table
    assert "A3:H3" in {str(r) for r in ws.merged_cells.ranges} and ws["A3"].alignment.wrap_text
    assert ws.row_dimensions[3].height >= row_height([("二\n行", 10)])  # two lines' height at least


@pytest.mark.parametrize(("requests", "year_wide"), [
    # every section asked 5/28, then one given more time: the others' day is the year's, not the newest
    ([("財政課", "2027-05-28"), ("市民課", "2027-05-28"), ("観光課", "2027-05-28"), ("市民課", "2027-06-04")],
     "2027-05-28"),
    # the whole year asked again with a new day: the new one
    ([("財政課", "2027-05-28"), ("市民課", "2027-05-28"), ("財政課", "2027-06-04"), ("市民課", "2027-06-04")],
     "2027-06-04"),
    # as many sections on each day: the earlier is the common one (as the line above the sections says it)
    ([("財政課", "2027-06-04"), ("市民課", "2027-05-28")], "2027-05-28"),
    # a later 照会 that set no day does not make one
    ([("財政課", "2027-05-28"), ("市民課", "2027-05-28"), ("市民課", None)], "2027-05-28"),
    ([("財政課", None)], None),
])
def test_a_section_never_asked_takes_the_day_most_sections_have(tmp_path, requests, year_wide):
    """A section with no 照会 of its own (made later by a revision, or its form made without the ledger) and the
    year's 提出期限 without a section: the day most sections were asked for, never one section's extension
    (``templates --section DX推進課 --deadline …``), which judged the rest 期限内 until the later day."""
    from datetime import datetime, timedelta

    start = datetime(2027, 5, 1, 9, 0)
    with Ledger(tmp_path / "reform.db") as ledger:
        for n, (section, day) in enumerate(requests):
            ledger.record_requests(2026, [(section, day, None, None)], created=start + timedelta(hours=n))
        assert ledger.deadline_of(2026, "土木課") == year_wide
        assert ledger.deadline_of(2026) == year_wide
        asked = {s for s, _ in requests}
        said = ledger.deadlines_of(2026, [*sorted(asked), "土木課"])
        assert said["土木課"] == year_wide
        for section in asked:  # each asked section keeps its own newest 照会
            newest = [day for s, day in requests if s == section][-1]
            assert said[section] == newest
