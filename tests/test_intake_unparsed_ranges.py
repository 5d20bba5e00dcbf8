"""A sheet whose declared used range (``<dimension ref>``) or merged range (``<mergeCell ref>``) names no range
(「garbage」「A0:B2」「$A$1:$I$20」, empty) opens in LibreOffice with its cells as they are — the declared range is
not used, such a merge is not shown — so it is read, not refused whole (F016 「シートの中身が Excel の形式として正しく
ない」): calamine refuses the sheet over it, and reads a copy without it (the input file is not changed)."""

from __future__ import annotations

import hashlib
import re

import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.records import FileStatus

SECTION = "財政課"  # ten items: a merge over two of them


@pytest.fixture(scope="module")
def good(plan, tmp_path_factory):
    return craft.filled(plan, 2026, SECTION, tmp_path_factory.mktemp("ranges"))


def _answers(result):
    return [(a.id, a.field, a.value) for a in result.answers]


def _edit_items(good, target, change):
    return craft.rezip(good, target, {craft.sheet_part(good, layout.SHEET_ITEMS): change})


@pytest.mark.parametrize("element", [
    b'<dimension ref=""/>', b'<dimension ref="garbage"/>', b'<dimension ref="A1:"/>', b'<dimension ref="$A$1:$I$20"/>',
    b'<dimension ref=" A1:I20"/>', b'<dimension ref="A1:B2:C3"/>', b"<dimension/>", b'<dimension ref="A0"></dimension>',
])
def test_a_dimension_that_names_no_range_is_not_read(plan, good, tmp_path, element):
    path = _edit_items(good, tmp_path / "dimension.xlsx",
                       lambda xml: re.sub(rb"<dimension\b[^>]*/>", lambda _m: element, xml, count=1))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = read_return(path, plan, 2026)
    assert (result.status, [p.code for p in result.errors]) == (FileStatus.ACCEPTED, [])
    assert _answers(result) == _answers(read_return(good, plan, 2026))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("ref", ["garbage", "A0:B2", "", "A1:", "$A$1:$B$2", " F5:F6 ", "A1:B2:C3"])
def test_a_merged_range_that_names_no_range_is_not_a_merge(plan, good, tmp_path, ref):
    """LibreOffice shows no merge for such a ref (over the input cells 「$F$5:$F$6」 too): the form is read as it
    shows, its answers all there."""
    path = _edit_items(good, tmp_path / "merge.xlsx", lambda xml: re.sub(
        rb"(<mergeCells\b[^>]*>)", lambda m: m.group(1) + b'<mergeCell ref="' + ref.encode() + b'"/>', xml, count=1))
    result = read_return(path, plan, 2026)
    assert (result.status, [p.code for p in result.errors]) == (FileStatus.ACCEPTED, [])
    assert _answers(result) == _answers(read_return(good, plan, 2026))


def test_a_true_merge_beside_a_broken_one_is_still_said(plan, good, tmp_path):
    """Only the merge that names no range is left out: a merge over input cells in the same sheet is still S014."""
    wb_cell = craft.cells_of(good, plan, SECTION, {"top": (layout.SHEET_ITEMS, 0, "進捗状況"),
                                                  "bottom": (layout.SHEET_ITEMS, 1, "進捗状況")})
    merges = f'<mergeCell ref="garbage"/><mergeCell ref="{wb_cell["top"]}:{wb_cell["bottom"]}"/>'.encode()
    path = _edit_items(good, tmp_path / "merges.xlsx", lambda xml: re.sub(
        rb"(<mergeCells\b[^>]*>)", lambda m: m.group(1) + merges, xml, count=1))
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.REJECTED
    assert [(p.code, p.cell) for p in result.errors] == [("S014", wb_cell["top"])]
