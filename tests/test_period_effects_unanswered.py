"""財政効果額 of 「計画期間の総括」 in a year some sections never answered, or a year the ledger has no record of:
the table says which sections' amounts a year's figures leave out, and that 計 leaves out a 記録なし year — an
auditor is not left to take a partial year's sum for the whole city's."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import five_years as fy
from reform_xlsx.merge import rebuild_report, run_merge
from reform_xlsx.plan.loading import load_plan
from reform_xlsx.report import write_reports
from reform_xlsx.templates import write_templates
from report_sample import sample_answers, sample_status


def _merge(plan, tmp_path, year, skip=()):
    folder = tmp_path / f"t{year}"
    write_templates(plan, year, folder)
    fy.fill_all(plan, folder, tmp_path / f"in{year}", year, skip)
    run_merge([tmp_path / f"in{year}"], plan, year, db=tmp_path / "reform.db", out=tmp_path / f"out{year}")


def _below_effects(path) -> list[str]:
    """The text under the 財政効果額 table's 合計 row of 「計画期間の総括」."""
    ws = openpyxl.load_workbook(path)["計画期間の総括"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    total = max(n for n, r in enumerate(rows) if r[1] == "合計")
    return [r[0] for r in rows[total + 1:] if isinstance(r[0], str)]


@pytest.fixture(scope="module")
def plan():
    return load_plan()[0]


def test_a_year_with_sections_unanswered_names_them_under_the_effects(plan, tmp_path):
    _merge(plan, tmp_path, 2026)
    _merge(plan, tmp_path, 2027, skip=("観光課", "土木課"))
    final = rebuild_report(plan, 2027, db=tmp_path / "reform.db", out=tmp_path / "final", final=True)
    text = "".join(_below_effects(final.outputs["meeting"]))
    assert "令和9年度（観光課・土木課）" in text  # the plan's order of sections
    assert "令和8年度" not in text  # every section answered 令和8年度
    assert "含みません" in text


def test_a_year_without_record_is_named_as_left_out_of_the_total(plan, tmp_path):
    _merge(plan, tmp_path, 2026)
    _merge(plan, tmp_path, 2028)
    final = rebuild_report(plan, 2028, db=tmp_path / "reform.db", out=tmp_path / "final", final=True)
    text = "".join(_below_effects(final.outputs["meeting"]))
    assert "計は令和9年度（記録なし）を含みません" in text
    assert "課）" not in text  # all the sections answered the years on record


def test_every_section_every_year_adds_no_note(plan, tmp_path):
    _merge(plan, tmp_path, 2026)
    _merge(plan, tmp_path, 2027)
    final = rebuild_report(plan, 2027, db=tmp_path / "reform.db", out=tmp_path / "final", final=True)
    assert _below_effects(final.outputs["meeting"]) == []



def test_a_year_no_one_has_answered_yet_is_blank_not_listed(plan, tmp_path):
    """「計画期間の総括」 of the plan's last year made with answers up to 令和9年度: 令和10～12年度 have none yet
    (their 財政効果額 blank), and are not listed as years every section left out."""
    answers = sample_answers(plan, (2026, 2027))
    result = write_reports(plan, 2030, answers, sample_status(plan, (2026, 2027)), tmp_path, final=True,
                           created=dt.datetime(2031, 5, 1, 10, 0))
    text = "".join(_below_effects(result.workbook))
    assert all(f"令和{n}年度" not in text for n in (10, 11, 12))
