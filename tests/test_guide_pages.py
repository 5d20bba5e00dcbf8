"""The 記入要領 of a later year's 調査票 after a revision prints without a page of leftovers.

令和10年度's 財政課 form after the 令和10年度 revision (an item and a KPI added, another section's item ended): the
「計画の見直し」 lines push the last steps onto page 2, and page 2 (grades, rules, 記入例, glossary) ran over by
two rows — page 3 carried one glossary term and the credit line. Page 2 was never broken by the writer: only
page 1 was. Now a page that runs over breaks at a section (差し戻しになる入力, 記入例, 用語解説) that leaves the
last page a fair share of a page, never at a lone row."""

from __future__ import annotations

import openpyxl
import pytest

import five_years as fy
from pdf_measure import measure_pdf, page_problems, render_pdf
from reform_xlsx.form import layout
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.guide import LAST_PAGE_LEAST, SECTION_LABELS, WIDTHS
from reform_xlsx.xlsx.style import page_rows_height
from report_sample import sample_answers

SECTION = "財政課"  # 10 items, 3 KPIs, the revision's new item and KPI: the longest guide of 令和10年度


@pytest.fixture(scope="module")
def form(tmp_path_factory):
    before, _ = parse_plan(fy.revised_yaml(2027))
    after, _ = parse_plan(fy.revised_yaml(2028))
    history = sample_answers(before, (2026, 2027))
    (path,) = write_templates(after, 2028, tmp_path_factory.mktemp("guide-pages"), [SECTION], history=history,
                              previous=before)
    return path


def pages(ws) -> list[tuple[int, float]]:
    """Each printed page of the guide as the writer broke it: (first row, 1-based; height of its rows)."""
    starts = [1] + [b.id + 1 for b in ws.row_breaks.brk]
    ends = [s - 1 for s in starts[1:]] + [ws.max_row]
    return [(s, sum(ws.row_dimensions[r].height or 15 for r in range(s, e + 1))) for s, e in zip(starts, ends)]


def test_the_revision_is_said_on_the_guide(form):
    ws = openpyxl.load_workbook(form)[layout.SHEET_GUIDE]
    text = "\n".join(str(v) for row in ws.iter_rows(values_only=True) for v in row if v)
    assert "2-2-11 公用車の削減: 令和10年度から始まる改革項目です（追加）" in text


def test_every_page_of_the_guide_holds_its_rows_and_the_last_is_no_leftover(form):
    ws = openpyxl.load_workbook(form)[layout.SHEET_GUIDE]
    capacity = page_rows_height(WIDTHS)
    found = pages(ws)
    assert len(found) >= 3, found  # the guide is longer than two pages here
    assert all(height <= capacity for _, height in found), (capacity, found)
    assert found[-1][1] >= capacity * LAST_PAGE_LEAST, (capacity, found)
    for start, _ in found[2:]:  # a later page starts at a section of the guide, with its label
        assert ws.cell(start, 2).value in SECTION_LABELS, (start, ws.cell(start, 2).value)


def test_the_guide_prints_without_a_page_of_leftovers(soffice, form, tmp_path):
    doc = measure_pdf(render_pdf(form, tmp_path), form)
    guide = [p for p in doc.pages if p.sheet == layout.SHEET_GUIDE]
    assert len(guide) >= 3 and [msg for p in guide for msg in page_problems(p)] == [], \
        [(p.number, page_problems(p)) for p in guide]
