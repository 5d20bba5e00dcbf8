"""The 調査票's input messages that name the plan's grades (進捗状況; 取組実績 and 課題・今後の方針, which say the rule on
the ``behind`` grades: V014) fit the 255 characters Excel keeps of a prompt: for a plan of many long grade names, the
grades by their codes alone — the rule the 推進室評価シート's prompt keeps (templates/validation.py ``fitted``)."""

from __future__ import annotations

import warnings

import openpyxl
import pytest

from grade_scales import many_grades, six_grades, wide_names
from reform_xlsx.form import layout
from reform_xlsx.form.content import section_content
from reform_xlsx.intake.normalise import excel_length
from reform_xlsx.templates import validation, write_templates
from template_readback import header_and_rows, validations

ENDINGS = {"grade": "（区分の説明は「記入要領」シート）", "result": "長い文章も全文を読み取ります）。",
           "plan_next": "長い文章も全文を読み取ります）。"}


def _prompts(plan, tmp_path) -> dict[str, str]:
    """{column key: its prompt} of 財政課's 取組状況 sheet for ``plan`` (one row's: every row has the same); every
    input cell of every row keeps its validation, and writing the form warns of nothing (xlsxwriter warns when it
    drops a validation past Excel's limits)."""
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        (path,) = write_templates(plan, 2026, tmp_path, ["財政課"])
    ws = openpyxl.load_workbook(path)[layout.SHEET_ITEMS]
    content = next(c for c in section_content(plan, 2026, "財政課") if c.name == layout.SHEET_ITEMS)
    found = validations(ws)
    _, _, rows = header_and_rows(ws)
    inputs = [c for c, column in enumerate(content.columns, start=1) if column.input]
    assert [(row[0].row, c) for row in rows for c in inputs if (row[0].row, c) not in found] == []
    assert [str(w.message) for w in warned] == []
    return {column.key: found[(rows[0][0].row, c)].prompt
            for c, column in enumerate(content.columns, start=1) if column.key in ENDINGS}


@pytest.mark.parametrize(("long", "names_shown"), [(False, True), (True, False)])
def test_the_form_prompts_naming_grades_fit_excels_limit_whole(plan, tmp_path, long, names_shown):
    """Six grades with long names: 進捗状況's prompt was cut at 255 characters in the middle of the fourth name, the
    last grades and 「区分の説明は「記入要領」シート」 lost. Each prompt now ends as it should (取組実績's with what it
    prints of a long text), every code there, the names only when all fit whole."""
    scale = six_grades(plan, long)
    prompts = _prompts(scale, tmp_path)
    behind = [g for g in scale.grades if g.behind]
    for key, prompt in prompts.items():
        assert len(prompt) <= validation.PROMPT_LIMIT and prompt.endswith(ENDINGS[key]), (key, prompt)
        # V014's rule on every prompt: by the grades' names where they fit, else by their codes
        assert any(all(f"「{shown}」" in prompt for shown in names) for names in
                   ([g.display for g in behind], [g.code for g in behind])), (key, prompt)
    assert all(g.code in prompts["grade"] for g in scale.grades)
    assert all((g.display in prompts["grade"]) == names_shown for g in scale.grades)
    assert (validation.CODES_ONLY in prompts["grade"]) == (not names_shown)


@pytest.mark.parametrize("long", [False, True])
def test_one_rule_names_the_grades_on_the_form_and_the_review_sheet(plan, long):
    """The 推進室評価シート's prompt names the grades as the 調査票's does: both whole, or both by codes."""
    from reform_xlsx.report.review_form import grade_prompt

    scale = six_grades(plan, long)
    form = validation.grade_validation(scale)["input_message"]
    assert (validation.grade_choices(scale, codes=long) in form) and (validation.grade_choices(scale, codes=long)
                                                                        in grade_prompt(scale))


def test_a_prompt_is_measured_as_excel_counts_it_and_the_drop_down_is_kept(plan, tmp_path, monkeypatch):
    """Grade names holding 「𠮷」 (outside the BMP: Excel and xlsxwriter count it twice): 進捗状況's prompt was 252
    characters as Python counts and 268 as Excel does, kept whole — and xlsxwriter, past Excel's 255, warned and
    dropped the column's validation, its drop-down and list rule with it. Measured as Excel counts, the names do not
    fit: the grades by their codes, the drop-down kept. The 推進室評価シート's prompt is measured alike."""
    from reform_xlsx.report.review_form import grade_prompt

    scale = wide_names(plan)
    with monkeypatch.context() as m:  # (the case: the prompt naming every grade fits only as Python counts)
        m.setattr(validation, "PROMPT_LIMIT", 1000)
        whole = validation.grade_validation(scale)["input_message"]
    assert len(whole) <= validation.PROMPT_LIMIT < excel_length(whole) and scale.grades[-1].display in whole
    prompts = _prompts(scale, tmp_path)
    assert all(excel_length(p) <= validation.PROMPT_LIMIT for p in prompts.values())
    assert validation.CODES_ONLY in prompts["grade"] and prompts["grade"].endswith(ENDINGS["grade"])
    review = wide_names(plan, "𠮷野・𠮷田・𠮷川・𠮷井の各")
    prompt = grade_prompt(review)
    assert excel_length(prompt) <= validation.PROMPT_LIMIT and validation.CODES_ONLY in prompt


def test_a_prompt_too_long_even_by_codes_ends_at_a_sentence(plan, tmp_path):
    """35 grades (A～Z, 1～9), 33 of them ``behind``: even by their codes the prompts were past 255 characters, and
    cut there mid-sentence (「…印刷で切れずに収まるのはおよそ 45」, 「…必須です（空欄だと差し」). Each now ends with the last
    sentence (or line) that fits, every grade's code still listed on 進捗状況's."""
    scale = many_grades(plan)
    prompts = _prompts(scale, tmp_path)
    for key, prompt in prompts.items():
        assert excel_length(prompt) <= validation.PROMPT_LIMIT, (key, prompt)
        assert prompt.endswith(("。", validation.CODES_ONLY, ENDINGS[key])), (key, prompt)  # a sentence, or a line
    assert validation.grade_choices(scale, codes=True) in prompts["grade"]
