"""The filled 調査票 as a section prints it for its own 決裁 before sending it back, measured on the PDF
LibreOffice prints (``tests/pdf_measure.py``).

- The KPI sheet's header 「年度目標値 ※は参考（按分）」 printed broken inside its bracket, 「※は参考（按」「分）」,
  on every form with a KPI (the column was narrower than its second line).
- A yen KPI whose plan figures are in the hundreds of billions (a prefecture's 県税収入 2,500億円): the grey
  基準値・目標値 columns widened to show them, but the 実績値 the section types beside them stayed 14 wide and
  printed 「###」 — the section could not check on paper the figure it sends.
"""

from __future__ import annotations

from dataclasses import replace

import openpyxl

from pdf_measure import measure_pdf, read_words, render_pdf
from reform_xlsx.form import layout
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template


def _words(pdf) -> list[str]:
    return [w.text for _, _, words in read_words(pdf) for w in words]


def test_the_kpi_header_prints_its_reference_mark_whole(soffice, plan, tmp_path):
    kpi = plan.kpi("K11")
    path, = write_templates(plan, 2026, tmp_path, [kpi.owner])
    filled = tmp_path / "filled.xlsx"
    fill_template(path, {layout.SHEET_KPI: {kpi.id: {"実績値": 70}}}, filled)
    words = _words(render_pdf(filled, tmp_path / "pdf"))
    assert "※は参考（按分）" in words  # on one line, never 「※は参考（按」「分）」
    assert not any(w.endswith("（按") for w in words)


def test_a_yen_kpi_in_the_hundreds_of_billions_prints_the_actual_typed(soffice, plan, tmp_path):
    kpi = replace(plan.kpi("K10"), baseline=150_000_000_000, target=250_000_000_000)
    big = replace(plan, kpis=tuple(kpi if k.id == kpi.id else k for k in plan.kpis))
    path, = write_templates(big, 2026, tmp_path, [kpi.owner])
    filled = tmp_path / "filled.xlsx"
    fill_template(path, {layout.SHEET_KPI: {kpi.id: {"実績値": 245_678_901_234}}}, filled)
    pdf = render_pdf(filled, tmp_path / "pdf")
    words = _words(pdf)
    assert "245,678,901,234" in words and not any("###" in w for w in words)
    doc = measure_pdf(pdf, filled, sheets=[layout.SHEET_KPI])
    assert doc.clipped == [] and all(p.min_pt >= 8.0 for p in doc.pages if p.sheet == layout.SHEET_KPI)
    header = [c.value for c in openpyxl.load_workbook(filled)[layout.SHEET_KPI][layout.HEADER_ROW + 1]]
    assert header.count("実績値") == 1


def test_a_later_years_form_of_tall_rows_is_not_shrunk_below_its_widths_scale(soffice, plan, tmp_path):
    """A second-year form (last year's answers beside the inputs) prints 取組状況 at 8.1 pt, fitted to the page's width.
    With rows of answers that fill two pages and a little, LibreOffice shrank it to 7.9 pt to save the last page
    (what it does for 「1 page wide × 自動」, fitToHeight 0): below the 8 pt the printed text must keep. Now one page
    wide by as many tall as it takes: the width alone decides, at every height."""
    from report_sample import sample_answers, with_reviews

    history = with_reviews(plan, sample_answers(plan, (2026,)), 2026)
    (form,) = write_templates(plan, 2027, tmp_path / "r9", ["財政課"], history=history)
    sizes = {}
    for height in (100, 108, 116):  # 108 pt a row: 7.9 pt before
        wb = openpyxl.load_workbook(form)
        ws = wb[layout.SHEET_ITEMS]
        for r in range(layout.HEADER_ROW + 2, ws.max_row + 1):
            ws.row_dimensions[r].height = height
        wb.save(tmp_path / f"tall{height}.xlsx")
        pdf = render_pdf(tmp_path / f"tall{height}.xlsx", tmp_path / "pdf")
        found = measure_pdf(pdf, tmp_path / f"tall{height}.xlsx", ink=False)
        sizes[height] = min(p.min_pt for p in found.pages if p.sheet == layout.SHEET_ITEMS)
    assert min(sizes.values()) >= 8.0, sizes
    assert len(set(sizes.values())) == 1, sizes  # the same scale whatever the rows' heights
