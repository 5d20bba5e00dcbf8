"""From the plan's second year on: last year beside this year, per item, per KPI, in 総括, 概要, charts."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pandas as pd
import pytest

from reform_xlsx.report import consolidate
from reform_xlsx.report.model import (
    SHEET_ITEMS,
    SHEET_KPI,
    SHEET_KPI_TREND,
    SHEET_OVERVIEW,
    SHEET_REVIEWS,
    SHEET_SUMMARY,
)
from reform_xlsx.report.writer import write_reports
from reform_xlsx.textwidth import text_units
from report_sample import ACTUALS, _row, sample_answers, sample_status, with_reviews
from sheet_reader import Table, columns, header_row

RANK = {"E": 1, "A": 2, "B": 3, "C": 4, "D": 5}  # the bundled plan's grades, best first


@pytest.fixture(scope="module")
def r9(plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("r9")
    answers = sample_answers(plan, (2026, 2027))
    result = write_reports(plan, 2027, answers, sample_status(plan, (2026, 2027)), out,
                           created=dt.datetime(2027, 5, 1, 10, 0))
    return result, answers


@pytest.fixture(scope="module")
def books(r9):
    result, _ = r9
    return openpyxl.load_workbook(result.workbook), openpyxl.load_workbook(result.workbook, data_only=True)


def grades(answers, year):
    g = answers[(answers["year"] == year) & (answers["field"] == "grade")]
    return {(r.id, r.section): r.value for r in g.itertuples()}


def test_items_show_last_years_grade_and_whether_it_rose_or_fell(r9, books):
    _, answers = r9
    _, values = books
    ws = values[SHEET_ITEMS]
    header = header_row(ws, "改革項目")
    col = columns(ws, header)
    assert "前年度" in col and "増減" in col
    before, now = grades(answers, 2026), grades(answers, 2027)
    seen = {"↑改善": 0, "↓悪化": 0, "→": 0}
    for r in range(header + 1, ws.max_row + 1):
        key = (ws.cell(r, col["ID"]).value, ws.cell(r, col["担当課"]).value)
        if key not in now:
            continue
        prev, cur = before[key], now[key]
        want = "→" if RANK[cur] == RANK[prev] else ("↑改善" if RANK[cur] < RANK[prev] else "↓悪化")
        assert ws.cell(r, col["前年度"]).value == prev, key
        assert ws.cell(r, col["増減"]).value == want, key
        seen[want] += 1
    assert seen["↓悪化"] and seen["↑改善"] and seen["→"]  # the sample has all three


def test_kpis_show_last_years_actual_and_the_change_as_a_formula(plan, books):
    formulas, values = books
    f, v = Table(formulas[SHEET_KPI], "KPI ID"), Table(values[SHEET_KPI], "KPI ID")
    for kpi in plan.kpis:
        before, now = ACTUALS[2026][kpi.id], ACTUALS[2027][kpi.id]
        assert v.value(kpi.id, "前年度") == pytest.approx(before)
        change = (now - before) * (100 if kpi.is_rate else 1)  # rates in points
        assert v.value(kpi.id, "増減") == pytest.approx(change), kpi.id
        assert f.value(kpi.id, "増減").startswith("=IF(OR(")
    assert v.cell("K11", "増減").number_format.startswith("+") and "▲" in v.cell("K11", "増減").number_format


def test_summary_counts_with_the_change_from_last_year(plan, r9, books):
    _, answers = r9
    formulas, values = books
    f, v = Table(formulas[SHEET_SUMMARY], "重点項目"), Table(values[SHEET_SUMMARY], "重点項目")
    before, now = grades(answers, 2026), grades(answers, 2027)
    for code in "ABCDE":
        diff = sum(g == code for g in now.values()) - sum(g == code for g in before.values())
        assert v.value("増減", code) == diff, code
        assert re.fullmatch(r"=[A-Z]+\d+-[A-Z]+\d+", f.value("増減", code))  # this year's 合計 − last year's row
    assert v.value("令和8年度", "A") == sum(g == "A" for g in before.values())
    assert v.value("令和9年度", "A") == sum(g == "A" for g in now.values())


def test_overview_says_the_change_like_a_table_does(r9, books):
    _, answers = r9
    _, values = books
    text = "\n".join(str(c.value) for row in values[SHEET_OVERVIEW].iter_rows() for c in row if c.value)
    before, now = grades(answers, 2026), grades(answers, 2027)
    d = sum(g == "D" for g in now.values()) - sum(g == "D" for g in before.values())
    a = sum(g == "A" for g in now.values()) - sum(g == "A" for g in before.values())
    signed = lambda n: f"+{n}" if n > 0 else (f"▲{-n}" if n < 0 else "±0")  # noqa: E731
    assert f"D 未着手 {sum(g == 'D' for g in now.values())} 件（{signed(d)}）" in text
    assert f"A 計画どおり {sum(g == 'A' for g in now.values())} 件（{signed(a)}）" in text
    fell = sum(RANK[now[k]] > RANK[before[k]] for k in now)
    assert f"前年度から進捗状況が下がった回答は {fell} 件" in text


def _charts(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith("xl/charts/chart")]


def test_every_chart_names_kpis_by_name_and_each_kpi_has_a_trend_chart(plan, r9, books):
    result, _ = r9
    formulas, _ = books
    charts = _charts(result.workbook)
    trend = formulas[SHEET_KPI_TREND]
    labels = {kpi.label for kpi in plan.kpis}
    for xml in charts:
        for ref in re.findall(r"<c:cat>.*?<c:f>(.*?)</c:f>", xml, re.S):
            sheet, cells = ref.rsplit("!", 1)
            ws = formulas[sheet.strip("'")]
            shown = [c.value for row in ws[cells.replace("$", "")] for c in row]
            assert not any(re.fullmatch(r"K\d\d", str(v)) for v in shown), ref  # never K01 … on an axis
            if sheet.strip("'") == SHEET_KPI_TREND and len(shown) == len(plan.kpis):
                assert set(shown) == labels  # the 進捗率 chart: the KPIs' short names
    titles = " ".join(re.findall(r"<a:t>(.*?)</a:t>", "".join(charts)))
    for kpi in plan.kpis:  # one trend chart per KPI, titled by its short name
        assert f"{kpi.label}（" in titles, kpi.id
    series = re.findall(r"<c:ser>.*?<c:tx>.*?<c:v>(.*?)</c:v>", "".join(charts), re.S)
    # each chart's line: 参考 — the bundled plan gives no yearly targets (the page's note says 参考（按分）)
    assert sum(s == "年度目標値（参考）" for s in series) == len(plan.kpis)
    actual = Table(trend, "KPI ID")
    for kpi in plan.kpis:
        assert actual.value(kpi.id, "令和8年度") == pytest.approx(ACTUALS[2026][kpi.id])
        assert actual.value(kpi.id, "令和9年度") == pytest.approx(ACTUALS[2027][kpi.id])
        assert actual.value(kpi.id, "令和6年度") == pytest.approx(kpi.baseline)


def test_the_plan_period_judges_each_kpi_by_its_last_reported_year(plan, tmp_path):
    """「計画期間の総括」 made in the plan's last year with answers up to 令和9年度: each KPI's 判定 is its
    令和9年度 判定 (as the sheet's note says), never 「未報告」 for the years not reported yet."""
    answers = sample_answers(plan, (2026, 2027))
    result = write_reports(plan, 2030, answers, sample_status(plan, (2026, 2027)), tmp_path, final=True,
                           created=dt.datetime(2031, 5, 1, 10, 0))
    wb = openpyxl.load_workbook(result.workbook, data_only=True)
    period = Table(wb["計画期間の総括"], "KPI ID")
    assert "（次の計画の基礎資料）" in "".join(wb["計画期間の総括"].cell(r, 1).value or "" for r in range(2, 7))
    r9 = write_reports(plan, 2027, answers, sample_status(plan, (2026, 2027)), tmp_path / "r9",
                       created=dt.datetime(2027, 5, 1, 10, 0))
    judged = Table(openpyxl.load_workbook(r9.workbook, data_only=True)[SHEET_KPI], "KPI ID").column("判定")
    assert period.column("判定") == judged and "未報告" not in judged.values()
    # 財政効果額 of the years no one has answered yet: blank, never 0; the 合計 of those answered
    rows = [list(r) for r in wb["計画期間の総括"].iter_rows(values_only=True)]
    header = next(n for n, r in enumerate(rows) if "計" in r and "令和8年度" in r)
    total = next(r for r in rows[header:] if consolidate.TOTAL in r)
    years = {label: total[c] for c, label in enumerate(rows[header]) if isinstance(label, str) and label.startswith("令和")}
    assert years["令和8年度"] > 0 and years["令和9年度"] > 0
    assert [years[f"令和{n}年度"] for n in (10, 11, 12)] == [None, None, None]
    assert total[rows[header].index("計")] == years["令和8年度"] + years["令和9年度"]


@pytest.mark.parametrize("values, least, width", [
    ([], 11, 11), ([999_999], 11, 11), ([2_490_000_000], 11, 15), ([12_345_678_901, None, float("nan")], 12, 16),
    ([1234.5], 6, 9), ([-300_000_000], 11, 14),
])
def test_period_figure_width(values, least, width):
    from reform_xlsx.report.model import figure_width

    assert figure_width(values, least) == width


def test_the_plan_periods_yen_columns_hold_a_citys_yearly_total(plan, tmp_path):
    """計画期間の総括: 財政効果額 of 10億円 or more in a year (and the 計 over five years) printed 「###」."""
    answers = sample_answers(plan, (2026, 2027))
    big = answers["field"].eq("effect_yen") & answers["year"].eq(2026)
    answers.loc[big.idxmax(), "value"] = 2_400_000_000
    result = write_reports(plan, 2030, answers, sample_status(plan, (2026, 2027)), tmp_path, final=True,
                           created=dt.datetime(2031, 5, 1, 10, 0))
    ws = openpyxl.load_workbook(result.workbook)["計画期間の総括"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(n for n, r in enumerate(rows) if "計" in r and "令和8年度" in r)
    for label in ("令和8年度", "計"):
        c = rows[header].index(label)
        figure = max(r[c] for r in rows[header + 1:] if isinstance(r[c], int | float))
        assert figure >= 2_400_000_000
        width = next(d.width for d in ws.column_dimensions.values() if d.min <= c + 1 <= d.max)  # runs of one width
        assert width >= len(f"{int(figure):,}") + 1, (label, width)


def test_the_plan_periods_baseline_column_holds_a_13_digit_baseline(plan, tmp_path):
    """計画期間の総括: a 基準値 of 1,500,000,000,000円 (a prefecture's ふるさと納税) printed 「###」 in its column of 11."""
    import dataclasses

    k10 = dataclasses.replace(plan.kpi("K10"), baseline=1_500_000_000_000, target=2_500_000_000_000)
    big = dataclasses.replace(plan, kpis=tuple(k10 if k.id == "K10" else k for k in plan.kpis))
    answers = sample_answers(big, (2026, 2027))
    result = write_reports(big, 2030, answers, sample_status(big, (2026, 2027)), tmp_path, final=True,
                           created=dt.datetime(2031, 5, 1, 10, 0))
    ws = openpyxl.load_workbook(result.workbook)["計画期間の総括"]
    table = Table(ws, "KPI ID")
    c = table.cols["基準値令和6年度"]
    assert table.value("K10", "基準値令和6年度") == 1_500_000_000_000
    width = next(d.width for d in ws.column_dimensions.values() if d.min <= c <= d.max)
    assert width >= text_units("1,500,000,000,000")  # (as 150,000,000 in 11, commas are narrower than digits)


def test_with_no_second_review_yet_the_packet_says_so(plan, tmp_path):
    """A section answered last year's word (意見への対応) but the office has not reviewed this year yet:
    「二次評価はまだありません」, never 「二次評価 0 件のうち、…異なるもの 0 件」."""
    answers = sample_answers(plan, (2026, 2027))
    response = answers.iloc[:1].copy().assign(field="response", value="対応した。", raw="対応した。", year=2027)
    result = write_reports(plan, 2027, pd.concat([answers, response], ignore_index=True),
                           sample_status(plan, (2026, 2027)), tmp_path, created=dt.datetime(2027, 5, 1, 10, 0))
    book = openpyxl.load_workbook(result.workbook)
    text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str))
    assert "二次評価はまだありません" in text and "0 件のうち" not in text


def _cover_rows(book) -> dict[str, tuple[str, float | None, bool]]:
    """The cover's 内容 rows: sheet name → (description, row height, wraps)."""
    ws = book["表紙"]
    rows = {}
    for row in ws.iter_rows(min_col=2, max_col=3):
        name, text = row
        if isinstance(name.value, str) and isinstance(text.value, str) and name.hyperlink is not None:
            rows[name.value] = (text.value, ws.row_dimensions[name.row].height, bool(text.alignment.wrap_text))
    return rows


@pytest.mark.parametrize("year", [2026, 2027])
def test_the_cover_describes_the_review_sheet_whole_and_only_what_the_year_has(plan, tmp_path, year):
    """「二次評価・意見」's description is longer than the cover's column: it wraps in a taller row (it was
    cut off at 「意見への対」); 「各課の意見への対応」 is promised only from the second year (the first has no
    opinions of a year before to answer)."""
    years = tuple(range(2026, year + 1))
    answers = with_reviews(plan, sample_answers(plan, years), year)
    result = write_reports(plan, year, answers, sample_status(plan, years), tmp_path,
                           created=dt.datetime(year + 1, 5, 1, 10, 0))
    rows = _cover_rows(openpyxl.load_workbook(result.workbook))
    text, height, wraps = rows["二次評価・意見"]
    assert text.startswith("人事行政課の二次評価（自己評価と並べて）、本部会議・推進委員会の意見、対応方針")
    assert text.endswith("各課の意見への対応") == (year > 2026)
    assert wraps
    if year > 2026:  # 49 full-width characters: on one line of the cover's column (it was cut off)
        assert height == rows["概要"][1]


def test_a_long_office_name_wraps_on_the_cover_in_a_taller_row(plan, tmp_path):
    import dataclasses

    office = "総務部行政経営課行財政改革推進室"
    plan = dataclasses.replace(plan, words=dataclasses.replace(plan.words, office=office))
    years = (2026, 2027)
    answers = with_reviews(plan, sample_answers(plan, years), 2027)
    result = write_reports(plan, 2027, answers, sample_status(plan, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0))
    rows = _cover_rows(openpyxl.load_workbook(result.workbook))
    text, height, wraps = rows["二次評価・意見"]
    assert text.startswith(office) and wraps
    assert height > rows["概要"][1] and height >= 2 * 10.5  # two lines, not one cut off at the page's edge


def test_a_grade_a_revision_adds_counts_from_zero_in_the_years_before_it(plan, tmp_path):
    """A revision in force from 令和9年度 adds 「F 中止」: 令和8年度 had no such answers (0, and the change
    is counted from 0) — the packet is written (it stopped with a NaN the year the grade came)."""
    import dataclasses

    from reform_xlsx.plan.model import Grade, Revision
    from reform_xlsx.plan.revisions import Revisions

    revised = dataclasses.replace(plan, version="2027-03", revision=Revision(2027),
                                  grades=(*plan.grades, Grade("F", "中止", "取組を中止した", rank=6)))
    years = (2026, 2027)
    answers = sample_answers(plan, years)
    stopped = answers.index[(answers["year"] == 2027) & (answers["field"] == "grade")][:2]
    answers.loc[stopped, ["value", "raw"]] = "F"
    result = write_reports(revised, 2027, answers, sample_status(plan, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0), revisions=Revisions((plan, revised)))
    book = openpyxl.load_workbook(result.workbook, data_only=True)
    overview = " ".join(str(c.value) for row in book[SHEET_OVERVIEW].iter_rows() for c in row if c.value)
    assert "F 中止 2 件（+2）" in overview
    trend = consolidate.trend(revised, answers, 2027, Revisions((plan, revised)).for_year)
    assert trend.set_index("year")["F"].to_dict() == {2026: 0, 2027: 2}


def test_last_years_grades_are_named_and_ranked_by_the_plan_then_in_force(plan, tmp_path):
    """A revision from 令和9年度 removes 「D 未着手」 and renames B: the packet shows last year's grades as
    they were (「前年度 B 概ね計画どおり」), ranks D → C as a rise, names the removed D in the legend and
    counts its answers of the years before under 年度別の推移 (the table's columns are this year's)."""
    import dataclasses

    from reform_xlsx.plan.model import Revision
    from reform_xlsx.plan.revisions import Revisions

    grades = tuple(dataclasses.replace(g, label="おおむね計画どおり") if g.code == "B" else g
                   for g in plan.grades if g.code != "D")
    revised = dataclasses.replace(plan, version="2027-03", revision=Revision(2027), grades=grades)
    years = (2026, 2027)
    answers = sample_answers(plan, years)
    graded = answers[answers["field"] == "grade"]
    first, second = graded[graded["year"] == 2026].iloc[0], graded[graded["year"] == 2026].iloc[1]

    def set_grade(row, year, value):
        at = answers.index[(answers["year"] == year) & (answers["field"] == "grade") & (answers["id"] == row["id"])
                           & (answers["section"] == row["section"])]
        answers.loc[at, ["value", "raw"]] = value

    set_grade(first, 2026, "D")
    set_grade(first, 2027, "C")
    set_grade(second, 2026, "B")
    set_grade(second, 2027, "C")
    answers.loc[(answers["year"] == 2027) & (answers["field"] == "grade") & (answers["value"] == "D"), "value"] = "C"
    kept = Revisions((plan, revised))
    result = write_reports(revised, 2027, answers, sample_status(plan, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0), revisions=kept)
    book = openpyxl.load_workbook(result.workbook, data_only=True)
    overview = " ".join(str(c.value) for row in book[SHEET_OVERVIEW].iter_rows() for c in row if c.value)
    assert f"{first['id']}" in overview and "前年度 D 未着手" in overview  # not a bare 「D」
    assert "前年度 B 概ね計画どおり" in overview and "前年度 B おおむね計画どおり" not in overview
    items = " ".join(str(c.value) for row in book[SHEET_ITEMS].iter_rows() for c in row if c.value)
    assert "前年度のD 未着手は、計画の改訂で今年度はない区分です" in items
    summary = " ".join(str(c.value) for row in book[SHEET_SUMMARY].iter_rows() for c in row if c.value)
    assert "今年度はない進捗状況の区分の回答は、上の表の列に含めていません: D 未着手（令和8年度" in summary
    from reform_xlsx.report.model import ReportData

    report = ReportData.build(revised, 2027, answers, sample_status(plan, years), revisions=kept,
                              created=dt.datetime(2028, 5, 1, 10, 0))
    row = report.items[(report.items["item_id"] == first["id"]) & (report.items["section"] == first["section"])]
    assert row["change"].tolist() == [1]  # D (ranked below C in 令和8年度's plan) → C: a rise, not 「→」


def test_a_kpi_without_baseline_shows_in_the_period_view_the_baseline_its_judgement_used(tmp_path):
    """計画期間の総括 gives a KPI the plan has no baseline for the first reported actual as its 基準値, marked
    「＊」 and named with its year — as KPI達成状況 does — never a blank (the note calls a blank 未報告)."""
    import yaml

    from reform_xlsx.plan.loading import bundled_plan_text, parse_plan

    data = yaml.safe_load(bundled_plan_text())
    next(k for k in data["kpis"] if k["id"] == "K13")["baseline"] = None
    plan, _ = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "measured")
    answers = sample_answers(plan, (2026, 2027))
    answers = answers[~((answers["year"] == 2026) & (answers["kind"] == "kpi") & (answers["id"] == "K13"))]
    result = write_reports(plan, 2027, answers, sample_status(plan, (2026, 2027)), tmp_path,
                           created=dt.datetime(2027, 5, 1, 10, 0), final=True)
    ws = openpyxl.load_workbook(result.workbook)["計画期間の総括"]
    rows = {r[0].value: r for r in ws.iter_rows() if r[0].value in ("K13", "K12")}
    assert rows["K13"][3].value == ACTUALS[2027]["K13"] and rows["K13"][3].number_format.endswith('"＊"')
    assert rows["K12"][3].value == plan.kpi("K12").baseline and not rows["K12"][3].number_format.endswith('"＊"')
    note = "".join(ws.cell(r, 1).value or "" for r in range(2, 7))
    assert "（K13 令和9年度）" in note
    # made in 令和9年度: a summary half-way through, and it says so (not 「次の計画の基礎資料」)
    assert "（計画期間の途中のまとめ。計画期間は令和8年度～令和12年度）" in note and "次の計画の基礎資料" not in note


def test_a_kpi_never_reported_is_judged_unreported_in_the_period_view(plan, tmp_path):
    """A KPI no section ever reported: 計画期間の総括 says 「未報告」 as KPI達成状況 does, never a blank 判定."""
    answers = sample_answers(plan, (2026, 2027))
    answers = answers[~((answers["kind"] == "kpi") & (answers["id"] == "K13"))]
    result = write_reports(plan, 2027, answers, sample_status(plan, (2026, 2027)), tmp_path,
                           created=dt.datetime(2027, 5, 1, 10, 0), final=True)
    wb = openpyxl.load_workbook(result.workbook, data_only=True)
    period = Table(wb["計画期間の総括"], "KPI ID").column("判定")
    judged = Table(wb[SHEET_KPI], "KPI ID").column("判定")
    assert period["K13"] == judged["K13"] == "未報告"


def test_last_years_opinions_alone_add_no_review_sheet(plan, tmp_path):
    """R8 has the office's word on R7 but no 推進室評価 of its own and no section answered 意見への対応: the
    packet and 公表用 have no 「二次評価・意見」 sheet (it would show only 「二次評価・意見はまだありません。」),
    the cover does not list it, and 改革項目一覧 has no 二次評価 column."""
    years = (2026, 2027)
    answers = with_reviews(plan, sample_answers(plan, years), 2026)
    result = write_reports(plan, 2027, answers, sample_status(plan, years), tmp_path, public=True,
                           created=dt.datetime(2027, 5, 1, 10, 0))
    for path in (result.workbook, result.public):
        wb = openpyxl.load_workbook(path)
        assert SHEET_REVIEWS not in wb.sheetnames
        cover = [c.value for row in wb["表紙"].iter_rows() for c in row if isinstance(c.value, str)]
        assert not any(SHEET_REVIEWS in v for v in cover)
        head = [c.value for row in wb[SHEET_ITEMS].iter_rows(max_row=6) for c in row]
        assert "二次評価" not in head and "前年度\n令和8年度" in head


def test_every_cover_fits_its_page_at_full_size(plan, tmp_path):
    """The 事務局用 cover of the plan's last year (14 sheets listed, with a 会議日) was taller than its page:
    fitted to it, LibreOffice left the last row 「データ」 out of the PDF. Every cover now fits at full size."""
    from reform_xlsx.report.summary import COVER_PAGE_WIDTH, COVER_TEXT_WIDTH
    from reform_xlsx.xlsx.style import page_rows_height

    years = (2026, 2027)
    answers = with_reviews(plan, sample_answers(plan, years), 2027)
    for meeting in (None, dt.date(2031, 7, 1)):
        result = write_reports(plan, 2030, answers, sample_status(plan, years), tmp_path / str(meeting), final=True,
                               public=True, meeting_date=meeting, created=dt.datetime(2031, 5, 1, 10, 0))
        for path in (result.workbook, result.office, result.public):
            ws = openpyxl.load_workbook(path)["表紙"]
            rows = [r for r in range(1, ws.max_row + 1)]
            height = sum(ws.row_dimensions[r].height or 15 for r in rows)
            assert height <= page_rows_height((4, 20, COVER_TEXT_WIDTH, COVER_PAGE_WIDTH)), (path.name, height)
            last = max(r for r in rows if ws.cell(r, 2).value)
            assert ws.print_area.endswith(f"$D${last}")  # the print area ends at its last row (with the pages)
            if path == result.office:
                assert ws.cell(last, 2).value == "データ"


@pytest.mark.parametrize("widths, size", [
    ((6, 30, 6, 11, 11, 11, 11, 11, 11, 12, 9), 9),  # the bundled plan's figures: the note as ever
    ((6, 30, 6, 11, 17, 17, 17, 17, 17, 19, 9), 9),
    ((6, 30, 6, 11, 18, 18, 18, 18, 18, 20, 20, 9), 11),  # 1,375億円 a year, a revised target: larger
])
def test_a_notes_lines_print_at_8_pt_on_a_sheet_the_fit_shrinks(widths, size):
    """計画期間の総括 of a city summing 1,375億円 a year in one area: the figure columns shrank the page and its
    note printed at 7.6 pt."""
    import xlsxwriter

    from reform_xlsx.xlsx.style import Styles, fitted_scale

    st = Styles(xlsxwriter.Workbook(io.BytesIO()))
    fmt = st.note_for(widths)
    assert fmt.font_size == size and fmt.font_size * fitted_scale(widths) * 0.97 >= 8.0


def test_the_kpi_sheets_notes_print_at_8_pt_beside_13_digit_figures(plan, tmp_path, monkeypatch):
    """KPI達成状況 with 13-digit figures (a measured base 「1,234,567,890,123＊」, last year's value, the 増減): its
    columns shrank the page and its note printed at 7.8 pt. (The columns are made as wide as such figures make them.)"""
    from dataclasses import replace as widened

    from reform_xlsx.report import kpis
    from reform_xlsx.xlsx.style import fitted_scale

    columns = kpis.kpi_columns
    monkeypatch.setattr(kpis, "kpi_columns", lambda data: tuple(widened(c, width=c.width * 1.35) for c in columns(data)))
    years = (2026, 2027)
    result = write_reports(plan, 2027, sample_answers(plan, years), sample_status(plan, years), tmp_path,
                           created=dt.datetime(2028, 5, 1, 10, 0))
    ws = openpyxl.load_workbook(result.workbook)["KPI達成状況"]
    last = max(d.max for d in ws.column_dimensions.values() if d.width)
    widths = tuple(next(d.width for d in ws.column_dimensions.values() if d.min <= c <= d.max) - 0.7109375
                   for c in range(1, last + 1))
    note = ws.cell(2, 1)
    assert fitted_scale(widths) * 9 < 8.0  # the page shrinks: 9 pt would print under 8 pt
    assert isinstance(note.value, str) and note.font.sz * fitted_scale(widths) * 0.97 >= 8.0, (note.font.sz, widths)


def test_a_fall_of_a_billion_yen_in_the_total_fits_its_column(plan, tmp_path):
    """総括's 増減 under 合計（円）: last year's 1,234,567,890 円 to none this year is 「▲1,234,567,890」,
    longer than any amount in the column; it printed 「###」."""
    answers = sample_answers(plan, (2026, 2027))
    yen = answers["field"].eq("effect_yen")
    answers = answers[~(yen & answers["year"].eq(2027))]
    last = answers.index[answers["field"].eq("effect_yen")]
    answers = answers.drop(last[1:])
    answers.loc[last[0], "value"] = 1_234_567_890
    result = write_reports(plan, 2027, answers, sample_status(plan, (2026, 2027)), tmp_path,
                           created=dt.datetime(2027, 5, 1, 10, 0))
    ws = openpyxl.load_workbook(result.workbook, data_only=True)[SHEET_SUMMARY]
    row = next(r for r in ws.iter_rows() if r[0].value == "増減")
    cell = [c for c in row if c.number_format.startswith("+#,##0;▲")][-1]  # 合計（円） is the last column
    assert cell.value == -1_234_567_890
    width = next(d.width for d in ws.column_dimensions.values() if d.min <= cell.column <= d.max)
    assert width >= text_units("▲1,234,567,890") + 1, width


def test_the_publication_carries_an_answer_only_beside_the_word_it_publishes(plan, tmp_path):
    """意見への対応 to last year's committee opinion is published; an answer to the office's comment or the
    本部会議's remarks alone is internal like them (「市長のご指摘を受け…」 would tell citizens what was said)."""
    answers = with_reviews(plan, sample_answers(plan, (2026, 2027)))
    reviews = answers[answers["kind"].eq("review") & answers["year"].eq(2026)]
    public_word = reviews[reviews["field"].eq("committee_opinion")].iloc[0]
    internal = reviews.groupby(["id", "section"])["field"].agg(set)
    internal = internal[internal.map(lambda f: not f & {"committee_opinion", "policy"})].index[0]
    answered = {(public_word["id"], public_word["section"]): "委員会の意見を受けて指標を定めた。",
                internal: "本部会議での市長の指摘を受けて見直した。"}
    rows = [_row(2027, s, "item", i, "response", text) for (i, s), text in answered.items()]
    answers = pd.concat([answers, pd.DataFrame(rows)], ignore_index=True)
    result = write_reports(plan, 2027, answers, sample_status(plan, (2026, 2027)), tmp_path, public=True,
                           created=dt.datetime(2027, 5, 1, 10, 0))

    def text(path, sheet=SHEET_REVIEWS):
        frame = pd.read_excel(path, sheet_name=sheet, header=None, engine="calamine")
        return " ".join(str(v) for v in frame.to_numpy().ravel() if isinstance(v, str))

    assert all(a in text(result.workbook) for a in answered.values())  # the packet shows both
    shown = text(result.public)
    assert "委員会の意見を受けて指標を定めた。" in shown and "市長の指摘" not in shown
    csv = pd.read_csv(result.public_csv[0], encoding="utf-8-sig", dtype=str)
    responses = set(csv["意見への対応"].dropna())
    assert responses == {"委員会の意見を受けて指標を定めた。"}
