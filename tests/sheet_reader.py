"""Test helper: find a report's cells by their labels, never by a typed row or column."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def _label(value: object) -> str:
    return "".join(str(value).split()) if value is not None else ""


def header_row(ws: Worksheet, label: str) -> int:
    """The first row (1-based) that has a cell reading ``label`` (spaces and line breaks ignored)."""
    want = _label(label)
    for row in ws.iter_rows():
        if any(_label(c.value) == want for c in row):
            return row[0].row
    raise AssertionError(f"no header {label!r} on {ws.title}")


def columns(ws: Worksheet, row: int) -> dict[str, int]:
    """Header label (first line, spaces removed) → column (1-based) on ``row``, and the whole label too (its lines
    joined: 「令和8年度\n意見」 is 「令和8年度意見」); the first of a label wins."""
    found: dict[str, int] = {}
    for c in ws[row]:
        if c.value is not None:
            found.setdefault(_label(str(c.value).split("\n")[0]), c.column)
    for c in ws[row]:
        if c.value is not None:
            found.setdefault(_label(c.value), c.column)
    return found


class Table:
    """A table on a sheet: the header row holding ``key_label`` (and the next ``header_rows`` − 1
    rows, for grouped headers), then rows keyed by that column's values, up to the first row
    whose key cell is blank."""

    def __init__(self, ws: Worksheet, key_label: str, header_rows: int = 1):
        self.ws = ws
        self.header = header_row(ws, key_label)
        self.cols: dict[str, int] = {}
        for r in range(self.header, self.header + header_rows):
            self.cols = columns(ws, r) | self.cols
        key = self.cols[_label(key_label)]
        self.rows: dict[str, int] = {}
        for r in range(self.header + header_rows, ws.max_row + 1):
            value = ws.cell(r, key).value
            if value in (None, ""):
                break
            self.rows.setdefault(str(value), r)

    def cell(self, row_key: str, col_label: str):
        return self.ws.cell(self.rows[row_key], self.cols[_label(col_label)])

    def value(self, row_key: str, col_label: str):
        return self.cell(row_key, col_label).value

    def column(self, col_label: str) -> dict[str, object]:
        return {k: self.value(k, col_label) for k in self.rows}
