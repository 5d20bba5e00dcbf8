"""What every workbook reform_xlsx writes has in common (xlsxwriter).

- One font, one that every Windows Excel has and LibreOffice can have: BIZ UDゴシック.
- User text is always text: strings are never turned into formulas, links or numbers.
"""

from __future__ import annotations

import copy
from pathlib import Path

import xlsxwriter

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
