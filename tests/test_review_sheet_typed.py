"""What a clerk does to the 推進室評価シート besides filling its yellow cells, in Excel (openpyxl) and LibreOffice Calc:
a backup copy of the sheet kept in the book, a note typed below the table, 「〇」 typed for a grade, the gray column of
the section's own grade typed over — each said in words that fit what was done (docs/merge.md 「推進室評価シート」)."""

from __future__ import annotations

import openpyxl
import pytest

from grade_scales import six_grades
from lo_fill import fill, require_uno
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from reform_xlsx.report import review_form
from reform_xlsx.templates import validation, write_templates
from reform_xlsx.templates.fill import fill_template
from review_sample import answers, review_row

SECTIONS = ("財政課", "市民課", "DX推進課")
OFFICE = "売却の遅れを踏まえ C とした。"
NOTE = "メモ：売却の時期を次の本部会議で確認する。"


@pytest.fixture(scope="module")
def sheet(plan, tmp_path_factory):
    """令和8年度: three sections answer; the 推進室評価シート merge writes, and its cells of 2-2-1（財政課）."""
    root = tmp_path_factory.mktemp("typed")
    for template in write_templates(plan, 2026, root / "t8", list(SECTIONS)):
        section = template.stem.rsplit("_", 1)[1]
        fill_template(template, answers(plan, section, 2026), root / "inbox8" / template.name)
    path = run_merge([root / "inbox8"], plan, 2026, db=root / "reform.db", out=root / "out8").outputs["review"]
    return path, review_row(openpyxl.load_workbook(path)[layout.SHEET_REVIEW], "2-2-1", "財政課")


def _below(path) -> int:
    """The first row below the table (and the ended items' block) of the sheet at ``path``."""
    return openpyxl.load_workbook(path)[layout.SHEET_REVIEW].max_row + 2


def _codes(read) -> dict[str, list]:
    found: dict[str, list] = {}
    for p in read.problems:
        found.setdefault(p.code, []).append(p)
    return found


def test_an_unfilled_backup_copy_of_the_sheet_says_nothing_and_a_filled_one_still_does(plan, sheet, tmp_path):
    """The clerk keeps a copy of the sheet as merge wrote it (「推進室評価 (2)」, 移動またはコピー → コピーを作成) and fills
    「推進室評価」: A013 counted the copy's IDs, names and answers — merge's own cells — as values typed there. Only
    what the copy holds that the sheet read does not is something typed there: a filled copy, a sheet of notes."""
    path, cells = sheet
    wb = openpyxl.load_workbook(path)
    backup = wb.copy_worksheet(wb[layout.SHEET_REVIEW])
    backup.title = f"{layout.SHEET_REVIEW} (2)"
    wb[layout.SHEET_REVIEW][cells["推進室評価"]] = "C 遅れ"
    wb[layout.SHEET_REVIEW][cells["推進室コメント"]] = OFFICE
    wb.save(tmp_path / "控え.xlsx")
    read = read_return(tmp_path / "控え.xlsx", plan, 2026)
    assert read.status == FileStatus.ACCEPTED and "A013" not in _codes(read)
    backup[cells["対応方針"]] = "来年度に計画を作る。"  # one word typed on the copy: said, and counted as one
    memo = wb.create_sheet("メモ")
    memo["A1"], memo["B2"] = "本部会議の論点", "財政課に確認"
    wb.save(tmp_path / "記入.xlsx")
    said = {p.sheet: p for p in _codes(read_return(tmp_path / "記入.xlsx", plan, 2026))["A013"]}
    assert set(said) == {f"{layout.SHEET_REVIEW} (2)", "メモ"}
    assert "シート「推進室評価」にない値のセルが 1 個" in said[f"{layout.SHEET_REVIEW} (2)"].message
    assert "にない値のセルが 2 個" in said["メモ"].message


@pytest.mark.parametrize(("column", "label"), [("B", "「改革項目」"), ("E", "「取組実績・課題（課）」"), ("M", "M 列")])
def test_a_note_typed_below_the_table_outside_the_input_columns_is_said_at_its_cell(plan, sheet, tmp_path, column,
                                                                                   label):
    """A note typed below the table under 改革項目 (or any column not an input, or past the table) was never said
    (under an input column: A012; under ID: A002). Said as A012 at its cell, with the column's own heading."""
    path, _cells = sheet
    wb = openpyxl.load_workbook(path)
    row = _below(path)
    wb[layout.SHEET_REVIEW][f"{column}{row}"] = NOTE
    wb.save(tmp_path / "メモ.xlsx")
    read = read_return(tmp_path / "メモ.xlsx", plan, 2026)
    (said,) = _codes(read)["A012"]
    assert read.status == FileStatus.ACCEPTED and said.cell == f"{column}{row}"
    assert f"{row} 行目には ID がありませんが、{label}に「{NOTE}」と記入されています" in said.message


def test_a_zero_for_a_grade_says_that_calc_stores_a_typed_maru_as_zero(plan, sheet, tmp_path):
    """「〇」 typed for a grade on an A–E scale: LibreOffice Calc (ja-JP) stores the number 0 (the sheet XML holds
    <v>0</v>), and A001 quoted 「0」 — a figure the clerk never typed. Said what is stored, and why."""
    path, cells = sheet
    wb = openpyxl.load_workbook(path)
    wb[layout.SHEET_REVIEW][cells["推進室評価"]] = 0
    wb[layout.SHEET_REVIEW][cells["推進室コメント"]] = "〇"  # a text elsewhere: no such words
    wb.save(tmp_path / "ゼロ.xlsx")
    (said,) = _codes(read_return(tmp_path / "ゼロ.xlsx", plan, 2026))["A001"]
    assert said.message.startswith("推進室評価「0」（「〇」を入力すると、LibreOffice Calc ではセルに数字の 0 が入ります）は")
    wb[layout.SHEET_REVIEW][cells["推進室評価"]] = "〇"  # as Excel keeps it: a text, quoted as it is
    wb.save(tmp_path / "丸.xlsx")
    (said,) = _codes(read_return(tmp_path / "丸.xlsx", plan, 2026))["A001"]
    assert said.message.startswith("推進室評価「〇」は") and "LibreOffice" not in said.message


def test_calc_a_backup_copy_a_note_below_and_a_maru_typed_are_each_said_as_they_are(plan, sheet, tmp_path, soffice):
    """The same in LibreOffice Calc (ja-JP, typed through the view): the sheet copied (「推進室評価_2」) before filling,
    a note below the table under 改革項目, 「〇」 for a grade, and a sheet of notes added."""
    require_uno()
    path, cells = sheet
    row = _below(path)
    stored = fill(path, tmp_path / "calc.xlsx", {}, soffice=soffice, keyboard=True,
                  new_sheets={"メモ": {"A1": "本部会議の論点"}}, steps=[
                      {"do": "copy_sheet", "sheet": layout.SHEET_REVIEW, "name": f"{layout.SHEET_REVIEW}_2"},
                      {"do": "type", "sheet": layout.SHEET_REVIEW,
                       "cells": {cells["推進室評価"]: "〇", cells["推進室コメント"]: OFFICE, f"B{row}": NOTE}}])
    assert stored[layout.SHEET_REVIEW][cells["推進室評価"]] == ["VALUE", 0.0]  # what Calc keeps of 「〇」
    read = read_return(tmp_path / "calc.xlsx", plan, 2026)
    found = _codes(read)
    assert [p.sheet for p in found["A013"]] == ["メモ"]  # the backup copy holds nothing typed
    (note,) = found["A012"]
    assert note.cell == f"B{row}" and f"「改革項目」に「{NOTE}」" in note.message
    (grade,) = found["A001"]
    assert grade.cell == cells["推進室評価"] and "推進室評価「0」（「〇」を入力すると" in grade.message
    assert set(found) == {"A001", "A012", "A013"}


@pytest.mark.parametrize(("long", "names_shown"), [(False, True), (True, False)])
def test_the_grade_prompt_fits_excels_limit_with_every_code_and_no_name_cut(plan, long, names_shown):
    """A plan of six grades with long names: the prompt was cut at Excel's 255 characters, in the middle of a name
    and without the last grades. It fits: every grade's code, and the names only when all fit whole."""
    grades = six_grades(plan, long).grades
    prompt = review_form.grade_prompt(six_grades(plan, long))
    whole = review_form.REVIEW_GRADE_MESSAGE.format(choices="／".join(g.display for g in grades))
    assert (len(whole) > validation.PROMPT_LIMIT) == long  # (the names together are past Excel's limit)
    assert len(prompt) <= validation.PROMPT_LIMIT and prompt.endswith("推進室コメントに理由を記入します。")
    assert all(g.code in prompt for g in grades)
    assert all((g.display in prompt) == names_shown for g in grades)
    assert (validation.CODES_ONLY in prompt) == (not names_shown)


@pytest.mark.parametrize("moved", ["inserted", "sorted"])
def test_an_unfilled_backup_copy_says_nothing_when_the_sheet_read_had_its_rows_moved(plan, sheet, tmp_path, moved):
    """The copy kept first, then on 「推進室評価」 a row inserted to write a note in (A012 reads around it) or the table
    sorted by 担当課 (the reader reads a sorted table): every row of the copy stood at another row of the sheet read,
    and A013 counted each of merge's own cells of the copy as 「シート「推進室評価」にない値」 — values the sheet read holds.
    A value of the copy counts only when no row of the sheet read holds it in its column beside the rest of the row."""
    path, cells = sheet
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_REVIEW]
    backup = wb.copy_worksheet(ws)
    backup.title = f"{layout.SHEET_REVIEW} (2)"
    first = int(cells["推進室評価"].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1  # (a row above 2-2-1's)
    header = next(r for r in range(1, first + 1) if ws.cell(r, 1).value == layout.ID_LABEL_REVIEW)
    if moved == "inserted":
        ws.insert_rows(header + 1)
    else:
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1, max_row=ws.max_row)]
        table = [r for r in rows if r[0]]
        table.sort(key=lambda r: (str(r[2]), str(r[0])), reverse=True)
        for n, values in enumerate(table):
            for c, value in enumerate(values):
                ws.cell(header + 1 + n, c + 1).value = value
    wb.save(tmp_path / "控え.xlsx")
    read = read_return(tmp_path / "控え.xlsx", plan, 2026)
    assert "A013" not in _codes(read), [p.message for p in _codes(read)["A013"]]
    backup[cells["対応方針"]] = "来年度に計画を作る。"  # one word typed on the copy: still said, as one
    wb.save(tmp_path / "記入.xlsx")
    (said,) = _codes(read_return(tmp_path / "記入.xlsx", plan, 2026))["A013"]
    assert "シート「推進室評価」にない値のセルが 1 個" in said.message


def test_calc_a_backup_copy_then_the_table_sorted_says_nothing(plan, sheet, tmp_path, soffice):
    """In LibreOffice Calc: the sheet copied (「推進室評価_2」), then 「推進室評価」's table sorted by 担当課 (データ →
    並べ替え) and a grade chosen — the copy's rows stand elsewhere in the sheet read, and hold nothing typed there."""
    require_uno()
    path, cells = sheet
    ws = openpyxl.load_workbook(path)[layout.SHEET_REVIEW]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == layout.ID_LABEL_REVIEW)
    last = max(r for r in range(header, ws.max_row + 1) if ws.cell(r, 1).value)
    table = f"A{header}:{openpyxl.utils.get_column_letter(ws.max_column)}{last}"
    fill(path, tmp_path / "calc_sorted.xlsx", {}, soffice=soffice, keyboard=True, steps=[
        {"do": "copy_sheet", "sheet": layout.SHEET_REVIEW, "name": f"{layout.SHEET_REVIEW}_2"},
        {"do": "sort", "sheet": layout.SHEET_REVIEW, "range": table, "column": 2, "header": True},
        {"do": "type", "sheet": layout.SHEET_REVIEW, "cells": {cells["推進室コメント"]: OFFICE}}])
    read = read_return(tmp_path / "calc_sorted.xlsx", plan, 2026)
    assert read.status == FileStatus.ACCEPTED and "A013" not in _codes(read), \
        [p.message for p in _codes(read).get("A013", [])]


@pytest.mark.parametrize(("typed", "said"), [
    ("【令和7年度で終了した改革項目】前年度の意見・対応方針への各課の「意見への対応」を載せています", False),
    ("【終了した改革項目】令和7年度の意見・対応方針への各課の対応", False),
    ("【メモ】終了した項目は次回に確認する", True),
    ("終了した改革項目は次回に確認する", True),
])
def test_the_ended_items_heading_merge_wrote_is_no_note_in_any_of_its_wordings(plan, sheet, tmp_path, typed, said):
    """The line merge writes above the ended items' rows (no ID, under 改革項目) is merge's own, also in the wording of
    a sheet written before the tool was updated (「【令和7年度で終了した…】」): no A012. A note of the clerk's that
    only speaks of ended items is one."""
    path, _cells = sheet
    wb = openpyxl.load_workbook(path)
    wb[layout.SHEET_REVIEW][f"B{_below(path)}"] = typed
    wb.save(tmp_path / "見出し.xlsx")
    assert ("A012" in _codes(read_return(tmp_path / "見出し.xlsx", plan, 2026))) is said


def test_a_text_that_only_says_dojo_is_said_in_the_offices_words(plan, sheet, tmp_path):
    """「同上」 alone in 推進室コメント (the row above was another section's), 「〃」 in the committee's opinion, 「前年度と同じ」
    as the 対応方針: the 会議資料 and the 公表用 print each under its item alone, next year's 調査票 shows a section only
    its own rows — the words say nothing there. V030 as on a 調査票, in the office's words (no gray history column
    on this sheet); the words are kept as typed, and a sentence that says more is no such thing."""
    path, cells = sheet
    wb = openpyxl.load_workbook(path)
    ws = wb[layout.SHEET_REVIEW]
    ws[cells["推進室評価"]] = "C 遅れ"
    ws[cells["推進室コメント"]] = "同上"
    ws[cells["推進委員会意見"]] = " 〃 "
    ws[cells["対応方針"]] = "前年度と同じ。"
    ws[cells["本部会議での意見"]] = "同上の理由により、売却の時期を早めること。"  # says more: an answer
    wb.save(tmp_path / "同上.xlsx")
    read = read_return(tmp_path / "同上.xlsx", plan, 2026)
    said = {p.cell: p for p in _codes(read).get("V030", [])}
    assert read.status == FileStatus.ACCEPTED
    assert set(said) == {cells["推進室コメント"], cells["推進委員会意見"], cells["対応方針"]}
    assert said[cells["推進室コメント"]].message.startswith(
        "推進室コメントが「同上」だけです。この欄の文章は会議資料と、翌年度の各課の調査票（意見への対応）にそのまま載りますが、")
    assert "この欄の文章は会議資料・公表用と、翌年度の" in said[cells["対応方針"]].message
    assert "推進委員会意見が「〃」だけです。" in said[cells["推進委員会意見"]].message
    assert all("灰色" not in p.message and "merge で読ませてください" in p.message for p in said.values())
    kept = {a.cell: a.value for a in read.answers if a.cell in said}
    assert kept == {cells["推進室コメント"]: "同上", cells["推進委員会意見"]: "〃", cells["対応方針"]: "前年度と同じ。"}


@pytest.mark.parametrize(("year", "onward"), [(2026, True), (2030, False)])
def test_the_sheet_promises_next_years_form_only_before_the_plans_last_year(plan, tmp_path, year, onward):
    """In the plan's last year (令和12年度) there is no next year's 調査票 (the next plan is another plan, in a ledger of
    its own: T008): the sheet's note and the 対応方針's prompt said the word would be shown to the sections on it,
    where V030 (the office's words) rightly did not. Said only before the last year."""
    for template in write_templates(plan, year, tmp_path / "t", ["財政課"]):
        fill_template(template, answers(plan, "財政課", year), tmp_path / "inbox" / template.name)
    path = run_merge([tmp_path / "inbox"], plan, year, db=tmp_path / "reform.db", out=tmp_path / "out").outputs["review"]
    ws = openpyxl.load_workbook(path)[layout.SHEET_REVIEW]
    lines = [str(v) for (v,) in ws.iter_rows(min_row=2, max_row=8, max_col=1, values_only=True) if v]
    note = "".join(lines[:next(n for n, v in enumerate(lines) if v.startswith(layout.ID_LABEL_REVIEW))])  # a line a row
    policy = next(dv.prompt for dv in ws.data_validations.dataValidation if dv.promptTitle == "対応方針")
    assert ("翌年度の調査票" in note) is onward and ("翌年度の調査票" in policy) is onward, (note, policy)
    assert note.endswith("作り直されます。") and "公表用に" in policy
