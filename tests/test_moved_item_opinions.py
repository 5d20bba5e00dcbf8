"""An item a plan revision moves to another section takes last year's word on it along (docs/template-spec.md
§4, §4.1): the committee's opinion and the 対応方針 given on the old section's answer are asked about on the
new section's 「意見への対応」 sheet — not on the old section's, which no longer has the item — and the answer
reaches the next packet's 二次評価・意見 sheet and the 公表用 CSV beside the word it answers."""

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

ITEM, OLD, NEW = "3-2-2", "土木課", "都市計画課"
COMMITTEE = "パトロールの協力事業者を増やすこと。"
POLICY = "協力事業者の募集を行う。"
RESPONSE = "協力事業者を3社募集し、2社と協定を結んだ。"


@pytest.fixture
def moved(workdir, capsys):
    """令和8年度: 土木課 answers, the office reviews 3-2-2 with a committee opinion and a 対応方針; then a plan
    revision from 令和9年度 (plan export → the master edited → plan import) gives 3-2-2 to 都市計画課."""
    db = "reform.db"
    plan8 = worded_first_year(workdir, capsys, (OLD, NEW), ITEM, OLD, COMMITTEE, POLICY)
    assert ITEM in {i.id for i in plan8.items_for(OLD, 2026)} and ITEM not in {i.id for i in plan8.items_for(NEW, 2026)}
    revise(workdir, capsys, db, "道路パトロールを都市計画課へ",
           lambda m: {m.cell(ml.ITEMS, "ID", ITEM, f"{ml.SECTION_LABEL}1"): NEW})
    plan9 = ledger_plan(workdir / db, None, 2027)
    assert plan9.item(ITEM).sections == (NEW,)
    assert run_cli(["templates", "--year", "R9", "--out", "t9", "--db", db], capsys) == 0
    return workdir, plan9


def test_a_moved_items_opinion_is_asked_of_the_section_that_has_it_now_and_its_answer_is_shown(moved, capsys):
    root, plan9 = moved
    t9 = root / "t9"
    new = openpyxl.load_workbook(form_of(t9, NEW))
    assert layout.SHEET_RESPONSES in new.sheetnames
    responses = Table(new[layout.SHEET_RESPONSES], "ID")
    assert list(responses.rows) == [ITEM]
    assert responses.value(ITEM, "令和8年度進捗状況") == f"【{OLD}】B 概ね計画どおり"  # whose grade it was
    assert responses.value(ITEM, "令和8年度意見") == f"【推進委員会】{COMMITTEE}"
    assert responses.value(ITEM, "令和8年度対応方針") == POLICY
    assert not responses.cell(ITEM, "意見への対応").protection.locked
    # 土木課 no longer has 3-2-2: it is not asked about it
    assert layout.SHEET_RESPONSES not in openpyxl.load_workbook(form_of(t9, OLD)).sheetnames

    # 都市計画課 answers the opinion; the answer is taken with no problem on the sheet
    inbox = root / "in9"
    fill_template(form_of(t9, NEW), answers(plan9, NEW, 2027, {ITEM: {"意見への対応": RESPONSE}}), inbox / f"{NEW}.xlsx")
    fill_template(form_of(t9, OLD), answers(plan9, OLD, 2027), inbox / f"{OLD}.xlsx")
    read = read_return(inbox / f"{NEW}.xlsx", plan9, 2027)
    assert [p.code for p in read.problems if p.sheet == layout.SHEET_RESPONSES] == []
    assert [(a.id, a.value) for a in read.answers if a.field == "response"] == [(ITEM, RESPONSE)]
    run_cli(["merge", "in9", "--year", "R9", "--out", "o9", "--db", "reform.db", "--public"], capsys)

    meeting = root / "o9" / outputs.meeting(plan9.words, 2027)
    sheet = pd.read_excel(meeting, sheet_name="二次評価・意見", header=None, engine="calamine", dtype=object)
    header = next(n for n, r in enumerate(sheet.itertuples(index=False)) if r[0] == "ID")
    labels = [str(label).replace("\n", "") for label in sheet.iloc[header]]  # (a narrow heading on two lines)
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


def test_the_word_on_both_sections_since_merged_is_asked_of_the_merged_section_each_headed(plan):
    """生活環境課 and 観光課 both answered 2-2-1 in 令和8年度 and were each given a committee opinion and a 対応方針;
    from 令和9年度 they are one 環境観光課. Its 「意見へ対応」 asks about both words, each headed with the section it was
    given to (as its 前年度 columns show both answers) — keyed by the merged section's name, one overwrote the other:
    生活環境課's opinion and 対応方針 were lost. 財政課, on 2-2-1 too, is not asked about them; the packet shows both."""
    import yaml

    from reform_xlsx.form import content as tc
    from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
    from reform_xlsx.report.consolidate import with_reviews

    data = yaml.safe_load(bundled_plan_text())
    data["sections"] = ["環境観光課" if s == "生活環境課" else s for s in data["sections"] if s != "観光課"]
    data["reorganisations"] = [{"year": "R9", "from": s, "to": "環境観光課"} for s in ("生活環境課", "観光課")]
    data["plan"]["version"] = "2027-03"
    data["revision"] = {"date": "2027-03-10", "effective_year": "R9", "reason": "環境観光課の発足"}
    plan9, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True), "merged.yaml")
    assert not [p for p in problems if p.severity.label == "エラー"]
    given_to = {"生活環境課": ("A", "ごみ袋の広告を増やすこと。", "広告主を募る。"),
                "観光課": ("C", "観光施設の命名権を検討すること。", "命名権の対象施設を選ぶ。")}
    history = pd.DataFrame(
        [(2026, section, kind, "2-2-1", field, value) for section, (grade, opinion, policy) in given_to.items()
         for kind, field, value in (("item", "grade", grade), ("review", "committee_opinion", opinion),
                                    ("review", "policy", policy))],
        columns=["year", "section", "kind", "id", "field", "value"])
    for given in (history, tc.form_history(plan9, 2027, history)):
        sheet = tc.response_sheet(plan9, 2027, "環境観光課", given)
        (row,) = [r for r in sheet.rows if r.id == "2-2-1"]
        assert row.values["R8.grade"] == "【生活環境課】A 計画どおり\n【観光課】C 遅れ"
        assert row.values["R8.opinions"] == ("【生活環境課】【推進委員会】ごみ袋の広告を増やすこと。\n"
                                             "【観光課】【推進委員会】観光施設の命名権を検討すること。")
        assert row.values["R8.policy"] == "【生活環境課】広告主を募る。\n【観光課】命名権の対象施設を選ぶ。"
        assert tc.response_sheet(plan9, 2027, "財政課", given) is None

    items = pd.DataFrame({"item_id": ["2-2-1", "2-2-1"], "section": ["環境観光課", "財政課"], "grade": ["B", "B"]})
    shown = with_reviews(plan9, items, history.assign(file="x.xlsx"), 2027)
    assert shown.iloc[0]["prev_committee"] == ("【生活環境課】ごみ袋の広告を増やすこと。\n"
                                               "【観光課】観光施設の命名権を検討すること。")
    assert shown.iloc[0]["prev_policy"] == "【生活環境課】広告主を募る。\n【観光課】命名権の対象施設を選ぶ。"
    assert shown.iloc[1]["prev_committee"] is None
