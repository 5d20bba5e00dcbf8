"""Read the cells of a returned workbook — in a worker process (see :mod:`.worker`).

python-calamine reads the cell values (fast, Rust), but only after the sheet's real used
range has been measured from its XML (the cells actually present, not the ``<dimension>`` a
file declares: calamine sizes its range by the cells, and a false declaration harms nothing).
What calamine cannot tell — that an input cell holds a formula (it gives the cached value, or
nothing), or an error value (it gives an empty string), or a text longer than Excel's 32,767
characters (it cuts it) — is read from the sheet XML with defusedxml, only for sheets that
contain any. The result is plain data (lists, dicts, str, float, dates) that pickles.
"""

from __future__ import annotations

import io
import re

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook

from reform_xlsx.intake import parts
from reform_xlsx.intake.cells import column_number
from reform_xlsx.intake.normalise import EXCEL_MAX_TEXT
from reform_xlsx.intake.safety import Inspection

_CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]{1,3})\d")
_CELL_ROW = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"[A-Z]{1,3}(\d{1,7})\"")
_ROW_REF = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d{1,7})\"")



def read_cells(data: bytes, inspection: Inspection, wanted: tuple[str, ...], max_cells: int) -> dict:
    """Read the ``wanted`` sheets of the checked workbook ``data``.

    Returns ``{"sheet_names", "properties", "sheets": {name: {"rows", "special"}},
    "oversized": {name: (last_row, last_col)}}``. ``rows`` start at A1; ``special`` maps A1
    cells to ``("formula", text)``, ``("error", "#DIV/0!")`` or ``("too_long", length)``.
    """
    result: dict = {"sheet_names": [name for name, _part, _state in inspection.sheets],
                    "properties": inspection.properties or {}, "sheets": {}, "oversized": {}}
    book = None
    for name, part, _state in inspection.sheets:
        if name not in wanted or name in result["sheets"]:
            continue
        xml = inspection.parts.get(part, b"")
        last_row, last_col = sheet_extent(xml)
        if last_row * last_col > max_cells:
            result["oversized"][name] = (last_row, last_col)
            continue
        if book is None:
            book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        special = special_cells(xml) if _may_have_special(xml) else {}
        if any(isinstance(v, str) and len(v) >= EXCEL_MAX_TEXT for row in rows for v in row):
            special.update(long_texts(xml, inspection.parts.get(parts.SHARED_STRINGS, b"")))
        result["sheets"][name] = {"rows": rows, "special": special}
    return result


def _may_have_special(xml: bytes) -> bool:
    """A formula element (``<f>``, ``<f t="shared" …/>``, ``<x:f>``) or an error cell (``t="e"``) may be
    in the sheet: then it is parsed for them (most returns have neither)."""
    return any(mark in xml for mark in (b"<f>", b"<f ", b"<f/", b":f>", b":f ", b":f/", b't="e"'))


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(last row, last column), 1-based, of the cells actually present in a sheet's XML."""
    letters = set(_CELL_COLUMN.findall(xml))
    last_col = max((column_number(c.decode()) for c in letters), default=0)
    last_row = max(map(int, _CELL_ROW.findall(xml) + _ROW_REF.findall(xml)), default=0)
    return last_row, last_col


def special_cells(xml: bytes) -> dict[str, tuple[str, str]]:
    """Cells holding a formula or an error value: A1 → (kind, text)."""
    found: dict[str, tuple[str, str]] = {}
    for _event, elem in ElementTree.iterparse(io.BytesIO(xml)):
        if parts.local(elem.tag) != "c":
            continue
        ref = elem.get("r")
        formula = _child(elem, "f")
        if ref and formula is not None:
            found[ref] = ("formula", "=" + (formula.text or "").strip() if formula.text else "共有の数式")
        elif ref and elem.get("t") == "e":
            value = _child(elem, "v")
            found[ref] = ("error", value.text if value is not None and value.text else "#N/A")
        elem.clear()
    return found


def long_texts(xml: bytes, shared_xml: bytes) -> dict[str, tuple[str, int]]:
    """Cells whose text is over Excel's limit (calamine cuts them): A1 → ("too_long", length)."""
    shared = [len("".join(si.itertext())) for _e, si in ElementTree.iterparse(io.BytesIO(shared_xml))
              if parts.local(si.tag) == "si"] if shared_xml else []
    found: dict[str, tuple[str, int]] = {}
    for _event, elem in ElementTree.iterparse(io.BytesIO(xml)):
        if parts.local(elem.tag) != "c":
            continue
        kind, value = elem.get("t"), _child(elem, "v")
        length = 0
        if kind == "inlineStr":
            length = len("".join(elem.itertext()))
        elif kind in ("s", "str") and value is not None and value.text:
            length = shared[int(value.text)] if kind == "s" and value.text.isdigit() and int(value.text) < len(shared) \
                else len(value.text)
        if length > EXCEL_MAX_TEXT and elem.get("r"):
            found[elem.get("r")] = ("too_long", length)
        elem.clear()
    return found


def _child(elem, name: str):
    return next((c for c in elem if parts.local(c.tag) == name), None)
