"""「表紙」, 「総括」 (counts, change from the year before, the trend, two charts: one printed page, the charts on
a second when the years so far fill the first) and 「担当課別」."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reform_xlsx import records as ans
from reform_xlsx.plan.attainment import JUDGEMENTS
from reform_xlsx.report.counts import CountRow, count_columns, write_count_table, write_header
from reform_xlsx.report.items import ItemSheet
from reform_xlsx.report.kpi_trend import value_axis
from reform_xlsx.report.kpis import KpiSheet
from reform_xlsx.report.model import (
    SHEET_CHECKS,
    SHEET_DATA,
    SHEET_ITEMS,
    SHEET_KPI,
    SHEET_KPI_TREND,
    SHEET_NOTES,
    SHEET_OVERVIEW,
    SHEET_PERIOD,
    SHEET_PERIOD_ITEMS,
    SHEET_REVIEWS,
    SHEET_REVISIONS,
    SHEET_SECTIONS,
    SHEET_STATUS,
    SHEET_SUMMARY,
    ReportData,
    Table,
    total_change,
)
from reform_xlsx.report.period import NO_RECORD, shown_unrecorded
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year, format_fiscal_year_western, japanese_date
from reform_xlsx.xlsx.sizing import line_count, row_height, wrap_lines
from reform_xlsx.xlsx.style import (
    JUDGEMENT_COLOURS,
    SEGMENT_PATTERNS,
    UNANSWERED_PATTERN,
    Styles,
    break_before,
    darker,
    fitted_scale,
    keep_last_rows,
    page_rows_height,
    paginate_table,
    printed_pt,
    segment_fill,
    setup_page,
    start_sheet,
    write_band,
    write_note,
)

CHART_HEIGHT_PX, CHART_MIN_PX = 270, 180
CHART_OWN_PAGE_PX = 400  # the charts on a page of their own
ONE_PAGE_SLACK = 1.12  # up to this much over one page, the page is fitted to one (≥ 8.9 pt)
FONT = "BIZ UDゴシック"
# {area}, {item}: the plan's words for its levels; {change}: only from the second year on; {office}: the
# reform office; {opinions}: whose opinions 二次評価・意見 shows (「、本部会議・推進委員会の意見」; in 公表用
# the committee's only, and none for a plan without a committee)
SHEET_DESCRIPTIONS = {
    SHEET_OVERVIEW: "主な数字と、遅れている項目・指標（各シートの数字から）",
    SHEET_SUMMARY: "{area}別の進捗状況・KPI判定・財政効果額{change}",
    SHEET_ITEMS: "全{item}の担当課ごとの進捗状況・取組実績・課題・今後の方針・財政効果額",
    SHEET_KPI: "KPI ごとの実績値・進捗率・判定（算定式つき）",
    SHEET_KPI_TREND: "KPI の進捗率のグラフと、KPI ごとの推移のグラフ",
    SHEET_SECTIONS: "担当課ごとの進捗状況・KPI判定・財政効果額",
    SHEET_REVIEWS: "{office}の二次評価（自己評価と並べて）{opinions}、対応方針{response}",
    SHEET_CHECKS: "集計で見つかった確認事項（KPI の値の食い違い、財政効果額の重複の可能性）",
    SHEET_NOTES: "KPI の実績値の算出根拠・備考（報告課の記入）",
    SHEET_STATUS: "各課の調査票の提出状況（ファイル名・提出日時・期限内／期限後・受付日時）",
    SHEET_DATA: "全回答の一覧（ピボットテーブル・フィルター用）",
    SHEET_PERIOD: "計画期間の KPI の推移と達成状況、年度別の財政効果額（次の計画の基礎資料）",
    SHEET_PERIOD_ITEMS: "全{item}の担当課ごとの各年度の進捗状況",
    SHEET_REVISIONS: "この年度までの計画の改訂（適用年度・理由）と変更点",
}


@dataclass(frozen=True)
class CoverLayout:
    """Row heights of the cover (points): a line of its lists, a gap between its parts, headings, the title."""

    row: float
    gap: float
    heading: float
    title: float


COVER_LAYOUTS = (CoverLayout(22, 15, 30, 40), CoverLayout(18.75, 7, 22, 32))  # roomy, then compact
CONTENTS_HEADING = 20.0  # the cover's 「内容」
COVER_TEXT_WIDTH = 108  # the bundled plan's longest description on one line; longer words wrap
COVER_PAGE_WIDTH = 13  # 「100～120ページ」: where each sheet is in the PDF
COVER_TITLE = {"packet": "{hq} 資料", "office": "{hq} 資料（事務局用）", "public": "（公表用）"}
_DOCUMENT_KIND = {"packet": "（{hq} 資料）", "office": "（{hq} 資料・事務局用）", "public": "（公表用）"}


def document_title(data: ReportData, kind: str) -> str:
    """The workbook's title (its properties, and the PDF's title a viewer shows and a screen reader reads first): what
    the cover says, never a file name — 「令和8年度 〇〇市行財政改革実施計画 取組状況（公表用）」."""
    plan = data.plan
    kind_said = _DOCUMENT_KIND[kind].format(hq=plan.words.meeting)
    return f"{data.year_label} {plan.words.with_city(plan.name, ' ')} 取組状況{kind_said}"


def contents_pages(sheets: tuple[str, ...], pages: dict[str, int]) -> dict[str, str]:
    """Where each printed sheet after the cover is in the PDF: 「2」, 「10～21」 (``pages``: each sheet's printed pages,
    the cover first; a sheet not printed — 「データ」 — has none)."""
    found, first = {}, 1
    for key in sheets:
        if key not in pages:
            continue
        last = first + pages[key] - 1
        found[key] = f"{first}" if last == first else f"{first}～{last}"
        first = last + 1
    return found


def write_cover(ws: Worksheet, st: Styles, data: ReportData, sheets: tuple[str, ...], *, kind: str,
                pages: dict[str, int] | None = None) -> None:
    """The cover; with ``pages`` (each sheet's printed pages), its 内容 says each sheet's pages (「10～21ページ」)."""
    plan = data.plan
    words = plan.words
    where = contents_pages(sheets, pages or {})
    widths = (4, 20, COVER_TEXT_WIDTH, COVER_PAGE_WIDTH)
    setup_page(ws, left=words.title, right=data.year_label, one_page=True)
    for n, width in enumerate(widths):
        ws.set_column(n, n, width)
    lines = []
    if data.meeting_date is not None and kind != "public":
        lines.append(("会議日", japanese_date(data.meeting_date)))
    lines.append(("作成日", japanese_date(data.created.date())))
    shown = format_fiscal_year_western if kind == "public" else format_fiscal_year  # 公表: 西暦 beside 和暦
    lines.append(("対象年度", f"{shown(data.year)}（計画期間 {shown(plan.start_year)}～{shown(plan.end_year)}）"))
    lines.append(("取りまとめ", words.with_city(plan.office, " ")))
    # not in the first year: no year before to compare with, no opinions of last year to respond to
    change = "、前年度との差、年度別の推移" if data.previous_year is not None else ""
    response = "、各課の意見への対応" if data.previous_year is not None else ""
    committee = (words.committee_role,) if words.has_committee else ()
    bodies = committee if kind == "public" else (words.headquarters_meeting, *committee)  # 公表: not the meeting's
    opinions = f"、{'・'.join(bodies)}の意見" if bodies else ""
    contents = []
    for key in sheets[1:]:
        name = data.sheet(key)
        contents.append((name, SHEET_DESCRIPTIONS[key].format(area=words.area, item=words.item, change=change,
                                                             office=words.office, opinions=opinions, response=response),
                         f"{where[key]}ページ" if key in where else ""))
    # The cover prints at full size: fitted to the page's height, LibreOffice leaves its last row out (the
    # 事務局用's 「データ」 of 14 sheets). Roomy rows when they fit the page, compact ones when not; taller
    # still (long names wrapped): two pages rather than a row lost.
    for layout in COVER_LAYOUTS:
        heights = [layout.gap, layout.heading, layout.gap, layout.title, layout.heading, layout.gap]
        heights += [row_height([(text, COVER_TEXT_WIDTH)], minimum=layout.row) for _, text in lines]
        heights += [layout.gap, CONTENTS_HEADING]
        heights += [row_height([(text, COVER_TEXT_WIDTH), (name, 20)], minimum=layout.row) for name, text, _ in contents]
        if sum(heights) <= page_rows_height(widths):
            break
    else:
        ws.fit_to_pages(1, 0)
    for r, height in enumerate(heights):
        ws.set_row(r, height)
    ws.write_string(1, 1, words.with_city(plan.name), st.heading)
    ws.write_string(3, 1, f"{data.year_label}　{words.reform}の取組状況", st.title)
    ws.write_string(4, 1, COVER_TITLE[kind].format(hq=plan.headquarters), st.heading)
    wrapped = st.cell(text_wrap=True, valign="vcenter")  # a long name wraps, never cut off at the page's edge
    row = 6
    for label, text in lines:
        ws.write_string(row, 1, label, st.param_label)
        ws.write_string(row, 2, text, wrapped)
        row += 1
    row += 1
    ws.write_string(row, 1, "内容", st.heading)
    row += 1
    page_cell = st.cell(align="right", valign="vcenter")
    for name, text, at in contents:
        ws.write_url(row, 1, f"internal:{quote_sheetname(name)}!A1", wrapped, string=name)
        ws.write_string(row, 2, text, wrapped)
        if at:
            ws.write_string(row, 3, at, page_cell)
        row += 1
    ws.print_area(0, 0, row - 1, len(widths) - 1)


def _area_rows(data: ReportData) -> list[CountRow]:
    rows = []
    for area, r in zip(data.plan.areas, data.rollup.to_dict("records")):
        rows.append(CountRow((f"{data.plan.words.area}{area.number}", area.name), ("item_id", f"{area.number}-*"),
                             ("item_id", f"{area.number}-*"), r))
    rows.append(CountRow(("合計", ""), None, None, data.rollup.to_dict("records")[-1]))
    return rows


def write_summary(wb: Workbook, ws: Worksheet, st: Styles, data: ReportData, items: ItemSheet,
                  kpis: KpiSheet) -> int:
    """「総括」; returns its printed pages (1, or 2 with the charts on a page of their own)."""
    cols = count_columns(data)
    words = data.plan.words
    area_width = max(11, text_units(words.area) + 5)
    note = ("進捗状況の件数は回答数です（複数の課が担当する項目は課ごとに数えます）。KPI 判定は指標の数です。"
            f"件数・合計は「{data.sheet(SHEET_ITEMS)}」「{SHEET_KPI}」からの数式です。")
    area_rows = _area_rows(data)
    name_width, (header_again, trend_apart) = _name_width(data, area_rows, area_width, cols, note)
    labels = ((words.area, area_width), ("名称", name_width))
    widths = tuple(w for _, w in labels) + tuple(c.width for c in cols)
    total_width = sum(widths)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_SUMMARY,
                widths=widths, one_page=True)
    row = write_note(ws, st, 1, note, total_width)
    ws.set_row(row, 20)
    ws.write_string(row, 0, f"{words.area}別", st.heading)
    table = write_count_table(ws, st, row + 1, labels, area_rows, cols, items, kpis, SHEET_SUMMARY, header_again)
    end = table.last_row + 1
    diff_row = None
    if data.previous_year is not None:
        diff_row, end = end, end + 1
    trend_rows: dict[int, int] = {}
    trend_top = end
    if len(data.trend) > 1 or shown_unrecorded(data):  # the years so far, under the same columns
        write_band(ws, st, end, "年度別の推移（各年度の回答からの集計値）", 0, len(widths) - 1, "subgroup", 18)
        if trend_apart:  # on a page of its own: the columns named again
            write_header(ws, st, end + 1, ((TREND_YEAR, area_width), ("", name_width)), cols)
            end += 2
        trend_rows = _write_trend(ws, st, data, end + 1, cols)
        end = max(trend_rows.values()) + 1
        left_out = _former_grade_counts(data)
        if left_out:
            end = write_note(ws, st, end, left_out, total_width)
    if diff_row is not None:
        _write_difference(ws, st, data, diff_row, table, cols, trend_rows[data.previous_year], name_width)

    # The charts take what the page has left: shorter when the change and the years so far are shown. When
    # even their least height does not fit (the final packet of a plan of ten years: 令和8～17年度 fitted to one
    # page printed at 7.7 pt), the table prints at full size and the charts go on to a page of their own.
    chart_px = max(CHART_MIN_PX, CHART_HEIGHT_PX - 14 * (end - table.last_row - 1))
    rows_pt = sum(ws.row_sizes.get(r, (ws.default_row_height,))[0] * 0.75 for r in range(end + 1))
    charts_pt = (chart_px // 20 + 2) * 15.0  # the print area's default rows the charts lie over
    own_page = bool(header_again) or trend_apart or rows_pt + charts_pt > page_rows_height(widths) * ONE_PAGE_SLACK
    chart_row = end + 1
    if own_page:
        ws.fit_to_pages(1, 0)
        ws.set_h_pagebreaks([table.rows[area_rows[n].labels[0]] - 2 for n in header_again]
                            + [trend_top] * trend_apart + [chart_row])
        ws.set_row(chart_row, 20)
        ws.write_string(chart_row, 0, f"進捗状況・KPI 判定のグラフ（{data.year_label}）", st.heading)
        chart_row += 1
        chart_px = CHART_OWN_PAGE_PX
    table_px = sum(int(w * 7 + 5) for w in widths)
    grade_px = int(table_px * 0.56)
    pt = _ChartPt(printed_pt(9, CHART_MIN_PT, widths), printed_pt(10, CHART_MIN_PT + 1, widths))  # a sheet shrunk
    print_end = chart_row + chart_px // 20 + 1
    # (a table broken over pages has its header rows again among its rows: the chart reads a copy below the print area)
    drawn = _chart_source(ws, st, data, table, area_rows, print_end + 3) if header_again else table
    grade_chart = _grade_chart(wb, st, data, cols, drawn, pt, chart_px)  # to fit (long grade names) keeps its charts legible
    grade_chart.set_size({"width": grade_px, "height": chart_px})
    # each chart with its alternative text (Excel's 代替テキスト: what a screen reader says of it in 公表用 on a web site)
    ws.insert_chart(chart_row, 0, grade_chart, {"x_offset": 2, "y_offset": 4, "object_position": 3, "description":
                                                f"{data.plan.words.area}別の進捗状況の件数のグラフ（数字は上の表）"})
    judged = _judgement_chart(wb, data, table, pt)
    judged.set_size({"width": table_px - grade_px - 16, "height": chart_px})
    ws.insert_chart(chart_row, 0, judged, {"x_offset": grade_px + 14, "y_offset": 4, "object_position": 3,
                                           "description": "KPI の判定ごとの指標数のグラフ（数字は上の表）"})
    ws.print_area(0, 0, print_end, len(widths) - 1)
    return (2 if own_page else 1) + len(header_again) + trend_apart


TITLE_PT, NOTE_PT = 26.0, 13.0  # the sheet's title row, a line of the note under it
SUMMARY_LAST_ROWS = 3  # rows of the 重点項目別 table (合計 one of them) its last page keeps, when it breaks
DIFFERENCE_PT, TREND_BAND_PT, TREND_ROW_PT = 20.0, 18.0, 18.0  # 増減; 年度別の推移's heading, a year of it
TREND_YEAR = "年度"  # 年度別の推移's first column, on a page of its own (the header rows again)


def _name_width(data: ReportData, rows: list[CountRow], area_width: float, cols,
                note: str) -> tuple[float, tuple[tuple[int, ...], bool]]:
    """「名称」's width, where 「重点項目別」 breaks and whether 年度別の推移 starts a page (:func:`_table_breaks`). 名称
    gives up room (its names wrap) for long grade names' columns, down to :data:`NAME_LEAST`, so that the page prints at full size. When the table
    is then longer than its page, 名称 is wider — the page printed smaller, at :data:`NAME_WIDE_SCALE` or more (its
    9-pt note at 8 pt) — as far as the table then fits its page: five 基本方針 of 29 to 35 characters on five lines of
    16 units broke 3 + 2 rows over two pages each ~42 % empty from the second year on (at 18 to 22 units, three or
    four lines, the table and 年度別の推移 fit one page)."""
    def widths_and_breaks(name_width: float) -> tuple[tuple[float, ...], tuple[tuple[int, ...], bool]]:
        labels = ((data.plan.words.area, area_width), ("名称", name_width))
        widths = tuple(w for _, w in labels) + tuple(c.width for c in cols)
        lines = len(wrap_lines(note, sum(widths), font_size=9))  # (the note as write_note writes it)
        return widths, _table_breaks(data, rows, labels, cols, widths, above=TITLE_PT + NOTE_PT * lines + 20)

    base = max(NAME_LEAST, min(NAME_MOST, SUMMARY_WIDTH - area_width - sum(c.width for c in cols)))
    _, breaks = widths_and_breaks(base)
    names = [r.labels[1] for r in rows]
    for name_width in itertools.count(math.floor(base) + 1) if any(breaks) else ():
        if max(line_count(n, max(base, name_width - 1)) - str(n).count("\n") for n in names) <= 1:
            break  # no name wraps: no wider 名称 makes the table shorter (a name of 18 units wraps at 19, not at 20)
        widths, wider_breaks = widths_and_breaks(name_width)
        if fitted_scale(widths) < NAME_WIDE_SCALE:
            break
        if not any(wider_breaks):
            return name_width, wider_breaks
    return base, breaks


NAME_LEAST, NAME_MOST = 16.0, 26.0  # 「名称」 of 総括 (units): the least it gives up to, the most it takes at full size
NAME_WIDE_SCALE = 0.92  # the least print scale a wider 「名称」 takes 総括 to (9 pt at 8.0 pt)


def _table_breaks(data: ReportData, rows: list[CountRow], labels, cols, widths: tuple[float, ...],
                  above: float) -> tuple[tuple[int, ...], bool]:
    """Where 「重点項目別」 starts a page (indexes of ``rows``), with its header rows again, and whether 年度別の推移
    starts a page of its own: no break when the table fits a page with what follows it (増減, 年度別の推移); else
    between rows, its last page keeping :data:`SUMMARY_LAST_ROWS` rows — a plan of twelve 重点項目 of long names
    overflowed, and LibreOffice printed the last 重点項目 and 合計 alone on a page — as far as the page before keeps two
    rows (:func:`keep_last_rows`). No :data:`ONE_PAGE_SLACK` here: a table over a page leaves no room for the charts'
    least height under it, so they go on to a page of their own and the sheet is fitted to the page's width only (a
    table 8 % over a page printed its 合計 alone on a page).

    増減 stays under 合計, and 年度別の推移 (its heading, every year, the note under it as many lines as it wraps to) is
    one block under them. When the last break moved back to keep three rows takes the last page over its height (six
    重点項目 of 140 characters in 令和17年度 of a plan of ten years: LibreOffice cut 年度別の推移 across two pages, one
    more than planned), the break stays where it was if that page keeps a 重点項目 with 合計; else 年度別の推移 starts
    a page of its own, under the header rows again, when the table's last page has no room for it."""
    heights = [row_height([(x, w) for x, (_, w) in zip(r.labels, labels)], minimum=20) for r in rows]
    header = 18 + row_height([(c.label, c.width) for c in cols], minimum=28)
    difference = DIFFERENCE_PT if data.previous_year is not None else 0.0
    trend = _trend_height(data, sum(widths))
    capacity = page_rows_height(widths)
    if above + header + sum(heights) + difference + trend <= capacity:
        return (), False
    room = capacity - header

    def last_page(breaks: list[int], table: list[float]) -> float:
        return (0.0 if breaks else above) + sum(table[breaks[-1] if breaks else 0:])

    whole = [*heights[:-1], heights[-1] + difference + trend]  # 合計 and what follows it as one
    plain = break_before(whole, above, room)
    kept = keep_last_rows(plain, whole, above, room, SUMMARY_LAST_ROWS)
    if last_page(kept, whole) <= room:
        return tuple(kept), False
    if not trend or (plain and len(whole) - plain[-1] >= 2 and last_page(plain, whole) <= room):
        return tuple(plain), False  # the break where it was: the last page a 重点項目 and 合計, the page before full
    table = [*heights[:-1], heights[-1] + difference]
    plain = break_before(table, above, room)
    kept = keep_last_rows(plain, table, above, room, SUMMARY_LAST_ROWS)
    breaks = kept if last_page(kept, table) <= room else plain
    return tuple(breaks), last_page(breaks, table) + trend > room


def _trend_height(data: ReportData, width: float) -> float:
    """Points of 年度別の推移 (none in the first year): its heading, a row a year, the note of grades a revision
    removed (:func:`_former_grade_counts`) as many lines as it wraps to — a line at least, with no note too (the
    room the table's breaks have been tuned with: none took ten 重点項目 of nine characters in 19 units of 「名称」,
    each on two lines, rather than 20, each on one)."""
    years = set(data.trend["year"]) | set(shown_unrecorded(data))
    if not (len(data.trend) > 1 or shown_unrecorded(data)):
        return 0.0
    left_out = _former_grade_counts(data)
    lines = len(wrap_lines(left_out, width, font_size=9)) if left_out else 0
    return TREND_BAND_PT + TREND_ROW_PT * len(years) + NOTE_PT * max(1, lines)


def _chart_source(ws: Worksheet, st: Styles, data: ReportData, table: Table, rows: list[CountRow], top: int) -> Table:
    """The 重点項目 rows of ``table`` again from ``top`` (below the print area), contiguous for the chart: each cell a
    formula of the table's cell."""
    ws.write_string(top - 1, 0, "グラフの値（印刷しない）", st.text)
    areas = rows[:-1]
    for n, r in enumerate(areas):
        for key, col in table.columns.items():
            cell = f"={xl_col_to_name(col)}{table.rows[r.labels[0]] + 1}"
            value = r.labels[col] if key.startswith("label") else r.cached[key]
            ws.write_formula(top + n, col, cell, st.text, value)
    return Table(table.sheet, top, top + len(areas) - 1, table.columns, {r.labels[0]: top + n for n, r in enumerate(areas)})


def _write_difference(ws: Worksheet, st: Styles, data: ReportData, row: int, table: Table, cols,
                      prev_row: int, name_width: float) -> None:
    """「前年度との差」 under 合計: this year's total − last year's (from the trend table); the year left out
    when 名称 is too narrow for it (the 年度別の推移 below names the years)."""
    ws.set_row(row, 20)
    ws.write_string(row, 0, "増減", st.total_label)
    label = f"前年度（{format_fiscal_year(data.previous_year)}）との差"
    ws.write_string(row, 1, label if text_units(label) + 1 <= name_width else "前年度との差", st.total_label)
    for c in cols:
        col = table.columns[c.key]
        letter = xl_col_to_name(col)
        cached = total_change(data, c.key)  # the same difference the column's width was measured with
        fmt = st.yen_change if c.kind == "yen" else st.count_change
        ws.write_formula(row, col, f"={letter}{table.rows['合計'] + 1}-{letter}{prev_row + 1}", fmt, cached)


def _former_grade_counts(data: ReportData) -> str:
    """A note under 年度別の推移 for the answers in grades this year's plan no longer has (a revision
    removed them): the table's columns are this year's grades, so their counts are said here."""
    parts = []
    for code, display in data.former_grades():
        counts = [(int(r["year"]), int(r.get(code) or 0)) for r in data.trend.to_dict("records")]
        shown = "、".join(f"{format_fiscal_year(y)} {n} 件" for y, n in counts if n)
        if shown:
            parts.append(f"{display}（{shown}）")
    if not parts:
        return ""
    return ("計画の改訂で今年度はない進捗状況の区分の回答は、上の表の列に含めていません: " + "、".join(parts) + "。")


def _write_trend(ws: Worksheet, st: Styles, data: ReportData, top: int, cols) -> dict[int, int]:
    """Each year's totals (values from that year's answers), one row a year from ``top``; a year the
    ledger has no record of says 記録なし (it is not a year of zeros)."""
    rows = {}
    by_year = {int(r["year"]): r for r in data.trend.to_dict("records")}
    missing = set(shown_unrecorded(data)) - set(by_year)
    for n, year in enumerate(sorted(set(by_year) | missing)):
        row = top + n
        ws.set_row(row, 18)
        ws.write_string(row, 0, format_fiscal_year(year), st.text)
        if year in missing:
            ws.write_string(row, 1, NO_RECORD, st.text)
            for c_n, _ in enumerate(cols):
                ws.write_blank(row, 2 + c_n, None, st.count)
            continue
        ws.write_blank(row, 1, None, st.text)
        for c_n, c in enumerate(cols):
            ws.write_number(row, 2 + c_n, by_year[year][c.key], st.yen if c.kind == "yen" else st.count)
        rows[year] = row
    return rows


@dataclass(frozen=True)
class _ChartPt:
    text: float  # data labels, legend, axes
    title: float


CHART_MIN_PT = 8.4  # chart text as printed
SUMMARY_WIDTH = 146  # column units of 総括 that still print at full size on A4 landscape


def _grade_chart(wb: Workbook, st: Styles, data: ReportData, cols, table: Table, pt: _ChartPt, height_px: int):
    """Stacked columns: each area's (重点項目) answers by grade (and 未回答), from the count table. A
    segment too short for its number carries none (its neighbours' numbers would print over it)."""
    chart = wb.add_chart({"type": "column", "subtype": "stacked"})
    first, last = table.first_row, table.first_row + len(data.plan.areas) - 1  # the 合計 row is left out
    axis = _count_axis(data.items.groupby("area").size())
    areas = data.rollup.to_dict("records")[:len(data.plan.areas)]
    grades = [c for c in cols if c.kind == "grade"]
    for c in cols:
        if c.kind not in ("grade", "unanswered"):
            continue
        colour = darker(st.grade_colours[c.key]) if c.key in st.grade_colours else "#BFBFBF"
        # each grade in its own hatch too (SEGMENT_PATTERNS, by its place on the scale): colours alone print as greys
        pattern = (SEGMENT_PATTERNS[grades.index(c) % len(SEGMENT_PATTERNS)] if c.kind == "grade"
                   else UNANSWERED_PATTERN)
        chart.add_series({
            "name": c.criterion or c.label.replace("\n", " "),  # 「D 未着手（計画の見直し）」 as one name
            "categories": table.col("label0", first, last),
            "values": table.col(c.key, first, last),
            **segment_fill(colour, pattern),
            "border": {"color": "#FFFFFF"},
            "data_labels": {"value": True, "num_format": "0;-0;;@", "font": {"name": FONT, "size": pt.text},
                            "custom": [None if fits_label(r[c.key], axis["max"], height_px, pt.text) else {"delete": True}
                                       for r in areas]},
            "gap": 80,
        })
    chart.set_title({"name": f"進捗状況（{data.plan.words.area}別・回答数）",
                     "name_font": {"name": FONT, "size": pt.title, "bold": True}})
    chart.set_legend({"position": "right", "font": {"name": FONT, "size": pt.text}})
    chart.set_y_axis({"major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                      "num_font": {"name": FONT, "size": pt.text}, **axis})
    chart.set_x_axis({"num_font": {"name": FONT, "size": pt.text}})
    return chart


CHART_FRAME_PX = 80  # of a chart's height, what is not its plot: title, axis labels, margins


def fits_label(value: float, axis_max: float, chart_px: int, font_pt: float) -> bool:
    """Whether a stacked segment of ``value`` (on an axis from 0 to ``axis_max``, in a chart
    ``chart_px`` high) is tall enough for its number in ``font_pt``."""
    segment_px = value / axis_max * max(1, chart_px - CHART_FRAME_PX)
    return segment_px >= font_pt * 96 / 72 * 1.25


def _count_axis(counts) -> dict:
    """A value axis of counts in whole steps (left to itself, a spreadsheet marks 0.5, 1.5 … when the
    counts are few): from 0, steps of 1, 2, 5, 10, 20 …, with room above the highest."""
    bottom, top, unit = value_axis([0, *(float(c) for c in counts)], 1)
    return {"min": bottom, "max": top, "major_unit": unit}


def _judgement_chart(wb: Workbook, data: ReportData, table: Table, pt: _ChartPt):
    """Columns: how many KPIs got each 判定 (the 合計 row), coloured like the 判定 cells."""
    chart = wb.add_chart({"type": "column"})
    total = table.rows["合計"]
    first, last = table.columns[JUDGEMENTS[0]], table.columns[JUDGEMENTS[-1]]
    sheet = quote_sheetname(table.sheet)
    header = table.first_row - 1
    chart.add_series({
        "name": "KPI 判定",
        "categories": f"{sheet}!${xl_col_to_name(first)}${header + 1}:${xl_col_to_name(last)}${header + 1}",
        "values": f"{sheet}!${xl_col_to_name(first)}${total + 1}:${xl_col_to_name(last)}${total + 1}",
        "points": [{"fill": {"color": darker(JUDGEMENT_COLOURS[j])}} for j in JUDGEMENTS],
        "data_labels": {"value": True, "num_format": "0", "font": {"name": FONT, "size": pt.text}},
        "gap": 60,
    })
    chart.set_title({"name": f"KPI の判定（{len(data.kpis)} 指標）", "name_font": {"name": FONT, "size": pt.title, "bold": True}})
    chart.set_legend({"none": True})
    chart.set_y_axis({"major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                      "num_font": {"name": FONT, "size": pt.text},
                      **_count_axis(data.kpis["judgement"].value_counts().tolist() or [0])})
    chart.set_x_axis({"num_font": {"name": FONT, "size": pt.text}})
    return chart


SECTIONS_TITLE, SECTIONS_NOTE_LINE = 26.0, 13.0  # 担当課別: the title row, a line of the note under it
SECTIONS_LAST_ROWS = 6  # rows (the total one of them) its last page keeps: never two sections and the total alone


def write_sections(ws: Worksheet, st: Styles, data: ReportData, items: ItemSheet, kpis: KpiSheet,
                   *, public: bool = False) -> int:
    """「担当課別」: one row per section and the total. Returns its printed pages: one page when it (nearly)
    fits, else pages broken between rows under the repeated header (40 sections fitted to one page printed at
    5 pt)."""
    cols = count_columns(data)
    labels = (("担当課", 12), ("提出状況", 9))
    widths = tuple(w for _, w in labels) + tuple(c.width for c in cols)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_SECTIONS, widths=widths)
    missing = "未提出" if public else "未提出・差し戻し"
    note = (f"進捗状況は各課が担当する{data.plan.words.item}の回答数、KPI は各課が報告する指標の数です。"
            f"{missing}の課は回答が集計に入っていないため、件数を「－」で示します（未回答の数は示します）。")
    top = write_note(ws, st, 1, note, sum(widths))
    rows = []
    for r in data.sections.to_dict("records"):
        status = data.public_status(r["status"]) if public else r["status"]
        rows.append(CountRow((r["section"], status), ("section", r["section"]), ("owner", r["section"]), r,
                             dash_zero=r["status"] != ans.SectionStatus.SUBMITTED))
    total = data.rollup.to_dict("records")[-1]
    rows.append(CountRow(("合計", ""), None, None, total))
    table = write_count_table(ws, st, top, labels, rows, cols, items, kpis, SHEET_SECTIONS)
    ws.repeat_rows(top, top + 1)
    heights = [row_height([(x, w) for x, (_, w) in zip(r.labels, labels)], minimum=20) for r in rows]  # as written
    header = 18 + row_height([(c.label, c.width) for c in cols], minimum=28)
    pages = paginate_table(ws, heights, table.first_row, widths, top=SECTIONS_TITLE + SECTIONS_NOTE_LINE * (top - 1),
                           header=header, last_rows=SECTIONS_LAST_ROWS)
    status_col = 1
    for name in st.status_fills:
        if public and data.public_status(name) != name:
            continue  # (公表用 never says 差し戻し: no rule for it either)
        ws.conditional_format(table.first_row, status_col, table.last_row, status_col, {
            "type": "cell", "criteria": "==", "value": f'"{name}"', "format": st.status_fills[name]})
    ws.print_area(0, 0, table.last_row, len(widths) - 1)
    return pages
