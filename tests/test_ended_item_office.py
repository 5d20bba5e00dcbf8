"""What the office and the sections see the year after a plan revision ended an item (docs/template-spec.md §4.1,
docs/report.md): the item has no row among the year's items, but last year's word on it still asks its section's
「意見への対応」 —

- the 令和9年度 推進室評価シート shows it in a block of its own below the year's rows (【令和8年度で終了】, the section's
  answer or 「未回答」), its office columns locked: nothing is graded there, and a word typed into it after unprotecting
  the sheet is said (A011) and not read, while the rest of the sheet is;
- a section left with nothing that year but that answer (都市計画課, whose only item 3-2-1 ended) still gets its form,
  holding the 「意見への対応」, and templates, merge, status and the 督促 all expect it back.
"""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from office_word import answers, form_of, revise, run_cli, worded_first_year
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.mail import request_draft
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.templates.fill import fill_template
from sheet_reader import header_row

ITEM, SECTION, PARTNER = "3-2-1", "都市計画課", "土木課"  # 3-2-1 is 都市計画課's only item (with 土木課)
COMMITTEE = "ボランティアの高齢化への対策を示すこと。"
POLICY = "若い世代の登録を増やす取組を検討する。"
RESPONSE = "=高校と協定を結び、生徒32人が公園ボランティアに登録した。"  # starts with = : stays a text


@pytest.fixture
def ended(workdir, capsys):
    """令和8年度: 都市計画課 and 土木課 answer 3-2-1; the committee's opinion and a 対応方針 on 都市計画課's answer;
    the revision of 令和9年度 ends 3-2-1 in 令和8年度; 令和9年度's forms are made for every section asked."""
    worded_first_year(workdir, capsys, (SECTION, PARTNER), ITEM, SECTION, COMMITTEE, POLICY)
    db = "reform.db"
    revise(workdir, capsys, db, "ボランティア協働は令和8年度で終了", lambda m: {m.cell(ml.ITEMS, "ID", ITEM, "終了年度"): "R8"})
    plan9 = ledger_plan(workdir / db, None, 2027)
    assert not plan9.items_for(SECTION, 2027) and not plan9.kpis_for(SECTION, 2027)
    assert main(["templates", "--year", "R9", "--out", "t9", "--db", db, "--deadline", "2028-05-26"]) == 0
    printed = capsys.readouterr().out
    return workdir, plan9, printed


def _review_rows(path) -> tuple[list[list[object]], dict[str, int], object]:
    """The rows under the 推進室評価シート's header (values), its labels → 0-based columns, and the sheet."""
    ws = openpyxl.load_workbook(path)[layout.SHEET_REVIEW]
    header = header_row(ws, "ID")
    labels = {str(c.value).replace("\n", ""): c.column - 1 for c in ws[header] if c.value}
    return [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1)], labels, ws


def test_a_section_asked_only_its_answer_on_an_ended_item_gets_a_form_and_is_expected(ended, capsys):
    root, plan9, printed = ended
    form = form_of(root / "t9", SECTION)
    assert f"{SECTION}は令和9年度に担当する改革項目・KPI はありませんが" in printed
    wb = openpyxl.load_workbook(form)
    assert wb.sheetnames[:3] == ["記入要領", layout.SHEET_ITEMS, layout.SHEET_RESPONSES]
    guide = "\n".join(str(c.value) for row in wb["記入要領"].iter_rows() for c in row if c.value)
    assert "令和9年度にこの課が担当する改革項目はありません（回答者の欄だけ記入します）" in guide
    # the 計画の見直し no longer says the ended item is not on the form: its 意見への対応 is
    assert f"{ITEM} {plan9.item(ITEM).name}: 令和8年度で終了しました（「意見への対応」シートで" in guide
    assert "（この調査票にはありません）" not in guide

    # merge and status expect it: 未提出 until it comes, a 督促 for it
    # (the 照会 templates recorded: 未提出 until it comes, a 督促 for it)
    assert main(["status", "--year", "R9", "--db", "reform.db", "--remind", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {s["section"]: s["status"] for s in doc["sections"]}[SECTION] == "未提出"
    reminder = root / outputs.MAIL_FOLDER / outputs.mail_draft(2027, "reminder", SECTION)
    assert reminder.is_file()

    fill_template(form, answers(plan9, SECTION, 2027, {ITEM: {"意見への対応": RESPONSE}}), root / "in9" / f"{SECTION}.xlsx")
    run_cli(["merge", "in9", "--year", "R9", "--out", "o9", "--db", "reform.db"], capsys)
    assert main(["status", "--year", "R9", "--db", "reform.db", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert {s["section"]: s["status"] for s in doc["sections"]}[SECTION] == "提出済"
    sheet = pd.read_excel(root / "o9" / outputs.meeting(plan9.words, 2027), sheet_name="二次評価・意見", header=None,
                          engine="calamine", dtype=object)
    assert sheet.isin([RESPONSE]).any().any()


def test_the_request_mail_of_such_a_section_asks_only_the_respondent_on_the_items_sheet(ended, tmp_path):
    root, plan9, _ = ended
    draft = request_draft(plan9, 2027, SECTION, form_of(root / "t9", SECTION), directory=None, deadline=None,
                          contact=None, sheets=(layout.SHEET_ITEMS, layout.SHEET_RESPONSES))
    assert "改革項目 0 件" not in draft.body
    assert "回答者欄（担当者・内線）だけ（令和9年度にこの課が担当する改革項目はありません）" in draft.body
    assert "「意見への対応」シート" in draft.body


def test_the_office_sees_an_ended_items_answer_on_its_review_sheet_and_cannot_grade_it(ended, capsys):
    root, plan9, _ = ended
    db = "reform.db"
    fill_template(form_of(root / "t9", PARTNER), answers(plan9, PARTNER, 2027), root / "in9" / f"{PARTNER}.xlsx")
    run_cli(["merge", "in9", "--year", "R9", "--out", "o9", "--db", db], capsys)
    rows, labels, ws = _review_rows(root / "o9" / outputs.review(2027))
    heading = next(n for n, r in enumerate(rows) if r[0] is None and r[labels["改革項目"]])
    assert rows[heading][labels["改革項目"]].startswith("【終了した改革項目】令和8年度の意見・対応方針への各課の対応")
    assert not ws.merged_cells.ranges  # the office can sort the table in Excel
    (ended_row,) = [r for r in rows[heading:] if r[0] == ITEM]
    assert ended_row[labels["担当課"]] == SECTION
    assert ended_row[labels["改革項目"]].endswith("【令和8年度で終了】")
    assert ended_row[labels["意見への対応（課）"]] == "未回答"  # asked, not answered yet
    assert all(r[0] != ITEM for r in rows[:heading])  # not among the year's items
    n = rows.index(ended_row)
    first = header_row(ws, "ID") + 1
    assert all(ws.cell(first + n, labels[k] + 1).protection.locked for k in ("推進室評価", "対応方針"))

    # 都市計画課 answers; the sheet shows it
    fill_template(form_of(root / "t9", SECTION), answers(plan9, SECTION, 2027, {ITEM: {"意見への対応": RESPONSE}}),
                  root / "in9" / f"{SECTION}.xlsx")
    run_cli(["merge", "in9", "--year", "R9", "--out", "o9", "--db", db], capsys)
    rows, labels, _ = _review_rows(root / "o9" / outputs.review(2027))
    (ended_row,) = [r for r in rows if r[0] == ITEM]
    assert ended_row[labels["意見への対応（課）"]] == RESPONSE

    # the office grades 土木課's 3-2-2 and, the sheet unprotected, types a 対応方針 into the ended row
    wb = openpyxl.load_workbook(root / "o9" / outputs.review(2027))
    ws = wb[layout.SHEET_REVIEW]
    first = header_row(ws, "ID") + 1
    by_id = {(r[0], r[labels["担当課"]]): first + n for n, r in enumerate(rows)}
    ws.cell(by_id[("3-2-2", PARTNER)], labels["推進室評価"] + 1).value = "B 概ね計画どおり"
    ws.cell(by_id[(ITEM, SECTION)], labels["対応方針"] + 1).value = "来年度も続ける。"
    wb.save(root / "評価.xlsx")
    run_cli(["merge", "in9", "--review", "評価.xlsx", "--year", "R9", "--out", "o9", "--db", db, "--json"], capsys)
    with Ledger(root / db) as ledger:
        reviews = ledger.answers([2027]).query("kind == 'review'")
    assert not reviews[reviews["id"].eq(ITEM)]["value"].notna().any()  # nothing read of the ended row
    assert reviews[reviews["id"].eq("3-2-2") & reviews["field"].eq("review_grade")]["value"].tolist() == ["B"]
    receipt = pd.read_excel(root / "o9" / outputs.receipt(2027), sheet_name=None, header=None, engine="calamine",
                            dtype=object)
    said = "\n".join(str(v) for frame in receipt.values() for v in frame.to_numpy().ravel() if isinstance(v, str))
    assert "A011" in said and "A002" not in said and "A007" not in said and "A012" not in said  # (the heading: merge's)
    assert "この行に記入した「来年度も続ける。」は読んでいません（ほかの行は読みました）。" in said

    # the same word, and a year's row deleted (A007: the sheet is not read): A011 does not say the other rows were
    ws.delete_rows(by_id[("3-2-2", PARTNER)])
    wb.save(root / "評価_行削除.xlsx")
    from reform_xlsx.intake import read_return

    read = read_return(root / "評価_行削除.xlsx", plan9, 2027)
    (a011,) = [p for p in read.problems if p.code == "A011"]
    assert "A007" in {p.code for p in read.problems} and "ほかの行は読みました" not in a011.message
    assert a011.message.endswith("この行に記入した「来年度も続ける。」は読んでいません。")


@pytest.mark.parametrize(("start", "end", "listed"), [(0, 9999, True), (0, 2026, False), (2028, 9999, False)])
def test_the_request_mail_counts_only_the_kpis_the_years_form_has(plan, tmp_path, start, end, listed):
    """A KPI a revision retired after 令和8年度 (or adds from 令和10年度) is not on 税務課's 令和9年度 KPI sheet: the 照会
    mail neither counts nor names it (it said 「KPI 5 件（K02・K05・…）」 of a sheet with 4)."""
    from dataclasses import replace

    now = replace(plan, kpis=tuple(replace(k, start=start, end=end) if k.id == "K05" else k for k in plan.kpis))
    form = tmp_path / "税務課.xlsx"
    draft = request_draft(now, 2027, "税務課", form, directory=None, deadline=None, contact=None)
    kpis = now.kpis_for("税務課", 2027)
    assert f"この課が報告する KPI {len(kpis)} 件（{'・'.join(k.id for k in kpis)}）" in draft.body
    assert ("K05" in draft.body) is listed


@pytest.mark.parametrize(("width", "ends", "expected"), [
    (15, (), 15),  # no ended item: the column as it is
    (15, (2026,), 20),  # 「【令和8年度で終了】」 (19 units) on one line
    (15, (2026, 2028), 21),  # 「【令和10年度で終了】」
    (15, (9999,), 15),  # not ended before the year
    (24, (2026,), 24),  # already wide enough
])
def test_a_column_of_names_holds_an_ended_items_mark_on_one_line(plan, width, ends, expected):
    from dataclasses import replace

    from reform_xlsx.form.content import response_name_width

    items = [replace(plan.item(ITEM), end=end) for end in ends]
    assert response_name_width(items, 2029, width) == expected


def test_the_ended_items_block_of_the_review_sheet_prints_its_mark_whole(ended, capsys, soffice):
    """On paper the 推進室評価シート's ended row read 「【令和8年度で終」「了】」 (the mark wrapped at the 改革項目
    column's edge, 15 units); the column holds it on one line. The section's form, whose 意見への対応 sheet had the
    same column, too."""
    from pdf_measure import measure_pdf, read_words, render_pdf

    root, plan9, _ = ended
    fill_template(form_of(root / "t9", PARTNER), answers(plan9, PARTNER, 2027), root / "in9" / f"{PARTNER}.xlsx")
    run_cli(["merge", "in9", "--year", "R9", "--out", "o9", "--db", "reform.db"], capsys)
    sheet = root / "o9" / outputs.review(2027)
    assert sheet.is_file()
    pdf = render_pdf(sheet, root / "pdf")
    doc = measure_pdf(pdf, sheet)
    assert doc.clipped == [] and min(p.min_pt for p in doc.pages) >= 8.0
    words = [w.text for _, _, page in read_words(pdf) for w in page]
    assert "【令和8年度で終了】" in words and "了】" not in words
    assert any(w.startswith("【終了した改革項目】") for w in words)

    form = form_of(root / "t9", SECTION)
    pdf = render_pdf(form, root / "pdf_form")
    doc = measure_pdf(pdf, form)
    assert doc.clipped == [] and min(p.min_pt for p in doc.pages) >= 8.0
    words = [w.text for _, _, page in read_words(pdf) for w in page]
    assert "【令和8年度で終了】" in words and "了】" not in words


def test_the_items_sheet_of_a_section_with_no_item_says_so_above_its_empty_table(ended):
    """都市計画課's 令和9年度 取組状況 has a header and no row; its note asked 「黄色のセルに令和9年度の取組を入力して
    ください…進捗状況は必須」 of a table with nothing to fill. It says there is no item and what to fill instead."""
    root, _, _ = ended
    ws = openpyxl.load_workbook(form_of(root / "t9", SECTION))[layout.SHEET_ITEMS]
    note = ws.cell(layout.NOTE_ROW + 1, 1).value
    assert note.startswith("令和9年度にこの課が担当する改革項目はありません（下の表に行はありません）。上の回答者の欄")
    assert "進捗状況は必須" not in note
    other = openpyxl.load_workbook(form_of(root / "t9", PARTNER))[layout.SHEET_ITEMS]
    assert other.cell(layout.NOTE_ROW + 1, 1).value.startswith("黄色のセルに令和9年度の取組を入力してください")
