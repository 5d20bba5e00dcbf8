"""受付結果「指摘事項」 of a merge with nothing to say (every file accepted, no warning) says so under its header:
the sheet printed a page of its title and an empty header band, nothing under it — a page a clerk could not tell
from a table that failed to print."""

from __future__ import annotations

import openpyxl
import pytest

from pdf_measure import read_words, render_pdf
from review_sample import merge_answered
from sheet_reader import header_row

SECTION = "財政課"
NONE_SAID = "指摘事項はありません。"


@pytest.fixture(scope="module")
def receipt(plan, tmp_path_factory):
    root = tmp_path_factory.mktemp("receipt-clean")
    result = merge_answered(plan, root, SECTION)
    assert [p for f in result.batch.files for p in f.problems] == []  # a clean batch
    return result.outputs["receipt"]


def test_the_issues_sheet_of_a_clean_batch_says_there_are_none(receipt):
    ws = openpyxl.load_workbook(receipt)["指摘事項"]
    header = header_row(ws, "内容と直し方")
    assert ws.cell(header + 1, 1).value == NONE_SAID
    assert ws.auto_filter.ref is None  # no filter buttons over a table without rows


def test_the_printed_issues_page_says_there_are_none(receipt, soffice, tmp_path):
    pages = read_words(render_pdf(receipt, tmp_path))
    last = "".join(w.text for w in pages[-1][2])
    assert "指摘事項" in last and NONE_SAID.rstrip("。") in last
