"""Read one sheet of an office workbook (the 連絡先 directory) with the intake's safety: the bytes are
checked (:mod:`.safety`) and parsed in a sandboxed worker process, never in the caller's.

The office edits these files in Excel; they are not returns, so they carry no template metadata
and are not recorded in the ledger. A file that cannot be read safely is a :class:`TableError`
with a Japanese message (what went wrong, what to do).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import defusedxml

from reform_xlsx.intake import sniff
from reform_xlsx.intake.cells import row_col
from reform_xlsx.intake.files import os_detail, read_bytes
from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.safety import inspect_zip
from reform_xlsx.intake.workbook_reader import read_cells
from reform_xlsx.intake.worker import OK, Pool


class TableError(Exception):
    """An office workbook that cannot be read (Japanese message). ``why``: the reason alone; ``kind``: what is
    wrong — :data:`NOT_XLSX` (another format: saved as .ods, .xls, .csv), :data:`NO_SHEET` (no sheet of that
    name: another workbook), or None; ``sheets``: the workbook's sheets, when it was read."""

    def __init__(self, message: str, why: str = "", kind: str | None = None, sheets: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.why, self.kind, self.sheets = why or message, kind, sheets


NOT_XLSX, NO_SHEET = "not-xlsx", "no-sheet"


def _read(path: str, sheet: str, limits: Limits) -> tuple[list[list[object]] | None, tuple]:
    """In the worker: the rows of ``sheet`` and its cells not read as seen (A1, what, whether broken), or None and why
    not (Japanese, with its kind and the sheets read)."""
    defusedxml.defuse_stdlib()
    try:
        data, _sha, size, _mtime, kind = read_bytes(Path(path), limits.max_file_bytes)
    except OSError as exc:
        return None, (os_detail(exc), None, ())
    if kind is not None or size > limits.max_file_bytes:
        return None, ("Excel ブック（.xlsx）として読めません", None, ())
    if sniff.sniff(data) not in sniff.WORKBOOK_FORMATS:
        return None, (f"Excel ブック（.xlsx）ではありません（中身は{sniff.format_label(sniff.sniff(data))}）", NOT_XLSX, ())
    inspection = inspect_zip(data, Path(path).name, limits, (sheet,))
    if inspection.problems:
        return None, (inspection.problems[0].message, None, ())
    raw = read_cells(data, inspection, (sheet,), limits.max_cells)
    if sheet in raw["oversized"]:
        return None, (f"シート「{sheet}」の使用範囲が広すぎます", None, ())
    if sheet in raw["doubtful"]:
        return None, (f"シート「{sheet}」に、ソフトによって違う値に読めるセル（{'、'.join(raw['doubtful'][sheet])}）があります",
                      None, ())
    found = raw["sheets"].get(sheet)
    if found is None:
        names = tuple(raw["sheet_names"])
        return None, (f"シート「{sheet}」がありません（シート: {'、'.join(names)}）", NO_SHEET, names)
    # the cells not read as they are seen: said by the caller, for the cells it reads (:func:`_unread_said`)
    unread = tuple((ref, f"表示形式「{code}」" if not how else code, False) for ref, (code, _shown, how)
                   in found.get("masked", {}).items())
    unread += tuple((ref, what, True) for ref, (kind, what) in found.get("special", {}).items() if kind == "malformed")
    return found["rows"], unread


def _unread_said(sheet: str, rows: list[list[object]], unread: tuple, reads: Callable | None) -> str | None:
    """Why the sheet cannot be used, for a cell it reads (``reads(rows)``: whether the cell at (row, column) is read;
    None: every cell) that is not read as it is seen: a format, a conditional format or a font colour that shows
    something else (「;;;」: an address the clerk cannot see would be used: F042-F044's cells, said in the reason), or
    content that is not a spreadsheet's (「inf」 in a number cell, a shared string that is not there: V026's cells)."""
    if reads is not None and unread:
        read = reads(rows)
        unread = tuple(u for u in unread if (at := row_col(u[0])) is None or read(*at))
    masked = [(ref, what) for ref, what, broken in unread if not broken]
    if masked:
        cells = "、".join(f"{ref}（{what}）" for ref, what in masked[:5])
        return (f"シート「{sheet}」の {cells} は、表示形式・条件付き書式・文字の色のため画面に見える内容とセルの値が"
                "違います。そのセルの表示形式を「標準」に、文字の色を「自動」に戻し、条件付き書式を消してください")
    broken = [(ref, what) for ref, what, broken in unread if broken]
    if broken:
        cells = "、".join(f"{ref}（{what}）" for ref, what in broken[:5])
        return (f"シート「{sheet}」の {cells} は、セルの中身が Excel の形式として正しくないため読めません。Excel か "
                "LibreOffice で開いて、値を入力し直してください")
    return None


def read_sheet_rows(path: str | os.PathLike, sheet: str, limits: Limits | None = None,
                    reads: Callable | None = None) -> list[list[object]]:
    """The rows (from A1) of ``sheet`` in the workbook at ``path``, read in a sandboxed worker. A cell not read as it
    is seen (F042-F044, V026) makes it a :class:`TableError` where ``reads(rows)`` says the cell at (row, column),
    0-based, is read (None: wherever it is)."""
    (found,) = read_sheets_rows([path], sheet, limits, reads)
    if isinstance(found, TableError):
        raise found
    return found


def read_sheets_rows(paths: list[str | os.PathLike], sheet: str, limits: Limits | None = None,
                     reads: Callable | None = None) -> list[list[list[object]] | TableError]:
    """The rows of ``sheet`` in each workbook of ``paths`` (in order), or the :class:`TableError` that says why not —
    all read by one sandboxed worker (one process started, not one a file)."""
    limits = limits or Limits()
    found: list = [None] * len(paths)  # (each filled by its outcome: the pool yields one a job)
    if not paths:
        return found
    with Pool(_read, workers=1, timeout=limits.timeout_seconds, memory_bytes=limits.memory_bytes) as pool:
        for index, outcome in pool.run([(str(path), sheet, limits) for path in paths]):
            path = paths[index]
            if outcome.status != OK:
                found[index] = TableError(f"{path} を読めませんでした（{outcome.detail or outcome.status}）。"
                                          "Excel で開けるか確かめてください。")
                continue
            rows, failed = outcome.value
            if rows is None:
                why, kind, sheets = failed
                found[index] = TableError(f"{path} を読めません: {why}。", why, kind, sheets)
            elif (why := _unread_said(sheet, rows, failed, reads)) is not None:
                found[index] = TableError(f"{path} を読めません: {why}。", why)
            else:
                found[index] = rows
    return found
