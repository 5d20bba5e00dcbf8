"""A section's form of another year, made with the plan's version in force for that year, is not said to be of a
wrong version.

The plan was revised from 令和9年度 (版 2026-02 → 2027-03). 土木課, which still owes its 令和9年度 form, sent its
令和8年度 form (版 2026-02, the version of 令和8年度) with the 令和9年度 returns: merge --year R9 sent it back with M004
(「令和9年度の調査票に記入して送って」, true) and M003 beside it (「計画が改訂されたため、前の版の調査票は受け付けられません。
現在の版の調査票で送り直して」 — but that form was of its year's version; what it lacks is being this year's form, which
M004 says). The other way round, its 令和9年度 form sent early into the 令和8年度 merge was told it was of 「前の版」 — a
version newer than 令和8年度's. A form of another year is not read at all: M004 alone says what to send.
"""

from __future__ import annotations

import json

from office_word import answers, form_of, revise, run_cli
from reform_xlsx.cli import main
from reform_xlsx.ledger.plans import ledger_plan
from reform_xlsx.templates.fill import fill_template

SECTION, OTHER = "土木課", "観光課"  # 観光課 answers each year on its own form


def _codes(capsys, argv: list[str], name: str) -> tuple[list[str], str]:
    """The codes merge gave the file ``name`` (rejected) and everything merge printed with --json."""
    assert main([*argv, "--json"]) == 1
    said = json.loads(capsys.readouterr().out)
    (row,) = [f for f in said["files"] if f["name"] == name]
    assert row["status"] == "rejected"
    return [p["code"] for p in row["issues"]], json.dumps(said, ensure_ascii=False)


def test_a_form_of_another_year_on_that_years_version_is_told_only_m004(workdir, capsys):
    db = "reform.db"
    assert run_cli(["templates", "--year", "R8", "--section", SECTION, OTHER, "--out", "t8", "--db", db,
                    "--deadline", "2027-05-28"], capsys) == 0
    revise(workdir, capsys, db, "目標の見直し", lambda m: {})
    assert run_cli(["templates", "--year", "R9", "--section", SECTION, OTHER, "--out", "t9", "--db", db,
                    "--deadline", "2028-05-26"], capsys) == 0
    plan8, plan9 = ledger_plan(workdir / db, None, 2026), ledger_plan(workdir / db, None, 2027)
    assert (plan8.version, plan9.version) == ("2026-02", "2027-03")

    fill_template(form_of(workdir / "t9", OTHER), answers(plan9, OTHER, 2027), workdir / "in9" / "観光課.xlsx")
    fill_template(form_of(workdir / "t8", SECTION), answers(plan8, SECTION, 2026), workdir / "in9" / "土木課_R8.xlsx")
    codes, said = _codes(capsys, ["merge", "in9", "--year", "R9", "--out", "o9", "--db", db], "土木課_R8.xlsx")
    assert codes == ["M004"]
    assert "令和9年度の調査票に記入して送ってください" in said
    assert "前の版の調査票は受け付けられません" not in said and "現在の版は" not in said

    fill_template(form_of(workdir / "t8", OTHER), answers(plan8, OTHER, 2026), workdir / "in8" / "観光課.xlsx")
    fill_template(form_of(workdir / "t9", SECTION), answers(plan9, SECTION, 2027), workdir / "in8" / "土木課_R9.xlsx")
    codes, said = _codes(capsys, ["merge", "in8", "--year", "R8", "--out", "o8", "--db", db], "土木課_R9.xlsx")
    assert codes == ["M004"]
    assert "令和8年度の調査票に記入して送ってください" in said and "前の版" not in said
