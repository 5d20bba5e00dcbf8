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


def _no_libreoffice(monkeypatch):
    from reform_xlsx.report import writer
    from reform_xlsx.xlsx import libreoffice

    for module in (writer, libreoffice):
        monkeypatch.setattr(module, "find_soffice", lambda: None)


def test_demo_without_libreoffice_names_the_bundled_plan_and_makes_the_workbooks(plan, workdir, capsys, monkeypatch):
    """No LibreOffice: the Excel outputs, the install hint, exit 0. The 「計画:」 lines name the bundled plan as every
    command does (「(同梱) nihonmatsu.yaml」), never the package's own path inside site-packages, which a clerk cannot
    use; the closing words say the merge's exit code as it was."""
    import reform_xlsx

    _no_libreoffice(monkeypatch)
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    demo = workdir / "reform-xlsx-demo"
    assert (demo / outputs.meeting(plan.words, 2026)).is_file() and not list(demo.glob("*.pdf"))
    assert "LibreOffice が見つからないため PDF は作成しませんでした" in out
    package = str(__import__("pathlib").Path(reform_xlsx.__file__).parent)
    assert package not in out + err
    plan_lines = [line for line in out.splitlines() if line.startswith("計画:")]
    assert len(plan_lines) == 2 and all("(同梱) nihonmatsu.yaml" in line for line in plan_lines), plan_lines
    assert "終了コード 1" in out.rsplit("\n\n", 1)[-1]


def test_demo_refuses_a_file_as_its_folder_saying_it_is_a_file(workdir, capsys):
    given = workdir / "メモ.txt"
    given.write_text("そのまま", encoding="utf-8")
    assert main(["demo", "--out", "メモ.txt"]) == 2
    err = capsys.readouterr().err
    assert "[E005 エラー]" in err and "メモ.txt」はファイルです" in err and "Traceback" not in err
    assert given.read_text(encoding="utf-8") == "そのまま" and sorted(p.name for p in workdir.iterdir()) == ["メモ.txt"]


def test_demo_cut_short_by_ctrl_c_says_how_to_try_again(workdir, capsys, monkeypatch):
    """Ctrl-C during the demo's merge: 「中断しました」 and 130, no traceback; what to do next is the demo's (its half-made
    folder removed or another --out), not the merge's 「同じ merge をもう一度実行」 — the clerk never typed a merge."""
    from reform_xlsx import merge
    from reform_xlsx.cli import merge_cmd

    real = merge.run_merge

    def interrupted(*args, **kwargs):
        real(*args, **kwargs)
        exc = KeyboardInterrupt()
        exc.add_note(merge.RECORDED_NOT_WRITTEN)
        raise exc

    monkeypatch.setattr(merge_cmd, "run_merge", interrupted)
    _no_libreoffice(monkeypatch)
    assert main(["demo", "--out", "試し"]) == 130
    err = capsys.readouterr().err
    assert "中断しました" in err and "Traceback" not in err
    assert "同じ merge" not in err
    assert "試し" in err and "--out" in err
