"""Fill a section's template programmatically: values by row ID and header label.

For the city's RPA, for the bundled samples and for tests. Cells are found the way the
intake reader finds them (header row by the ID label, columns by header label), so an
inserted or sorted row still fills the right cell. The template is copied, never changed; the copy is built in
memory and put in place in one step (a full disk leaves no half-written workbook at ``target``).
A row that gets a text longer than its height shows is made taller (as Excel and LibreOffice
do when a person types it), so the filled copy prints whole.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.xlsx.sizing import row_height

# {sheet name: {row ID: {header label: value}}}; the 回答者欄 is row ID 「回答者」 of 「取組状況」
# ({"取組状況": {"回答者": {"担当者": "山田", "内線": "1234"}}}).
Answers = Mapping[str, Mapping[str, Mapping[str, object]]]


class FillError(KeyError):
    """A sheet, row ID or header label that the template does not have."""


def fill_template(template: str | Path, answers: Answers, target: str | Path) -> Path:
    """Write ``answers`` into a copy of ``template`` saved as ``target``.

    Strings are stored as text (openpyxl would store a leading "=" as a formula, so such a
    string is stored with the cell's data type forced to text), escaped as Excel stores a typed text
    (:func:`stored_text`); every other text of the form stays as the form stores it (:class:`_StoredTextReader`).
    """
    reader = _StoredTextReader(template)
    reader.read()
    wb = reader.wb
    for sheet, rows in answers.items():
        if sheet not in wb.sheetnames:
            raise FillError(f"シート「{sheet}」がありません")
        ws = wb[sheet]
        cells = cell_map(ws, layout.ID_LABEL_KPI if sheet == layout.SHEET_KPI else layout.ID_LABEL_ITEMS)
        touched = set()
        shown = {row_id: _shown_id(row_id, {i for i, _ in cells}) for row_id in rows}
        for row_id, values in rows.items():
            for label, value in values.items():
                key = (shown[row_id], layout.normalise_label(label))
                if key not in cells:
                    raise FillError(f"{sheet}: ID {row_id} の「{label}」のセルがありません")
                cell = ws[cells[key]]
                cell.value = stored_text(value) if isinstance(value, str) else value
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
                touched.add(cell.row)
        for row in touched:
            _grow(ws, row)
    target = Path(target)
    built = io.BytesIO()
    wb.save(built)  # in memory: a zip openpyxl leaves open on a failed write is never a file on disk
    outputs.write_whole(target, built.getbuffer())
    return target


# what a text cell of .xlsx holds as an escape (ECMA-376 Part 1, ST_Xstring): 「_x000D_」 is read as a CR
# (each 「_」 that starts one: in 「_x005F_x000D_」 both do)
_ESCAPE_FORM = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_NOT_XML = re.compile(r"[\x00-\x08\x0b-\x1f]")  # a CR too: XML would read a bare CR as a line feed


def stored_text(text: str) -> str:
    """``text`` as Excel stores it (and xlsxwriter writes it): a text that looks like an escape gets ``_x005F`` before
    it (「_x000D_」 typed stays those characters), a control character and a CR are escaped (「_x0001_」). openpyxl
    writes a string as it is: 「_x000D_」 was read back as a CR, and a control character made it refuse the fill."""
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", _ESCAPE_FORM.sub("_x005F_", text))


class _StoredTextReader(ExcelReader):
    """openpyxl's reader, each shared string kept as the form stores it (escapes and all), as openpyxl writes it
    again: openpyxl's own reader drops each 「x005F_」 and leaves the other escapes, so a text stored 「_x005F_x000D_」
    (a plan's words or last year's answer typed 「_x000D_」) was written back 「_x000D_」, read as a CR. (Inline strings
    it keeps as stored already.)"""

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return
        tag = f"{{{SHEET_MAIN_NS}}}si"
        strings = []
        with self.archive.open(part.PartName[1:]) as source:
            for _, node in iterparse(source):
                if node.tag == tag:
                    strings.append(Text.from_tree(node).content)
                    node.clear()
        self.shared_strings = strings


def _shown_id(row_id: str, ids: set[str]) -> str:
    """The ID the form shows for ``row_id``: an item of a plan of two levels is 「1-3」 on the form (its ID 「1-1-3」,
    :meth:`~reform_xlsx.plan.model.Plan.item_number`), on a form written before 「1-1-3」 — either ID fills either. The
    form's own IDs decide, not a plan (``fill_template`` takes none): a form of an earlier version keeps the numbers it
    was written with (「1-1-3」 before the plan numbered its items 「1-3」; 「1-3」 of a 1段目 since split in two)."""
    if row_id in ids:
        return row_id
    parts = row_id.split("-")
    if len(parts) == 3 and f"{parts[0]}-{parts[2]}" in ids:
        return f"{parts[0]}-{parts[2]}"
    if len(parts) == 2:
        full = [i for i in ids if (p := i.split("-"))[::2] == parts and len(p) == 3]
        if len(full) == 1:
            return full[0]
    return row_id


def cell_map(ws, id_label: str) -> dict[tuple[str, str], str]:
    """(row ID, normalised header label) → A1 address, for every data row of a sheet."""
    rows = [[c.value for c in r] for r in ws.iter_rows(max_row=min(ws.max_row, 2000))]
    header_row = layout.find_header_row(rows, id_label)
    if header_row is None:
        raise FillError(f"シート「{ws.title}」に見出し「{id_label}」がありません")
    columns = layout.column_index(rows[header_row])
    id_col = columns[layout.normalise_label(id_label)]
    out = {}
    if id_label == layout.ID_LABEL_ITEMS:  # the 回答者欄 above the header: row ID 「回答者」
        for key, (r, c) in layout.find_respondent_cells(rows, header_row).items():
            label = layout.normalise_label(layout.respondent_label(key))
            out[(layout.RESPONDENT_ID, label)] = ws.cell(row=r + 1, column=c + 1).coordinate
    for r in range(header_row + 1, len(rows)):
        row_id = rows[r][id_col]
        if row_id in (None, ""):
            continue
        for label, c in columns.items():
            out[(str(row_id), label)] = ws.cell(row=r + 1, column=c + 1).coordinate
    return out


def _grow(ws, row: int) -> None:
    """Make ``row`` tall enough for its wrapped text (never lower)."""
    cells = [(c.value, ws.column_dimensions[c.column_letter].width or 8.43) for c in ws[row]
             if isinstance(c.value, str) and c.alignment is not None and c.alignment.wrap_text]
    need = row_height(cells)
    current = ws.row_dimensions[row].height or 15
    if need > current:
        ws.row_dimensions[row].height = need
