"""Each plan check on its own: a small plan, one change, exactly the findings expected."""

import copy

import pytest

from reform_xlsx.messages import Msg
from reform_xlsx.plan import checks
from reform_xlsx.plan.builders import build_plan


def small_plan() -> dict:
    """A valid two-item, two-KPI plan (the shape of a plan file's data)."""
    item = {"number": 1, "name": "窓口の見直し", "content": "手続を見直す。", "actions": ["電子申請の拡大"],
            "sections": ["総務課"]}
    return {
        "format": 1,
        "plan": {"id": "p", "version": "1", "name": "計画", "city": "A市", "period": {"start": "R8", "end": "R12"},
                 "baseline_year": "R6", "headquarters": "本部", "office": "推進室",
                 "reform": "行政改革"},
        "sections": ["総務課", "財政課"],
        "grades": [{"code": "A", "label": "計画どおり", "definition": "…"}, {"code": "B", "label": "遅れ", "definition": "…"}],
        "judgement": {"achieved": 1, "on_track": 1, "mostly_on_track": 0.8},
        "areas": [{"number": 1, "name": "行政", "categories": [{"number": 1, "name": "区分", "items": [
            item, {**item, "number": 2, "sections": ["財政課"]}]}]}],
        "kpis": [
            {"id": "K1", "item": "1-1-1", "name": "電子申請率", "kind": "rate", "unit": "%", "baseline": 0.2,
             "target": 0.5, "owner": "総務課"},
            {"id": "K2", "item": "1-1-2", "name": "職員数", "kind": "count", "unit": "人", "baseline": 80,
             "target": 40, "owner": "財政課"},
        ],
    }


def findings(check, change=None) -> list[tuple[str, str]]:
    data = small_plan()
    if change:
        change(data)
    draft = build_plan(copy.deepcopy(data), "test", lambda *a, **k: None)
    return [(f.msg.value.code, checks.format_path(f.path)) for f in check(draft)]


def _set(path, value):
    def change(data):
        node = data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return change


ITEM = ("areas", 0, "categories", 0, "items")


@pytest.mark.parametrize("check, change, expected", [
    (checks.check_period_order, None, []),
    (checks.check_period_order, _set(("plan", "period", "start"), "R13"), [("P027", "plan.period")]),
    (checks.check_unique_sections, _set(("sections",), ["総務課", "財政課", "総務課"]), [("P020", "sections[2]")]),
    # names that are one file name: NFC/NFD, upper/lower case (Windows), a character no file name has, the same first
    # 60 characters; the same name twice is P020's, not this check's
    (checks.check_sections_as_file_names, _set(("sections",), ["総務課", "財政課", "デジタル推進課",
                                                               "テ\u3099ジタル推進課"]), [("P048", "sections[3]")]),
    (checks.check_sections_as_file_names, _set(("sections",), ["総務課", "財政課", "DX推進課", "dx推進課"]),
     [("P048", "sections[3]")]),
    (checks.check_sections_as_file_names, _set(("sections",), ["総務課", "財政課", "企画/DX課", "企画_DX課"]),
     [("P048", "sections[3]")]),
    (checks.check_sections_as_file_names, _set(("sections",), ["総務課", "財政課", "課" * 60 + "A", "課" * 60 + "B"]),
     [("P048", "sections[3]")]),
    # an invisible character pasted with a name (a zero-width space from a web page, a byte-order mark, a direction
    # mark): a name that looks the same, and a file name that shows something else (U+202E: 「観光課.xlsx」 backwards)
    (checks.check_sections_as_file_names, _set(("sections",), ["総務課", "財政課", "土木課", "土木課\u200b"]),
     [("P048", "sections[3]")]),
    (checks.check_sections_as_file_names, _set(("sections",), ["総務課", "財政課", "観光課", "観\u202e光課"]),
     [("P048", "sections[3]")]),
    (checks.check_sections_as_file_names, _set(("sections",), ["総務課", "財政課", "総務課"]), []),
    (checks.check_sections_as_file_names, _set(("sections",), ["総務課", "財政課", "ＤＸ推進課", "DX推進課"]), []),
    (checks.check_unique_grades, _set(("grades", 1, "code"), "A"), [("P020", "grades[1].code")]),
    # a mark and the letter a section types for it on one scale: 「x」 would be either (the later one is said)
    (checks.check_grade_lookalikes, _set(("grades", 1, "code"), "×"), []),
    (checks.check_grade_lookalikes, _set(("grades",), [{"code": c, "label": c, "definition": "…"} for c in "X×"]),
     [("P062", "grades[1].code")]),
    (checks.check_grade_lookalikes, _set(("grades",), [{"code": c, "label": c, "definition": "…"} for c in "○AO"]),
     [("P062", "grades[2].code")]),
    (checks.check_grade_lookalikes, _set(("grades",), [{"code": c, "label": c, "definition": "…"} for c in "◎○△×"]),
     []),
    (checks.check_unique_items, _set(ITEM + (1, "number"), 1), [("P020", "areas[0].categories[0].items[1].number")]),
    (checks.check_item_sections_known, _set(ITEM + (0, "sections"), ["総務課", "税務課"]),
     [("P021", "areas[0].categories[0].items[0].sections[1]")]),
    (checks.check_item_years_in_period, _set(ITEM + (0, "end"), "R14"), [("P028", "areas[0].categories[0].items[0].end")]),
    (checks.check_item_years_in_period, _set(ITEM + (0, "start"), "平成30年度"),
     [("P028", "areas[0].categories[0].items[0].start")]),
    (checks.check_item_years_in_period, _set(ITEM + (0, "marker"), "来年"), []),  # P014 is the builder's
    (checks.check_unique_kpis, _set(("kpis", 1, "id"), "K1"), [("P020", "kpis[1].id")]),
    (checks.check_kpi_items, _set(("kpis", 0, "item"), "9-9-9"), [("P022", "kpis[0].item")]),
    (checks.check_kpi_items, _set(("kpis", 0, "owner"), "財政課"), [("P023", "kpis[0].owner")]),
    (checks.check_rates_are_fractions, _set(("kpis", 0, "baseline"), 20), [("P026", "kpis[0].baseline")]),
    # a yearly target (年度目標) typed as a percent number: shown as 1800% on the form without this
    (checks.check_rates_are_fractions, _set(("kpis", 0, "yearly_targets"), {"R9": 18, "R10": 0.4}),
     [("P026", "kpis[0].yearly_targets.R9")]),
    (checks.check_rates_are_fractions, _set(("kpis", 1, "yearly_targets"), {"R9": 60}), []),  # a count
    (checks.check_directions, _set(("kpis", 1, "target"), 80), [("P024", "kpis[1].direction")]),
    (checks.check_directions, _set(("kpis", 1, "direction"), "増加"), [("P025", "kpis[1].direction")]),
    (checks.check_directions, _set(("kpis", 0, "baseline"), 20), []),  # a percent rate: P026 says it
    (checks.check_sections_have_items, _set(("sections",), ["総務課", "財政課", "観光課"]), [("P029", "sections[2]")]),
    # A period across 平成 → 令和, written in either era or in 西暦.
    (checks.check_period_order, _set(("plan", "period"), {"start": "H30", "end": "R3"}), []),
    (checks.check_period_order, _set(("plan", "period"), {"start": 2018, "end": "令和3年度"}), []),
    (checks.check_period_order, _set(("plan", "period"), {"start": "令和元年度", "end": "平成30年度"}),
     [("P027", "plan.period")]),
    (checks.check_item_years_in_period, _set(("plan", "period"), {"start": "平成30年度", "end": 2021}), []),
    # A period year that does not read is P014 (the builder's) and nothing else: no bogus 「R8～R8」.
    (checks.check_item_years_in_period, lambda d: (d["plan"]["period"].update(end="令和百年度"),
                                                   d["areas"][0]["categories"][0]["items"][0].update(end="R9")), []),
    (checks.check_period_order, _set(("plan", "period"), {"start": "平成45年度", "end": "R3"}), []),
    # An item with no section yet; a KPI without a baseline needs its direction.
    (checks.check_item_sections_known, _set(ITEM + (0, "sections"), []), []),
    (checks.check_kpi_items, _set(ITEM + (0, "sections"), []), [("P023", "kpis[0].owner")]),
    (checks.check_directions, _set(("kpis", 0, "baseline"), None), [("P030", "kpis[0].direction")]),
    (checks.check_rates_are_fractions, _set(("kpis", 0, "baseline"), None), []),
    (checks.check_yen_in_yen, lambda d: d["kpis"][1].update(kind="yen", unit="千円"), [("P046", "kpis[1].unit")]),
    (checks.check_yen_in_yen, lambda d: d["kpis"][1].update(kind="yen", unit="円"), []),
    # 判定のしきい値: 80 typed for 80% (no KPI could be 概ね順調), 概ね順調 above 順調
    (checks.check_thresholds, None, []),
    (checks.check_thresholds, _set(("judgement", "mostly_on_track"), 80), [("P050", "judgement.mostly_on_track")]),
    (checks.check_thresholds, _set(("judgement", "achieved"), 100), [("P050", "judgement.achieved")]),
    (checks.check_thresholds, _set(("judgement", "mostly_on_track"), 1.2), [("P050", "judgement.mostly_on_track")]),
    (checks.check_thresholds, _set(("judgement", "on_track"), 1.5), []),
    (checks.check_yen_in_yen, lambda d: d["kpis"][1].update(unit="千円"), []),  # a count in 千円 is the way to say it
    # Revisions: the years of the 主な取組, KPIs added or retired, reorganisations.
    (checks.check_years_order, _set(ITEM + (0, "start"), "R11"), []),
    (checks.check_years_order, lambda d: d["areas"][0]["categories"][0]["items"][0].update(start="R11", end="R9"),
     [("P034", "areas[0].categories[0].items[0].start")]),
    (checks.check_years_order, _set(ITEM + (0, "actions"), [{"text": "検討", "start": "R10", "end": "R9"}]),
     [("P034", "areas[0].categories[0].items[0].actions[0].start")]),
    (checks.check_phases_within_item, lambda d: d["areas"][0]["categories"][0]["items"][0].update(
        end="R10", actions=[{"text": "検討", "start": "R8", "end": "R9"}, {"text": "実施", "start": "R10"}]), []),
    (checks.check_phases_within_item, lambda d: d["areas"][0]["categories"][0]["items"][0].update(
        end="R10", actions=[{"text": "実施", "start": "R9", "end": "R11"}]),
     [("P033", "areas[0].categories[0].items[0].actions[0].end")]),
    # an item whose start is after its end (P034, check_years_order): no range to be outside of — its 主な取組's R10 was
    # said twice (at its start and its end), its KPI's R10 once, against 「R11～R9」
    (checks.check_phases_within_item, lambda d: d["areas"][0]["categories"][0]["items"][0].update(
        start="R11", end="R9", actions=[{"text": "実施", "start": "R10", "end": "R10"}]), []),
    (checks.check_kpi_years, lambda d: (d["areas"][0]["categories"][0]["items"][0].update(start="R11", end="R9"),
                                        d["kpis"][0].update(start="R10")), []),
    (checks.check_kpi_years, _set(("kpis", 0, "end"), "R10"), []),
    (checks.check_kpi_years, _set(("kpis", 0, "end"), "R13"), [("P028", "kpis[0].end")]),
    (checks.check_kpi_years, lambda d: (d["areas"][0]["categories"][0]["items"][0].update(start="R10"),
                                        d["kpis"][0].update(start="R9")), [("P033", "kpis[0].start")]),
    (checks.check_years_order, lambda d: d["kpis"][0].update(start="R11", end="R10"), [("P034", "kpis[0].start")]),
    # a 年度目標 outside the period was kept without a word, then lost by plan export
    (checks.check_kpi_years, _set(("kpis", 0, "yearly_targets"), {"R9": 0.3, "R13": 0.6}),
     [("P028", "kpis[0].yearly_targets.R13")]),
    (checks.check_kpi_years, _set(("kpis", 0, "yearly_targets"), {"R8": 0.3, "令和12年度": 0.5}), []),
    (checks.check_kpi_years, _set(("kpis", 0, "yearly_targets"), {"来年": 0.3}), []),  # unreadable: P014's
    # the period's end typed wrong: P027 alone, not a P034/P028 for every item and KPI whose years it gives
    (checks.check_years_order, _set(("plan", "period", "end"), "R3"), []),
    (checks.check_phases_within_item, lambda d: (d["plan"]["period"].update(end="R3"),
                                                 d["areas"][0]["categories"][0]["items"][0].update(
                                                     actions=[{"text": "検討", "start": "R9", "end": "R10"}])), []),
    (checks.check_item_years_in_period, lambda d: (d["plan"]["period"].update(end="R3"),
                                                   d["areas"][0]["categories"][0]["items"][0].update(start="R9")), []),
    (checks.check_kpi_years, lambda d: (d["plan"]["period"].update(end="R3"), d["kpis"][0].update(end="R10")), []),
    # 総務課 renamed 企画課 from R9: items and KPI owners that still say 総務課 move with it.
    (checks.check_moves, lambda d: (d.update(sections=["企画課", "財政課"], revision={"effective_year": "R9"},
                                             reorganisations=[{"year": "R9", "from": "総務課", "to": "企画課"}])), []),
    (checks.check_item_sections_known, lambda d: d.update(
        sections=["企画課", "財政課"], reorganisations=[{"year": "R9", "from": "総務課", "to": "企画課"}]), []),
    (checks.check_kpi_items, lambda d: d.update(
        sections=["企画課", "財政課"], reorganisations=[{"year": "R9", "from": "総務課", "to": "企画課"}]), []),
    (checks.check_moves, lambda d: d.update(reorganisations=[{"year": "R9", "from": "総務課", "to": "企画課"}],
                                            revision={"effective_year": "R9"}),
     [("P021", "reorganisations[0].to"), ("P036", "sections[0]")]),
    (checks.check_moves, lambda d: d.update(sections=["企画課", "財政課"], revision={"effective_year": "R9"},
                                            reorganisations=[{"year": "R10", "from": "総務課", "to": "企画課"}]),
     [("P037", "reorganisations[0].year")]),
    (checks.check_moves, lambda d: d.update(sections=["企画課", "財政課"],
                                            reorganisations=[{"year": "R13", "from": "総務課", "to": "企画課"}]),
     [("P028", "reorganisations[0].year")]),
    # 総務課 renamed 企画課 with its 旧課名 misspelt 総務科: the items still say 総務課 (P021), and the 旧課名 cell is named
    (checks.check_item_sections_known, lambda d: d.update(
        sections=["企画課", "財政課"], reorganisations=[{"year": "R9", "from": "総務科", "to": "企画課"}]),
     [("P021", "areas[0].categories[0].items[0].sections[0]"), ("P049", "reorganisations[0].from")]),
    # 総務課 split into 企画課 and 人事課: the plan says which items go where (P035 where it still says 総務課).
    (checks.check_item_sections_known, lambda d: d.update(
        sections=["企画課", "人事課", "財政課"], reorganisations=[{"year": "R9", "from": "総務課", "to": "企画課"},
                                                              {"year": "R9", "from": "総務課", "to": "人事課"}]),
     [("P035", "areas[0].categories[0].items[0].sections[0]")]),
    # a 組織改正 row whose 新課名 is its 旧課名 (a name to change typed twice): nothing moves — P063 at the 新課名
    (checks.check_moves, lambda d: d.update(revision={"effective_year": "R9"},
                                            reorganisations=[{"year": "R9", "from": "総務課", "to": "総務課"}]),
     [("P063", "reorganisations[0].to")]),
    # …but a split whose one part keeps the name is one (総務課 → 総務課 and 人事課)
    (checks.check_moves, lambda d: d.update(sections=["総務課", "人事課", "財政課"], revision={"effective_year": "R9"},
                                            reorganisations=[{"year": "R9", "from": "総務課", "to": "総務課"},
                                                             {"year": "R9", "from": "総務課", "to": "人事課"}]), []),
    # 総務課 renamed 総務室 from R9, then renamed again from R11 with the 旧課名 typed 総務課 (its name before R9):
    # no 総務課 in R11 — P064 names 総務室, the name to write (総務室 is then no listed section, P021) …
    (checks.check_moves, lambda d: d.update(sections=["政策課", "財政課"], revision={"effective_year": "R11"},
                                            reorganisations=[{"year": "R9", "from": "総務課", "to": "総務室"},
                                                             {"year": "R11", "from": "総務課", "to": "政策課"}]),
     [("P021", "reorganisations[0].to"), ("P064", "reorganisations[1].from")]),
    # … and the R9 row, right as it is, is not taken for a misspelling of 総務室 (no P049 at its 旧課名)
    (checks.check_item_sections_known, lambda d: d.update(
        sections=["政策課", "財政課"], reorganisations=[{"year": "R9", "from": "総務課", "to": "総務室"},
                                                      {"year": "R11", "from": "総務課", "to": "政策課"}],
        areas=[{**d["areas"][0], "categories": [{**d["areas"][0]["categories"][0], "items": [
            {**d["areas"][0]["categories"][0]["items"][0], "sections": ["総務室"]},
            d["areas"][0]["categories"][0]["items"][1]]}]}]),
     [("P021", "areas[0].categories[0].items[0].sections[0]")]),
    (checks.check_revision_year, _set(("revision",), {"effective_year": "R14"}), [("P028", "revision.effective_year")]),
])
def test_check(check, change, expected):
    assert findings(check, change) == expected


def test_the_small_plan_passes_every_check():
    assert [f for check in checks.CHECKS for f in findings(check)] == []


def test_every_check_is_run():
    assert set(checks.CHECKS) == {getattr(checks, n) for n in dir(checks) if n.startswith("check_")}


def test_a_year_that_does_not_read_is_reported_once_by_the_builder():
    reported = []
    data = small_plan()
    data["areas"][0]["categories"][0]["items"][0]["marker"] = "来年"
    build_plan(data, "test", lambda msg, path, **params: reported.append((msg, path)))
    assert reported == [(Msg.PLAN_BAD_YEAR, ITEM + (0, "marker"))]


def test_a_kpi_without_a_baseline_with_its_direction_passes():
    data = small_plan()
    data["kpis"][1].update(baseline=None, direction="減少")
    assert [f for check in checks.CHECKS for f in findings(check, lambda d: d.update(kpis=data["kpis"]))] == []


def test_the_cities_words_and_the_default_for_a_missing_reform_name():
    reported = []
    data = small_plan()
    data["plan"].update(levels={"area": "柱", "item": "取組"}, short_name="行革プラン")
    del data["plan"]["reform"]
    words = build_plan(data, "test", lambda msg, path, **params: reported.append((msg, params))).plan.words
    assert (words.area, words.category, words.item, words.title) == ("柱", "取組区分", "取組", "行革プラン")
    assert words.reform == "市政改革"  # the bundled plan's, and said so (P031)
    assert reported == [(Msg.PLAN_REFORM_DEFAULT, {"default": "市政改革"})]
