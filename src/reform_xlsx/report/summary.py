"""「表紙」, 「総括」 (counts, trend, charts: one printed page) and 「担当課別」."""

from __future__ import annotations

from xlsxwriter.utility import quote_sheetname
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reform_xlsx import records as ans
from reform_xlsx.report.counts import CountRow, count_columns, write_count_table
from reform_xlsx.report.items import ItemSheet
from reform_xlsx.report.kpis import KpiSheet, progress_chart
from reform_xlsx.report.model import (
    SHEET_DATA,
    SHEET_ITEMS,
    SHEET_KPI,
    SHEET_SECTIONS,
    SHEET_STATUS,
    SHEET_SUMMARY,
    ReportData,
    Table,
)
from reform_xlsx.wareki import format_fiscal_year, japanese_date
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, darker, setup_page, start_sheet

SUMMARY_TABLE_TOP = 3
CHART_HEIGHT_PX = 280
SHEET_NOTES = {
    SHEET_SUMMARY: "重点項目別の進捗状況・KPI判定・財政効果額、年度別の推移とグラフ",
    SHEET_ITEMS: "全改革項目の担当課ごとの進捗状況・取組実績・課題・今後の方針・財政効果額",
    SHEET_KPI: "KPI ごとの実績値・進捗率・判定（算定式つき）とグラフ",
    SHEET_SECTIONS: "担当課ごとの進捗状況・KPI判定・財政効果額",
    SHEET_STATUS: "各課の調査票の提出状況",
    SHEET_DATA: "全回答の一覧（ピボットテーブル・フィルター用）",
}


def write_cover(ws: Worksheet, st: Styles, data: ReportData, sheets: tuple[str, ...], *,
                public: bool = False) -> None:
    plan = data.plan
    setup_page(ws, left=plan.name, right=data.year_label, one_page=True)
    ws.set_column(0, 0, 4)
    ws.set_column(1, 1, 24)
    ws.set_column(2, 2, 90)
    ws.set_row(1, 30)
    ws.write_string(1, 1, f"{plan.city}　{plan.name}", st.heading)
    ws.set_row(3, 40)
    ws.write_string(3, 1, f"{data.year_label}　市政改革の取組状況", st.title)
    ws.set_row(4, 30)
    ws.write_string(4, 1, "（公表用）" if public else f"{plan.headquarters} 資料", st.heading)
    lines = []
    if data.meeting_date is not None and not public:
        lines.append(("会議日", japanese_date(data.meeting_date)))
    lines.append(("作成日", japanese_date(data.created.date())))
    lines.append(("対象年度", f"{data.year_label}（計画期間 {format_fiscal_year(plan.start_year)}～"
                              f"{format_fiscal_year(plan.end_year)}）"))
    lines.append(("取りまとめ", f"{plan.city} {plan.office}"))
    row = 6
    for label, text in lines:
        ws.set_row(row, 22)
        ws.write_string(row, 1, label, st.param_label)
        ws.write_string(row, 2, text, st.text)
        row += 1
    row += 1
    ws.write_string(row, 1, "内容", st.heading)
    row += 1
    for name in sheets[1:]:
        ws.set_row(row, 22)
        ws.write_url(row, 1, f"internal:{quote_sheetname(name)}!A1", st.text, string=name)
        ws.write_string(row, 2, SHEET_NOTES[name], st.text)
        row += 1
    ws.print_area(0, 0, row, 2)


def _area_rows(data: ReportData) -> list[CountRow]:
    rows = []
    for area, r in zip(data.plan.areas, data.rollup.to_dict("records")):
        rows.append(CountRow((f"重点項目{area.number}", area.name), ("item_id", f"{area.number}-*"),
                             ("item_id", f"{area.number}-*"), r))
    rows.append(CountRow(("合計", ""), None, None, data.rollup.to_dict("records")[-1]))
    return rows


def write_summary(wb: Workbook, ws: Worksheet, st: Styles, data: ReportData, items: ItemSheet,
                  kpis: KpiSheet, *, public: bool = False) -> None:
    cols = count_columns(data, public)
    labels = (("重点項目", 10), ("名称", 30))
    widths = tuple(w for _, w in labels) + tuple(c.width for c in cols)
    start_sheet(ws, st, plan_name=data.plan.name, year_label=data.year_label, name=SHEET_SUMMARY,
                widths=widths, one_page=True)
    submitted = int((data.status["status"] == ans.SectionStatus.SUBMITTED).sum())
    note = ("進捗状況の件数は回答数です（複数の課が担当する項目は課ごとに数えます）。"
            "件数・合計は「改革項目一覧」「KPI達成状況」からの数式です。")
    if not public:
        note = f"調査票の提出: {submitted} / {len(data.status)} 課。" + note
    ws.merge_range(1, 0, 1, len(widths) - 1, note, st.note)
    ws.set_row(1, 28)
    ws.write_string(2, 0, "重点項目別", st.heading)
    table = write_count_table(ws, st, SUMMARY_TABLE_TOP, labels, _area_rows(data), cols, items, kpis, SHEET_SUMMARY)
    end = table.last_row + 1

    trend_top = end + 1
    ws.write_string(trend_top, 0, "年度別の推移（各年度の回答からの集計値）", st.heading)
    end = _write_trend(ws, st, data, trend_top + 1, cols)

    chart_row = end + 1
    # Both charts side by side within the table's width (xlsxwriter: a column is 7·w + 5 px).
    table_px = sum(int(w * 7 + 5) for w in widths)
    grade_px = int(table_px * 0.38)
    grade_chart = _grade_chart(wb, st, data, cols, table)
    grade_chart.set_size({"width": grade_px, "height": CHART_HEIGHT_PX})
    ws.insert_chart(chart_row, 0, grade_chart, {"x_offset": 2, "y_offset": 4})
    chart = progress_chart(wb, data, kpis.table)
    chart.set_size({"width": table_px - grade_px - 16, "height": CHART_HEIGHT_PX})
    ws.insert_chart(chart_row, 0, chart, {"x_offset": grade_px + 14, "y_offset": 4})
    ws.print_area(0, 0, chart_row + 15, len(widths) - 1)


def _write_trend(ws: Worksheet, st: Styles, data: ReportData, top: int, cols) -> int:
    ws.set_row(top, row_height([(c.label, c.width) for c in cols]))
    ws.merge_range(top, 0, top, 1, "年度", st.header)
    for n, c in enumerate(cols):
        ws.write_string(top, 2 + n, c.label, st.header)
    row = top + 1
    for r in data.trend.to_dict("records"):
        ws.set_row(row, 20)
        ws.merge_range(row, 0, row, 1, format_fiscal_year(int(r["year"])), st.center)
        for n, c in enumerate(cols):
            fmt = {"rate": st.percent, "yen": st.yen}.get(c.kind, st.count)
            ws.write_number(row, 2 + n, r[c.key], fmt)
        row += 1
    return row


def _grade_chart(wb: Workbook, st: Styles, data: ReportData, cols, table: Table):
    """Stacked columns: each 重点項目's answers by grade (and 未回答), from the count table."""
    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    first, last = table.first_row, table.first_row + len(data.plan.areas) - 1  # the 合計 row is left out
    for c in cols:
        if c.kind not in ("grade", "unanswered"):
            continue
        colour = darker(st.grade_colours[c.key]) if c.key in st.grade_colours else "#BFBFBF"
        chart.add_series({
            "name": c.label.replace("\n", " "),
            "categories": table.col("label0", first, last),
            "values": table.col(c.key, first, last),
            "fill": {"color": colour},
            "border": {"color": "#FFFFFF"},
            "data_labels": {"value": True, "num_format": "0;-0;;@", "font": {"size": 8}},
            "gap": 80,
        })
    chart.set_title({"name": "進捗状況（重点項目別・回答数）", "name_font": {"size": 11}})
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    chart.set_y_axis({"major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                      "num_font": {"size": 9}})
    chart.set_x_axis({"num_font": {"size": 9}})
    return chart


def write_sections(ws: Worksheet, st: Styles, data: ReportData, items: ItemSheet, kpis: KpiSheet,
                   *, public: bool = False) -> None:
    cols = count_columns(data, public)
    labels = (("担当課", 12),) if public else (("担当課", 12), ("提出状況", 10))
    widths = tuple(w for _, w in labels) + tuple(c.width for c in cols)
    start_sheet(ws, st, plan_name=data.plan.name, year_label=data.year_label, name=SHEET_SECTIONS,
                widths=widths, repeat=(2, 3), one_page=True)
    ws.write_string(1, 0, "進捗状況は各課が担当する改革項目の回答数、KPI は各課が報告する指標の数です。", st.subtitle)
    rows = [CountRow((r["section"],) if public else (r["section"], r["status"]),
                     ("section", r["section"]), ("owner", r["section"]), r)
            for r in data.sections.to_dict("records")]
    total = data.rollup.to_dict("records")[-1]
    rows.append(CountRow(("合計",) if public else ("合計", ""), None, None, total))
    end = write_count_table(ws, st, 2, labels, rows, cols, items, kpis, SHEET_SECTIONS).last_row + 1
    if not public:
        status_col = 1
        for name in st.status_fills:
            ws.conditional_format(4, status_col, end - 1, status_col, {
                "type": "cell", "criteria": "==", "value": f'"{name}"',
                "format": st.status_fills[name]})
    ws.print_area(0, 0, end, len(widths) - 1)
