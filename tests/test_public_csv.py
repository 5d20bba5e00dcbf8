"""公表用 CSV for machines: UTF-8 with BOM, a header row and one value per cell, 西暦 and 和暦, no formulas."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
import yaml

from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.public import item_fields, kpi_fields, safe_text
from reform_xlsx.report.writer import write_reports
from report_sample import ACTUALS, FORMULA_TEXT, MISSING_SECTION, sample_answers, sample_status

DOC = Path(__file__).parent.parent / "docs" / "report.md"


@pytest.fixture(scope="module")
def tables(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("csv")
    result = write_reports(plan, 2026, sample_answers(plan), sample_status(plan), out,
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    items_path, kpis_path = result.public_csv
    raw = items_path.read_bytes()
    read = lambda p: list(csv.DictReader(p.read_text(encoding="utf-8-sig").splitlines(keepends=True)))  # noqa: E731
    return raw, kpis_path.read_bytes(), read(items_path), read(kpis_path)


def test_utf8_with_bom_crlf_and_the_documented_header(plan, tables):
    raw_items, raw_kpis, items, kpis = tables
    ITEM_FIELDS, KPI_FIELDS = item_fields(plan.words), kpi_fields(plan.words)  # noqa: N806
    for raw, fields in ((raw_items, ITEM_FIELDS), (raw_kpis, KPI_FIELDS)):
        assert raw.startswith(b"\xef\xbb\xbf")
        assert raw.split(b"\r\n", 1)[0].decode("utf-8-sig") == ",".join(fields)
    assert list(items[0]) == list(ITEM_FIELDS) and list(kpis[0]) == list(KPI_FIELDS)
    doc = DOC.read_text(encoding="utf-8")
    for field in ITEM_FIELDS + KPI_FIELDS:  # every column is defined in the docs
        assert f"| {field} |" in doc, field


def test_items_one_row_per_item_and_section_with_the_year_both_ways(plan, tables):
    _, _, items, _ = tables
    assert len(items) == sum(len(i.sections) for i in plan.items) == 46
    assert {(r["年度（西暦）"], r["年度（和暦）"]) for r in items} == {("2026", "令和8年度")}
    missing = [r for r in items if r["担当課"] == MISSING_SECTION]
    assert missing and all(r["回答状況"] == "未提出" and r["進捗状況"] == "未回答" for r in missing)
    answered = [r for r in items if r["回答状況"] == "回答あり"]
    assert len(answered) == 45 and all(r["進捗状況コード"] in "ABCDE" for r in answered)
    for r in items:  # numbers are plain numbers (no separators, no unit)
        assert r["財政効果額（円）"] == "" or r["財政効果額（円）"].isdigit()


def test_text_that_would_be_a_formula_is_guarded(tables):
    _, _, items, _ = tables
    guarded = [r["取組実績"] for r in items if FORMULA_TEXT in r["取組実績"]]
    assert guarded == ["'" + FORMULA_TEXT]
    assert safe_text("-5%削減") == "'-5%削減" and safe_text("@課長") == "'@課長" and safe_text("予定") == "予定"


@pytest.mark.parametrize("value", ["=abc", "'=abc", "''", "'", "予定", "-5%削減", "\t=1", "a'b", ""])
def test_dropping_the_first_apostrophe_always_gives_the_value_back(value):
    """「=abc」 and 「'=abc」 (a pasted text) were both written 「'=abc」: the documented reading gave 「=abc」 for both."""
    written = safe_text(value)
    assert (written[1:] if written.startswith("'") else written) == value
    assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_kpis_in_their_unit_with_the_reference_target_named(plan, tables):
    _, _, _, kpis = tables
    by_id = {r["KPI ID"]: r for r in kpis}
    assert list(by_id) == [k.id for k in plan.kpis]
    k04 = by_id["K04"]  # a rate: in % as the unit column says
    assert (k04["単位"], k04["基準値"], k04["目標値"], k04["実績値"]) == ("%", "79", "90", "83")
    assert (k04["基準年度（西暦）"], k04["基準年度（和暦）"], k04["目標年度（和暦）"]) == ("2024", "令和6年度", "令和12年度")
    assert k04["基準値の種別"] == "計画"
    k09 = by_id["K09"]  # 1 → 3 施設: the reference target rounded to the unit
    assert (k09["年度目標値"], k09["年度目標値の種別"]) == ("2", "参考（按分）")
    assert by_id["K10"]["実績値"] == str(ACTUALS[2026]["K10"])
    assert by_id["K12"]["進捗率（%）"] == "27.5" and by_id["K12"]["判定"] == "概ね順調"
    assert all(r["前年度の実績値"] == "" for r in kpis)  # no year before R8


def test_unreported_kpis_and_a_kpi_without_baseline_write_no_nan_and_no_float_year(tmp_path):
    """A column with a blank is read as floats and its blanks as NaN: an unreported KPI's 算出根拠 printed
    「nan」 and a base year 「令和6.0年度」 — with one KPI measured from its first report and another,
    also without a baseline, not reported yet."""
    data = yaml.safe_load(bundled_plan_text())
    for kpi in data["kpis"]:
        if kpi["id"] in ("K12", "K13"):
            kpi["baseline"] = None
    plan, _ = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "measured")
    answers = sample_answers(plan)
    answers = answers[~((answers["kind"] == "kpi") & answers["id"].isin(["K01", "K12"]))]  # 未報告, no note
    result = write_reports(plan, 2026, answers, sample_status(plan), tmp_path,
                           created=dt.datetime(2026, 5, 1, 10, 0), public=True)
    kpis = {r["KPI ID"]: r for r in csv.DictReader(result.public_csv[1].read_text(encoding="utf-8-sig").splitlines())}
    assert (kpis["K01"]["基準年度（西暦）"], kpis["K01"]["基準年度（和暦）"]) == ("2024", "令和6年度")
    assert (kpis["K13"]["基準年度（西暦）"], kpis["K13"]["基準年度（和暦）"], kpis["K13"]["基準値の種別"]) == \
        ("2026", "令和8年度", "初回の実績")
    assert (kpis["K12"]["基準年度（西暦）"], kpis["K12"]["基準年度（和暦）"]) == ("", "")
    book = openpyxl.load_workbook(result.office)
    notes = {r[0]: r for r in book["算出根拠"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert notes["K01"][3] == "未報告" and notes["K01"][5] in (None, "")
    assert notes["K04"][5]  # a note that was written stays
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, str) and re.search(r"\bnan\b|令和\d+\.0年度", v)), (ws.title, v)
