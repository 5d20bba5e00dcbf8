"""「KPI推移」: the KPIs as pictures — 進捗率 of every KPI against 期待進捗, then one small chart per
KPI over the plan's years (実績値, the 年度目標値 line 「参考（按分）」 and the final target).

Every chart names the KPI by its short name (:attr:`Kpi.label`), never by its ID. The charts read
two tables on the sheet: 「実績値の推移」 (printed, after the charts: one row per KPI, the
baseline year, every year answered so far, the target year) and 「年度目標値の推移」 below the print
area (the line each chart draws: the plan's yearly targets, else 基準値 → 目標値 by years), then the
実績値 each chart draws (「実績値の推移」 with a 記録なし year blank: a chart reads text as 0).

Charts sit on a grid of fixed-height rows, so the writer knows where each page ends: the first
page holds the 進捗率 chart and a row of KPI charts, later pages three rows of KPI charts. A plan of more
than :data:`OVERVIEW_MOST` KPIs has its 進捗率 chart in parts (:func:`overview_parts`), each on a page of its
own with a row of its KPIs' charts under it and the rest of its KPIs' charts on the pages after it
(:func:`chart_pages`), every part's plot at the same place: drawn in one, 23 KPIs' names were closer than their labels
are high, and LibreOffice printed every other one.
「実績値の推移」 goes on under the last row of charts when its heading and first rows fit there, and
breaks its own pages with its header row again on each (print titles would repeat it over the
charts too): :func:`table_breaks`. The 進捗率 chart reads its own table below the print area, since
「実績値の推移」's rows are not contiguous then.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_col_to_name
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.plan.attainment import JUDGEMENTS, NOT_REPORTED
from reform_xlsx.plan.model import Kpi
from reform_xlsx.report.kpis import (
    PROGRESS_BEYOND_NOTE,
    KpiSheet,
    progress_beyond,
    progress_text,
    progress_width,
    show_progress_beyond,
)
from reform_xlsx.report.model import (
    REFERENCE_TARGET,
    SHEET_KPI,
    SHEET_KPI_TREND,
    ReportData,
    Table,
    kpi_in_other_unit,
)
from reform_xlsx.report.period import NO_RECORD, NOT_ACTIVE, kpi_in_plan
from reform_xlsx.rounding import percent
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.sizing import line_capacity, row_height, wrap_units
from reform_xlsx.xlsx.style import (
    COLUMN_PADDING,
    JUDGEMENT_COLOURS,
    Styles,
    break_before,
    darker,
    figure_format,
    kpi_number_format,
    page_rows_height,
    start_sheet,
    write_note,
)

GRID_ROW_PT = 12.0  # every row of the chart area (16 px)
GRID_ROW_PX = 16
OVERVIEW_ROWS, CHART_ROWS, GAP_ROWS = 22, 13, 1  # 352 px, 208 px
PER_ROW = 4
FIRST_PAGE_BANDS, PAGE_BANDS = 1, 3
OVERVIEW_MOST = 16  # KPIs in one 進捗率 chart at most: 12.8 pt a bar, its 8 pt name and label 10.4 pt high
LABEL_COLS = (("kpi_id", "KPI ID", 5.5), ("label", "指標（略称）", 27), ("unit", "単位", 5),
              ("judgement", "判定", 8.5), ("progress", "進捗率", 8), ("expected", "期待進捗", 8))
YEAR_WIDTH = 12  # the years' columns at least; wider for a longer figure (「1,500,000,000」)
SHORTEST_LIMIT = 6  # the narrowest figure column (「12,345」): a longer figure is shown in 千・百万 …
LABEL_WIDTH_LEAST = 14  # the name column gives up width to wide years' columns down to this (names wrap)
FULL_SIZE_WIDTH = 149.5  # the columns' units that print at 100 % on A4 landscape (LibreOffice: 150.25 does, 150.5 prints at 99 %)
FULL_SIZE_COLUMNS = 13  # … measured on this many columns (the bundled plan's labels and seven years)
FONT = "BIZ UDゴシック"
TITLE_HEIGHT, NOTE_LINE, GAP_ROW_PT = 26.0, 13.0, 15.0  # the sheet's title, a note's line, the row before the table
HEADING_HEIGHT, HEADER_HEIGHT = 22.0, 20.0  # 「実績値の推移」's heading and its header row at least (on every page)
LEAST_ROWS = 3  # KPI rows that must fit under the table's heading for it to start on the charts' last page


@dataclass(frozen=True)
class TrendTables:
    actual: Table  # 実績値の推移: rows by KPI ID, columns by label key and year (int)
    drawn: Table  # the 実績値 each chart draws (実績値の推移 without 記録なし), below the print area
    target: Table  # 年度目標値の推移
    plotted: dict[str, tuple[list[float | None], list[float | None]]]  # KPI ID → (実績値, 年度目標値) by year
    axis_row: int  # the charts' category labels (:func:`axis_labels`), below the print area
    bars: Table  # the 進捗率 bars drawn (:data:`PROGRESS_CLIP`), below the print area
    scales: dict[str, int]  # KPI ID → :func:`table_scale` of its row (its chart's too)
    breaks: list[int]  # the rows 「実績値の推移」 starts a page at (its heading, or its header row again)


def axis_labels(years: list[int], chart_px: float | None = None) -> list[str]:
    """The years on a small chart's axis on two lines, the era's name over the number — 「令和」「6」,
    「平成」「30」 (seven 「令和6年度」 on one line are too wide for it); the numbers alone (「6」「7」 … 「16」) on a chart
    ``chart_px`` wide too narrow for the era's name over each year (:func:`axis_title`)."""
    texts = [format_fiscal_year(y).removesuffix("年度") for y in years]  # an era's name is two characters
    if axis_title(years, chart_px) is not None:
        return [t[2:] for t in texts]
    return [f"{t[:2]}\n{t[2:]}" for t in texts]


PLOT_WIDTH = 0.8  # a small chart's plot, as a share of its width
ERA_TITLE_ROOM = 0.03  # of the chart's height, taken from the plot for the era's name under the years
ERA_FIRST_ROOM = 0.025  # and more for a 「元」 among the numbers: LibreOffice sets their line taller, the era's name
# lower (on the legend: 令和元～10年度, the baseline 平成30年度)
ERA_LABEL_PX = 27  # a year's room on the axis the era's name (two 8 pt characters) needs: with less, LibreOffice tilted
# the labels and printed every other one (a plan of 10 years: 11 years of 20–25 px)


def axis_title(years: list[int], chart_px: float | None) -> str | None:
    """The title under a small chart's axis when its labels are the years' numbers alone: 「年度（令和）」 — the era's
    name once, for a plan whose years (all of one era) leave each less than :data:`ERA_LABEL_PX` on a chart ``chart_px``
    wide. A period across two eras (基準値 平成30年度, 令和元～10年度) names each era's years: 「年度（平成30、令和元～10）」
    (the era over each year, LibreOffice tilted them too). None otherwise (the era over each year)."""
    if chart_px is None or not years or chart_px * PLOT_WIDTH / len(years) >= ERA_LABEL_PX:
        return None
    eras: dict[str, list[str]] = {}
    for text in (format_fiscal_year(y).removesuffix("年度") for y in years):
        eras.setdefault(text[:2], []).append(text[2:])
    if len(eras) == 1:
        return f"年度（{next(iter(eras))}）"
    return "年度（" + "、".join(era + ("～".join((ns[0], ns[-1])) if len(ns) > 1 else ns[0]) for era, ns in eras.items()) + "）"


def _years(data: ReportData) -> list[int]:
    return list(range(data.plan.baseline_year, data.plan.end_year + 1))


def _px(width: float) -> int:
    """xlsxwriter's pixel width of a column (what chart positions are computed from)."""
    return int(width * 7 + 5) if width >= 1 else int(width * 12 + 0.5)


def _figures(data: ReportData, kpi: Kpi, years: list[int]) -> list[float]:
    """The KPI's figures 「実績値の推移」 shows in its unit: its 基準値 and each year's 実績値 so far (not those of a
    year counted in a unit a revision has since changed: :func:`_other_unit_figures`)."""
    actual_by = data.actuals_of(kpi.id)
    values = [kpi.baseline] + [actual_by.get(y) for y in years
                               if y <= data.year and kpi_in_other_unit(data, kpi, y) is None]
    return [float(v) for v in values if v is not None and v == v]


def _other_unit_figures(data: ReportData, kpi: Kpi, years: list[int]) -> list[str]:
    """The 実績値 of the years counted in a unit a revision has since changed, as shown with it (「6,100,000枚」)."""
    actual_by = data.actuals_of(kpi.id)
    found = []
    for y in years:
        then = kpi_in_other_unit(data, kpi, y) if y <= data.year else None
        value = actual_by.get(y)
        if then is not None and value is not None and value == value:
            found.append(then.display(float(value)))
    return found


TABLE_UNITS = 13  # a figure of 「実績値の推移」 at most this wide (「1,500,000,000」); a longer one in 千・百万 … of the unit
SCALED_UNITS = 9  # a figure shown in 千・百万 … at most this wide (「9,999,999」): a small chart's axis labels then at
# most 「12,500,000」 (「1,250,000,000,000」 squeezed the plot to a sliver and broke the point's label in two)


def _named_scales(unit: str) -> list[int]:
    """1,000, 1,000,000 … that :func:`_scaled_unit` can name for ``unit`` (千円 × 1,000,000 is 十億円)."""
    prefix = next((p for p in UNIT_PREFIXES if unit.startswith(p) and len(unit) > len(p)), "")
    return [s for s in (10**3, 10**6, 10**9, 10**12) if UNIT_PREFIXES.get(prefix, 1) * s in SCALED_PREFIXES]


def _short_scale(unit: str, top: float, least: int = 1) -> int:
    """The least of ``least`` and the named scales above it that shows ``top`` in :data:`SCALED_UNITS` (the
    largest there is, for a figure too large for any)."""
    named = [least] + [s for s in _named_scales(unit) if s > least]
    return next((s for s in named if text_units(f"{top / s:,.0f}") <= SCALED_UNITS), named[-1])


def _plan_scale(kpi: Kpi) -> int:
    """The scale a KPI's chart is drawn in for the plan's own figures (基準値, 目標値): 百万 from 10,000,000,
    千 from 100,000 (of the unit's own prefix: 千円 in 千 is 百万円), else 1."""
    top = max((abs(v) for v in (kpi.baseline, kpi.target) if v is not None), default=0.0)
    wanted = 10**6 if top >= 10_000_000 else 10**3 if top >= 100_000 else 1
    return max((s for s in [1] + _named_scales(kpi.unit) if s <= wanted), default=1)


def table_scale(kpi: Kpi, figures: list[float], limit: int = TABLE_UNITS) -> int:
    """1, or 1,000, 1,000,000 …: a KPI whose figures print wider than ``limit`` (:data:`TABLE_UNITS`, or less on a
    crowded sheet: :func:`table_limit`; a prefecture's 1兆円) is shown that many times smaller in 「実績値の推移」
    — and in its chart (:func:`_axis_scale`) — its unit saying so (百万円), the figures at most
    :data:`SCALED_UNITS` wide, in no smaller a scale than the chart's for the plan's figures (:func:`_plan_scale`:
    ふるさと納税 in 百万円, never 千円); else the wide year columns shrink the whole page below 8 pt."""
    top = max((abs(v) for v in figures), default=0.0)
    if kpi.is_rate or not math.isfinite(top) or text_units(kpi.display(top, unit=False)) <= limit:
        return 1
    return _short_scale(kpi.unit, top, max(10**3, _plan_scale(kpi))) if _named_scales(kpi.unit) else 1


def _shown(kpi: Kpi, value: float, scale: int) -> str:
    return kpi.display(value, unit=False) if scale == 1 else f"{value / scale:,.0f}"


def shown_figures(data: ReportData, years: list[int], limit: int = TABLE_UNITS) -> list[str]:
    """Every figure 「実績値の推移」 shows, as shown (「1,500,000,000」, 「74.6%」; a KPI's figures in 百万 … when
    they are too long: :func:`table_scale`)."""
    shown = []
    for kpi_id in data.kpis["kpi_id"]:
        kpi = data.plan.kpi(kpi_id)
        figures = _figures(data, kpi, years)
        scale = table_scale(kpi, figures, limit)
        shown += [_shown(kpi, v, scale) for v in figures] + _other_unit_figures(data, kpi, years)
    return shown


def table_units(data: ReportData, years: list[int], limit: int = TABLE_UNITS) -> dict[str, str]:
    """Each KPI's unit as 「実績値の推移」 shows it: its own, or scaled with its figures (円 → 百万円)."""
    units = {}
    for kpi_id in data.kpis["kpi_id"]:
        kpi = data.plan.kpi(kpi_id)
        scale = table_scale(kpi, _figures(data, kpi, years), limit)
        units[kpi_id] = kpi.unit if scale == 1 else _scaled_unit(kpi.unit, scale)
    return units


def table_limit(data: ReportData, years: list[int]) -> int:
    """The widest figure 「実績値の推移」 shows whole: :data:`TABLE_UNITS` (「1,500,000,000」), or one that fits a
    year's column of :data:`YEAR_WIDTH` when the name column at its least cannot make room for wider ones beside a
    scaled unit and a long 進捗率 (15億円 of ふるさと納税 and an absurd 999,999,999,999,999枚 of PPC用紙 printed at
    7.8 pt): then those figures too are shown in 千・百万 … (「1,500,000」千円) — or, for a plan of many years
    whose columns of :data:`YEAR_WIDTH` do not fit beside the labels at their least, one that fits the narrower
    column each year then gets (:func:`year_room`)."""
    if sum(column_widths(data, years, TABLE_UNITS)) <= FULL_SIZE_WIDTH:
        return TABLE_UNITS
    return max(SHORTEST_LIMIT, min(YEAR_WIDTH, math.floor(year_room(data, years, YEAR_WIDTH - 1))) - 1)


def year_room(data: ReportData, years: list[int], limit: int) -> float:
    """How wide each year's column can be for the sheet to print at full size, the labels at their least (the name
    column at :data:`LABEL_WIDTH_LEAST`, the unit and 進捗率 columns as wide as ``limit``'s figures need)."""
    labels = _label_widths(data, years, limit)
    labels[[key for key, _, _ in LABEL_COLS].index("label")] = LABEL_WIDTH_LEAST
    return _room(labels, len(years))


def _room(labels: list[float], n_years: int) -> float:
    """Each year's column at most, beside ``labels``, for the sheet to print at 100 %: :data:`FULL_SIZE_WIDTH` was
    measured on :data:`FULL_SIZE_COLUMNS` columns, and every column takes :data:`COLUMN_PADDING` more on paper (a
    10-year plan's 18 columns of 147 units printed at 99 %: its charts' text at 7.9 pt)."""
    budget = FULL_SIZE_WIDTH + COLUMN_PADDING * (FULL_SIZE_COLUMNS - len(labels) - n_years)
    return (budget - sum(labels)) / max(1, n_years)


def _label_widths(data: ReportData, years: list[int], limit: int) -> list[float]:
    """The label columns' widths: :data:`LABEL_COLS`, the unit's wider for a scaled unit (「百万円」), the 進捗率's for a
    long one (「-10000%未満」)."""
    labels = [w for _, _, w in LABEL_COLS]
    keys = [key for key, _, _ in LABEL_COLS]
    units = table_units(data, years, limit)
    labels[keys.index("unit")] = max(labels[keys.index("unit")],
                                     max((text_units(u) + 1 for u in units.values()), default=0))
    labels[keys.index("progress")] = max(labels[keys.index("progress")], progress_width(list(data.kpis["progress"])))
    return labels


def column_widths(data: ReportData, years: list[int], limit: int | None = None) -> tuple[float, ...]:
    """The sheet's columns: the labels' (:data:`LABEL_COLS`), then one per year as wide as the longest figure
    shown needs (a 10-digit yen figure would print 「###」 in a column of :data:`YEAR_WIDTH`). The name
    column gives up what the years, a scaled unit (「十億枚」) and a long 進捗率 (「-10000%未満」) take beyond a
    page at full size, down to :data:`LABEL_WIDTH_LEAST` (the charts' 8 pt text prints at 8 pt only at 100 %);
    a plan of more years than that makes room for then has narrower years' columns (:func:`table_limit` shows
    their figures in 千・百万 …: a 10-year plan's charts printed at 5.7 pt).
    ``limit``: the widest figure shown whole (:func:`table_limit` when None)."""
    limit = table_limit(data, years) if limit is None else limit
    longest = max((text_units(t) for t in shown_figures(data, years, limit)), default=0)
    year = max(YEAR_WIDTH, longest + 1)
    labels = _label_widths(data, years, limit)
    name = [key for key, _, _ in LABEL_COLS].index("label")
    labels[name] = max(LABEL_WIDTH_LEAST, labels[name] - max(0.0, sum(labels) + year * len(years) - FULL_SIZE_WIDTH))
    if sum(labels) + year * len(years) > FULL_SIZE_WIDTH:  # a plan of many years: narrower years (figures scaled)
        year = max(longest + 1, math.floor(_room(labels, len(years))))  # whole units: as printed
    return tuple(labels) + (year,) * len(years)


def write_kpi_trend(wb: Workbook, ws: Worksheet, st: Styles, data: ReportData, kpis: KpiSheet) -> int:
    """Write the sheet; return its printed pages."""
    years = _years(data)
    limit = table_limit(data, years)
    widths = column_widths(data, years, limit)
    total_width = sum(widths)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_KPI_TREND, widths=widths)
    n_kpis = len(data.kpis)
    note = ("上: KPI ごとの進捗率（棒。色と数字の後の語は判定）と期待進捗（枠）。下: KPI ごとの推移 — 実績値（実線・●）、"
            f"年度目標値（破線、{REFERENCE_TARGET}）と、{format_fiscal_year(data.plan.end_year)}の目標値。"
            f"{format_fiscal_year(data.plan.baseline_year)}は基準値。実績値の数字は基準値と最新の年度だけ（各年度は下の表）。"
            if n_kpis else f"{data.year_label}の計画に KPI はありません（グラフなし）。")
    row = write_note(ws, st, 1, note, total_width)
    grid_top = row
    parts = [p for p in overview_parts(n_kpis) if p]  # (no KPI this year: no chart, and no room kept for one)
    pages = chart_pages(parts)
    breaks: list[int] = []
    row = grid_top
    overview_rows: list[int] = []
    slots: dict[int, tuple[int, int]] = {}  # a KPI's index → (its band's row, its place in the band)
    for p, (part, bands) in enumerate(pages):
        if p:
            breaks.append(row)
        if part is not None:
            overview_rows.append(row)
            row += OVERVIEW_ROWS + GAP_ROWS
        for band in bands:
            slots |= {kpi: (row, slot) for slot, kpi in enumerate(band)}
            row += CHART_ROWS + GAP_ROWS
    chart_end = row
    for r in range(grid_top, chart_end):
        ws.set_row(r, GRID_ROW_PT)

    # 「実績値の推移」 goes on under the last charts when its heading and first rows fit there (43 KPIs: their
    # last charts took a third of a page, and the table began on the next, leaving two thirds blank)
    tables_top = chart_end + 1
    last_part, last_bands = pages[-1] if pages else (None, [])
    above = (TITLE_HEIGHT + NOTE_LINE * (grid_top - 1) if len(pages) <= 1 else 0.0) + \
        ((OVERVIEW_ROWS + GAP_ROWS) * GRID_ROW_PT if last_part is not None else 0.0)
    used = above + len(last_bands) * (CHART_ROWS + GAP_ROWS) * GRID_ROW_PT + GAP_ROW_PT
    tables = _write_tables(ws, st, data, kpis, tables_top, years, widths, limit, used)
    breaks += tables.breaks
    grid_px = sum(_px(w) for w in widths)
    for n, (part, at) in enumerate(zip(parts, overview_rows)):
        # (no KPI this year, no chart: one of none read the bars' header 「指標（略称）」 as its KPI)
        numbered = f"（{n + 1}/{len(parts)}）" if len(parts) > 1 else ""
        overview = _overview_chart(wb, data, tables.bars, grid_px - 8, part, numbered)
        overview.set_size({"width": grid_px - 8, "height": OVERVIEW_ROWS * GRID_ROW_PX - 4})
        ws.insert_chart(at, 0, overview, {"x_offset": 4, "y_offset": 2, "object_position": 3, "description":
                                          f"KPI ごとの進捗率と期待進捗のグラフ（数字は「{data.sheet(SHEET_KPI)}」の表）"})
    chart_px = _chart_px(widths)
    for n, k in enumerate(data.kpis.to_dict("records")):
        kpi = data.plan.kpi(k["kpi_id"])
        band_row, slot = slots[n]
        chart = _trend_chart(wb, data, kpi, tables, years, chart_px)
        chart.set_size({"width": chart_px, "height": CHART_HEIGHT_PX})
        ws.insert_chart(band_row, 0, chart, {"x_offset": 8 + slot * (chart_px + 8), "y_offset": 3,
                                                   "object_position": 3, "description":
                                                   f"{kpi.id} {kpi.name}の実績値の推移のグラフ（数字は下の「実績値の推移」の表）"})
    ws.set_h_pagebreaks(breaks)
    ws.print_area(0, 0, tables.actual.last_row, len(widths) - 1)
    return len(breaks) + 1


def chart_pages(parts: list[range]) -> list[tuple[range | None, list[list[int]]]]:
    """The chart pages of 「KPI推移」: (the part of the 進捗率 chart at its top, or None; its bands of KPI charts, each
    the KPIs' indexes, at most :data:`PER_ROW`). Each part (:func:`overview_parts`) starts a page with
    :data:`FIRST_PAGE_BANDS` bands of its first KPIs under it, and its other KPIs follow on pages of
    :data:`PAGE_BANDS` bands before the next part's page: a KPI's chart prints after the part its bar is in, never
    under another part (part 2's page showed KPIs 5–8). No part (no KPI this year): no page of charts."""
    pages: list[tuple[range | None, list[list[int]]]] = []
    for part in parts:
        bands = [list(part[n:n + PER_ROW]) for n in range(0, len(part), PER_ROW)]
        pages.append((part, bands[:FIRST_PAGE_BANDS]))
        pages += [(None, bands[n:n + PAGE_BANDS]) for n in range(FIRST_PAGE_BANDS, len(bands), PAGE_BANDS)]
    return pages


def chart_width_px(n_years: int) -> int:
    """A small KPI chart's width for a plan of ``n_years`` columns (the baseline year's included) at their least."""
    return _chart_px(tuple(w for _, _, w in LABEL_COLS) + (YEAR_WIDTH,) * n_years)


def _chart_px(widths: tuple[float, ...]) -> int:
    """A small KPI chart's width on a sheet of columns ``widths``: :data:`PER_ROW` side by side, 8 px apart."""
    return (sum(_px(w) for w in widths) - 8 * (PER_ROW + 1)) // PER_ROW


def _write_tables(ws: Worksheet, st: Styles, data: ReportData, kpis: KpiSheet, top: int,
                  years: list[int], widths: tuple[float, ...], limit: int = TABLE_UNITS,
                  used: float | None = None) -> TrendTables:
    """The tables under the charts. ``used``: the points the charts take of the page 「実績値の推移」 would start
    on (None: it starts a page); the table breaks its pages itself, its header row again on each."""
    history = data.kpi_history
    actual_by = {(r.kpi_id, int(r.year)): r.actual for r in history.itertuples()}
    first_year_col = len(LABEL_COLS)
    columns = {key: n for n, (key, _, _) in enumerate(LABEL_COLS)} | {y: first_year_col + n for n, y in enumerate(years)}
    base, end = data.plan.baseline_year, data.plan.end_year

    labels = [label for _, label, _ in LABEL_COLS] + [_year_header(y, widths[columns[y]]) for y in years]
    header_height = row_height(list(zip(labels, widths)), minimum=HEADER_HEIGHT)  # 「KPI」「ID」 on two lines

    def column_header(row: int) -> None:
        ws.set_row(row, header_height)
        for n, label in enumerate(labels):
            ws.write_string(row, n, label, st.header)

    def header(row: int, title: str, subtitle: str) -> int:
        ws.set_row(row, HEADING_HEIGHT)
        ws.write_string(row, 0, title, st.heading)
        row = write_note(ws, st, row + 1, subtitle, sum(widths))
        column_header(row)
        return row + 1

    between = range(base + 1, data.plan.start_year)  # after the baseline, before the plan: nothing is asked
    gap = (f"（{'・'.join(format_fiscal_year(y) for y in between)}は基準年度と計画期間の間の年度で、報告を求めていません）"
           if len(between) else "")
    no_record = (f"、「{NO_RECORD}」は台帳に照会・回答の記録がない年度" if any(base < y <= data.year for y in data.unrecorded)
                 else "")
    # a year of the plan the KPI was not reported in (a revision added it later): 「－」 as in 計画期間の総括, not 未報告
    absent = {(kpi_id, y) for kpi_id in data.kpis["kpi_id"] for y in years
              if data.plan.start_year <= y <= data.year and not kpi_in_plan(data, kpi_id, y)}
    not_active = f"、「{NOT_ACTIVE}」はその指標が計画になかった年度" if absent else ""
    first = header(top, f"実績値の推移（{format_fiscal_year(data.year)}まで）",
                   f"{format_fiscal_year(base)}は基準値、各年度は各課の回答、空欄は未報告またはまだ来ていない年度"
                   f"{gap}{no_record}{not_active}。"
                   "判定・進捗率は「KPI達成状況」から。"
                   + (PROGRESS_BEYOND_NOTE if progress_beyond(list(data.kpis["progress"])) else ""))
    rows = {}
    plotted: dict[str, tuple[list[float | None], list[float | None]]] = {}
    units = table_units(data, years, limit)
    scales = {}
    heights = [row_height([(data.plan.kpi(k).label, widths[1])], minimum=18) for k in data.kpis["kpi_id"]]
    heading = HEADING_HEIGHT + NOTE_LINE * (first - top - 2)
    new_page, at = table_breaks(heights, used, heading, page_rows_height(widths) - header_height)
    breaks = [top - 1] if new_page else []
    row = first - 1
    for n, k in enumerate(data.kpis.to_dict("records")):
        kpi = data.plan.kpi(k["kpi_id"])
        row += 1
        if n in at:  # a new page: the header row again above its first KPI
            breaks.append(row)
            column_header(row)
            row += 1
        rows[kpi.id] = row
        plotted[kpi.id] = ([], [])
        ws.set_row(row, heights[n])
        scale = scales[kpi.id] = table_scale(kpi, _figures(data, kpi, years), limit)  # (the value kept whole: shown
        # in 百万 … by its format)
        value = st.kpi_value(kpi) if scale == 1 else st.cell(num_format="#,##0" + "," * round(math.log10(scale) / 3))
        ws.write_string(row, 0, kpi.id, st.center)
        ws.write_string(row, 1, kpi.label, st.wrap)
        ws.write_string(row, 2, units[kpi.id], st.center)
        ws.write_formula(row, 3, f"={kpis.table.cell(kpi.id, 'judgement')}", st.center, k["judgement"])
        ws.write_formula(row, 4, f"={kpis.table.cell(kpi.id, 'progress')}", st.percent,
                         "" if k["progress"] is None else k["progress"])
        if kpi.baseline is None and k["expected"] is None:  # never reported: no year to count its e from
            ws.write_blank(row, 5, None, st.percent)
        elif kpi.baseline is None:  # measured from its first reported year: its own e (KPI達成状況's formulas)
            ws.write_number(row, 5, k["expected"], st.percent)
        else:
            ws.write_formula(row, 5, f"={quote_sheetname(kpis.table.sheet)}!{kpis.params['e']}", st.percent,
                             k["expected"])
        for y in years:
            col = columns[y]
            shown = then = None
            if y == base and kpi.baseline is not None:
                shown = kpi.baseline
            elif (kpi.id, y) in actual_by and actual_by[(kpi.id, y)] is not None and y <= data.year:
                shown = float(actual_by[(kpi.id, y)])
                then = kpi_in_other_unit(data, kpi, y)
            if shown is None and (kpi.id, y) in absent:
                ws.write_string(row, col, NOT_ACTIVE, st.center)
            elif shown is None and y in data.unrecorded:  # as the other sheets say: not 未報告
                ws.write_string(row, col, NO_RECORD, st.center)
            elif shown is None:
                ws.write_blank(row, col, None, value)
            elif then is not None:  # in a unit a revision has since changed: with it, and not drawn on the chart
                ws.write_number(row, col, shown, st.kpi_value_with_unit(then))  # (6,100,000枚 is no point on 千枚's)
                shown = None
            else:
                ws.write_number(row, col, shown, value)
            plotted[kpi.id][0].append(shown)
    jcol = columns["judgement"]
    last = row
    for name in JUDGEMENTS:
        ws.conditional_format(first, jcol, last, jcol, {"type": "cell", "criteria": "==", "value": f'"{name}"',
                                                        "format": st.fills[name]})
    show_progress_beyond(ws, st, first, last, columns["progress"])
    actual = Table(SHEET_KPI_TREND, first, last, columns, rows)

    # Below the print area: the 年度目標値 line of each chart.
    targets = {(r.kpi_id, int(r.year)): r.year_target for r in history.itertuples()
               if r.year_target is not None and not (isinstance(r.year_target, float) and r.year_target != r.year_target)}
    t_first = header(last + 3, "年度目標値の推移（グラフの破線。印刷しない表）",
                     f"計画に年度ごとの目標がない年度は、基準値から目標値までを年数で按分した{REFERENCE_TARGET}の値。"
                     f"{format_fiscal_year(end)}は計画の目標値。")
    for k in data.kpis.to_dict("records"):
        kpi = data.plan.kpi(k["kpi_id"])
        first = (k["base_year"], k["baseline"]) if kpi.baseline is None and k["base_year"] is not None else None
        # a year so far: the 年度目標値 of the plan in force then (a revision changes later years); None for a KPI
        # without a baseline, before it was first reported. A year's target in a unit since changed is not drawn
        # either — nor one between the base and the plan's first year, which the first year's plan drew in its unit
        # (6,175,000枚 on a chart of 千枚 squeezed 6,290 → 5,400 onto the floor of an axis up to 8,000,000)
        plotted[kpi.id][1].extend(kpi.baseline if y == base else
                                  None if y <= data.year and kpi_in_other_unit(data, kpi, max(y, data.plan.start_year))
                                  else targets.get((kpi.id, y), _year_target(data, kpi, y, first))
                                  for y in years)
    target = _hidden_table(ws, st, data, columns, years, t_first, lambda kpi_id: plotted[kpi_id][1])
    # the 実績値 the charts draw: a chart reads 「記録なし」 as 0, so its year is blank here (the line spans it)
    d_first = header(target.last_row + 3, "実績値（グラフの実線。印刷しない表）",
                     f"「実績値の推移」の値。{NO_RECORD}の年度は空欄。")
    drawn = _hidden_table(ws, st, data, columns, years, d_first, lambda kpi_id: plotted[kpi_id][0])
    axis = drawn.last_row + 2  # the charts' year labels, short enough for a small chart's axis
    ws.write_string(axis, 1, "グラフの横軸（印刷しない）", st.text)
    for y, label in zip(years, axis_labels(years, _chart_px(widths))):
        ws.write_string(axis, columns[y], label, st.center)
    bars_first = header(axis + 2, "進捗率・期待進捗（上のグラフの棒と枠。印刷しない表）",
                        f"「実績値の推移」の進捗率と期待進捗。進捗率の{percent(PROGRESS_CLIP[0], 0)}～{percent(PROGRESS_CLIP[1], 0)}の"
                        "外の値は、棒をその端までとし、ラベルに値を出します。")
    bar_rows = {}
    for n, k in enumerate(data.kpis.to_dict("records")):
        row = bar_rows[k["kpi_id"]] = bars_first + n
        ws.write_string(row, 0, k["kpi_id"], st.center)
        ws.write_string(row, 1, data.plan.kpi(k["kpi_id"]).label, st.text)
        shown = actual.cell(k["kpi_id"], "progress").rsplit("!", 1)[1]
        low, high = PROGRESS_CLIP
        progress = k["progress"]
        cached = "" if progress is None or progress != progress else min(high, max(low, float(progress)))
        ws.write_formula(row, columns["progress"], f'=IF(ISNUMBER({shown}),MIN({high},MAX({low},{shown})),"")',
                         st.percent, cached)
        # the chart's 期待進捗 too: 「実績値の推移」 has its header row again among its rows on a page break
        expected = actual.local(k["kpi_id"], "expected")  # (a blank is no frame at 0 %)
        ws.write_formula(row, columns["expected"], f'=IF(ISNUMBER({expected}),{expected},"")', st.percent,
                         "" if k["expected"] is None else k["expected"])
    bars = Table(SHEET_KPI_TREND, bars_first, bars_first + len(data.kpis) - 1, columns, bar_rows)
    return TrendTables(actual, drawn, target, plotted, axis, bars, scales, breaks)


def _year_header(year: int, width: float) -> str:
    """A year's column header: 「令和10年度」, or 「令和10」「年度」 on two lines in a column too narrow for it (never
    「令和10年」「度」)."""
    label = format_fiscal_year(year)
    return label if text_units(label) <= line_capacity(width) else f"{label.removesuffix('年度')}\n年度"


def table_breaks(heights: list[float], used: float | None, heading: float, room: float) -> tuple[bool, list[int]]:
    """Where 「実績値の推移」 breaks its pages: (whether it starts a new page, the KPI rows — indexes of ``heights``
    — that start one under the header row again). ``used``: the points the charts take of the page the table
    would start on (None: a page of its own); ``heading``: its heading and note; ``room``: a page's points less
    the header row.
    The table goes on under the charts when its heading, header and first :data:`LEAST_ROWS` rows fit there; its
    last page keeps :data:`LEAST_ROWS` rows when the page before stays 60 % full (never a lone row)."""
    new_page = used is None or used + heading + sum(heights[:LEAST_ROWS]) > room
    top = heading + (GAP_ROW_PT if new_page else used)
    at = break_before(heights, top, room)
    if at and len(heights) - at[-1] < LEAST_ROWS:
        start = at[-2] if len(at) > 1 else 0
        moved = max(start + 1, len(heights) - LEAST_ROWS)
        if (top if len(at) == 1 else 0.0) + sum(heights[start:moved]) >= 0.6 * room:
            at[-1] = moved
    return new_page, at


def _hidden_table(ws: Worksheet, st: Styles, data: ReportData, columns: dict[int, int], years: list[int],
                  first: int, values) -> Table:
    """A table below the print area that a chart reads: one row per KPI from ``first`` (ID, name, unit), then
    ``values(kpi_id)`` by year — a number, or blank for None."""
    rows = {}
    for n, k in enumerate(data.kpis.to_dict("records")):
        kpi = data.plan.kpi(k["kpi_id"])
        row = rows[kpi.id] = first + n
        ws.write_string(row, 0, kpi.id, st.center)
        ws.write_string(row, 1, kpi.label, st.text)
        ws.write_string(row, 2, kpi.unit, st.center)
        for y, value in zip(years, values(kpi.id)):
            if value is None:
                ws.write_blank(row, columns[y], None, st.kpi_value(kpi))
            else:
                ws.write_number(row, columns[y], value, st.kpi_value(kpi))
    return Table(SHEET_KPI_TREND, first, first + len(data.kpis) - 1, columns, rows)


def overview_parts(n_kpis: int) -> list[range]:
    """The KPIs (indexes, in the sheet's order) of each part of the 進捗率 chart: all in one up to
    :data:`OVERVIEW_MOST`, else in as few parts as hold them, of sizes that differ by one at most."""
    count = max(1, -(-n_kpis // OVERVIEW_MOST))
    size, extra = divmod(n_kpis, count)
    starts = [n * size + min(n, extra) for n in range(count + 1)]
    return [range(a, b) for a, b in zip(starts, starts[1:])]


def _overview_chart(wb: Workbook, data: ReportData, bars: Table, width_px: int, part: range | None = None,
                    numbered: str = ""):
    """Horizontal bars: 進捗率 per KPI (short names), coloured by 判定; 期待進捗 as an outline. A 進捗率 beyond
    :data:`PROGRESS_CLIP` has its bar to that end and its true value as the label's text. A bar's label that would
    reach over its frame's edge is the frame's label instead, after the edge (:func:`label_anchor`).

    ``part``: the KPIs this chart draws (:func:`overview_parts`; all by default), on the axis every part shares
    (worked out from every KPI), its title ending ``numbered`` (「（1/2）」)."""
    # each bar's label says its 判定 in words after the figure (「20% 遅れ」): printed in black and white, the bars'
    # colours are greys alike (順調 and 概ね順調 print the same)
    judgements = list(data.kpis["judgement"])
    names = [data.plan.kpi(k).label for k in data.kpis["kpi_id"]]
    plot_px = progress_plot_px(width_px, names)
    bottom, top, major = progress_axis(list(data.kpis["progress"]), list(data.kpis["expected"]), plot_px, judgements)
    part = range(len(judgements)) if part is None else part
    first, last = bars.first_row + part.start, bars.first_row + part.stop - 1
    labels, frame_labels = [], []  # a label after its frame, not over the frame's edge (:func:`label_anchor`)
    shown = zip(*(list(data.kpis[c])[part.start:part.stop] for c in ("progress", "expected", "judgement")))
    for p, e, j in shown:
        if p is None or p != p:  # no bar: its frame says why (「未報告」), not an empty row read as 0 %
            labels.append(None)
            frame_labels.append({"delete": True} if e is None or e != e else {"value": unreported_label(j)})
            continue
        text, bar = progress_label(float(p), j), min(PROGRESS_CLIP[1], max(PROGRESS_CLIP[0], float(p)))
        frame = None if e is None or e != e else float(e)
        after_frame = label_anchor(bar, frame, progress_label_px(float(p), j), top - bottom, plot_px) != bar
        labels.append({"delete": True} if after_frame else {"value": text})
        frame_labels.append({"value": text} if after_frame else {"delete": True})
    label_look = {"num_format": "0%", "position": "outside_end", "font": {"name": FONT, "size": 8},
                  "fill": {"color": "#FFFFFF"}}
    chart = wb.add_chart({"type": "bar"})
    colours = [darker(JUDGEMENT_COLOURS[j]) for j in judgements[part.start:part.stop]]
    chart.add_series({
        "name": "進捗率",
        "categories": bars.col("label", first, last),
        "values": bars.col("progress", first, last),
        "points": [{"fill": {"color": c}, "border": {"none": True}} for c in colours],
        "data_labels": {"value": True, **label_look, **({"custom": labels} if any(labels) else {})},
        "gap": 25,
        "overlap": 100,
    })
    frame_series = {
        "name": f"期待進捗（{data.year_label}）",
        "categories": bars.col("label", first, last),
        "values": bars.col("expected", first, last),
        "fill": {"none": True},
        "border": {"color": "#404040", "width": 1.25, "dash_type": "dash"},
        "gap": 25,
        "overlap": 100,
    }
    if any("value" in f for f in frame_labels):
        frame_series["data_labels"] = {"value": True, **label_look, "custom": frame_labels}
    chart.add_series(frame_series)
    chart.set_title({"name": f"KPI の進捗率（棒、色と数字の後の語は判定）と期待進捗 {percent(data.plan.expected_progress(data.year), 0)}"
                             f"（破線の枠）　{data.year_label}{numbered}",
                     "name_font": {"name": FONT, "size": 10, "bold": True}})
    # A bar chart's x axis is the value axis (horizontal), its y axis the categories (the first KPI on top).
    chart.set_x_axis({"num_format": "0%", "num_font": {"name": FONT, "size": 8},
                      "min": bottom, "max": top, "major_unit": major,
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    # the KPI names at the left edge (「low」), not at 0: a KPI gone the wrong way (−16 %) has its bar left of 0
    chart.set_y_axis({"num_font": {"name": FONT, "size": 8}, "reverse": True, "interval_unit": 1,
                      "label_position": "low"})
    chart.set_legend({"none": True})
    # the plot placed by hand, beside the longest name of every KPI (not this part's): LibreOffice fits each part's
    # plot beside its own names, and the axis the parts share started at a different x page to page
    chart.set_plotarea({"layout": {"x": (PROGRESS_PLOT_LEFT_PX + plot_left(names, width_px)) / width_px, "y": PROGRESS_PLOT_TOP,
                                   "width": plot_px / width_px, "height": PROGRESS_PLOT_HEIGHT}})
    return chart


PROGRESS_LABEL_UNIT_PX = 6.0  # a half-width character of an 8 pt label (4.4 pt measured, rounded up)
PROGRESS_LABEL_PAD_PX = 12  # the label's white ground and its gap from the bar's end
PROGRESS_MAX_STEPS = 10  # gridlines of the 進捗率 axis at most
PROGRESS_CLIP = (-2.0, 3.0)  # the 進捗率 bars drawn at most this far (−200 %, 300 %): the label says the rest


def progress_label(value: float, judgement: str = "") -> str:
    """A bar's label as its 0% format shows it: 「-40%」, 「1350%」; beyond ±10000 % as the tables show it,
    「10000%超」 / 「-10000%未満」 (:func:`~reform_xlsx.report.kpis.progress_text`); then the KPI's ``judgement``,
    when given, in words (「20% 遅れ」): the bar's colour says it on screen, not on a black-and-white print."""
    text = progress_text(value, 0)
    return f"{text} {judgement}" if judgement else text


PROGRESS_PLOT_LEFT_PX, PROGRESS_PLOT_RIGHT_PX = 16, 24  # the chart's edge and the names' gap to the plot; right of
# the plot, room for half the last axis label (「120%」)
PROGRESS_PLOT_TOP, PROGRESS_PLOT_HEIGHT = 0.17, 0.8  # under the title and the axis' labels (LibreOffice's own, measured)


PROGRESS_NAMES_MOST = 0.5  # the KPI names beside the bars take this share of the chart at most (a longer one wraps)


def plot_left(names: list[str], chart_px: float) -> float:
    """How wide the longest KPI name beside the 進捗率 chart's bars is (px), at most :data:`PROGRESS_NAMES_MOST` of
    the chart ``chart_px`` wide: a name of 80 characters without a short name left the plot no width, and the packet
    was not written (the axis' ends divided by it)."""
    return min(max((text_units(n) for n in names), default=0) * PROGRESS_LABEL_UNIT_PX, chart_px * PROGRESS_NAMES_MOST)


def progress_plot_px(chart_px: int, names: list[str]) -> float:
    """The 進捗率 chart's plot width (px): the chart less the KPI names at its left and margins."""
    return chart_px - plot_left(names, chart_px) - PROGRESS_PLOT_LEFT_PX - PROGRESS_PLOT_RIGHT_PX


def unreported_label(judgement: object) -> str:
    """The label of a KPI without a 進捗率 (no bar), after its 期待進捗 frame: its 判定 (「未報告」)."""
    return judgement if isinstance(judgement, str) and judgement else NOT_REPORTED


def unreported_label_px(judgement: object) -> float:
    """How wide :func:`unreported_label` is, with its ground and its gap from the frame (px)."""
    return text_units(unreported_label(judgement)) * PROGRESS_LABEL_UNIT_PX + PROGRESS_LABEL_PAD_PX


def progress_label_px(value: float, judgement: str = "") -> float:
    """How wide a bar's label 「-40% 遅れ」 is, with its ground and its gap from the bar (px)."""
    return text_units(progress_label(value, judgement)) * PROGRESS_LABEL_UNIT_PX + PROGRESS_LABEL_PAD_PX


def _steps(least: float):
    """1, 2, 5 × 10ⁿ (as fractions: 1 %, 2 %, 5 %, 10 % …) from the first at least ``least``."""
    for n in range(-2, 16):
        for m in (1, 2, 5):
            step = round(m * 10.0 ** n, 12)
            if step >= least * (1 - 1e-9):
                yield step


def progress_axis(progress: list[float | None], expected: list[float | None],
                  plot_px: float, judgements: list[str] | None = None) -> tuple[float, float, float]:
    """(minimum, maximum, major unit) of the 進捗率 axis (``judgements``: each KPI's 判定, its bar's label's words).

    From 0 (left to itself, LibreOffice starts at 95 % when every KPI is near 100 %, and a 98 % bar looks a
    third of a 100 % one), lower only for a KPI gone the wrong way; the unit 1, 2 or 5 × 10ⁿ % and both ends
    whole units, so 0 % is always a gridline. Each end leaves room beyond the longest bar for its label
    (outside the bar's end): a bar ending at the axis' left end would print 「-40%」 over the KPI's name."""
    def is_finite(v) -> bool:
        return v is not None and v == v and abs(v) != float("inf")

    frames = [float(e) if n < len(expected) and is_finite(e := expected[n]) else None for n in range(len(progress))]
    said = [(float(v), j, e) for v, j, e in zip(progress, judgements or [""] * len(progress), frames) if is_finite(v)]
    bars = [min(PROGRESS_CLIP[1], max(PROGRESS_CLIP[0], v)) for v, _, _ in said]
    room = [progress_label_px(v, j) for v, j, _ in said]
    ends = [e for _, _, e in said]  # each bar's 期待進捗 frame
    # a KPI without a 進捗率 has no bar: its label (「未報告」) after its frame, as a bar's ending there
    unsaid = [(e, j) for v, j, e in zip(progress, judgements or [""] * len(progress), frames)
              if (v is None or v != v) and e is not None]
    bars, ends = bars + [e for e, _ in unsaid], ends + [e for e, _ in unsaid]
    room += [unreported_label_px(j) for _, j in unsaid]
    values = bars + [float(v) for v in expected if is_finite(v)] + [0.0]
    low, high = min(values), max(values)
    if high - low < 1e-9:  # every bar and expected progress at 0 % (a first year at the baseline): 0 to 100 %
        high = low + 1.0
    for major in _steps((high - low) / (PROGRESS_MAX_STEPS - 2)):
        bottom = math.floor(round(low / major, 9)) * major
        top = math.ceil(round(high / major, 9)) * major
        for _ in range(4 * PROGRESS_MAX_STEPS):
            span = top - bottom
            short_left = any(v < 0 and (v - bottom) / span * plot_px < px for v, px in zip(bars, room))
            short_right = any(v >= 0 and (top - label_anchor(v, e, px, span, plot_px)) / span * plot_px < px
                              for v, e, px in zip(bars, ends, room))
            if not (short_left or short_right):
                break
            bottom -= major if short_left else 0
            top += major if short_right else 0
        if round((top - bottom) / major) <= PROGRESS_MAX_STEPS:
            break
    return round(bottom, 12), round(top, 12), major  # (a label wider than the plot: the last tried)


def label_anchor(bar: float, frame: float | None, label_px: float, span: float, plot_px: float) -> float:
    """Where a bar's label goes, outside the end of: the bar (``bar``, as drawn), or its 期待進捗 frame (``frame``)
    when the bar ends short of the frame and its label there (``label_px`` wide with its ground and gap) would reach
    over the frame's edge — its white ground hid the edge on that row. ``span``: the axis' range, ``plot_px`` its
    width."""
    if frame is None or not 0 <= bar < frame:
        return bar
    return frame if (frame - bar) / span * plot_px < label_px else bar


def axis_step(fmt: str) -> float:
    """The least step a value axis' number format shows: 1 % for 「0%」, 1 for 「#,##0」, 1,000 for 「#,##0,」,
    0.001 for 「#,##0.000」, 0.001 % for 「0.000%」 …"""
    decimals = len(fmt.partition(".")[2].rstrip("%,"))
    if fmt.endswith("%"):
        return 0.01 / 10**decimals
    return 1000.0 ** fmt.count(",", len("#,##0")) / 10**decimals


def _axis_decimals(kpi: Kpi, plotted: list[float]) -> int:
    """Decimals a KPI chart's value axis needs so that its steps part the figures it plots: none while they span two
    whole units (whole percents for a rate) or more, else up to the KPI's own (:attr:`Kpi.decimals`: 0.005 → 0.001
    件/千件 on 0.000, 0.001 …; on a whole-number axis from 0 to 1 every point lay flat on the floor)."""
    if not plotted:
        return 0
    low, high = _axis_bounds(plotted)  # as value_axis draws it (from 0, or up to 0 for figures below zero)
    span = (high - low) * (100 if kpi.is_rate else 1)
    if span == 0:
        return 0  # every figure 0: nothing to part
    decimals = 0
    while decimals < kpi.decimals and 2 / 10**decimals > span:
        decimals += 1
    return decimals


UNIT_PREFIXES = {"百万": 10**6, "千": 10**3, "万": 10**4, "億": 10**8}  # a unit's own multiple (千円, 万人)
SCALED_PREFIXES = {10**3: "千", 10**4: "万", 10**6: "百万", 10**7: "千万", 10**8: "億", 10**9: "十億",
                   10**10: "百億", 10**11: "千億", 10**12: "兆"}


def _scaled_unit(unit: str, scale: int) -> str:
    """``unit`` for figures shown ``scale`` times smaller: 円 → 千円, and 千円 → 百万円 (never 千千円)."""
    prefix = next((p for p in UNIT_PREFIXES if unit.startswith(p) and len(unit) > len(p)), "")
    multiple = UNIT_PREFIXES.get(prefix, 1) * scale
    return f"{SCALED_PREFIXES[multiple]}{unit[len(prefix):]}"


def _axis_scale(kpi: Kpi, table: int = 1, plotted: list[float] = ()) -> tuple[str, str]:
    """(number format, unit text) for a chart's value axis: large figures of the plan in 千 or 百万
    (:func:`_plan_scale`).

    A KPI that 「実績値の推移」 shows ``table`` times smaller (:func:`table_scale`: 十億枚 for an absurd
    999,999,999,999,999枚) is drawn in that scale, so the chart and the table name one unit and the axis' labels
    stay short; a 実績値 the table still shows whole but far beyond the plan's figures (9,999,999,999施設) in
    a larger scale still, the ``plotted`` figures at most :data:`SCALED_UNITS` wide."""
    decimals = _axis_decimals(kpi, list(plotted))
    if kpi.is_rate:
        return figure_format("rate", decimals), "%"
    if table == 1:
        table = _short_scale(kpi.unit, max((abs(v) for v in plotted), default=0.0), _plan_scale(kpi))
    if table != 1:
        return "#,##0" + "," * round(math.log10(table) / 3), _scaled_unit(kpi.unit, table)
    return figure_format(kpi.kind, decimals), kpi.unit


def value_axis(values: list[float], least: float) -> tuple[float, float, float]:
    """(minimum, maximum, major unit) of a KPI chart's value axis for the ``values`` it plots; the unit
    at least ``least``, the smallest step its number format shows (1 for whole numbers, 1% …).

    As Excel would scale it — from 0 unless the values sit high above it (the lowest more than 5/6 of
    the highest), four or five gridlines at 1, 2, 2.5 or 5 × a power of ten — with room above the top
    for the target's label. Set on the chart rather than left to the spreadsheet, so that Excel and
    LibreOffice draw the same scale and :func:`label_position` knows where each point sits."""
    low, high = _axis_bounds(values)
    span = (high - low) or least
    unit = _nice_step(span / 4, least)
    bottom = math.floor(round(low / unit, 9)) * unit
    top = math.ceil(round((high + span * 0.12) / unit, 9)) * unit
    return round(bottom, 12), round(top, 12), unit


def _axis_bounds(values: list[float]) -> tuple[float, float]:
    """The lowest and highest figure a value axis spans for ``values``: from 0 unless they sit high above it (the
    lowest more than 5/6 of the highest), up to 0 for figures below zero likewise (:func:`value_axis`)."""
    low, high = min(values), max(values)
    if low >= 0 and (low < high * 5 / 6 or low == high):
        low = 0.0
    elif high <= 0 and (high > low * 5 / 6 or low == high):
        high = 0.0
    return low, high


def _nice_step(rough: float, least: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10ⁿ at least ``rough`` that is a whole number of ``least`` (a 2.5 %
    step would show as 53 %, 55 %, 58 % in a whole-percent format)."""
    power = 10.0 ** math.floor(math.log10(max(rough, least)))
    for scale in (power, power * 10):
        for m in (1, 2, 2.5, 5):
            step = round(m * scale, 12)
            whole = step / least
            if step >= rough * (1 - 1e-9) and step >= least * (1 - 1e-9) and abs(whole - round(whole)) < 1e-6:
                return step
    return round(power * 10, 12)


def _labelled(values: list[float | None]) -> list[dict | None]:
    """The 実績値 labels shown: the first value (the baseline) and the latest; the years between are read
    off the line and the table below (seven labels in a small chart run into one another)."""
    shown = [i for i, v in enumerate(values) if v is not None]
    keep = {shown[0], shown[-1]} if shown else set()
    return [None if i in keep else {"delete": True} for i in range(len(values))]


LABEL_CHAR_PX = 5.6  # a half-width character of a point's 8 pt label (digits, 「,」「.」「%」 a little less)
# How much narrower than PLOT_WIDTH estimates LibreOffice may draw a small chart's plot (its value axis' labels, its
# place on the page): a four-year plan's years 25.2–26.9 pt apart where 27.2 was estimated, and 「24,000」 beside
# 「23,136」 printed as one word 「24,00023,136」.
PLOT_NARROWER = 0.92


def label_text_px(value: float, number_format: str) -> float:
    """About how wide a point's label prints: ``value`` in ``number_format`` (「#,##0」, 「0.0%」, 「#,##0,」 in
    thousands)."""
    fmt = number_format.split(";")[0]
    scaled = value / 1000 ** (len(fmt) - len(fmt.rstrip(",")))
    decimals = len(fmt.split(".")[1].rstrip(",%")) if "." in fmt else 0
    text = f"{scaled * 100:,.{decimals}f}%" if "%" in fmt else f"{scaled:,.{decimals}f}"
    return len(text) * LABEL_CHAR_PX


def latest_label_position(actual: list[float | None], at: str, bottom: float, top: float, plot_pt: float,
                          category_px: float, number_format: str) -> str:
    """Where the latest 実績値's label goes: ``at`` (the series'), or 「right」 of its point when it is the year right
    after the baseline's and the two labels, side by side on the same side of their points, would print one over the
    other (years ``category_px`` apart: a plan of ten years, whose first year follows its base year — 「8,500」 over
    「10,461」). To the right the years to come have no label yet. Not in the plan's last year (its labels:
    :func:`final_label_positions`)."""
    shown = [i for i, v in enumerate(actual) if v is not None]
    if len(shown) < 2 or shown[-1] != shown[0] + 1 or shown[-1] == len(actual) - 1 or top <= bottom:
        return at
    first, latest = actual[shown[0]], actual[shown[-1]]
    room = category_px * PLOT_NARROWER  # the plot as LibreOffice draws it may be narrower than estimated
    apart = (label_text_px(first, number_format) + label_text_px(latest, number_format)) / 2 + 2 <= room
    p0, p1 = ((v - bottom) / (top - bottom) * plot_pt for v in (first, latest))
    return at if apart or abs(p1 - p0) >= LABEL_HEIGHT_PT else "right"


def label_position(values: list[float | None], bottom: float, top: float) -> str:
    """Where a chart's 実績値 labels go: below the points (the 年度目標値 line runs near them, mostly
    above), but above them all when a point lies in the lowest quarter of the axis, where below is the
    axis and the years (a label takes about a sixth of a small chart's plot). One place for the whole
    series: a label placed point by point loses the series' number format (a 千 chart would show
    1,234,567 beside 22,346). Only the last 実績値's label may go elsewhere, drawn by a series of its own that the legend
    leaves out (:func:`final_label_positions`)."""
    low = any(v is not None and round(v - bottom - (top - bottom) / 4, 9) < 0 for v in values)  # 0.5 − 0.45: 0.0499…
    return "above" if low else "below"


# The small charts' legend, the chart's full width: 「年度目標値（参考）」 must fit on one line, or
# LibreOffice wraps it and drops the 実績値 entry (a 3-year plan's charts are some 194 px wide). Beside an
# entry's text LibreOffice draws the line's symbol with padding: about LEGEND_SYMBOL_PX (measured).
LEGEND_LAYOUT = {"x": 0.01, "y": 0.8, "width": 0.98, "height": 0.19}
LEGEND_SYMBOL_PX = 88
TITLE_LINE = 0.74  # LibreOffice wraps a small chart's title at about this share of the chart's width (measured: 32
# half-width units fit on a 267 px chart, 34 do not; 31 fit on 261 px)
LABEL_GAP_PT, LABEL_HEIGHT_PT = 4.2, 10.4  # a point's 8 pt label: its distance from the point, its height
LOWER_STEPS = 3  # how many steps an axis not from 0 may go lower to make room for the final labels
BELOW_PLOT_PT = 2.0  # how far a label may reach under the plot (the years' labels start some 8 pt below it)
CHART_HEIGHT_PX = CHART_ROWS * GRID_ROW_PX - 6


TITLE_CHAR_PX = 6  # a half-width character of the small charts' 9 pt bold title


def small_chart_title(label: str, unit: str, width_px: float) -> tuple[str, bool]:
    """A small chart's title 「label（unit）」 for a chart ``width_px`` wide, and whether it takes two lines (the years
    on two lines under the plot, the plot under the title: there is room for two). On one line when it fits; else
    broken before the unit (LibreOffice would break 「ネーミングライツ施設数（百万施」「設）」); a name longer than a line
    broken by the Japanese rules (:func:`wrap_units`), the unit kept whole at the end of the second line, and a name
    longer than two lines cut short with 「…」 before it (the full name is in the tables above and below): never three
    lines, which LibreOffice draws over the plot. A unit too long for the second line even after a 「…」
    (「人（会計年度任用職員を除く）」 on a 150 px chart): the name's start on the first line, the unit on the second,
    each cut short with 「…」 where longer than a line. A line break written in the name or the unit (a plan file may
    hold one) is a space. A name that already ends with its unit in brackets (「窓口での平均待ち時間（分）」) has it once,
    never 「（分）（分）」."""
    capacity = int(width_px * TITLE_LINE / TITLE_CHAR_PX)
    label, unit = (" ".join(part.strip(" \u3000") for part in text.splitlines()) for text in (label, unit))
    unit_part = f"（{unit}）"
    for written in (unit_part, f"({unit})"):
        if unit and label.endswith(written) and label != written:
            label = label[:-len(written)].rstrip(" \u3000")
            break
    if text_units(label + unit_part) <= capacity:
        return label + unit_part, False
    if text_units(label) <= capacity and text_units(unit_part) <= capacity:
        return f"{label}\n{unit_part}", True
    if text_units("…" + unit_part) > capacity:
        return f"{_cut_short(label, capacity)}\n（{_cut_short(unit, capacity - text_units('（）'))}）", True
    first = wrap_units(label, capacity)[0]
    opened = _open_bracket(first)
    if opened is not None and text_units(first[:opened]) * 2 >= capacity:  # never inside brackets: 「（累」「計）」
        first = first[:opened]
    first = first.rstrip(" \u3000")  # (a space at the break: past the line, not seen)
    rest = _cut_short(label[len(first):].lstrip(" \u3000"), capacity - text_units(unit_part))
    return f"{first}\n{rest}{unit_part}", True


def _cut_short(text: str, room: int) -> str:
    """``text`` when it is at most ``room`` half-width characters wide, else as much of its start as fits with 「…」."""
    if text_units(text) <= room:
        return text
    keep = 0
    while keep < len(text) and text_units(text[:keep + 1] + "…") <= room:
        keep += 1
    return text[:keep].rstrip(" \u3000") + "…"


def _open_bracket(text: str) -> int | None:
    """Where the bracket ``text`` leaves open begins (「地域づくり協議会の数（累」: 10); None when all are closed."""
    starts: list[int] = []
    for i, ch in enumerate(text):
        if ch in "（(［[「『【":
            starts.append(i)
        elif ch in "）)］]」』】" and starts:
            starts.pop()
    return starts[0] if starts else None


def _year_target(data: ReportData, kpi: Kpi, year: int, first: tuple[int, float] | None) -> float | None:
    """The 年度目標値 of ``year`` where the history has none: a year so far (before the plan's period too) by the
    plan in force then — the start's for a year before it — so a revision never bends the line it had drawn;
    a year to come by this year's plan."""
    if year <= data.year:
        then = data.plan_for(max(year, data.plan.start_year))
        try:
            return then.year_target(then.kpi(kpi.id), year, first)
        except KeyError:  # a KPI that plan does not have yet: this year's
            pass
    return data.plan.year_target(kpi, year, first)


def final_label_positions(actual: list[float | None], target: list[float | None], bottom: float, top: float,
                          major: float, plot_pt: float) -> tuple[float, str, str, str]:
    """(the value axis' bottom, 実績値's label position, the last 実績値's label position, the final target's label
    position) for a chart whose plot is ``plot_pt`` points high.

    In the plan's last year the last 実績値 and the final target (the only label on its line) are often
    nearly equal (60.0 % and 59.0 %); both above the point they would print one on the other. So the two
    labels are placed apart, inside the plot, and in the order of their points (the higher value's label
    the higher), keeping :func:`label_position`'s place for the 実績値 where that will do; failing that,
    the target's label goes to the left of its point. An axis that does not start at 0 may go up to
    :data:`LOWER_STEPS` steps lower (never under 0) to make room under the lower point.

    On an axis from 0 with a point near its bottom the 実績値's labels must go above; a target a little above the last
    実績値 would then have its label below its point, over the 実績値's line (crossed). There the last 実績値's label
    alone goes below its point (its own position: drawn by a series of its own, :func:`_trend_chart`) and the
    target's above: apart and uncrossed. Only then: otherwise the last position is the 実績値's."""
    def places(low: float) -> tuple[tuple[int, ...], str, str, str]:
        preferred = label_position(actual, low, top)
        a, t = actual[-1] if actual else None, target[-1] if target else None
        if a is None or t is None or top <= low:
            return (0,), preferred, preferred, "above"

        def box(v: float, where: str) -> tuple[float, float]:
            p = (v - low) / (top - low) * plot_pt
            if where == "above":
                return p + LABEL_GAP_PT, p + LABEL_GAP_PT + LABEL_HEIGHT_PT
            if where == "below":
                return p - LABEL_GAP_PT - LABEL_HEIGHT_PT, p - LABEL_GAP_PT
            return p - LABEL_HEIGHT_PT / 2, p + LABEL_HEIGHT_PT / 2  # left of the point, as high as it

        found = []
        whole = [preferred] + (["above"] if preferred == "below" else [])  # the series' place (below: only if all fit)
        for a_where, last_where in [(w, w) for w in whole] + [(preferred, w) for w in ("above", "below") if w != preferred]:
            split = int(last_where != a_where)
            for rank, t_where in enumerate(("above", "below", "left")):
                (a0, a1), (t0, t1) = box(a, last_where), box(t, t_where)
                if t0 < -BELOW_PLOT_PT or a0 < -BELOW_PLOT_PT or not (a1 <= t0 or t1 <= a0):
                    continue
                crossed = (a > t and a1 <= t0) or (a < t and t1 <= a0)  # the lower value's label the higher
                found.append(((int(crossed), int(t_where == "left"), split, int(a_where != preferred), rank),
                              a_where, last_where, t_where))
        return min(found, default=((9,), preferred, preferred, "left"))

    chosen, best = bottom, places(bottom)
    lower = bottom
    # lower a step at a time (never under 0, at most LOWER_STEPS) until the labels sit apart, uncrossed, on the series'
    # own place
    for _ in range(LOWER_STEPS):
        if best[0][:3] == (0, 0, 0) or lower <= 0:
            break
        lower = max(0.0, round(lower - major, 12))
        moved = places(lower)
        if moved[0][:3] < best[0][:3]:
            chosen, best = lower, moved
    return chosen, best[1], best[2], best[3]


def _plan_gives_every_year(data: ReportData, kpi: Kpi, years: list[int]) -> bool:
    """The plan states the KPI's 年度目標値 for every year of its period (none is 参考（按分））."""
    return all(y in kpi.yearly_targets for y in years if data.plan.start_year <= y < data.plan.end_year)


def _trend_chart(wb: Workbook, data: ReportData, kpi: Kpi, tables: TrendTables, years: list[int], width_px: int):
    """One KPI over the plan's years: 実績値 (line and markers), 年度目標値 (dashed), the final target."""
    first, last = years[0], years[-1]
    a_row, t_row = tables.drawn.rows[kpi.id], tables.target.rows[kpi.id]
    sheet = quote_sheetname(SHEET_KPI_TREND)

    def span(row: int) -> str:
        c0, c1 = xl_col_to_name(tables.actual.columns[first]), xl_col_to_name(tables.actual.columns[last])
        return f"{sheet}!${c0}${row + 1}:${c1}${row + 1}"

    categories = span(tables.axis_row)
    actual, target = tables.plotted[kpi.id]
    fmt, unit = _axis_scale(kpi, tables.scales[kpi.id], [v for v in actual + target if v is not None and math.isfinite(v)])
    bottom, top, major = value_axis([v for v in actual + target if v is not None] or [0.0], axis_step(fmt))
    title, two_lines = small_chart_title(kpi.label, unit, width_px)
    plot_y, plot_height = (0.27, 0.35) if two_lines else (0.2, 0.42)
    era = axis_title(years, width_px)  # the numbers alone on the axis: the era's name once, under them
    if era is not None:  # the years on one line and the era's under them: a little room kept above the legend
        plot_height -= ERA_TITLE_ROOM + (ERA_FIRST_ROOM if "元" in axis_labels(years, width_px) else 0.0)
    plot_pt = CHART_HEIGHT_PX * 0.75 * plot_height
    bottom, actual_at, last_at, target_at = final_label_positions(actual, target, bottom, top, major, plot_pt)
    label_font = {"name": FONT, "size": 8, "color": "#1F4E78"}
    number = kpi_number_format(kpi) if fmt in ("0%", "#,##0") else fmt
    n = len(years)
    latest = max((i for i, v in enumerate(actual) if v is not None), default=n - 1)
    if last_at == actual_at:  # the latest beside the baseline (the plan's first year right after it): apart
        last_at = latest_label_position(actual, actual_at, bottom, top, plot_pt, width_px * PLOT_WIDTH / n, number)
    split = last_at != actual_at  # the latest 実績値's label on another side of its point than the series'
    labelled = _labelled(actual)
    if split:
        labelled[latest] = {"delete": True}
    chart = wb.add_chart({"type": "line"})
    chart.add_series({
        # short enough for the legend on one line (longer, LibreOffice wraps it and loses the other entry)
        "name": "年度目標値" if _plan_gives_every_year(data, kpi, years) else "年度目標値（参考）",
        "categories": categories,
        "values": span(t_row),
        "line": {"color": "#7F7F7F", "width": 1.25, "dash_type": "dash"},
        "marker": {"type": "none"},
        "data_labels": {"value": True, "num_format": number, "position": target_at,
                        "font": {"name": FONT, "size": 8, "color": "#595959"},
                        "custom": [{"delete": True}] * (n - 1) + [None]},
    })
    chart.add_series({
        "name": "実績値",
        "categories": categories,
        "values": span(a_row),
        "line": {"color": "#1F4E78", "width": 2.25},
        "marker": {"type": "circle", "size": 5, "fill": {"color": "#1F4E78"}, "border": {"color": "#1F4E78"}},
        "data_labels": {"value": True, "num_format": number, "position": actual_at, "font": label_font,
                        "custom": labelled},
    })
    if split:  # that label by a series of its own, drawn with nothing but it (same values and number format), and
        # left out of the legend
        chart.add_series({
            "name": "実績値（最新）",
            "categories": categories,
            "values": span(a_row),
            "line": {"none": True},
            "marker": {"type": "none"},
            "data_labels": {"value": True, "num_format": number, "position": last_at, "font": label_font,
                            "custom": [None if i == latest else {"delete": True} for i in range(n)]},
        })
    # the legend's place fixed below the years, two lines high: left to itself, LibreOffice sometimes
    # puts both entries on one line, one over the other
    chart.set_legend({"position": "bottom", "font": {"name": FONT, "size": 8}, "layout": LEGEND_LAYOUT}
                     | ({"delete_series": [2]} if split else {}))
    chart.show_blanks_as("span")
    chart.set_title({"name": title, "name_font": {"name": FONT, "size": 9, "bold": True}})
    # the years under the plot even when it goes below 0 (written where the axis crosses 0, they stood over the lines)
    chart.set_x_axis({"num_font": {"name": FONT, "size": 8}, "label_position": "low"}
                     | ({"name": era, "name_font": {"name": FONT, "size": 8, "bold": False}} if era else {}))
    # No axis line: a label of the first year's point may reach a little past it (gridlines show the scale).
    chart.set_y_axis({"num_format": fmt, "num_font": {"name": FONT, "size": 8}, "min": bottom, "max": top,
                      "major_unit": major, "line": {"none": True}, "major_tick_mark": "none",
                      "major_gridlines": {"visible": True, "line": {"color": "#E7E7E7"}}})
    chart.set_plotarea({"layout": {"x": 0.16, "y": plot_y, "width": PLOT_WIDTH, "height": plot_height}})
    return chart
