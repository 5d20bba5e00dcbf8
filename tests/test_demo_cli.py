"""``reform-xlsx demo``: one command shows a whole year on the bundled plan, from any folder after ``pip install``
(the sample returns are made by the package, not read from the repository's samples/)."""

from __future__ import annotations

import openpyxl

from reform_xlsx import outputs
from reform_xlsx.cli import main
from reform_xlsx.form import layout


def test_demo_makes_a_year_of_returns_the_meeting_outputs_and_next_years_forms(plan, workdir, capsys):
    (workdir / "reform-xlsx.toml").write_text('plan = "どこにもない計画.yaml"\n', encoding="utf-8")  # not the demo's
    code = main(["demo", "--out", "デモ"])
    out, err = capsys.readouterr()
    assert code == 0, err
    demo = workdir / "デモ"
    returns = sorted(p.name for p in (demo / "受信").rglob("*.xlsx"))
    assert "都市計画課.xlsx" in returns and len(returns) >= 11
    for name in (outputs.meeting(plan.words, 2026), outputs.public(plan.words, 2026), outputs.receipt(2026)):
        assert (demo / name).is_file(), name
    assert (demo / "差し戻し" / outputs.feedback(2026, "都市計画課")).is_file()
    assert (demo / "reform.db").is_file()
    forms = sorted((demo / "調査票").glob("*.xlsx"))
    assert [p.name for p in forms] == sorted(outputs.template(plan.words, 2027, s) for s in plan.sections)
    # next year's form shows what the section answered this year (the grey columns of earlier years)
    sheet = openpyxl.load_workbook(demo / "調査票" / outputs.template(plan.words, 2027, "財政課"))[layout.SHEET_KPI]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("令和8年度" in t for t in texts)
    assert "デモ" in out and not (workdir / outputs.DEFAULT_DB).exists()


def test_demo_never_writes_into_a_folder_that_has_files(workdir, capsys):
    kept = workdir / "出力" / "大事なメモ.txt"
    kept.parent.mkdir()
    kept.write_text("消さないで", encoding="utf-8")
    assert main(["demo", "--out", "出力"]) == 2
    err = capsys.readouterr().err
    assert "出力" in err and "Traceback" not in err
    assert [p.name for p in kept.parent.iterdir()] == ["大事なメモ.txt"]
    assert kept.read_text(encoding="utf-8") == "消さないで"


def test_demo_is_a_command_with_help(capsys):
    assert main(["demo", "--help"]) == 0
    assert "reform-xlsx demo" in capsys.readouterr().out
