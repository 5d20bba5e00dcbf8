"""Test helper: read a template back with openpyxl the way a reader would (by ID and header label)."""

from __future__ import annotations

from openpyxl.utils import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from reform_xlsx.form import layout

ID_LABELS = {layout.SHEET_ITEMS: layout.ID_LABEL_ITEMS, layout.SHEET_KPI: layout.ID_LABEL_KPI}


def header_and_rows(ws: Worksheet) -> tuple[int, list[object], list[tuple]]:
    """(header row number 1-based, header labels, data rows as cell tuples)."""
    values = [list(r) for r in ws.iter_rows(values_only=True)]
    h = layout.find_header_row(values, ID_LABELS[ws.title])
    assert h is not None, f"no header row on {ws.title}"
    header = values[h]
    while header and header[-1] is None:
        header = header[:-1]
    rows = [r for r in ws.iter_rows(min_row=h + 2) if r[0].value is not None]
    return h + 1, header, rows


def read_table(ws: Worksheet) -> dict[str, dict[str, object]]:
    """{ID: {normalised header label: value}} of a data sheet."""
    _, header, rows = header_and_rows(ws)
    index = layout.column_index(header)
    id_col = index[layout.normalise_label(ID_LABELS[ws.title])]
    return {str(r[id_col].value): {label: r[c].value for label, c in index.items()} for r in rows}


def locked_from_workbook(wb, columns_by_sheet) -> dict[str, dict[str, dict[str, object]]]:
    """Rebuild {sheet: {ID: {key: value}}} of the locked columns from a workbook."""
    result = {}
    for sheet, columns in columns_by_sheet.items():
        table = read_table(wb[sheet])
        result[sheet] = {row_id: {c.key: cells[layout.normalise_label(c.label)] for c in columns if not c.input}
                         for row_id, cells in table.items()}
    return result


def validations(ws):
    """{(row, column) 1-based: the DataValidation that covers that cell} of a sheet."""
    found = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            min_col, min_row, max_col, max_row = range_boundaries(rng)
            for r in range(min_row, max_row + 1):
                for c in range(min_col, max_col + 1):
                    found[(r, c)] = dv
    return found
