"""What every workbook reform_xlsx writes has in common (xlsxwriter).

- One font, one that every Windows Excel has and LibreOffice can have: BIZ UDゴシック.
- User text is always text: strings are never turned into formulas, links or numbers.
- :class:`GrowingRowsWorksheet`: rows whose height is a starting point, not a manual height, so
  that Excel and LibreOffice make them taller as a section types a long answer.
"""

from __future__ import annotations

import copy
from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

FONT = "BIZ UDゴシック"
FONT_SIZE = 10

_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE},
}


def workbook_options() -> dict:
    """A fresh copy each time: xlsxwriter writes into the options it is given."""
    return copy.deepcopy(_OPTIONS)


def new_workbook(path: str | Path) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(str(path), workbook_options())


class GrowingRowsWorksheet(Worksheet):
    """A worksheet whose rows set with :meth:`set_growing_row` keep their height without the
    ``customHeight`` mark: both applications show the height as written, and treat the row as
    fitted to its content, so typing a long text into a wrapped cell makes the row taller (a row
    whose height was set by hand keeps it and cuts the text off, on screen and on paper).

    xlsxwriter always marks a height it writes as custom; this class drops the mark for the rows
    it was told about (and a test checks the written XML, so an xlsxwriter change cannot
    silently bring the mark back)."""

    def __init__(self) -> None:
        super().__init__()
        self.growing_rows: set[int] = set()

    def set_growing_row(self, row: int, height: float) -> None:
        self.set_row(row, height)
        self.growing_rows.add(row)

    def _row_attributes(self, attributes):
        row = int(dict(attributes)["r"]) - 1
        if row in self.growing_rows:
            return [(k, v) for k, v in attributes if k != "customHeight"]
        return attributes

    def _xml_start_tag_unencoded(self, tag, attributes=None):
        if tag == "row" and attributes:
            attributes = self._row_attributes(attributes)
        super()._xml_start_tag_unencoded(tag, attributes or [])

    def _xml_empty_tag_unencoded(self, tag, attributes=None):
        if tag == "row" and attributes:
            attributes = self._row_attributes(attributes)
        super()._xml_empty_tag_unencoded(tag, attributes or [])
