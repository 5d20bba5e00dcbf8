"""「KPI達成状況」: one row per KPI, the table the meeting reads; 年度目標値, 進捗率, 増減 and 判定
are Excel formulas.

Printed columns: 指標名, 単位, 基準値, 目標値, 年度目標値 (「参考（按分）」 where the tool
interpolates it), 実績値, from the second year 前年度 and 増減, 進捗率, 判定, 報告課. Values are shown
rounded to the KPI's unit (:attr:`Kpi.decimals`); the cells hold full precision.

The judging conditions (対象年度, 基準年度, 目標年度, 期待進捗 e and the plan's thresholds) sit in
visible cells above the table, so an auditor can read and re-check every formula. Each formula is
written with its cached value from :mod:`reform_xlsx.plan.attainment` (the same numbers pandas
computed), so any reader shows them without recalculating. 算出根拠・備考 and 確認事項 are on the
office's sheets (:mod:`reform_xlsx.report.office_sheets`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
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
from reform_xlsx.plan.model import DECREASE, Kpi
from reform_xlsx.report.model import (
    MEASURED_MARK,
    REFERENCE_TARGET,
    REVISED_MARK,
    SHEET_KPI,
    ReportData,
    Table,
    kpi_columns,
    kpi_in_other_unit,
    original_kpi_in_other_unit,
    unit_changes,
)
from reform_xlsx.rounding import percent
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.sizing import header_label, line_count, row_height, wrap_lines
from reform_xlsx.xlsx.style import (
    BETTER,
    COLUMN_PADDING,
    MIN_PT_PER_UNIT,
    NOTE_MIN_PT,
    PRINTABLE_W,
    WORSE,
    Styles,
    fitted_scale,
    kpi_number_format,
    paginate_table,
    start_sheet,
    write_note,
)

TITLE_HEIGHT, NOTE_LINE, PARAM_HEIGHT, GAP_HEIGHT = 26.0, 13.0, 20.0, 8.0
ONE_PAGE_SLACK = 1.12  # a table up to this much over a page is fitted to one page (≥ 8.9 pt)


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
        ("achieved", f"{ACHIEVED}の\n進捗率", j.achieved, "percent"),  # broken where a reader would
        ("on_track", f"{ON_TRACK}:\ne ×", j.on_track, "decimal"),
        ("mostly", f"{MOSTLY_ON_TRACK}:\ne ×", j.mostly_on_track, "decimal"),
    ]


def _notes(data: ReportData, words: bool = True) -> list[str]:
    e = data.plan.expected_progress(data.year)
    j = data.plan.judgement
    notes = [f"進捗率 = (実績値 − 基準値) ÷ (目標値 − 基準値)。期待進捗 e = {percent(e)}。判定: 進捗率 ≧ {percent(j.achieved, 0)} で{ACHIEVED}、"
             f"≧ e × {j.on_track:g} で{ON_TRACK}、≧ e × {j.mostly_on_track:g} で{MOSTLY_ON_TRACK}、それ以外は{BEHIND}、"
             f"実績値がなければ{NOT_REPORTED}。"]
    if data.reference_targets:
        notes.append(f"年度目標値の「{REFERENCE_TARGET}」は、計画に年度ごとの目標がないため、基準値から目標値までを年数で"
                     "按分した参考の値です（計画の目標ではありません）。表示は指標の単位に丸めています。")
    measured = data.kpis[data.kpis["measured"]]
    if len(measured):
        listed = "、".join(f"{r['kpi_id']}（{format_fiscal_year(r['base_year'])}）" if r["base_year"] is not None
                          else f"{r['kpi_id']}（未報告）" for r in measured.to_dict("records"))
        notes.append(f"計画に基準値がない指標（{listed}）は、最初に報告された年度の実績値を基準値（{MEASURED_MARK}）とし、"
                     "期待進捗はその年度から数えます（その年度は 0%）。目標値に達していれば達成、基準値が目標値に"
                     "達していて実績値が達していなければ遅れです。")
        restarted = measured_again(data, measured)
        if restarted:
            notes[-1] += (f"計画の改訂で単位を改めた指標（{restarted}）は、今の単位で最初に報告された年度の実績値が"
                          "基準値です（前の単位の実績値とは比べません）。")
    if data.kpis["revised"].any():
        notes.append(f"{REVISED_MARK}は計画の改訂で目標値などを改めた指標です（「当初の目標値」は計画を定めたときの目標値。"
                     "改訂の内容は「計画の見直し」シート）。判定は今年度に適用されている目標で、前の年度の判定は変わりません。")
    if progress_beyond(list(data.kpis["progress"])):
        notes.append(PROGRESS_BEYOND_NOTE)
    if data.previous_year is not None:
        notes.append("前年度は前年度の実績値、増減は実績値 − 前年度（割合はポイント、▲は減少）。"
                     + (f"「{BETTER}」（緑）は目標の方向に進んだ、「{WORSE}」（赤）は逆に進んだ増減です。" if words
                        else "色は目標の方向に進んだ（緑）か、逆に進んだ（赤）か。"))
        if changed := unit_changes(data):
            notes.append(f"計画の改訂で単位を改めた指標（{changed}）は、前年度の実績値が前の単位で報告されたものなので、"
                         "前年度・増減を空欄にしています（比べられないため）。")
    return notes


def measured_again(data: ReportData, measured: pd.DataFrame) -> str:
    """「K12 枚 → 千枚」 for each KPI of ``measured`` (no baseline in the plan) that a revision has counted in another
    unit or kind in an earlier year of the plan: its baseline is its first actual in today's unit."""
    found = []
    for r in measured.to_dict("records"):
        kpi = data.plan.kpi(r["kpi_id"])
        before = next((then for y in range(data.plan.start_year, data.year)
                       if (then := kpi_in_other_unit(data, kpi, y)) is not None), None)
        if before is not None:
            found.append(f"{kpi.id} {kpi.measure_change(before)}")
    return "、".join(found)


TABLE_PT = 9.0  # the table's 10 pt text prints at this size or more while the name column can give up width
NAME_LEAST = 14  # … down to this (seven characters a line: 「市税収入（個人」)
UNIT_LEAST = 5
CHANGE_WORD_UNITS = text_units(f" {BETTER}") + 1  # 「 改善」 after a figure in 増減 (and 「pt」 for 「%」 in a rate's)


def fitted_columns(data: ReportData) -> tuple[tuple, bool]:
    """KPI達成状況's columns (:func:`reform_xlsx.report.model.kpi_columns`) as printed: 進捗率 as wide as its longest
    text, 単位 as wide as its longest unit (「件（累計）」 was cut at the cell's edge), and 指標名 giving up what the
    columns take beyond a page that prints the table at :data:`TABLE_PT` — down to :data:`NAME_LEAST`, the names
    wrapping on more lines. Seven columns of 13-digit yen figures (1,800,000,000,000円, a revised target and last
    year's actual beside it) printed the whole page at 7.6 pt.

    Also whether 増減 carries its words (「+2.0pt 改善」, :func:`reform_xlsx.xlsx.style.kpi_change_format`): they
    widen the column by :data:`CHANGE_WORD_UNITS` when the table still prints at :data:`TABLE_PT` with 指標名 at its
    least; beside 13-digit yen changes they do not, and 増減 says it by its green and red alone."""
    units = [text_units(u) + 1 for u in data.kpis["unit"] if isinstance(u, str)]
    wanted = {"progress": progress_width(list(data.kpis["progress"])), "unit": max([UNIT_LEAST, *units])}
    cols = tuple(replace(c, width=max(c.width, wanted[c.key])) if c.key in wanted else c for c in kpi_columns(data))
    cols = _param_room(data, cols)
    budget = PRINTABLE_W / (MIN_PT_PER_UNIT * TABLE_PT / 10)
    worded = tuple(replace(c, width=c.width + CHANGE_WORD_UNITS) if c.key == "change" else c for c in cols)
    if sum(min(c.width, NAME_LEAST) if c.key == "name" else c.width for c in worded) + COLUMN_PADDING * len(cols) \
            <= budget and worded != cols:
        cols, words = worded, True
    else:
        words = False
    excess = sum(c.width + COLUMN_PADDING for c in cols) - budget
    return tuple(replace(c, width=max(min(c.width, NAME_LEAST), c.width - excess)) if c.key == "name" and excess > 0
                 else c for c in cols), words


def _param_room(data: ReportData, cols: tuple) -> tuple:
    """``cols`` with each column under a label of the judging conditions (:func:`_params`, from 基準値 on) wide enough
    for each of the label's lines on one line: from the second year 「概ね順調:」 falls on the narrow 進捗率 column
    and printed on three lines (「概ね順」「調:」「e ×」). The width comes from 指標名 (down to :data:`NAME_LEAST`), so
    the page prints at the same scale."""
    keys = [c.key for c in cols]
    start, name = keys.index("baseline"), keys.index("name")
    out = list(cols)
    for n, (_, label, _, _) in enumerate(_params(data)):
        width = out[start + n].width
        while any(line_count(line, width) > 1 for line in label.split("\n")):
            width += 0.5
        out[name] = replace(out[name], width=max(min(out[name].width, NAME_LEAST),
                                                 out[name].width - (width - out[start + n].width)))
        out[start + n] = replace(out[start + n], width=width)
    return tuple(out)


def one_page_slack(widths: tuple[float, ...]) -> float:
    """How much taller than a page the table may be and still be fitted to one: :data:`ONE_PAGE_SLACK`, less when the
    columns already shrink the page (the fit would take the text under 8 pt)."""
    return max(1.0, min(ONE_PAGE_SLACK, fitted_scale(widths) * 0.97 * 10 / NOTE_MIN_PT))


def write_kpis(ws: Worksheet, st: Styles, data: ReportData, *, public: bool = False) -> KpiSheet:
    cols, words = fitted_columns(data)
    widths = tuple(c.width for c in cols)
    keys = [c.key for c in cols]
    total_width = sum(widths)
    note = st.note_for(widths)  # 13-digit figures shrink the page: the notes then larger, printed at 8 pt or more
    lines = [line for text in _notes(data, words) for line in wrap_lines(text, total_width, font_size=note.font_size)]
    param_label_row = 1 + len(lines)
    param_row = param_label_row + 1
    header_row = param_row + 2
    first = header_row + 1
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_KPI, widths=widths,
                repeat=(header_row, header_row), title_height=TITLE_HEIGHT)
    row = 1
    for text in _notes(data, words):
        row = write_note(ws, st, row, text, total_width, fmt=note)
    params, params_height = _write_params(ws, st, data, cols, param_label_row)
    ws.set_row(param_row + 1, GAP_HEIGHT)
    labels = [header_label(c.label, c.width) for c in cols]  # 「※は参考」「（按分）」, never 「（按」「分）」
    header_height = row_height(list(zip(labels, widths)), minimum=28)
    ws.set_row(header_row, header_height)
    for n, label in enumerate(labels):
        ws.write_string(header_row, n, label, st.header)
    letter = {c.key: xl_col_to_name(n) for n, c in enumerate(cols)}
    last = first + len(data.kpis) - 1
    mixed = bool(data.kpis["planned_target"].any())  # some targets the plan's own: mark the others 「※」
    heights = []
    for offset, k in enumerate(data.kpis.to_dict("records")):
        kpi = data.plan.kpi(k["kpi_id"])
        heights.append(row_height([(kpi_name(k), widths[keys.index("name")]),
                                   (k["owner"], widths[keys.index("owner")])], minimum=20))
        ws.set_row(first + offset, heights[-1])
        _write_kpi_row(ws, st, first + offset, {**k, "item_id": data.item_number(str(k["item_id"]))}, kpi, keys, letter,
                       params, mixed, data.plan.end_year, original_kpi_in_other_unit(data, kpi), words=words)
    jcol = keys.index("judgement")
    for name in JUDGEMENTS:
        ws.conditional_format(first, jcol, last, jcol, {
            "type": "cell", "criteria": "==", "value": f'"{name}"', "format": st.fills[name]})
    show_progress_beyond(ws, st, first, last, keys.index("progress"))
    ws.freeze_panes(first, 3)

    # Page breaks: rows that do not fit go to the next page (the header row repeats); (nearly) one page is fitted to
    # one, and the last page keeps three rows (a plan of 30 KPIs printed its last one alone on a page)
    top = TITLE_HEIGHT + NOTE_LINE * len(lines) + params_height + GAP_HEIGHT
    pages = paginate_table(ws, heights, first, widths, top=top, header=header_height, slack=one_page_slack(widths))
    ws.print_area(0, 0, last, len(cols) - 1)
    table = Table(SHEET_KPI, first, last, {c.key: n for n, c in enumerate(cols)},
                  {k: first + n for n, k in enumerate(data.kpis["kpi_id"])})
    return KpiSheet(table, params, pages=pages)


PROGRESS_SHOWN = 100.0  # 10000 %: a 進捗率 further from 0 is shown as :data:`PROGRESS_OVER` / :data:`PROGRESS_UNDER`
PROGRESS_OVER, PROGRESS_UNDER = "10000%超", "-10000%未満"


def progress_text(progress: float, digits: int = 1) -> str:
    """A 進捗率 as the sheets show it: 「33.3%」 (0.0% without separators), and one beyond ±10000 % — a 実績値 typed
    with extra digits, 999,999,999,999,999枚 against a target of 5,600,000 — as 「10000%超」 / 「-10000%未満」: its
    twelve digits say nothing a reader can use, and a column wide enough for them shrank the printed page."""
    if progress > PROGRESS_SHOWN:
        return PROGRESS_OVER
    if progress < -PROGRESS_SHOWN:
        return PROGRESS_UNDER
    return percent(progress, digits).replace(",", "")


def progress_width(progress: list[float | None], least: float = 8) -> float:
    """A 進捗率 column's width: its longest 「-9999.9%」 or 「-10000%未満」 (:func:`progress_text`) and a little
    room, at least ``least`` (a KPI far past its target would print 「###」)."""
    shown = [progress_text(float(p)) for p in progress if p is not None and p == p]
    return max(least, max((text_units(t) for t in shown), default=0) + 1)


def progress_beyond(progress: list[float | None]) -> bool:
    """Some 進捗率 is shown as 「10000%超」 or 「-10000%未満」."""
    return any(p is not None and p == p and abs(p) > PROGRESS_SHOWN for p in progress)


PROGRESS_BEYOND_NOTE = (f"進捗率の「{PROGRESS_OVER}」「{PROGRESS_UNDER}」は、実績値が目標と桁違いで進捗率が ±10000% の外にある"
                        "指標です（セルの値は計算した進捗率）。")


def show_progress_beyond(ws: Worksheet, st: Styles, first: int, last: int, col: int) -> None:
    """Show the 進捗率 cells of rows ``first``–``last`` in column ``col`` beyond ±10000 % as 「10000%超」 /
    「-10000%未満」: a conditional format that changes only the number format, so the cell keeps its value (判定
    reads it) and a value typed over in Excel is shown as it then is. Each format is a plain two-section one (no
    conditions in it: Excel would put a second minus before 「-10000%未満」)."""
    cell = xl_rowcol_to_cell(first, col)
    for op, limit, text in ((">", PROGRESS_SHOWN, PROGRESS_OVER), ("<", -PROGRESS_SHOWN, PROGRESS_UNDER)):
        ws.conditional_format(first, col, last, col, {
            "type": "formula", "criteria": f"=AND(ISNUMBER({cell}),{cell}{op}{limit:g})",
            "format": st.conditional(num_format=f'"{text}";"{text}"')})


def _write_params(ws: Worksheet, st: Styles, data: ReportData, cols, label_row: int) -> tuple[dict[str, str], float]:
    """The judging conditions above the table: parameter name → absolute cell, rows' height.
    They sit under the number columns, from 基準値 on (no merged cells)."""
    params, start = {}, [c.key for c in cols].index("baseline")
    labels = _params(data)
    label_height = row_height([(p[1], cols[start + n].width) for n, p in enumerate(labels)], minimum=24)
    value_row = label_row + 1
    label_col = [c.key for c in cols].index("name")
    value_label = "（この表の数式が使う値）"  # on two lines when 指標名 gave up width to wide figures
    value_height = row_height([(value_label, cols[label_col].width)], minimum=PARAM_HEIGHT)
    ws.set_row(label_row, label_height)
    ws.set_row(value_row, value_height)
    ws.write_string(label_row, label_col, "判定の条件", st.param_label)
    ws.write_string(value_row, label_col, value_label, st.param_label)
    for n, (key, label, value, fmt) in enumerate(labels):
        col = start + n
        params[key] = xl_rowcol_to_cell(value_row, col, row_abs=True, col_abs=True)
        ws.write_string(label_row, col, label, st.param_label)
        if fmt == "year":  # the formulas take the Western year; it shows as 「令和8年度」 (a year typed over it
            # for a what-if shows as 「2027年度」, never as the year it replaced)
            shown = f'[={value}]"{format_fiscal_year(value)}";0"年度"'
            ws.write_number(value_row, col, value, st.cell(num_format=shown, align="center"))
        elif key != "e":
            ws.write_number(value_row, col, value, getattr(st, fmt))
    ws.write_formula(value_row, start + 3, f"=({params['year']}-{params['base']})/({params['end']}-{params['base']})",
                     st.percent, data.plan.expected_progress(data.year))
    return params, label_height + value_height


def _write_kpi_row(ws: Worksheet, st: Styles, row: int, k: dict, kpi: Kpi, keys: list[str],
                   letter: dict[str, str], params: dict[str, str], mixed: bool, end_year: int,
                   first: Kpi | None = None, words: bool = True) -> None:
    """``first``: the KPI as the plan first set it when a revision has since changed its unit (its 当初の目標値 is
    in that unit, :func:`reform_xlsx.report.model.original_kpi_in_other_unit`); ``words``: 増減 says 「改善」「悪化」
    (:func:`fitted_columns`)."""
    ref = {key: f"{letter[key]}{row + 1}" for key in letter}
    value = st.kpi_value(kpi)
    ws.write_string(row, keys.index("kpi_id"), str(k["kpi_id"]), st.center)
    ws.write_string(row, keys.index("item_id"), str(k["item_id"]), st.center)  # (as shown: 「1-3」)
    ws.write_string(row, keys.index("unit"), kpi.unit, st.center)
    ws.write_string(row, keys.index("name"), kpi_name(k), st.wrap)
    ws.write_string(row, keys.index("owner"), k["owner"], st.wrap)
    measured = kpi.baseline is None
    if k["baseline"] is None:
        ws.write_blank(row, keys.index("baseline"), None, value)
    elif measured:  # the first reported actual, marked 「120＊」 (the note says from which year)
        ws.write_number(row, keys.index("baseline"), k["baseline"],
                        st.cell(num_format=kpi_number_format(kpi) + f'"{MEASURED_MARK}"'))
    else:
        ws.write_number(row, keys.index("baseline"), k["baseline"], value)
    ws.write_number(row, keys.index("target"), k["target"], value)
    if "original_target" in keys:
        if k["original_target"] is None:
            ws.write_blank(row, keys.index("original_target"), None, value)
        else:  # in the unit the plan first set, when a revision has changed it since (「5,600,000枚」)
            ws.write_number(row, keys.index("original_target"), k["original_target"],
                            value if first is None else st.kpi_value_with_unit(first))
    e = params["e"] if not measured else expected_formula(k["base_year"], end_year, params)
    if k["actual"] is None:
        ws.write_blank(row, keys.index("actual"), None, value)
    else:
        ws.write_number(row, keys.index("actual"), k["actual"], st.kpi_value(kpi, bold=True))
    if k["planned_target"]:  # the plan's own figure: a value, not a formula
        ws.write_number(row, keys.index("year_target"), k["year_target"], value)
    else:
        reference = st.kpi_value(kpi, mark=mixed)
        b, t = ref["baseline"], ref["target"]
        formula = f"={b}+({t}-{b})*{e}" if not measured else f'=IF({b}="","",{b}+({t}-{b})*{e})'
        ws.write_formula(row, keys.index("year_target"), formula, reference,
                         "" if k["year_target"] is None else k["year_target"])
    if "prev_actual" in keys:
        if k["prev_actual"] is None:
            ws.write_blank(row, keys.index("prev_actual"), None, value)
        else:
            ws.write_number(row, keys.index("prev_actual"), k["prev_actual"], value)
        scale = "*100" if kpi.is_rate else ""
        change = k["change"]
        cached = "" if change is None else (change * 100 if kpi.is_rate else change)
        a, p = ref["actual"], ref["prev_actual"]
        ws.write_formula(row, keys.index("change"), f'=IF(OR({a}="",{p}=""),"",({a}-{p}){scale})',
                         st.kpi_change(kpi, words), cached)
        better = "<" if kpi.direction == DECREASE else ">"
        worse = ">" if kpi.direction == DECREASE else "<"
        c = keys.index("change")
        for op, fill in ((better, st.fills[ON_TRACK]), (worse, st.fills[BEHIND])):
            ws.conditional_format(row, c, row, c, {"type": "formula", "criteria": f'=AND(ISNUMBER({ref["change"]}),'
                                                   f'{ref["change"]}{op}0)', "format": fill})
    ws.write_formula(row, keys.index("progress"), progress_formula(ref, kpi.direction if measured else None),
                     st.percent, "" if k["progress"] is None else k["progress"])
    ws.write_formula(row, keys.index("judgement"), judgement_formula(ref, params, kpi.direction, e if measured else None),
                     st.center, k["judgement"])


def kpi_name(k: dict) -> str:
    """The KPI's name as the packet shows it: 「【改訂】…」 when a revision changed its figures."""
    return (REVISED_MARK if k.get("revised") else "") + k["name"]


def expected_formula(base_year: int | None, end_year: int, params: dict[str, str]) -> str:
    """期待進捗 of a KPI measured from its first reported year: (対象年度 − that year)/(目標年度 − that
    year); all of it (1) when that year is the target year; 0 before any report."""
    if base_year is None:
        return "0"
    if base_year >= end_year:
        return "1"
    return f"(({params['year']}-{base_year})/({params['end']}-{base_year}))"


def progress_formula(ref: dict[str, str], measured: str | None = None) -> str:
    """進捗率. ``measured``: the direction of a KPI measured from its first reported year (no 進捗率
    once its baseline had reached the target)."""
    a, b, t = ref["actual"], ref["baseline"], ref["target"]
    if measured is not None:
        reached = f'{b}{"<=" if measured == DECREASE else ">="}{t}'
        return f'=IF(OR({a}="",{b}=""),"",IF({reached},"",({a}-{b})/({t}-{b})))'
    return f'=IF({a}="","",IF({t}={b},"",({a}-{b})/({t}-{b})))'


def judgement_formula(ref: dict[str, str], params: dict[str, str], direction: str,
                      measured_e: str | None = None) -> str:
    """判定 as the rules say (docs/report.md). The KPI's direction is the plan's, written into the
    維持目標 comparison (増加: a ≥ t, 減少: a ≤ t). ``measured_e``: the 期待進捗 of a KPI measured from
    its first reported year (:func:`expected_formula`): 達成 when a reaches t, 遅れ when b had and a
    has not, else graded on its own e."""
    a, b, t, p = (ref[k] for k in ("actual", "baseline", "target", "progress"))
    e = params["e"] if measured_e is None else measured_e
    n = COMPARE_DIGITS
    rp = f"ROUND({p},{n})"
    ge = "<=" if direction == DECREASE else ">="
    maintain = f'IF({a}{ge}{t},"{ACHIEVED}","{BEHIND}")'
    graded = (f'IF({rp}>=ROUND({params["achieved"]},{n}),"{ACHIEVED}",'
              f'IF({rp}>=ROUND({params["on_track"]}*{e},{n}),"{ON_TRACK}",'
              f'IF({rp}>=ROUND({params["mostly"]}*{e},{n}),"{MOSTLY_ON_TRACK}","{BEHIND}")))')
    if measured_e is not None:
        return f'=IF({a}="","{NOT_REPORTED}",IF({a}{ge}{t},"{ACHIEVED}",IF({b}{ge}{t},"{BEHIND}",{graded})))'
    return f'=IF({a}="","{NOT_REPORTED}",IF({t}={b},{maintain},{graded}))'
