"""The 推進室評価シート: what ``merge`` gives the office for its word on every answer.

One row per item and section (as 改革項目一覧 lists them), with the section's grade and text
locked, and pale yellow inputs for 推進室評価 (a drop-down of the plan's grades), 推進室コメント,
本部会議での意見, 推進委員会意見 (when the plan names a committee) and 対応方針 — filled with what the
ledger already holds, so that the sheet merge writes after each run is always the current record and
the office goes on where it left off. The office fills it in Excel and drops it into the inbox (or ``merge --review FILE``):
it is read like a return (:mod:`reform_xlsx.intake.review`), by its metadata (form ``review``).
Geometry: :data:`reform_xlsx.form.layout.REVIEW_COLUMNS`.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from reform_xlsx.form import layout
from reform_xlsx.form.content import grade_width, response_name, response_name_width, within
from reform_xlsx.form.layout import Column
from reform_xlsx.intake.normalise import EXCEL_MAX_TEXT, excel_length
from reform_xlsx.report.model import UNANSWERED, ReportData
from reform_xlsx.templates.validation import LINE_BREAK, fitted, grade_choices, grade_validation, prompt_fit
from reform_xlsx.templates.writer import header_text, write_lists, write_meta
from reform_xlsx.wareki import format_fiscal_year, short_fiscal_year
from reform_xlsx.xlsx.sizing import cut_to_length, row_height
from reform_xlsx.xlsx.style import PROTECT_OPTIONS, Styles, setup_page, write_note
from reform_xlsx.xlsx.workbook import GrowingRowsWorksheet, new_workbook

REVIEW_GRADE_MESSAGE = ("推進室の二次評価を、セル右の ▼ を押して一覧から選んでください。\n{choices}\n"
                        "課の自己評価と違う評価には、推進室コメントに理由を記入します。")


def grade_prompt(plan) -> str:
    """The 推進室評価 column's prompt: the grades' codes and names, or their codes alone when the names do not fit
    what Excel keeps of a prompt (the 調査票's rule: :func:`reform_xlsx.templates.validation.fitted`)."""
    return fitted(lambda codes: REVIEW_GRADE_MESSAGE.format(choices=grade_choices(plan, codes)))


INPUT_MESSAGES = {
    "office_comment": "二次評価の理由（特に課の自己評価と違うとき）や、課への助言を記入してください。",
    "hq_opinion": "{meeting}で出た、この項目への意見を記入してください。",
    "committee_opinion": "{committee}（第三者機関）から出た、この項目への意見を記入してください（公表用に載ります）。",
    "policy": "意見を受けた対応方針を記入してください（公表用に載り{onward}）。",
}
ONWARD = "、翌年度の調査票で課に示します"  # (before the plan's last year: there is no next year's form after it)


def metadata(data: ReportData, after: datetime | None = None) -> dict[str, str]:
    """The sheet's identity; its 作成日時 (:func:`made_at`) a second after ``after`` at the earliest."""
    return {
        layout.META_FORMAT_VERSION: layout.REVIEW_FORMAT_VERSION,
        layout.META_PLAN_ID: data.plan.id,
        layout.META_PLAN_VERSION: data.plan.version,
        layout.META_FISCAL_YEAR: short_fiscal_year(data.year),
        layout.META_TEMPLATE_ID: uuid.uuid4().hex,
        layout.META_CREATED: made_at(datetime.now(UTC), after).isoformat(),
        layout.META_FORM: layout.FORM_REVIEW,
    }


def made_at(now: datetime, after: datetime | None) -> datetime:
    """The 作成日時 of a sheet written at ``now`` (UTC, to the second) from a ledger whose newest file was recorded
    as received at ``after`` (local time, as the ledger keeps it): ``now``, but a second after ``after`` at the
    earliest. Both are kept to the second, and a merge writes the sheet within the second it recorded an evaluation
    in (or a second behind it, after merges back to back: :meth:`~reform_xlsx.ledger.store.Ledger.last_received`):
    the sheet is then still made after that evaluation, as it holds it — a copy of it filled with a cell cleared on
    purpose is read, not refused as a copy made before the evaluation (A010). A sheet written before a later merge
    records one keeps a time at or before that merge's, as it did. ``after`` a minute or more ahead of ``now`` is
    not followed, as :meth:`~reform_xlsx.ledger.store.Ledger._batch_time` does not (a clock set back since, or once
    set ahead): a later merge records its files at its own time, before such a 作成日時, and a copy of the sheet
    filled apart from an evaluation recorded after it was read as made after it — erasing that evaluation."""
    made = now.astimezone(UTC).replace(microsecond=0)
    if after is None:
        return made
    following = (after.replace(microsecond=0) + timedelta(seconds=1)).astimezone(UTC)
    return following if made < following <= made + timedelta(minutes=1) else made


# Column units the sheet may take: the bundled plan's first year (no 意見への対応), printed at 8.4 pt.
WIDTH_BUDGET = sum(c.width for c in layout.REVIEW_COLUMNS)
TEXT_COLUMNS = ("answer", "response", "office_comment", "hq_opinion", "committee_opinion", "policy")


def columns(data: ReportData) -> tuple[Column, ...]:
    """The sheet's columns: the locked ones, 意見への対応（課） when sections answered last year's word, the
    inputs — within :data:`WIDTH_BUDGET` (printed at 8 pt or more): a long grade name wraps in its column
    (「B 一部実施（一部に遅れ）」 on two lines), and the text columns share what is left."""
    long = grade_width(data.plan) > layout.REVIEW_GRADE_WIDTH
    ended = [data.plan.item(item_id) for item_id, _ in data.ended_asked]
    own = tuple(replace(c, wrap=True) if c.key in ("grade", "review_grade") and long else
                replace(c, width=response_name_width(ended, data.year, c.width)) if c.key == "name" else c
                for c in layout.review_columns(data.plan.words))
    locked = tuple(c for c in own if not c.input)
    inputs = tuple(c for c in own if c.input)
    answered = bool(data.items["response"].notna().any()) or bool(data.ended_asked)  # (an ended item's: asked)
    response = (layout.REVIEW_RESPONSE,) if answered else ()
    return within(locked + response + inputs, WIDTH_BUDGET, lambda c: c.key in TEXT_COLUMNS)


def _answer_text(r) -> str:
    """取組実績 and 課題・今後の方針 in one cell; two long answers together past a cell's limit (32,767
    characters) are each cut to their share and say so, never cut off at the limit without a word."""
    parts = [p for p in (f"【取組実績】{r.result}" if r.result else "",
                         f"【課題・今後の方針】{r.plan_next}" if r.plan_next else "") if p]
    text = "\n".join(parts)
    if excel_length(text) <= EXCEL_MAX_TEXT:
        return text
    return "\n".join(_cut(p, (EXCEL_MAX_TEXT - len(parts)) // len(parts)) for p in parts)


def _cut(text: str, room: int) -> str:
    return cut_to_length(text, room, f"…（以下略、全 {len(text):,} 字。全文は回答一覧）")


ENDED_GRADE = "（終了）"  # an ended item's row: nothing asked of it this year


def ended_heading(data: ReportData) -> str:
    """The line above the rows of the items that ended last year (in the 改革項目 column, the ID's left blank)."""
    item = data.plan.words.item
    return (f"{layout.REVIEW_ENDED_HEADING_MARK}{item}】{format_fiscal_year(data.year - 1)}の意見・対応方針への各課の対応"
            f"（{format_fiscal_year(data.year)}の取組はなく、推進室評価・意見は記入しません）")


def _write_ended(ws: Worksheet, st: Styles, data: ReportData, cols: tuple[Column, ...], row: int) -> None:
    """Below the year's rows, a block of each item that ended last year whose last year's word a section was asked
    to answer (:attr:`ReportData.ended_asked`): its name marked 【令和8年度で終了】, the section's 意見への対応
    (「未回答」 until it comes), and the office's columns locked and grey — it is no item of the year to grade
    (the reader skips such a row, and says so of a word typed into one: A011)."""
    if not data.ended_asked:
        return
    # one line running over the blank cells to its right, never merged (a merged cell stops Excel sorting the table)
    ws.write_string(row, 1, ended_heading(data), st.get(bold=True, valign="vcenter"))
    ws.set_row(row, 20)
    answers = {} if data.ended is None else {(r.item_id, r.section): r.response for r in data.ended.itertuples()}
    for item_id, section in data.ended_asked:
        row += 1
        response = answers.get((item_id, section))
        values = {"id": data.item_number(item_id), "name": response_name(data.plan.item(item_id), data.year), "section": section,
                  "grade": ENDED_GRADE, "answer": "", "response": response if response else UNANSWERED}
        for c, col in enumerate(cols):
            if col.input:
                ws.write_blank(row, c, None, st.locked(wrap=col.wrap))
            else:
                ws.write_string(row, c, str(values[col.key]),
                                st.locked("center" if col.key == "id" else "left", wrap=col.wrap))
        ws.set_growing_row(row, row_height([(values[c.key], c.width) for c in cols if not c.input and c.wrap],
                                           min_lines=2))


def write_review_form(data: ReportData, path: str | Path, after: datetime | None = None) -> Path:
    """Write the 推進室評価シート of ``data.year`` to ``path`` (atomically); ``after``: when the newest file of the
    ledger it is made from was received (its 作成日時 is later: :func:`made_at`)."""
    path = Path(path)
    plan = data.plan
    wb = new_workbook(path)
    st = Styles(wb, plan.grades)
    ws: Worksheet = wb.add_worksheet(layout.SHEET_REVIEW, worksheet_class=GrowingRowsWorksheet)
    cols = columns(data)
    widths = tuple(c.width for c in cols)
    for c, col in enumerate(cols):
        ws.set_column(c, c, col.width)
    fy = format_fiscal_year(data.year)
    role = plan.words.committee_role
    ws.write_string(0, 0, f"{fy} 推進室評価シート（二次評価・意見・対応方針）", st.form_title())
    ws.set_row(0, 24)
    # a plan without a committee: only the headquarters' meeting gives opinions, 公表用 has the 対応方針 alone
    meetings = (f"{plan.words.headquarters_meeting}・{role}" if plan.words.has_committee
                else plan.words.headquarters_meeting)
    published = f"{role}意見と対応方針" if plan.words.has_committee else "対応方針"
    onward = data.year < plan.end_year  # the plan's last year has no next year's form (T008: the next plan's ledger)
    note = (f"灰色は各課の回答（{fy}、受付台帳から）、黄色は{plan.office}が入力する欄です。「推進室評価」は進捗状況の段階から選び、"
            f"自己評価と違うときは理由を「推進室コメント」に書いてください。{meetings}の意見と"
            "対応方針は、会議の後に"
            "記入します。記入したら、このファイルを受信フォルダに入れて（または --review で指定して）merge を実行してください。"
            f"会議資料に二次評価と意見が、公表用に{published}が載"
            + ("り、翌年度の調査票で各課に示されます。" if onward else "ります。") +
            "このシートは merge のたびに、台帳に記録した内容を記入した状態で作り直されます。")
    header = write_note(ws, st, 1, note, sum(widths) - 2, fmt=st.get(valign="top"))
    for c, col in enumerate(cols):
        ws.write_string(header, c, header_text(col), st.form_header(col.input))
    ws.set_row(header, row_height([(c.label, c.width) for c in cols], min_lines=2))
    first = header + 1
    row = first
    for r in data.items.itertuples():
        values = {"id": data.item_number(r.item_id), "name": str(r.name), "section": r.section,
                  "grade": data.grade_display(r.grade) if r.grade is not None else UNANSWERED,
                  "answer": _answer_text(r), "response": r.response or ""}
        for c, col in enumerate(cols):
            if col.input:
                value = getattr(r, col.key)
                if col.key == "review_grade" and value is not None:
                    value = plan.grade(value).display if value in {g.code for g in plan.grades} else value
                fmt = st.input(wrap=col.wrap)
                if value is None or value == "":
                    ws.write_blank(row, c, None, fmt)
                else:
                    ws.write_string(row, c, str(value), fmt)
            else:
                align = "center" if col.key == "id" else "left"
                ws.write_string(row, c, str(values[col.key]), st.locked(align, wrap=col.wrap))
        texts = [(values[c.key], c.width) for c in cols if not c.input and c.wrap]
        texts += [(getattr(r, c.key), c.width) for c in cols if c.input and c.wrap and isinstance(getattr(r, c.key), str)]
        ws.set_growing_row(row, row_height(texts, min_lines=3))
        row += 1
    last = row - 1
    _write_ended(ws, st, data, cols, row)
    for c, col in enumerate(cols):
        if col.key == "review_grade":
            rule = grade_validation(plan)  # (its list; the words are the office's, not a section's 「必須」「記入要領」)
            rule["input_title"] = layout.review_label("review_grade")
            rule["input_message"] = grade_prompt(plan)
        elif col.input:
            rule = {"validate": "any", "input_title": col.label[:32],
                    "input_message": prompt_fit(INPUT_MESSAGES[col.key].format(
                        committee=plan.words.committee_role, meeting=plan.words.headquarters_meeting,
                        onward=ONWARD if onward else "") + LINE_BREAK)}
        else:
            continue
        if last >= first:
            ws.data_validation(first, c, last, c, rule)
    ws.freeze_panes(first, 0)  # rows only: a frozen column would cut the note lines above
    ws.protect("", PROTECT_OPTIONS)
    setup_page(ws, left=plan.name, centre=layout.SHEET_REVIEW, right=fy, repeat=(header, header), gridlines=True,
               widths=tuple(c.width for c in cols))
    write_lists(wb, plan)
    meta = metadata(data, after)
    write_meta(wb, meta)
    wb.set_properties({"title": f"{fy} 推進室評価シート", "subject": plan.name, "author": plan.office,
                       "company": plan.city, "created": data.created})
    for key, value in meta.items():
        wb.set_custom_property(key, value)
    ws.activate()
    wb.close()
    return path
