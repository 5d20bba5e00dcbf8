"""「改革項目一覧」: all 改革項目 in plan order, one row per item × section.

Grouped by 重点項目 (a page break before each) and 取組区分. Row heights follow the text so
nothing is cut off on paper, and manual page breaks keep each item's rows on one page.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.worksheet import Worksheet

from reform_xlsx.report.model import (
    ITEM_COLUMNS,
    SHEET_ITEMS,
    UNANSWERED,
    ReportData,
    Table,
    col_letter,
)
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, page_rows_height, start_sheet

HEADER_ROW = 2
TITLE_HEIGHT, NOTE_HEIGHT, HEADER_HEIGHT, GROUP_HEIGHT = 26.0, 30.0, 22.0, 22.0
WIDTHS = {c.key: c.width for c in ITEM_COLUMNS}
LAST_COL = len(ITEM_COLUMNS) - 1


@dataclass(frozen=True)
class ItemSheet:
    table: Table  # data rows (headings included: their ID cell never matches an item ID)
    pages: int  # printed pages, by the page breaks this writer set
    total_row: int  # 0-based row of the 財政効果額 合計


def _group_rows(data: ReportData, group, public: bool) -> list[tuple[list[tuple[object, float]], float]]:
    heights = [row_height([(r.section, WIDTHS["section"]), (data.grade_display(r.grade, public), WIDTHS["grade"]),
                           (r.result, WIDTHS["result"]), (r.plan_next, WIDTHS["plan_next"])])
               for r in group.itertuples()]
    name_height = row_height([(group.iloc[0]["name"], WIDTHS["name"])])
    if name_height > sum(heights):
        heights[-1] += name_height - sum(heights)
    return heights


def write_items(ws: Worksheet, st: Styles, data: ReportData, *, public: bool = False) -> ItemSheet:
    start_sheet(ws, st, plan_name=data.plan.name, year_label=data.year_label, name=SHEET_ITEMS,
                widths=tuple(WIDTHS.values()), repeat=(HEADER_ROW, HEADER_ROW), title_height=TITLE_HEIGHT)
    ws.set_row(1, NOTE_HEIGHT)
    legend = " ／ ".join(g.display for g in data.plan.grades)
    ws.merge_range(1, 0, 1, LAST_COL, f"進捗状況: {legend}。複数の課が担当する項目は課ごとに1行です。"
                   "財政効果額は各課の記入額です。", st.note)
    ws.set_row(HEADER_ROW, HEADER_HEIGHT)
    for n, c in enumerate(ITEM_COLUMNS):
        ws.write_string(HEADER_ROW, n, c.label, st.header)
    ws.freeze_panes(HEADER_ROW + 1, 0)

    capacity = page_rows_height(tuple(WIDTHS.values())) - HEADER_HEIGHT  # the header row repeats on every page
    row, used, breaks = HEADER_ROW + 1, TITLE_HEIGHT + NOTE_HEIGHT, []
    items = data.items
    last_item = data.plan.items[-1]
    for area in data.plan.areas:
        if row > HEADER_ROW + 1:
            breaks.append(row)
            used = 0.0
        _heading(ws, row, area.display, st.group)
        row, used = row + 1, used + GROUP_HEIGHT
        for category in area.categories:
            heading_pending = True
            for item in category.items:
                group = items[items["item_id"] == item.id]
                if group.empty:  # not asked this year (the plan file ends or starts it elsewhere)
                    continue
                heights = _group_rows(data, group, public)
                need = sum(heights) + (GROUP_HEIGHT if heading_pending else 0)
                if item is last_item:  # the 合計 row stays with the last item
                    need += GROUP_HEIGHT
                if used + need > capacity:
                    breaks.append(row)
                    used = 0.0
                if heading_pending:
                    _heading(ws, row, f"{category.display}", st.subgroup)
                    row, used, heading_pending = row + 1, used + GROUP_HEIGHT, False
                _write_group(ws, st, data, row, group, heights, public)
                row, used = row + len(heights), used + sum(heights)
    total_row = row
    effect = col_letter(ITEM_COLUMNS, "effect_yen")
    ws.set_row(total_row, GROUP_HEIGHT)
    ws.merge_range(total_row, 0, total_row, LAST_COL - 1, "財政効果額 合計", st.total_label)
    total = int(data.rollup.iloc[-1]["effect_yen"])
    ws.write_formula(total_row, LAST_COL, f"=SUM({effect}{HEADER_ROW + 2}:{effect}{total_row})",
                     st.total_yen, total)
    ws.set_h_pagebreaks(breaks)
    _colour_grades(ws, st, data, HEADER_ROW + 1, total_row - 1)
    ws.print_area(0, 0, total_row, LAST_COL)
    table = Table(SHEET_ITEMS, HEADER_ROW + 1, total_row - 1, {c.key: n for n, c in enumerate(ITEM_COLUMNS)},
                  {"合計": total_row})
    return ItemSheet(table, len(breaks) + 1, total_row)


def _heading(ws, row: int, text: str, fmt) -> None:
    ws.set_row(row, GROUP_HEIGHT)
    ws.merge_range(row, 0, row, LAST_COL, text, fmt)


def _write_group(ws, st: Styles, data: ReportData, first: int, group, heights: list[float],
                 public: bool) -> None:
    keys = [c.key for c in ITEM_COLUMNS]
    for offset, (r, height) in enumerate(zip(group.itertuples(), heights)):
        row = first + offset
        ws.set_row(row, height)
        ws.write_string(row, keys.index("item_id"), r.item_id, st.text)
        ws.write_string(row, keys.index("section"), r.section, st.wrap)
        ws.write_string(row, keys.index("grade"), data.grade_display(r.grade, public), st.wrap)
        for key in ("result", "plan_next"):
            value = getattr(r, key)
            ws.write_string(row, keys.index(key), "" if value is None else str(value), st.wrap)
        if r.effect_yen is None:
            ws.write_blank(row, keys.index("effect_yen"), None, st.yen)
        else:
            ws.write_number(row, keys.index("effect_yen"), float(r.effect_yen), st.yen)
    name_col = keys.index("name")
    name = str(group.iloc[0]["name"])
    if len(heights) > 1:
        ws.merge_range(first, name_col, first + len(heights) - 1, name_col, name, st.wrap)
    else:
        ws.write_string(first, name_col, name, st.wrap)


def _colour_grades(ws, st: Styles, data: ReportData, first: int, last: int) -> None:
    col = [c.key for c in ITEM_COLUMNS].index("grade")
    for g in data.plan.grades:
        if g.code in st.fills:
            ws.conditional_format(first, col, last, col, {
                "type": "text", "criteria": "begins with", "value": f"{g.code} ",
                "format": st.fills[g.code]})
    ws.conditional_format(first, col, last, col, {
        "type": "cell", "criteria": "==", "value": f'"{UNANSWERED}"', "format": st.unanswered})
