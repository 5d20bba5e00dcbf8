"""An item that the plan file ends early (``end: R9``) is not asked, read or counted after it."""

import pandas as pd
import pytest

from reform_xlsx.form import layout
from reform_xlsx.form.content import locked_rows
from reform_xlsx.intake import read_return
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.records import FileStatus, answers_frame
from reform_xlsx.report import consolidate
from reform_xlsx.report.writer import write_reports
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template

ENDS_R9 = "1-1-4"  # 電子入札制度の運用拡大 (財政課)


@pytest.fixture(scope="module")
def short_plan():
    text = bundled_plan_text().replace(
        "              - 一般業務委託、物品等への運用拡大\n            sections: [財政課]\n",
        "              - 一般業務委託、物品等への運用拡大\n            sections: [財政課]\n            end: R9\n")
    plan, _ = parse_plan(text, "short.yaml")
    assert plan.item(ENDS_R9).end == 2027
    return plan


@pytest.mark.parametrize("year, asked", [(2027, True), (2028, False)])
def test_template_rows_follow_the_items_years(short_plan, year, asked):
    ids = list(locked_rows(short_plan, year, "財政課")[layout.SHEET_ITEMS])
    assert (ENDS_R9 in ids) is asked
    assert len(ids) == (10 if asked else 9)


def test_a_return_without_the_ended_item_is_accepted_and_not_counted(short_plan, tmp_path):
    (template,) = write_templates(short_plan, 2028, tmp_path, sections=["財政課"])
    answers = {layout.SHEET_ITEMS: {i.id: {"進捗状況": "A"} for i in short_plan.items_for("財政課", 2028)},
               layout.SHEET_KPI: {k.id: {"実績値": k.baseline} for k in short_plan.kpis_for("財政課")}}
    result = read_return(fill_template(template, answers, tmp_path / "in.xlsx"), short_plan, 2028)
    assert result.status == FileStatus.ACCEPTED, [p.code for p in result.problems]
    frame = answers_frame(result.answers)
    items = consolidate.item_answers(short_plan, frame, 2028)
    assert ENDS_R9 not in set(items["item_id"])
    assert items[items["section"] == "財政課"]["answered"].all()
    status = pd.DataFrame([{"year": 2028, "section": s, "status": "提出済" if s == "財政課" else "未提出",
                            "file": None, "received_at": None, "errors": 0, "warnings": 0}
                           for s in short_plan.sections])
    report = write_reports(short_plan, 2028, frame, status, tmp_path / "out")
    listed = pd.read_excel(report.workbook, sheet_name="改革項目一覧", header=None, engine="calamine")[0].tolist()
    assert ENDS_R9 not in listed and "2-2-5" in listed
