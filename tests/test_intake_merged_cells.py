"""Merged cells over a form's input cells (S014): only the merge's first cell holds its value, the others read
as blank. The section sees one 「A 計画どおり」 over three rows; it is told the cells are merged and to undo it —
never that the rows it sees filled are 「空欄です」."""

from __future__ import annotations

import re

import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.cells import a1
from reform_xlsx.records import FileStatus

SECTION = "市民課"


@pytest.fixture(scope="module")
def good(plan, tmp_path_factory):
    return craft.filled(plan, 2026, SECTION, tmp_path_factory.mktemp("merged"))


def _merge(label_from: str, label_to: str, first: int, last: int):
    """Merge the input cells of 取組状況 from row ``first`` to ``last`` of the table (0-based among its items),
    columns ``label_from`` to ``label_to``, leaving the first cell's value."""
    def change(wb):
        ws = wb[layout.SHEET_ITEMS]
        ws.protection.sheet = False
        ids = [row[0].value for row in ws.iter_rows() if isinstance(row[0].value, str) and row[0].value[:1].isdigit()
               and "-" in row[0].value]
        top = craft.cell_of(wb, layout.SHEET_ITEMS, ids[first], label_from)
        bottom = craft.cell_of(wb, layout.SHEET_ITEMS, ids[last], label_to)
        for row in ws[f"{top}:{bottom}"]:
            for cell in row:
                if cell.coordinate != top:
                    cell.value = None  # what merging leaves (Excel keeps only the upper-left value)
        ws.merge_cells(f"{top}:{bottom}")
        change.cells = (top, bottom, ids[first:last + 1])
    return change


@pytest.mark.parametrize("label_from, label_to, first, last", [
    ("進捗状況", "進捗状況", 0, 2),  # one grade over three items
    ("取組実績", "課題・今後の方針", 1, 1),  # 取組実績 across 課題 of one item
    ("進捗状況", "課題・今後の方針", 0, 1),  # a block
])
def test_merged_input_cells_are_one_error_naming_the_range_not_blanks(plan, good, tmp_path, label_from, label_to,
                                                                      first, last):
    change = _merge(label_from, label_to, first, last)
    path = craft.edit(good, tmp_path / "merged.xlsx", change)
    top, bottom, ids = change.cells
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.REJECTED
    merged = [p for p in result.problems if p.code == "S014"]
    assert [(p.sheet, p.cell) for p in merged] == [(layout.SHEET_ITEMS, top)]
    assert f"セル {top}:{bottom} が結合されています" in merged[0].message and "・".join(ids) in merged[0].message
    assert merged[0].row_id == ids[0]  # marked on the 差し戻し copy at the merge's first cell
    assert not [p for p in result.problems if p.code == "V002"]  # the covered cells are not also 「空欄です」


def test_the_forms_own_merged_cells_are_none_of_its_inputs(plan, good):
    """The form merges its note row and its 記入要領 cells: a filled form is accepted, no S014."""
    result = read_return(good, plan, 2026)
    assert result.status == FileStatus.ACCEPTED and not [p for p in result.problems if p.code == "S014"]


def test_merged_cells_beside_the_table_are_not_its_inputs(plan, good, tmp_path):
    """A merge in a column the form does not read (a memo to the right) is not S014."""
    def change(wb):
        ws = wb[layout.SHEET_ITEMS]
        ws.protection.sheet = False
        ws.merge_cells(f"{a1(4, 20)}:{a1(6, 21)}")

    result = read_return(craft.edit(good, tmp_path / "beside.xlsx", change), plan, 2026)
    assert not [p for p in result.problems if p.code == "S014"] and result.status == FileStatus.ACCEPTED


def test_a_merge_written_thousands_of_times_is_said_once(plan, good, tmp_path):
    """The same merge written 5,000 times (and a smaller merge inside it), as a broken tool may write them: one S014,
    not 5,000 — the 受付結果 and the 差し戻し copy list each merged range once."""
    change = _merge("進捗状況", "進捗状況", 0, 2)
    path = craft.edit(good, tmp_path / "merged.xlsx", change)
    top, bottom, _ids = change.cells
    inner = f"{top}:{top[0]}{int(top[1:]) + 1}"

    def repeat(xml: bytes) -> bytes:
        element = re.search(rb'<mergeCell ref="' + f"{top}:{bottom}".encode() + rb'"\s*/>', xml)[0]
        return xml.replace(element, element * 5000 + f'<mergeCell ref="{inner}"/>'.encode(), 1)

    many = craft.rezip(path, tmp_path / "many.xlsx", {craft.sheet_part(path, layout.SHEET_ITEMS): repeat})
    result = read_return(many, plan, 2026)
    assert result.status == FileStatus.REJECTED
    assert [(p.code, p.cell) for p in result.errors] == [("S014", top)]
