"""A KPI counted in a multiple of a unit — 千円, 億円, 百万円, 千人 (a prefecture's 県債残高 in 億円, a 維持管理費 in
千円, as plan-format.md says to write them: kind count, unit 千円) — reads an actual or a plan value typed with its
unit in that unit: 「12,380億円」 is 12,380 of 億円, not 1,238,000,000,000 億円 with a V008 saying 「円」 is not 「億円」;
「53億5千万円」 is 5,350,000 of 千円 (V008 says it was read so). A fraction of such a unit is an amount, not a count
that is no whole number (no V007), and so is any KPI the plan itself gives in fractions."""

from __future__ import annotations

import pytest

from five_years import Master
from prefecture_plan import prefecture_plan_text
from reform_xlsx.intake.master_plan import load_master
from reform_xlsx.intake.normalise import normalise_kpi
from reform_xlsx.messages import Msg
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.loading import parse_plan
from reform_xlsx.plan.master_export import write_master

PLAN = prefecture_plan_text("[総務部 行政経営課, 総務部 財政課]", """
areas:
  - number: 1
    name: 財政健全化
    categories:
      - number: 1
        name: 歳出の見直し
        items:
          - {number: 1, name: 県債残高の縮減, content: 県債を減らす。, actions: [発行の抑制], sections: [総務部 財政課]}
kpis:
  - {id: K01, item: 1-1-1, name: 県債残高, kind: count, unit: 億円, baseline: 12500, target: 11800, owner: 総務部 財政課}
  - {id: K02, item: 1-1-1, name: 維持管理費, kind: count, unit: 千円, baseline: 5400000, target: 4800000,
     owner: 総務部 財政課}
  - {id: K03, item: 1-1-1, name: 観光入込客数, kind: count, unit: 万人, baseline: 120, target: 150,
     owner: 総務部 財政課}
  - {id: K04, item: 1-1-1, name: 時間外勤務時間, kind: count, unit: 時間, baseline: 180.5, target: 120,
     owner: 総務部 財政課}
  - {id: K05, item: 1-1-1, name: 申請様式の数, kind: count, unit: 件, baseline: 1200, target: 300,
     owner: 総務部 財政課}
""")


@pytest.fixture(scope="module")
def plan():
    found, _ = parse_plan(PLAN, "plan.yaml")
    return found


KPI_VALUES = [
    # KPI, typed, value read, message
    ("K01", "12,380億円", 12380, None),
    ("K01", "1兆2380億円", 12380, None),
    ("K01", "12380.4億円", 12380.4, None),  # a fraction of 億円 is an amount (it was V007)
    ("K01", 12380.4, 12380.4, None),
    ("K01", "12,380", 12380, None),
    ("K01", "約12,380億円", 12380, Msg.INTAKE_APPROXIMATE),
    ("K02", "5,350,000千円", 5_350_000, None),
    ("K02", "5,350,000(千円)", 5_350_000, None),
    ("K02", "53億5千万円", 5_350_000, Msg.INTAKE_UNIT_MISMATCH),  # in 円: read in 千円, and said so
    ("K02", "5,350,000円", 5350, Msg.INTAKE_UNIT_MISMATCH),
    ("K02", "5,350,000", 5_350_000, None),
    ("K02", "5千人", 5000, Msg.INTAKE_UNIT_MISMATCH),  # another unit: as before
    ("K03", "132万人", 132, None),
    ("K03", "132", 132, None),
    ("K04", "172.5時間", 172.5, None),  # the plan gives 180.5 時間
    ("K05", "1,100.5", 1100.5, Msg.INTAKE_COUNT_NOT_WHOLE),
    ("K05", "1,100件", 1100, None),
]


@pytest.mark.parametrize("kpi_id, typed, value, msg", KPI_VALUES)
def test_an_actual_typed_with_a_unit_of_a_size_is_read_in_the_kpis_unit(plan, kpi_id, typed, value, msg):
    outcome = normalise_kpi(typed, plan.kpi(kpi_id))
    assert (outcome.value, outcome.msg) == (value, msg)


def test_the_message_of_an_amount_in_yen_names_the_value_read_in_the_kpis_unit(plan):
    outcome = normalise_kpi("53億5千万円", plan.kpi("K02"))
    assert outcome.params["value"] == "5,350,000千円"


def _master_typed(plan, tmp_path, typed: dict[tuple[str, str], str]):
    """The plan master read back with ``typed`` ((KPI ID, heading) → text) typed into its KPI sheet."""
    write_master(plan, tmp_path / "計画.xlsx")
    m = Master(tmp_path / "計画.xlsx")
    ws = m.wb[m.sheet(ml.KPIS)]
    for (kpi_id, heading), text in typed.items():
        ws[m.cell(ml.KPIS, "KPI ID", kpi_id, heading)] = text
    m.wb.save(tmp_path / "typed.xlsx")
    read, problems = load_master(tmp_path / "typed.xlsx")
    assert [p.code for p in problems] == ["P029"]  # 総務部 行政経営課 has no 取組 here
    return read


def test_a_target_typed_with_its_unit_in_the_plan_master_is_read_in_the_kpis_unit(plan, tmp_path):
    """The office types 「11,800億円」 as the 目標値 of a KPI in 億円: it was 1,180,000,000,000 億円, silently."""
    read = _master_typed(plan, tmp_path, {("K01", "目標値"): "11,800億円", ("K02", "基準値"): "54億円"})
    assert (read.kpi("K01").target, read.kpi("K02").baseline) == (11800, 5_400_000)


def test_a_figure_with_its_size_and_no_unit_in_the_plan_master_is_read_in_the_kpis_unit(plan, tmp_path):
    """「150万」 typed as the 目標値 of a KPI in 万人 (150万人) was 1,500,000 万人, silently — as 「1兆2500億」 of one
    in 億円 was 1,250,000,000,000 億円."""
    read = _master_typed(plan, tmp_path, {("K03", "目標値"): "150万", ("K01", "基準値"): "1兆2500億"})
    assert (read.kpi("K03").target, read.kpi("K01").baseline) == (150, 12500)
