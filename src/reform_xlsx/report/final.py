"""「計画期間の総括」 and 「計画期間の改革項目」 (the plan's words): the plan period in one view, in the
packet of the plan's last year (or ``reform-xlsx report --final``) — the input for the next plan.

- 「計画期間の総括」: every KPI's actual year by year against its target (the revised target, with the
  first one beside it), its last 判定; 財政効果額 by year and in total.
- 「計画期間の改革項目」: every item × section with its 進捗状況 in each year (colours as in the packet;
  「－」 where the item was not asked of the section that year).

The figures come from :mod:`reform_xlsx.report.period`; each year as judged with the plan in force then.
"""

from __future__ import annotations

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.plan.attainment import JUDGEMENTS, NOT_REPORTED
from reform_xlsx.plan.model import Kpi
from reform_xlsx.report.model import (
    MEASURED_MARK,
    REVISED_MARK,
    SHEET_PERIOD,
    SHEET_PERIOD_ITEMS,
    ReportData,
    figure_width,
    kpi_in_other_unit,
    original_kpi_in_other_unit,
)
from reform_xlsx.report.period import (
    NO_RECORD,
    NOT_ACTIVE,
    active_years,
    kpi_in_plan,
    kpi_of,
    period_effects,
    period_items,
    period_kpis,
    unanswered_sections,
    years_of,
)
from reform_xlsx.textwidth import text_units
from reform_xlsx.wareki import format_fiscal_year, format_period, format_year_runs, format_year_span
from reform_xlsx.xlsx.sizing import header_label, line_capacity, line_count, row_height, wrap_lines
from reform_xlsx.xlsx.style import (
    COLUMN_PADDING,
    HEADER_FILL,
    MIN_PT_PER_UNIT,
    PRINTABLE_W,
    TOTAL_FILL,
    Styles,
    break_before,
    kpi_number_format,
    page_rows_height,
    paginate_table,
    start_sheet,
    write_note,
)

YEAR_WIDTH = 11
NAME_WIDTH = 30  # 指標（略称）
LEAST_SCALE, NAME_LEAST = 0.82, 14  # the print scale a plan of many years keeps (10 pt at 8), by narrowing the names
HEADER_HEIGHT = 30.0
HEADING_HEIGHT = 22.0
GAP_HEIGHT = 15.0  # the blank row between the KPIs and 財政効果額 (the default height)
NOTE_LINE_HEIGHT = 13.0  # a line of the note under 財政効果額 (as write_note's)
ONE_PAGE_SLACK = 1.12  # as paginate_table: a sheet this much over a page is fitted to one page
UNANSWERED_MARK = "未"
SPAN_LEAST = 13  # 実施年度 of 「計画期間の改革項目」 at its narrowest


def _header(ws: Worksheet, st: Styles, row: int, labels: list[str]) -> None:
    ws.set_row(row, HEADER_HEIGHT)
    for c, label in enumerate(labels):
        ws.write_string(row, c, label, st.header)


def write_period(ws: Worksheet, st: Styles, data: ReportData) -> int:
    """「計画期間の総括」: KPIs, then 財政効果額. Returns its printed pages."""
    plan, years = data.plan, years_of(data)
    kpis = period_kpis(data)
    revised = bool(kpis["original_target"].notna().any())
    effects = period_effects(data).to_dict("records")
    # as wide as the longest figure (a city's 財政効果額 of 10億円 a year, a KPI in 円): never 「###」
    year_width = figure_width([k[y] for k in kpis.to_dict("records") for y in years]
                               + [e[y] for e in effects for y in years], YEAR_WIDTH)
    other_units = years_of_other_unit(data, kpis, years)
    for k, y, then in other_units:  # 「6,100,000枚」 with the unit it was reported in
        year_width = max(year_width, figure_width([k[y]], YEAR_WIDTH) + text_units(then.unit_after))
    total_width = figure_width([*kpis["target"], *kpis["original_target"], *(e["total"] for e in effects)], 12)
    for k in records_of_other_unit(data, kpis):  # 「2,500,000,000,000円」 with the unit the plan first set
        total_width = max(total_width, figure_width([k["original_target"]], 12) + text_units(k["first_unit"]))
    # a 基準値 of 13 digits (a prefecture's 1兆5千億円), 「＊」 after a first reported actual: never 「###」 either
    # (150,000,000 fits the 11 it always had: commas are narrower than digits)
    marked = kpis["base_year"].notna()
    baseline_width = max(figure_width(list(kpis.loc[~marked, "baseline"]), 11, room=0),
                         figure_width(list(kpis.loc[marked, "baseline"]), 11, room=2))
    # as wide as the longest unit (「件（累計）」 was cut at the cell's edge in its fixed 6)
    unit_width = max([6, *(text_units(u) + 1 for u in kpis["unit"] if isinstance(u, str))])
    widths = _narrow_names((6, NAME_WIDTH, unit_width, baseline_width, *(year_width,) * len(years), total_width,
                            *((total_width,) if revised else ()), 9))
    span = format_period(plan.start_year, data.year)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=SHEET_PERIOD, widths=widths)
    purpose = "（次の計画の基礎資料）" if data.year >= plan.end_year else \
        f"（計画期間の途中のまとめ。計画期間は{format_period(plan.start_year, plan.end_year)}）"
    note = (f"{span}の{len(years)}年間のまとめです{purpose}。{_unrecorded_note(data)}"
            "各年度の実績値・判定・財政効果額は、その年度に"
            "適用されていた計画の版で集計しています。目標値は今年度に適用されている版の値で、改訂で変わったものは当初の"
            f"目標値を並べます。判定は最後に報告された年度のもの。空欄は未報告、「{NOT_ACTIVE}」はその年度に計画になかったもの。"
            f"{_measured_note(kpis)}{_other_unit_note(data, other_units)}")
    # figures of 12 digits and more shrink the page: the note's lines then larger, to print at 8 pt or more
    row = write_note(ws, st, 1, note, sum(widths), fmt=st.note_for(widths))
    labels = ["KPI ID", "指標（略称）", "単位", f"基準値\n{format_fiscal_year(plan.baseline_year)}",
              *(format_fiscal_year(y) for y in years), f"目標値\n{format_fiscal_year(plan.end_year)}",
              *(("当初の\n目標値",) if revised else ()), "判定"]
    records = kpis.to_dict("records")
    names = [(REVISED_MARK if k["revised"] else "") + kpi_of(data, k["kpi_id"]).label for k in records]
    if widths[1] < NAME_WIDTH:  # narrowed: a name breaks where a reader would (「電子申告」「（市県民税）」, not 「…税」「）」)
        names = [header_label(name, widths[1]) for name in names]
    heights = [row_height([(name, widths[1])], minimum=20) for name in names]
    effect_names = [_effect_name(data, e) for e in effects]
    effect_heights = [_effect_height(name, widths) for name in effect_names]
    # which sections' amounts a year leaves out, and the years 計 leaves out: under the table, kept with it
    effects_note = _effects_note(data)
    note_lines = len(wrap_lines(effects_note, sum(widths), font_size=st.note_for(widths).font_size)) if effects_note else 0
    breaks, effects_break = _period_breaks(widths, 26 + 13 * (row - 1) + HEADING_HEIGHT, heights,
                                           effect_heights + [NOTE_LINE_HEIGHT] * note_lines)
    ws.set_row(row, HEADING_HEIGHT)
    ws.write_string(row, 0, "KPI の推移と達成状況", st.heading)
    row += 1
    _header(ws, st, row, labels)
    first, page_starts = row + 1, []
    r = row
    for n, (k, name) in enumerate(zip(records, names)):
        r += 1
        if n in breaks:  # a new page: the header row again above its first KPI
            page_starts.append(r)
            _header(ws, st, r, labels)
            r += 1
        kpi = kpi_of(data, k["kpi_id"])
        value = st.cell(num_format=kpi_number_format(kpi))
        ws.set_row(r, heights[n])
        ws.write_string(r, 0, k["kpi_id"], st.center)
        ws.write_string(r, 1, name, st.wrap)
        ws.write_string(r, 2, k["unit"], st.center)
        if k["base_year"] is not None:  # its first reported actual, 「118＊」 as in KPI達成状況
            _number(ws, r, 3, k["baseline"], st.cell(num_format=kpi_number_format(kpi) + f'"{MEASURED_MARK}"'))
        else:
            _number(ws, r, 3, k["baseline"], value)
        for c, y in enumerate(years, start=4):
            if not kpi_in_plan(data, kpi.id, y):
                ws.write_string(r, c, NOT_ACTIVE, st.center)
            elif y in data.unrecorded:
                ws.write_string(r, c, NO_RECORD, st.center)
            else:  # a year counted in a unit a revision has since changed: with that unit (「6,100,000枚」)
                then = kpi_in_other_unit(data, kpi, y)
                _number(ws, r, c, k[y], value if then is None else st.kpi_value_with_unit(then))
        c = 4 + len(years)
        _number(ws, r, c, k["target"], value)
        if revised:
            c += 1
            first_kpi = original_kpi_in_other_unit(data, kpi)  # 「5,600,000枚」 beside 千枚 since a revision
            _number(ws, r, c, k["original_target"], value if first_kpi is None else st.kpi_value_with_unit(first_kpi))
        ws.write_string(r, c + 1, k["judgement"] or NOT_REPORTED, st.center)  # never reported: as KPI達成状況
    last = r
    jcol = len(labels) - 1
    for name in JUDGEMENTS:
        ws.conditional_format(first, jcol, last, jcol, {"type": "cell", "criteria": "==", "value": f'"{name}"',
                                                        "format": st.fills[name]})
    row = last + 2
    if effects_break:  # 財政効果額 on a page of its own rather than cut from its heading
        page_starts.append(row)
    ws.set_row(row, HEADING_HEIGHT)
    ws.write_string(row, 0, "財政効果額（年度別、円）", st.heading)
    row += 1
    # the area's number under 「KPI ID」, its name over the three columns beside (no merged cells): one line where
    # it fits, wrapped in the first of them where it does not
    _header(ws, st, row, ["", "", "", "", *(format_fiscal_year(y) for y in years), "計"])
    header = {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "align": "center_across"}
    ws.write_string(row, 0, plan.words.area, st.across("first", **header))
    for c, part in ((1, "middle"), (2, "middle"), (3, "last")):
        ws.write_blank(row, c, None, st.across(part, **header))
    for n, (e, name) in enumerate(zip(effects, effect_names)):
        r = row + 1 + n
        total = e["area"] == 0
        fill = {"valign": "top", **({"bold": True, "bg_color": TOTAL_FILL} if total else {})}  # as the figures
        yen = st.total_yen if total else st.yen
        ws.set_row(r, effect_heights[n])
        ws.write_string(r, 0, "" if total else str(e["area"]), st.cell(align="center", **fill))
        one_line = _one_line(name, widths)
        ws.write_string(r, 1, name, st.across("first", **fill, **({} if one_line else {"text_wrap": True})))
        ws.write_blank(r, 2, None, st.across("middle", **fill))
        ws.write_blank(r, 3, None, st.across("last", **fill))
        for c, y in enumerate(years, start=4):
            if y in data.unrecorded:
                ws.write_string(r, c, NO_RECORD, st.center)
            elif e[y] is None:  # no one has answered for that year (yet)
                ws.write_blank(r, c, None, yen)
            else:
                ws.write_number(r, c, e[y], yen)
        ws.write_number(r, 4 + len(years), e["total"], yen)
    end = row + len(plan.areas) + 1
    if effects_note:
        end = write_note(ws, st, end + 1, effects_note, sum(widths), fmt=st.note_for(widths),
                         line_height=NOTE_LINE_HEIGHT) - 1
    if page_starts:  # one page wide, broken where the sheet planned (never shrunk below 8 pt for its height)
        ws.fit_to_pages(1, 0)
        ws.set_h_pagebreaks(page_starts)
    else:
        ws.fit_to_pages(1, 1)
    ws.print_area(0, 0, end, len(widths) - 1)
    return len(page_starts) + 1


def records_of_other_unit(data: ReportData, kpis: pd.DataFrame) -> list[dict]:
    """The KPIs of ``kpis`` with a 当初の目標値 in the unit the plan first set, since changed by a revision (shown with
    that unit), each with ``first_unit``."""
    found = []
    for k in kpis.to_dict("records"):
        first = original_kpi_in_other_unit(data, kpi_of(data, k["kpi_id"])) if k["original_target"] is not None else None
        if first is not None:
            found.append(k | {"first_unit": first.unit_after})
    return found


def years_of_other_unit(data: ReportData, kpis: pd.DataFrame, years: list[int]) -> list[tuple[dict, int, Kpi]]:
    """(KPI row, year, the KPI as that year's plan counted it) for each year of ``kpis`` with an actual in a unit a
    revision has since changed (:func:`~reform_xlsx.report.model.kpi_in_other_unit`)."""
    found = []
    for k in kpis.to_dict("records"):
        kpi = kpi_of(data, k["kpi_id"])
        for y in years:
            then = kpi_in_other_unit(data, kpi, y) if k[y] is not None else None
            if then is not None:
                found.append((k, y, then))
    return found


def _narrow_names(widths: tuple[float, ...]) -> tuple[float, ...]:
    """The 指標（略称） column (the second) narrower, down to :data:`NAME_LEAST` (its names wrap), when a plan of
    many years' columns would print the sheet below :data:`LEAST_SCALE` (12 years: at 7.7 pt)."""
    allowed = PRINTABLE_W / (MIN_PT_PER_UNIT * LEAST_SCALE)
    over = sum(w + COLUMN_PADDING for w in widths) - allowed
    return widths if over <= 0 else (widths[0], max(NAME_LEAST, widths[1] - over), *widths[2:])


def _period_breaks(widths: tuple[float, ...], top: float, kpis: list[float],
                   effects: list[float]) -> tuple[set[int], bool]:
    """Where 「計画期間の総括」 breaks its pages: the KPI rows (``kpis``, their heights) that start a new page
    under a repeated header row, and whether 財政効果額 (``effects``, under its heading) starts one. ``top``: the
    points above the KPI header. A sheet up to :data:`ONE_PAGE_SLACK` over one page is fitted to one page
    (no breaks) — a plan of many KPIs is not shrunk to one page below 8 pt."""
    capacity = page_rows_height(widths)
    block = HEADING_HEIGHT + HEADER_HEIGHT + sum(effects)
    if top + HEADER_HEIGHT + sum(kpis) + GAP_HEIGHT + block <= capacity * ONE_PAGE_SLACK:
        return set(), False
    breaks = break_before(kpis, top, capacity - HEADER_HEIGHT)
    start = breaks[-1] if breaks else 0
    used = (HEADER_HEIGHT if breaks else top + HEADER_HEIGHT) + sum(kpis[start:])
    return set(breaks), used + GAP_HEIGHT + block > capacity


def _effect_name(data: ReportData, effect: dict) -> str:
    """The name of a row of 財政効果額: its area's own name (its number is in the column before), or 合計."""
    return next((a.name for a in data.plan.areas if a.number == effect["area"] and effect["area"] != 0), effect["label"])


def _one_line(name: str, widths: tuple[float, ...]) -> bool:
    """Whether ``name`` fits on one line over the columns of 指標・単位・基準値 (it overflows the blank two)."""
    return text_units(name) <= line_capacity(sum(widths[1:4]))


def _effect_height(name: str, widths: tuple[float, ...]) -> float:
    return row_height([("", widths[1]) if _one_line(name, widths) else (name, widths[1])], minimum=20)


def _number(ws: Worksheet, r: int, c: int, value: object, fmt) -> None:
    if value is None:
        ws.write_blank(r, c, None, fmt)
    else:
        ws.write_number(r, c, float(value), fmt)


def write_period_items(ws: Worksheet, st: Styles, data: ReportData) -> int:
    """「計画期間の改革項目」: every item × section by year. Returns its printed pages."""
    plan, years = data.plan, years_of(data)
    items = period_items(data)
    runs = {i: active_years(data, i) for i in items["item_id"]} if len(items) else {}
    span_width, spans = span_column([format_year_runs(runs[r["item_id"]]) if runs[r["item_id"]]
                                     else format_year_span(r["start"], r["end"]) for r in items.to_dict("records")])
    widths = (6.5, 42, 12, span_width, *(8,) * len(years))
    name = data.sheet(SHEET_PERIOD_ITEMS)
    start_sheet(ws, st, plan_name=data.title, year_label=data.year_label, name=name, widths=widths)
    legend = "、".join(g.display for g in plan.grades)
    note = (f"{plan.words.item}ごと・担当課ごとの各年度の進捗状況（{legend}）。「{UNANSWERED_MARK}」は未回答、「{NOT_ACTIVE}」は"
            "その年度に計画になかった（始まる前・終わった後）か、その課の担当でなかったもの。組織改正のあった課は今の課名で示します。"
            f"{_unrecorded_note(data)}")
    header = write_note(ws, st, 1, note, sum(widths))
    _header(ws, st, header, ["ID", plan.words.item, "担当課", "実施年度", *(_two_lines(y) for y in years)])
    ws.repeat_rows(header, header)
    first = header + 1
    heights = []
    for n, r in enumerate(items.to_dict("records")):
        row = first + n
        span = spans[n]
        heights.append(row_height([(r["name"], widths[1]), (r["section"], widths[2]), (span, widths[3])], minimum=18))
        ws.set_row(row, heights[-1])
        ws.write_string(row, 0, data.item_number(r["item_id"]), st.center)
        ws.write_string(row, 1, r["name"], st.wrap)
        ws.write_string(row, 2, r["section"], st.wrap)
        ws.write_string(row, 3, span, st.cell(align="center", text_wrap=True))
        for c, y in enumerate(years, start=4):
            grade = r[y]
            if y in data.unrecorded and grade != NOT_ACTIVE:  # nothing was asked: not 未回答
                ws.write_string(row, c, NO_RECORD, st.cell(align="center", font_size=8, font_color="#808080"))
            else:
                ws.write_string(row, c, UNANSWERED_MARK if grade is None else str(grade), st.center)
    last = first + len(items) - 1
    for code in st.grade_colours:
        ws.conditional_format(first, 4, last, 3 + len(years), {"type": "cell", "criteria": "==",
                                                               "value": f'"{code}"', "format": st.fills[code]})
    ws.conditional_format(first, 4, last, 3 + len(years), {"type": "cell", "criteria": "==",
                                                           "value": f'"{UNANSWERED_MARK}"', "format": st.unanswered})
    pages = paginate_table(ws, heights, first, widths, top=26 + 13 * (header - 1), header=HEADER_HEIGHT, last_rows=6)
    ws.print_area(0, 0, last, len(widths) - 1)
    ws.freeze_panes(first, 2)
    return pages


def span_column(spans: list[str]) -> tuple[int, list[str]]:
    """The 実施年度 column of 「計画期間の改革項目」 for ``spans`` (「令和8～12年度」): its width — the least, from
    :data:`SPAN_LEAST`, that holds every span within one era on one line as the row heights reckon it (an item a
    revision added, 「令和10～12年度」, is not cut into 「令和10～12年」「度」, a whole-period item's row not sized
    for two lines) — and the texts to write: a span across eras (「平成30年度～令和3年度」) on two lines, broken
    after 「～」, and runs of years (「令和8年度、令和11～12年度」) that do not fit one line broken after each 「、」."""
    one_era = [run for s in spans for run in s.split("、") if run.count("年度") == 1]  # (each of an item's runs too)
    width = next(w for w in range(SPAN_LEAST, SPAN_LEAST + 20) if all(line_count(s, w) == 1 for s in one_era))
    return width, [s if line_count(s, width) == 1 else s.replace("、", "、\n") if "、" in s else s.replace("～", "～\n", 1)
                   for s in spans]


def _measured_note(kpis) -> str:
    """The sentence on the baselines that are a KPI's first reported actual (empty when there is none)."""
    measured = [r for r in kpis.to_dict("records") if r["base_year"] is not None]
    if not measured:
        return ""
    listed = "、".join(f"{r['kpi_id']} {format_fiscal_year(int(r['base_year']))}" for r in measured)
    return (f"基準値の「{MEASURED_MARK}」は、計画に基準値がないため最初に報告された年度の実績値を基準値とした指標"
            f"（{listed}）です。")


def _other_unit_note(data: ReportData, other_units: list[tuple[dict, int, Kpi]]) -> str:
    """The sentence on the years' actuals in a unit a revision has since changed (empty when there is none)."""
    changes = dict.fromkeys(f"{k['kpi_id']} {kpi_of(data, k['kpi_id']).measure_change(then)}"
                            for k, _, then in other_units)
    if not changes:
        return ""
    measured = any(k["base_year"] is not None for k, _, _ in other_units)
    return (f"計画の改訂で単位を改めた指標（{'、'.join(changes)}）の、前の単位で報告された年度の実績値は、その単位を付けて"
            "示します（換算せず、今の単位の値と比べません" + ("。計画に基準値がない指標は、今の単位で最初に報告された"
                                                            "年度の実績値が基準値です" if measured else "") + "）。")


def _effects_note(data: ReportData) -> str:
    """The sentence under 財政効果額: the years whose figures lack some sections' answers (未提出・差し戻し; named as
    that year's packet names them), and the 記録なし years 計 leaves out (empty when every year is whole)."""
    missing = unanswered_sections(data)
    parts = []
    if missing:
        listed = "、".join(f"{format_fiscal_year(y)}（{'・'.join(s)}）" for y, s in missing.items())
        parts.append(f"回答のなかった課の財政効果額は、その年度の額に含みません: {listed}。")
    if data.unrecorded:
        names = "・".join(format_fiscal_year(y) for y in data.unrecorded)
        parts.append(f"計は{names}（{NO_RECORD}）を含みません。")
    return "".join(parts)


def _unrecorded_note(data: ReportData) -> str:
    """The sentence naming the years the ledger has no record of (empty when there is none)."""
    if not data.unrecorded:
        return ""
    names = "・".join(format_fiscal_year(y) for y in data.unrecorded)
    return f"{names}は台帳に照会・回答の記録がない年度で、「{NO_RECORD}」と示します（未回答・未報告ではありません）。"


def _two_lines(year: int) -> str:
    """A year over a narrow column: 「令和8」「年度」."""
    return format_fiscal_year(year).removesuffix("年度") + "\n年度"
