"""Count tables: grade counts, 未回答, KPI 判定 counts and 財政効果額 per row, as formulas.

Used by 「総括」 (one row per 重点項目 + 合計) and 「担当課別」 (one row per section + 合計).
Each count is a COUNTIFS/SUMIFS over 「改革項目一覧」 or 「KPI達成状況」, written with its
cached value from :mod:`reform_xlsx.report.consolidate`; 合計 rows are SUMs of the rows above.
Headers are two rows (the group over its columns, then each column) without merged cells.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.plan.attainment import JUDGEMENTS
from reform_xlsx.report.items import ItemSheet
from reform_xlsx.report.kpis import KpiSheet
from reform_xlsx.report.model import UNANSWERED, ReportData, Table, yen_width
from reform_xlsx.textwidth import text_units
from reform_xlsx.xlsx.sizing import BREAK_AFTER, BREAK_BEFORE, NO_LINE_END, NO_LINE_START, header_lines, row_height
from reform_xlsx.xlsx.style import Styles

YEN_WIDTH = 13
GRADE_HEADER_UNITS = 14  # a grade's label longer than this (「概ね計画どおり」) goes on two or more lines
GROUP_GRADES, GROUP_KPI, GROUP_YEN = "進捗状況（回答数）", "KPI 判定（指標数）", "財政効果額"


@dataclass(frozen=True)
class CountRow:
    labels: tuple[str, ...]  # the row's label cells (left columns)
    item_criteria: tuple[str, str] | None  # (改革項目一覧 column key, criterion); None = 合計
    kpi_criteria: tuple[str, str] | None  # (KPI達成状況 column key, criterion)
    cached: dict  # the consolidate row: grade codes, unanswered, 判定, effect_yen
    dash_zero: bool = False  # counts shown 「－」 when zero (a section with no answers in)


@dataclass(frozen=True)
class CountColumn:
    key: str  # cached key
    group: str  # top header
    label: str  # second header
    width: float
    kind: str  # "grade" | "unanswered" | "kpi" | "yen"
    criterion: str = ""


def _width(label: str, minimum: float = 6.5) -> float:
    """A column as wide as its longest header line (no word broken in the middle)."""
    return max(minimum, max(text_units(line) for line in label.split("\n")) + 1.5)


def grade_header(code: str, label: str) -> str:
    """A grade's column header: its code over its label, a long label broken at a natural point
    (「A\n実施\n（取組開始）」), so that any grade scale makes columns of even, modest width.
    No line is a lone one or two characters (「順調に\n進んでいる」, not 「順調に進んでい\nる」)."""
    lines = _label_lines(label.strip(), GRADE_HEADER_UNITS)
    return f"{code}\n{header_lines(label, GRADE_HEADER_UNITS) if lines is None else chr(10).join(lines)}"


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def _cut_cost(text: str, i: int) -> float | None:
    """What a line break before ``text[i]`` costs: nothing at a natural point (before 「（」, after
    「・」「）」), a little after kana before a kanji or katakana (where a word usually starts: 「順調に|進んで」),
    more anywhere else; None where the line-breaking rules forbid it."""
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END or (before.isascii() and after.isascii()
                                                              and before.isalnum() and after.isalnum()):
        return None
    if after in BREAK_BEFORE or before in BREAK_AFTER:
        return 0.0
    if _is_kana(before) and not _is_kana(after):
        return 1.0
    return 4.0


def _lone(line: str) -> bool:
    """A line of one or two characters of okurigana or closing punctuation (「る」「む）」「し）」)."""
    return len(line) <= 2 and all(_is_kana(ch) or ch in NO_LINE_START for ch in line)


def _label_lines(text: str, max_units: float) -> list[str] | None:
    """``text`` in lines of at most ``max_units``: the fewest lines and best breaks, each line two lines'
    worth (2), a lone line of okurigana (:func:`_lone`) 10; on a tie the longer first line. None when the rules
    leave no way (a word longer than a line)."""
    if text_units(text) <= max_units:
        return [text]
    n = len(text)
    best: dict[int, tuple[float, list[str]] | None] = {n: (0.0, [])}
    for start in range(n - 1, -1, -1):
        options = []
        for end in range(n, start, -1):
            line = text[start:end]
            if text_units(line) > max_units:
                continue
            cost = 0.0 if end == n else _cut_cost(text, end)
            rest = best[end]
            if cost is None or rest is None:
                continue
            options.append((2 + cost + (10 if _lone(line) else 0) + rest[0], [line, *rest[1]]))
        best[start] = min(options, key=lambda o: o[0]) if options else None  # min keeps the first: longest line
    return None if best[0] is None else best[0][1]


def count_columns(data: ReportData) -> list[CountColumn]:
    cols = []
    for g in data.plan.grades:
        header = grade_header(g.code, g.label)
        cols.append(CountColumn(g.code, GROUP_GRADES, header, _width(header), "grade", g.display))
    cols.append(CountColumn("unanswered", GROUP_GRADES, UNANSWERED, _width(UNANSWERED), "unanswered", UNANSWERED))
    cols += [CountColumn(j, GROUP_KPI, j, _width(j), "kpi", j) for j in JUDGEMENTS]
    cols.append(CountColumn("effect_yen", GROUP_YEN, "合計（円）", yen_width(data, YEN_WIDTH), "yen"))
    return cols


def write_header(ws: Worksheet, st: Styles, top: int, label_headers: tuple[tuple[str, float], ...],
                 cols: list[CountColumn]) -> None:
    """The two header rows: labels at the bottom, each group's name over its first column."""
    first_col = len(label_headers)
    ws.set_row(top, 18)
    ws.set_row(top + 1, row_height([(c.label, c.width) for c in cols], minimum=28))
    for n, (label, _) in enumerate(label_headers):
        ws.write_blank(top, n, None, st.header)
        ws.write_string(top + 1, n, label, st.header)
    groups = [c.group for c in cols]
    for n, c in enumerate(cols):
        starts = n == 0 or groups[n - 1] != c.group
        ends = n == len(cols) - 1 or groups[n + 1] != c.group
        part = "only" if starts and ends else "first" if starts else "last" if ends else "middle"
        if starts:
            ws.write_string(top, first_col + n, c.group, st.header_group(part))
        else:
            ws.write_blank(top, first_col + n, None, st.header_group(part))
        ws.write_string(top + 1, first_col + n, c.label, st.header)


def write_count_table(ws: Worksheet, st: Styles, top: int, label_headers: tuple[tuple[str, float], ...],
                      rows: list[CountRow], cols: list[CountColumn], items: ItemSheet,
                      kpis: KpiSheet, sheet: str, header_again: tuple[int, ...] = ()) -> Table:
    """Write the two header rows and the rows at ``top`` of ``sheet``; return where they are
    (rows by their first label, columns by key; the label columns are ``label0``, ``label1`` …).

    ``label_headers``: (header, column width) of the label columns on the left. ``header_again``: the rows (indexes
    of ``rows``) a page starts at, with the two header rows written again above them (the table's rows are then
    not contiguous: the Table's ``rows`` say where each is)."""
    first_col = len(label_headers)
    write_header(ws, st, top, label_headers, cols)
    first_row = top + 2
    shift = 0
    placed = []
    for offset, r in enumerate(rows):
        if offset in header_again:
            write_header(ws, st, first_row + offset + shift, label_headers, cols)
            shift += 2
        row = first_row + offset + shift
        placed.append(row)
        total = r.item_criteria is None
        ws.set_row(row, row_height([(x, w) for x, (_, w) in zip(r.labels, label_headers)], minimum=20))
        for n, label in enumerate(r.labels):
            ws.write_string(row, n, label, st.total_label if total else st.wrap)
        for n, c in enumerate(cols):
            col = first_col + n
            letter = xl_col_to_name(col)
            value = r.cached[c.key]
            if c.kind == "yen":
                fmt = st.total_yen if total else (st.count_dash if r.dash_zero else st.yen)
            else:
                fmt = st.total_count if total else (st.count_dash if r.dash_zero else st.count)
            if total:
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
                else:
                    formula = f'=COUNTIFS({where},{items.table.col("grade")},"{c.criterion}")'
            ws.write_formula(row, col, formula, fmt, value)
    columns = {f"label{n}": n for n in range(first_col)} | {c.key: first_col + n for n, c in enumerate(cols)}
    return Table(sheet, first_row, first_row + len(rows) - 1 + shift, columns,
                 {r.labels[0]: placed[n] for n, r in enumerate(rows)})
