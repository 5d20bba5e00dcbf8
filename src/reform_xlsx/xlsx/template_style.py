"""Cell formats and page setup shared by the template's sheets (xlsxwriter).

Grey = locked plan facts, pale yellow = the section's inputs. One font everywhere:
BIZ UDゴシック (installed with Windows 10 and later; LibreOffice substitutes a Gothic font).
"""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.xlsx.workbook import FONT

FONT_NAME = FONT
LOCKED_FILL = "#EDEDED"
HEADER_FILL = "#D0D0D0"
INPUT_FILL = "#FFF2CC"
INPUT_HEADER_FILL = "#FFD966"
HISTORY_FONT = "#404040"
BORDER_COLOUR = "#808080"

NUMBER_FORMATS = {"rate": "0.0%", "count": "#,##0", "yen": "#,##0", "count.1": "#,##0.0"}

# Sheet protection without a password: it prevents slips, not people (docs/template-spec.md).
PROTECT_OPTIONS = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_rows": True,  # a section may make a row taller for a long answer
    "format_columns": True,
}


class Styles:
    """Creates each distinct format once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple, Format] = {}

    def get(self, **props: object) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(dict(props))
        return self._cache[key]

    def title(self) -> Format:
        return self.get(bold=True, font_size=14)

    def note(self) -> Format:
        return self.get(font_size=9, valign="vcenter")

    def header(self, input: bool = False) -> Format:
        return self.get(bold=True, text_wrap=True, align="center", valign="vcenter", border=1,
                        border_color=BORDER_COLOUR, bg_color=INPUT_HEADER_FILL if input else HEADER_FILL)

    def locked(self, align: str = "left", num_format: str | None = None, history: bool = False,
               wrap: bool = True) -> Format:
        props: dict[str, object] = dict(text_wrap=wrap, valign="top", align=align, border=1,
                                        border_color=BORDER_COLOUR, bg_color=LOCKED_FILL)
        if num_format:
            props["num_format"] = num_format
        if history:
            props["font_color"] = HISTORY_FONT
        return self.get(**props)

    def input(self, num_format: str | None = None, wrap: bool = True, locked: bool = False) -> Format:
        props: dict[str, object] = dict(text_wrap=wrap, valign="top", border=1, border_color=BORDER_COLOUR,
                                        bg_color=INPUT_FILL, locked=locked)
        if num_format:
            props["num_format"] = num_format
        return self.get(**props)

    def plain(self, bold: bool = False, wrap: bool = True) -> Format:
        return self.get(bold=bold, text_wrap=wrap, valign="top")


def header_footer_text(text: str) -> str:
    """Escape ``&`` for Excel's header/footer codes."""
    return text.replace("&", "&&")


def setup_page(sheet: Worksheet, left: str, centre: str, right: str, repeat_row: int | None) -> None:
    """A4 landscape, one page wide, title row repeated, header and footer with page numbers."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.3, right=0.3, top=0.75, bottom=0.6)
    sheet.set_header(f"&L{header_footer_text(left)}&C{header_footer_text(centre)}&R{header_footer_text(right)}",
                     {"margin": 0.3})
    sheet.set_footer("&C&P / &N ページ", {"margin": 0.3})
    if repeat_row is not None:
        sheet.repeat_rows(repeat_row)
