"""A plan of twelve 重点項目 of long names (each on three lines of 「名称」): 総括's 「重点項目別」 is longer than a page.
The writer planned it on one page and its charts on the next; LibreOffice broke the table itself and printed the
twelfth 重点項目 and 合計 alone on a page, without the table's header, and the packet had a page more than planned.
The table now breaks between rows with its header rows again on the next page, which keeps three rows or more."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

from pdf_measure import measure_pdf, read_words
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.report.model import SHEET_SUMMARY
from reform_xlsx.report.writer import write_reports
from report_sample import all_submitted_status, stress_answers

LONG = "持続可能な行財政運営の確立と将来世代に負担を先送りしない財政基盤の強化"


def _twelve_areas(monkeypatch):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import large_plan
    finally:
        sys.path.pop(0)
    monkeypatch.setattr(large_plan, "AREAS", 12)
    data = large_plan.large_plan_data(24)
    for area in data["areas"]:
        area["name"] = LONG[:10 + area["number"] * 3]  # 13 to 35 characters: up to three lines
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"] and len(plan.areas) == 12
    return plan


def test_the_summary_of_twelve_long_areas_breaks_between_rows_under_its_header(soffice, monkeypatch, tmp_path):
    plan = _twelve_areas(monkeypatch)
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    doc = measure_pdf(result.pdf, result.workbook)
    assert len(doc.pages) == result.pdf_pages  # the pages the writer planned: LibreOffice added none
    pages = read_words(result.pdf)
    summary = [p for p in doc.pages if p.sheet == SHEET_SUMMARY]
    areas, tables = [], 0
    for p in summary:
        words = pages[p.number - 1][2]
        rows = [w for w in words if w.text.startswith(plan.words.area) and w.text[len(plan.words.area):].isdigit()]
        totals = [w for w in words if w.text == "合計" and w.x0 < 60]
        if not rows and not totals:
            continue  # the charts' page
        tables += 1
        header = [w for w in words if w.text == "名称"]
        assert header and header[0].y1 < min(w.y0 for w in rows + totals), p.number  # the header above its rows
        assert len(rows + totals) >= 3, (p.number, [w.text for w in rows + totals])  # never a row or two alone
        assert p.min_pt >= 9.0
        areas += [w.text for w in rows]
    assert tables == 2
    assert areas == [f"{plan.words.area}{a.number}" for a in plan.areas]  # every 重点項目 once, in order
    ws_text = "".join(w.text for _, _, words in pages for w in words)
    assert "グラフの値" not in ws_text  # the charts' copy of the rows is not printed


def _areas_of(monkeypatch, count: int, length: int):
    """A plan of ``count`` 重点項目, each named with ``length`` characters (two or three lines of 「名称」)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        import large_plan
    finally:
        sys.path.pop(0)
    monkeypatch.setattr(large_plan, "AREAS", count)
    data = large_plan.large_plan_data(24)
    for area in data["areas"]:
        area["name"] = (LONG * 2)[:length]
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"] and len(plan.areas) == count
    return plan


@pytest.mark.parametrize(("count", "length"), [(10, 35), (14, 20)])
def test_a_summary_table_a_little_over_a_page_breaks_under_its_header_too(soffice, monkeypatch, tmp_path, count,
                                                                          length):
    """10 重点項目 of 35 characters (the table 1.08 pages) and 14 of 20 (1.08): the table was taken for one fitted to its
    page (up to 12 % over), but its charts go on to a page of their own and the sheet is then fitted to the page's
    width only — LibreOffice printed 合計 alone on a page, without the header, a page more than planned."""
    plan = _areas_of(monkeypatch, count, length)
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan), tmp_path, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    doc = measure_pdf(result.pdf, result.workbook)
    assert len(doc.pages) == result.pdf_pages  # the pages the writer planned: LibreOffice added none
    pages = read_words(result.pdf)
    for _, _, words in pages:
        if not any(w.text.endswith("総括") and w.y0 < 50 for w in words):  # the running header names the sheet
            continue
        rows = [w for w in words if w.text.startswith(plan.words.area) and w.text[len(plan.words.area):].isdigit()
                and w.x0 < 60]
        totals = [w for w in words if w.text == "合計" and w.x0 < 60]
        if totals:
            header = [w for w in words if w.text == "名称"]
            assert header and header[0].y1 < min(w.y0 for w in rows + totals)  # the header above 合計
            assert len(rows + totals) >= 3, [w.text for w in rows + totals]  # never 合計 alone
