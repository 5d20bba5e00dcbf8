"""The intake's own workbooks: 「受付結果」 (what happened to every file and section) and
「回答一覧」 (the merged, normalised answers as one long table).

Both are written with xlsxwriter; user text is always written as text.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook

from reform_xlsx.form import layout
from reform_xlsx.intake.result import STATUS_LABELS
from reform_xlsx.ledger.store import DUPLICATE, BatchOutcome, FileOutcome
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import JA_HEADERS, KIND_LABELS, MISSING, RETURNED, SUBMITTED
from reform_xlsx.wareki import display_datetime, format_fiscal_year
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import (
    FONT,
    FONT_SIZE,
    JUDGEMENT_COLOURS,
    Styles,
    setup_print,
)
from reform_xlsx.xlsx.workbook import new_workbook

STATUS_LABELS_ALL = {**STATUS_LABELS, DUPLICATE: "重複"}
STATUS_COLOURS = {SUBMITTED: JUDGEMENT_COLOURS["順調"], RETURNED: JUDGEMENT_COLOURS["遅れ"],
                  MISSING: JUDGEMENT_COLOURS["未報告"]}


def file_status_label(outcome: FileOutcome) -> str:
    """受理 / 差し戻し / 差し戻し（解決済み） / 重複 / 対象外 / 無視."""
    label = STATUS_LABELS_ALL.get(outcome.status, outcome.status)
    return label + "（解決済み）" if outcome.resolved else label


def field_labels(plan: Plan) -> dict[tuple[str, str], str]:
    """(kind, field key) → the header label the section saw (「進捗状況」, 「実績値」 …)."""
    labels = {("item", c.key): c.label for c in layout.ITEM_COLUMNS}
    labels |= {("kpi", c.key): c.label for c in layout.kpi_columns(plan.baseline_year, plan.end_year)}
    return labels


def _workbook(path: Path, created: datetime | None) -> tuple[Workbook, Styles]:
    wb = new_workbook(path)
    if created is not None:  # stable bytes for the same inputs
        wb.set_properties({"created": created})
    return wb, Styles(wb)


def write_receipt(plan: Plan, batch: BatchOutcome, path: str | Path, created: datetime | None = None) -> Path:
    """受付結果: sheets 課別, ファイル別, 指摘事項."""
    path = Path(path)
    wb, st = _workbook(path, created)
    title = f"{format_fiscal_year(batch.year)} 受付結果"

    # 課別: every expected section.
    ws = wb.add_worksheet("課別")
    headers = ["課名", "状況", "採用したファイル／最新のファイル", "受付日時", "エラー", "警告"]
    widths = [14, 10, 52, 17, 8, 8]
    _sheet_top(ws, st, f"{title}（課別）", f"提出済 {sum(batch.status.status == SUBMITTED)} 課・"
               f"差し戻し {sum(batch.status.status == RETURNED)} 課・未提出 {sum(batch.status.status == MISSING)} 課"
               f"（全 {len(batch.status)} 課）", headers, widths)
    status_formats = {status: wb.add_format({"font_name": FONT, "font_size": FONT_SIZE, "valign": "top",
                                             "border": 1, "border_color": "#808080", "bg_color": colour})
                      for status, colour in STATUS_COLOURS.items()}
    for r, row in enumerate(batch.status.itertuples(index=False), start=3):
        ws.write_string(r, 0, row.section, st.text)
        ws.write_string(r, 1, row.status, status_formats[row.status])
        ws.write_string(r, 2, row.file or "", st.wrap)
        ws.write_string(r, 3, display_datetime(row.received_at), st.text)
        ws.write_number(r, 4, int(row.errors), st.count)
        ws.write_number(r, 5, int(row.warnings), st.count)
        ws.set_row(r, row_height([(row.file or "", widths[2])]))
    setup_print(ws, plan_name=plan.name, title=title, repeat=(2, 2))

    # ファイル別: every file of this batch.
    ws = wb.add_worksheet("ファイル別")
    headers = ["ファイル", "判定", "課名（調査票の記録）", "調査票の年度", "形式", "エラー", "警告", "受付日時", "内容のハッシュ（先頭12桁）"]
    widths = [46, 12, 14, 12, 8, 7, 7, 17, 16]
    _sheet_top(ws, st, f"{title}（ファイル別）", f"今回読み込んだファイル {len(batch.files)} 件", headers, widths)
    for r, f in enumerate(batch.files, start=3):
        res = f.result
        errors = sum(p.severity.value == "error" for p in f.problems)
        warnings = len(f.problems) - errors
        values = [res.name, file_status_label(f), res.section or "",
                  format_fiscal_year(res.year) if res.year else "", res.real_format or ""]
        for c, v in enumerate(values):
            ws.write_string(r, c, v, st.wrap if c == 0 else st.text)
        ws.write_number(r, 5, errors, st.count)
        ws.write_number(r, 6, warnings, st.count)
        ws.write_string(r, 7, display_datetime(f.received_at), st.text)
        ws.write_string(r, 8, res.sha256[:12], st.text)
        ws.set_row(r, row_height([(res.name, widths[0])]))
    setup_print(ws, plan_name=plan.name, title=title, repeat=(2, 2))

    # 指摘事項: every problem with its place.
    ws = wb.add_worksheet("指摘事項")
    headers = ["ファイル", "課名", "コード", "区分", "シート", "セル", "内容と直し方"]
    widths = [30, 12, 7, 6, 9, 6, 62]
    issues = [(f, p) for f in batch.files for p in f.problems]
    _sheet_top(ws, st, f"{title}（指摘事項）", f"指摘 {len(issues)} 件（エラーは差し戻し、警告は受理して記録）",
               headers, widths)
    for r, (f, p) in enumerate(issues, start=3):
        values = [f.result.name, f.result.section or "", p.code, p.severity.label, p.sheet or "", p.cell or "", p.message]
        for c, v in enumerate(values):
            ws.write_string(r, c, v, st.wrap if c in (0, 6) else st.text)
        ws.set_row(r, row_height([(f.result.name, widths[0]), (p.message, widths[6])]))
    if issues:
        ws.autofilter(2, 0, 2 + len(issues), len(headers) - 1)
    setup_print(ws, plan_name=plan.name, title=title, repeat=(2, 2))
    wb.close()
    return path


def answers_table(plan: Plan, answers: pd.DataFrame) -> pd.DataFrame:
    """The long table with Japanese headers and labels, in plan order (as in 回答一覧)."""
    labels = field_labels(plan)
    order = {i.id: n for n, i in enumerate(plan.items)} | {k.id: 1000 + n for n, k in enumerate(plan.kpis)}
    df = answers.copy()
    df["_order"] = df["id"].map(order).fillna(9999)
    df["_section"] = df["section"].map({s: n for n, s in enumerate(plan.sections)})
    df = df.sort_values(["year", "_section", "_order"], kind="stable")
    out = pd.DataFrame({
        JA_HEADERS["year"]: df["year"].map(format_fiscal_year),
        JA_HEADERS["section"]: df["section"],
        JA_HEADERS["kind"]: df["kind"].map(KIND_LABELS),
        JA_HEADERS["id"]: df["id"],
        JA_HEADERS["field"]: [labels.get((k, f), f) for k, f in zip(df["kind"], df["field"])],
        JA_HEADERS["value"]: df["value"],
        JA_HEADERS["raw"]: df["raw"],
        JA_HEADERS["file"]: df["file"],
        JA_HEADERS["sheet"]: df["sheet"],
        JA_HEADERS["cell"]: df["cell"],
    })
    out.attrs["rate_rows"] = [plan.kpi(i).is_rate if k == "kpi" and f == "actual" else False
                              for k, i, f in zip(df["kind"], df["id"], df["field"])]
    return out.reset_index(drop=True)


def write_answers(plan: Plan, year: int, answers: pd.DataFrame, path: str | Path,
                  created: datetime | None = None) -> Path:
    """回答一覧: one row per answered cell, normalised value beside the text as typed."""
    path = Path(path)
    table = answers_table(plan, answers)
    wb, st = _workbook(path, created)
    ws = wb.add_worksheet("回答一覧")
    widths = [11, 12, 9, 7, 18, 30, 30, 34, 9, 6]
    _sheet_top(ws, st, f"{format_fiscal_year(year)} 回答一覧",
               "受理したファイルの回答（各課の最新のもの）。値は正規化済み（割合は小数、金額は円）、入力値（原文）は入力どおり。",
               list(table.columns), widths)
    rates = table.attrs["rate_rows"]
    for r, row in enumerate(table.itertuples(index=False), start=3):
        for c, v in enumerate(row):
            if c == 5 and isinstance(v, (int, float)) and not isinstance(v, bool) and not pd.isna(v):
                ws.write_number(r, c, v, st.percent if rates[r - 3] else st.decimal)
            else:
                ws.write_string(r, c, "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v),
                                st.wrap if c in (5, 6, 7) else st.text)
        ws.set_row(r, row_height([(row[5] if isinstance(row[5], str) else "", widths[5]),
                                  (row[6] or "", widths[6]), (row[7] or "", widths[7])]))
    ws.autofilter(2, 0, 2 + max(len(table), 1), len(table.columns) - 1)
    setup_print(ws, plan_name=plan.name, title=f"{format_fiscal_year(year)} 回答一覧",
                repeat=(2, 2))
    wb.close()
    return path


def _sheet_top(ws, st: Styles, title: str, note: str, headers: list[str], widths: list[float]) -> None:
    ws.write_string(0, 0, title, st.title)
    ws.write_string(1, 0, note, st.subtitle)
    ws.set_row(0, 26)
    for c, (h, w) in enumerate(zip(headers, widths)):
        ws.write_string(2, c, h, st.header)
        ws.set_column(c, c, w)
    ws.set_row(2, 30)
    ws.freeze_panes(3, 0)
