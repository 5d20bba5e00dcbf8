"""Internal sheets of the meeting workbook: 「提出状況」 and 「データ」 (never in 公表用)."""

from __future__ import annotations

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.records import status_counts_line
from reform_xlsx.report.model import SHEET_DATA, SHEET_STATUS, ReportData
from reform_xlsx.wareki import display_datetime
from reform_xlsx.xlsx.answer_table import answer_table, write_answer_table
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, setup_page, start_sheet

STATUS_COLUMNS = (("section", "課名", 12), ("status", "状況", 10), ("file", "ファイル", 52),
                  ("received_at", "受付日時", 18), ("errors", "エラー", 8), ("warnings", "警告", 8))


def _when(value: object) -> str:
    if value is None or pd.isna(value):  # NaT too
        return ""
    return display_datetime(value)


def write_status(ws: Worksheet, st: Styles, data: ReportData) -> None:
    widths = tuple(w for _, _, w in STATUS_COLUMNS)
    start_sheet(ws, st, plan_name=data.plan.name, year_label=data.year_label, name=SHEET_STATUS,
                widths=widths, repeat=(3, 3), one_page=True)
    top, first = 3, 4
    last = first + len(data.status) - 1
    ws.write_string(1, 0, status_counts_line(data.status["status"]), st.subtitle)
    for n, (_, label, _) in enumerate(STATUS_COLUMNS):
        ws.write_string(top, n, label, st.header)
    for offset, r in enumerate(data.status.to_dict("records")):
        row = first + offset
        ws.set_row(row, row_height([(r["file"], 52)], minimum=20))
        ws.write_string(row, 0, r["section"], st.text)
        ws.write_string(row, 1, r["status"], st.center)
        ws.write_string(row, 2, _when(r["file"]), st.wrap)
        ws.write_string(row, 3, _when(r["received_at"]), st.text)
        ws.write_number(row, 4, r["errors"], st.count)
        ws.write_number(row, 5, r["warnings"], st.count)
    for name, fill in st.status_fills.items():
        ws.conditional_format(first, 1, last, 1, {"type": "cell", "criteria": "==",
                                                  "value": f'"{name}"', "format": fill})
    ws.print_area(0, 0, last, len(STATUS_COLUMNS) - 1)


def write_data(ws: Worksheet, st: Styles, data: ReportData) -> None:
    """The answers long table (all years up to this one), as in 回答一覧, with an autofilter."""
    setup_page(ws, left=data.plan.name, right=f"{data.year_label} {SHEET_DATA}", repeat=(0, 0))
    write_answer_table(ws, st, answer_table(data.plan, data.answers), top=0)
    ws.freeze_panes(1, 0)
