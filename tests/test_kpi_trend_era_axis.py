"""A plan of ten years (令和8～17年度, the baseline 令和6年度: 12 years on a small chart's axis): each year had 20–25 px, too
little for the era's name over its number, and LibreOffice tilted the labels and printed every other one (「令和」「6」,
「令和」「8」 …), squeezing the plot. On such a chart the axis says the years' numbers alone, every one on one line, and
the era's name once under them (「年度（令和）」); a plan of the bundled length keeps 「令和」 over each year."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from pdf_measure import read_words
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.kpi_trend import axis_labels, axis_title, chart_width_px
from reform_xlsx.report.writer import write_reports
from report_sample import all_submitted_status, stress_answers
from test_print_breaks import _long_plan

REIWA = [2024 + n for n in range(12)]  # 令和6～17年度


@pytest.mark.parametrize(("years", "chart_px", "labels", "title"), [
    (REIWA[:7], chart_width_px(7), ["令和\n6", "令和\n7", "令和\n8", "令和\n9", "令和\n10", "令和\n11", "令和\n12"], None),
    (REIWA, 300, [str(n) for n in range(6, 18)], "年度（令和）"),  # 12 years of 20 px
    (REIWA[:9], 330, [f"令和\n{n}" for n in range(6, 15)], None),  # 9 years of 29 px: room for the era on each
    (REIWA[:9], 300, [str(n) for n in range(6, 15)], "年度（令和）"),  # 9 years of 26.7 px
    ([2017, 2018, 2019, 2020], 200, ["平成\n29", "平成\n30", "令和\n元", "令和\n2"], None),  # room: the era on each
    (list(range(2018, 2029)), chart_width_px(11), ["30", "元"] + [str(n) for n in range(2, 11)],  # 平成30, 令和元～10:
     "年度（平成30、令和元～10）"),  # 25 px each — the era on each year was tilted, every other printed
    (list(range(2016, 2029)), chart_width_px(13), ["28", "29", "30", "元"] + [str(n) for n in range(2, 11)],
     "年度（平成28～30、令和元～10）"),
    (REIWA, None, ["令和\n6"] + [f"令和\n{n}" for n in range(7, 18)], None),  # no chart width: as before
])
def test_the_era_is_said_once_when_the_years_are_too_close(years, chart_px, labels, title):
    assert axis_title(years, chart_px) == title
    if labels is not None:
        assert axis_labels(years, chart_px) == labels
    else:
        assert all("\n" in label for label in axis_labels(years, chart_px))


@pytest.fixture(scope="module")
def ten_year_trend(soffice, tmp_path_factory):
    plan = _long_plan("R17")
    result = write_reports(plan, 2026, stress_answers(plan), all_submitted_status(plan),
                           tmp_path_factory.mktemp("ten_year_axis"), created=dt.datetime(2026, 5, 1, 10, 0), pdf=True)
    pages = [words for _, _, words in read_words(result.pdf)]
    return [words for words in pages if any(w.text == "KPI推移" and w.y0 < 40 for w in words)  # (the header's)
            and any(w.text == "年度目標値（参考）" for w in words)]  # a page of small charts (their legends)


def test_every_year_of_a_ten_year_plan_is_printed_level_under_each_chart(ten_year_trend):
    assert ten_year_trend
    for words in ten_year_trend:
        eras = [w for w in words if w.text == "年度（令和）"]
        assert eras, [w.text for w in words][:40]
        numbers = [w for w in words if w.text.isdigit() and 6 <= int(w.text) <= 17 and not w.rotated]
        for era in eras:  # under each chart: the numbers 6…17 on one line just above its era's name
            row = [w for w in numbers if 0 < era.y0 - w.y1 < 14 and abs((w.x0 + w.x1) / 2 - (era.x0 + era.x1) / 2) < 160]
            assert sorted({int(w.text) for w in row}) == list(range(6, 18)), sorted(w.text for w in row)
            assert max(w.y0 for w in row) - min(w.y0 for w in row) < 1  # level, one line


@pytest.fixture(scope="module")
def across_eras(soffice, tmp_path_factory):
    """令和元～10年度, the baseline 平成30年度 (11 years of 25 px), in its second year's packet."""
    text = re.sub(r"\bR1[1-9]\b", "R10", bundled_plan_text())  # (the bundled plan's later years: within the period)
    data = yaml.safe_load(text)
    data["plan"]["period"], data["plan"]["baseline_year"] = {"start": "R1", "end": "R10"}, "H30"
    plan, problems = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert not [p for p in problems if p.severity == "error"]
    result = write_reports(plan, 2020, stress_answers(plan, 2020), all_submitted_status(plan, 2020),
                           tmp_path_factory.mktemp("across_eras"), created=dt.datetime(2020, 5, 1, 10, 0), pdf=True)
    pages = [words for _, _, words in read_words(result.pdf)]
    return [words for words in pages if any(w.text == "KPI推移" and w.y0 < 40 for w in words)
            and any(w.text == "年度目標値（参考）" for w in words)]


def test_a_period_across_two_eras_prints_every_year_level_and_names_the_eras_above_the_legend(across_eras):
    assert across_eras
    for words in across_eras:
        eras = [w for w in words if w.text.startswith("年度（平成")]
        assert eras, [w.text for w in words][:40]
        for era in eras:
            row = [w for w in words if not w.rotated and w.text in {"30", "元"} | {str(n) for n in range(2, 11)}
                   and 0 < era.y0 - w.y1 < 16 and abs(w.x0 - era.x0) < 160]
            assert sorted({w.text for w in row}) == sorted({"30", "元"} | {str(n) for n in range(2, 11)})
            legend = [w for w in words if w.text == "年度目標値（参考）" and w.y0 > era.y0 and abs(w.x0 - era.x0) < 160]
            assert legend and min(w.y0 for w in legend) - era.y1 >= 0.5  # above the legend, not on it
