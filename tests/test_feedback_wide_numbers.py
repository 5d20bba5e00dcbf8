"""A very large number sent in shows whole in the 差し戻し copy: 500,000,000,000 円 (a V018 warning: read, and the section
asked to check it) printed 「###」 in the form's 財政効果額 column (13 units wide), so the section saw neither what it typed
nor why the cell was orange. The copy's number input columns are as wide as their widest number; the sheet still prints
at 8 pt or more."""

from __future__ import annotations

import subprocess

import openpyxl
import pytest

import intake_craft as craft
from pdf_measure import measure_pdf, render_pdf
from reform_xlsx.form import layout
from reform_xlsx.form.content import SheetContent, section_content
from reform_xlsx.merge import run_merge
from reform_xlsx.templates.writer import SCIENTIFIC, WIDEST_NUMBER, Fill, column_widths

SECTION = "財政課"


def _items(plan) -> SheetContent:
    return next(c for c in section_content(plan, 2026, SECTION) if c.name == layout.SHEET_ITEMS)


@pytest.mark.parametrize("values, width", [
    ({}, 13),  # a blank form: the form's width
    ({"1-1-4": 1_200_000}, 13),  # a number that fits: the form's width
    ({"1-1-4": "150万円"}, 13),  # a text stays a text (it wraps in no number format)
    ({"1-1-4": 500_000_000_000}, 17),  # 「500,000,000,000」: 15 units and room
    ({"1-1-4": 500_000_000_000, "2-1-3": 999_999_999_999_999}, 21),  # the widest decides
    ({"1-1-4": 10**15}, 23),  # beyond 15 digits, as Excel shows it: 「1,000,000,000,000,000」
    ({"1-1-4": 1e30}, WIDEST_NUMBER),  # no wider than that: shown as 1.00E+30
])
def test_a_number_input_column_is_as_wide_as_its_widest_number(plan, values, width):
    content = _items(plan)
    fill = Fill(values={(layout.SHEET_ITEMS, row_id, "effect_yen"): v for row_id, v in values.items()})
    widths = dict(zip((c.key for c in content.columns), column_widths(content, fill), strict=True))
    assert widths["effect_yen"] == width
    assert {k: w for k, w in widths.items() if k != "effect_yen"} == {c.key: c.width for c in content.columns
                                                                       if c.key != "effect_yen"}


@pytest.fixture(scope="module")
def copy(plan, tmp_path_factory):
    """財政課's return, sent back for a grade not in the list, with amounts far too large: a V018 warning (read), one
    more at the largest amount read, 1,000兆円 and 1E+30 (V013, refused), and KPI 実績値 likewise."""
    folder = tmp_path_factory.mktemp("wide")
    answers = craft.valid_answers(plan, SECTION)
    ids = list(answers[layout.SHEET_ITEMS])
    kpis = [k for k in answers[layout.SHEET_KPI] if plan.kpi(k).unit != "%"]
    changes = {layout.SHEET_ITEMS: {ids[0]: {"進捗状況": "たぶん", "財政効果額（円）": 500_000_000_000},
                                    ids[1]: {"財政効果額（円）": 999_999_999_999_999},
                                    ids[2]: {"財政効果額（円）": 10**15}, ids[3]: {"財政効果額（円）": 1e30}},
               layout.SHEET_KPI: {kpis[0]: {"実績値": 50_000_000_000_000}, kpis[1]: {"実績値": 2.0**63}}}
    (folder / "受信").mkdir()
    sent = craft.filled(plan, 2026, SECTION, folder / "work", changes=changes)
    sent.rename(folder / "受信" / sent.name)
    result = run_merge([str(folder / "受信")], plan, "R8", db=str(folder / "out" / "reform.db"), out=str(folder / "out"))
    codes = {(p.code, p.row_id) for f in result.batch.files for p in f.problems}
    assert {("V018", ids[0]), ("V018", ids[1]), ("V013", ids[2]), ("V013", ids[3]), ("V015", kpis[0])} <= codes
    return result.feedback[f"{SECTION}.xlsx"], ids, kpis


def test_the_copy_widens_only_the_columns_of_large_numbers_and_keeps_them_numbers(plan, copy):
    path, ids, kpis = copy
    wb = openpyxl.load_workbook(path)
    items, kpi = wb[layout.SHEET_ITEMS], wb[layout.SHEET_KPI]
    yen = [c for c in items[layout.HEADER_ROW + 1] if c.value and "財政効果額" in c.value][0].column_letter
    assert items.column_dimensions[yen].width > 21
    assert items.column_dimensions["G"].width == pytest.approx(30.71, abs=0.01)  # 取組実績: as in the form
    rows = {items.cell(r, 1).value: r for r in range(layout.HEADER_ROW + 2, items.max_row + 1)}
    assert items[f"{yen}{rows[ids[0]]}"].value == 500_000_000_000
    assert items[f"{yen}{rows[ids[3]]}"].number_format == SCIENTIFIC  # only the number no column holds
    assert items[f"{yen}{rows[ids[0]]}"].number_format == "#,##0"
    actual = [c for c in kpi[layout.HEADER_ROW + 1] if c.value == "実績値"][0].column_letter
    assert kpi.column_dimensions[actual].width > 27  # 「9,223,372,036,854,780,000」


def test_the_copy_prints_every_large_number_whole_at_8_pt_or_more(soffice, copy, tmp_path):
    path, _ids, _kpis = copy
    pdf = render_pdf(path, tmp_path)
    words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert "###" not in words
    for shown in ("500,000,000,000", "999,999,999,999,999", "1,000,000,000,000,000", "1.00E+30",
                  "50,000,000,000,000", "9,223,372,036,854,780,000"):
        assert shown in words, shown
    doc = measure_pdf(pdf, workbook=path)
    pages = [p for p in doc.pages if p.sheet in (layout.SHEET_ITEMS, layout.SHEET_KPI)]
    assert pages and all(p.min_pt >= 8.0 for p in pages), [(p.sheet, p.min_pt) for p in pages]
