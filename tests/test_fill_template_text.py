"""``fill_template`` (the city's RPA calls it, and demo's sample returns) writes a text as the text it is, the way
Excel stores what a person typed: a text written 「_x000D_」 (or 「_x0041_」) is read back as those characters, not as a
carriage return (「A」) — openpyxl stores it unescaped, which Excel, LibreOffice and the intake read as the escape —,
a control character (「\\x01」, pasted from another system) is stored as Excel stores it instead of openpyxl refusing
the whole fill, and a CR is kept (XML would read a bare CR as a line feed)."""

from __future__ import annotations

import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.templates.fill import fill_template

SECTION = "観光課"  # one item, no KPI
ITEMS = layout.SHEET_ITEMS


@pytest.mark.parametrize("text", [
    "_x000D_ をそのまま",  # Excel's escape of a CR, typed as characters
    "_x0041_ は文字",
    "_X000d_ 小文字も",
    "_x005F_x000D_ も",
    "制御\x01文字\x0b入り",  # control characters: Excel stores them as _x0001_, _x000B_
    "一行目\r\n二行目",  # a CRLF pasted from another system stays one
    "一行目\r二行目",
    '=HYPERLINK("http://x","y")',
    "&lt; と <b>太字</b>",
    "𠮷野家 👨\u200d👩\u200d👧 葛\U000e0100",
])
def test_a_text_filled_in_reads_back_as_it_was_given(plan, tmp_path, text):
    item = plan.items_for(SECTION)[0].id
    source = craft.template(plan, 2026, SECTION, tmp_path / "t")
    answers = craft.valid_answers(plan, SECTION)
    answers[ITEMS][item]["取組実績"] = text
    answers[ITEMS][layout.RESPONDENT_ID]["担当者"] = "山田 " + text
    filled = fill_template(source, answers, tmp_path / f"{SECTION}.xlsx")
    read = read_return(filled, plan, 2026)
    assert [a.value for a in read.answers if a.id == item and a.field == "result"] == [text]
    assert read.respondent["person"] == "山田 " + text


def test_the_forms_own_text_like_an_escape_stays_as_written(tmp_path):
    """The form's cells fill_template does not touch are read by openpyxl and written again: openpyxl reads a text
    stored 「_x005F_x000D_」 (a plan's words typed 「_x000D_」, stored as Excel and xlsxwriter store them) as
    「_x000D_」 and wrote it so, which Excel, LibreOffice and the intake read as a CR — the plan's 取組内容 came back
    changed (V011). Every text the fill does not write stays as the form stored it."""
    import python_calamine

    from reform_xlsx.plan.loading import bundled_plan_text, parse_plan

    content = "財源確保のための取り組みを継続して実施する。"
    typed = "財源確保の_x000D_取り組み_x005F_x0041_を継続して実施する。"
    assert bundled_plan_text().count(content) == 1
    plan, problems = parse_plan(bundled_plan_text().replace(content, typed), "plan.yaml")
    assert not [p for p in problems if p.severity == "error"]
    item = plan.items_for(SECTION)[0]
    assert item.content == typed
    source = craft.template(plan, 2026, SECTION, tmp_path / "t")
    filled = fill_template(source, craft.valid_answers(plan, SECTION), tmp_path / f"{SECTION}.xlsx")
    cells = {v for row in python_calamine.CalamineWorkbook.from_path(str(filled)).get_sheet_by_name(ITEMS).to_python()
             for v in row if isinstance(v, str)}
    assert any(typed in c for c in cells), [c for c in cells if "財源" in c]
    read = read_return(filled, plan, 2026)
    assert not [p for p in read.problems if p.code == "V011"], read.problems
