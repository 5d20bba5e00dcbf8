"""Another town's KPIs have long names and no short name (「証明書等のコンビニエンスストアにおける自動交付機を利用した交付
件数が全交付件数に占める割合」): each small chart of 「KPI推移」 titled it in full, LibreOffice wrapped the title to three
lines and drew the third over the plot's top value label (「40%」 inside 「数が全交付件数に占める割合（%）」). A title now
takes at most two lines, broken by the Japanese rules, the unit whole at its end, a name longer than that cut short
with 「…」 (the tables above and below print it in full)."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from pdf_measure import read_words
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.report.kpi_trend import TITLE_CHAR_PX, TITLE_LINE, small_chart_title
from reform_xlsx.report.writer import write_reports
from reform_xlsx.textwidth import text_units
from report_sample import sample_answers, sample_status

CONVENIENCE = "証明書等のコンビニエンスストアにおける自動交付機を利用した交付件数が全交付件数に占める割合"
CASHLESS = "市税等のキャッシュレス決済（スマートフォン決済アプリ及びクレジットカード）による納付率"
LONG_NAMES = {"K01": CONVENIENCE, "K02": CASHLESS,
              "K04": "市民のマイナンバーカード保有率（住民基本台帳人口に対する割合）",
              "K11": "年間超過勤務時間が150時間を超えた職員の数（会計年度任用職員を除く）"}
WIDTH_PX = 267  # a chart of the bundled plan's packet is about this wide: 32 half-width characters a line


def _capacity(width_px: float) -> int:
    return int(width_px * TITLE_LINE / TITLE_CHAR_PX)


@pytest.mark.parametrize(("label", "unit", "title", "two_lines"), [
    ("コンビニ交付率", "%", "コンビニ交付率（%）", False),  # fits one line
    ("ネーミングライツ付与施設数", "百万施設", "ネーミングライツ付与施設数\n（百万施設）", True),  # broken before the unit
    ("年間超過勤務時間が150時間超の職員数", "人", "年間超過勤務時間が150時間超の\n職員数（人）", True),  # the name on two
    (CONVENIENCE, "%", "証明書等のコンビニエンスストアに\nおける自動交付機を利用し…（%）", True),  # cut short
    (CASHLESS, "%", "市税等のキャッシュレス決済\n（スマートフォン決済アプ…（%）", True),  # a line may end before 「（」
    ("ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵ率の推移", "千円",  # a word longer than a line: broken all the same
     "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰ\nＱＲＳＴＵ率の推移（千円）", True),  # two full lines: nothing cut
    ("市民　満足度　" * 6, "件", "市民　満足度　市民　満足度　市民\n満足度　市民　満足度　市…（件）", True),  # no space
    # at the end of the first line (past it, as LibreOffice would not show it)
])
def test_a_small_charts_title_takes_at_most_two_lines_with_its_unit_whole(label, unit, title, two_lines):
    assert small_chart_title(label, unit, WIDTH_PX) == (title, two_lines)


@pytest.mark.parametrize(("label", "unit", "title", "two_lines"), [
    ("窓口での平均待ち時間（分）", "分", "窓口での平均待ち時間（分）", False),  # another city's KPI: its unit once
    ("窓口での平均待ち時間(分)", "分", "窓口での平均待ち時間（分）", False),
    ("職員の年間時間外勤務時間（時間）", "時間", "職員の年間時間外勤務時間（時間）", False),
    ("ふるさと納税による寄附額（円）", "百万円", "ふるさと納税による寄附額（円）\n（百万円）", True),  # another unit: kept
    ("研修の受講者数（人）（累計）", "人", "研修の受講者数（人）（累計）\n（人）", True),  # not at the end: kept
])
def test_a_name_ending_with_its_unit_has_the_unit_once(label, unit, title, two_lines):
    assert small_chart_title(label, unit, WIDTH_PX) == (title, two_lines)


@pytest.mark.parametrize(("width_px", "title"), [
    (220, "地域づくり協議会の数\n（累計）（団体）"),  # broken before the bracket, never 「（累」「計）」 (another plan's KPI)
    (267, "地域づくり協議会の数（累計）\n（団体）"),
])
def test_a_title_is_not_broken_inside_brackets(width_px, title):
    assert small_chart_title("地域づくり協議会の数（累計）", "団体", width_px) == (title, True)


@pytest.mark.parametrize("width_px", [150, 194, 220, 267, 400])
@pytest.mark.parametrize("label", [*LONG_NAMES.values(), "電子申告の利用率（給与報告書）", "人" * 200, "KPI" * 40,
                                   "市民　満足度　" * 12])
def test_every_title_line_fits_the_chart_and_only_a_cut_name_loses_characters(label, width_px):
    title, two_lines = small_chart_title(label, "件", width_px)
    lines = title.split("\n")
    assert len(lines) == (2 if two_lines else 1)
    assert all(text_units(line) <= _capacity(width_px) for line in lines), lines
    assert lines[-1].endswith("（件）")
    joined = "".join(lines)
    if "…" in joined:  # the start of the name, then 「…」 and the unit
        kept = joined[:joined.index("…")]
        assert label.replace("　", "").startswith(kept.replace("　", ""))
    else:
        assert joined == label + "（件）"


@pytest.fixture(scope="module")
def trend_pages(soffice, tmp_path_factory):
    """The 令和8年度 packet of the sample answers for the bundled plan with four KPIs of long names and no KPI's short
    name, as LibreOffice prints its 「KPI推移」 pages."""
    bundled, _ = parse_plan(bundled_plan_text())
    data = yaml.safe_load(bundled_plan_text())
    for kpi in data["kpis"]:
        kpi.pop("short_name", None)
        kpi["name"] = LONG_NAMES.get(kpi["id"], kpi["name"])
    plan, _ = parse_plan(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    result = write_reports(plan, 2026, sample_answers(bundled, (2026,)), sample_status(plan, (2026,)),
                           tmp_path_factory.mktemp("long-names"), pdf=True, created=dt.datetime(2026, 5, 1, 10, 0))
    pages = [words for _, _, words in read_words(result.pdf)]
    return [words for words in pages if any(w.text.startswith("KPI推移（") for w in words)
            or any("年度目標値（参考）" in w.text for w in words)]


def test_no_chart_title_is_printed_over_the_plot(trend_pages):
    assert trend_pages
    overlaps = []
    for words in trend_pages:
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                across = min(a.x1, b.x1) - max(a.x0, b.x0)
                down = min(a.y1, b.y1) - max(a.y0, b.y0)
                if across > 1 and down > 4:  # more than a line's leading: one text over the other
                    overlaps.append((a.text, b.text))
    assert overlaps == []


def test_a_cut_title_still_names_its_kpi_and_unit(trend_pages):
    texts = ["".join(w.text for w in words) for words in trend_pages]
    assert any("証明書等のコンビニエンスストアにおける自動交付機を利用し…（%）" in t for t in texts)
    assert any("年間超過勤務時間が150時間を超えた職員の数（会計年度…（人）" in t for t in texts)


LONG_UNIT = "人（会計年度任用職員を除く）"  # a unit with its note: longer than a 150 px chart's line


@pytest.mark.parametrize("width_px", [150, 172, 267])
@pytest.mark.parametrize("label", ["職員数", "超過勤務150時間超の職員", CONVENIENCE, "改行を含む\n指標名",
                                   "長い指標名の途中に\n改行を含む指標名の例で年間超過勤務時間が150時間を超えた職員の数"])
@pytest.mark.parametrize("unit", ["件", "件（延べ）", "件（延べ件数）", LONG_UNIT, LONG_UNIT * 2, "件\n（延べ）"])
def test_no_title_takes_three_lines_whatever_its_unit_or_line_breaks(label, unit, width_px):
    """A unit longer than what a line leaves beside 「…」 (「人（会計年度任用職員を除く）」 on a 150 px chart), or a line
    break written in the plan's name or unit, made a third line (「…（人（会計年度任用職員を除く））」 alone longer than
    the line; 「改行を含む」「指標名」「（件）」), which LibreOffice draws over the plot: the name's start on the first line
    and the unit's on the second, each cut short with 「…」 where it is longer; a line break read as a space."""
    title, two_lines = small_chart_title(label, unit, width_px)
    lines = title.split("\n")
    assert len(lines) == (2 if two_lines else 1), lines
    assert all(text_units(line) <= _capacity(width_px) for line in lines), lines
    assert lines[-1].endswith("）") and "（" in lines[-1]
    assert lines[0].replace(" ", "")[:2] == label[:2]  # the name's start, always
    assert "（" + unit[0] in lines[-1]  # the unit's start, always
