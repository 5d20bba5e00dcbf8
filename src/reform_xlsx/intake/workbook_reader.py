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

    Returns ``{"sheet_names", "properties", "sheets": {name: {"rows", "special", "percent"}},
    "oversized": {name: (last_row, last_col)}}``. ``rows`` start at A1; ``special`` maps A1
    cells to ``("formula", text)``, ``("error", "#DIV/0!")`` or ``("too_long", length)``;
    ``percent`` is the set of A1 cells formatted as a percentage.
    """
    result: dict = {"sheet_names": [name for name, _part, _state in inspection.sheets],
                    "properties": inspection.properties or {}, "sheets": {}, "oversized": {}}
    book = None
    percent_xfs: set[int] | None = None
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
        if percent_xfs is None:
            percent_xfs = _quietly_percent_styles(inspection.parts.get(parts.STYLES, b""))
        result["sheets"][name] = {"rows": rows, "special": special,
                                  "percent": percent_cells(xml, percent_xfs) if percent_xfs else set()}
    return result


# --- number formats: which cells show their number as a percentage ------------------------
# calamine gives a cell's number without its format; a rate typed as 「120%」 is stored 1.2 and
# shown 120.0 %. What the section sees is what is read, so the reader needs to know which cells
# are formatted as percentages: the styles part says which cell formats (xf) are, the sheet which
# cells use them.
_BUILTIN_PERCENT = {9, 10}  # 0% and 0.00%
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_ATTR_R = re.compile(rb"\br=\"([A-Z]{1,3}\d{1,7})\"")
_ATTR_S = re.compile(rb"\bs=\"(\d{1,6})\"")
_QUOTED = re.compile(r'"[^"]*"|\\.')


def is_percent_format(code: str) -> bool:
    """Whether a number format shows numbers as percentages (a ``%`` outside quotes and escapes)."""
    return "%" in _QUOTED.sub("", code)


def percent_styles(styles_xml: bytes) -> set[int]:
    """Indexes of the cell formats (``cellXfs``) whose number format is a percentage."""
    if not styles_xml:
        return set()
    root = ElementTree.fromstring(styles_xml)
    codes: dict[int, str] = {}
    xfs: list[int] = []
    for elem in root:
        if parts.local(elem.tag) == "numFmts":
            for fmt in elem:
                if fmt.get("numFmtId", "").isdigit():
                    codes[int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
        elif parts.local(elem.tag) == "cellXfs":
            xfs = [int(xf.get("numFmtId", "0")) if xf.get("numFmtId", "0").isdigit() else 0 for xf in elem
                   if parts.local(xf.tag) == "xf"]
    return {n for n, fmt in enumerate(xfs) if fmt in _BUILTIN_PERCENT or is_percent_format(codes.get(fmt, ""))}


def _quietly_percent_styles(styles_xml: bytes) -> set[int]:
    try:
        return percent_styles(styles_xml)
    except Exception:  # noqa: BLE001 - a styles part that does not parse: no cell is a percentage
        return set()


def percent_cells(xml: bytes, styles: set[int]) -> set[str]:
    """The A1 references of the cells of a sheet that use one of the percentage ``styles``."""
    found = set()
    for attributes in _CELL_TAG.findall(xml):
        s = _ATTR_S.search(attributes)
        if s and int(s.group(1)) in styles and (r := _ATTR_R.search(attributes)):
            found.add(r.group(1).decode())
    return found


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
