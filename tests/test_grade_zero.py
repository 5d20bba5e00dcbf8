"""A grade cell that holds the number 0: what LibreOffice Calc (ja-JP) stores for a typed 「〇」 (the sheet's XML holds
<v>0</v>). On a scale with ○ it is read as ○ (docs/plan-format.md); on any other it is V001 (調査票) or A001 (推進室評価
シート), and both say why a 「0」 nobody typed is quoted — in one text (messages.CALC_ZERO, intake.normalise.typed_zero)."""

from __future__ import annotations

import pytest

from grade_scales import digits, marks
from lo_fill import fill_by_id, require_uno
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.normalise import typed_zero
from reform_xlsx.messages import CALC_ZERO
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template

SECTION = "財政課"


@pytest.mark.parametrize(("scale", "value", "said"), [
    ("bundled", 0, True), ("bundled", 0.0, True), ("bundled", -0.0, True),
    ("bundled", "0", False), ("bundled", "〇", False), ("bundled", False, False), ("bundled", 3, False),
    ("marks without ○", 0, True),  # ◎ △ ×: no grade a 0 reads as, and 〇 is the likeliest thing typed
    ("digits", 0, False),  # 5～1: a 0 is as likely a digit typed as a 〇
])
def test_a_zero_is_said_to_be_calcs_maru_except_on_a_scale_of_digits(plan, scale, value, said):
    grades = {"bundled": plan, "marks without ○": marks(plan, without="○"), "digits": digits(plan)}[scale].grades
    assert typed_zero(value, grades) == (CALC_ZERO if said else "")


def _answers(plan, grade) -> dict:
    """財政課's rows, every one answered; the first item's 進捗状況 ``grade``."""
    items = plan.items_for(SECTION, 2026)
    rows = {i.id: {"進捗状況": plan.grades[0].display, "取組実績": "実施した。", "課題・今後の方針": "続ける。"} for i in items}
    rows[items[0].id]["進捗状況"] = grade
    answers = {layout.SHEET_ITEMS: rows}
    if plan.kpis_for(SECTION):
        answers[layout.SHEET_KPI] = {k.id: {"実績値": k.baseline, "算出根拠・備考": "実数"} for k in plan.kpis_for(SECTION)}
    return answers


def _read(plan, path):
    result = read_return(path, plan, 2026)
    first = plan.items_for(SECTION, 2026)[0].id
    (grade,) = [a for a in result.answers if a.id == first and a.field == "grade"]
    return result, grade


@pytest.mark.parametrize("grade", [0, "〇"])
def test_a_zero_for_a_grade_on_the_form_says_why_and_a_maru_typed_as_text_does_not(plan, tmp_path, grade):
    """V001 quoted 「0」 for the 〇 Calc stored, a figure the section never typed: it says where the 0 came from. A 〇
    kept as text (Excel) is quoted as it is, without those words."""
    (template,) = write_templates(plan, 2026, tmp_path / "t", [SECTION])
    fill_template(template, _answers(plan, grade), tmp_path / "返信.xlsx")
    result, _ = _read(plan, tmp_path / "返信.xlsx")
    (said,) = [p for p in result.problems if p.code == "V001"]
    if grade == 0:
        assert said.message.startswith(f"進捗状況「0」{CALC_ZERO}は選択肢にありません。")
    else:
        assert said.message.startswith("進捗状況「〇」は選択肢にありません。") and "LibreOffice" not in said.message


@pytest.mark.parametrize("scale", ["bundled", "marks"])
def test_maru_typed_in_calc_on_the_form(plan, tmp_path, soffice, scale):
    """「〇」 typed in Calc (ja-JP, through the view) into 進捗状況: stored as the number 0. On the bundled plan (A～E) V001
    says why it quotes 「0」; on a scale of marks (◎ ○ △ ×) it is the ○ meant, read without a word. (Typed at the
    keyboard, the form's own rule stops both — Calc reads 〇 as 0 before checking it against the list — so such a 0
    came past the rule: pasted, or the rule lost with a pasted cell.)"""
    require_uno()
    graded = plan if scale == "bundled" else marks(plan)
    (template,) = write_templates(graded, 2026, tmp_path / "t", [SECTION])
    first = graded.items_for(SECTION, 2026)[0].id
    fill_template(template, _answers(graded, None), tmp_path / "記入中.xlsx")  # the rest as Excel would
    stored = fill_by_id(tmp_path / "記入中.xlsx", tmp_path / "返信.xlsx", {layout.SHEET_ITEMS: {first: {"進捗状況": "〇"}}},
                        soffice=soffice, keyboard=True)
    assert list(stored[layout.SHEET_ITEMS].values()) == [["VALUE", 0.0]]  # what Calc keeps of 「〇」
    result, grade = _read(graded, tmp_path / "返信.xlsx")
    errors = [p for p in result.problems if p.code == "V001"]
    if scale == "bundled":
        (said,) = errors
        assert said.cell == grade.cell and said.message.startswith(f"進捗状況「0」{CALC_ZERO}は選択肢にありません。")
    else:
        assert errors == [] and grade.value == "○"
