"""Wrapped cells print with Japanese line breaking (禁則処理) in the PDFs LibreOffice makes: 「（空欄だと差し戻し」 /
「）。」 in every form's 取組状況 note, 「150万円」 / 「）。財政効果額は…」 in a V006 message of the 差し戻し copy.
Calc applies its forbidden-character rules only to cells whose format asks for them, and an .xlsx cannot ask; the
conversion's own profile turns them on for the workbook it prints, keeping every row as high as the .xlsx sets it."""

from __future__ import annotations

import hashlib

import xlsxwriter

from pdf_measure import find_clipped, read_words, render_pdf

NOT_AT_LINE_START = "、。）"
SHEET, PROTECTED = "注記", "保護あり"


def _workbook(path) -> None:
    """Two sheets (the second protected without a password, as a form's are) of one wrapped column, a row a text:
    「あ」 (「か」 on the protected sheet) repeated 6 to 29 times, then 「。いう（え）、お」 — at 20 units wide some row
    breaks before each mark."""
    wb = xlsxwriter.Workbook(str(path))
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "font_name": "BIZ UDゴシック", "font_size": 10})
    for name, kana in ((SHEET, "あ"), (PROTECTED, "か")):
        ws = wb.add_worksheet(name)
        ws.set_column(0, 0, 20)
        for row, n in enumerate(range(6, 30)):
            ws.set_row(row, 45)  # three lines, as reform_xlsx works out the height itself
            ws.write_string(row, 0, kana * n + "。いう（え）、お", wrap)
        if name == PROTECTED:
            ws.protect()
    wb.close()


def test_no_line_of_a_wrapped_cell_starts_with_a_closing_mark(soffice, tmp_path):
    source = tmp_path / "注記.xlsx"
    _workbook(source)
    before = hashlib.sha256(source.read_bytes()).digest()
    pdf = render_pdf(source, tmp_path / "pdf")
    pages = read_words(pdf)
    lines = [w.text for _, _, words in pages for w in words]  # one cell a row: each word is a line of a cell
    assert len(lines) > 2 * 24  # the texts did wrap
    assert [line for line in lines if line[0] in NOT_AT_LINE_START] == []
    assert find_clipped(pdf, source, pages) == []  # every text whole, within its row
    assert hashlib.sha256(source.read_bytes()).digest() == before  # set for printing only, not in the file
