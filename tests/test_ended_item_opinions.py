"""An item a plan revision ends the year its opinion is given still gets its answer (docs/template-spec.md §4.1):
財政課's 1-1-4 got a committee opinion and a 対応方針 in 令和8年度, and the revision of 令和9年度 ended 1-1-4 in 令和8年度.
The 令和9年度 form of 財政課 asked nothing about it, so no answer to that 対応方針 was ever collected or published.
Now its 「意見への対応」 sheet has a row for 1-1-4, marked 【令和8年度で終了】; the answer is read, recorded, and shown in
the packet's and 公表用's 二次評価・意見 and the 公表用 CSV like any other — and nothing counts the ended item as 未回答."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from office_word import answers, form_of, revise, run_cli, worded_first_year
from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.templates.fill import fill_template
from sheet_reader import Table

ITEM, SECTION = "1-1-4", "財政課"
COMMITTEE = "電子入札の効果を事業者アンケートで確かめること。"
POLICY = "令和9年度に事業者アンケートを行い、結果を公表する。"
RESPONSE = "令和9年6月に事業者アンケートを行い、回答の8割が手続の簡素化を評価した。結果を市のサイトに載せた。"


@pytest.fixture
def ended(workdir, capsys):
    """令和8年度: 財政課 answers, the office gives 1-1-4 a committee opinion and a 対応方針; the revision of 令和9年度
    (plan export → the master edited → plan import) ends 1-1-4 in 令和8年度."""
    db = "reform.db"
    worded_first_year(workdir, capsys, (SECTION,), ITEM, SECTION, COMMITTEE, POLICY)
    revise(workdir, capsys, db, "電子入札は令和8年度で完了", lambda m: {m.cell(ml.ITEMS, "ID", ITEM, "終了年度"): "R8"})
    plan9 = ledger_plan(workdir / db, None, 2027)
    assert not plan9.item(ITEM).active_in(2027) and ITEM not in {i.id for i in plan9.items_for(SECTION, 2027)}
    assert run_cli(["templates", "--year", "R9", "--section", SECTION, "--out", "t9", "--db", db], capsys) == 0
    return workdir, plan9


def test_an_ended_items_opinion_is_asked_answered_and_published(ended, capsys):
    root, plan9 = ended
    form = form_of(root / "t9", SECTION)
    wb = openpyxl.load_workbook(form)
    assert layout.SHEET_RESPONSES in wb.sheetnames
    responses = Table(wb[layout.SHEET_RESPONSES], "ID")
    assert ITEM in responses.rows
    assert responses.value(ITEM, "改革項目") == f"{plan9.item(ITEM).name}\n【令和8年度で終了】"
    assert responses.value(ITEM, "令和8年度意見") == f"【推進委員会】{COMMITTEE}"
    assert responses.value(ITEM, "令和8年度対応方針") == POLICY
    assert not responses.cell(ITEM, "意見への対応").protection.locked
    assert ITEM not in Table(wb[layout.SHEET_ITEMS], "ID").rows  # nothing else is asked of the ended item

    inbox = root / "in9"
    fill_template(form, answers(plan9, SECTION, 2027, {ITEM: {"意見への対応": RESPONSE}}), inbox / f"{SECTION}.xlsx")
    read = read_return(inbox / f"{SECTION}.xlsx", plan9, 2027)
    assert [p.code for p in read.problems if p.sheet == layout.SHEET_RESPONSES] == []
    assert [(a.id, a.value) for a in read.answers if a.field == "response"] == [(ITEM, RESPONSE)]
    run_cli(["merge", "in9", "--year", "R9", "--out", "o9", "--db", "reform.db", "--public"], capsys)

    for workbook in (outputs.meeting(plan9.words, 2027), outputs.public(plan9.words, 2027)):
        sheet = pd.read_excel(root / "o9" / workbook, sheet_name="二次評価・意見", header=None, engine="calamine",
                              dtype=object)
        header = next(n for n, r in enumerate(sheet.itertuples(index=False)) if r[0] == "ID")
        labels = [str(label).replace("\n", "") for label in sheet.iloc[header]]  # (a narrow heading on two lines)
        row = next(r for _, r in sheet.iloc[header + 1:].iterrows() if r.iloc[0] == ITEM)
        assert row.iloc[labels.index("担当課")] == SECTION
        assert row.iloc[labels.index("改革項目")] == f"{plan9.item(ITEM).name}\n【令和8年度で終了】"
        assert row.iloc[labels.index("意見への対応（課）")] == RESPONSE
        assert row.iloc[labels.index("前年度の意見・対応方針")] == f"【推進委員会】{COMMITTEE}\n【対応方針】{POLICY}"

    csv = pd.read_csv(root / "o9" / outputs.public_csv(plan9.words, 2027, "items"), encoding="utf-8-sig", dtype=str)
    line = csv[(csv["改革項目ID"] == ITEM) & (csv["担当課"] == SECTION)]
    assert len(line) == 1
    assert line.iloc[0]["回答状況"] == "終了" and line.iloc[0]["意見への対応"] == RESPONSE
    assert pd.isna(line.iloc[0]["進捗状況"])  # never said 未回答: nothing else was asked

    # the ended item is asked nothing else: no 未回答 row in the items' list, the counts as before
    meeting = root / "o9" / outputs.meeting(plan9.words, 2027)
    items = pd.read_excel(meeting, sheet_name=f"{plan9.words.item}一覧", header=None, engine="calamine", dtype=object)
    assert not items.isin([ITEM]).any().any()


def test_after_a_reorganisation_the_successor_section_answers_for_an_ended_item(plan, tmp_path):
    """財政課 became 財務課 in 令和9年度, the year 1-1-4 (財政課's, with a 対応方針 in 令和8年度) ended: 財務課's form asks
    about it, and its answer is read as 財務課's."""
    from dataclasses import replace

    from reform_xlsx.form import content as tc
    from reform_xlsx.plan.model import SectionMove
    from reform_xlsx.templates import write_templates

    def renamed(name: str) -> str:
        return "財務課" if name == SECTION else name

    areas = tuple(replace(a, categories=tuple(replace(c, items=tuple(
        replace(i, sections=tuple(renamed(s) for s in i.sections), end=2026 if i.id == ITEM else i.end)
        for i in c.items)) for c in a.categories)) for a in plan.areas)
    now = replace(plan, areas=areas, kpis=tuple(replace(k, owner=renamed(k.owner)) for k in plan.kpis),
                  sections=tuple(renamed(s) for s in plan.sections), moves=(SectionMove(2027, SECTION, "財務課"),))
    history = pd.DataFrame([(2026, SECTION, "item", ITEM, "grade", "B"), (2026, SECTION, "review", ITEM, "policy", POLICY),
                            (2026, SECTION, "review", ITEM, "review_grade", "B")],
                           columns=["year", "section", "kind", "id", "field", "value"])
    sheet = next(s for s in tc.section_content(now, 2027, "財務課", history) if s.name == layout.SHEET_RESPONSES)
    (row,) = [r for r in sheet.rows if r.id == ITEM]
    assert row.values["name"].endswith("\n【令和8年度で終了】") and row.values["R8.policy"] == POLICY
    assert row.values["R8.grade"] == "B 概ね計画どおり"

    form, = write_templates(now, 2027, tmp_path / "t9", ["財務課"], history=history)
    filled = tmp_path / "filled.xlsx"
    fill_template(form, answers(now, "財務課", 2027, {ITEM: {"意見への対応": RESPONSE}}), filled)
    read = read_return(filled, now, 2027)
    assert [p.code for p in read.problems if p.severity.value == "error"] == []
    assert [(a.section, a.id, a.value) for a in read.answers if a.field == "response"] == [("財務課", ITEM, RESPONSE)]
