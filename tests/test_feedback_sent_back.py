"""The 差し戻し loop through LibreOffice: the section opens its 要修正 copy, saves it (fixed or not) and sends it
back. A formula or an error value the section sent is in the copy as its text; sent back with that text
unchanged it is the same error again, never an answer."""

import pytest

import intake_craft as craft
from lo_fill import fill_by_id, require_uno
from reform_xlsx.form import layout
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus

SECTION = "土木課"


@pytest.fixture(scope="module")
def rejected(plan, tmp_path_factory):
    """土木課's return with a formula in a 取組実績, an error value in a 課題・今後の方針 and a formula in the KPI's
    算出根拠 — text cells, where the copy's text would read as a text answer — merged once: its 要修正 copy."""
    folder = tmp_path_factory.mktemp("loop")
    first, second = (i.id for i in plan.items_for(SECTION)[:2])
    kpi = plan.kpis_for(SECTION)[0].id
    filled = craft.filled(plan, 2026, SECTION, folder / "work")

    def broken(wb):
        wb[layout.SHEET_ITEMS][craft.cell_of(wb, layout.SHEET_ITEMS, first, "取組実績")] = '=B5&"を実施"'
        wb[layout.SHEET_ITEMS][craft.cell_of(wb, layout.SHEET_ITEMS, second, "課題・今後の方針")] = "#N/A"
        wb[layout.SHEET_KPI][craft.cell_of(wb, layout.SHEET_KPI, kpi, "算出根拠・備考")] = "=1+1"
    (folder / "inbox").mkdir()
    craft.edit(filled, folder / "inbox" / f"{SECTION}.xlsx", broken)
    merged = run_merge([folder / "inbox"], plan, 2026, db=folder / "r.db", out=folder / "out")
    (file,) = merged.batch.files
    assert file.status == FileStatus.REJECTED
    wrong = sorted((p.code, p.sheet, p.row_id, p.column) for p in file.result.problems)
    assert wrong == sorted([("V009", layout.SHEET_ITEMS, first, "result"), ("V012", layout.SHEET_ITEMS, second, "plan_next"),
                            ("V009", layout.SHEET_KPI, kpi, "note")])
    return folder, merged.feedback[f"{SECTION}.xlsx"], wrong, (first, second, kpi)


def send_back(plan, rejected, name, typed):
    """The copy opened in LibreOffice, ``typed`` into it as a person types, saved and merged."""
    require_uno()
    folder, copy, _, _ = rejected
    inbox = folder / name
    inbox.mkdir()
    fill_by_id(copy, inbox / copy.name, typed, keyboard=True)
    db = folder / f"{name}.db"
    db.write_bytes((folder / "r.db").read_bytes())  # each variant from the ledger of the first rejection
    merged = run_merge([inbox], plan, 2026, db=db, out=folder / f"{name}_out")
    (file,) = merged.batch.files
    return file, {r["section"]: r["status"] for r in merged.batch.sections}[SECTION], merged.batch.answers


def test_the_copy_saved_unchanged_is_sent_back_again_with_the_same_errors(soffice, plan, rejected):
    file, status, _ = send_back(plan, rejected, "unchanged", {})
    assert file.status == FileStatus.REJECTED and status == "差し戻し"
    _, _, wrong, _ = rejected
    assert sorted((p.code, p.sheet, p.row_id, p.column) for p in file.result.problems) == wrong
    formula = next(p for p in file.result.problems if p.code == "V009" and p.sheet == layout.SHEET_KPI)
    assert "=1+1" in formula.message


def test_the_copy_fixed_in_part_is_sent_back_for_the_rest_and_fixed_whole_is_accepted(soffice, plan, rejected):
    _, _, _, (first, second, kpi) = rejected
    part = {layout.SHEET_ITEMS: {first: {"取組実績": "側溝の清掃を実施した"}}}
    file, status, _ = send_back(plan, rejected, "part", part)
    assert file.status == FileStatus.REJECTED and status == "差し戻し"
    assert sorted((p.code, p.row_id) for p in file.result.problems) == [("V009", kpi), ("V012", second)]
    whole = {layout.SHEET_ITEMS: {**part[layout.SHEET_ITEMS], second: {"課題・今後の方針": "継続する"}},
             layout.SHEET_KPI: {kpi: {"算出根拠・備考": "道路台帳による"}}}
    file, status, answers = send_back(plan, rejected, "whole", whole)
    assert file.status == FileStatus.ACCEPTED and status == "提出済" and not file.result.problems
    value = answers.set_index(["id", "field"]).value
    assert value[(first, "result")] == "側溝の清掃を実施した" and value[(second, "plan_next")] == "継続する"
    assert value[(kpi, "note")] == "道路台帳による"
