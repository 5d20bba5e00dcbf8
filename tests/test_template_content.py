"""What goes into a template's locked cells, and the fingerprint over them (pure functions)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from reform_xlsx.form import content as tc
from reform_xlsx.form import layout
from reform_xlsx.plan.model import Phase
from reform_xlsx.templates.guide import deadline_text
from reform_xlsx.wareki import FiscalYearError
from reform_xlsx.xlsx.sizing import line_count, row_height


@pytest.mark.parametrize("item_id, section, expected", [
    ("1-1-1", "DX推進課", "市民課\n関係課"),
    ("1-1-1", "市民課", "DX推進課\n関係課"),
    ("1-1-3", "税務課", "DX推進課\n市民課\n関係課"),
    ("1-1-4", "財政課", tc.ONLY_THIS_SECTION),
    ("1-1-2", "人事行政課", "関係課"),
])
def test_other_sections(plan, item_id, section, expected):
    assert tc.other_sections_text(plan.item(item_id), section) == expected


@pytest.mark.parametrize("item_id, changes, expected", [
    ("1-1-4", {}, "令和8年度～\n令和12年度"),
    ("1-1-2", {}, "令和8年度～\n令和12年度"),  # the plan's 「①」 in R9 is not shown (the 記入要領 says why)
    ("1-1-3", {"start": 2027, "end": 2027}, "令和9年度"),
    ("1-1-3", {"start": 2028}, "令和10年度～\n令和12年度"),
])
def test_schedule_text(plan, item_id, changes, expected):
    assert tc.schedule_text(replace(plan.item(item_id), **changes)) == expected


STAGES = (Phase(2026, 2027, "検討"), Phase(2028, 2030, "実施"))


@pytest.mark.parametrize("phases, year, expected", [
    (STAGES, None, "令和8～9年度 検討\n令和10年度～ 実施"),  # as a section reads the plan's 工程表
    (STAGES, 2027, "▶令和8～9年度 検討\n令和10年度～ 実施"),  # what is planned for the template's year
    (STAGES, 2029, "令和8～9年度 検討\n▶令和10年度～ 実施"),
    ((Phase(2027, 2027), None, Phase(2028, 2029)), 2027, "▶令和9年度 ①\n令和10～11年度 ③"),  # no stage word: its number
    ((None, None), 2027, "令和8年度～\n令和12年度"),  # the plan gives no years: the item's
])
def test_schedule_text_of_the_actions(plan, phases, year, expected):
    item = replace(plan.item("1-1-2"), phases=phases)
    assert tc.schedule_text(item, year, plan.end_year) == expected


@pytest.mark.parametrize("item_id, expected", [
    ("1-1-4", "一般業務委託、物品等への運用拡大"),
    ("1-1-2", "①公文書のうち公印を押印する文書の明確化、条例等の署名を省略する手法の検討\n"
              "②公印押印事務の簡略化の実施、条例等の署名省略の実施"),
])
def test_actions_text(plan, item_id, expected):
    assert tc.actions_text(plan.item(item_id)) == expected


@pytest.mark.parametrize("section, items, kpis", [
    ("人事行政課", 10, 1), ("財政課", 10, 2), ("観光課", 1, 0), ("市民課", 4, 3), ("税務課", 4, 5),
])
def test_rows_per_section(plan, section, items, kpis):
    rows = tc.locked_rows(plan, 2026, section)
    assert len(rows[layout.SHEET_ITEMS]) == items
    assert len(rows.get(layout.SHEET_KPI, {})) == kpis
    assert list(rows[layout.SHEET_ITEMS]) == [i.id for i in plan.items_for(section)]


@pytest.mark.parametrize("kpi_id, year, expected", [
    ("K04", 2026, 0.826667),  # 79 % → 90 %, one third of the way
    ("K11", 2026, 70),  # 85 → 40 人
    ("K12", 2026, 6060000),  # PPC 629万 → 560万 枚
    ("K09", 2026, 1.666667),  # 1 → 3 施設: full precision (the cell shows 「※2」)
    ("K10", 2026, 183333333),  # 1.5億 → 2.5億 円, whole yen
    ("K13", 2030, 495),
])
def test_year_target_as_written(plan, kpi_id, year, expected):
    assert tc.kpi_values(plan, year, plan.kpi(kpi_id))["year_target"] == expected


@pytest.mark.parametrize("value, expected", [
    (None, None), ("", None), (85, 85), (85.0, 85), (0.8266666666666667, 0.826666667),
    ("a\r\nb", "a\nb"), ("=1+1", "=1+1"), (float("nan"), "nan"),
])
def test_canonical_value(value, expected):
    assert tc.canonical_value(value) == expected


def test_fingerprint_sees_every_locked_value_and_ignores_number_types(plan):
    rows = tc.locked_rows(plan, 2026, "財政課")
    base = tc.fingerprint(rows)
    assert len(base) == 64 and base == tc.fingerprint(tc.locked_rows(plan, 2026, "財政課"))
    as_floats = {s: {i: {k: float(v) if isinstance(v, int) else v for k, v in r.items()} for i, r in by.items()}
                 for s, by in rows.items()}
    assert tc.fingerprint(as_floats) == base
    changed = {s: {i: dict(r) for i, r in by.items()} for s, by in rows.items()}
    changed[layout.SHEET_KPI]["K12"]["target"] = 5600001
    assert tc.fingerprint(changed) != base
    assert tc.fingerprint(tc.locked_rows(plan, 2027, "財政課")) != base  # 今年度目標値 differs by year


def history_frame(rows):
    return pd.DataFrame(rows, columns=["year", "section", "kind", "id", "field", "value"])


def test_history_columns_and_values(plan):
    history = history_frame([
        (2026, "財政課", "item", "1-1-4", "grade", "B"),
        (2026, "財政課", "item", "1-1-4", "result", "入札要領を改正した"),
        (2026, "税務課", "item", "1-1-3", "grade", "A"),  # another section: not shown to 財政課
        (2026, "財政課", "kpi", "K12", "actual", 6100000),
        (2027, "市民課", "item", "1-1-1", "grade", "C"),
        (2028, "財政課", "item", "1-1-4", "grade", "A"),  # not earlier than R10: ignored
    ])
    # 取組状況 shows the latest earlier year (A4 at 8 pt or more), KPI the latest two.
    assert tc.history_years(history, 2028, layout.SHEET_ITEMS) == (2027,)
    assert tc.history_years(history, 2028, layout.SHEET_KPI) == (2026, 2027)
    sheets = {s.name: s for s in tc.section_content(plan, 2028, "財政課", history)}
    labels = [c.label for c in sheets[layout.SHEET_ITEMS].columns]
    assert labels[5:7] == ["令和9年度\n進捗状況", "令和9年度\n取組実績"]
    assert labels[7:] == [c.label for c in layout.item_input_columns()]
    kpi_labels = [c.label for c in sheets[layout.SHEET_KPI].columns]
    assert kpi_labels[8:10] == ["令和8年度\n実績値", "令和9年度\n実績値"]
    rows = tc.locked_rows(plan, 2028, "財政課", history)
    assert rows[layout.SHEET_ITEMS]["1-1-4"]["R9.grade"] == "未回答"  # 財政課 answered nothing in R9
    assert rows[layout.SHEET_ITEMS]["1-1-4"]["R9.result"] is None
    assert "R8.grade" not in rows[layout.SHEET_ITEMS]["1-1-4"]
    assert rows[layout.SHEET_KPI]["K12"]["R8.actual"] == 6100000
    r9 = tc.locked_rows(plan, 2027, "財政課", history)
    assert r9[layout.SHEET_ITEMS]["1-1-4"]["R8.grade"] == "B 概ね計画どおり"
    assert r9[layout.SHEET_ITEMS]["1-1-4"]["R8.result"] == "入札要領を改正した"
    assert "R8.grade" not in tc.locked_rows(plan, 2028, "財政課")[layout.SHEET_ITEMS]["1-1-4"]


def _kpi_from(plan, kpi_id, start):
    """``plan`` with ``kpi_id`` reported only from ``start`` (a KPI a revision added)."""
    return replace(plan, kpis=tuple(replace(k, start=start) if k.id == kpi_id else k for k in plan.kpis))


# 市民課's 令和10年度 form: 市民課 answered 令和8年度 and not 令和9年度 (未提出, then never; 財政課 did answer R9).
GAP_HISTORY = [
    (2026, "市民課", "item", "1-1-1", "grade", "B"),
    (2026, "市民課", "item", "1-1-1", "result", "コンビニ交付を始めた"),
    (2026, "市民課", "kpi", "K01", "actual", 0.262),
    (2027, "財政課", "item", "1-1-4", "grade", "A"),
    (2027, "財政課", "kpi", "K12", "actual", 6000000),
]


@pytest.mark.parametrize("kpi_start, sheet, row_id, key, expected", [
    (0, layout.SHEET_ITEMS, "1-1-1", "R9.grade", "未回答"),  # asked, never answered: not a blank
    (0, layout.SHEET_ITEMS, "1-1-1", "R9.result", None),  # the 進捗状況 says it; no text made up
    (0, layout.SHEET_ITEMS, "1-1-5", "R9.grade", "未回答"),
    (0, layout.SHEET_KPI, "K01", "R8.actual", 0.262),  # the year it answered: as it answered
    (0, layout.SHEET_KPI, "K01", "R9.actual", "未報告"),  # a blank reads as nothing (or 0) to report
    (0, layout.SHEET_KPI, "K03", "R8.actual", "未報告"),
    (2027, layout.SHEET_KPI, "K03", "R8.actual", None),  # not reported before 令和9年度: nothing was asked
    (2027, layout.SHEET_KPI, "K03", "R9.actual", "未報告"),
])
def test_an_earlier_year_the_section_never_answered_says_so(plan, kpi_start, sheet, row_id, key, expected):
    """The 灰色 columns of an earlier year a section was asked for and did not answer (its 調査票 never came,
    or came back 差し戻し and never again) said nothing: a blank 「令和9年度 実績値」 beside this year's input reads
    as nothing to report, or 0. They say 「未回答」「未報告」; a year the KPI was not in the plan stays blank."""
    now = _kpi_from(plan, "K03", kpi_start) if kpi_start else plan
    rows = tc.locked_rows(now, 2028, "市民課", history_frame(GAP_HISTORY))
    assert rows[sheet][row_id][key] == expected


def test_an_earlier_year_of_an_item_not_yet_in_the_plan_stays_blank(plan):
    """An item a revision adds from 令和9年度 was asked of no one in 令和8年度: no 「未回答」 there."""
    later = replace(plan, areas=tuple(replace(a, categories=tuple(replace(c, items=tuple(
        replace(i, start=2027) if i.id == "1-1-5" else i for i in c.items)) for c in a.categories))
        for a in plan.areas))
    rows = tc.locked_rows(later, 2027, "市民課", history_frame(GAP_HISTORY))[layout.SHEET_ITEMS]
    assert rows["1-1-5"]["R8.grade"] is None
    assert rows["1-1-1"]["R8.grade"] == "B 概ね計画どおり"


@pytest.mark.parametrize("history", [None, history_frame([])])
def test_no_history_no_history_columns(plan, history):
    sheets = tc.section_content(plan, 2026, "市民課", history)
    assert [c.key for c in sheets[0].columns] == [c.key for c in layout.ITEM_COLUMNS]


@pytest.mark.parametrize("text, expected", [
    ("2026-05-29", "令和8年5月29日（金）"), ("2027/3/1", "令和9年3月1日（月）"), ("令和9年5月28日", "令和9年5月28日（金）"),
    (None, "（取りまとめ課からの通知をご確認ください）"), ("", "（取りまとめ課からの通知をご確認ください）"),
])
def test_deadline_text(text, expected):
    assert deadline_text(text) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "5月末"])
def test_a_deadline_that_is_not_a_day_is_refused(text):
    """The deadline is kept (metadata, ledger) and compared with submitted times: it must be a day."""
    with pytest.raises(FiscalYearError, match="日付"):
        deadline_text(text)


@pytest.mark.parametrize("text, width, lines", [
    # width 10 = 75 px: 10 half-width units a line (5 full-width characters), 8 % slack
    ("", 10, 1), ("あ" * 4, 10, 1), ("あ" * 9, 10, 2), ("a" * 9, 10, 1), ("a" * 19, 10, 3),
    ("あ\nい\nう", 30, 3), ("あ" * 50, 24, 5),
])
def test_line_count(text, width, lines):
    assert line_count(text, width) == lines


def test_row_height_grows_with_text_and_stays_within_excel_limit():
    assert row_height([("あ", 10)], min_lines=5) == row_height([("あ" * 20, 10)], min_lines=5)
    assert row_height([("あ" * 200, 10)]) > row_height([("あ" * 20, 10)])
    assert row_height([("あ" * 5000, 10)]) == 409


@pytest.mark.parametrize("years, year, expected", [
    ([2026], 2027, (2026,)), ([2026, 2027, 2028], 2029, (2027, 2028)), ([2026, 2027, 2028, 2029], 2028, (2026, 2027)),
    ([2028], 2028, ()), ([], 2027, ()),
])
def test_history_years_latest_two_earlier(years, year, expected):
    frame = history_frame([(y, "市民課", "item", "1-1-1", "grade", "A") for y in years])
    assert tc.history_years(frame, year) == expected


def test_an_item_a_revision_moved_shows_the_former_sections_answer(plan):
    """3-2-1 answered last year by 観光課, which is no longer on it (a revision gave it to 土木課 and
    都市計画課): their 調査票 and the packet's 前年度 show 観光課's answer, not nothing."""
    from reform_xlsx.report.consolidate import with_previous_grades

    assert "観光課" not in plan.item("3-2-1").sections
    history = history_frame([
        (2026, "観光課", "item", "3-2-1", "grade", "C"),
        (2026, "観光課", "item", "3-2-1", "result", "除雪ボランティアを募った"),
        (2026, "土木課", "item", "3-2-2", "grade", "A"),
    ])
    rows = tc.locked_rows(plan, 2027, "土木課", history)[layout.SHEET_ITEMS]
    assert (rows["3-2-1"]["R8.grade"], rows["3-2-1"]["R8.result"]) == ("C 遅れ", "【観光課】除雪ボランティアを募った")
    assert rows["3-2-2"]["R8.grade"] == "A 計画どおり"  # its own answer, as ever
    items = pd.DataFrame({"item_id": ["3-2-1", "3-2-1", "3-2-2"], "section": ["土木課", "都市計画課", "土木課"],
                          "grade": ["B", "A", "A"]})
    previous = pd.DataFrame({"item_id": ["3-2-1", "3-2-2"], "section": ["観光課", "土木課"], "grade": ["C", "A"]})
    assert with_previous_grades(plan, items, previous)["prev_grade"].tolist() == ["C", "C", "A"]


def test_an_item_two_merged_sections_both_answered_shows_both_answers(plan):
    """生活環境課 and 観光課 both answered 2-2-1 last year and are 環境観光課 now: its 調査票 shows both
    answers, each headed with its section — not one of them (the 未着手 hidden behind the other's B)."""
    from reform_xlsx.plan.model import SectionMove

    merged, into = ("生活環境課", "観光課"), "環境観光課"
    assert set(merged) <= set(plan.item("2-2-1").sections)

    def renamed(sections):
        return tuple(dict.fromkeys(into if s in merged else s for s in sections))

    areas = tuple(replace(a, categories=tuple(replace(c, items=tuple(
        replace(i, sections=renamed(i.sections)) for i in c.items)) for c in a.categories)) for a in plan.areas)
    now = replace(plan, areas=areas, sections=renamed(plan.sections),
                  moves=tuple(SectionMove(2027, s, into) for s in merged))
    history = history_frame([
        (2026, "生活環境課", "item", "2-2-1", "grade", "D"),
        (2026, "生活環境課", "item", "2-2-1", "result", "未着手（理由あり）"),
        (2026, "観光課", "item", "2-2-1", "grade", "B"),
        (2026, "観光課", "item", "2-2-1", "result", "観光協会と協議した"),
        (2026, "生活環境課", "item", "3-2-6", "grade", "C"),  # one section's answer: as ever
    ])
    rows = tc.locked_rows(now, 2027, into, history)[layout.SHEET_ITEMS]
    assert rows["2-2-1"]["R8.grade"] == "【生活環境課】D 未着手\n【観光課】B 概ね計画どおり"
    assert rows["2-2-1"]["R8.result"] == "【生活環境課】未着手（理由あり）\n【観光課】観光協会と協議した"
    assert rows["3-2-6"]["R8.grade"] == "C 遅れ"
    # the packet's 前年度: the worse of the two (未着手 not hidden, the item not said to have improved to B)
    from reform_xlsx.report.consolidate import with_previous_grades

    for order in (["生活環境課", "観光課"], ["観光課", "生活環境課"]):
        previous = pd.DataFrame({"item_id": ["2-2-1", "2-2-1"], "section": order,
                                 "grade": ["D" if s == "生活環境課" else "B" for s in order]})
        items = pd.DataFrame({"item_id": ["2-2-1"], "section": [into], "grade": ["B"]})
        found = with_previous_grades(now, items, previous)
        assert (found["prev_grade"].tolist(), found["change"].tolist()) == (["D"], [1])
    # 計画期間の総括's table of items: the same worse grade, whichever row is read last, and a blank of one
    # section never hides the other's grade
    from types import SimpleNamespace

    from reform_xlsx.report.period import period_items

    data = SimpleNamespace(plan=now, plan_for=lambda year: plan if year == 2026 else now, revisions=None)
    for grades in (["D", "B"], ["B", "D"], [None, "D"], ["D", None]):
        frame = pd.DataFrame({"item_id": ["2-2-1", "2-2-1"], "section": list(merged), "grade": grades,
                              "named": [True, True], "assigned": [True, True]})
        found = period_items(data, {2026: frame})
        assert found.loc[found["section"] == into, 2026].tolist() == ["D"], grades
