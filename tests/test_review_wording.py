"""A 推進室評価シート refused for what a 調査票 can be refused for (another year, an earlier revision of the plan,
saved as .ods) is said in the office's words: merge makes that sheet, nobody sends it — so the office is told to
fill this year's sheet merge writes (or to save it as .xlsx), never to fill a 調査票 or to fix last year's sheet."""

from __future__ import annotations

import dataclasses
import shutil

import openpyxl
import pytest

from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template
from reform_xlsx.xlsx.libreoffice import convert
from sheet_reader import header_row


def fill_return(plan, year: int, templates, inbox) -> None:
    """財政課's 調査票 of ``year``, filled, into ``inbox``."""
    template, = write_templates(plan, year, templates, ["財政課"])
    items = {i.id: {"進捗状況": "B 概ね計画どおり", "取組実績": "進めた。", "課題・今後の方針": "継続する。"}
             for i in plan.items_for("財政課", year)}
    items[layout.RESPONDENT_ID] = {"担当者": "担当", "内線": "1000"}
    answers = {layout.SHEET_ITEMS: items}
    if plan.kpis_for("財政課", year):
        answers[layout.SHEET_KPI] = {k.id: {"実績値": k.baseline} for k in plan.kpis_for("財政課", year)}
    fill_template(template, answers, inbox / template.name)


@pytest.fixture(scope="module")
def sheet_r8(plan, tmp_path_factory):
    """令和8年度's 推進室評価シート as merge wrote it, one row filled by the office (never read by merge)."""
    root = tmp_path_factory.mktemp("r8")
    fill_return(plan, 2026, root / "t8", root / "inbox")
    merged = run_merge([root / "inbox"], plan, 2026, db=root / "reform.db", out=root / "out")
    wb = openpyxl.load_workbook(merged.outputs["review"])
    ws = wb[layout.SHEET_REVIEW]
    ws.cell(header_row(ws, "ID") + 1, 7).value = "推進室のコメント"
    wb.save(root / "評価_R8.xlsx")
    return root / "評価_R8.xlsx"


def test_last_years_review_sheet_is_said_as_the_offices_sheet_not_as_a_survey(plan, sheet_r8, tmp_path, capsys):
    inbox = tmp_path / "受信"
    inbox.mkdir()
    shutil.copy(sheet_r8, inbox / "評価_R8.xlsx")
    got = read_return(inbox / "評価_R8.xlsx", plan, 2027)
    assert got.form == layout.FORM_REVIEW and got.status == FileStatus.REJECTED
    (other_year,) = got.problems
    assert other_year.code == "M004" and "調査票" not in other_year.message
    assert other_year.message.startswith("令和8年度の推進室評価シートです（今回集計するのは令和9年度）。")
    assert "令和9年度の評価シートは merge が出力フォルダに作ります（令和9年度_推進室評価シート.xlsx）" in other_year.message

    fill_return(plan, 2027, tmp_path / "t9", inbox)  # this year's returns come in beside it
    code = main(["merge", str(inbox), "--year", "R9", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "r.db")])
    out = capsys.readouterr().out
    assert code == 1
    assert "令和8年度の推進室評価シートです" in out and "令和9年度の調査票に記入して" not in out
    assert "別の年度・前の計画の版の推進室評価シート 1 件（評価_R8.xlsx）: 直しても令和9年度の評価としては読みません" in out
    assert "令和9年度_推進室評価シート.xlsx に記入して" in out
    assert "直して保存し、もう一度 merge で読ませてください" not in out  # last year's sheet cannot be fixed


def test_a_review_sheet_of_an_earlier_plan_revision_asks_for_this_years_new_sheet(plan, sheet_r8):
    revised = dataclasses.replace(plan, version=plan.version + "-2")
    got = read_return(sheet_r8, revised, 2026)
    (version,) = got.problems
    assert version.code == "M003" and "調査票" not in version.message
    assert f"計画の版 {plan.version} で作った推進室評価シートです（現在の版は {revised.version}）" in version.message
    assert "新しく作った評価シート（令和8年度_推進室評価シート.xlsx" in version.message


def test_a_review_sheet_of_a_revision_the_ledger_keeps_is_still_not_read(plan, sheet_r8):
    """A 調査票 of an earlier revision the ledger keeps is read for its 差し戻し copy (M003 all the same); the
    推進室評価シート of one is not read at all, as before: its rows may have changed."""
    from reform_xlsx.intake import read_returns

    revised = dataclasses.replace(plan, version=plan.version + "-2")
    (got,) = read_returns([sheet_r8], revised, 2026, older=(plan,), workers=1)
    assert got.form == layout.FORM_REVIEW and got.status == FileStatus.REJECTED
    assert [p.code for p in got.problems] == ["M003"] and got.answers == []
    assert "新しく作った評価シート（令和8年度_推進室評価シート.xlsx" in got.problems[0].message


def test_a_review_sheet_saved_as_ods_is_asked_to_be_saved_as_xlsx_and_read_again(plan, sheet_r8, soffice, tmp_path):
    ods = convert(sheet_r8, "ods", tmp_path)
    got = read_return(ods, plan, 2026)
    assert got.form == layout.FORM_REVIEW and got.status == FileStatus.REJECTED
    (fmt,) = got.problems
    assert fmt.code == "F002" and "調査票" not in fmt.message and "送って" not in fmt.message
    assert fmt.message.startswith("この推進室評価シートは") and "もう一度 merge で読ませてください" in fmt.message
