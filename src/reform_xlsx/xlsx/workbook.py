"""What every workbook reform_xlsx writes has in common (xlsxwriter).

- One font, one that every Windows Excel has and LibreOffice can have: BIZ UDゴシック.
- User text is always text: strings are never turned into formulas, links or numbers, nor taken for
  xlsxwriter's own rich-text XML (:class:`TextWorksheet`), and a text that looks like an escape of .xlsx
  (「_x005F_x000D_」) reads back as typed.
- Written atomically: the workbook is written to a temporary file beside the target and moved
  into place in one step when it is complete, so that a kill or a crash never leaves half a file
  where the previous good one was.
- :class:`GrowingRowsWorksheet`: rows whose height is a starting point, not a manual height, so
  that Excel and LibreOffice make them taller as a section types a long answer.
- Its document time (docProps/core.xml 作成日時・更新日時) is in UTC, as the part says
  (:meth:`AtomicWorkbook.set_properties`), whatever time zone this PC is set to.
"""

from __future__ import annotations

import copy
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter
import xlsxwriter.xmlwriter
from xlsxwriter.worksheet import CellStringTuple, Worksheet

from reform_xlsx.outputs import replacing
from reform_xlsx.xlsx.sizing import FONT_SIZE

FONT = "BIZ UDゴシック"

# A text cell (and a note) of .xlsx holds a control character as an escape, 「_x000D_」 for a CR, and a text that looks
# like one with 「_x005F」 before each 「_」 that starts one. xlsxwriter finds the escape forms one after another, so of
# two that share an 「_」 (「_x005F_x000D_」, as a section may paste it) it escaped the first only, and Excel,
# LibreOffice and the intake read the second as a CR: every 「_」 that starts one is escaped (its replacement
# 「_x005F\\1」 writes 「_x005F_」 for each).
xlsxwriter.xmlwriter.re_control_chars_1 = re.compile(r"(_)(?=x[0-9a-fA-F]{4}_)")

_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "in_memory": True,  # assemble the parts in memory: no temporary file per sheet or chart
    "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE},
}


def workbook_options() -> dict:
    """A fresh copy each time: xlsxwriter writes into the options it is given."""
    return copy.deepcopy(_OPTIONS)


class TextWorksheet(Worksheet):
    """A worksheet whose strings are always the text given, whatever it looks like.

    xlsxwriter keeps a rich string (:meth:`write_rich_string`) in its table of strings as the XML of its runs,
    and writes any string that starts with ``<r>`` and ends with ``</r>`` into ``xl/sharedStrings.xml`` as it is,
    unescaped: a section's 取組実績 「<r>実施した & 継続</r>」 made the part not XML, and the workbook one Excel
    repairs and LibreOffice reads without its texts (the PDF packet lost every one). Such a text is written here
    as the one run it is, its characters escaped; every other string is written by xlsxwriter as before."""

    def _write_string(self, row, col, string, cell_format=None):
        if self.constant_memory or not (string.startswith("<r>") and string.endswith("</r>")):
            return super()._write_string(row, col, string, cell_format)  # (an inline string is escaped)
        if self._check_dimensions(row, col):
            return -1
        error = 0
        if len(string.encode("utf-16-le", "surrogatepass")) // 2 > self.xls_strmax:  # as xlsxwriter cuts one
            string, error = _cut_utf16(string, self.xls_strmax), -2
        run = f'<r><t xml:space="preserve">{escape(string)}</t></r>'  # (control characters: as every string)
        self.table[row][col] = CellStringTuple(self.str_table._get_shared_string_index(run), cell_format)
        return error


def _cut_utf16(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` UTF-16 code units, never inside a character."""
    return text.encode("utf-16-le", "surrogatepass")[:2 * limit].decode("utf-16-le", "ignore")


class AtomicWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook that appears at its path only whole (see the module docstring).

    The workbook is assembled in memory and written to a temporary file beside the target only when
    it is complete: a workbook given up half-way (an error, Ctrl-C) leaves no file behind, and a disk
    that fills up fails one plain write (named after the target), never a zip file half-closed."""

    def __init__(self, path: str | Path) -> None:
        self.target = Path(path)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, workbook_options())
        self.worksheet_class = TextWorksheet  # every sheet added without a class of its own

    def set_properties(self, properties: dict) -> None:
        """The document properties; their ``created`` time (docProps/core.xml's 作成日時 and 更新日時) in UTC.
        xlsxwriter writes the time it is given followed by 「Z」 (UTC) as it is, so a naive local time (the ledger's
        受付日時, ``datetime.now()``) said on a PC in Japan that a packet made at 10:00 was made at 19:00 (Excel shows
        the part's time in the PC's zone). A naive time is this PC's clock, as the ledger keeps its times; an aware one
        is converted; one this PC cannot convert (before 1970 on Windows) is written as given."""
        when = properties.get("created")
        if isinstance(when, datetime):
            # a plain datetime first: a pandas Timestamp (a datetime too) refuses astimezone when naive
            when = datetime.combine(when.date(), when.time(), when.tzinfo)
            try:
                properties = {**properties, "created": when.astimezone(UTC)}
            except (OverflowError, OSError, ValueError):
                pass
        super().set_properties(properties)

    def close(self) -> None:
        try:
            super().close()  # into memory
            with replacing(self.target) as partial:
                partial.write_bytes(self.buffer.getbuffer())
        finally:
            self.buffer = io.BytesIO()
            self._release_cells()

    def _release_cells(self) -> None:
        """Free the cells now. xlsxwriter's objects refer to each other (the workbook, its sheets, its
        string table), so a written workbook would wait for Python's cycle collector with every cell it
        held — the next workbook of a merge would be built on top of the last one's cells."""
        for sheet in self.worksheets():
            sheet.table.clear()
        self.str_table.string_table.clear()
        self.str_table.string_array.clear()

    def abandon(self) -> None:
        """Give up without writing: the target is left as it was (nothing was written yet)."""
        self.buffer = io.BytesIO()


def new_workbook(path: str | Path) -> AtomicWorkbook:
    return AtomicWorkbook(path)


class GrowingRowsWorksheet(TextWorksheet):
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
