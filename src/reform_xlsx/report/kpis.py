"""「KPI達成状況」: one row per KPI; 年度目標値, 進捗率, 期待進捗 and 判定 are Excel formulas.

The judging conditions (対象年度, 基準年度, 目標年度, 期待進捗 e and the plan's thresholds) sit
in visible cells above the table, so an auditor can read and re-check every formula. Each
formula is written with its cached value from :mod:`reform_xlsx.plan.attainment` (the same
numbers pandas computed), so any reader shows them without recalculating.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.plan.attainment import (
    ACHIEVED,
    BEHIND,
    COMPARE_DIGITS,
    JUDGEMENTS,
    MOSTLY_ON_TRACK,
    NOT_REPORTED,
    ON_TRACK,
)
from reform_xlsx.plan.model import DECREASE
from reform_xlsx.report.model import (
    KPI_COLUMNS,
    SHEET_KPI,
    ReportData,
    Table,
    col_letter,
    columns,
)
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, break_before, page_rows_height, start_sheet

PARAM_LABEL_ROW, PARAM_ROW, HEADER_ROW = 2, 3, 5
PARAM_FIRST_COL = 5  # under 基準値…判定: the wide columns
FIRST = HEADER_ROW + 1
CHART_HEIGHT_PX = 420
TITLE_HEIGHT, NOTE_HEIGHT, PARAM_HEIGHT, GAP_HEIGHT, HEADER_HEIGHT = 26.0, 30.0, 20.0, 10.0, 22.0


@dataclass(frozen=True)
class KpiSheet:
    table: Table
    params: dict[str, str]  # parameter name → absolute cell ($F$4)
    pages: int


def _params(data: ReportData) -> list[tuple[str, str, object, str]]:
    """(key, label, value or formula, format name) for the parameter block, left to right."""
    j, plan = data.plan.judgement, data.plan
    return [
        ("year", "対象年度", data.year, "year"),
        ("base", "基準年度", plan.baseline_year, "year"),
        ("end", "目標年度", plan.end_year, "year"),
        ("e", "期待進捗 e", None, "percent"),
        ("achieved", f"{ACHIEVED}の進捗率", j.achieved, "percent"),
        ("on_track", f"{ON_TRACK}の倍率", j.on_track, "decimal"),
        ("mostly", f"{MOSTLY_ON_TRACK}の倍率", j.mostly_on_track, "decimal"),
    ]


def write_kpis(wb: Workbook, ws: Worksheet, st: Styles, data: ReportData, *,
               public: bool = False) -> KpiSheet:
    cols = columns(KPI_COLUMNS, public)
    start_sheet(ws, st, plan_name=data.plan.name, year_label=data.year_label, name=SHEET_KPI,
                widths=tuple(c.width for c in cols), repeat=(HEADER_ROW, HEADER_ROW))
    ws.set_row(1, NOTE_HEIGHT)
    ws.merge_range(1, 0, 1, len(cols) - 1,
                   "進捗率 = (実績値 − 基準値) ÷ (目標値 − 基準値)。年度目標値 = 基準値 + (目標値 − 基準値) × 期待進捗 e。"
                   f"判定: 進捗率が{ACHIEVED}の進捗率以上で{ACHIEVED}、e × {ON_TRACK}の倍率以上で{ON_TRACK}、"
                   f"e × {MOSTLY_ON_TRACK}の倍率以上で{MOSTLY_ON_TRACK}、それ以外は{BEHIND}。実績値がなければ{NOT_REPORTED}、"
                   f"目標値＝基準値（維持目標）は方向の側にあれば{ACHIEVED}。比較は小数{COMPARE_DIGITS}桁に丸めて行います。",
                   st.note)

    params, params_height = _write_params(ws, st, data, cols)
    ws.set_row(HEADER_ROW, HEADER_HEIGHT)
    for n, c in enumerate(cols):
        ws.write_string(HEADER_ROW, n, c.label, st.header)
    letter = {c.key: col_letter(cols, c.key) for c in cols}
    width = {c.key: c.width for c in cols}
    last = FIRST + len(data.kpis) - 1
    heights = []
    for offset, k in enumerate(data.kpis.to_dict("records")):
        wrapped = [(k[key], width[key]) for key in ("name", "owner", "note", "check") if key in width]
        heights.append(row_height(wrapped, minimum=22))
        ws.set_row(FIRST + offset, heights[-1])
        _write_kpi_row(ws, st, FIRST + offset, k, cols, letter, params)
    jcol = [c.key for c in cols].index("judgement")
    for name in JUDGEMENTS:
        ws.conditional_format(FIRST, jcol, last, jcol, {
            "type": "cell", "criteria": "==", "value": f'"{name}"', "format": st.fills[name]})
    if "check" in width:  # a flagged KPI (R001–R003) stands out
        ccol = [c.key for c in cols].index("check")
        ws.conditional_format(FIRST, ccol, last, ccol, {"type": "no_blanks", "format": st.flag})
    ws.freeze_panes(FIRST, 3)

    # Page breaks: rows that do not fit go to the next page; the chart gets a page of its own.
    top = TITLE_HEIGHT + NOTE_HEIGHT + params_height + GAP_HEIGHT
    capacity = page_rows_height(tuple(c.width for c in cols)) - HEADER_HEIGHT
    breaks = [FIRST + n for n in break_before(heights, top, capacity)]
    chart_row = last + 2
    ws.set_h_pagebreaks(breaks + [chart_row])
    ws.write_string(chart_row, 0, "進捗率と期待進捗（KPI ID 別）", st.heading)
    table = Table(SHEET_KPI, FIRST, last, {c.key: n for n, c in enumerate(cols)},
                  {k: FIRST + n for n, k in enumerate(data.kpis["kpi_id"])})
    ws.insert_chart(chart_row + 1, 0, progress_chart(wb, data, table))
    ws.print_area(0, 0, chart_row + 24, len(cols) - 1)
    return KpiSheet(table, params, pages=len(breaks) + 2)


def _write_params(ws: Worksheet, st: Styles, data: ReportData, cols) -> tuple[dict[str, str], float]:
    """The judging conditions above the table: parameter name → absolute cell, rows' height."""
    params, start = {}, PARAM_FIRST_COL
    labels = _params(data)
    label_height = row_height([(p[1], cols[start + n].width) for n, p in enumerate(labels)])
    ws.set_row(PARAM_LABEL_ROW, label_height)
    ws.set_row(PARAM_ROW, PARAM_HEIGHT)
    ws.set_row(PARAM_ROW + 1, GAP_HEIGHT)
    ws.merge_range(PARAM_LABEL_ROW, 0, PARAM_ROW, start - 1, "判定の条件", st.param_label)
    for n, (key, label, value, fmt) in enumerate(labels):
        col = start + n
        params[key] = xl_rowcol_to_cell(PARAM_ROW, col, row_abs=True, col_abs=True)
        ws.write_string(PARAM_LABEL_ROW, col, label, st.param_label)
        if key != "e":
            ws.write_number(PARAM_ROW, col, value, getattr(st, fmt))
    ws.write_formula(PARAM_ROW, start + 3, f"=({params['year']}-{params['base']})/({params['end']}-{params['base']})",
                     st.percent, data.plan.expected_progress(data.year))
    return params, label_height + PARAM_HEIGHT


def _write_kpi_row(ws: Worksheet, st: Styles, row: int, k: dict, cols, letter: dict[str, str],
                   params: dict[str, str]) -> None:
    keys = [c.key for c in cols]
    ref = {key: f"{letter[key]}{row + 1}" for key in letter}
    number = st.number(k["kind"])
    for key in ("kpi_id", "item_id", "unit", "direction"):
        ws.write_string(row, keys.index(key), str(k[key]), st.center)
    for key in ("name", "owner", "note", "check"):
        if key in keys:
            ws.write_string(row, keys.index(key), "" if k[key] is None else str(k[key]), st.wrap)
    ws.write_number(row, keys.index("baseline"), k["baseline"], number)
    ws.write_number(row, keys.index("target"), k["target"], number)
    if k["actual"] is None:
        ws.write_blank(row, keys.index("actual"), None, number)
    else:
        ws.write_number(row, keys.index("actual"), k["actual"], number)
    ws.write_formula(row, keys.index("expected"), f"={params['e']}", st.percent, k["expected"])
    if k["planned_target"]:  # the plan's own figure: a value, not a formula
        ws.write_number(row, keys.index("year_target"), k["year_target"], number)
    else:
        ws.write_formula(row, keys.index("year_target"),
                         f"={ref['baseline']}+({ref['target']}-{ref['baseline']})*{ref['expected']}",
                         number, k["year_target"])
    ws.write_formula(row, keys.index("progress"), progress_formula(ref), st.percent,
                     "" if k["progress"] is None else k["progress"])
    ws.write_formula(row, keys.index("judgement"), judgement_formula(ref, params), st.center,
                     k["judgement"])


def progress_formula(ref: dict[str, str]) -> str:
    a, b, t = ref["actual"], ref["baseline"], ref["target"]
    return f'=IF({a}="","",IF({t}={b},"",({a}-{b})/({t}-{b})))'


def judgement_formula(ref: dict[str, str], params: dict[str, str]) -> str:
    a, b, t, p, e, d = (ref[k] for k in ("actual", "baseline", "target", "progress", "expected", "direction"))
    n = COMPARE_DIGITS
    rp = f"ROUND({p},{n})"
    maintain = f'IF(IF({d}="{DECREASE}",{a}<={t},{a}>={t}),"{ACHIEVED}","{BEHIND}")'
    graded = (f'IF({rp}>=ROUND({params["achieved"]},{n}),"{ACHIEVED}",'
              f'IF({rp}>=ROUND({params["on_track"]}*{e},{n}),"{ON_TRACK}",'
              f'IF({rp}>=ROUND({params["mostly"]}*{e},{n}),"{MOSTLY_ON_TRACK}","{BEHIND}")))')
    return f'=IF({a}="","{NOT_REPORTED}",IF({t}={b},{maintain},{graded}))'


def progress_chart(wb: Workbook, data: ReportData, table: Table):
    """Columns: 進捗率 per KPI; line: 期待進捗. Categories are the KPI IDs."""
    chart = wb.add_chart({"type": "column"})
    chart.add_series({
        "name": "進捗率",
        "categories": table.col("kpi_id"),
        "values": table.col("progress"),
        "fill": {"color": "#2E75B6"},
        "data_labels": {"value": True, "num_format": "0%", "position": "inside_end",
                        "font": {"size": 8, "color": "#FFFFFF", "bold": True}},
        "gap": 60,
    })
    line = wb.add_chart({"type": "line"})
    line.add_series({
        "name": f"期待進捗（{data.year_label}）",
        "categories": table.col("kpi_id"),
        "values": table.col("expected"),
        "line": {"color": "#C00000", "width": 2.25, "dash_type": "dash"},
        "marker": {"type": "none"},
    })
    chart.combine(line)
    chart.set_title({"name": "KPI 進捗率と期待進捗", "name_font": {"size": 11}})
    chart.set_y_axis({"num_format": "0%", "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                      "num_font": {"size": 9}})
    chart.set_x_axis({"num_font": {"size": 9}})
    chart.set_legend({"position": "bottom", "font": {"size": 9}})
    chart.set_size({"width": 1100, "height": CHART_HEIGHT_PX})
    return chart
