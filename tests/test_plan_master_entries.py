"""What the office types into the plan master (and writes into a plan file), read as it means it: an ID is its
numbers (「１」 and 「1-1-01」 are 1 and 1-1-1: a second one is P020 naming both cells), a KPI ID its letters in upper
case (「k14」 is K14), a name one line; a 区分 with nothing under it is said in words (P055); a value in a message is
quoted as it was typed (「35」, 「2027-02-30」)."""

from __future__ import annotations

from pathlib import Path

import pytest

from master_sample import BUNDLED, edited_master, office_with_master, refused
from reform_xlsx.cli import main
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.loading import PlanError, load_plan, parse_plan
from reform_xlsx.plan_import import import_plan


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    """A ledger that keeps the bundled plan (版 2026-02), and the master exported from it."""
    return office_with_master(tmp_path_factory.mktemp("office"))


# --- an ID is its numbers -------------------------------------------------------------------------

def test_an_area_typed_in_full_width_again_is_a_duplicate_naming_both_cells(office):
    """It was a second 重点項目1 (the duplicate check on 「１」 as typed, the number from 「1」), then P013 of it."""
    cells = {}

    def edit(m):
        cells.update(first=m.cell(ml.LEVELS, "ID", "1", "ID"), new=m.new_row(ml.LEVELS, "ID", {"ID": "１", "名称": "重複"}))
        return {ml.LEVELS: cells["new"]}

    (found,) = refused(edited_master(office, "area.xlsx", edit), office)
    at = next(iter(cells["new"]))
    assert (found.code, found.cell) == ("P020", at)
    assert found.message.startswith(f"「１」が重複しています（「重点項目・取組区分」シートの {cells['first']} の「1」 と同じ）")


def test_an_item_id_with_a_leading_zero_is_the_item_of_that_number(office):
    """「1-1-01」 beside 1-1-1: it was P020 from the checks plus a P033 of K01 (against the second row's years)."""
    cells = {}

    def edit(m):
        cells.update(first=m.cell(ml.ITEMS, "ID", "1-1-1", "ID"), new=m.new_row(ml.ITEMS, "ID", {
            "ID": "1-1-01", "名称": "新しい項目", "推進内容": "x", "担当課1": "財政課", "開始年度": "R9"}))
        return {ml.ITEMS: cells["new"], ml.ACTIONS: m.new_row(ml.ACTIONS, "項目ID", {"項目ID": "1-1-01", "主な取組": "y"})}

    (found,) = refused(edited_master(office, "item.xlsx", edit), office)
    assert (found.code, found.cell) == ("P020", next(iter(cells["new"])))
    assert f"「1-1-01」が重複しています（「改革項目」シートの {cells['first']} の「1-1-1」 と同じ）" in found.message


def test_a_new_item_written_with_a_leading_zero_is_read_by_its_numbers(office):
    def edit(m):
        return {ml.ITEMS: m.new_row(ml.ITEMS, "ID", {"ID": "2-2-011", "名称": "公用車の削減", "推進内容": "x",
                                                     "担当課1": "財政課", "開始年度": "R9"}),
                ml.ACTIONS: m.new_row(ml.ACTIONS, "項目ID", {"項目ID": "２-２-１１", "主な取組": "y"}),
                ml.KPIS: m.new_row(ml.KPIS, "KPI ID", {"KPI ID": "K14", "項目ID": "2-2-0011", "指標名": "公用車の台数",
                                                       "種類": "件数", "単位": "台", "方向": "減少", "基準値": 120,
                                                       "目標値": 100, "報告課": "財政課", "開始年度": "R9"})}

    result = import_plan(edited_master(office, "zero.xlsx", edit), office / "reform.db", dry_run=True)
    assert [c.subject for c in result.changes if "追加" in c.kind] == ["2-2-11 公用車の削減", "K14 公用車の台数"]
    assert result.plan.kpi("K14").item_id == "2-2-11"


def test_categories_rows_may_come_before_their_area_row(office):
    """A sheet sorted by 名称 may put 「1-1」 above 「1」: read in the order of the IDs."""
    def edit(m):
        return {ml.LEVELS: m.new_row(ml.LEVELS, "ID", {"ID": "4-1", "名称": "新しい区分"})
                | m.new_row(ml.LEVELS, "ID", {"ID": "4", "名称": "新しい重点項目"}, n=1),
                ml.ITEMS: m.new_row(ml.ITEMS, "ID", {"ID": "4-1-1", "名称": "新しい項目", "推進内容": "x",
                                                     "担当課1": "財政課", "開始年度": "R9"}),
                ml.ACTIONS: m.new_row(ml.ACTIONS, "項目ID", {"項目ID": "4-1-1", "主な取組": "y"})}

    result = import_plan(edited_master(office, "below.xlsx", edit), office / "reform.db", dry_run=True)
    assert [c.kind for c in result.changes][:2] == ["重点項目の追加", "取組区分の追加"]


def _yaml_problems(text: str):
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml")
    return caught.value.problems


def test_two_areas_of_one_number_in_a_plan_file_are_a_duplicate(tmp_path, capsys):
    """It passed `reform-xlsx plan`; the report's 総括 then had two rows 1 not adding up to its 合計."""
    text = BUNDLED.replace("\n  - number: 2\n", "\n  - number: 1\n", 1)
    found = [p for p in _yaml_problems(text) if p.code == "P020"]
    assert found[0].path == "areas[1].number" and found[0].line is not None
    assert found[0].message.startswith("「重点項目1」が重複しています（areas[0].number と同じ）")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["plan", "--plan", str(path)]) == 2
    assert "[P020 エラー]" in capsys.readouterr().err


def test_two_categories_of_one_number_in_an_area_of_a_plan_file_are_a_duplicate():
    text = BUNDLED.replace("\n      - number: 2\n", "\n      - number: 1\n", 1)
    found = [p for p in _yaml_problems(text) if p.code == "P020"]
    assert found[0].path == "areas[0].categories[1].number"
    assert found[0].message.startswith("「取組区分 1-1」が重複しています（areas[0].categories[0].number と同じ）")


# --- a KPI ID in upper case ----------------------------------------------------------------------

def test_a_kpi_id_typed_in_lower_case_is_its_upper_case_id(office):
    """「k14」 was a KPI k14 beside K14, while 「Ｋ１４」 was K14."""
    def edit(m):
        return {ml.KPIS: m.new_row(ml.KPIS, "KPI ID", {"KPI ID": "k14", "項目ID": "2-2-1", "指標名": "新指標",
                                                       "種類": "件数", "単位": "件", "基準値": 1, "目標値": 5,
                                                       "報告課": "財政課", "開始年度": "R9"})}

    result = import_plan(edited_master(office, "lower.xlsx", edit), office / "reform.db", dry_run=True)
    assert [c.subject for c in result.changes if c.kind == "KPI の追加"] == ["K14 新指標"]


def test_kpi_ids_that_differ_only_in_case_are_a_duplicate_in_a_plan_file():
    text = BUNDLED.replace("- id: K13\n", "- id: k01\n", 1)
    assert "- id: k01\n" in text
    found = [p for p in _yaml_problems(text) if p.code == "P020"]
    assert [p.message.split("（")[0] for p in found] == ["「k01」が重複しています"]


# --- a level with nothing under it ---------------------------------------------------------------

@pytest.mark.parametrize("new, said", [
    ({"ID": "4", "名称": "新しい重点項目"},
     "重点項目 4「新しい重点項目」には取組区分が1つもありません。取組区分を加えるか（計画マスターでは「重点項目・取組区分」"
     "シートに ID「4-1」の行を、計画ファイルでは categories の下に追加します）、使わない重点項目なら削除してください。"),
    ({"ID": "1-4", "名称": "新しい区分"},
     "取組区分 1-4「新しい区分」には改革項目が1つもありません。改革項目を加えるか（計画マスターでは「改革項目」シートに "
     "ID「1-4-1」の行を、計画ファイルでは items の下に追加します）、使わない取組区分なら削除してください。"),
])
def test_a_new_level_with_nothing_under_it_is_said_in_words(office, new, said):
    """It was 「[P013] 値 「（空の一覧）」 は使えません。空にはできません。」."""
    cells = {}
    path = edited_master(office, f"empty{new['ID']}.xlsx",
                 lambda m: {ml.LEVELS: cells.setdefault("new", m.new_row(ml.LEVELS, "ID", new))})
    (found,) = refused(path, office)
    assert (found.code, found.cell, found.message) == ("P055", next(iter(cells["new"])), said)


def test_a_category_with_no_items_in_a_plan_file_is_said_in_words():
    start = BUNDLED.index("        items:\n")
    end = BUNDLED.index("\n      - number: 2\n") + 1
    found = _yaml_problems(BUNDLED[:start] + "        items: []\n" + BUNDLED[end:])
    p055 = [p for p in found if p.code == "P055"]
    assert p055[0].path == "areas[0].categories[0].items" and "取組区分 1-1「" in p055[0].message
    assert "（空の一覧）" not in " ".join(p.message for p in found)


# --- values as typed -----------------------------------------------------------------------------

def test_a_rate_typed_as_a_whole_number_is_quoted_as_typed(office):
    """It was 「いまは 35.0」."""
    path = edited_master(office, "pct.xlsx", lambda m: {ml.KPIS: {m.cell(ml.KPIS, "KPI ID", "K01", "目標値"): "35"}})
    (found,) = refused(path, office)
    assert found.code == "P026" and found.message.endswith("いまは 「35」。")
    path = edited_master(office, "pct2.xlsx", lambda m: {ml.KPIS: {m.cell(ml.KPIS, "KPI ID", "K01", "目標値"): "3500%"}})
    (found,) = refused(path, office)
    assert found.message.endswith("いまは 「3500%」。")


def test_a_rate_typed_in_wari_is_its_fraction(office):
    """「8割5分」 as a rate's 目標値 was refused (P044), 「8割」 read as 8 (P026): the office writes rates so."""
    def edit(m):
        return {ml.KPIS: {m.cell(ml.KPIS, "KPI ID", "K01", "目標値"): "8割5分", m.cell(ml.KPIS, "KPI ID", "K01", "基準値"): "五割",
                          m.cell(ml.KPIS, "KPI ID", "K09", "目標値"): "4施設"}}

    result = import_plan(edited_master(office, "wari.xlsx", edit), office / "reform.db", dry_run=True)
    plan = result.plan
    assert (plan.kpi("K01").target, plan.kpi("K01").baseline, plan.kpi("K09").target) == (0.85, 0.5, 4)
    path = edited_master(office, "wari2.xlsx", lambda m: {ml.KPIS: {m.cell(ml.KPIS, "KPI ID", "K09", "目標値"): "8割5分"}})
    assert [p.code for p in refused(path, office)] == ["P044"]  # in a count, 割 is no rate


def test_a_rate_in_a_plan_file_is_quoted_as_written():
    found = _yaml_problems(BUNDLED.replace("target: 0.30\n", "target: 30\n", 1))
    (p026,) = [p for p in found if p.code == "P026"]
    assert p026.message.endswith("いまは 「30」。")


def test_an_impossible_date_is_quoted_without_json_quotes(office):
    """It was 「日付 「"2027-02-30"」 を読めません」."""
    path = edited_master(office, "date.xlsx", lambda m: {ml.INFO: {m.cell(ml.INFO, "項目", "改訂日", "値"): "2027-02-30"}})
    (found,) = refused(path, office)
    assert found.code == "P032" and found.message.startswith("日付 「2027-02-30」 を読めません。")


def test_a_year_that_does_not_read_is_quoted_without_json_quotes():
    found = _yaml_problems(BUNDLED.replace("  baseline_year: R6\n", "  baseline_year: 来年\n", 1))
    (p014,) = [p for p in found if p.code == "P014"]
    assert p014.message.startswith("年度 「来年」 を読めません。")


# --- a name is one line --------------------------------------------------------------------------

def test_a_line_break_pasted_into_a_name_is_no_change_between_japanese_words(office, capsys):
    """It was 「[名称の変更] 1-1-4 電子入札制度の⏎運用拡大: …」, the line broken in the 変更点."""
    def edit(m):
        return {ml.ITEMS: {m.cell(ml.ITEMS, "ID", "1-1-4", "名称"): "電子入札制度の\n運用拡大",
                           m.cell(ml.ITEMS, "ID", "1-2-1", "名称"): "RPA・AI等の\r\n活用による業務効率化"},
                ml.LEVELS: {m.cell(ml.LEVELS, "ID", "1-1", "名称"): "行政手続の\nオンライン化"},
                ml.KPIS: {m.cell(ml.KPIS, "KPI ID", "K01", "指標名"): "Ｗｅｂ\nサービス\n\n の利用率"}}

    path = edited_master(office, "breaks.xlsx", edit)
    result = import_plan(path, office / "reform.db", dry_run=True)
    assert [c.text for c in result.changes] == [
        f"[指標名の変更] K01 Ｗｅｂサービスの利用率: {load_plan()[0].kpi('K01').name} → Ｗｅｂサービスの利用率",
        "[版の変更] 版: 2026-02 → 2027-03"]
    assert main(["plan", "import", str(path), "--db", str(office / "reform.db"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "名称の変更" not in out
    # long texts (推進内容, 説明, 主な取組) keep theirs
    path = edited_master(office, "content.xlsx",
                 lambda m: {ml.ITEMS: {m.cell(ml.ITEMS, "ID", "1-2-1", "推進内容"): "一行目\n二行目"}})
    assert import_plan(path, office / "reform.db", dry_run=True).plan.item("1-2-1").content == "一行目\n二行目"


def test_a_line_break_between_latin_words_is_a_space(office):
    path = edited_master(office, "latin.xlsx",
                 lambda m: {ml.ITEMS: {m.cell(ml.ITEMS, "ID", "1-2-1", "名称"): "RPA\nAI"}})
    result = import_plan(path, office / "reform.db", dry_run=True)
    assert result.plan.item("1-2-1").name == "RPA AI"
