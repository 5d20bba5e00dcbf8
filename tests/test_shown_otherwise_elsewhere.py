"""F042 (a cell whose number format shows something other than its value: 「;;;」 shows nothing, 「0;0;0;"（なし）"」 any
text as 「（なし）」) beyond the 取組状況 and KPI input cells (tests/test_intake_shown_otherwise.py): the form's 回答者欄, the
推進室評価シート read back, the plan master (plan import) and the 連絡先 workbook. Each read a hidden or disguised value as
typed: a 担当者 nobody saw on the form, a 推進室コメント printed blank recorded for the meeting, a 名称 shown as another
word imported into the plan, a mail address hidden in 連絡先 used to address the drafts."""

from __future__ import annotations

import openpyxl
import pytest

import intake_craft as craft
from five_years import Master
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.master_plan import load_master
from reform_xlsx.mail import DirectoryError, read_directory, write_directory
from reform_xlsx.messages import master_worded
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.loading import PlanError
from reform_xlsx.plan.master_export import write_master
from reform_xlsx.records import FileStatus
from review_sample import merge_answered, review_row
from sheet_reader import Table

SECTION = "財政課"


def test_a_respondent_cell_shown_otherwise_is_named_and_not_recorded(plan, tmp_path):
    """The 担当者 typed into a cell of 「;;;」 (printed blank) and a 内線 shown as 「（なし）」: F042 at each, neither
    recorded as the 回答者; the 内線 of an accounting format's cell beside them stays silent."""
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_ITEMS]
    where = {str(c.value): c.coordinate for row in ws.iter_rows() for c in row if c.value is not None}
    person, extension, mail = (where[craft.RESPONDENT[k]] for k in ("担当者", "内線", "メール"))
    ws[person].number_format = ";;;"
    ws[extension].number_format = '0;0;0;"（なし）"'
    ws[mail].number_format = '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ '  # shows the text: silent
    wb.save(tmp_path / f"{SECTION}.xlsx")
    result = read_return(tmp_path / f"{SECTION}.xlsx", plan, 2026)
    assert sorted((p.code, p.cell) for p in result.problems) == sorted([("F042", person), ("F042", extension)])
    said = {p.cell: p.message for p in result.problems}
    assert "何も表示されません" in said[person] and f"「{craft.RESPONDENT['担当者']}」" in said[person]
    assert "「（なし）」と表示されます" in said[extension]
    assert result.status == FileStatus.REJECTED
    answered = {a.cell: a.value for a in result.answers if a.kind == "respondent"}
    assert answered[person] is None and answered[extension] is None
    assert answered[mail] == craft.RESPONDENT["メール"]


def test_a_name_typed_over_its_label_in_a_cell_shown_otherwise_is_named_and_not_recorded(plan, tmp_path):
    """The 担当者 typed over its label (the input cell beside it blank: read from there, S009) in a cell of 「;;;」: a
    name nobody saw on the form. F042 at the label's cell, not read (and not also S009)."""
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_ITEMS]
    value = next(c.coordinate for row in ws.iter_rows() for c in row if c.value == craft.RESPONDENT["担当者"])
    letters = value.rstrip("0123456789")
    label = chr(ord(letters) - 1) + value[len(letters):]
    ws[label], ws[value] = "土木 太郎", None
    ws[label].number_format = ";;;"
    wb.save(tmp_path / f"{SECTION}.xlsx")
    result = read_return(tmp_path / f"{SECTION}.xlsx", plan, 2026)
    assert [(p.code, p.cell) for p in result.problems] == [("F042", label)]
    assert "何も表示されません" in result.problems[0].message and "「土木 太郎」" in result.problems[0].message
    assert result.status == FileStatus.REJECTED and not result.respondent.get("person")
    assert [a.value for a in result.answers if a.kind == "respondent" and a.cell == label] == [None]


def test_a_review_cell_shown_otherwise_is_named_and_not_read(plan, tmp_path):
    """A 推進室コメント in a cell of 「;;;」 on the 推進室評価シート: printed blank for the meeting, merge recorded it."""
    first = merge_answered(plan, tmp_path, SECTION)
    wb = openpyxl.load_workbook(first.outputs["review"])
    ws = wb[layout.SHEET_REVIEW]
    item = plan.items_for(SECTION, 2026)[0].id
    row = review_row(ws, item, SECTION)
    ws[row["推進室評価"]] = "B 概ね計画どおり"
    ws[row["推進室コメント"]] = "見えない理由"
    ws[row["推進室コメント"]].number_format = ";;;"
    wb.save(tmp_path / "評価.xlsx")
    got = read_return(tmp_path / "評価.xlsx", plan, 2026)
    assert [(p.code, p.cell) for p in got.problems] == [("F042", row["推進室コメント"])]
    assert "「見えない理由」" in got.problems[0].message and "送って" not in got.problems[0].message
    assert got.status == FileStatus.REJECTED
    comments = [a for a in got.answers if a.cell == row["推進室コメント"]]
    assert all(a.value is None for a in comments)


def test_a_master_cell_shown_otherwise_is_named_at_its_cell(plan, tmp_path):
    """A 名称 of the plan master in a cell of 「0;0;0;"（未定）"」 (shows any text as 「（未定）」): F042 at the cell, said
    in the master's words (plan import), the name not imported."""
    path = write_master(plan, tmp_path / "計画.xlsx")
    m = Master(path)
    cell = m.cell(ml.ITEMS, "ID", plan.items[0].id, "名称")
    wb = openpyxl.load_workbook(path)
    wb[m.sheet(ml.ITEMS)][cell].number_format = '0;0;0;"（未定）"'
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(PlanError) as caught:
        load_master(tmp_path / "edited.xlsx")
    at = [master_worded(p) for p in caught.value.problems if p.cell == cell]
    assert [(p.code, p.sheet) for p in at] == [("F042", m.sheet(ml.ITEMS))]
    assert "「（未定）」と表示されます" in at[0].message and "plan import" in at[0].message


def test_a_contacts_cell_shown_otherwise_refuses_the_directory(plan, tmp_path):
    """A mail address hidden by 「;;;」 in 連絡先: the drafts would go to an address the clerk cannot see. The
    directory is refused (D-code, unreadable) naming the cell; the usual formats are read as before."""
    path = write_directory(plan, tmp_path / "連絡先.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    table = Table(ws, "課名")
    mail = ws.cell(table.rows[SECTION], table.cols["メール"])
    mail.value, mail.number_format = "zaisei@city.example.lg.jp", ";;;"
    wb.save(path)
    with pytest.raises(DirectoryError) as caught:
        read_directory(path, plan)
    assert mail.coordinate in str(caught.value) and "表示形式" in str(caught.value)
    mail.number_format = "@"
    wb.save(path)
    assert read_directory(path, plan).get(SECTION).mail == "zaisei@city.example.lg.jp"


def test_a_contacts_cell_of_no_finite_number_refuses_the_directory(plan, tmp_path):
    """A number cell of 「inf」 in 連絡先 (no spreadsheet writes one; LibreOffice shows 0): since such a cell is refused
    (V026 in a form), the directory read it as blank without a word — a section's address gone from its draft. The
    directory is refused (D014) naming the cell and what it holds, as a cell shown otherwise is."""
    path = write_directory(plan, tmp_path / "連絡先.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["連絡先"]
    table = Table(ws, "課名")
    mail = ws.cell(table.rows[SECTION], table.cols["メール"])
    mail.value = 424242
    wb.save(path)
    target = craft.rezip(path, tmp_path / "壊れた連絡先.xlsx", {
        craft.sheet_part(path, "連絡先"): lambda xml: xml.replace(b"<v>424242</v>", b"<v>inf</v>")})
    with pytest.raises(DirectoryError) as caught:
        read_directory(target, plan)
    said = str(caught.value)
    assert said.startswith("[D014 エラー]") and mail.coordinate in said
    assert "「inf」があり、LibreOffice では「0」と表示されます" in said and "∞" not in said
