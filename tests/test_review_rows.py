"""The rows of a returned 推進室評価シート: the newest sheet replaces the whole evaluation, so a row merge wrote
that is not in it (deleted, or sorted above the header with the header row) is said and the sheet is not read —
what the ledger holds for that row is never erased without a word."""

from __future__ import annotations

import time

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from reform_xlsx.report.model import SHEET_REVIEWS
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from review_sample import answers
from sheet_reader import header_row

SECTIONS = ("財政課", "市民課", "DX推進課")


def table(ws) -> tuple[int, dict[str, int]]:
    header = header_row(ws, "ID")
    return header, {str(c.value).replace("\n", ""): c.column for c in ws[header] if c.value}


def fill(source, target, values: dict[tuple[str, str], dict[str, str]]):
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_REVIEW]
    header, cols = table(ws)
    for r in range(header + 1, ws.max_row + 1):
        for label, value in values.get((ws.cell(r, cols["ID"]).value, ws.cell(r, cols["担当課"]).value), {}).items():
            ws.cell(r, cols[label]).value = value
    wb.save(target)
    return target


@pytest.fixture(scope="module")
def reviewed(plan, tmp_path_factory):
    """令和8年度: three sections answered, the office's sheet of June read (1-1-1 DX推進課 and 2-2-1 財政課)."""
    root = tmp_path_factory.mktemp("reviewed")
    for template in write_templates(plan, 2026, root / "t8", list(SECTIONS)):
        section = template.stem.rsplit("_", 1)[1]
        fill_template(template, answers(plan, section, 2026), root / "inbox" / template.name)
    first = run_merge([root / "inbox"], plan, 2026, db=root / "reform.db", out=root / "out")
    june = fill(first.outputs["review"], root / "評価_6月.xlsx", {
        ("1-1-1", "DX推進課"): {"推進室評価": "B 概ね計画どおり", "推進室コメント": "理由1", "推進委員会意見": "委員会意見1"},
        ("2-2-1", "財政課"): {"推進室評価": "C 遅れ", "推進室コメント": "理由2", "対応方針": "対応方針2"},
    })
    second = run_merge([root / "inbox"], plan, 2026, db=root / "reform.db", out=root / "out", reviews=[june])
    assert [f.status for f in second.batch.files if f.result.name == june.name] == [FileStatus.ACCEPTED]
    return root, second


def meeting_texts(result) -> set[str]:
    ws = openpyxl.load_workbook(result.outputs["meeting"])[SHEET_REVIEWS]
    return {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}


def test_a_review_sheet_with_rows_deleted_is_not_read_and_keeps_what_was_recorded(plan, reviewed, tmp_path):
    root, before = reviewed
    assert {"委員会意見1", "対応方針2"} <= meeting_texts(before)
    # August: the clerk takes the sheet merge wrote again (the June word filled in), deletes the DX推進課 rows
    wb = openpyxl.load_workbook(before.outputs["review"])
    ws = wb[layout.SHEET_REVIEW]
    header, cols = table(ws)
    deleted = [ws.cell(r, cols["ID"]).value for r in range(header + 1, ws.max_row + 1)
               if ws.cell(r, cols["担当課"]).value == "DX推進課"]
    for r in range(ws.max_row, header, -1):
        if ws.cell(r, cols["担当課"]).value == "DX推進課":
            ws.delete_rows(r)
    for r in range(header + 1, ws.max_row + 1):
        if (ws.cell(r, cols["ID"]).value, ws.cell(r, cols["担当課"]).value) == ("2-2-1", "財政課"):
            ws.cell(r, cols["本部会議での意見"]).value = "本部意見3"
    august = tmp_path / "評価_8月.xlsx"
    time.sleep(1.1)  # saved in a later second than June's sheet (a sheet as new as the one read counts as settled)
    wb.save(august)

    got = read_return(august, plan, 2026)
    assert got.status == FileStatus.REJECTED
    (missing,) = got.problems
    assert missing.code == "A007" and missing.severity.value == "error"
    assert missing.cell == f"A{header}" and missing.sheet == layout.SHEET_REVIEW
    assert "1-1-1（DX推進課）" in missing.message and "記録した推進室評価・意見・対応方針が消えて" in missing.message
    assert "・".join(f"{i}（DX推進課）" for i in deleted) in missing.message  # every row deleted, by name

    after = run_merge([root / "inbox"], plan, 2026, db=root / "reform.db", out=tmp_path / "out", reviews=[august])
    (outcome,) = [f for f in after.batch.files if f.result.name == august.name]
    assert outcome.status == FileStatus.REJECTED and [p.code for p in outcome.problems] == ["A007"]
    assert [f.result.name for f in after.rejected_reviews] == [august.name]
    texts = meeting_texts(after)
    assert {"委員会意見1", "理由1", "対応方針2"} <= texts and "本部意見3" not in texts  # June's word stands


def test_rows_sorted_above_the_header_are_said_once_and_not_as_missing(plan, reviewed, tmp_path):
    root, before = reviewed
    wb = openpyxl.load_workbook(before.outputs["review"])
    ws = wb[layout.SHEET_REVIEW]
    header, cols = table(ws)
    width = ws.max_column
    rows = [[ws.cell(r, c).value for c in range(1, width + 1)] for r in range(header, ws.max_row + 1)]
    # sorted with the header row included: the 2-2-1 財政課 row (filled in June) ends up above the header
    rows.sort(key=lambda row: (row[cols["ID"] - 1], row[cols["担当課"] - 1]) != ("2-2-1", "財政課"))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.cell(header + i, j + 1).value = value
    sorted_path = tmp_path / "評価_並べ替え.xlsx"
    wb.save(sorted_path)

    got = read_return(sorted_path, plan, 2026)
    assert got.status == FileStatus.REJECTED
    (above,) = got.problems
    assert above.code == "A008" and above.cell == f"A{header + 1}"
    assert "2-2-1（財政課）" in above.message and f"見出し行（{header + 1} 行目）" in above.message
    assert f"より上の {header} 行目" in above.message and f"表の先頭（{header} 行目）" in above.message
    after = run_merge([root / "inbox"], plan, 2026, db=root / "reform.db", out=tmp_path / "out", reviews=[sorted_path])
    assert [f.result.name for f in after.rejected_reviews] == [sorted_path.name]
    assert {"理由2", "対応方針2"} <= meeting_texts(after)


def test_a_header_sorted_far_down_is_still_found_and_the_sort_is_said(plan, reviewed, tmp_path):
    root, before = reviewed
    wb = openpyxl.load_workbook(before.outputs["review"])
    ws = wb[layout.SHEET_REVIEW]
    header, cols = table(ws)
    rows = [[ws.cell(r, c).value for c in range(1, ws.max_column + 1)] for r in range(header, ws.max_row + 1)]
    # sorted with the header row included: every row but the last ends above it (the header below row 30)
    last = rows[-1][cols["ID"] - 1], rows[-1][cols["担当課"] - 1]
    rows.sort(key=lambda row: row[0] == "ID" or (row[cols["ID"] - 1], row[cols["担当課"] - 1]) == last)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.cell(header + i, j + 1).value = value
    moved = header + len(rows) - 2  # the header's row now (1-based)
    assert moved > 30 and ws.cell(moved, cols["ID"]).value == "ID"
    wb.save(tmp_path / "評価_並べ替え.xlsx")

    got = read_return(tmp_path / "評価_並べ替え.xlsx", plan, 2026)
    assert got.status == FileStatus.REJECTED
    (above,) = got.problems  # not A003 「見出し「ID」の行が見つかりません」: the header is there
    assert above.code == "A008" and f"見出し行（{moved} 行目）" in above.message and "並べ替えた" in above.message
    assert f"より上の {header}～{moved - 1} 行目" in above.message and "ほか" in above.message


def test_an_opinion_cut_at_excels_limit_when_saved_is_said_on_the_review_sheet_too(plan, reviewed, tmp_path):
    """A 推進委員会意見 of exactly 32,767 characters (a longer one LibreOffice cut when saving) was read in silence:
    the 調査票 says V022 for it, and now the review sheet does too, at its cell."""
    root, before = reviewed
    long = "委" * 32_764 + "おわり"
    path = fill(before.outputs["review"], tmp_path / "評価_長い.xlsx",
                {("1-1-1", "DX推進課"): {"推進室評価": "B 概ね計画どおり", "推進委員会意見": long}})
    got = read_return(path, plan, 2026)
    (cut,) = [p for p in got.problems if p.code == "V022"]
    ws = openpyxl.load_workbook(path)[layout.SHEET_REVIEW]
    header, cols = table(ws)
    row = next(r for r in range(header + 1, ws.max_row + 1)
               if (ws.cell(r, cols["ID"]).value, ws.cell(r, cols["担当課"]).value) == ("1-1-1", "DX推進課"))
    assert cut.cell == ws.cell(row, cols["推進委員会意見"]).coordinate and got.status == FileStatus.REJECTED


def test_a_picture_placed_in_a_review_cell_is_said_as_one(plan, reviewed, tmp_path):
    """A picture placed in a 推進室コメント cell (Excel 365: ``vm`` and #VALUE!) is V027 at its cell, not an error value
    (V012) nobody typed; a picture in the title's cell is not blamed."""
    root, before = reviewed
    path = fill(before.outputs["review"], tmp_path / "評価_写真.xlsx",
                {("1-1-1", "DX推進課"): {"推進室評価": "B 概ね計画どおり", "推進室コメント": "理由"}})
    ws = openpyxl.load_workbook(path)[layout.SHEET_REVIEW]
    header, cols = table(ws)
    row = next(r for r in range(header + 1, ws.max_row + 1)
               if (ws.cell(r, cols["ID"]).value, ws.cell(r, cols["担当課"]).value) == ("1-1-1", "DX推進課"))
    cell = ws.cell(row, cols["推進室コメント"]).coordinate
    pictured = craft.rich_cells(path, tmp_path / "評価_写真入り.xlsx",
                                {(layout.SHEET_REVIEW, cell): "picture", (layout.SHEET_REVIEW, "A1"): "picture"})
    got = read_return(pictured, plan, 2026)
    assert [(p.code, p.cell) for p in got.problems] == [("V027", cell)] and got.status == FileStatus.REJECTED
    assert "セルに配置" in got.problems[0].message
