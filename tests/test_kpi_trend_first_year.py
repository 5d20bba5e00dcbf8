"""A plan whose first year follows its base year (基準値 令和7年度, 令和8～17年度): in its first year's packet each small
chart labels the baseline and the latest 実績値 on two neighbouring years, 20 px apart on a ten-year axis — and
LibreOffice printed 「24.0%」 over 「26.0%」. The latest label then goes to the right of its point (the years to come have
no label yet); where the two stand apart, as in the bundled plan, nothing moves."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from pdf_measure import read_words
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.kpi_trend import label_text_px, latest_label_position
from reform_xlsx.report.writer import write_reports
from report_sample import sample_answers, sample_status

TEN = [None] * 10  # the years to come of a ten-year plan's first year


@pytest.mark.parametrize(("value", "number_format", "text"), [
    (10461, "#,##0", "10,461"),
    (0.989, "0.0%", "98.9%"),
    (150_000, "#,##0,", "150"),  # in thousands
    (12.5, "#,##0.0", "12.5"),
    (6_290_000, "#,##0,,", "6"),
])
def test_a_labels_width_is_its_text_as_printed(value, number_format, text):
    assert label_text_px(value, number_format) == pytest.approx(len(text) * 5.6)


@pytest.mark.parametrize(("actual", "at", "axis", "category_px", "fmt", "placed"), [
    ([8500, 10461] + TEN, "above", (0, 30000), 22, "#,##0", "right"),      # side by side, as high: apart to the right
    ([0.24, 0.26] + TEN, "above", (0.0, 0.4), 22, "0.0%", "right"),
    ([0, 12] + TEN, "above", (0, 250), 22, "#,##0", "above"),             # short labels: already apart
    ([8500, 25000] + TEN, "above", (0, 30000), 22, "#,##0", "above"),     # far apart in height
    ([0.24, None, 0.26, None, None], "below", (0.0, 0.4), 30, "0.0%", "below"),  # a year between (the bundled plan)
    ([0.24, 0.26], "above", (0.0, 0.4), 22, "0.0%", "above"),             # the plan's last year: final_label_positions'
    ([0.24] + TEN, "above", (0.0, 0.4), 22, "0.0%", "above"),             # the baseline alone
    # a four-year plan's first year (令和8年度 base, 令和9～12年度), its years some 36 px apart by the estimate: LibreOffice
    # drew the plot narrower (25.2–26.9 pt apart where 27.2 was estimated) and printed 「24,00023,136」 as one word
    ([24000, 23136, None, None, None], "below", (0, 30000), 36.3, "#,##0", "right"),
    ([35000, 38831, None, None, None], "below", (0, 60000), 36.3, "#,##0", "right"),
    ([1200, 1359, None, None, None], "below", (0, 3000), 36.3, "#,##0", "below"),      # 5 pt apart on paper: stays
    ([0.42, 0.493, None, None, None], "below", (0.0, 1.0), 36.3, "0.0%", "below"),    # 4 pt apart on paper: stays
])
def test_the_latest_label_moves_right_only_when_it_would_print_over_the_baselines(actual, at, axis, category_px, fmt,
                                                                                 placed):
    assert latest_label_position(actual, at, *axis, 63.6, category_px, fmt) == placed


@pytest.fixture(scope="module")
def first_year_trend(soffice, tmp_path_factory):
    data = yaml.safe_load(bundled_plan_text())
    data["plan"]["period"] = {"start": "R8", "end": "R17"}
    data["plan"]["baseline_year"] = "R7"
    plan, _ = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    bundled, _ = parse_plan(bundled_plan_text())
    result = write_reports(plan, 2026, sample_answers(bundled, (2026,)), sample_status(plan, (2026,)),
                           tmp_path_factory.mktemp("first_year"), created=dt.datetime(2026, 5, 1, 10, 0), pdf=True)
    pages = [words for _, _, words in read_words(result.pdf)]
    return [words for words in pages if any(w.text == "KPI推移" and w.y0 < 40 for w in words)
            and any(w.text == "年度目標値（参考）" for w in words)]  # the pages of small charts


def test_no_two_labels_of_a_chart_print_on_each_other(first_year_trend):
    assert first_year_trend
    on_each_other = [(a.text, b.text) for words in first_year_trend for i, a in enumerate(words) for b in words[i + 1:]
                     if min(a.x1, b.x1) - max(a.x0, b.x0) > 3 and min(a.y1, b.y1) - max(a.y0, b.y0) > 4]
    assert on_each_other == []
