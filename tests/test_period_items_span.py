"""The 実施年度 column of 「計画期間の改革項目」: a whole-period item's 「令和8～12年度」 is one line and its row one
line high (rows sized for two lines put the bundled plan's 47 rows on four pages), an item a revision added,
「令和10～12年度」, is never cut into 「令和10～12年」「度」, and a span across eras breaks after 「～」."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import openpyxl
import pytest

import five_years as fy
from reform_xlsx.merge import rebuild_report, run_merge
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.report.final import span_column
from reform_xlsx.report.period import active_years
from reform_xlsx.templates import write_templates
from reform_xlsx.wareki import format_year_runs
from reform_xlsx.xlsx.sizing import line_count


@pytest.mark.parametrize(("spans", "texts"), [
    (["令和8～12年度"], ["令和8～12年度"]),
    (["令和8～12年度", "令和10～12年度", "令和8～9年度"], ["令和8～12年度", "令和10～12年度", "令和8～9年度"]),
    (["令和元～12年度"], ["令和元～12年度"]),
    (["令和9年度"], ["令和9年度"]),
    (["平成30年度～令和3年度", "令和2～3年度"], ["平成30年度～\n令和3年度", "令和2～3年度"]),
    (["平成30年度～令和元年度"], ["平成30年度～\n令和元年度"]),
])
def test_every_span_of_one_era_is_one_line_and_one_across_eras_breaks_after_the_tilde(spans, texts):
    width, written = span_column(spans)
    assert written == texts
    assert [line_count(t, width) for t in written] == [t.count("\n") + 1 for t in texts]
    assert width >= 13


def test_the_bundled_plans_rows_are_one_line_high(tmp_path):
    plan = load_plan()[0]
    write_templates(plan, 2026, tmp_path / "t")
    fy.fill_all(plan, tmp_path / "t", tmp_path / "in", 2026)
    run_merge([tmp_path / "in"], plan, 2026, db=tmp_path / "reform.db", out=tmp_path / "out")
    final = rebuild_report(plan, 2026, db=tmp_path / "reform.db", out=tmp_path / "final", final=True)
    ws = openpyxl.load_workbook(final.outputs["meeting"])["計画期間の改革項目"]
    rows = [r for r in ws.iter_rows() if r[3].value == "令和8～12年度"]
    one_line = [r[0].row for r in rows if line_count(r[1].value, ws.column_dimensions["B"].width) == 1]
    assert len(one_line) > 30
    assert {ws.row_dimensions[n].height for n in one_line} == {18.0}


@pytest.mark.parametrize(("years", "text"), [
    ([2026, 2027, 2028, 2029, 2030], "令和8～12年度"),
    ([2028], "令和10年度"),
    ([2026, 2029, 2030], "令和8年度、令和11～12年度"),
    ([2026, 2028, 2030], "令和8年度、令和10年度、令和12年度"),
    ([2018, 2019, 2020], "平成30年度～令和2年度"),
])
def test_the_years_an_item_ran_as_runs(years, text):
    assert format_year_runs(years) == text


def test_runs_of_years_that_do_not_fit_break_after_each_comma():
    width, written = span_column(["令和8～12年度", "令和8年度、令和11～12年度"])
    assert written == ["令和8～12年度", "令和8年度、\n令和11～12年度"]
    assert [line_count(t, width) for t in written] == [1, 2]


def test_an_item_ended_and_taken_up_again_ran_in_its_years_only():
    """Ended at 令和8年度 by the revision in force from 令和9年度, taken up again by the one from 令和11年度: its
    実施年度 was the latest revision's 「令和8～12年度」, although its grades show 「－」 in 令和9・10年度."""
    plan = load_plan()[0]
    item = plan.items[0]
    ended = _with_items(plan, lambda i: replace(i, end=2026) if i.id == item.id else i)
    data = SimpleNamespace(plan=plan, plan_for=lambda year: ended if year in (2027, 2028) else plan)
    assert active_years(data, item.id) == [2026, 2029, 2030]
    assert active_years(data, plan.items[1].id) == [2026, 2027, 2028, 2029, 2030]
    gone = _with_items(plan, lambda i: None if i.id == item.id else i)  # deleted by a revision in its last year
    data = SimpleNamespace(plan=plan, plan_for=lambda year: gone if year == 2030 else plan)
    assert active_years(data, item.id) == [2026, 2027, 2028, 2029]


def _with_items(plan, change):
    """The plan with each item ``change``d (None: left out)."""
    return replace(plan, areas=tuple(replace(a, categories=tuple(replace(c, items=tuple(
        x for x in (change(i) for i in c.items) if x is not None)) for c in a.categories)) for a in plan.areas))
