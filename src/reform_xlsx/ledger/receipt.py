"""The intake's own workbooks: 「受付結果」 (what happened to every file and section) and
「回答一覧」 (the merged, normalised answers as one long table).

Both are written with xlsxwriter; user text is always written as text.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
from xlsxwriter.workbook import Workbook

from reform_xlsx import outputs
from reform_xlsx.form.layout import FORM_REVIEW
from reform_xlsx.intake.result import SUBMITTED_FROM_LABELS
from reform_xlsx.ledger.outcome import BatchOutcome
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import LATE, SUBMITTED_AT_RULE, deadlines_text, local_time, respondent_text, status_counts_line
from reform_xlsx.wareki import display_datetime, format_fiscal_year
from reform_xlsx.xlsx.answer_table import COLUMNS, answer_table, write_answer_table
from reform_xlsx.xlsx.sizing import row_height
from reform_xlsx.xlsx.style import Styles, paginate_table, setup_page, write_subtitle
from reform_xlsx.xlsx.workbook import new_workbook


def _workbook(path: Path, plan: Plan, created: datetime | None) -> tuple[Workbook, Styles]:
    wb = new_workbook(path)
    if created is not None:  # stable bytes for the same inputs
        wb.set_properties({"created": created})
    return wb, Styles(wb, plan.grades)


def write_receipt(plan: Plan, batch: BatchOutcome, path: str | Path, created: datetime | None = None) -> Path:
    """受付結果: sheets 課別, ファイル別, 指摘事項."""
    path = Path(path)
    wb, st = _workbook(path, plan, created)
    title = f"{format_fiscal_year(batch.year)} 受付結果"

    # 課別: every expected section.
    ws = wb.add_worksheet(outputs.RECEIPT_SHEETS[0])
    headers = ["課名", "状況", "採用したファイル／最新のファイル", "提出日時", "期限", "回答者（担当者・内線）", "エラー", "警告"]
    widths = [13, 9, 40, 16, 8, 30, 7, 7]
    setup_page(ws, left=plan.words.title, right=title, repeat=(2, 2))
    deadline = deadlines_text(batch.status.to_dict("records"))
    note = status_counts_line(batch.sections)
    if deadline:
        note += (f"　提出期限 {deadline}"
                 f"（提出日時は各課が最初に送ったファイルの{SUBMITTED_AT_RULE}）")
    _sheet_top(ws, st, f"{title}（課別）", note, headers, widths)
    heights = []
    for r, row in enumerate(batch.status.itertuples(index=False), start=3):
        who = respondent_text(row.respondent)
        ws.write_string(r, 0, row.section, st.wrap)  # 「教育委員会事務局」 and longer: wrapped, not cut by the next column
        ws.write_string(r, 1, row.status, st.status_cells[row.status])
        ws.write_string(r, 2, row.file or "", st.wrap)
        ws.write_string(r, 3, display_datetime(row.submitted_at), st.text)
        ws.write_string(r, 4, row.timeliness or "", st.late if row.timeliness == LATE else st.center)
        ws.write_string(r, 5, who, st.wrap)
        ws.write_number(r, 6, int(row.errors), st.count)
        ws.write_number(r, 7, int(row.warnings), st.count)
        heights.append(row_height([(row.section, widths[0]), (row.file or "", widths[2]), (who, widths[5])],
                                  minimum=18))
        ws.set_row(r, heights[-1])
    paginate_table(ws, heights, 3, tuple(widths), top=TOP_HEIGHT, header=HEADER_HEIGHT)

    # ファイル別: every file of this batch.
    ws = wb.add_worksheet(outputs.RECEIPT_SHEETS[1])
    # broken where a reader would (the cell broke 「課名（調査票」「の記録）」 and 「調査票の年」「度」)
    headers = ["ファイル", "判定", "課名\n（調査票の記録）", "調査票の\n年度", "形式", "エラー", "警告", "提出日時（根拠）",
               "期限", "受付日時", "内容のハッシュ\n（先頭12桁）"]
    widths = [25, 20, 16, 11, 7, 7, 7, 23, 8, 16, 14]  # 「差し戻し（解決済み）」「（ファイルの更新日時）」「（調査票の記録）」 on one line (a file name wraps)
    setup_page(ws, left=plan.words.title, right=title, repeat=(2, 2))
    _sheet_top(ws, st, f"{title}（ファイル別）", f"今回読み込んだファイル {len(batch.files)} 件", headers, widths)
    heights = []
    for r, f in enumerate(batch.files, start=3):
        res = f.result
        section = res.section or ("（推進室評価シート）" if res.form == FORM_REVIEW else "")
        submitted = display_datetime(local_time(f.submitted_at))
        if submitted and f.submitted_from in SUBMITTED_FROM_LABELS:
            submitted += f"\n（{SUBMITTED_FROM_LABELS[f.submitted_from]}）"
        values = [res.name, f.status_label, section, format_fiscal_year(res.year) if res.year else "", res.real_format or ""]
        for c, v in enumerate(values):
            ws.write_string(r, c, v, st.wrap if c in (0, 1, 2) else st.text)
        ws.write_number(r, 5, f.errors, st.count)
        ws.write_number(r, 6, f.warnings, st.count)
        ws.write_string(r, 7, submitted, st.wrap)
        ws.write_string(r, 8, f.timeliness, st.late if f.timeliness == LATE else st.center)
        ws.write_string(r, 9, display_datetime(f.received_at), st.text)
        ws.write_string(r, 10, res.sha256[:12], st.text)
        heights.append(row_height([(res.name, widths[0]), (f.status_label, widths[1]), (section, widths[2]),
                                   (submitted, widths[7])], minimum=18))
        ws.set_row(r, heights[-1])
    paginate_table(ws, heights, 3, tuple(widths), top=TOP_HEIGHT, header=HEADER_HEIGHT)

    # 指摘事項: every problem with its place; those of rejections since corrected come last, marked.
    ws = wb.add_worksheet(outputs.RECEIPT_SHEETS[2])
    headers = ["ファイル", "課名", "コード", "区分", "シート", "セル", "内容と直し方", "状態"]
    widths = [26, 11, 7, 6, SHEET_WIDTH, 6, 66, 9]
    issues = [(f, p) for f in batch.files if not f.resolved for p in f.problems]
    settled = [(f, p) for f in batch.files if f.resolved for p in f.problems]
    setup_page(ws, left=plan.words.title, right=title, repeat=(2, 2))
    note = f"指摘 {len(issues)} 件（エラーは差し戻し、警告は受理して記録）"
    if settled:
        note += f"。ほかに、その後に直したファイルを受理した差し戻しの指摘 {len(settled)} 件（状態「解決済み」、表の最後）"
    _sheet_top(ws, st, f"{title}（指摘事項）", note, headers, widths)
    heights = []
    for r, (f, p) in enumerate(issues + settled, start=3):
        values = [f.result.name, f.result.section or "", p.code, p.severity.label, p.sheet or "", p.cell or "", p.message,
                  RESOLVED if f.resolved else ""]
        for c, v in enumerate(values):
            fmt = st.wrap if c in (0, 1, 4, 6) else st.text  # a sheet name wider than its column wraps, never cut
            ws.write_string(r, c, v, st.muted if f.resolved and c != 6 else fmt)
        heights.append(row_height([(f.result.name, widths[0]), (f.result.section or "", widths[1]),
                                   (p.sheet or "", widths[4]), (p.message, widths[6])], minimum=18))
        ws.set_row(r, heights[-1])
    issues = issues + settled
    if issues:
        ws.autofilter(2, 0, 2 + len(issues), len(headers) - 1)
    else:  # said under the header: an empty header band printed alone looked like a table that failed to print
        ws.write_string(3, 0, NO_ISSUES, st.across("first"))  # one box the table's width
        for c in range(1, len(headers)):
            ws.write_blank(3, c, None, st.across("last" if c == len(headers) - 1 else "middle"))
        heights.append(18)
        ws.set_row(3, heights[-1])
    paginate_table(ws, heights, 3, tuple(widths), top=TOP_HEIGHT, header=HEADER_HEIGHT)
    wb.close()
    return path


def write_answers(plan: Plan, year: int, answers: pd.DataFrame, path: str | Path,
                  created: datetime | None = None) -> Path:
    """回答一覧: one row per answered cell, normalised value beside the text as typed."""
    path = Path(path)
    wb, st = _workbook(path, plan, created)
    ws = wb.add_worksheet(outputs.ANSWERS_SHEET)
    title = f"{format_fiscal_year(year)} 回答一覧"
    ws.write_string(0, 0, title, st.title)
    ws.set_row(0, 26)
    # within the table's width (docs/merge.md says the rest): a note running far to the right of the table made
    # LibreOffice print the whole width it covered — the table at half size, its text at 5.5 pt
    ws.write_string(1, 0, ANSWERS_NOTE, st.subtitle)
    columns = tuple(c for c in COLUMNS if c.key != "year")  # one year: it is in the title
    setup_page(ws, left=plan.words.title, right=title, repeat=(2, 2))
    end = write_answer_table(ws, st, answer_table(plan, answers), top=2, columns=columns, above=TOP_HEIGHT)
    ws.print_area(0, 0, max(end - 1, 2), len(columns) - 1)
    ws.freeze_panes(3, 0)
    wb.close()
    return path


SHEET_WIDTH = 13  # 指摘事項's シート: 「意見への対応」「推進室評価」 (the longest names the forms have) on one line
TOP_HEIGHT, HEADER_HEIGHT = 26.0 + 15.0, 30.0  # title and note rows; the header row (repeats)
ANSWERS_NOTE = ("受理した回答（各課の最新のファイル）。値は正規化済み（割合は小数、金額は円）、入力値（原文）はセルの内容の"
                "まま。推進室評価は評価シートで記入したセル。")
RESOLVED = "解決済み"
NO_ISSUES = "指摘事項はありません。"


def _sheet_top(ws, st: Styles, title: str, note: str, headers: list[str], widths: list[float]) -> None:
    ws.write_string(0, 0, title, st.title)
    write_subtitle(ws, st, 1, note, widths)  # 提出期限 of sections given another day: wrapped across the table, not cut
    ws.set_row(0, 26)
    for c, (h, w) in enumerate(zip(headers, widths)):
        ws.write_string(2, c, h, st.header)
        ws.set_column(c, c, w)
    ws.set_row(2, HEADER_HEIGHT)
    ws.freeze_panes(3, 0)
