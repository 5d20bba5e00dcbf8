"""What a section typed where the form has no place for it is never silently lost in the 差し戻し loop.

A return whose column header was rewritten (S004: 「取組実績」 made 「実績」), whose column was deleted, or that had rows
without a known ID (S007, S008) was rejected, but its 差し戻し copy showed that column (those rows) empty and marked
nothing red; a hurried section sent the copy back as it was and it was accepted with all 取組実績 blank. Now:

- where the reader can tell where the values belong (a rewritten header it names, an ID retyped on a row whose plan text
  is that row's), the copy holds them in their cells, orange, each commented with where it came from;
- where it cannot (a deleted column, a row without an ID, an unknown ID), the copy marks the cells the section is to
  type it into red with the problem, and records them on 「_meta」: sent back with them as written, S015 says so.

Through merge, as the office runs it; the copy 「sent back」 is the copy opened and saved again (openpyxl), unchanged."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.ledger.feedback import SHEET_ERRORS
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from reform_xlsx.xlsx.style import ERROR_FILL, INPUT_FILL, WARNING_FILL
from sheet_reader import header_row

SECTION = "財政課"
ITEMS, KPI = layout.SHEET_ITEMS, layout.SHEET_KPI


def _column(ws, label: str) -> str:
    return next(c for c in ws[layout.HEADER_ROW + 1] if layout.normalise_label(c.value) == layout.normalise_label(label)
                ).column_letter


def _rows(ws) -> dict[str, int]:
    return {ws.cell(r, 1).value: r for r in range(layout.HEADER_ROW + 2, ws.max_row + 1) if ws.cell(r, 1).value}


def merge_return(plan, folder, change, name="受信"):
    """財政課's valid return changed by ``change(ws_items, wb)``, merged: (the merge's result, the copy, the answers)."""
    answers = craft.valid_answers(plan, SECTION)
    sent = craft.filled(plan, 2026, SECTION, folder / "work")
    (folder / name).mkdir()
    craft.edit(sent, folder / name / f"{SECTION}.xlsx", lambda wb: change(wb[ITEMS], wb))
    result = run_merge([str(folder / name)], plan, "R8", db=str(folder / "out" / "reform.db"), out=str(folder / "out"))
    kept = folder / "受け取った写し.xlsx"  # as the section received it (merge removes it once a fix is accepted)
    kept.write_bytes(result.feedback[f"{SECTION}.xlsx"].read_bytes())
    return result, kept, answers


def send_back(plan, folder, copy, change=None, *, minutes_later=0):
    """The copy opened, (changed and) saved, and merged again with the same ledger. ``minutes_later``: saved and
    merged that much after now (a second correction is saved and merged after the first, never in the same second:
    two files of a section received by merges of the same second are L003)."""
    inbox = folder / "再提出"
    inbox.mkdir()
    sent = craft.edit(copy, folder / "保存.xlsx", change or (lambda wb: None))
    now = dt.datetime.now() + dt.timedelta(minutes=minutes_later)
    saved = now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    craft.saved_at(sent, inbox / "修正版.xlsx", saved)
    sent.unlink()
    result = run_merge([str(inbox)], plan, "R8", db=str(folder / "out" / "reform.db"), out=str(folder / "out"), now=now)
    (f,) = result.batch.files
    f.accepted = result.batch.answers  # the year's answers now (the ledger's)
    return f


def listed(copy) -> dict[str, tuple]:
    errors = openpyxl.load_workbook(copy)[SHEET_ERRORS]
    return {row[1]: row for row in errors.iter_rows(min_row=header_row(errors, "コード") + 1, max_col=6,
                                                   values_only=True)}


def colour(cell) -> str:
    return "#" + cell.fill.fgColor.rgb[-6:]


@pytest.mark.parametrize("header", ["実績", "今年度の成果"])  # like the label; unlike it, in its place
def test_a_rewritten_header_is_read_as_its_column_and_the_copy_holds_what_it_held(plan, tmp_path, header):
    def rename(ws, wb):
        ws[f"{_column(ws, '取組実績')}{layout.HEADER_ROW + 1}"] = header
    result, copy, answers = merge_return(plan, tmp_path, rename)
    (sent,) = result.batch.files
    assert sent.status == FileStatus.REJECTED
    assert [(p.code, p.column) for p in sent.problems] == [("S004", "result")]  # not also S010: the column is read
    assert f"見出しを「{header}」に書き換えた G 列を「取組実績」の列として読みました" in sent.problems[0].message
    wb = openpyxl.load_workbook(copy)
    ws = wb[ITEMS]
    col, rows = _column(ws, "取組実績"), _rows(ws)
    for item, typed in answers[ITEMS].items():
        if item == layout.RESPONDENT_ID:
            continue
        cell = ws[f"{col}{rows[item]}"]
        assert cell.value == typed["取組実績"], item
        assert colour(cell) == WARNING_FILL and f"送っていただいたファイルの G{rows[item]}（見出しを書き換えた列）" \
            in cell.comment.text
    assert "当てはまる列・行に写しました" in "".join(str(r[0] or "") for r in wb[SHEET_ERRORS].iter_rows(values_only=True))
    back = send_back(plan, tmp_path, copy)  # sent back as it is: every 取組実績 is there
    assert back.status == FileStatus.ACCEPTED and back.problems == []
    kept = {r.id: r.value for r in back.accepted.itertuples() if r.field == "result"}
    assert kept == {i: v["取組実績"] for i, v in answers[ITEMS].items() if i != layout.RESPONDENT_ID}


def test_a_deleted_column_is_red_in_the_copy_and_sent_back_blank_it_is_said(plan, tmp_path):
    def delete(ws, wb):
        ws.delete_cols(ws[f"{_column(ws, '取組実績')}1"].column)
    result, copy, _answers = merge_return(plan, tmp_path, delete)
    (sent,) = result.batch.files
    assert [p.code for p in sent.problems] == ["S004"]
    ws = openpyxl.load_workbook(copy)[ITEMS]
    col, rows = _column(ws, "取組実績"), _rows(ws)
    for item, r in rows.items():
        if item in (layout.RESPONDENT_ID, "ID"):
            continue
        assert ws[f"{col}{r}"].value is None and colour(ws[f"{col}{r}"]) == ERROR_FILL, item
        assert "【S004 エラー】見出し「取組実績」の列が見つかりません" in ws[f"{col}{r}"].comment.text
    first = min(r for item, r in rows.items() if item not in (layout.RESPONDENT_ID, "ID"))
    assert listed(copy)["S004"][3:5] == (ITEMS, f"{col}{first}")
    meta = [tuple(c.value for c in row) for row in openpyxl.load_workbook(copy)[layout.SHEET_META].iter_rows()
            if row[0].value == layout.META_NOT_COPIED]
    assert meta == [(layout.META_NOT_COPIED, ITEMS, "", "result", "S004", "", "送ったファイルで見出しが見つからなかった列")]
    back = send_back(plan, tmp_path, copy)
    assert back.status == FileStatus.ACCEPTED  # a warning: a section with nothing to say there is not stuck
    (said,) = back.problems
    assert (said.code, said.sheet, said.column) == ("S015", ITEMS, "result")
    assert "「取組実績」の列（すべて空欄）は、送っていただいたファイルから写せなかった入力（S004: " in said.message


def test_a_deleted_column_filled_in_the_copy_is_not_said(plan, tmp_path):
    def delete(ws, wb):
        ws.delete_cols(ws[f"{_column(ws, '取組実績')}1"].column)
    _result, copy, _answers = merge_return(plan, tmp_path, delete)

    def fill_one(wb):
        ws = wb[ITEMS]
        ws[f"{_column(ws, '取組実績')}{_rows(ws)['1-1-4']}"] = "入札要領を改正した"
    back = send_back(plan, tmp_path, copy, fill_one)
    assert back.status == FileStatus.ACCEPTED and back.problems == []


def test_rows_not_read_mark_the_row_above_and_sent_back_as_written_it_is_said(plan, tmp_path):
    where = {}

    def add_rows(ws, wb):
        rows = _rows(ws)
        last = max(rows.values())
        where["above"] = next(i for i, r in rows.items() if r == last)
        where["no_id"], where["unknown"] = last + 1, last + 2
        ws[f"{_column(ws, '取組実績')}{last + 1}"] = "ID を消した行の実績"
        ws[f"A{last + 2}"], ws[f"{_column(ws, '課題・今後の方針')}{last + 2}"] = "9-9-9", "知らない ID の行の方針"
    result, copy, answers = merge_return(plan, tmp_path, add_rows)
    (sent,) = result.batch.files
    assert sorted(p.code for p in sent.problems) == ["S007", "S008"]
    wb = openpyxl.load_workbook(copy)
    ws = wb[ITEMS]
    row = _rows(ws)[where["above"]]
    result_cell, plan_cell = ws[f"{_column(ws, '取組実績')}{row}"], ws[f"{_column(ws, '課題・今後の方針')}{row}"]
    assert result_cell.value == answers[ITEMS][where["above"]]["取組実績"]  # what the row said, kept
    assert colour(result_cell) == ERROR_FILL and "取組実績「ID を消した行の実績」" in result_cell.comment.text
    assert f"この行の下の {where['no_id']} 行目にあった入力です" in result_cell.comment.text
    assert colour(plan_cell) == ERROR_FILL and "課題・今後の方針「知らない ID の行の方針」" in plan_cell.comment.text
    # the エラー一覧 links each to the cell marked for it
    assert listed(copy)["S008"][3:5] == (ITEMS, result_cell.coordinate)
    assert listed(copy)["S007"][3:5] == (ITEMS, plan_cell.coordinate)
    back = send_back(plan, tmp_path, copy)
    assert back.status == FileStatus.ACCEPTED
    assert sorted((p.code, p.row_id, p.column) for p in back.problems) == [
        ("S015", where["above"], "plan_next"), ("S015", where["above"], "result")]
    said = {p.column: p.message for p in back.problems}
    assert f"（S008: 送ったファイルの {where['no_id']} 行目）" in said["result"]
    assert f"（S007: 送ったファイルの {where['unknown']} 行目）" in said["plan_next"]

    def add_to_the_row(wb):  # brought into the row: nothing is said
        ws = wb[ITEMS]
        r = _rows(ws)[where["above"]]
        ws[f"{_column(ws, '取組実績')}{r}"].value += "\nID を消した行の実績"
        ws[f"{_column(ws, '課題・今後の方針')}{r}"].value += "\n知らない ID の行の方針"
    (tmp_path / "再提出").rename(tmp_path / "再提出1")
    again = send_back(plan, tmp_path, copy, add_to_the_row, minutes_later=1)
    assert again.status == FileStatus.ACCEPTED and again.problems == []


def test_an_id_retyped_on_its_row_is_read_as_that_row_and_the_copy_holds_it(plan, tmp_path):
    """An ID typed over (1-3-2 made 1-3-02) on the row whose 改革項目 is 1-3-2's: S007, not also S005 (a row rebuilt
    blank in the copy, with the section's answers only quoted in the list)."""
    def retype(ws, wb):
        ws[f"A{_rows(ws)['1-3-2']}"] = "1-3-02"
    result, copy, answers = merge_return(plan, tmp_path, retype)
    (sent,) = result.batch.files
    assert [(p.code, p.row_id) for p in sent.problems] == [("S007", "1-3-2")]
    assert "計画の内容が 1-3-2 の行と同じなので、1-3-2 の行として読みました" in sent.problems[0].message
    ws = openpyxl.load_workbook(copy)[ITEMS]
    row = _rows(ws)["1-3-2"]
    for label, typed in answers[ITEMS]["1-3-2"].items():
        cell = ws[f"{_column(ws, label)}{row}"]
        assert cell.value == typed and colour(cell) == WARNING_FILL, label
        assert f"送っていただいたファイルの {row} 行目（ID が書き換えてあった行）から写しました" in cell.comment.text
    assert colour(ws[f"{_column(ws, '取組実績')}{_rows(ws)['1-1-4']}"]) == INPUT_FILL  # other rows: as they were
    back = send_back(plan, tmp_path, copy)
    assert back.status == FileStatus.ACCEPTED and back.problems == []


def _not_copied_meta(copy) -> list[tuple]:
    return sorted(tuple(c.value for c in row) for row in openpyxl.load_workbook(copy)[layout.SHEET_META].iter_rows()
                  if row[0].value == layout.META_NOT_COPIED)


@pytest.mark.parametrize("case", ["deleted column", "row without an ID"])
def test_the_copy_of_a_copy_sent_back_unchanged_keeps_what_is_still_to_be_typed(plan, tmp_path, case):
    """A copy with cells marked for what it could not place, sent back with them as written and another error still
    there (S015 and V001): the second copy forgot them — nothing recorded on 「_meta」, the cells no longer marked —
    and that copy, sent back with only the error fixed, was accepted without a word (S015 lost in the second round).
    Now the second copy marks and records them as the first did: sent back so again, S015 says so again."""
    where = {}

    def change(ws, wb):
        rows = _rows(ws)
        where["above"] = next(i for i, r in rows.items() if r == max(rows.values()))
        ws[f"{_column(ws, '進捗状況')}{rows['1-1-4']}"] = "たぶん順調"
        if case == "deleted column":
            ws.delete_cols(ws[f"{_column(ws, '取組実績')}1"].column)
        else:
            ws[f"{_column(ws, '取組実績')}{max(rows.values()) + 1}"] = "ID を消した行の実績"
    _result, first, _answers = merge_return(plan, tmp_path, change)
    recorded = _not_copied_meta(first)
    assert len(recorded) == 1
    back = send_back(plan, tmp_path, first, minutes_later=1)
    assert back.status == FileStatus.REJECTED
    assert sorted(p.code for p in back.problems) == ["S015", "V001"]
    said = next(p.message for p in back.problems if p.code == "S015")
    second = tmp_path / "out" / "差し戻し" / "令和8年度_財政課_要修正.xlsx"
    assert _not_copied_meta(second) == recorded  # recorded again, once
    ws = openpyxl.load_workbook(second)[ITEMS]
    col, rows = _column(ws, "取組実績"), _rows(ws)
    marked = [item for item, r in rows.items() if item not in (layout.RESPONDENT_ID, "ID")
              and colour(ws[f"{col}{r}"]) != INPUT_FILL]
    assert marked == ([i for i in rows if i not in (layout.RESPONDENT_ID, "ID")] if case == "deleted column"
                      else [where["above"]])
    assert all(ws[f"{col}{rows[i]}"].comment.text.count("【S015 警告】") == 1 for i in marked)
    assert listed(second)["S015"][3:5] == (ITEMS, f"{col}{rows[marked[0]]}")

    def fix_the_grade(wb):
        ws = wb[ITEMS]
        ws[f"{_column(ws, '進捗状況')}{_rows(ws)['1-1-4']}"] = "A 計画どおり"
    (tmp_path / "再提出").rename(tmp_path / "再提出1")
    again = send_back(plan, tmp_path, second, fix_the_grade, minutes_later=2)
    assert again.status == FileStatus.ACCEPTED
    assert [(p.code, p.message) for p in again.problems] == [("S015", said)]
