"""差し戻し: a copy of a rejected workbook with every problem cell highlighted and commented,
and a first sheet 「エラー一覧」, ready to send back to the section.

The section's own file is copied (openpyxl), never modified; sheet protection, validation,
locks and the template's metadata are kept so that the corrected copy reads like the original.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.hyperlink import Hyperlink

from reform_xlsx.messages import Problem, Severity
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.style import FONT

SHEET_ERRORS = "エラー一覧"
AUTHOR = "市政改革推進室"
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")


def write_feedback(source: str | Path, problems: list[Problem], target: str | Path, *,
                   year: int, section: str | None, office: str = AUTHOR) -> Path:
    """Copy ``source`` to ``target`` with the problems marked. Returns ``target``."""
    source, target = Path(source), Path(target)
    wb = openpyxl.load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    by_cell: dict[tuple[str, str], list[Problem]] = defaultdict(list)
    for p in problems:
        if p.sheet in wb.sheetnames and p.cell and _valid_cell(p.cell):
            by_cell[(p.sheet, p.cell)].append(p)
    for (sheet, cell), found in by_cell.items():
        c = wb[sheet][cell]
        c.fill = ERROR_FILL if any(p.severity is Severity.ERROR for p in found) else WARNING_FILL
        text = "\n".join(f"【{p.code} {p.severity.label}】{p.message}" for p in found)
        comment = Comment(text, office)
        comment.width, comment.height = 320, min(60 + 18 * len(text) // 20, 400)
        c.comment = comment

    ws = wb.create_sheet(SHEET_ERRORS, 0)
    _error_sheet(ws, problems, year=year, section=section, source_name=source.name,
                 sheetnames=set(wb.sheetnames))
    for other in wb.worksheets:
        other.sheet_view.tabSelected = other is ws
    wb.active = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _valid_cell(ref: str) -> bool:
    try:
        coordinate_from_string(ref)
    except ValueError:
        return False
    return True


def _error_sheet(ws, problems: list[Problem], *, year: int, section: str | None, source_name: str,
                 sheetnames: set[str]) -> None:
    font = Font(name=FONT, size=10)
    bold = Font(name=FONT, size=10, bold=True, color="FFFFFF")
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    errors = sum(p.severity is Severity.ERROR for p in problems)
    ws["A1"] = f"{format_fiscal_year(year)} 市政改革取組状況調査票の修正のお願い（{section or '課名不明'}）"
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A2"] = (f"「{source_name}」にエラー {errors} 件、警告 {len(problems) - errors} 件がありました。"
                "赤い色のセル（エラー）を直し、このファイルのまま保存して送り返してください。"
                "黄色は警告（確認のお願い）です。セルにコメントで内容を書いています。")
    ws["A2"].font = font
    ws["A2"].alignment = wrap
    ws.merge_cells("A2:F2")
    ws.row_dimensions[2].height = 44
    headers = ["No.", "コード", "区分", "シート", "セル", "内容と直し方"]
    widths = [5, 8, 7, 12, 8, 90]
    for c, (h, w) in enumerate(zip(headers, widths), start=1):
        cell = ws.cell(row=4, column=c, value=h)
        cell.font, cell.border = bold, border
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        ws.column_dimensions[cell.column_letter].width = w
    for n, p in enumerate(problems, start=1):
        row = 4 + n
        values = [n, p.code, p.severity.label, p.sheet or "", p.cell or "", p.message]
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=row, column=c)
            cell.value = v  # openpyxl writes str as text; messages never start with "="
            cell.font, cell.border, cell.alignment = font, border, wrap
        if p.severity is Severity.ERROR:
            ws.cell(row=row, column=3).fill = ERROR_FILL
        if p.sheet in sheetnames and p.cell and _valid_cell(p.cell):
            link = ws.cell(row=row, column=5)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{p.sheet}'!{p.cell}")
            link.font = Font(name=FONT, size=10, color="0563C1", underline="single")
        ws.row_dimensions[row].height = max(18, 14 * (1 + len(p.message) // 44))
    ws.freeze_panes = "A5"
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # The same running header and page numbers as every other sheet reform_xlsx prints.
    for part, text in ((ws.oddHeader.left, f"{format_fiscal_year(year)} 市政改革取組状況調査票の修正のお願い"),
                       (ws.oddHeader.right, section or ""), (ws.oddFooter.center, "&P / &N ページ")):
        part.text, part.font, part.size = text, f"{FONT},標準", 9
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.print_options.horizontalCentered = True
