"""The baseline for writing: the same cells, formats and validations written with bare xlsxwriter.

    python benchmarks/bare_write.py dump FOLDER SPEC.json   # read every workbook in FOLDER (openpyxl)
    python benchmarks/bare_write.py write SPEC.json OUTDIR  # write them again with xlsxwriter only

``dump_workbook`` reads a workbook's cells (values and formulas), each cell's format (font,
fill, border, alignment, number format, lock), column widths, row heights, merged ranges, data
validations, sheet protection and hidden state; ``write_workbook`` writes exactly that with
xlsxwriter, one format per distinct style — what any tool must at least do to make the file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import openpyxl
import xlsxwriter
from openpyxl.utils.cell import range_boundaries


def _style(cell) -> dict:
    font, fill, align = cell.font, cell.fill, cell.alignment
    style = {"font_name": font.name, "font_size": float(font.sz or 10), "bold": bool(font.b),
             "num_format": cell.number_format, "text_wrap": bool(align.wrap_text), "locked": cell.protection.locked,
             "valign": align.vertical or "bottom", "align": align.horizontal or "general", "border": 1 if cell.border.left.style else 0}
    if fill.fill_type == "solid" and fill.fgColor.rgb and isinstance(fill.fgColor.rgb, str):
        style["bg_color"] = "#" + fill.fgColor.rgb[-6:]
    if style["valign"] == "center":
        style["valign"] = "vcenter"
    if style["align"] == "general":
        del style["align"]
    return style


def dump_workbook(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.has_style:
                    cells.append([c.row - 1, c.column - 1, c.value if not hasattr(c.value, "isoformat") else str(c.value),
                                  _style(c)])
        validations = []
        for dv in ws.data_validations.dataValidation:
            for rng in str(dv.sqref).split():
                c1, r1, c2, r2 = range_boundaries(rng)
                validations.append([r1 - 1, c1 - 1, r2 - 1, c2 - 1, {
                    "validate": {"list": "list", "whole": "integer", "decimal": "decimal"}.get(dv.type, "any"),
                    **({"source": dv.formula1} if dv.type == "list" else {}),
                    **({"criteria": "between", "minimum": 0, "maximum": 1} if dv.type == "decimal" else {}),
                    **({"criteria": ">=", "value": 0} if dv.type == "whole" else {}),
                    "input_title": (dv.promptTitle or "")[:32], "input_message": (dv.prompt or "")[:255]}])
        sheets.append({
            "name": ws.title, "hidden": ws.sheet_state != "visible", "protected": bool(ws.protection.sheet),
            "cells": cells, "validations": validations,
            "widths": {k: v.width for k, v in ws.column_dimensions.items() if v.width},
            "heights": {k: v.height for k, v in ws.row_dimensions.items() if v.height},
            "merged": [str(m) for m in ws.merged_cells.ranges],
        })
    return {"sheets": sheets, "names": {n: d.attr_text for n, d in wb.defined_names.items()}}


def write_workbook(spec: dict, target: Path) -> None:
    wb = xlsxwriter.Workbook(str(target), {"strings_to_formulas": False, "strings_to_urls": False,
                                           "strings_to_numbers": False})
    formats: dict[str, object] = {}

    def fmt(style: dict):
        key = json.dumps(style, sort_keys=True)
        if key not in formats:
            formats[key] = wb.add_format(style)
        return formats[key]

    for sheet in spec["sheets"]:
        ws = wb.add_worksheet(sheet["name"])
        for letter, width in sheet["widths"].items():
            col = openpyxl.utils.column_index_from_string(letter) - 1
            ws.set_column(col, col, width)
        for row, height in sheet["heights"].items():
            ws.set_row(int(row) - 1, height)
        spans = {}
        for rng in sheet["merged"]:
            c1, r1, c2, r2 = range_boundaries(rng)
            spans[(r1 - 1, c1 - 1)] = (r2 - 1, c2 - 1)
            spans.update({(r, c): None for r in range(r1 - 1, r2) for c in range(c1 - 1, c2) if (r, c) != (r1 - 1, c1 - 1)})
        for r, c, value, style in sheet["cells"]:
            f = fmt(style)
            if (r, c) in spans:
                if spans[(r, c)] is not None:
                    ws.merge_range(r, c, *spans[(r, c)], value if value is not None else "", f)
                continue
            if isinstance(value, str) and value.startswith("="):
                ws.write_formula(r, c, value, f)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(r, c, value, f)
            elif value is None:
                ws.write_blank(r, c, None, f)
            else:
                ws.write_string(r, c, str(value), f)
        for r1, c1, r2, c2, options in sheet["validations"]:
            ws.data_validation(r1, c1, r2, c2, options)
        if sheet["protected"]:
            ws.protect("")
        if sheet["hidden"]:
            ws.hide()
    for name, ref in spec["names"].items():
        wb.define_name(name, "=" + ref)
    wb.close()


def main(argv: list[str]) -> int:
    if argv[0] == "dump":
        folder, target = Path(argv[1]), Path(argv[2])
        specs = {p.name: dump_workbook(p) for p in sorted(folder.glob("*.xlsx"))}
        target.write_text(json.dumps(specs, ensure_ascii=False), encoding="utf-8")
    else:
        specs = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        out = Path(argv[2])
        out.mkdir(parents=True, exist_ok=True)
        for name, spec in specs.items():
            write_workbook(spec, out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
