"""What every workbook reform_xlsx writes has in common (xlsxwriter).

- One font, one that every Windows Excel has and LibreOffice can have: BIZ UDゴシック.
- User text is always text: strings are never turned into formulas, links or numbers.
- Written atomically: the workbook is written to a temporary file beside the target and moved
  into place in one step when it is complete, so that a kill or a crash never leaves half a file
  where the previous good one was.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path

import xlsxwriter

from reform_xlsx.outputs import usual_permissions

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


class AtomicWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook that appears at its path only whole (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.target = Path(path)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~reform-xlsx-", suffix=".xlsx", dir=self.target.parent)
        os.close(fd)
        self.tmp = Path(tmp)
        super().__init__(tmp, workbook_options())

    def close(self) -> None:
        try:
            super().close()
            usual_permissions(self.tmp)
            try:
                os.replace(self.tmp, self.target)
            except OSError as exc:  # name the file people know (open in Excel, read-only …)
                raise type(exc)(exc.errno, exc.strerror, str(self.target)) from None
        finally:
            self.tmp.unlink(missing_ok=True)

    def abandon(self) -> None:
        """Give up without writing: the target is left as it was."""
        self.tmp.unlink(missing_ok=True)


def new_workbook(path: str | Path) -> AtomicWorkbook:
    return AtomicWorkbook(path)
