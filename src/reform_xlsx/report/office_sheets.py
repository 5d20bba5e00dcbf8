"""Internal sheets of the meeting workbook: 「提出状況」 and 「データ」 (never in 公表用)."""

from __future__ import annotations

import numbers

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from reform_xlsx import records as ans
from reform_xlsx.form.layout import ITEM_COLUMNS as TEMPLATE_ITEM_COLUMNS
from reform_xlsx.form.layout import kpi_columns
from reform_xlsx.report.model import SHEET_DATA, SHEET_STATUS, ReportData
from reform_xlsx.wareki import display_datetime, format_fiscal_year
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, setup_print, start_sheet

STATUS_COLUMNS = (("section", "課名", 12), ("status", "状況", 10), ("file", "ファイル", 52),
                  ("received_at", "受付日時", 18), ("errors", "エラー", 8), ("warnings", "警告", 8))
DATA_WIDTHS = {"year": 12, "section": 12, "kind": 9, "id": 8, "field": 16, "value": 30,
               "raw": 30, "file": 40, "sheet": 10, "cell": 7}


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
    text = "　".join(f"{name} {int((data.status['status'] == name).sum())}課"
                     for name in (ans.SUBMITTED, ans.RETURNED, ans.MISSING))
    ws.write_string(1, 0, f"{text}（対象 {len(data.status)}課）", st.subtitle)
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


def field_labels(data: ReportData) -> dict[str, str]:
    """Answers-table field key → the entry template's header label (進捗状況, 実績値, …)."""
    labels = {c.key: c.label for c in TEMPLATE_ITEM_COLUMNS}
    labels.update({c.key: c.label for c in kpi_columns(data.plan.baseline_year, data.plan.end_year)})
    return labels


def write_data(ws: Worksheet, st: Styles, data: ReportData) -> None:
    """The answers long table (all years up to this one), Japanese headers, autofilter."""
    cols = ans.ANSWER_COLUMNS
    widths = tuple(DATA_WIDTHS[c] for c in cols)
    setup_print(ws, plan_name=data.plan.name,
                title=f"{data.year_label} {SHEET_DATA}", repeat=(0, 0))
    for n, w in enumerate(widths):
        ws.set_column(n, n, w)
    for n, c in enumerate(cols):
        ws.write_string(0, n, ans.JA_HEADERS[c], st.header)
    labels = field_labels(data)
    order = {s: n for n, s in enumerate(data.plan.sections)}
    table = data.answers.assign(_s=data.answers["section"].map(order))
    table = table.sort_values(["year", "_s", "kind", "id"], kind="stable")
    row = 0
    for row, r in enumerate(table.to_dict("records"), start=1):
        shown = {"year": format_fiscal_year(int(r["year"])),
                 "kind": ans.KIND_LABELS.get(r["kind"], str(r["kind"])),
                 "field": labels.get(r["field"], str(r["field"]))}
        for n, c in enumerate(cols):
            value = shown.get(c, r[c])
            if value is None or pd.isna(value):
                ws.write_blank(row, n, None, st.text)
            elif isinstance(value, numbers.Number) and not isinstance(value, bool):
                ws.write_number(row, n, float(value), st.decimal)
            else:
                ws.write_string(row, n, str(value), st.text)
    ws.autofilter(0, 0, max(row, 1), len(cols) - 1)
    ws.freeze_panes(1, 0)
