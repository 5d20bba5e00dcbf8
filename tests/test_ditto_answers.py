"""A hurried section of a later year types 「同上」, 「〃」 or 「前年度と同じ」 into a text cell instead of the text. On the
form it points at the row above or at the gray 前年度 column; in the 会議資料 and the 公表用 the text stands alone under
the item (the row above there is another item, often another section's), so 「同上」 says something false or nothing.
It was accepted without a word (the R11 改革項目一覧 showed 「同上」 under 市民課's 1-1-1, below DX推進課's row). The
intake warns (V030) with the column, what was typed and what to do; the answer is kept as typed (the office decides)."""

from __future__ import annotations

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.messages import Msg
from reform_xlsx.templates.fill import cell_map, fill_template

SECTION = "市民課"
YEAR = 2029


@pytest.mark.parametrize(("typed", "said"), [
    ("同上", True), ("〃", True), ("〃〃", True), ("″", True), ("同左", True), ("同上。", True), ("同上です", True),
    ("前年度と同じ", True), ("前年度と同じ。", True), ("前年度同様", True), ("昨年度と同様", True), ("去年と同じ", True),
    ("前年と同じです。", True), ("前回と同じ", True), ("上記と同じ", True), ("　同上　", True), ("同 上", True),
    ("”", True), ("“", True), ('"', True), ("＂", True), ("ゝ", True), ("ヽ", True), ("仝", True), ("々", True),
    ("同上のとおり", True), ("上記のとおり。", True), ("前年度のとおり", True), ("前年度どおり", True), ("前年通り", True),
    ("例年どおりです。", True), ("前年度と同じ内容です。", True), ("同上の通り", True),
    ("同上の取組を継続し、対象手続を5件追加した。", False), ("前年度と同じ手続を電子化した。", False),
    ("前年度どおり実施し、参加者は120人だった。", False), ("”参加者120人”", False),
    ("前年度と同じ水準を維持した。", False), ("同じ", False), ("継続", False), ("", False),
])
def test_which_texts_point_elsewhere(typed, said):
    from reform_xlsx.intake.validate import points_elsewhere

    assert points_elsewhere(typed) is said


@pytest.fixture(scope="module")
def returned(plan, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ditto")
    source = craft.template(plan, YEAR, SECTION, tmp / "t")
    answers = craft.valid_answers(plan, SECTION)
    items = [i.id for i in plan.items_for(SECTION, YEAR)]
    kpi = plan.kpis_for(SECTION, YEAR)[0].id
    answers[layout.SHEET_ITEMS][items[0]]["取組実績"] = "同上"
    answers[layout.SHEET_ITEMS][items[1]]["取組実績"] = "前年度と同じ"
    answers[layout.SHEET_ITEMS][items[1]]["課題・今後の方針"] = "〃"
    answers[layout.SHEET_ITEMS][items[2]]["取組実績"] = "前年度と同じ手続を電子化した。"
    answers[layout.SHEET_KPI][kpi]["算出根拠・備考"] = "同上"
    path = fill_template(source, answers, tmp / f"{SECTION}.xlsx")
    wb = openpyxl.load_workbook(path)
    items_at = cell_map(wb[layout.SHEET_ITEMS], layout.ID_LABEL_ITEMS)
    kpis_at = cell_map(wb[layout.SHEET_KPI], layout.ID_LABEL_KPI)
    cells = {(layout.SHEET_ITEMS, items_at[(items[0], "取組実績")]): "同上",
             (layout.SHEET_ITEMS, items_at[(items[1], "取組実績")]): "前年度と同じ",
             (layout.SHEET_ITEMS, items_at[(items[1], layout.normalise_label("課題・今後の方針"))]): "〃",
             (layout.SHEET_KPI, kpis_at[(kpi, layout.normalise_label("算出根拠・備考"))]): "同上"}
    return read_return(path, plan, YEAR), cells, items


def test_a_ditto_is_warned_of_at_its_cell_and_says_what_to_do(returned):
    result, cells, _items = returned
    said = {(p.sheet, p.cell): p for p in result.problems if p.code == Msg.INTAKE_POINTS_ELSEWHERE.value.code}
    assert set(said) == set(cells)
    for where, typed in cells.items():
        message = said[where].message
        assert f"「{typed}」" in message and "会議資料" in message and "入力し直してください" in message
    assert not result.errors  # a warning: the file is accepted


def test_the_answer_is_kept_as_typed(returned):
    result, _cells, items = returned
    results = {a.id: a.value for a in result.answers if a.field == "result"}
    assert results[items[0]] == "同上" and results[items[1]] == "前年度と同じ"
    assert results[items[2]] == "前年度と同じ手続を電子化した。"


def test_the_guide_asks_for_the_text_itself(plan):
    """The 記入要領 says it before the form is filled."""
    from reform_xlsx.templates.guide import steps

    for history in (False, True):
        text = "".join(steps(plan.words, YEAR, has_kpi=True, has_history=history))
        assert "方針を、「同上」「前年度と同じ」とせず具体的に（いつ・何を・どれだけ）書きます。" in text
