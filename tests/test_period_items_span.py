"""The 実施年度 column of 「計画期間の改革項目」: a whole-period item's 「令和8～12年度」 is one line and its row one
line high (rows sized for two lines put the bundled plan's 47 rows on four pages), an item a revision added,
「令和10～12年度」, is never cut into 「令和10～12年」「度」, and a span across eras breaks after 「～」."""

from __future__ import annotations

import openpyxl
import pytest

import five_years as fy
from reform_xlsx.merge import rebuild_report, run_merge
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.report.final import span_column
from reform_xlsx.templates import write_templates
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
