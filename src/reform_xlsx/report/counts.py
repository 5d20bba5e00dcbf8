"""Count tables: grade counts, 回答率, KPI 判定 counts and 財政効果額 per row, as formulas.

Used by 「総括」 (one row per 重点項目 + 合計) and 「担当課別」 (one row per section + 合計).
Each count is a COUNTIFS/SUMIFS over 「改革項目一覧」 or 「KPI達成状況」, written with its
cached value from :mod:`reform_xlsx.report.consolidate`; 合計 rows are SUMs of the rows above.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.plan.attainment import JUDGEMENTS
from reform_xlsx.report.items import ItemSheet
from reform_xlsx.report.kpis import KpiSheet
from reform_xlsx.report.model import UNANSWERED, ReportData, Table
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles

GRADE_WIDTH, COUNT_WIDTH, KPI_WIDTH, YEN_WIDTH = 11, 7.5, 9, 15


@dataclass(frozen=True)
class CountRow:
    labels: tuple[str, ...]  # the row's label cells (left columns)
    item_criteria: tuple[str, str] | None  # (改革項目一覧 column key, criterion); None = 合計
    kpi_criteria: tuple[str, str] | None  # (KPI達成状況 column key, criterion)
    cached: dict  # the consolidate row: grade codes, rows, unanswered, completeness, 判定, effect_yen


@dataclass(frozen=True)
class CountColumn:
    key: str  # cached key
    group: str  # top header
    label: str  # second header
    width: float
    kind: str  # "grade" | "rows" | "unanswered" | "rate" | "kpi" | "yen"
    criterion: str = ""


def count_columns(data: ReportData, public: bool) -> list[CountColumn]:
    answers = "進捗状況（回答数）"
    cols = [] if public else [CountColumn("rows", answers, "対象", COUNT_WIDTH, "rows")]
    cols += [CountColumn(g.code, answers, f"{g.code}\n{g.label}", GRADE_WIDTH, "grade", g.display)
             for g in data.plan.grades]
    if not public:
        cols += [CountColumn("unanswered", answers, UNANSWERED, COUNT_WIDTH, "unanswered", UNANSWERED),
                 CountColumn("completeness", answers, "回答率", COUNT_WIDTH + 0.5, "rate")]
    cols += [CountColumn(j, "KPI 判定（指標数）", j, KPI_WIDTH, "kpi", j) for j in JUDGEMENTS]
    cols.append(CountColumn("effect_yen", "財政効果額", "合計（円）", YEN_WIDTH, "yen"))
    return cols


def write_count_table(ws: Worksheet, st: Styles, top: int, label_headers: tuple[tuple[str, float], ...],
                      rows: list[CountRow], cols: list[CountColumn], items: ItemSheet,
                      kpis: KpiSheet, sheet: str) -> Table:
    """Write the two header rows and the rows at ``top`` of ``sheet``; return where they are
    (rows by their first label, columns by key; the label columns are ``label0``, ``label1`` …).

    ``label_headers``: (header, column width) of the label columns on the left."""
    first_col = len(label_headers)
    ws.set_row(top, 20)
    ws.set_row(top + 1, row_height([(c.label, c.width) for c in cols]))
    for n, (label, _) in enumerate(label_headers):
        ws.merge_range(top, n, top + 1, n, label, st.header)
    groups: dict[str, list[int]] = {}
    for n, c in enumerate(cols):
        groups.setdefault(c.group, []).append(first_col + n)
        ws.write_string(top + 1, first_col + n, c.label, st.header)
    for group, at in groups.items():
        if len(at) > 1:
            ws.merge_range(top, at[0], top, at[-1], group, st.header)
        else:
            ws.write_string(top, at[0], group, st.header)

    first_row = top + 2
    for offset, r in enumerate(rows):
        row = first_row + offset
        total = r.item_criteria is None
        ws.set_row(row, row_height([(x, w) for x, (_, w) in zip(r.labels, label_headers)], minimum=22))
        for n, label in enumerate(r.labels):
            ws.write_string(row, n, label, st.total_label if total else st.wrap)
        for n, c in enumerate(cols):
            col = first_col + n
            letter = xl_col_to_name(col)
            value = r.cached[c.key]
            fmt = {"rate": st.total_percent if total else st.percent,
                   "yen": st.total_yen if total else st.yen}.get(
                c.kind, st.total_count if total else st.count)
            if c.kind == "rate":
                rows_at = f"{xl_col_to_name(first_col + _index(cols, 'rows'))}{row + 1}"
                gone = f"{xl_col_to_name(first_col + _index(cols, 'unanswered'))}{row + 1}"
                formula = f'=IF({rows_at}=0,"",({rows_at}-{gone})/{rows_at})'
                value = "" if r.cached["rows"] == 0 else value
            elif total:
                formula = f"=SUM({letter}{first_row + 1}:{letter}{row})"
            elif c.kind == "kpi":
                key, crit = r.kpi_criteria
                formula = (f'=COUNTIFS({kpis.table.col(key)},"{crit}",'
                           f'{kpis.table.col("judgement")},"{c.criterion}")')
            else:
                key, crit = r.item_criteria
                where = f'{items.table.col(key)},"{crit}"'
                if c.kind == "yen":
                    formula = f"=SUMIFS({items.table.col('effect_yen')},{where})"
                elif c.kind == "rows":
                    formula = f"=COUNTIFS({where})"
                else:
                    formula = f'=COUNTIFS({where},{items.table.col("grade")},"{c.criterion}")'
            ws.write_formula(row, col, formula, fmt, value)
    columns = {f"label{n}": n for n in range(first_col)} | {c.key: first_col + n for n, c in enumerate(cols)}
    return Table(sheet, first_row, first_row + len(rows) - 1, columns,
                 {r.labels[0]: first_row + n for n, r in enumerate(rows)})


def _index(cols: list[CountColumn], key: str) -> int:
    return next(n for n, c in enumerate(cols) if c.key == key)
