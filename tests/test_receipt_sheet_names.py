"""受付結果「指摘事項」: the シート column holds the name of every sheet the forms have on one line — 「意見へ
の対応」 (V020 from the second year) and 「推進室評価」 (A001…) printed cut to 「意見への対」「推進室評」
when the column was 9 wide — and a longer name (a sheet a section added) wraps in a row tall enough."""

from __future__ import annotations

import openpyxl
import pytest

from reform_xlsx.form import layout
from reform_xlsx.merge import run_merge
from reform_xlsx.xlsx.sizing import LINE_HEIGHT, line_count
from review_sample import merge_answered, review_row
from sheet_reader import header_row

SECTION = "財政課"
FORM_SHEETS = (layout.SHEET_GUIDE, layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES, layout.SHEET_REVIEW)


@pytest.fixture(scope="module")
def issues(plan, tmp_path_factory):
    """A merge whose 推進室評価シート has a grade not on the scale (A001 on sheet 「推進室評価」)."""
    root = tmp_path_factory.mktemp("receipt-sheets")
    first = merge_answered(plan, root, SECTION)
    wb = openpyxl.load_workbook(first.outputs["review"])
    ws = wb[layout.SHEET_REVIEW]
    ws[review_row(ws, plan.items_for(SECTION, 2026)[0].id, SECTION)["推進室評価"]] = "たぶん順調"
    wb.save(root / "inbox" / "推進室評価（記入済）.xlsx")
    result = run_merge([root / "inbox"], plan, 2026, db=root / "reform.db", out=root / "out")
    ws = openpyxl.load_workbook(result.outputs["receipt"])["指摘事項"]
    header = header_row(ws, "シート")
    column = next(c.column for c in ws[header] if c.value == "シート")
    return ws, header, column


def test_every_sheet_name_of_the_forms_fits_the_sheet_column_on_one_line(issues):
    ws, _, column = issues
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width
    assert {name: line_count(name, width) for name in FORM_SHEETS} == {name: 1 for name in FORM_SHEETS}


def test_the_sheet_cell_wraps_in_a_row_tall_enough(issues):
    ws, header, column = issues
    rows = [r for r in range(header + 1, ws.max_row + 1) if ws.cell(r, column).value == layout.SHEET_REVIEW]
    assert rows, "no problem on the 推進室評価 sheet"
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width
    for r in rows:
        assert ws.cell(r, column).alignment.wrap_text
        assert ws.row_dimensions[r].height >= line_count(ws.cell(r, column).value, width) * LINE_HEIGHT
