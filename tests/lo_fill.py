"""Fill a workbook in LibreOffice Calc through UNO, the way a person types, and save it as .xlsx.

Two halves in one file:

- From the tests (any Python; call ``require_uno()`` first to skip cleanly where python3-uno is
  missing): ``fill(path_in, path_out, {sheet: {"J4": "B 概ね計画どおり"}})``
  runs this file with the system Python that has python3-uno (``/usr/bin/python3``; on Windows
  LibreOffice's own ``python.exe`` beside ``soffice.exe``; or ``REFORM_XLSX_UNO_PYTHON``) and returns what Calc stored in each cell. ``fill_by_id`` takes
  ``{sheet: {row ID: {header label: value}}}`` instead and finds the cells like the reader does.
- As a script (``/usr/bin/python3 tests/lo_fill.py SPEC.json``): starts its own headless
  soffice on a private pipe with a throw-away profile, opens the workbook, types the values,
  stores it with the filter "Calc MS Excel 2007 XML", and always shuts soffice down.

Strings are *typed*: Calc reads them as keyboard input, so ``"82.5%"`` becomes 0.825 and
``"1,200,000"`` a number; ints and floats are set as numbers. With ``keyboard=True`` Calc runs in the
Japanese locale (ja-JP, as on a section's PC) and each string goes in through the view — the cursor moved
to the cell, the text entered as Enter enters it (``.uno:GoToCell``, ``.uno:EnterString``) — so Calc's
automatic formats apply too (「85%」 gives the cell a percent format, 「2027/3/31」 becomes a date).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path, PureWindowsPath


def uno_python(environ=os.environ, windows: bool = os.name == "nt", soffice: str | None = None) -> str:
    """The Python that has ``uno``: ``REFORM_XLSX_UNO_PYTHON`` if set; else the system's ``/usr/bin/python3``
    (python3-uno), or on Windows the one LibreOffice brings, beside its soffice.exe (``soffice``: where
    :func:`find_soffice` finds it)."""
    if environ.get("REFORM_XLSX_UNO_PYTHON"):
        return environ["REFORM_XLSX_UNO_PYTHON"]
    if not windows:
        return "/usr/bin/python3"
    if soffice is None:
        from reform_xlsx.xlsx.libreoffice import find_soffice

        soffice = find_soffice()
    return str(PureWindowsPath(soffice).with_name("python.exe")) if soffice else "python.exe"


def stop(proc: subprocess.Popen) -> None:
    """Kill ``proc`` and what it started: its process group where there are groups (``start_new_session``); on
    Windows, which has neither, the process itself."""
    if hasattr(os, "killpg"):
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        proc.kill()


UNO_PYTHON = uno_python() if __name__ != "__main__" else None  # the script side is that Python (without reform_xlsx)
XLSX_FILTER = "Calc MS Excel 2007 XML"


class LoFillError(RuntimeError):
    """LibreOffice could not open, fill or save the workbook."""


# --- test side ---------------------------------------------------------------------
UNO_MISSING = ("python3-uno（{python} の import uno）が使えないため、LibreOffice に入力させるテストを飛ばします。"
               "apt-get install python3-uno で実行できます。")


def require_uno() -> None:
    """Skip the calling test when the UNO Python is missing (fail instead when CI requires LibreOffice)."""
    import pytest

    try:
        ok = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        ok = False
    if not ok:
        message = UNO_MISSING.format(python=UNO_PYTHON)
        if os.environ.get("REFORM_XLSX_REQUIRE_SOFFICE"):
            pytest.fail(message + " (REFORM_XLSX_REQUIRE_SOFFICE is set: CI must run it)")
        pytest.skip(message)


def fill(path_in: str | Path, path_out: str | Path, cells: dict[str, dict[str, object]],
         soffice: str | None = None, timeout: float = 240,
         delete_rows: dict[str, list[int]] | None = None, keyboard: bool = False,
         insert_columns: dict[str, list[int]] | None = None,
         new_sheets: dict[str, dict[str, str]] | None = None,
         copy_paste: dict[str, list[tuple[str, str]]] | None = None,
         drag_fill: dict[str, list[tuple[str, str]]] | None = None, steps: list[dict] | None = None,
         save_filter: str = XLSX_FILTER) -> dict[str, dict[str, list]]:
    """Type ``cells`` ({sheet: {A1: value}}) into ``path_in`` in LibreOffice; save as ``path_out``.
    ``delete_rows`` ({sheet: [row numbers]}): then unprotect the sheet (no password) and delete those
    rows, as a section chief does; ``insert_columns`` ({sheet: [column numbers, 1 = A]}) likewise inserts an
    empty column before each. ``new_sheets`` ({name: {A1: text}}): first add those sheets (after the first one, as a
    sheet of notes is added), so that ``cells`` may name them too. ``copy_paste`` ({sheet: [(source range, target cell)]}):
    first copy each source and paste it at the target through the view, as Ctrl+C and Ctrl+V do (the cells' values
    with their formats, on the protected sheet). ``drag_fill`` ({sheet: [(range, "down" | "up")]}): after typing,
    drag the fill handle of the range's first cell down over it (its last cell up), as a hurried chief copies a value
    to the rows below — Calc's AutoFill (``XCellSeries.fillAuto``), which counts a number on by 1 (100000, 100001 …)
    and a text's leading or trailing number (「工事その1」, 「工事その2」 …). ``keyboard``: type through the view in the ja-JP
    locale (module doc). ``steps``: then what a hurried clerk does, in order (:func:`_step`: insert, delete,
    copy rows, sort, Find & Replace, hide a column, type, optimal height). ``save_filter``: another format to save in (``"calc8"``:
    .ods, as 「名前を付けて保存」 may keep it).

    Returns {sheet: {A1: [kind, value]}} as Calc stored it (kind: VALUE, TEXT, FORMULA, EMPTY).
    """
    if soffice is None:
        from reform_xlsx.xlsx.libreoffice import find_soffice
        soffice = find_soffice()
    if not soffice:
        raise LoFillError("soffice not found")
    spec = {"soffice": soffice, "input": str(Path(path_in).resolve()), "output": str(Path(path_out).resolve()),
            "cells": cells, "delete_rows": delete_rows or {}, "insert_columns": insert_columns or {},
            "new_sheets": new_sheets or {}, "keyboard": keyboard, "copy_paste": copy_paste or {},
            "drag_fill": drag_fill or {}, "steps": steps or [], "filter": save_filter}
    with tempfile.TemporaryDirectory(prefix="reform-lo-fill-") as tmp:
        spec_path = Path(tmp) / "spec.json"
        spec_path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        proc = subprocess.Popen([UNO_PYTHON, __file__, str(spec_path)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop(proc)
            proc.communicate()
            raise LoFillError(f"LibreOffice did not finish within {timeout:.0f} s") from None
    if proc.returncode != 0:
        raise LoFillError(f"lo_fill failed ({proc.returncode}): {err.strip()[-2000:]}")
    return json.loads(out)


def fill_by_id(path_in: str | Path, path_out: str | Path, answers: dict[str, dict[str, dict[str, object]]],
               **kwargs) -> dict[str, dict[str, list]]:
    """Like :func:`fill`, with cells named by row ID and header label ({sheet: {ID: {label: value}}})."""
    import openpyxl

    from reform_xlsx.form import layout
    from reform_xlsx.templates.fill import cell_map

    wb = openpyxl.load_workbook(path_in)
    cells: dict[str, dict[str, object]] = {}
    for sheet, rows in answers.items():
        id_label = layout.ID_LABEL_KPI if sheet == layout.SHEET_KPI else layout.ID_LABEL_ITEMS
        addresses = cell_map(wb[sheet], id_label)
        for row_id, values in rows.items():
            for label, value in values.items():
                cells.setdefault(sheet, {})[addresses[(row_id, layout.normalise_label(label))]] = value
    return fill(path_in, path_out, cells, **kwargs)


# --- LibreOffice side (system Python with uno) ---------------------------------------
def _connect(uno, pipe: str, proc: subprocess.Popen, wait: float = 90):
    from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + wait
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("could not connect to soffice") from None
            time.sleep(0.3)


def _prop(uno, name: str, value: object):
    p = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    p.Name, p.Value = name, value
    return p


def _describe(cell) -> list:
    kind = cell.getType().value  # EMPTY | VALUE | TEXT | FORMULA
    if kind == "VALUE":
        return [kind, cell.getValue()]
    if kind == "FORMULA":
        return [kind, cell.getFormula()]
    return [kind, cell.getString()]


JAPANESE_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>ja-JP</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>ja-JP</value></prop></item>
</oor:items>
"""


def _view(ctx, doc, sheet):
    """The dispatcher and the frame of ``doc``'s view, ``sheet`` the active one."""
    controller = doc.getCurrentController()
    controller.setActiveSheet(sheet)
    return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx), controller.getFrame()


def _type_through_view(uno, ctx, doc, sheet, address: str, text: str) -> None:
    """Move the cursor to ``address`` and enter ``text`` as the keyboard does (Enter)."""
    dispatch, frame = _view(ctx, doc, sheet)
    dispatch.executeDispatch(frame, ".uno:GoToCell", "", 0, (_prop(uno, "ToPoint", address),))
    dispatch.executeDispatch(frame, ".uno:EnterString", "", 0, (_prop(uno, "StringName", text),))


def _copy_paste(uno, ctx, doc, sheet, source: str, target: str) -> None:
    """Select ``source`` and copy it, then paste at ``target``, as Ctrl+C and Ctrl+V do (formats and all)."""
    dispatch, frame = _view(ctx, doc, sheet)
    dispatch.executeDispatch(frame, ".uno:GoToCell", "", 0, (_prop(uno, "ToPoint", source),))
    dispatch.executeDispatch(frame, ".uno:Copy", "", 0, ())
    dispatch.executeDispatch(frame, ".uno:GoToCell", "", 0, (_prop(uno, "ToPoint", target),))
    dispatch.executeDispatch(frame, ".uno:Paste", "", 0, ())


def _drag_fill(uno, sheet, address: str, way: str) -> None:
    """Drag the fill handle of ``address``'s first cell down over the range (``way`` "up": of its last cell, up), as
    Calc's AutoFill does it (on the protected sheet: the input cells are unlocked)."""
    direction = uno.Enum("com.sun.star.sheet.FillDirection", "TO_BOTTOM" if way == "down" else "TO_TOP")
    sheet.getCellRangeByName(address).fillAuto(direction, 1)


def _step(uno, ctx, doc, step: dict, stored: dict, keyboard: bool) -> None:
    """One thing a clerk does to a sheet (``step["do"]``), the protection taken off first as they must:

    - ``insert_rows`` {row, count}: empty rows inserted before ``row`` (Calc gives them the row above's formats);
    - ``delete_rows`` {rows}: those rows deleted;
    - ``copy`` {source: "A39:M39", target: "A40"}: Ctrl+C, Ctrl+V (values and formats);
    - ``sort`` {range: "A3:M69", column: 4 (0 = the range's first), header: true}: データ → 並べ替え;
    - ``replace`` {search, replace}: 検索と置換 → すべて置換 on this sheet (every sheet with ``sheet`` "*");
    - ``hide_column`` {column: 1 = A}: 列の非表示;
    - ``copy_sheet`` {name, position (0 = first; default: after the sheet)}: the sheet copied whole beside it, as
      シートの移動またはコピー → コピーする does (Calc names it 「推進室評価_2」; Excel would 「推進室評価 (2)」);
    - ``type`` {cells: {A1: value}}: typed as :func:`fill` types them;
    - ``optimal_height`` {rows: [first, last]} (1-based): the rows' height made the one Calc measures for their text,
      as a double-click on a row's lower border does (the 記入要領 tells a section to, when a row did not grow).
    """
    names = doc.Sheets.getElementNames() if step["sheet"] == "*" else (step["sheet"],)
    for name in names:
        sheet = doc.Sheets.getByName(name)
        sheet.unprotect("")
        do = step["do"]
        if do == "insert_rows":
            sheet.Rows.insertByIndex(step["row"] - 1, step.get("count", 1))
        elif do == "delete_rows":
            for row in sorted(step["rows"], reverse=True):
                sheet.Rows.removeByIndex(row - 1, 1)
        elif do == "copy":
            _copy_paste(uno, ctx, doc, sheet, step["source"], step["target"])
        elif do == "sort":
            cells = sheet.getCellRangeByName(step["range"])
            field = uno.createUnoStruct("com.sun.star.table.TableSortField")
            field.Field, field.IsAscending = step["column"], True
            descriptor = cells.createSortDescriptor()
            for prop in descriptor:
                if prop.Name == "SortFields":
                    prop.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
                elif prop.Name == "ContainsHeader":
                    prop.Value = step.get("header", True)
            cells.sort(descriptor)
        elif do == "replace":
            replace = sheet.createReplaceDescriptor()
            replace.SearchString, replace.ReplaceString = step["search"], step["replace"]
            sheet.replaceAll(replace)
        elif do == "copy_sheet":
            position = step.get("position", list(doc.Sheets.getElementNames()).index(name) + 1)
            doc.Sheets.copyByName(name, step["name"], position)
        elif do == "hide_column":
            sheet.Columns.getByIndex(step["column"] - 1).IsVisible = False
        elif do == "optimal_height":
            first, last = step["rows"]
            for index in range(first - 1, last):
                sheet.Rows.getByIndex(index).OptimalHeight = True
        elif do == "type":
            for address, value in step["cells"].items():
                cell = sheet.getCellRangeByName(address)
                if isinstance(value, str) and keyboard:
                    _type_through_view(uno, ctx, doc, sheet, address, value)
                elif isinstance(value, str):
                    cell.setFormula(value)
                else:
                    cell.setValue(float(value))
                stored.setdefault(name, {})[address] = _describe(cell)
        else:
            raise ValueError(f"unknown step {do!r}")


def _fill_in_office(spec: dict) -> dict:
    import uno  # type: ignore[import-not-found]

    profile = tempfile.mkdtemp(prefix="reform-lo-profile-")
    if spec.get("keyboard"):
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(JAPANESE_PROFILE, encoding="utf-8")
    # the workbook is opened from a copy in the private profile: a lock file beside the input, left by a soffice that
    # died closing it (under load), made every later fill of that input fail to load it (None, no reason)
    (Path(profile) / "in").mkdir()
    opened = str(Path(profile) / "in" / Path(spec["input"]).name)
    shutil.copyfile(spec["input"], opened)
    pipe = "reform_xlsx_" + uuid.uuid4().hex
    proc = subprocess.Popen(
        [spec["soffice"], f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
         "--norestore", "--nologo", "--nodefault", "--nolockcheck",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    desktop = None
    try:
        ctx = _connect(uno, pipe, proc)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = None
        for attempt in range(3):  # a fresh profile on a busy machine can refuse the first load (None, no reason given)
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(opened), "_blank", 0,
                                               (_prop(uno, "Hidden", True),))
            if doc is not None:
                break
            time.sleep(1 + attempt)
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {spec['input']}")
        stored: dict[str, dict[str, list]] = {}
        for position, (sheet_name, cells) in enumerate(spec.get("new_sheets", {}).items(), start=1):
            doc.Sheets.insertNewByName(sheet_name, position)
            spec["cells"][sheet_name] = {**cells, **spec["cells"].get(sheet_name, {})}
        for sheet_name, pastes in spec.get("copy_paste", {}).items():
            sheet = doc.Sheets.getByName(sheet_name)
            for source, target in pastes:
                _copy_paste(uno, ctx, doc, sheet, source, target)
                stored.setdefault(sheet_name, {})[target] = _describe(sheet.getCellRangeByName(target))
        for sheet_name, cells in spec["cells"].items():
            sheet = doc.Sheets.getByName(sheet_name)
            for address, value in cells.items():
                cell = sheet.getCellRangeByName(address)
                if isinstance(value, str) and spec.get("keyboard"):
                    _type_through_view(uno, ctx, doc, sheet, address, value)
                elif isinstance(value, str):
                    cell.setFormula(value)  # parsed like keyboard input
                else:
                    cell.setValue(float(value))
                stored.setdefault(sheet_name, {})[address] = _describe(cell)
        for sheet_name, drags in spec.get("drag_fill", {}).items():
            sheet = doc.Sheets.getByName(sheet_name)
            for address, way in drags:
                _drag_fill(uno, sheet, address, way)
                cells = sheet.getCellRangeByName(address)
                for row in range(cells.getRows().getCount()):
                    for column in range(cells.getColumns().getCount()):
                        cell = cells.getCellByPosition(column, row)
                        name = cell.AbsoluteName.rsplit(".", 1)[-1].replace("$", "")
                        stored.setdefault(sheet_name, {})[name] = _describe(cell)
        for sheet_name, rows in spec.get("delete_rows", {}).items():
            sheet = doc.Sheets.getByName(sheet_name)
            sheet.unprotect("")
            for row in sorted(rows, reverse=True):
                sheet.Rows.removeByIndex(row - 1, 1)
        for sheet_name, columns in spec.get("insert_columns", {}).items():
            sheet = doc.Sheets.getByName(sheet_name)
            sheet.unprotect("")
            for column in sorted(columns, reverse=True):
                sheet.Columns.insertByIndex(column - 1, 1)
        for step in spec.get("steps", []):
            _step(uno, ctx, doc, step, stored, spec.get("keyboard"))
        doc.storeToURL(uno.systemPathToFileUrl(spec["output"]),
                       (_prop(uno, "FilterName", spec.get("filter") or XLSX_FILTER),))
        try:
            doc.close(True)
        except Exception:  # soffice 7.4 sometimes dies closing a document typed into through its view, under load
            pass  # (「Binary URP bridge disposed」); storeToURL had returned: the file is written whole
        return stored
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:  # the bridge drops as soffice exits
                pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            stop(proc)
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    result = _fill_in_office(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    json.dump(result, sys.stdout, ensure_ascii=False)
