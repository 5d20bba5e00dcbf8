"""The second year's form (令和9年度: last year's answers and word beside the inputs), as a section prints and reads it.

- The grey headers 「令和8年度 進捗状況」「令和8年度 二次評価」 broke mid-word in their narrow columns (「令和8年度 進捗状」 /
  「況」): the year is now a line of its own, the label under it, on paper too (LibreOffice PDF). A return of a form
  written before, headed on one line, reads the same.
- A long 意見 or 対応方針 on 「意見への対応」 was cut 「…（以下略、全 792 字。全文は回答一覧に）」: the section was asked to
  answer what it could not read, and 回答一覧 is the office's file. The whole text is now the cut cell's note (Excel's
  メモ, LibreOffice's コメント), and the marker says so; the page prints as before (no note on paper), the reader never
  reads notes (a note the section edits changes nothing).
"""

from __future__ import annotations

import openpyxl
import pytest

from pdf_measure import measure_pdf, read_words, render_pdf
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from report_sample import sample_answers, with_reviews
from sheet_reader import Table

SECTION, ITEM = "財政課", "2-2-1"
LONG = "\n".join(f"（{i}）市民への周知の方法を工夫し、利用状況を定量的に把握したうえで、目標に届かない理由を分析し、"
                 "次年度の取組に反映すること。関係課との連携を密にすること。" for i in range(1, 11))
LABELS = {"進捗状況", "取組実績", "二次評価", "意見", "対応方針", "実績値"}


def _history(plan):
    history = with_reviews(plan, sample_answers(plan, (2026,)), 2026)
    mine = (history["kind"] == "review") & (history["section"] == SECTION) & (history["id"] == ITEM)
    history = history[~(mine & history["field"].isin(["committee_opinion", "policy"]))]
    extra = history[mine].iloc[:1].copy()
    rows = [extra.assign(field="committee_opinion", value=LONG), extra.assign(field="policy", value=LONG)]
    import pandas as pd

    return pd.concat([history, *rows], ignore_index=True)


@pytest.fixture(scope="module")
def form(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("second-year")
    path, = write_templates(plan, 2027, out, [SECTION], history=_history(plan))
    return path


def _answers(plan, response: bool = True) -> dict:
    items = {i.id: {"進捗状況": "B 概ね計画どおり", "取組実績": "進めた。", "課題・今後の方針": "続ける。"}
             for i in plan.items_for(SECTION, 2027)}
    items[layout.RESPONDENT_ID] = {"担当者": "担当", "内線": "1000"}
    out = {layout.SHEET_ITEMS: items,
           layout.SHEET_KPI: {k.id: {"実績値": k.target} for k in plan.kpis_for(SECTION, 2027)}}
    if response:
        out[layout.SHEET_RESPONSES] = {ITEM: {"意見への対応": "周知の方法を見直した。"}}
    return out


def test_the_grey_headers_put_the_year_on_a_line_of_its_own(form):
    wb = openpyxl.load_workbook(form)
    for sheet in (layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES):
        grey = [c.value for c in wb[sheet][layout.HEADER_ROW + 1] if layout.parse_history_label(c.value)]
        assert grey and all(v.startswith("令和8年度\n") and v.split("\n")[1] in LABELS for v in grey), (sheet, grey)


def test_the_grey_headers_print_whole_words(soffice, form, tmp_path):
    """On paper each 「令和8年度」 has its label whole on the line under it (not 「令和8年度 進捗状」 / 「況」)."""
    pdf = render_pdf(form, tmp_path)
    doc = measure_pdf(pdf, form)
    pages = read_words(pdf)
    seen = set()
    for page in doc.pages:
        if page.sheet not in (layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES):
            continue
        words = pages[page.number - 1][2]
        for year in (w for w in words if w.text == "令和8年度"):
            centre = (year.x0 + year.x1) / 2
            below = [w for w in words if 3 < w.y0 - year.y0 < 15 and abs((w.x0 + w.x1) / 2 - centre) < 3]  # next line
            assert [w.text for w in below if w.text in LABELS], (page.number, page.sheet, [w.text for w in below])
            seen |= {(page.sheet, w.text) for w in below}
        assert not [w.text for w in words if w.text in ("進捗状", "二次評", "取組実", "対応方")], page.number
    assert {s for s, _ in seen} == {layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES}


def test_a_return_of_a_form_headed_on_one_line_reads_the_same(plan, form, tmp_path):
    """Forms written before this change head the grey columns 「令和8年度 進捗状況」 on one line: read alike."""
    filled = tmp_path / "new.xlsx"
    fill_template(form, _answers(plan), filled)
    old = tmp_path / "old.xlsx"
    wb = openpyxl.load_workbook(filled)
    for ws in (wb[s] for s in (layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_RESPONSES)):
        for cell in ws[layout.HEADER_ROW + 1]:
            if layout.parse_history_label(cell.value):
                cell.value = cell.value.replace("\n", " ")
                assert cell.value.startswith("令和8年度 ")
    wb.save(old)
    new_read, old_read = read_return(filled, plan, 2027), read_return(old, plan, 2027)
    assert [(p.code, p.sheet, p.cell) for p in old_read.problems] == [(p.code, p.sheet, p.cell) for p in new_read.problems]
    assert [(a.kind, a.id, a.field, a.value) for a in old_read.answers] == \
        [(a.kind, a.id, a.field, a.value) for a in new_read.answers]
    assert ("item", ITEM, "response", "周知の方法を見直した。") in {(a.kind, a.id, a.field, a.value) for a in old_read.answers}
    assert not [p for p in new_read.problems if p.severity.value == "error"]


def test_a_cut_opinion_keeps_its_whole_text_in_the_cells_note(form):
    ws = openpyxl.load_workbook(form)[layout.SHEET_RESPONSES]
    table = Table(ws, "ID")
    for label in ("令和8年度意見", "令和8年度対応方針"):
        cell = table.cell(ITEM, label)
        assert cell.value.endswith(f"（以下略、全 {len(cell.comment.text):,} 字。全文はこのセルのメモに）"), label
        assert LONG in cell.comment.text and cell.value.split("…（以下略")[0] in cell.comment.text
    assert table.cell(ITEM, "令和8年度対応方針").comment.text == LONG
    uncut = [c for row in ws.iter_rows(min_row=table.header + 1) for c in row if c.comment and "以下略" not in str(c.value)]
    assert uncut == []  # only a cut cell has a note


def test_the_note_is_not_printed_and_libreoffice_keeps_it(soffice, form, tmp_path):
    from lo_fill import fill, require_uno

    pdf = render_pdf(form, tmp_path)
    text = "".join(w.text for _, _, words in read_words(pdf) for w in words)
    assert "全文はこのセルのメモに" in text
    assert "（10）市民への周知" not in text  # the note's end is not on paper
    require_uno()
    saved = tmp_path / "lo.xlsx"
    fill(form, saved, {})  # opened and saved by LibreOffice Calc, as a section may
    cell = Table(openpyxl.load_workbook(saved)[layout.SHEET_RESPONSES], "ID").cell(ITEM, "令和8年度対応方針")
    assert cell.comment is not None and cell.comment.text.replace("\r\n", "\n") == LONG


def test_the_reader_ignores_the_notes_even_edited(plan, form, tmp_path):
    filled = tmp_path / "filled.xlsx"
    fill_template(form, _answers(plan), filled)
    edited = tmp_path / "edited.xlsx"
    wb = openpyxl.load_workbook(filled)
    cell = Table(wb[layout.SHEET_RESPONSES], "ID").cell(ITEM, "令和8年度意見")
    cell.comment = openpyxl.comments.Comment("=HYPERLINK(\"http://x\") 課が書き換えたメモ", "課")
    wb.save(edited)
    first, second = read_return(filled, plan, 2027), read_return(edited, plan, 2027)
    assert [(p.code, p.cell) for p in second.problems] == [(p.code, p.cell) for p in first.problems]
    assert [(a.id, a.field, a.value) for a in second.answers] == [(a.id, a.field, a.value) for a in first.answers]
    assert {p.code for p in first.problems if p.sheet == layout.SHEET_RESPONSES} == {"V020"}  # the rows left blank
