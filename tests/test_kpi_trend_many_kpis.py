"""A plan of 23 KPIs (a town's 行政改革大綱 of mixed units, 円・%・件・人・回): the 「KPI推移」 sheet's 進捗率 chart drew
every KPI in one chart of the bundled plan's height, 8.9 pt a bar — closer than an 8 pt name is high — and
LibreOffice printed the name of every other KPI only (12 of 23), the bars' labels over each other. A plan of more than
16 KPIs now has the chart in parts of at most 16, each on a page of its own with a row of KPI charts under it: every
KPI's name printed once beside its bar, a bar at least 12 pt apart from the next, every part on the same axis."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from pdf_measure import read_words
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.writer import write_reports
from report_sample import _row, sample_answers, sample_status

TITLE = "KPIの進捗率"  # the 進捗率 chart's title as pdftotext reads it (its words without spaces)
CHART_PT = 264  # the chart's height (22 rows of 12 pt): its names lie under its title within it


def _plan_of(n_kpis: int):
    """The bundled plan with copies of its KPIs (K14 …) up to ``n_kpis``: the same items, owners, units, kinds."""
    data = yaml.safe_load(bundled_plan_text())
    kpis = data["kpis"]
    for n in range(len(kpis), n_kpis):
        copy = dict(kpis[n % 13], id=f"K{n + 1:02d}", name=f"{kpis[n % 13]['name']}（地区{n + 1}）")
        copy["short_name"] = f"{kpis[n % 13].get('short_name', kpis[n % 13]['name'])[:12]}（地区{n + 1}）"
        kpis.append(copy)
    plan, _ = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return plan


def _answers(bundled, plan):
    """The sample answers, and for every copied KPI its owner's 実績値: 40 % of the way from 基準値 to 目標値."""
    answers = sample_answers(bundled, (2026,))
    rows = []
    for kpi in plan.kpis[len(bundled.kpis):]:
        value = kpi.baseline + 0.4 * (kpi.target - kpi.baseline)
        rows.append(_row(2026, kpi.owner, "kpi", kpi.id, "actual", round(value, 3) if kpi.kind == "rate" else round(value)))
    import pandas as pd

    return pd.concat([answers, pd.DataFrame(rows)], ignore_index=True)


@pytest.fixture(scope="module")
def packet(soffice, plan, tmp_path_factory):
    many = _plan_of(23)
    out = tmp_path_factory.mktemp("many-kpis")
    result = write_reports(many, 2026, _answers(plan, many), sample_status(many, (2026,)), out, pdf=True,
                           created=dt.datetime(2026, 5, 1, 10, 0))
    return many, result


def _chart_names(words, names: list[str]) -> list[tuple[str, float]]:
    """The KPI names printed in the 進捗率 chart on a page (under its title, within its height), with their y."""
    title = [w for w in words if w.text.startswith("KPI")]
    lines: dict[int, list] = {}
    for w in words:
        lines.setdefault(round(w.y0), []).append(w)
    top = next((y for y, ws in sorted(lines.items()) if "".join(w.text for w in ws).startswith(TITLE)), None)
    if top is None or not title:
        return []
    found = []
    for y, ws in sorted(lines.items()):
        if top < y < top + CHART_PT:
            text = "".join(w.text for w in sorted(ws, key=lambda w: w.x0))
            name = max((n for n in names if text.startswith(n)), key=len, default=None)
            if name is not None:
                found.append((name, (ws[0].y0 + ws[0].y1) / 2))
    return found


def test_every_kpis_name_is_printed_beside_its_bar(packet):
    plan, result = packet
    names = [k.label for k in plan.kpis]
    pages = [words for _, _, words in read_words(result.pdf)]
    charts = [found for words in pages if (found := _chart_names(words, names))]
    printed = [name for found in charts for name, _ in found]
    assert sorted(printed) == sorted(names), sorted(set(names) - set(printed))  # (before: 12 of 23)
    assert len(charts) == 2  # 12 and 11 KPIs
    for found in charts:  # a bar's name at least 12 pt from the next
        ys = [y for _, y in found]
        assert min(b - a for a, b in zip(ys, ys[1:])) >= 12, ys
    titles = ["".join(w.text for w in words) for words in pages]
    assert sum("（1/2）" in t for t in titles) == sum("（2/2）" in t for t in titles) == 1


@pytest.mark.parametrize(("n_kpis", "sizes"), [
    (0, [0]), (1, [1]), (13, [13]), (16, [16]), (17, [9, 8]), (23, [12, 11]), (32, [16, 16]),
    (33, [11, 11, 11]), (35, [12, 12, 11]), (500, [16] * 20 + [15] * 12),
])
def test_the_overview_parts(n_kpis, sizes):
    from reform_xlsx.report.kpi_trend import OVERVIEW_MOST, overview_parts

    assert OVERVIEW_MOST == 16
    parts = overview_parts(n_kpis)
    assert [len(p) for p in parts] == sizes
    assert [i for p in parts for i in p] == list(range(n_kpis))  # every KPI once, in order


def test_every_parts_axis_prints_at_the_same_x(packet):
    """The parts share one axis: printed, its labels stand at the same x on every part's page (before: 0 % at 165 pt
    on the first page, 203 pt on the second — LibreOffice fitted each plot beside its own part's names)."""
    _, result = packet
    axes = []
    for _, _, words in read_words(result.pdf):
        lines: dict[int, list] = {}
        for w in words:
            lines.setdefault(round(w.y0), []).append(w)
        top = next((y for y, ws in sorted(lines.items()) if "".join(w.text for w in ws).startswith(TITLE)), None)
        if top is None:
            continue
        zero = min((w for w in words if w.text == "0%" and w.y0 > top), key=lambda w: w.y0)  # the axis' line
        labels = sorted((w for w in words if abs(w.y0 - zero.y0) < 1 and w.text.endswith("%")), key=lambda w: w.x0)
        axes.append([(w.text, round((w.x0 + w.x1) / 2, 1)) for w in labels])
    assert len(axes) == 2 and len(axes[0]) >= 3, axes
    assert axes[0] == axes[1]
