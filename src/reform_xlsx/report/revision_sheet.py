"""「計画の見直し」: the revisions of the plan in force up to the packet's year, each with its 版,
適用年度, 改訂日 and 理由, and what it changed (:func:`reform_xlsx.plan.diff.diff_plans`) — one row
per change. Only in a packet whose plan has been revised (:meth:`ReportData.sheets`)."""

from __future__ import annotations

import datetime as dt

from xlsxwriter.worksheet import Worksheet

from reform_xlsx.plan.model import Plan
from reform_xlsx.report.model import SHEET_REVISIONS, ReportData
from reform_xlsx.wareki import format_fiscal_year, japanese_date
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, paginate_table, start_sheet, write_band, write_note

COLUMNS = (("group", "区分", 8), ("kind", "変更", 18), ("subject", "対象", 40), ("before", "変更前", 34),
           ("after", "変更後", 34))
HEADER_HEIGHT = 22.0


def revision_heading(plan: Plan) -> str:
    """「版 2028-04　令和10年度から（改訂日 令和10年3月15日）　理由: …」."""
    when = f"（改訂日 {japanese_date(dt.date.fromisoformat(plan.revision.revised_on))}）" if plan.revision.revised_on else ""
    reason = f"　理由: {plan.revision.reason}" if plan.revision.reason else ""
    return f"版 {plan.version}　{format_fiscal_year(plan.effective_year)}から{when}{reason}"


def write_revisions(ws: Worksheet, st: Styles, data: ReportData) -> int:
    """Write the sheet; return its printed pages."""
    widths = tuple(w for _, _, w in COLUMNS)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_REVISIONS, widths=widths)
    note = (f"{data.year_label}までに適用された計画の改訂と、その変更点です。各年度の集計・判定は、その年度に適用されていた"
            "版で行っています（改訂で前の年度の判定は変わりません）。目標値を改訂した KPI は「KPI達成状況」に当初の目標値を並べ、"
            "指標名に【改訂】と示します。")
    header = write_note(ws, st, 1, note, sum(widths))
    ws.set_row(header, HEADER_HEIGHT)
    for c, (_, label, _) in enumerate(COLUMNS):
        ws.write_string(header, c, label, st.header)
    ws.repeat_rows(header, header)
    row, heights = header + 1, []
    for plan, changes in data.revision_changes:
        write_band(ws, st, row, revision_heading(plan), 0, len(COLUMNS) - 1, "group", 22)
        heights.append(22)
        row += 1
        if not changes:
            ws.write_string(row, 0, "（内容の変更はありません）", st.text)
            heights.append(20)
            row += 1
        for change in changes:
            values = (change.group, change.kind, change.subject, change.before, change.after)
            height = row_height([(v, w) for v, (_, _, w) in zip(values, COLUMNS)], minimum=20)
            ws.set_row(row, height)
            heights.append(height)
            for c, value in enumerate(values):
                ws.write_string(row, c, value, st.wrap)
            row += 1
    pages = paginate_table(ws, heights, header + 1, widths, top=26 + 13 * (header - 1), header=HEADER_HEIGHT,
                           last_rows=6)
    ws.print_area(0, 0, row - 1, len(COLUMNS) - 1)
    return pages
