"""Notes a section types on its 差し戻し copy's 「エラー一覧」 are not lost without a word (M014).

Sections answer right beside a listed problem (「効果額は見込みです。確定は6月」), fix the cells and send the copy back.
The エラー一覧 is never read as answers; merge accepted such a copy and the office never learned of the notes. Now the
copy records on 「_meta」 what its エラー一覧 held as written (a digest of each value), and a copy sent back with more or
other values there is accepted with M014: the sheet, the first such cell, how many, and the first note's text. A copy
sent back untouched (saved in LibreOffice or with openpyxl) says nothing."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import intake_craft as craft
from lo_fill import fill, require_uno
from reform_xlsx.form import layout
from reform_xlsx.intake.validate import error_sheet_notes, error_sheet_record, error_sheet_written
from reform_xlsx.ledger.feedback import SHEET_ERRORS
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from sheet_reader import header_row

SECTION = "財政課"
NOTE = "効果額は見込みです。確定は6月の決算で、そのときに改めて報告します（財政課 山田）"  # past 40 characters


def _notes(written: list[object], rows: list[list[object]]) -> list[tuple[str, object]]:
    """What :func:`error_sheet_notes` finds, the record going through its 「_meta」 row as a copy keeps it."""
    record = error_sheet_written([list(error_sheet_record(SHEET_ERRORS, written))])
    assert record is not None and record[0] == SHEET_ERRORS
    return error_sheet_notes(record[1], rows)


@pytest.mark.parametrize(("written", "rows", "notes"), [
    (["No.", 1, "V001", "J5"], [["No.", 1, "V001", "J5"]], []),  # sent back untouched
    ([1, 2], [[1.0], [2.0]], []),  # a number read back as a float
    (["一行目\n二行目"], [["一行目\r\n二行目 "]], []),  # line ends and spaces as a program saves them
    (["V001", "V006"], [["V006"], ["V001"]], []),  # the list sorted
    (["V001", "V006"], [["V001"], [None]], []),  # a row of the list deleted (fixed): nothing more
    (["V001", ""], [["V001", "", "  ", None]], []),  # blanks, and a blank written
    (["V001"], [["V001", None, "見込みです"]], [("C1", "見込みです")]),  # a note beside a problem
    (["V001", "直してください"], [["V001", "直してください。確定は6月"]], [("B1", "直してください。確定は6月")]),  # retyped
    (["V001"], [["V001"], ["V001"]], [("A2", "V001")]),  # a value there once more than written
    ([1, 2], [[1], [2], [3, "済"]], [("A3", 3), ("B3", "済")]),  # by row, then column
])
def test_what_the_copy_did_not_write_on_its_error_sheet_is_found(written, rows, notes):
    assert _notes(written, rows) == notes


@pytest.mark.parametrize(("rows", "special", "notes"), [
    ([["V001"]], {"B1": ("formula", "=確認済")}, [("B1", "=確認済")]),  # a formula saved without its value
    ([["V001", "#NAME?"]], {"B1": ("formula", "=確認済")}, [("B1", "=確認済")]),  # what was typed, not what it shows
    ([["V001", None, "#N/A"]], {"C1": ("error", "#N/A")}, [("C1", "#N/A")]),
])
def test_a_note_typed_as_a_formula_is_its_text(rows, special, notes):
    record = error_sheet_written([list(error_sheet_record(SHEET_ERRORS, ["V001"]))])
    assert error_sheet_notes(record[1], rows, special) == notes


def test_a_long_error_sheet_is_recorded_in_cells_a_sheet_holds():
    written = [f"問題 {n} の内容と直し方" for n in range(6000)] + ["V001"] * 300
    row = error_sheet_record(SHEET_ERRORS, written)
    assert row[:3] == (layout.META_ERROR_SHEET, SHEET_ERRORS, "6300") and len(row) > 4
    assert all(len(cell) <= 32_767 for cell in row)
    assert _notes(written, [[v] for v in written]) == []
    assert _notes(written, [[v] for v in written] + [["V001"]]) == [("A6301", "V001")]


@pytest.fixture(scope="module")
def rejected(plan, tmp_path_factory):
    """財政課's return with a 進捗状況 not among the choices, merged once: the ledger and the 要修正 copy."""
    folder = tmp_path_factory.mktemp("notes")
    item = plan.items_for(SECTION)[0].id
    sent = craft.filled(plan, 2026, SECTION, folder / "work", changes={layout.SHEET_ITEMS: {item: {"進捗状況": "ZZ"}}})
    (folder / "inbox").mkdir()
    sent.rename(folder / "inbox" / sent.name)
    merged = run_merge([folder / "inbox"], plan, 2026, db=folder / "r.db", out=folder / "out")
    (file,) = merged.batch.files
    assert file.status == FileStatus.REJECTED and [p.code for p in file.result.errors] == ["V001"]
    copy = folder / "要修正.xlsx"
    copy.write_bytes(merged.feedback[f"{SECTION}.xlsx"].read_bytes())
    return folder, copy, item


def _listed_row(copy, code: str) -> int:
    """The row (1-based) of the エラー一覧 that lists ``code``."""
    ws = openpyxl.load_workbook(copy)[SHEET_ERRORS]
    top = header_row(ws, "コード")
    return next(r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, 2).value == code)


def _merge_again(plan, rejected, name: str, sent):
    """``sent`` (the copy as the section saved it) merged with the ledger of the first rejection, a day later."""
    folder, _, _ = rejected
    inbox = folder / name
    inbox.mkdir()
    sent.rename(inbox / sent.name)
    db = folder / f"{name}.db"
    db.write_bytes((folder / "r.db").read_bytes())
    merged = run_merge([inbox], plan, 2026, db=db, out=folder / f"{name}_out",
                       now=dt.datetime.now() + dt.timedelta(days=1))
    (file,) = merged.batch.files
    return file


def _fixed(wb, item: str) -> None:
    wb[layout.SHEET_ITEMS][craft.cell_of(wb, layout.SHEET_ITEMS, item, "進捗状況")] = "A 計画どおり"


def test_the_copy_records_what_its_error_sheet_holds(rejected):
    _, copy, _ = rejected
    wb = openpyxl.load_workbook(copy)
    (row,) = [r for r in wb[layout.SHEET_META].iter_rows(values_only=True) if r[0] == layout.META_ERROR_SHEET]
    held = sum(1 for r in wb[SHEET_ERRORS].iter_rows(values_only=True) for v in r if v not in (None, ""))
    assert row[1] == SHEET_ERRORS and row[2] == str(held) and held > 10


def test_a_copy_fixed_with_notes_on_its_error_sheet_is_accepted_with_m014(plan, rejected, tmp_path):
    _, copy, item = rejected
    at = _listed_row(copy, "V001")

    def typed(wb):
        _fixed(wb, item)
        wb[SHEET_ERRORS][f"G{at}"] = NOTE  # beside the problem listed
        wb[SHEET_ERRORS][f"A{at + 3}"] = "=確認済"  # a note that starts with 「=」 (a string for openpyxl)
    file = _merge_again(plan, rejected, "notes", craft.edit(copy, tmp_path / "要修正.xlsx", typed))
    assert file.status == FileStatus.ACCEPTED
    (said,) = [p for p in file.result.problems if p.code == "M014"]
    assert said.severity.value == "warning" and (said.sheet, said.cell) == (SHEET_ERRORS, f"G{at}")
    assert f"G{at}「{NOTE[:40]}…」" in said.message and "2 か所" in said.message
    assert "取組実績" in said.message  # where an answer goes


def test_a_copy_fixed_and_saved_with_openpyxl_says_nothing_of_its_error_sheet(plan, rejected, tmp_path):
    _, copy, item = rejected
    file = _merge_again(plan, rejected, "fixed", craft.edit(copy, tmp_path / "要修正.xlsx", lambda wb: _fixed(wb, item)))
    assert file.status == FileStatus.ACCEPTED
    assert [p.code for p in file.result.problems if p.code.startswith("M")] == []


def test_a_note_typed_in_libreoffice_on_the_error_sheet_is_said(soffice, plan, rejected, tmp_path):
    require_uno()
    _, copy, item = rejected
    at = _listed_row(copy, "V001")
    grade = craft.cells_of(copy, plan, SECTION, {"grade": (layout.SHEET_ITEMS, 0, "進捗状況")})["grade"]
    sent = tmp_path / "要修正.xlsx"
    fill(copy, sent, {layout.SHEET_ITEMS: {grade: "A 計画どおり"}, SHEET_ERRORS: {f"G{at}": "集計中のため見込み値"}},
         keyboard=True)
    file = _merge_again(plan, rejected, "calc", sent)
    assert file.status == FileStatus.ACCEPTED
    (said,) = [p for p in file.result.problems if p.code == "M014"]
    assert said.cell == f"G{at}" and "1 か所" in said.message and "「集計中のため見込み値」" in said.message
