"""The bundled Nihonmatsu plan, checked against the published document."""

import pytest

from reform_xlsx.plan.model import DECREASE, INCREASE

SECTIONS = ["DX推進課", "市民課", "人事行政課", "税務課", "財政課", "秘書政策課",
            "生活環境課", "観光課", "特命担当", "土木課", "都市計画課"]


def test_structure_counts(plan):
    assert [len(a.categories) for a in plan.areas] == [3, 3, 3]
    assert [len(c.items) for c in plan.categories] == [6, 2, 3, 3, 10, 3, 1, 6, 2]
    assert len(plan.items) == 36
    assert len(plan.kpis) == 13
    assert list(plan.sections) == SECTIONS


def test_plan_facts(plan):
    assert plan.name == "第2次二本松市市政改革推進行動計画"
    assert (plan.start_year, plan.end_year, plan.baseline_year) == (2026, 2030, 2024)
    assert plan.headquarters == "二本松市市政改革推進本部会議"
    assert plan.committee == "二本松市行政改革推進委員会"
    assert [a.name for a in plan.areas] == [
        "行政のデジタル化推進、制度・慣行の抜本的見直し", "健全な財政運営の推進", "「ともに」取り組む"]
    assert all(a.intro and all(c.intro for c in a.categories) for a in plan.areas)
    assert [g.display for g in plan.grades] == [
        "A 計画どおり", "B 概ね計画どおり", "C 遅れ", "D 未着手", "E 完了"]
    assert all(g.definition for g in plan.grades)
    assert (plan.judgement.achieved, plan.judgement.on_track, plan.judgement.mostly_on_track) == (1.0, 1.0, 0.8)
    assert len(plan.glossary) == 10


def test_item_ids_in_plan_order(plan):
    ids = [i.id for i in plan.items]
    assert ids[:3] == ["1-1-1", "1-1-2", "1-1-3"]
    assert "2-2-10" in ids and ids[-1] == "3-3-2"
    assert len(set(ids)) == 36


@pytest.mark.parametrize("item_id, name, continued, sections, related, n_actions, marker", [
    ("1-1-1", "行政手続の簡素化、オンライン化の推進", True, ("DX推進課", "市民課"), True, 1, None),
    ("1-1-2", "アナログ規制改革の推進（押印の見直し）", False, ("人事行政課",), True, 2, 2027),
    ("1-1-3", "キャッシュレス決済の利用拡大", False, ("DX推進課", "税務課", "市民課"), True, 2, 2029),
    ("1-1-5", "マイナンバーカードの普及促進", True, ("市民課",), False, 3, 2028),
    ("2-2-1", "収入アップの取り組み", True, ("秘書政策課", "財政課", "生活環境課", "観光課"), True, 1, None),
    ("2-2-10", "経費的な行政コスト削減", True, ("財政課", "人事行政課", "土木課"), True, 1, None),
    ("3-2-6", "窓口業務の民間委託", True, ("生活環境課", "市民課"), True, 2, 2028),
    ("3-3-2", "こおりやま広域連携中核都市圏への参画", True, ("秘書政策課",), True, 1, None),
])
def test_items(plan, item_id, name, continued, sections, related, n_actions, marker):
    item = plan.item(item_id)
    assert item.name == name
    assert item.continued is continued
    assert item.sections == sections
    assert item.related_sections is related
    assert len(item.actions) == n_actions
    assert item.marker == marker
    assert (item.start, item.end) == (2026, 2030)
    assert "※" not in item.content and "⇒" not in "".join(item.actions)


def test_no_related_sections_pseudo_section(plan):
    assert all("関係課" not in i.sections for i in plan.items)
    assert sum(i.related_sections for i in plan.items) == 16


@pytest.mark.parametrize("section, n_items", [
    ("人事行政課", 10), ("財政課", 10), ("観光課", 1), ("DX推進課", 4), ("市民課", 4), ("税務課", 4),
    ("秘書政策課", 6), ("生活環境課", 2), ("特命担当", 1), ("土木課", 3), ("都市計画課", 1),
])
def test_items_per_section(plan, section, n_items):
    assert len(plan.items_for(section)) == n_items


@pytest.mark.parametrize("kpi_id, item_id, unit, baseline, target, direction, cumulative, owner", [
    ("K01", "1-1-1", "%", 0.24, 0.30, INCREASE, False, "市民課"),
    ("K02", "1-1-3", "%", 0.50, 0.60, INCREASE, False, "税務課"),
    ("K03", "1-1-3", "%", 0.10, 0.20, INCREASE, False, "市民課"),
    ("K04", "1-1-5", "%", 0.79, 0.90, INCREASE, False, "市民課"),
    ("K05", "1-1-6", "%", 0.59, 0.80, INCREASE, False, "税務課"),
    ("K06", "1-1-6", "%", 0.28, 0.40, INCREASE, False, "税務課"),
    ("K07", "1-1-6", "%", 0.20, 0.40, INCREASE, False, "税務課"),
    ("K08", "1-1-6", "%", 0.0, 0.30, INCREASE, False, "税務課"),
    ("K09", "2-2-1", "施設", 1, 3, INCREASE, False, "財政課"),
    ("K10", "2-2-2", "円", 150_000_000, 250_000_000, INCREASE, False, "特命担当"),
    ("K11", "2-2-8", "人", 85, 40, DECREASE, False, "人事行政課"),
    ("K12", "2-2-10", "枚", 6_290_000, 5_600_000, DECREASE, False, "財政課"),
    ("K13", "2-2-10", "基", 303, 495, INCREASE, True, "土木課"),
])
def test_kpis(plan, kpi_id, item_id, unit, baseline, target, direction, cumulative, owner):
    kpi = plan.kpi(kpi_id)
    assert (kpi.item_id, kpi.unit, kpi.direction, kpi.cumulative, kpi.owner) == (
        item_id, unit, direction, cumulative, owner)
    assert kpi.baseline == pytest.approx(baseline)
    assert kpi.target == pytest.approx(target)


def test_kpi_order_and_owners(plan):
    assert [k.id for k in plan.kpis] == [f"K{n:02d}" for n in range(1, 14)]
    for kpi in plan.kpis:
        assert kpi.owner in plan.item(kpi.item_id).sections
    assert [k.id for k in plan.kpis if k.direction == DECREASE] == ["K11", "K12"]
    assert [k.id for k in plan.kpis if k.cumulative] == ["K13"]
    assert {k.kind for k in plan.kpis if k.unit == "%"} == {"rate"}
    assert plan.kpi("K10").kind == "yen"
    # The plan names no reporting section where an item has several: those owners are marked.
    assert [k.id for k in plan.kpis if k.owner_assumed] == ["K01", "K02", "K03", "K09", "K12", "K13"]


def test_every_kpi_owned_by_a_plan_section(plan):
    owned = [k.id for s in plan.sections for k in plan.kpis_for(s)]
    assert sorted(owned) == sorted(k.id for k in plan.kpis)


@pytest.mark.parametrize("year, expected", [(2026, 1 / 3), (2027, 0.5), (2030, 1.0)])
def test_expected_progress(plan, year, expected):
    assert plan.expected_progress(year) == pytest.approx(expected)


def test_year_target_interpolates(plan):
    assert plan.year_target(plan.kpi("K11"), 2026) == pytest.approx(85 - 45 / 3)
    assert plan.year_target(plan.kpi("K13"), 2030) == pytest.approx(495)


def test_glossary_for_section(plan):
    terms = [g.term for g in plan.glossary_for(plan.items_for("DX推進課"))]
    assert terms == ["AI", "RPA", "キャッシュレス決済"]
    assert [g.term for g in plan.glossary_for(plan.items_for("観光課"))] == ["クラウドファンディング", "ネーミングライツ"]


def test_grade_order_behind_grades_and_short_names(plan):
    """The plan's rank (1 best) says which way a grade moved; behind grades are listed in 概要;
    every KPI has a short name for charts (the name itself when the plan gives none)."""
    assert [g.code for g in sorted(plan.grades, key=lambda g: g.rank)] == ["E", "A", "B", "C", "D"]
    assert plan.grade_change("A", "C") == -1 and plan.grade_change("D", "C") == 1 and plan.grade_change("A", "E") == 1
    assert plan.grade_change("B", "B") == 0 and plan.grade_change(None, "A") == 0
    assert [g.code for g in plan.grades if g.behind] == ["C", "D"]
    assert plan.kpi("K10").label == "ふるさと納税寄附額" and all(len(k.label) <= 14 for k in plan.kpis)
    assert plan.kpi("K09").decimals == 0 and plan.kpi("K04").decimals == 1
    assert plan.kpi("K09").display(5 / 3) == "2施設" and plan.kpi("K04").display(0.826667) == "82.7%"


def test_without_rank_the_listed_order_and_without_short_name_the_name():
    from reform_xlsx.plan.builders import build_grades, build_kpi

    grades = build_grades({"grades": [{"code": "A", "label": "良", "definition": "x"},
                                      {"code": "B", "label": "可", "definition": "y", "behind": True}]})
    assert [(g.rank, g.behind) for g in grades] == [(1, False), (2, True)]
    kpi = build_kpi({"id": "K1", "item": "1-1-1", "name": "ある指標の名前", "kind": "count", "unit": "件",
                     "baseline": 1.5, "target": 3, "owner": "A課"}, ("kpis", 0), lambda v, p: v)
    assert kpi.label == "ある指標の名前" and kpi.decimals == 1  # the plan's figures have fractions
