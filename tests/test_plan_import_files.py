"""What ``plan import`` says of a file it cannot take (a CSV: not a plan file's 「全体が1つの値」) and of another
plan's file (L010 with what plan import can do, not the --plan it does not have)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reform_xlsx.cli import main
from reform_xlsx.ledger.plans import PlanMismatchError
from reform_xlsx.plan.loading import PlanError, bundled_plan_text
from reform_xlsx.plan_import import import_plan

MINAMIYAMA = Path(__file__).resolve().parent / "plans" / "minamiyama.yaml"


@pytest.mark.parametrize("name", ["計画.csv", "計画.pdf", "計画"])
def test_a_file_that_is_neither_a_master_nor_a_plan_file_says_which_files_plan_import_takes(workdir, capsys, name):
    """It was P054 「計画ファイル全体が1つの値 … になっています」 (the CSV read as YAML)."""
    path = workdir / name
    path.write_text("ID,名称\n1-1-1,行政手続の簡素化\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        import_plan(path, workdir / "reform.db", dry_run=True)
    (found,) = caught.value.problems
    assert found.code == "P056"
    assert f"{name} は計画マスター（.xlsx）でも計画ファイル（.yaml・.yml）でもありません" in found.message
    assert main(["plan", "import", str(path), "--db", str(workdir / "reform.db")]) == 2
    err = capsys.readouterr().err
    assert f"{path} は取り込めません。" in err and "[P056 エラー]" in err and "P054" not in err
    assert not (workdir / "reform.db").exists()
    assert main(["plan", "import", str(path), "--db", str(workdir / "reform.db"), "--json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert [p["code"] for p in doc["problems"]] == ["P056"]
    plan_file = workdir / "計画.YML"  # a plan file is taken, whatever the case of .yaml or .yml
    plan_file.write_text(bundled_plan_text(), encoding="utf-8")
    assert import_plan(plan_file, workdir / "reform.db", dry_run=True).plan.id == "nihonmatsu-reform-2"


def test_another_plan_is_refused_with_what_plan_import_can_do(workdir, capsys):
    """L010 said 「--plan（または reform-xlsx.toml の plan）を外すと…」, an option plan import does not have."""
    first = workdir / "first.yaml"
    first.write_text(bundled_plan_text(), encoding="utf-8")
    db = workdir / "reform.db"
    assert import_plan(first, db).stored
    with pytest.raises(PlanMismatchError) as caught:
        import_plan(MINAMIYAMA, db, dry_run=True)
    found = caught.value.problem
    assert found.code == "L010" and "--plan" not in found.message and "reform-xlsx.toml" not in found.message
    assert f"reform-xlsx plan export 計画.xlsx --db {db} で書き出した計画マスターを直して取り込みます" in found.message
    assert "「南山市行財政改革実施計画」" in found.message and "「第2次二本松市市政改革推進行動計画」" in found.message
    assert main(["plan", "import", str(MINAMIYAMA), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert "[L010]" in err and "--plan" not in err
    # the commands that take --plan keep their advice
    assert main(["status", "--year", "R8", "--db", str(db), "--plan", str(MINAMIYAMA)]) == 2
    assert "--plan（または reform-xlsx.toml の plan）を外すと台帳の計画を使います" in capsys.readouterr().err
