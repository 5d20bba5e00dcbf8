"""A workbook recalculated by LibreOffice, and the formulas whose fresh value is not the value cached in the file
(the value Excel's protected view and every reader without a calculation engine show)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest

# LibreOffice recalculates an .xlsx on load only when told to (OOXMLRecalcMode 0 = always).
RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def recalculated(soffice: str, source: Path, work: Path) -> Path:
    """``source`` opened by LibreOffice with full recalculation and saved again as .xlsx."""
    profile = work / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_XCU, encoding="utf-8")
    out = work / "recalculated"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    return out / source.name


def same_value(a, b) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return b == pytest.approx(a, rel=1e-9, abs=1e-9)
    return a == b


def formulas_that_differ(source: Path, again: Path) -> tuple[int, list[tuple]]:
    """How many formulas ``source`` has, and those whose value in ``again`` (``source`` recalculated by another
    engine) is not the value cached in ``source``: (sheet, cell, formula, cached, recalculated)."""
    formulas = openpyxl.load_workbook(source)
    cached = openpyxl.load_workbook(source, data_only=True)
    fresh = openpyxl.load_workbook(again, data_only=True)
    checked, differ = 0, []
    for ws in formulas:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    checked += 1
                    want, got = cached[ws.title][cell.coordinate].value, fresh[ws.title][cell.coordinate].value
                    if not same_value(want, got):
                        differ.append((ws.title, cell.coordinate, cell.value[:60], want, got))
    return checked, differ
