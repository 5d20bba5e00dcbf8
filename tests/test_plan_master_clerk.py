"""The plan master as a hurried clerk edits it in LibreOffice Calc or Excel: a percentage typed into a KPI counted in
人 or 円 (Calc stores 「12.5%」 as 0.125), an ID that Calc turns into a date (「2-2-11」 typed where the cell is not text
becomes 2002/2/11), a section renamed everywhere with 検索と置換 but no 組織改正 row. Each is said at its cell — none is
read silently as something the clerk did not mean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from five_years import Master
from lo_fill import fill, require_uno
from master_sample import BUNDLED, REVISION, edited_master, office_with_master, refused
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan_import import import_plan


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """A ledger that keeps the bundled plan (版 2026-02), and the master exported from it."""
    return office_with_master(tmp_path_factory.mktemp("office"))


def _copy(office: Path, folder: Path) -> Path:
    """The exported master copied for LibreOffice to open (a lock file it may leave behind stays with the copy)."""
    copy = folder / "書き出した計画.xlsx"
    copy.write_bytes((office / "計画.xlsx").read_bytes())
    return copy


# --- a percentage in a KPI counted in 人, 施設 or 円 ------------------------------------------------------

@pytest.mark.parametrize("kpi, label, value, number_format, shown", [
    ("K11", "目標値", "12.5%", None, "12.5%"),  # typed as text in a text cell
    ("K11", "目標値", 0.125, "0.0%", "12.5%"),  # typed in Calc: 0.125, the cell now a percentage
    ("K11", "年度目標\nR10", 0.5, "0%", "50.0%"),
    ("K09", "基準値", 0.01, "0%", "1.0%"),
    ("K10", "目標値", "30%", None, "30%"),  # 金額
])
def test_a_percentage_in_a_kpi_that_is_no_rate_is_said_at_its_cell(office, kpi, label, value, number_format, shown):
    """It was read as 0.125人 (「40人 → 0.1人」 in the changes): a target no one meant, stored without a word."""
    cell = Master(office / "計画.xlsx").cell(ml.KPIS, "KPI ID", kpi, label)
    path = edited_master(office, f"pct_{kpi}_{cell}.xlsx", lambda m: {ml.KPIS: {cell: value}},
                 formats={cell: number_format} if number_format else None)
    found = [p for p in refused(path, office) if p.cell == cell]
    assert [p.code for p in found] == ["P044"], found
    assert found[0].sheet == "KPI"
    assert f"「{shown}」" in found[0].message and "割合" in found[0].message


def test_a_percentage_in_a_count_of_percentage_points_is_the_number_shown(office):
    """K01 counted as 件数 of 「%」: its 基準値 cell still shows 「24.0%」 (0.24 with the percent format) and 「35%」 is
    typed as its 目標値 — 24 and 35 of the unit 「%」, as the cells show them."""
    def edit(m):
        return {ml.KPIS: {m.cell(ml.KPIS, "KPI ID", "K01", "種類"): "件数", m.cell(ml.KPIS, "KPI ID", "K01", "目標値"): "35%"}}

    result = import_plan(edited_master(office, "points.xlsx", edit), office / "reform.db", dry_run=True)
    k01 = next(k for k in result.plan.kpis if k.id == "K01")
    assert (k01.kind, k01.baseline, k01.target) == ("count", pytest.approx(24), pytest.approx(35))


@pytest.mark.parametrize("kpi, label, value", [
    ("K11", "目標値", 0.125),  # 「12.5%」 typed in Calc into the master's 「#,##0.###」 cell: 0.125, shown so
    ("K13", "年度目標\nR9", 0.4),
    ("K12", "目標値", 0.3),  # 6,290,000枚 → 0.3枚: 減少, as the 方向 says
])
def test_a_fraction_under_one_in_a_count_beside_whole_values_is_warned_about_at_its_cell(office, kpi, label, value):
    """Calc keeps a number-formatted cell's format when 「12.5%」 is typed into it: the cell holds 0.125 and shows
    0.125, nothing says it was a percentage. It was stored as 「40人 → 0.1人」 without a word; now P057 says it at its
    cell (a warning: a count may be a fraction)."""
    cell = Master(office / "計画.xlsx").cell(ml.KPIS, "KPI ID", kpi, label)
    result = import_plan(edited_master(office, f"frac_{kpi}_{cell}.xlsx", lambda m: {ml.KPIS: {cell: value}}),
                         office / "reform.db", dry_run=True)
    found = [p for p in result.warnings if p.code == "P057"]
    assert [(p.sheet, p.cell) for p in found] == [("KPI", cell)], result.warnings
    assert "12.5%" in found[0].message and f"「{value:g}」" in found[0].message


def test_whole_counts_and_rates_under_one_are_not_warned_about(office):
    def edit(m):
        return {ml.KPIS: {m.cell(ml.KPIS, "KPI ID", "K11", "目標値"): 30, m.cell(ml.KPIS, "KPI ID", "K01", "目標値"): "35%",
                          m.cell(ml.KPIS, "KPI ID", "K08", "目標値"): 0.5}}

    result = import_plan(edited_master(office, "whole.xlsx", edit), office / "reform.db", dry_run=True)
    assert not [p for p in result.warnings if p.code == "P057"]


def test_a_fraction_the_ledgers_plan_has_already_is_not_warned_about_again(tmp_path):
    """A plan whose K09 counts 0.5施設 at its baseline and 2施設 at its target, as its plan file says (P057 can only guess
    what a clerk meant): the master exported from the ledger and imported unchanged, or with another value revised,
    does not warn of 0.5 each time — the clerk would 「fix」 a value the plan means. A fraction newly typed still is."""
    from reform_xlsx.plan.loading import load_plan
    from reform_xlsx.plan.master_export import write_master

    text = BUNDLED.replace("    baseline: 1\n    target: 3\n", "    baseline: 0.5\n    target: 2\n")
    assert text != BUNDLED
    (tmp_path / "first.yaml").write_text(text, encoding="utf-8")
    assert import_plan(tmp_path / "first.yaml", tmp_path / "reform.db").stored
    write_master(load_plan(tmp_path / "first.yaml")[0], tmp_path / "計画.xlsx")
    unchanged = import_plan(tmp_path / "計画.xlsx", tmp_path / "reform.db", dry_run=True)
    assert unchanged.recorded is not None and not [p for p in unchanged.warnings if p.code == "P057"]

    m = Master(tmp_path / "計画.xlsx")
    target = m.cell(ml.KPIS, "KPI ID", "K11", "目標値")
    result = import_plan(edited_master(tmp_path, "revised.xlsx", lambda _: {ml.KPIS: {target: 0.125}}),
                         tmp_path / "reform.db", dry_run=True)
    assert [(p.sheet, p.cell) for p in result.warnings if p.code == "P057"] == [("KPI", target)]


def test_a_percentage_in_a_rate_kpi_and_a_threshold_stay_what_they_mean(office):
    def edit(m):
        return {ml.KPIS: {m.cell(ml.KPIS, "KPI ID", "K01", "目標値"): "35%"}}

    path = edited_master(office, "rate.xlsx", edit)
    result = import_plan(path, office / "reform.db", dry_run=True)
    assert next(k for k in result.plan.kpis if k.id == "K01").target == pytest.approx(0.35)
    assert result.plan.judgement.mostly_on_track == pytest.approx(0.8)  # 「80%」 of 判定基準: a share, as ever


# --- an ID that became a date ---------------------------------------------------------------------------

@pytest.mark.parametrize("key, id_label, value, typed", [
    (ml.ITEMS, "ID", dt.datetime(2002, 2, 11), "2-2-11"),
    (ml.ACTIONS, "項目ID", dt.datetime(2001, 1, 10), "1-1-10"),
    (ml.KPIS, "項目ID", dt.datetime(2002, 2, 10), "2-2-10"),
    (ml.LEVELS, "ID", dt.datetime(2026, 1, 4), "1-4"),  # 「1-4」: 1月4日 of this year in a Japanese Calc
])
def test_an_id_a_spreadsheet_turned_into_a_date_is_said_as_one(office, key, id_label, value, typed):
    """It was 「改革項目 2002-2-11 の区分（2002-2）が…ありません」 (P045): the clerk never typed 2002."""
    at = {}

    def edit(m):
        cells = m.new_row(key, id_label, {id_label: value})
        at["cell"] = next(iter(cells))
        return {key: cells}

    found = [p for p in refused(edited_master(office, f"date_{key}.xlsx", edit), office) if p.cell == at["cell"]]
    assert [p.code for p in found] == ["P044"], found
    assert "日付" in found[0].message and f"「{typed}」" in found[0].message and "'" in found[0].message


def test_libreoffice_typing_a_percentage_and_a_date_like_id_is_refused_at_the_cells(office, soffice, tmp_path):
    """Typed for real in a Japanese Calc: 「12.5%」 into K11's 目標値 (a count of 人) and a new item 「2-2-11」 far
    below the table, where the cells are not text; neither is taken as 0.125人 or as an item of 重点項目 2002."""
    require_uno()
    m = Master(office / "計画.xlsx")
    target = m.cell(ml.KPIS, "KPI ID", "K11", "目標値")
    item_row = m.blank_rows(ml.ITEMS, "ID")[0] + 30
    cells = {m.sheet(ml.INFO): {m.cell(ml.INFO, "項目", label, "値"): v for label, v in REVISION.items()},
             m.sheet(ml.KPIS): {target: "12.5%"},
             m.sheet(ml.ITEMS): {f"A{item_row}": "2-2-11", f"B{item_row}": "新しい項目", f"D{item_row}": "推進内容",
                                 f"E{item_row}": "財政課"}}
    path = tmp_path / "計画（Calc）.xlsx"
    stored = fill(_copy(office, tmp_path), path, {}, soffice=soffice, keyboard=True,
                  steps=[{"do": "type", "sheet": sheet, "cells": values} for sheet, values in cells.items()])
    assert stored[m.sheet(ml.KPIS)][target] == ["VALUE", 0.125]
    assert stored[m.sheet(ml.ITEMS)][f"A{item_row}"][0] == "VALUE"  # Calc made it a date
    problems = refused(path, office)
    by_cell = {(p.sheet, p.cell): p for p in problems}
    assert by_cell[(m.sheet(ml.KPIS), target)].code == "P057"  # Calc kept the cell's 「#,##0.###」: 0.125 shown
    assert by_cell[(m.sheet(ml.ITEMS), f"A{item_row}")].code == "P044"
    assert "「2-2-11」" in by_cell[(m.sheet(ml.ITEMS), f"A{item_row}")].message
    assert not [p for p in problems if p.code == "P045"]


# --- a section renamed everywhere with 検索と置換, with no 組織改正 row -------------------------------------------

def test_a_section_renamed_everywhere_without_a_reorganisation_is_warned_about(office, soffice, tmp_path):
    """税務課 → 収納課 by 検索と置換 (すべて置換) on the 改革項目, KPI and 担当課 sheets in Calc: it was taken as a
    section removed and a new one added, with nothing said of the history it cuts (収納課's forms without 税務課's
    answers of the year before, its 連絡先 row unused). P058 says it at the new name's cell; a 組織改正 row silences it."""
    require_uno()
    m = Master(office / "計画.xlsx")
    info = {m.cell(ml.INFO, "項目", label, "値"): v for label, v in REVISION.items()}
    steps = [{"do": "type", "sheet": m.sheet(ml.INFO), "cells": info}]
    steps += [{"do": "replace", "sheet": m.sheet(key), "search": "税務課", "replace": "収納課"}
              for key in (ml.ITEMS, ml.KPIS, ml.SECTIONS)]
    path = tmp_path / "改称.xlsx"
    fill(_copy(office, tmp_path), path, {}, soffice=soffice, steps=steps)
    result = import_plan(path, office / "reform.db", dry_run=True)
    assert any(c.kind == "担当課の削除" and c.subject == "税務課" for c in result.changes)
    (said,) = [p for p in result.warnings if p.code == "P058"]
    assert (said.sheet, said.cell) == (m.sheet(ml.SECTIONS), m.cell(ml.SECTIONS, "課名", "税務課", "課名"))
    assert "「R9・税務課・収納課」" in said.message and "組織改正" in said.message

    moved = Master(path)
    for ref, value in moved.new_row(ml.MOVES, "適用年度", {"適用年度": "R9", "旧課名": "税務課", "新課名": "収納課"}).items():
        moved.wb[moved.sheet(ml.MOVES)][ref] = value
    moved.wb.save(tmp_path / "組織改正.xlsx")
    result = import_plan(tmp_path / "組織改正.xlsx", office / "reform.db", dry_run=True)
    assert not [p for p in result.warnings if p.code == "P058"]
    assert any(c.kind == "組織改正" for c in result.changes)


def test_a_section_whose_items_went_to_several_others_is_not_taken_for_a_rename(office):
    """税務課's items shared out between a new 収納課 and 財政課: not one section under a new name."""
    def edit(m):
        items = {m.cell(ml.ITEMS, "ID", "1-1-3", "担当課2"): "収納課", m.cell(ml.ITEMS, "ID", "1-1-6", "担当課1"): "収納課",
                 m.cell(ml.ITEMS, "ID", "2-2-3", "担当課1"): "収納課", m.cell(ml.ITEMS, "ID", "2-2-4", "担当課1"): "財政課"}
        kpis = {m.cell(ml.KPIS, "KPI ID", k, "報告課"): "収納課" for k in ("K02", "K05", "K06", "K07", "K08")}
        return {ml.SECTIONS: {m.cell(ml.SECTIONS, "課名", "税務課", "課名"): "収納課"}, ml.ITEMS: items, ml.KPIS: kpis}

    result = import_plan(edited_master(office, "split.xlsx", edit), office / "reform.db", dry_run=True)
    assert any(c.kind == "担当課の削除" and c.subject == "税務課" for c in result.changes)
    assert not [p for p in result.warnings if p.code == "P058"]


def test_an_items_row_deleted_with_its_actions_left_says_how_to_end_an_item(office):
    """The clerk deletes item 1-1-4's row on the 改革項目 sheet to end it, leaving its 主な取組 rows: each of them is
    refused at its 項目ID cell (P044), and the message says to delete those rows too — or to keep the item's row and
    write its 終了年度, which is how an item ends with its history kept."""
    def edit(m):
        ws = m.wb[m.sheet(ml.ITEMS)]
        ws.delete_rows(int(m.cell(ml.ITEMS, "ID", "1-1-4", "ID").lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")))
        return {}

    found = [p for p in refused(edited_master(office, "deleted_item.xlsx", edit), office) if p.code == "P044"]
    assert found and {p.sheet for p in found} == {"主な取組"}, found
    assert all("「1-1-4」" in p.message and "主な取組の行も削除" in p.message and "終了年度" in p.message for p in found)
