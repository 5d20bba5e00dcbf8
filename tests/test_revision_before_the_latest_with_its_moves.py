"""A revision whose 適用年度 is before the ledger's latest, made from the latest plan (its 組織改正 rows kept).

The ledger's latest revision applies from 令和11年度 (DX推進課 and 秘書政策課 merged into 政策推進課 from 令和11年度). The office
exports it, corrects a target and writes 適用年度 R10 to correct 令和10年度 after the fact. plan import said only P037 for the
merge's two rows (「組織改正…の年度 令和11年度 が、この計画の適用年度 令和10年度 より後です。組織改正は、その年度から適用する
改訂の計画に書いてください」): it sent the office to the rows that must stay (taking them out is L020 next), never saying that
a revision cannot apply before the latest one (L014), which it says of the same file without those rows. L014 it is, and no
P037 for a 組織改正 the latest revision already has.
"""

from __future__ import annotations

import pytest
import yaml

import five_years as fy
from reform_xlsx.cli import main
from reform_xlsx.plan import master_layout as ml


@pytest.fixture
def office(workdir, capsys):
    assert main(["templates", "--year", "R8", "--out", "t8", "--db", "reform.db", "--deadline", "2027-05-28"]) == 0
    for year in (2027, 2028, 2029):
        (workdir / f"r{year}.yaml").write_text(fy.revised_yaml(year), encoding="utf-8")
        assert main(["plan", "import", f"r{year}.yaml"]) == 0
    capsys.readouterr()
    return workdir


def _plan_file(office):
    data = yaml.safe_load(fy.revised_yaml(2029))
    data["kpis"][-1]["target"] = 90
    data["plan"]["version"] = "2030-02"
    data["revision"] = {"date": "2030-02-01", "effective_year": "R10", "reason": "令和10年度に遡って訂正"}
    (office / "late.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return "late.yaml", "late.yaml / revision.effective_year"


def _master(office):
    assert main(["plan", "export", "latest.xlsx"]) == 0
    m = fy.Master(office / "latest.xlsx")
    cells = {m.sheet(ml.INFO): fy._info(m, "2030-02", "R10", "2030-02-01", "令和10年度に遡って訂正"),
             m.sheet(ml.KPIS): {m.cell(ml.KPIS, "KPI ID", fy.NEW_KPI, "目標値"): "90"}}
    fy.apply_with_openpyxl(office / "latest.xlsx", cells, office / "late.xlsx")
    return "late.xlsx", "late.xlsx / 計画情報"


@pytest.mark.parametrize("made", [_plan_file, _master])
def test_a_revision_before_the_latest_is_refused_for_its_year_not_for_the_moves_it_keeps(office, capsys, made):
    name, where = made(office)
    capsys.readouterr()
    assert main(["plan", "import", name]) == 2
    err = capsys.readouterr().err
    assert f"[L014 エラー] {where}: 適用年度 令和10年度 は、台帳の最新の計画（版 2029-03、令和11年度から適用）より前です。" in err, err
    assert "P037" not in err and "Traceback" not in err
