"""An item a plan revision moves to another section takes last year's word on it along (docs/template-spec.md
§4, §4.1): the committee's opinion and the 対応方針 given on the old section's answer are asked about on the
new section's 「意見への対応」 sheet — not on the old section's, which no longer has the item — and the answer
reaches the next packet's 二次評価・意見 sheet and the 公表用 CSV beside the word it answers."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from five_years import Master, apply_with_openpyxl
from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.templates.fill import fill_template
from sheet_reader import Table, header_row

ITEM, OLD, NEW = "3-2-2", "土木課", "都市計画課"
COMMITTEE = "パトロールの協力事業者を増やすこと。"
POLICY = "協力事業者の募集を行う。"
RESPONSE = "協力事業者を3社募集し、2社と協定を結んだ。"


def answers(plan, section: str, year: int, responses: dict | None = None) -> dict:
    items = {i.id: {"進捗状況": "B 概ね計画どおり", "取組実績": f"{section}が{i.id}を進めた。", "課題・今後の方針": "続ける。"}
             for i in plan.items_for(section, year)}
    items[layout.RESPONDENT_ID] = {"担当者": "担当", "内線": "1000"}
    out = {layout.SHEET_ITEMS: items}
    if plan.kpis_for(section, year):
        out[layout.SHEET_KPI] = {k.id: {"実績値": k.baseline if k.baseline is not None else 1}
                                 for k in plan.kpis_for(section, year)}
    if responses:
        out[layout.SHEET_RESPONSES] = responses
    return out


def _run(argv: list[str], capsys) -> int:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code


def _form(folder, section: str):
    return next(folder.glob(f"*_{section}.xlsx"))


def give_word(root, capsys, db: str, item: str, section: str, committee: str, policy: str) -> None:
    """The office's 推進室評価シート of 令和8年度 (in ``root``/o8) with a committee opinion and a 対応方針 on ``item`` of
    ``section``, read by merge."""
    wb = openpyxl.load_workbook(root / "o8" / outputs.review(2026))
    ws = wb[layout.SHEET_REVIEW]
    header = header_row(ws, "ID")
    labels = {str(c.value).replace("\n", ""): c.column for c in ws[header] if c.value}
    row = next(r for r in range(header + 1, ws.max_row + 1)
               if ws.cell(r, labels["ID"]).value == item and ws.cell(r, labels["担当課"]).value == section)
    ws.cell(row, labels["推進委員会意見"]).value = committee
    ws.cell(row, labels["対応方針"]).value = policy
    wb.save(root / "評価.xlsx")
    _run(["merge", "in8", "--review", "評価.xlsx", "--year", "R8", "--out", "o8", "--db", db], capsys)


def revise(root, capsys, db: str, reason: str, items) -> None:
    """A revision from 令和9年度: plan export → the master's items edited (``items(master)``: cell → value) → plan import."""
    assert _run(["plan", "export", "master.xlsx", "--db", db], capsys) == 0
    m = Master(root / "master.xlsx")
    info = {m.cell(ml.INFO, "項目", "版", "値"): "2027-03", m.cell(ml.INFO, "項目", "適用年度", "値"): "R9",
            m.cell(ml.INFO, "項目", "改訂日", "値"): "2027-03-10", m.cell(ml.INFO, "項目", "改訂の理由", "値"): reason}
    apply_with_openpyxl(root / "master.xlsx", {m.sheet(ml.INFO): info, m.sheet(ml.ITEMS): items(m)}, root / "master.xlsx")
    assert _run(["plan", "import", "master.xlsx", "--db", db], capsys) == 0


def worded_first_year(root, monkeypatch, capsys, sections: tuple[str, ...], item: str, section: str, committee: str,
                      policy: str):
    """In ``root`` (the working folder, ledger reform.db): 令和8年度's forms of ``sections`` (t8) filled and merged (o8),
    and the office's word on ``item`` of ``section`` (:func:`give_word`); the plan of 令和8年度."""
    monkeypatch.chdir(root)
    for name in ("REFORM_XLSX_PLAN", "REFORM_XLSX_DB", "REFORM_XLSX_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    db = "reform.db"
    assert _run(["templates", "--year", "R8", "--section", *sections, "--out", "t8", "--db", db,
                 "--deadline", "2027-05-28"], capsys) == 0
    plan8 = ledger_plan(root / db, None, 2026)
    for name in sections:
        fill_template(_form(root / "t8", name), answers(plan8, name, 2026), root / "in8" / f"{name}.xlsx")
    _run(["merge", "in8", "--year", "R8", "--out", "o8", "--db", db], capsys)
    give_word(root, capsys, db, item, section, committee, policy)
    return plan8


@pytest.fixture
def moved(workdir, capsys):
    """令和8年度: 土木課 answers, the office reviews 3-2-2 with a committee opinion and a 対応方針; then a plan
    revision from 令和9年度 (plan export → the master edited → plan import) gives 3-2-2 to 都市計画課."""
    db = "reform.db"
    assert _run(["templates", "--year", "R8", "--section", OLD, NEW, "--out", "t8", "--db", db,
                 "--deadline", "2027-05-28"], capsys) == 0
    plan8 = ledger_plan(workdir / db, None, 2026)
    assert ITEM in {i.id for i in plan8.items_for(OLD, 2026)} and ITEM not in {i.id for i in plan8.items_for(NEW, 2026)}
    for section in (OLD, NEW):
        fill_template(_form(workdir / "t8", section), answers(plan8, section, 2026), workdir / "in8" / f"{section}.xlsx")
    _run(["merge", "in8", "--year", "R8", "--out", "o8", "--db", db], capsys)
    give_word(workdir, capsys, db, ITEM, OLD, COMMITTEE, POLICY)
    revise(workdir, capsys, db, "道路パトロールを都市計画課へ",
           lambda m: {m.cell(ml.ITEMS, "ID", ITEM, f"{ml.SECTION_LABEL}1"): NEW})
    plan9 = ledger_plan(workdir / db, None, 2027)
    assert plan9.item(ITEM).sections == (NEW,)
    assert _run(["templates", "--year", "R9", "--out", "t9", "--db", db], capsys) == 0
    return workdir, plan9


def test_a_moved_items_opinion_is_asked_of_the_section_that_has_it_now_and_its_answer_is_shown(moved, capsys):
    root, plan9 = moved
    t9 = root / "t9"
    new = openpyxl.load_workbook(_form(t9, NEW))
    assert layout.SHEET_RESPONSES in new.sheetnames
    responses = Table(new[layout.SHEET_RESPONSES], "ID")
    assert list(responses.rows) == [ITEM]
    assert responses.value(ITEM, "令和8年度進捗状況") == f"【{OLD}】B 概ね計画どおり"  # whose grade it was
    assert responses.value(ITEM, "令和8年度意見") == f"【推進委員会】{COMMITTEE}"
    assert responses.value(ITEM, "令和8年度対応方針") == POLICY
    assert not responses.cell(ITEM, "意見への対応").protection.locked
    # 土木課 no longer has 3-2-2: it is not asked about it
    assert layout.SHEET_RESPONSES not in openpyxl.load_workbook(_form(t9, OLD)).sheetnames

    # 都市計画課 answers the opinion; the answer is taken with no problem on the sheet
    inbox = root / "in9"
    fill_template(_form(t9, NEW), answers(plan9, NEW, 2027, {ITEM: {"意見への対応": RESPONSE}}), inbox / f"{NEW}.xlsx")
    fill_template(_form(t9, OLD), answers(plan9, OLD, 2027), inbox / f"{OLD}.xlsx")
    read = read_return(inbox / f"{NEW}.xlsx", plan9, 2027)
    assert [p.code for p in read.problems if p.sheet == layout.SHEET_RESPONSES] == []
    assert [(a.id, a.value) for a in read.answers if a.field == "response"] == [(ITEM, RESPONSE)]
    _run(["merge", "in9", "--year", "R9", "--out", "o9", "--db", "reform.db", "--public"], capsys)

    meeting = root / "o9" / outputs.meeting(plan9.words, 2027)
    sheet = pd.read_excel(meeting, sheet_name="二次評価・意見", header=None, engine="calamine", dtype=object)
    header = next(n for n, r in enumerate(sheet.itertuples(index=False)) if r[0] == "ID")
    labels = list(sheet.iloc[header])
    row = next(r for _, r in sheet.iloc[header + 1:].iterrows() if r.iloc[0] == ITEM)
    assert row.iloc[labels.index("担当課")] == NEW
    assert row.iloc[labels.index("意見への対応（課）")] == RESPONSE
    assert row.iloc[labels.index("前年度の意見・対応方針")] == f"【推進委員会】{COMMITTEE}\n【対応方針】{POLICY}"

    csv = pd.read_csv(root / "o9" / outputs.public_csv(plan9.words, 2027, "items"), encoding="utf-8-sig", dtype=str)
    line = csv[(csv["改革項目ID"] == ITEM) & (csv["担当課"] == NEW)].iloc[0]
    assert line["意見への対応"] == RESPONSE
    assert csv[(csv["改革項目ID"] == ITEM) & (csv["担当課"] == OLD)].empty


def test_a_section_with_its_own_word_and_a_moved_items_word_is_asked_about_both_each_headed(plan):
    """3-2-1: 土木課 had it last year and has it now; 観光課 had it too, and a revision took it from 観光課. 土木課
    is asked about the word on both answers, each headed with its section (neither hides the other); the packet
    shows both beside 土木課's 意見への対応. 観光課, no longer on it, is not asked."""
    from reform_xlsx.form import content as tc
    from reform_xlsx.report.consolidate import with_reviews

    assert "観光課" not in plan.item("3-2-1").sections and "土木課" in plan.item("3-2-1").sections
    rows = [
        (2026, "土木課", "item", "3-2-1", "grade", "A"),
        (2026, "観光課", "item", "3-2-1", "grade", "C"),
        (2026, "土木課", "review", "3-2-1", "policy", "除雪体制を見直す。"),
        (2026, "観光課", "review", "3-2-1", "review_grade", "D"),
        (2026, "観光課", "review", "3-2-1", "committee_opinion", "ボランティアの募集を広げること。"),
        (2027, "土木課", "item", "3-2-1", "response", "募集を町内会に広げた。"),
    ]
    history = pd.DataFrame(rows, columns=["year", "section", "kind", "id", "field", "value"])
    sheet = tc.response_sheet(plan, 2027, "土木課", history)
    (row,) = [r for r in sheet.rows if r.id == "3-2-1"]
    assert row.values["R8.grade"] == "【土木課】A 計画どおり\n【観光課】C 遅れ"
    assert row.values["R8.review_grade"] == "【観光課】D 未着手"
    assert row.values["R8.opinions"] == "【観光課】【推進委員会】ボランティアの募集を広げること。"
    assert row.values["R8.policy"] == "【土木課】除雪体制を見直す。"
    assert tc.response_sheet(plan, 2027, "観光課", history) is None

    items = pd.DataFrame({"item_id": ["3-2-1"], "section": ["土木課"], "grade": ["B"]})
    answers = history.assign(file="x.xlsx")
    shown = with_reviews(plan, items, answers, 2027).iloc[0]
    assert shown["response"] == "募集を町内会に広げた。"
    assert shown["prev_committee"] == "【観光課】ボランティアの募集を広げること。"
    assert shown["prev_policy"] == "【土木課】除雪体制を見直す。"
