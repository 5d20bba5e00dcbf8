"""The answers as one long table: the same rows, order and headers in 「回答一覧」 and 「データ」.

:func:`answer_table` puts the answers table (:mod:`reform_xlsx.records`) in plan order (year,
section as the plan lists them, items then KPIs in plan order, inputs in the form's column
order, each item's 推進室評価 after the section's answer), with Japanese headers, the header label
the section (or the office, on the 推進室評価シート) saw, and the value's kind as a column of its own
(割合, 金額（円）, 数値, 区分, 文字), so that a number can be shown as the section saw it. Of the
推進室評価シート only what the office typed is listed (:func:`reform_xlsx.records.entered_answers`).
:func:`write_answer_table` writes it with one format per kind and an autofilter.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from xlsxwriter.worksheet import Worksheet

from reform_xlsx.form import layout
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import ANSWER_LABELS, KIND_LABELS, REVIEW, SHEET_GRADE, entered_answers
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, paginate_table

RATE, YEN, NUMBER, GRADE, TEXT = "割合", "金額（円）", "数値", "区分", "文字"
VALUE_KIND_LABEL = "値の種類"


@dataclass(frozen=True)
class TableColumn:
    key: str
    label: str
    width: float
    wrap: bool = False


# A word in a column that does not wrap is cut at the cell's edge on paper (the cell beside is never empty): 区分
# holds 「推進室評価」, 値の種類 「金額（円）」, シート 「意見への対応」, 年度 「令和10年度」. The room is the file's (a form's
# name of a section of five characters on two lines, as before) and the section's (such a name on one line): the
# table is as wide as it was, its text printed as large.
COLUMNS = (
    TableColumn("year", ANSWER_LABELS["year"], 10),
    TableColumn("section", ANSWER_LABELS["section"], 11, wrap=True),
    TableColumn("kind", ANSWER_LABELS["kind"], 10),
    TableColumn("id", ANSWER_LABELS["id"], 7),
    TableColumn("field", ANSWER_LABELS["field"], 16, wrap=True),
    TableColumn("value", ANSWER_LABELS["value"], 30, wrap=True),
    TableColumn("value_kind", VALUE_KIND_LABEL, 10),
    TableColumn("raw", ANSWER_LABELS["raw"], 30, wrap=True),
    TableColumn("file", ANSWER_LABELS["file"], 26, wrap=True),
    TableColumn("sheet", ANSWER_LABELS["sheet"], 12),
    TableColumn("cell", ANSWER_LABELS["cell"], 6),
)


def field_labels(plan: Plan) -> dict[tuple[str, str], str]:
    """(kind, field key) → the header label the section saw (「進捗状況」, 「実績値」, 「意見への対応」 …),
    and for the 推進室評価シート the office's (「推進室評価」, 「推進室コメント」 … and 「進捗状況（課）」,
    the section's grade the sheet showed)."""
    labels = {("item", c.key): c.label for c in (*layout.ITEM_COLUMNS, layout.RESPONSE_COLUMN)}
    labels |= {("kpi", c.key): c.label for c in layout.kpi_columns(plan.baseline_year, plan.end_year)}
    labels |= {(REVIEW, _review_key(c.key)): c.label for c in layout.review_columns(plan.words)
               if c.input or c.key == "grade"}
    # a plan without a committee has no committee's column; what a ledger kept from a sheet that had it is named as it was
    return {(REVIEW, key): layout.review_label(key, plan.words) for key in layout.REVIEW_FIELDS} | labels


def _review_key(column: str) -> str:
    """The answers' field of a 推進室評価シート column (its 「進捗状況（課）」 is kept as :data:`SHEET_GRADE`)."""
    return SHEET_GRADE if column == "grade" else column


def value_kind(plan: Plan, kind: str, row_id: str, field: str) -> str:
    if field in ("grade", "review_grade", SHEET_GRADE):
        return GRADE
    if field == "effect_yen":
        return YEN
    if kind == "kpi" and field == "actual":
        try:
            kpi = plan.kpi(row_id)
        except KeyError:
            return NUMBER
        return {"rate": RATE, "yen": YEN}.get(kpi.kind, NUMBER)
    return TEXT


def answer_table(plan: Plan, answers: pd.DataFrame) -> pd.DataFrame:
    """The answers table in plan order with the columns of :data:`COLUMNS` (keys, not labels)."""
    answers = entered_answers(answers)
    labels = field_labels(plan)
    order = {i.id: n for n, i in enumerate(plan.items)} | {k.id: 1000 + n for n, k in enumerate(plan.kpis)}
    fields = {c.key: n for n, c in enumerate(layout.ITEM_COLUMNS)} | {c.key: n for n, c in enumerate(layout.KPI_COLUMNS)}
    reviews = {_review_key(c.key): 100 + n for n, c in enumerate(layout.REVIEW_COLUMNS)}  # after the section's
    sections = {s: n for n, s in enumerate(plan.sections)}
    df = answers.assign(
        _section=answers["section"].map(sections).fillna(len(sections)),
        _id=answers["id"].map(order).fillna(9999),
        _field=[(reviews if k == REVIEW else fields).get(f, 99) for k, f in zip(answers["kind"], answers["field"])],
    ).sort_values(["year", "_section", "section", "_id", "_field"], kind="stable")
    table = pd.DataFrame({
        "year": [format_fiscal_year(int(y)) for y in df["year"]],
        "section": df["section"],
        "kind": df["kind"].map(KIND_LABELS),
        # an item as every output numbers it (「1-3」 in a plan of two levels); a KPI by its ID, even one written like an
        # item's (「1-1-1」 is not item 1-1's 「1-1」)
        "id": [i if k == "kpi" else plan.item_number(i) for k, i in zip(df["kind"], df["id"])],
        "field": [labels.get((k, f), f) for k, f in zip(df["kind"], df["field"])],
        "value": df["value"],
        "value_kind": [value_kind(plan, k, i, f) for k, i, f in zip(df["kind"], df["id"], df["field"])],
        "raw": df["raw"],
        "file": df["file"],
        "sheet": df["sheet"],
        "cell": df["cell"],
    }, columns=[c.key for c in COLUMNS])
    return table.reset_index(drop=True).astype(object).where(lambda t: t.notna(), None)


def write_answer_table(ws: Worksheet, st: Styles, table: pd.DataFrame, top: int,
                       columns: tuple[TableColumn, ...] = COLUMNS, above: float = 0.0) -> int:
    """Write the header at row ``top`` and the rows below it; return the row after the last one.
    Page breaks keep the last printed page from holding a lone row (``above``: points above the
    header on the first page).

    ``columns`` may leave some out (a one-year list has no 年度 column)."""
    formats = {RATE: st.percent, YEN: st.yen, NUMBER: st.decimal}
    for n, c in enumerate(columns):
        ws.set_column(n, n, c.width)
        ws.write_string(top, n, c.label, st.header)
    header = row_height([(c.label, c.width) for c in columns], minimum=22)
    ws.set_row(top, header)
    row = top
    heights = []
    for row, r in enumerate(table.to_dict("records"), start=top + 1):
        for n, c in enumerate(columns):
            value = r[c.key]
            if c.key == "value" and isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(row, n, value, formats.get(r["value_kind"], st.decimal))
            elif value is None:
                ws.write_blank(row, n, None, st.wrap if c.wrap else st.text)
            else:
                ws.write_string(row, n, str(value), st.wrap if c.wrap else st.text)
        heights.append(row_height([(r[c.key] if isinstance(r[c.key], str) else "", c.width)
                                   for c in columns if c.wrap]))
        ws.set_row(row, heights[-1])
    ws.autofilter(top, 0, max(row, top + 1), len(columns) - 1)
    paginate_table(ws, heights, top + 1, tuple(c.width for c in columns), top=above, header=header)
    return row + 1
