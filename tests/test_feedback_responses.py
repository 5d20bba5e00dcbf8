"""A 差し戻し copy keeps the section's 「意見への対応」 (docs/merge.md): the copy is the form filled with what the section
sent, and its 意見への対応 sheet had the answer left out — the section fixed the red cell, sent the copy back as the
guide tells it to ("記入し直す必要はありません"), and its answer to the committee's opinion was gone, with no more
than a V020 warning. Also when the file was a form of the plan before the revision that ended the item (M003): the
copy on the current form keeps the answer on the ended item's row."""

from __future__ import annotations

import openpyxl
import pytest

from office_word import answers, form_of, revise, run_cli, worded_first_year
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.templates.fill import fill_template
from sheet_reader import Table

ITEM, SECTION = "1-1-4", "財政課"
RESPONSE = "=事業者アンケートを令和9年6月に行い、結果を公表した。"  # starts with = : stays a text


@pytest.fixture
def worded(workdir, capsys):
    """令和8年度: 財政課 answers; the committee's opinion and a 対応方針 on 1-1-4; 令和9年度's form of 財政課."""
    plan8 = worded_first_year(workdir, capsys, (SECTION,), ITEM, SECTION, "電子入札の効果を確かめること。",
                              "事業者アンケートを行う。")
    assert run_cli(["templates", "--year", "R9", "--section", SECTION, "--out", "t9", "--db", "reform.db"],
                   capsys) == 0
    return workdir, plan8


def _copied_response(root) -> object:
    (copy,) = (root / "o9" / "差し戻し").glob("*.xlsx")
    return Table(openpyxl.load_workbook(copy)[layout.SHEET_RESPONSES], "ID").value(ITEM, "意見への対応")


def test_a_copy_sent_back_keeps_the_sections_answer_to_last_years_word(worded, capsys):
    root, plan = worded
    sent = answers(plan, SECTION, 2027, {ITEM: {"意見への対応": RESPONSE}})
    sent[layout.SHEET_ITEMS][ITEM]["進捗状況"] = "Z 不明"  # an error: the file is sent back
    fill_template(form_of(root / "t9", SECTION), sent, root / "in9" / f"{SECTION}.xlsx")
    assert main(["merge", "in9", "--year", "R9", "--out", "o9", "--db", "reform.db"]) == 1
    capsys.readouterr()
    assert _copied_response(root) == RESPONSE


def test_a_form_of_the_plan_before_the_item_ended_is_copied_with_its_answer_on_the_ended_items_row(worded, capsys):
    """The 令和9年度 form was made before the revision that ended 1-1-4 in 令和8年度 (M003): 1-1-4's 取組状況 is not
    copied (the current form has no such row), its 意見への対応 is (the current form asks it)."""
    root, plan8 = worded
    revise(root, capsys, "reform.db", "電子入札は令和8年度で完了", lambda m: {m.cell(ml.ITEMS, "ID", ITEM, "終了年度"): "R8"})
    fill_template(form_of(root / "t9", SECTION), answers(plan8, SECTION, 2027, {ITEM: {"意見への対応": RESPONSE}}),
                  root / "in9" / f"{SECTION}.xlsx")
    assert main(["merge", "in9", "--year", "R9", "--out", "o9", "--db", "reform.db"]) == 1
    assert "M003" in capsys.readouterr().out
    assert _copied_response(root) == RESPONSE
    (copy,) = (root / "o9" / "差し戻し").glob("*.xlsx")
    guide = "".join(str(c.value) for row in openpyxl.load_workbook(copy)["エラー一覧"].iter_rows() for c in row if c.value)
    assert f"現在の版の調査票にない行（{ITEM}）の内容は、写していません。" in guide  # its 取組状況
    assert f"ただし、{ITEM} の「意見への対応」は、「意見への対応」シートに写しました。" in guide
