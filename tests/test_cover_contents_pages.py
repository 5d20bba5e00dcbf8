"""The cover's 「内容」 says where each sheet is printed (「10～21ページ」): a meeting member told 「二次評価・意見の
22ページ」 had a 44-page PDF and a list of sheets without a page. The pages are the writers' own page breaks; they are
checked here against the PDF LibreOffice prints, page by page (each page's running header names its sheet)."""

from __future__ import annotations

import openpyxl

from pdf_measure import HEADER_BAND, read_words, render_pdf
from report_sample import packet_with_actuals


def test_contents_pages_count_from_the_cover_and_skip_a_sheet_not_printed():
    from reform_xlsx.report.summary import contents_pages

    pages = {"表紙": 1, "概要": 2, "総括": 1, "改革項目一覧": 12}
    assert contents_pages(("表紙", "概要", "総括", "データ", "改革項目一覧"), pages) == {
        "表紙": "1", "概要": "2～3", "総括": "4", "改革項目一覧": "5～16"}


def _printed_sheets(pdf, year_label: str) -> list[str]:
    """Each page's sheet as its running header names it (「令和8年度 概要」; the cover's says only the year)."""
    found = []
    for width, _, words in read_words(pdf):
        right = " ".join(w.text for w in words if w.y1 < HEADER_BAND and w.x0 > width / 2)
        found.append(right.removeprefix(year_label).strip() or "表紙")
    return found


def test_the_cover_says_the_pages_each_sheet_is_printed_on(soffice, plan, tmp_path):
    book = packet_with_actuals(plan, tmp_path / "out", {})
    printed = _printed_sheets(render_pdf(book, tmp_path / "pdf"), "令和8年度")
    cover = openpyxl.load_workbook(book)["表紙"]
    said = {row[1].value: row[3].value for row in cover.iter_rows(max_col=4) if row[3].value}
    assert set(said) == set(printed) - {"表紙"}
    for name, at in said.items():
        first, _, last = at.removesuffix("ページ").partition("～")
        on = [n for n, sheet in enumerate(printed, 1) if sheet == name]
        assert (int(first), int(last or first)) == (on[0], on[-1]), name
    assert len(printed) > len(said) + 1  # a sheet of several pages among them
