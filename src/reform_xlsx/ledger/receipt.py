"""The intake's own workbooks: 「受付結果」 (what happened to every file and section) and
「回答一覧」 (the merged, normalised answers as one long table).

Both are written with xlsxwriter; user text is always written as text.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook

from reform_xlsx.ledger.store import BatchOutcome
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import status_counts_line
from reform_xlsx.wareki import display_datetime, format_fiscal_year
from reform_xlsx.xlsx.answer_table import COLUMNS, answer_table, write_answer_table
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, paginate_table, setup_page
from reform_xlsx.xlsx.workbook import new_workbook


def _workbook(path: Path, plan: Plan, created: datetime | None) -> tuple[Workbook, Styles]:
    wb = new_workbook(path)
    if created is not None:  # stable bytes for the same inputs
        wb.set_properties({"created": created})
    return wb, Styles(wb, plan.grades)


def write_receipt(plan: Plan, batch: BatchOutcome, path: str | Path, created: datetime | None = None) -> Path:
    """受付結果: sheets 課別, ファイル別, 指摘事項."""
    path = Path(path)
    wb, st = _workbook(path, plan, created)
    title = f"{format_fiscal_year(batch.year)} 受付結果"

    # 課別: every expected section.
    ws = wb.add_worksheet("課別")
    headers = ["課名", "状況", "採用したファイル／最新のファイル", "受付日時", "エラー", "警告"]
    widths = [14, 10, 52, 17, 8, 8]
    setup_page(ws, left=plan.words.title, right=title, repeat=(2, 2))
    _sheet_top(ws, st, f"{title}（課別）", status_counts_line(batch.sections), headers, widths)
    heights = []
    for r, row in enumerate(batch.status.itertuples(index=False), start=3):
        ws.write_string(r, 0, row.section, st.text)
        ws.write_string(r, 1, row.status, st.status_cells[row.status])
        ws.write_string(r, 2, row.file or "", st.wrap)
        ws.write_string(r, 3, display_datetime(row.received_at), st.text)
        ws.write_number(r, 4, int(row.errors), st.count)
        ws.write_number(r, 5, int(row.warnings), st.count)
        heights.append(row_height([(row.file or "", widths[2])], minimum=18))
        ws.set_row(r, heights[-1])
    paginate_table(ws, heights, 3, tuple(widths), top=TOP_HEIGHT, header=HEADER_HEIGHT)

    # ファイル別: every file of this batch.
    ws = wb.add_worksheet("ファイル別")
    headers = ["ファイル", "判定", "課名（調査票の記録）", "調査票の年度", "形式", "エラー", "警告", "受付日時",
               "内容のハッシュ（先頭12桁）"]
    widths = [40, 20, 13, 11, 8, 7, 7, 17, 14]
    setup_page(ws, left=plan.words.title, right=title, repeat=(2, 2))
    _sheet_top(ws, st, f"{title}（ファイル別）", f"今回読み込んだファイル {len(batch.files)} 件", headers, widths)
    heights = []
    for r, f in enumerate(batch.files, start=3):
        res = f.result
        values = [res.name, f.status_label, res.section or "",
                  format_fiscal_year(res.year) if res.year else "", res.real_format or ""]
        for c, v in enumerate(values):
            ws.write_string(r, c, v, st.wrap if c in (0, 1) else st.text)
        ws.write_number(r, 5, f.errors, st.count)
        ws.write_number(r, 6, f.warnings, st.count)
        ws.write_string(r, 7, display_datetime(f.received_at), st.text)
        ws.write_string(r, 8, res.sha256[:12], st.text)
        heights.append(row_height([(res.name, widths[0]), (f.status_label, widths[1])], minimum=18))
        ws.set_row(r, heights[-1])
    paginate_table(ws, heights, 3, tuple(widths), top=TOP_HEIGHT, header=HEADER_HEIGHT)

    # 指摘事項: every problem with its place.
    ws = wb.add_worksheet("指摘事項")
    headers = ["ファイル", "課名", "コード", "区分", "シート", "セル", "内容と直し方"]
    widths = [28, 12, 7, 7, 9, 6, 70]
    issues = [(f, p) for f in batch.files for p in f.problems]
    setup_page(ws, left=plan.words.title, right=title, repeat=(2, 2))
    _sheet_top(ws, st, f"{title}（指摘事項）", f"指摘 {len(issues)} 件（エラーは差し戻し、警告は受理して記録）",
               headers, widths)
    heights = []
    for r, (f, p) in enumerate(issues, start=3):
        values = [f.result.name, f.result.section or "", p.code, p.severity.label, p.sheet or "", p.cell or "", p.message]
        for c, v in enumerate(values):
            ws.write_string(r, c, v, st.wrap if c in (0, 1, 6) else st.text)
        heights.append(row_height([(f.result.name, widths[0]), (f.result.section or "", widths[1]),
                                   (p.message, widths[6])], minimum=18))
        ws.set_row(r, heights[-1])
    if issues:
        ws.autofilter(2, 0, 2 + len(issues), len(headers) - 1)
    paginate_table(ws, heights, 3, tuple(widths), top=TOP_HEIGHT, header=HEADER_HEIGHT)
    wb.close()
    return path


def write_answers(plan: Plan, year: int, answers: pd.DataFrame, path: str | Path,
                  created: datetime | None = None) -> Path:
    """回答一覧: one row per answered cell, normalised value beside the text as typed."""
    path = Path(path)
    wb, st = _workbook(path, plan, created)
    ws = wb.add_worksheet("回答一覧")
    title = f"{format_fiscal_year(year)} 回答一覧"
    ws.write_string(0, 0, title, st.title)
    ws.set_row(0, 26)
    ws.write_string(1, 0, "受理したファイルの回答（各課の最新のもの）。値は正規化済み（割合は小数、金額は円）、"
                          "入力値（原文）は入力どおり。", st.subtitle)
    columns = tuple(c for c in COLUMNS if c.key != "year")  # one year: it is in the title
    setup_page(ws, left=plan.words.title, right=title, repeat=(2, 2))
    write_answer_table(ws, st, answer_table(plan, answers), top=2, columns=columns, above=TOP_HEIGHT)
    ws.freeze_panes(3, 0)
    wb.close()
    return path


TOP_HEIGHT, HEADER_HEIGHT = 26.0 + 15.0, 30.0  # title and note rows; the header row (repeats)


def _sheet_top(ws, st: Styles, title: str, note: str, headers: list[str], widths: list[float]) -> None:
    ws.write_string(0, 0, title, st.title)
    ws.write_string(1, 0, note, st.subtitle)
    ws.set_row(0, 26)
    for c, (h, w) in enumerate(zip(headers, widths)):
        ws.write_string(2, c, h, st.header)
        ws.set_column(c, c, w)
    ws.set_row(2, HEADER_HEIGHT)
    ws.freeze_panes(3, 0)
