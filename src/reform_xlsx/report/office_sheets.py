"""The office's own sheets of the meeting workbook (事務局用; never in the packet or 公表用):

- 「確認事項」: what the tally found for the office to settle (R001–R003: a KPI reported with
  different values; R005: the same 財政効果額 from two sections of one item);
- 「算出根拠」: each KPI's 算出根拠・備考 as its reporting section wrote it, and who reported;
- 「提出状況」: each section's file, time of receipt, errors and warnings;
- 「データ」: the answers long table (pivots, filters).
"""

from __future__ import annotations

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.messages import Msg
from reform_xlsx.records import LATE, SUBMITTED_AT_RULE, deadlines_text, status_counts_line
from reform_xlsx.report.model import SHEET_CHECKS, SHEET_DATA, SHEET_NOTES, SHEET_STATUS, ReportData, number_width
from reform_xlsx.wareki import display_datetime
from reform_xlsx.xlsx.answer_table import COLUMNS, answer_table, write_answer_table
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, setup_page, start_sheet, write_note, write_subtitle

STATUS_COLUMNS = (("section", "課名", 12), ("status", "状況", 10), ("file", "ファイル", 46),
                  ("submitted_at", "提出日時", 16), ("timeliness", "期限", 8), ("received_at", "受付日時", 16),
                  ("errors", "エラー", 8), ("warnings", "警告", 8))
CHECK_COLUMNS = (("code", "コード", 7), ("kind", "区分", 8), ("id", "ID", 7), ("name", "名称", 26),
                 ("message", "内容", 90))
NOTE_COLUMNS = (("kpi_id", "KPI ID", 6), ("name", "指標名", 30), ("owner", "報告課", 11), ("actual", "実績値", 12),
                ("reported_by", "実績値を報告した課", 19), ("note", "算出根拠・備考（報告課の記入）", 60))
KPI_CODES = {Msg.REPORT_KPI_CONFLICT.value.code, Msg.REPORT_KPI_NOT_OWNER.value.code,
             Msg.REPORT_KPI_UNRESOLVED.value.code, Msg.REPORT_KPI_ACTUALS_LEFT_OUT.value.code}


NO_CHECKS = "確認事項はありません。"


def _when(value: object) -> str:
    if value is None or pd.isna(value):  # NaT too
        return ""
    return display_datetime(value)


def _table_header(ws: Worksheet, st: Styles, row: int, columns) -> None:
    ws.set_row(row, 22)
    for n, (_, label, _) in enumerate(columns):
        ws.write_string(row, n, label, st.header)


def write_checks(ws: Worksheet, st: Styles, data: ReportData) -> None:
    widths = tuple(w for _, _, w in CHECK_COLUMNS)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_CHECKS, widths=widths)
    note = (f"集計で見つかった、{data.plan.office}で確かめることの一覧です（{len(data.problems)} 件）。KPI は報告課の値で判定し、"
            "財政効果額は各課の記入額をそのまま合計しています。直すときは課に確認し、修正した調査票を受け付けてください。")
    top = write_note(ws, st, 1, note, sum(widths))
    _table_header(ws, st, top, CHECK_COLUMNS)
    ws.repeat_rows(top, top)
    row = top + 1
    for p in data.problems:
        kpi = p.code in KPI_CODES
        row_id = str(p.extra.get("kpi") or p.extra.get("item") or "")
        values = [p.code, "KPI" if kpi else data.plan.words.item, row_id, str(p.extra.get("name", "")), p.message]
        ws.set_row(row, row_height([(values[3], 26), (values[4], 90)], minimum=20))
        for n, v in enumerate(values):
            ws.write_string(row, n, v, st.wrap)
        row += 1
    if not data.problems:  # one box the table's width (the first cell's borders alone boxed half the sentence)
        ws.set_row(row, 20)
        ws.write_string(row, 0, NO_CHECKS, st.across("first"))
        for c in range(1, len(widths)):
            ws.write_blank(row, c, None, st.across("last" if c == len(widths) - 1 else "middle"))
        row += 1
    ws.print_area(0, 0, row - 1, len(widths) - 1)


def note_widths(data: ReportData) -> tuple[float, ...]:
    """算出根拠's columns: 実績値 as wide as its longest figure (a 13-digit yen figure printed 「###」 in its fixed 12),
    the room it takes given up by 算出根拠・備考 (it wraps), so the sheet prints at the same scale."""
    widths = [w for _, _, w in NOTE_COLUMNS]
    keys = [key for key, _, _ in NOTE_COLUMNS]
    actual = number_width(data, "actual", least=widths[keys.index("actual")])
    widths[keys.index("note")] -= actual - widths[keys.index("actual")]
    widths[keys.index("actual")] = actual
    return tuple(widths)


def write_notes(ws: Worksheet, st: Styles, data: ReportData) -> None:
    widths = note_widths(data)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_NOTES, widths=widths)
    top = write_note(ws, st, 1, "KPI の実績値の出し方として、報告課が調査票の「算出根拠・備考」に書いたもの（原文のまま）。",
                     sum(widths))
    _table_header(ws, st, top, NOTE_COLUMNS)
    ws.repeat_rows(top, top)
    for n, k in enumerate(data.kpis.to_dict("records")):
        row = top + 1 + n
        kpi = data.plan.kpi(k["kpi_id"])
        ws.set_row(row, row_height([(k["name"], widths[1]), (k["note"] or "", widths[5]),
                                    (k["reported_by"] or "", 16), (k["owner"], widths[2])], minimum=20))
        ws.write_string(row, 0, kpi.id, st.center)
        ws.write_string(row, 1, k["name"], st.wrap)
        ws.write_string(row, 2, k["owner"], st.wrap)
        if k["actual"] is None:
            ws.write_string(row, 3, "未報告", st.center)
        else:
            ws.write_number(row, 3, k["actual"], st.kpi_value(kpi))
        ws.write_string(row, 4, k["reported_by"] or "", st.wrap)
        ws.write_string(row, 5, "" if k["note"] is None else str(k["note"]), st.wrap)
    ws.print_area(0, 0, top + len(data.kpis), len(widths) - 1)


def write_status(ws: Worksheet, st: Styles, data: ReportData) -> None:
    widths = tuple(w for _, _, w in STATUS_COLUMNS)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_STATUS,
                widths=widths, repeat=(3, 3))
    top, first = 3, 4
    last = first + len(data.status) - 1
    deadline = deadlines_text(data.status.to_dict("records")) if "deadline" in data.status else ""
    ws.write_string(1, 0, status_counts_line(data.status.to_dict("records")), st.subtitle)
    if deadline:  # a line of its own: after the counts it ran past the page's edge
        write_subtitle(ws, st, 2, f"提出期限 {deadline}（提出日時は{SUBMITTED_AT_RULE}）", widths)
    _table_header(ws, st, top, STATUS_COLUMNS)
    file_width = widths[[key for key, _, _ in STATUS_COLUMNS].index("file")]
    for offset, r in enumerate(data.status.to_dict("records")):
        row = first + offset
        ws.set_row(row, row_height([(r["file"], file_width), (r["section"], widths[0])], minimum=20))
        ws.write_string(row, 0, r["section"], st.wrap)  # 「教育委員会事務局」 and longer: wrapped, not cut
        ws.write_string(row, 1, r["status"], st.center)
        ws.write_string(row, 2, _when(r["file"]), st.wrap)
        ws.write_string(row, 3, _when(r.get("submitted_at")), st.text)
        timely = r.get("timeliness") or ""
        ws.write_string(row, 4, timely, st.late if timely == LATE else st.center)
        ws.write_string(row, 5, _when(r["received_at"]), st.text)
        ws.write_number(row, 6, r["errors"], st.count)
        ws.write_number(row, 7, r["warnings"], st.count)
    for name, fill in st.status_fills.items():
        ws.conditional_format(first, 1, last, 1, {"type": "cell", "criteria": "==",
                                                  "value": f'"{name}"', "format": fill})
    ws.print_area(0, 0, last, len(STATUS_COLUMNS) - 1)


def write_data(ws: Worksheet, st: Styles, data: ReportData) -> None:
    """The answers long table (all years up to this one), as in 回答一覧, with an autofilter."""
    setup_page(ws, left=data.title, right=f"{data.year_label} {SHEET_DATA}", repeat=(0, 0),
               widths=tuple(c.width for c in COLUMNS))  # the running header as large as the table shrinks
    end = write_answer_table(ws, st, answer_table(data.plan, data.answers), top=0)
    ws.print_area(0, 0, max(end - 1, 1), len(COLUMNS) - 1)
    ws.freeze_panes(1, 0)
