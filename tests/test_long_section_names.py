"""A section of a long name (「教育委員会事務局」, 「まち・ひと・しごと創生推進課（…）」) is wrapped in every table
that lists sections by name — 受付結果, 回答一覧, 事務局用 — never cut by the next column on paper."""

from __future__ import annotations

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.merge import run_merge
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.xlsx.sizing import LINE_HEIGHT, line_count

LONG = "まち・ひと・しごと創生推進課（地域おこし協力隊担当）"


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    plan, _ = parse_plan(bundled_plan_text().replace("観光課", LONG), "long.yaml")
    work = tmp_path_factory.mktemp("long")
    inbox = work / "inbox"
    inbox.mkdir()
    answer = craft.filled(plan, 2026, LONG, work / "filled")
    answer.rename(inbox / "answer.xlsx")
    return run_merge([inbox], plan, 2026, db=work / "r.db", out=work / "out")


def _rows_of(ws, column: int, text: str):
    return [row for row in ws.iter_rows() if row[column].value == text]


@pytest.mark.parametrize("output, sheet, column", [
    ("receipt", "課別", 0), ("receipt", "ファイル別", 2), ("answers", None, 0),
    ("office", "提出状況", 0), ("office", "データ", 1),
])
def test_a_long_section_name_wraps_in_a_row_tall_enough(merged, output, sheet, column):
    wb = openpyxl.load_workbook(merged.outputs[output])
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = _rows_of(ws, column, LONG)
    assert rows, f"{output}/{sheet}: no row of {LONG}"
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(column + 1)].width
    lines = line_count(LONG, width)
    assert lines >= 2  # the name does not fit one line of its column: the case this test is about
    for row in rows[:3]:
        cell = row[column]
        assert cell.alignment.wrap_text, f"{output}/{sheet} {cell.coordinate} is not wrapped"
        height = ws.row_dimensions[cell.row].height
        assert height is None or height >= lines * LINE_HEIGHT, f"{output}/{sheet} {cell.row}: {height} pt, {lines} lines"
