"""「二次評価・意見」 with every column filled — the office's comment, the 本部会議's and the 推進委員会's opinions, the
対応方針, last year's word and the sections' 意見への対応: the text columns shared the page equally, so
「前年度の意見・対応方針」 (every opinion of last year and its 対応方針 in one cell) ran 14 lines in a column of 15
beside comments of 3, its rows 195 pt high, and a page held one or two rows (16 pages for 45 rows). The columns now
share the page by the lines their texts take."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from reform_xlsx.report.model import SHEET_REVIEWS
from reform_xlsx.report.reviews import PREVIOUS_WORD, text_widths
from reform_xlsx.report.writer import write_reports
from report_sample import sample_answers, sample_status, with_reviews
from test_print import measured

RESPONSE = "担当課で検討し、令和9年度から効果の測定を始めた。四半期ごとに利用状況を集計し、本部会議に報告する。"


def _every_column(plan) -> pd.DataFrame:
    """Two years of the office's word (with_reviews), and the sections' 意見への対応 to all of last year's."""
    answers = with_reviews(plan, with_reviews(plan, sample_answers(plan, (2026, 2027)), 2026), 2027)
    reviewed = answers[(answers["year"] == 2026) & (answers["kind"] == "review")][["section", "id"]].drop_duplicates()
    responses = [{"year": 2027, "section": r.section, "kind": "item", "id": r.id, "field": "response", "value": RESPONSE,
                  "raw": None, "file": "f.xlsx", "sheet": "意見への対応", "cell": "F5"} for r in reviewed.itertuples()]
    return pd.concat([answers, pd.DataFrame(responses)], ignore_index=True)


@pytest.fixture(scope="module")
def packet(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("every-column")
    return write_reports(plan, 2027, _every_column(plan), sample_status(plan, (2026, 2027)), out,
                         created=dt.datetime(2028, 6, 1, 10, 0))


def _pages(ws) -> list[int]:
    """Rows of the table on each printed page."""
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "ID")
    breaks = sorted(b.id for b in ws.row_breaks.brk)  # 0-based rows that start a page
    edges = [header] + breaks + [ws.max_row]
    return [b - a for a, b in zip(edges, edges[1:])]


def test_a_page_of_every_column_filled_holds_a_sensible_number_of_rows(packet):
    ws = openpyxl.load_workbook(packet.workbook)[SHEET_REVIEWS]
    pages = _pages(ws)
    assert sum(pages) == ws.max_row - next(r for r in range(1, 10) if ws.cell(r, 1).value == "ID")
    assert len(pages) <= 12, pages  # (before: 16 pages, one or two rows on most)
    assert sum(pages[1:-1]) / len(pages[1:-1]) >= 4, pages
    labels = {ws.cell(5, c).value.replace("\n", ""): c for c in range(1, ws.max_column + 1)}
    widths = {label: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for label, c in labels.items()}
    assert widths["前年度の意見・対応方針"] > widths["推進室コメント"] >= 12  # (before: all 15)


def test_a_narrow_columns_heading_breaks_where_a_word_starts(packet):
    """A text column of 12 units holds six full-width characters a line: its heading is broken where a reader would
    (「推進室」「コメント」), not at the column's edge (「推進室コメン」「ト」), and the header row is tall enough for it."""
    ws = openpyxl.load_workbook(packet.workbook)[SHEET_REVIEWS]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "ID")
    labels = {ws.cell(header, c).value.replace("\n", ""): ws.cell(header, c).value for c in range(1, ws.max_column + 1)}
    assert labels["推進室コメント"] == "推進室\nコメント"
    assert labels["本部会議での意見"] == "本部会議での\n意見"
    lines = max(label.count("\n") + 1 for label in labels.values())
    assert ws.row_dimensions[header].height >= lines * 10.5


@pytest.mark.parametrize(("room", "texts", "expected"), [
    (0, {}, {}),
    # one column: the whole room
    (40, {"a": [[30.0]]}, {"a": 40}),
    # empty cells take no width beyond the least; the text that wraps takes the rest
    (60, {"a": [[], []], "b": [[200.0], [180.0]]}, {"a": 12, "b": 48}),
    # a row is as tall as its longest cell: widening the short one saves nothing
    (48, {"a": [[20.0]], "b": [[300.0]]}, {"a": 12, "b": 36}),
    # a room too small for the least: shared equally
    (20, {"a": [[100.0]], "b": [[100.0]]}, {"a": 10, "b": 10}),
])
def test_text_widths(room, texts, expected):
    from reform_xlsx.report.reviews import text_widths

    widths = text_widths(room, texts)
    assert widths == expected
    assert sum(widths.values()) <= room


def test_every_column_prints_at_8_pt_or_more_and_whole(soffice, plan, tmp_path):
    result = write_reports(plan, 2027, _every_column(plan), sample_status(plan, (2026, 2027)), tmp_path, pdf=True,
                           created=dt.datetime(2028, 6, 1, 10, 0))
    doc = measured(result.pdf, result.workbook, sheets=[SHEET_REVIEWS])
    pages = [p for p in doc.pages if p.sheet == SHEET_REVIEWS]
    assert pages and all(p.min_pt >= 8.0 for p in pages), [(p.number, p.min_pt) for p in pages]
    assert doc.clipped == []


def test_a_text_longer_than_a_row_counts_the_lines_it_prints():
    """One 3,000-character comment prints cut to the tallest row (fit_row, 「…（以下略、全 n 字）」) at any width: it
    took the width from the other columns for lines never printed (推進室コメント 21, 前年度の意見・対応方針 25 → 16)."""
    plain = {"office_comment": [[40.0]] * 45, PREVIOUS_WORD: [[60.0, 60.0, 60.0]] * 45}
    giant = plain | {"office_comment": [[6000.0]] + [[40.0]] * 44}
    assert text_widths(40, giant) == text_widths(40, plain)
