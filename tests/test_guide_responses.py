"""The 記入要領 of a later year's 調査票 tells the section of the sheet 「意見への対応」: that the form has it and
for how many items, what to write there, that a blank answer is not sent back, and which answers 公表用 carries.
It said nothing of it (the section found a third sheet to fill only by looking). The longer steps still leave
page 1 full and page 2 on: the break goes where page 1 ends (it left one step alone on a page)."""

from __future__ import annotations

import openpyxl
import pytest

from pdf_measure import measure_pdf, page_problems, render_pdf
from reform_xlsx.form import layout
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.guide import WIDTHS
from reform_xlsx.xlsx.style import page_rows_height
from report_sample import sample_answers, with_reviews

SECTION = "財政課"  # items, KPIs (one measured from its first year), phases, last year's answers: the longest guide


@pytest.fixture(scope="module")
def forms(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("guide-responses")
    history = with_reviews(plan, sample_answers(plan, (2026,)), 2026)
    (later,) = write_templates(plan, 2027, out / "r9", [SECTION], history=history)
    (first,) = write_templates(plan, 2026, out / "r8", [SECTION])
    return first, later


def guide_text(path) -> str:
    ws = openpyxl.load_workbook(path)[layout.SHEET_GUIDE]
    return "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)


def test_the_guide_names_the_responses_sheet_and_what_becomes_of_it(plan, forms):
    first, later = forms
    rows = [r for r in openpyxl.load_workbook(later)[layout.SHEET_RESPONSES].iter_rows(min_row=5, values_only=True)
            if r[0]]
    text = guide_text(later)
    assert f"「意見への対応」シート: 令和8年度の二次評価・意見・対応方針に対応を記入する改革項目 {len(rows)} 件" in text
    assert "黄色の「意見への対応」に、令和9年度にどう対応したか" in text
    assert "空欄のまま提出しても差し戻しにはなりませんが" in text
    assert "推進委員会意見か対応方針のある項目の「意見への対応」は、公表用の資料にも載ります。" in text
    assert "意見への対応" not in guide_text(first)  # the first year has no such sheet


def test_page_one_of_the_guide_is_no_taller_than_a_page(forms):
    for path in forms:
        ws = openpyxl.load_workbook(path)[layout.SHEET_GUIDE]
        (brk,) = [b.id for b in ws.row_breaks.brk]
        assert sum(ws.row_dimensions[r].height or 15 for r in range(1, brk + 1)) <= page_rows_height(WIDTHS), path.name


def test_the_guide_prints_without_a_page_of_one_step(soffice, forms, tmp_path):
    _, later = forms
    doc = measure_pdf(render_pdf(later, tmp_path), later)
    guide = [p for p in doc.pages if p.sheet == layout.SHEET_GUIDE]
    assert len(guide) >= 2 and [msg for p in guide for msg in page_problems(p)] == []
    assert all(p.fill > 0.5 for p in guide[:-1]), [(p.number, p.fill) for p in guide]


def test_last_years_grade_and_its_second_review_stand_alike(forms):
    """「令和8年度 進捗状況」 was centred and 「令和8年度 二次評価」 beside it left aligned: the two grades to compare
    did not line up."""
    _, later = forms
    ws = openpyxl.load_workbook(later)[layout.SHEET_RESPONSES]
    header = next(r for r in ws.iter_rows() if r[0].value == layout.ID_LABEL_ITEMS)
    cols = {layout.parse_history_label(c.value): c.column for c in header if layout.parse_history_label(c.value)}
    grade, review = cols[(2026, "進捗状況")], cols[(2026, "二次評価")]
    rows = range(header[0].row + 1, ws.max_row + 1)
    assert {(ws.cell(r, grade).alignment.horizontal, ws.cell(r, review).alignment.horizontal) for r in rows
            if ws.cell(r, 1).value} == {("center", "center")}
