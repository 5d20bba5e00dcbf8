"""An item with more than twenty 主な取組 (a town's plan listing every 地区 one by one).

The form numbered ①…⑳ and printed the 21st and later without a number, and its 推進内容・主な取組 cell, taller
than the tallest row (409 pt), printed cut off after ⑲ without a word."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest

from reform_xlsx.form import layout
from reform_xlsx.form.content import actions_text, is_cut_of, locked_rows
from reform_xlsx.plan.diff import diff_plans
from reform_xlsx.templates import write_templates
from reform_xlsx.xlsx.sizing import LINE_HEIGHT, MAX_ROW_HEIGHT, ROW_PADDING, line_count
from template_readback import header_and_rows

AREAS = "東西南北上下中新本浜岬岡森川原台野宮島沢谷丘"


@pytest.mark.parametrize(("n", "shown"), [(0, "①"), (19, "⑳"), (20, "㉑"), (34, "㉟"), (35, "㊱"), (49, "㊿"),
                                          (50, "(51)")])
def test_every_action_has_its_own_number(n, shown):
    from reform_xlsx.plan.model import action_number

    assert action_number(n) == shown


def _many(plan, count: int, order=1):
    item = plan.items[0]
    actions = tuple(f"{a}地区の集会所における照明と空調と屋根の点検と改善" for a in AREAS[:count][::order])
    return replace(plan, areas=tuple(
        replace(area, categories=tuple(
            replace(cat, items=tuple(replace(i, actions=actions, phases=()) if i.id == item.id else i
                                     for i in cat.items)) for cat in area.categories))
        for area in plan.areas)), item.id


def test_the_twenty_first_action_is_numbered_on_the_form(plan):
    many, item_id = _many(plan, 22)
    lines = actions_text(many.item(item_id)).split("\n")
    assert [line[0] for line in lines] == list("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒")
    assert lines[20] == "㉑谷地区の集会所における照明と空調と屋根の点検と改善"
    assert many.item(item_id).action_label(21) == "主な取組㉒"


def test_a_plan_change_names_the_twenty_first_action_as_the_form_does(plan):
    many, _ = _many(plan, 22)
    reordered, _ = _many(plan, 22, order=-1)
    change, = [c for c in diff_plans(many, reordered) if c.kind == "主な取組の並び順の変更"]
    assert change.after.startswith("㉒、㉑、⑳、⑲") and "(2" not in change.after, change.after


def test_a_plan_text_taller_than_a_row_is_cut_on_the_form_and_says_so(plan, tmp_path):
    many, item_id = _many(plan, 22)
    section = many.item(item_id).sections[0]
    path, = write_templates(many, 2026, tmp_path, [section])
    ws = openpyxl.load_workbook(path)[layout.SHEET_ITEMS]
    _, header, rows = header_and_rows(ws)
    c = header.index("推進内容・主な取組")
    cell = next(r for r in rows if r[0].value == item_id)[c]
    width = ws.column_dimensions[cell.column_letter].width - 0.71
    height = ws.row_dimensions[cell.row].height
    assert line_count(cell.value, width) * LINE_HEIGHT + 2 * ROW_PADDING <= height <= MAX_ROW_HEIGHT  # prints whole
    assert "以下略" in cell.value and cell.value.endswith("全文はこのセルのメモに）")
    assert cell.comment is not None and cell.comment.text.endswith("㉒丘地区の集会所における照明と空調と屋根の点検と改善")
    # what the form shows is what the reader takes as the plan's text: a return is not 「計画の内容が書き換えられている」
    assert is_cut_of(cell.value, locked_rows(many, 2026, section)[layout.SHEET_ITEMS][item_id]["content"])


def test_a_cut_plan_text_on_a_later_years_form_is_not_said_to_be_changed(plan, tmp_path):
    """Year two: the form's earlier-year columns narrow the plan text's column, so it is cut elsewhere than on a form
    without them — the reader, which knows no earlier years, said every return 「計画の内容が書き換えられています」 (V011)."""
    from reform_xlsx.intake import read_return
    from reform_xlsx.templates.fill import fill_template
    from report_sample import sample_answers

    many, item_id = _many(plan, 22)
    section = many.item(item_id).sections[0]
    path, = write_templates(many, 2027, tmp_path, [section], history=sample_answers(many, (2026,)))
    ws = openpyxl.load_workbook(path)[layout.SHEET_ITEMS]
    _, header, rows = header_and_rows(ws)
    cell = next(r for r in rows if r[0].value == item_id)[header.index("推進内容・主な取組")]
    assert "以下略" in cell.value
    first, = write_templates(many, 2026, tmp_path / "令和8年度", [section])
    ws1 = openpyxl.load_workbook(first)[layout.SHEET_ITEMS]
    _, header1, rows1 = header_and_rows(ws1)
    # cut elsewhere than on a form without earlier years: the case the reader, knowing no earlier years, missed
    assert cell.value != next(r for r in rows1 if r[0].value == item_id)[header1.index("推進内容・主な取組")].value
    grade = f"{many.grades[0].code} {many.grades[0].label}"
    filled = fill_template(path, {layout.SHEET_ITEMS: {item_id: {"進捗状況": grade}}}, tmp_path / "返送" / path.name)
    said = read_return(filled, many, 2027).problems
    assert [p.code for p in said if p.code.startswith("F")] == []  # read through to the cells
    assert [p.cell for p in said if p.code == "V011"] == []


@pytest.mark.parametrize(("shown", "cut"), [
    ("①東地区…（以下略、全 29 字。全文はこのセルのメモに）", True),          # the form's cut: the start, then the marker
    ("①東地区の集会所…（以下略、全 29 字。全文はこのセルのメモに）", True),
    ("…（以下略、全 29 字。全文はこのセルのメモに）", False),               # nothing of the text kept
    ("①西地区…（以下略、全 29 字。全文はこのセルのメモに）", False),          # another start: the section wrote it
    ("①東地区…（以下略、全 30 字。全文はこのセルのメモに）", False),          # another length
    ("①東地区の集会所", False),                                            # cut without the marker
    ("①東地区の集会所における照明の点検と改善\n②西地区の集会所", False),  # the whole text is not a cut
])
def test_a_cut_of_the_plan_text(shown, cut):
    whole = "①東地区の集会所における照明の点検と改善\n②西地区の集会所"
    assert len(whole) == 29
    assert is_cut_of(shown, whole) is cut


@pytest.mark.parametrize(("before", "after"), [("\u3000", ""), ("", "\n"), ("", "  ")])
def test_a_cut_plan_text_starting_with_a_space_is_not_said_to_be_changed(plan, tmp_path, before, after):
    """A plan text indented with a 「　」 (a Japanese paragraph), or ending in a line break: the form's 「全 n 字」 counts
    it, the reader's value of the plan's text (stripped) did not — every untouched return was told V011."""
    from reform_xlsx.intake import read_return
    from reform_xlsx.templates.fill import fill_template

    many, item_id = _many(plan, 22)
    item = many.item(item_id)
    changed = replace(item, content=before + item.content, actions=(*item.actions[:-1], item.actions[-1] + after))
    many = replace(many, areas=tuple(replace(a, categories=tuple(replace(c, items=tuple(
        changed if i.id == item_id else i for i in c.items)) for c in a.categories)) for a in many.areas))
    section = item.sections[0]
    path, = write_templates(many, 2026, tmp_path, [section])
    grade = f"{many.grades[0].code} {many.grades[0].label}"
    filled = fill_template(path, {layout.SHEET_ITEMS: {item_id: {"進捗状況": grade}}}, tmp_path / "返送" / path.name)
    said = read_return(filled, many, 2026).problems
    assert [p.code for p in said if p.code.startswith("F")] == []
    assert [p.cell for p in said if p.code == "V011"] == []


@pytest.mark.parametrize(("shown", "whole", "cut"), [
    ("東地区…（以下略、全 12 字。全文はこのセルのメモに）", "\u3000東地区の集会所の点検\n", True),  # counted as written
    ("東地区…（以下略、全 10 字。全文はこのセルのメモに）", "\u3000東地区の集会所の点検\n", False),  # the stripped length
    ("東地区…（以下略、全 8 字。全文はこのセルのメモに）", "東地区の集会所\r\n点検", False),     # a line break of two
    ("東地区の集会所\n…（以下略、全 11 字。全文はこのセルのメモに）", "東地区の集会所\r\n点検", True),
])
def test_a_cut_of_a_plan_text_with_spaces_at_its_ends(shown, whole, cut):
    assert is_cut_of(shown, whole) is cut
