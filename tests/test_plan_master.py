"""The plan master: written from the plan, read back through the intake's safe reader to the same
plan; every broken or hostile master gives located, coded Japanese problems — never a traceback —
and is never modified."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

import intake_craft as craft
from five_years import Master, apply_with_openpyxl
from reform_xlsx.cli import main
from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.master_plan import load_master, plan_from_master
from reform_xlsx.intake.master_reader import read_master_cells
from reform_xlsx.plan import master_layout as ml
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.loading import PlanError, load_plan
from reform_xlsx.plan.master_export import write_master
from second_plan import PLAN_FILE, second_plan


@pytest.fixture(scope="module")
def master(tmp_path_factory, plan) -> Path:
    return write_master(plan, tmp_path_factory.mktemp("master") / "計画.xlsx")


@pytest.mark.parametrize("which", ["bundled", "minamiyama"])
def test_export_then_import_is_the_same_plan(which, tmp_path):
    plan = load_plan()[0] if which == "bundled" else second_plan()
    path = write_master(plan, tmp_path / "計画.xlsx")
    again, warnings = load_master(path)
    assert warnings == []
    assert plan_digest(again) == plan_digest(plan)
    assert (again.words, again.sections, again.items, again.kpis) == (plan.words, plan.sections, plan.items, plan.kpis)


def test_the_round_trip_through_the_command_says_no_change(workdir, capsys):
    for plan_file in (None, PLAN_FILE):
        db = workdir / f"{'b' if plan_file is None else 'm'}.db"
        given = ["--plan", str(plan_file)] if plan_file else []
        # no ledger yet: the plan of --plan, else the bundled plan (a --db not there is refused: a typo)
        assert main(["plan", "export", "計画.xlsx", "--force", *given]) == 0
        assert main(["plan", "import", "計画.xlsx", "--db", str(db)]) == 0  # a new ledger: its plan
        assert main(["plan", "import", "計画.xlsx", "--db", str(db)]) == 0
        out = capsys.readouterr().out
        assert "変更なし" in out.splitlines()[-1]
    assert main(["plan", "export", "計画.xlsx"]) == 2  # an edited master is never overwritten silently
    assert "--force" in capsys.readouterr().err


def test_the_master_in_the_plans_own_words(tmp_path):
    plan = second_plan()
    wb = openpyxl.load_workbook(write_master(plan, tmp_path / "m.xlsx"))
    assert wb.sheetnames[:6] == ["説明", "計画情報", "柱・施策", "取組", "主な取組", "KPI"]
    assert wb["_meta"].sheet_state == "hidden" and wb["_lists"].sheet_state == "hidden"


@pytest.mark.parametrize("item", ["主な取組", "KPI", "kpi"])
def test_an_item_word_that_is_a_fixed_sheets_name_gets_a_sheet_of_its_own(item, tmp_path):
    """A plan whose items are its 「主な取組」 (基本方針 → 推進項目 → 主な取組): the master has the sheet 「主な取組」 for
    the actions already, and Excel keeps no two sheets of one name (case aside). The items' sheet is told apart by its
    level, and the master reads back to the same plan."""
    plan = second_plan()
    plan = replace(plan, words=replace(plan.words, item=item))
    path = write_master(plan, tmp_path / "m.xlsx")
    names = openpyxl.load_workbook(path).sheetnames
    assert names[2:6] == ["柱・施策", f"{item}（階層3）", "主な取組", "KPI"]
    again, warnings = load_master(path)
    assert warnings == []
    assert (again.words, again.items, again.kpis) == (plan.words, plan.items, plan.kpis)


@pytest.mark.parametrize(("which", "example"), [
    ("bundled", "令和8～9年度 検討、令和10年度～ 実施"),
    ("minamiyama", "平成30年度～令和元年度 検討、令和2年度～ 実施"),
])
def test_the_schedule_example_is_in_the_plans_own_years(which, example, tmp_path):
    """The 説明 and 主な取組 sheets showed the bundled plan's 「令和8～9年度 検討、令和10年度～」 for every plan."""
    plan = load_plan()[0] if which == "bundled" else second_plan()
    wb = openpyxl.load_workbook(write_master(plan, tmp_path / "m.xlsx"))
    shown = ["".join(c.value for row in wb[name].iter_rows() for c in row if isinstance(c.value, str))
             for name in ("説明", "主な取組")]  # (a note is written one line a row)
    assert all(f"「{example}」のように出ます" in text for text in shown)
    if which != "bundled":
        assert "令和8" not in "".join(shown)


@pytest.mark.parametrize(("start", "end", "example"), [
    (2026, 2030, "令和8～9年度 検討、令和10年度～ 実施"),
    (2018, 2021, "平成30年度～令和元年度 検討、令和2年度～ 実施"),
    (2026, 2027, "令和8年度 検討、令和9年度 実施"),
    (2026, 2026, "令和8年度 実施"),
])
def test_schedule_example(start, end, example):
    from reform_xlsx.plan.master_export import schedule_example

    assert schedule_example(start, end) == example


def test_fixed_ids_are_locked_the_rest_open_with_drop_downs(master):
    wb = openpyxl.load_workbook(master)
    m = Master(master)
    items = wb[m.sheet(ml.ITEMS)]
    assert items.protection.sheet and items.protection.insertRows is False  # (False: allowed)
    assert items[m.cell(ml.ITEMS, "ID", "1-1-4", "ID")].protection.locked
    assert not items[m.cell(ml.ITEMS, "ID", "1-1-4", "名称")].protection.locked
    new_id = f"A{m.blank_rows(ml.ITEMS, 'ID')[0]}"
    assert not items[new_id].protection.locked  # a new item's ID is typed
    sources = {str(dv.formula1) for dv in items.data_validations.dataValidation}
    assert {ml.LIST_SECTIONS, ml.LIST_MARK, ml.LIST_YEARS} <= sources
    kpis = wb[m.sheet(ml.KPIS)]
    assert {ml.LIST_KINDS, ml.LIST_DIRECTIONS, ml.LIST_SECTIONS, ml.LIST_ITEMS} <= {
        str(dv.formula1) for dv in kpis.data_validations.dataValidation}
    first = Master(master).blank_rows(ml.SECTIONS, "課名")[0] - len(load_plan()[0].sections)
    assert wb.defined_names[ml.LIST_SECTIONS].attr_text == f"担当課!$A${first}:$A$1000"  # the sections, and rows added
    info = wb[m.sheet(ml.INFO)]
    assert info[m.cell(ml.INFO, "項目", "計画ID", "値")].protection.locked
    assert info[m.cell(ml.INFO, "項目", "版", "値")].number_format == "@"  # 「2028-04」 stays text


def _edited(master: Path, tmp_path: Path, cells: dict) -> Path:
    return apply_with_openpyxl(master, cells, tmp_path / "edited.xlsx")


def _problems(path: Path) -> list[tuple[str, str | None, str | None]]:
    with pytest.raises(PlanError) as caught:
        load_master(path)
    return [(p.code, p.sheet, p.cell) for p in caught.value.problems]


def test_a_blank_required_cell_a_duplicate_id_and_an_unknown_section(master, tmp_path):
    m = Master(master)
    kpis, items = m.sheet(ml.KPIS), m.sheet(ml.ITEMS)
    target = m.cell(ml.KPIS, "KPI ID", "K10", "目標値")
    section = m.cell(ml.ITEMS, "ID", "1-1-4", "担当課1")
    second = m.cell(ml.KPIS, "KPI ID", "K11", "KPI ID")
    blank = _caught(_edited(master, tmp_path, {kpis: {target: ""}}))
    assert [(p.code, p.sheet, p.cell) for p in blank] == [("P010", kpis, target)]  # 目標値 left blank
    assert "「目標値」" in blank[0].message
    found = _caught(_edited(master, tmp_path, {kpis: {second: "K10"}, items: {section: "総務課"}}))
    assert [(p.code, p.sheet, p.cell) for p in found] == [
        ("P021", items, section),  # a section the list does not have
        ("P020", kpis, second)]  # K10 twice
    assert f"「{kpis}」シートの {m.cell(ml.KPIS, 'KPI ID', 'K10', 'KPI ID')}" in found[1].message  # the other K10


@pytest.mark.parametrize("sheet, row, label, value, code", [
    (ml.ITEMS, "1-1-4", "継続", "はい?", "P044"),  # not a ○
    (ml.KPIS, "K02", "種類", "比率", "P044"),
    (ml.KPIS, "K02", "方向", "上昇", "P044"),
    (ml.KPIS, "K02", "基準値", "約半分", "P044"),
    (ml.KPIS, "K02", "目標値", 60, "P026"),  # a rate typed as a percent number: the plan file's check
    (ml.KPIS, "K02", "年度目標\nR9", 18, "P026"),  # a yearly target too (it was shown as 1800%)
    (ml.GRADES, "概ね順調（期待進捗 ×）", "値", 80, "P050"),  # 80 for 80%: no KPI could be 概ね順調
    (ml.ITEMS, "1-1-4", "終了年度", "来年", "P014"),
    (ml.ITEMS, "1-1-4", "終了年度", "R6", "P028"),
    (ml.ITEMS, "1-1-4", "ID", "1-9-4", "P045"),  # no such 取組区分
])
def test_a_cell_that_cannot_mean_anything_is_named(master, tmp_path, sheet, row, label, value, code):
    m = Master(master)
    id_label = {ml.KPIS: "KPI ID", ml.GRADES: "しきい値"}.get(sheet, "ID")
    cell = m.cell(sheet, id_label, row, label)
    found = _problems(_edited(master, tmp_path, {m.sheet(sheet): {cell: value}}))
    assert (code, m.sheet(sheet), cell) in found, found


def test_the_master_is_told_in_its_own_words(master, tmp_path, capsys):
    """A rate of 150% and a section not on the list: the column's name (基準値, not baseline), the 担当課 sheet
    (not 「sections の一覧」), 24% as the master takes it, and a heading that names the master (not 「計画ファイル」)."""
    m = Master(master)
    rate, section = m.cell(ml.KPIS, "KPI ID", "K01", "基準値"), m.cell(ml.ITEMS, "ID", "1-1-4", "担当課1")
    edited = _edited(master, tmp_path, {m.sheet(ml.KPIS): {rate: 1.5}, m.sheet(ml.ITEMS): {section: "総務企画"}})
    assert main(["plan", "import", str(edited), "--dry-run", "--db", str(tmp_path / "r.db")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"計画マスター {edited} にエラーがあります。")
    assert "基準値 は 0～1（0%～100%）で書いてください" in err and "計画マスターでは 24%" in err and "baseline" not in err
    assert "計画マスターの「担当課」シート" in err


def test_two_sections_of_one_file_name_are_named_by_their_cells(master, tmp_path):
    """P048 in the master names the other section's cell (「担当課」シートの A5), not its YAML path (sections[0])."""
    m = Master(master)
    sheet = m.sheet(ml.SECTIONS)
    first = m.cell(ml.SECTIONS, "課名", "DX推進課", "課名")
    ws = openpyxl.load_workbook(master)[sheet]
    below = f"A{ws.max_row + 1}"
    found = _caught(_edited(master, tmp_path, {sheet: {below: "dx推進課"}}))
    clash = [p for p in found if p.code == "P048"]
    assert [(p.sheet, p.cell) for p in clash] == [(sheet, below)]
    assert f"（「{sheet}」シートの {first}）" in clash[0].message and "sections[" not in clash[0].message


def test_a_formula_is_never_taken(master, tmp_path):
    """=HYPERLINK(…) typed into a cell: the formula is named at its cell, its value never used."""
    m = Master(master)
    cell = m.cell(ml.ITEMS, "ID", "1-1-4", "名称")
    wb = openpyxl.load_workbook(master)
    wb[m.sheet(ml.ITEMS)][cell] = '=HYPERLINK("http://example.invalid/","電子入札")'
    wb.save(tmp_path / "formula.xlsx")
    assert ("P043", m.sheet(ml.ITEMS), cell) in _problems(tmp_path / "formula.xlsx")


def test_text_that_starts_with_an_equals_sign_stays_text(plan, tmp_path):
    item = replace(plan.item("1-1-4"), name="=1+1 の見直し")
    areas = tuple(replace(a, categories=tuple(replace(c, items=tuple(item if i.id == "1-1-4" else i for i in c.items))
                                               for c in a.categories)) for a in plan.areas)
    path = write_master(replace(plan, areas=areas), tmp_path / "m.xlsx")
    assert load_master(path)[0].item("1-1-4").name == "=1+1 の見直し"


def test_wrong_workbooks_and_missing_sheets(master, plan, tmp_path):
    template = craft.template(plan, 2026, "市民課", tmp_path)  # a 調査票 is not a plan master
    assert [p.code for p in _caught(template)] == ["P040"]
    wb = openpyxl.load_workbook(master)
    del wb["組織改正"]
    wb["KPI"].title = "KPI一覧"
    wb.save(tmp_path / "sheets.xlsx")
    found = _caught(tmp_path / "sheets.xlsx")
    assert {(p.code, p.sheet) for p in found} == {("P041", "組織改正"), ("P041", "KPI")}
    assert "「KPI一覧」は名前を変えたものではありませんか" in next(p.message for p in found if p.sheet == "KPI")
    wb = openpyxl.load_workbook(master)
    ws = wb[Master(master).sheet(ml.ITEMS)]
    header = next(r for r in ws.iter_rows() if r[0].value == "ID")
    next(c for c in header if c.value == "推進内容").value = "内容"
    wb.save(tmp_path / "header.xlsx")
    assert ("P042", "推進内容") in {(p.code, p.extra.get("label")) for p in _caught(tmp_path / "header.xlsx")}


def _caught(path: Path):
    with pytest.raises(PlanError) as caught:
        load_master(path)
    return caught.value.problems


@pytest.mark.parametrize("name, content, code", [
    ("bomb.xlsx", craft.zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"\0" * (3 << 20)}), "F011"),
    ("text.xlsx", "計画です".encode(), "F003"),
    ("empty.xlsx", b"", "F004"),
    ("old.xlsx", craft.cfb({"Workbook": b"\0" * 600}), "F002"),
])
def test_hostile_or_unreadable_files(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    assert [p.code for p in _caught(path)] == [code]


def test_unsafe_xml_and_the_size_cap(master, tmp_path):
    dtd = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook/>'
    bad = craft.rezip(master, tmp_path / "dtd.xlsx", {"xl/workbook.xml": dtd})
    assert [p.code for p in _caught(bad)] == ["F007"]
    cells, problems = read_master_cells(master, limits=Limits(max_file_bytes=10_000))
    assert cells is None and [p.code for p in problems] == ["F008"]


def test_the_file_is_only_read(master, tmp_path):
    before = hashlib.sha256(master.read_bytes()).hexdigest()
    load_master(master)
    cells, _ = read_master_cells(master)
    plan_from_master(cells, master.name)
    assert hashlib.sha256(master.read_bytes()).hexdigest() == before


def test_the_command_never_shows_a_traceback(tmp_path, capsys):
    garbage = tmp_path / "計画.xlsx"
    garbage.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["plan", "import", str(garbage), "--db", str(tmp_path / "r.db")]) == 2
    err = capsys.readouterr().err
    # a zip that does not open: damaged (F006), as a return is said to be — not 「中身は ZIP」 (F003)
    assert "[F006 エラー]" in err and "Traceback" not in err and not (tmp_path / "r.db").exists()


def test_an_item_twice_or_without_any_main_action_is_named_once_at_its_id(master, tmp_path):
    """A second row with an item's ID is P020 naming the first (it was a bare 「値「[]」は使えません」), an item
    with no 主な取組 row says which sheet to add it to (P047)."""
    m = Master(master)
    items, actions = m.sheet(ml.ITEMS), m.sheet(ml.ACTIONS)
    twice = m.new_row(ml.ITEMS, "ID", {"ID": "1-1-2", "名称": "重複", "推進内容": "内容", "担当課1": "財政課"})
    found = _caught(_edited(master, tmp_path, {items: twice}))
    first = m.cell(ml.ITEMS, "ID", "1-1-2", "ID")
    assert [(p.code, p.sheet, p.cell) for p in found] == [("P020", items, next(iter(twice)))]
    assert f"「{items}」シートの {first}" in found[0].message
    lone = m.new_row(ml.ITEMS, "ID", {"ID": "1-1-9", "名称": "新しい項目", "推進内容": "内容", "担当課1": "財政課"})
    found = _caught(_edited(master, tmp_path, {items: lone}))
    assert [(p.code, p.sheet, p.cell) for p in found] == [("P047", items, next(iter(lone)))]
    assert f"「{actions}」シートに、項目ID「1-1-9」の行" in found[0].message


@pytest.mark.parametrize("key, id_label, label", [
    (ml.ITEMS, "ID", "ID"),  # the items' heading: every 主な取組 would have named an unknown item
    (ml.KPIS, "KPI ID", "目標値"),  # a column's heading: every KPI would have said 目標値 is missing
])
def test_a_heading_changed_is_said_once_not_followed_by_what_it_causes(master, tmp_path, key, id_label, label):
    from reform_xlsx.form.layout import find_header_row

    m = Master(master)
    sheet = m.sheet(key)
    rows = [[c.value for c in r] for r in m.wb[sheet].iter_rows()]
    heading = f"{m.column(key, id_label, label)}{find_header_row(rows, id_label, search_rows=len(rows)) + 1}"
    found = _caught(_edited(master, tmp_path, {sheet: {heading: f"{label}（旧）"}}))
    assert [(p.code, p.sheet) for p in found] == [("P042", sheet)]


def test_a_lower_case_grade_code_is_told_what_a_code_is(master, tmp_path):
    m = Master(master)
    cell = m.cell(ml.GRADES, "記号", "E", "記号")
    found = _caught(_edited(master, tmp_path, {m.sheet(ml.GRADES): {cell: "e"}}))
    assert [(p.code, p.cell) for p in found] == [("P013", cell)]
    assert "英大文字（A～Z）、数字（1～9）、記号 ◎ ○ △ × □ ■ ● ▲ ☆ ★" in found[0].message
    assert "「E」ではありませんか" in found[0].message and "1-1-3" not in found[0].message


def test_a_term_twice_is_p020_and_a_grade_row_left_blank_hides_none_below_it(master, tmp_path):
    m = Master(master)
    glossary = m.sheet(ml.GLOSSARY)
    twice = m.new_row(ml.GLOSSARY, "用語", {"用語": "AI", "説明": "重複"})
    found = _caught(_edited(master, tmp_path, {glossary: twice}))
    assert [(p.code, p.sheet, p.cell) for p in found] == [("P020", glossary, next(iter(twice)))]
    grades = m.sheet(ml.GRADES)
    row = m.cell(ml.GRADES, "記号", "D", "記号")[1:]
    d_row = {f"{column}{row}": None for column in "ABCDEFG"}  # the whole row cleared
    plan, _ = load_master(_edited(master, tmp_path, {grades: d_row}))
    assert [g.code for g in plan.grades] == ["A", "B", "C", "E"]  # E, below the blank row, is still there


@pytest.mark.parametrize("key, id_label, heading", [
    (ml.ACTIONS, "項目ID", "R9"),  # the ○ of R9 was lost
    (ml.ITEMS, "ID", "担当課5"),  # a section typed there was lost
])
def test_a_value_under_a_deleted_heading_is_never_lost_silently(master, tmp_path, key, id_label, heading):
    from reform_xlsx.form.layout import find_header_row

    m = Master(master)
    sheet = m.sheet(key)
    rows = [[c.value for c in r] for r in m.wb[sheet].iter_rows()]
    at = find_header_row(rows, id_label, search_rows=len(rows)) + 1
    column = m.column(key, id_label, heading)
    first = next(r for r in range(at + 1, len(rows) + 1) if rows[r - 1][0])
    edits = {f"{column}{at}": None}
    if m.wb[sheet][f"{column}{first}"].value is None:
        edits[f"{column}{first}"] = "財政課" if key == ml.ITEMS else "○"
    found = _caught(_edited(master, tmp_path, {sheet: edits}))
    assert [(p.code, p.sheet, p.cell) for p in found] == [("P042", sheet, f"{column}{at}")]
    assert f"{column}列" in found[0].message


def test_a_year_heading_written_in_brackets_still_reads(master, tmp_path):
    m = Master(master)
    kpis = m.sheet(ml.KPIS)
    rows = [[c.value for c in r] for r in m.wb[kpis].iter_rows()]
    from reform_xlsx.form.layout import find_header_row

    at = find_header_row(rows, "KPI ID", search_rows=len(rows)) + 1
    column = m.column(ml.KPIS, "KPI ID", "年度目標R9")
    cell = m.cell(ml.KPIS, "KPI ID", "K01", "年度目標R9")
    plan, _ = load_master(_edited(master, tmp_path, {kpis: {f"{column}{at}": "年度目標（R9）", cell: 0.26}}))
    assert plan.kpi("K01").yearly_targets[2027] == pytest.approx(0.26)


def test_a_yearly_target_under_a_header_of_only_the_year_is_read(master, tmp_path):
    """A KPI year column headed 「R9」 (as the 主な取組 sheet heads its years), not 「年度目標 R9」: its value is the
    yearly target, not dropped; a value under a heading that is no year is said at its cell (P044)."""
    m = Master(master)
    kpis = m.sheet(ml.KPIS)
    column = m.column(ml.KPIS, "KPI ID", "年度目標\nR9")
    value = m.cell(ml.KPIS, "KPI ID", "K01", "年度目標\nR9")
    header = f"{column}{int(value[len(column):]) - 1}"  # K01 is the first row under the header
    assert m.wb[kpis][header].value == "年度目標\nR9"
    plan, _ = load_master(_edited(master, tmp_path, {kpis: {header: "R9", value: "32%"}}))
    assert plan.kpis[0].yearly_targets == {2027: 0.32}
    found = _problems(_edited(master, tmp_path, {kpis: {header: "メモ", value: "32%"}}))
    assert found == [("P044", kpis, value)]


def test_a_period_typed_backwards_is_said_at_the_info_sheet(master, tmp_path):
    """P027 named no sheet and no cell: the period's first year's cell on 計画情報."""
    m = Master(master)
    end = m.cell(ml.INFO, "項目", "計画期間の最後の年度", "値")
    found = _problems(_edited(master, tmp_path, {m.sheet(ml.INFO): {end: "R6"}}))
    assert found == [("P027", m.sheet(ml.INFO), m.cell(ml.INFO, "項目", "計画期間の最初の年度", "値"))]


def test_a_kpi_id_typed_in_full_width_is_read_as_its_half_width(master, tmp_path):
    """「Ｋ０３」 was P013 while an item's full-width 「１-１-３」 was read as 1-1-3."""
    m = Master(master)
    cell = m.cell(ml.KPIS, "KPI ID", "K03", "KPI ID")
    plan, _ = load_master(_edited(master, tmp_path, {m.sheet(ml.KPIS): {cell: "Ｋ０３"}}))
    assert [k.id for k in plan.kpis] == [k.id for k in load_plan()[0].kpis]


def test_the_info_sheets_examples_are_in_the_plans_own_years(tmp_path):
    """計画情報 said 「例 R8、令和8年度」「例 R12」「例 R10」 and 「一覧の年度から選びます（例 R10）」 for a 平成30～令和3年度 plan
    whose year lists hold H30…R3 only."""
    wb = openpyxl.load_workbook(write_master(second_plan(), tmp_path / "m.xlsx"))
    ws = wb["計画情報"]
    notes = "".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    prompts = "".join(dv.prompt or "" for dv in ws.data_validations.dataValidation)
    assert "例 H30、平成30年度" in notes and "例 R3" in notes and "（例 R2）" in notes and "平成30年2月" in notes
    assert "（例 R2）" in prompts
    assert not any(old in notes + prompts for old in ("R8", "R10", "R12", "令和8年"))


@pytest.mark.parametrize("epoch, day", [(None, "2027-03-12"), ("1904", "2031-03-13")])
def test_a_revision_date_kept_as_its_day_number_is_read_in_the_workbooks_date_system(master, tmp_path, epoch, day):
    """The 改訂日 a spreadsheet kept as its day number (45363) is counted from the workbook's own day zero: 1899-12-30,
    or 1904-01-01 in a workbook of the 1904 date system (``date1904``, Excel for Mac), not four years off."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    m = Master(master)
    wb = openpyxl.load_workbook(master)
    ref = m.cell(ml.INFO, "項目", "改訂日", "値")
    info = wb[m.sheet(ml.INFO)]
    info[ref] = 46458
    info[ref].number_format = "General"
    if epoch:
        wb.epoch = CALENDAR_MAC_1904
    wb.save(tmp_path / "edited.xlsx")
    plan, _warnings = load_master(tmp_path / "edited.xlsx")
    assert plan.revision.revised_on == day



def _name_cell_as(master: Path, target: Path, cell_xml: str) -> tuple[Path, str, str]:
    """A copy of the master whose item 1-1-4's 名称 cell is written ``cell_xml`` (its ``r`` put in for 「{r}」)."""
    m = Master(master)
    cell = m.cell(ml.ITEMS, "ID", "1-1-4", "名称")
    part = craft.sheet_part(master, m.sheet(ml.ITEMS))

    def change(xml: bytes) -> bytes:
        start = xml.index(f'<c r="{cell}"'.encode())
        end = xml.index(b"</c>", start) + len(b"</c>")
        return xml[:start] + cell_xml.replace("{r}", cell).encode() + xml[end:]

    return craft.rezip(master, target, {part: change}), m.sheet(ml.ITEMS), cell


@pytest.mark.parametrize("inner, t, said", [
    ("<v>true</v>", "b", "真偽値のセルに「true」"),      # calamine reads TRUE, LibreOffice shows FALSE
    ("<v>12abc</v>", "n", "数値のセルに数値でない「12abc」"),  # calamine refuses the sheet
    ("<v>x</v>", "s", "共有文字列の番号が「x」"),        # calamine reads the first string, LibreOffice a blank
])
def test_a_cell_the_reader_refuses_is_said_broken_not_an_error_value(master, tmp_path, inner, t, said):
    """A master cell calamine refuses or reads otherwise than LibreOffice shows is named at its cell as broken (P061,
    with what is wrong) — not 「「…」を読めません。エラー値です」 (P044), which it is not."""
    path, sheet, cell = _name_cell_as(master, tmp_path / "broken.xlsx", f'<c r="{{r}}" t="{t}">{inner}</c>')
    with pytest.raises(PlanError) as caught:
        load_master(path)
    at = [p for p in caught.value.problems if p.cell == cell]
    assert [(p.code, p.sheet) for p in at] == [("P061", sheet)]
    assert said in at[0].message and "エラー値" not in at[0].message


def test_a_text_over_excels_limit_is_said_too_long_not_an_error_value(master, tmp_path):
    """A master text over 32,767 characters (calamine cuts it) is named at its cell by its length (P044)."""
    path, _sheet, cell = _name_cell_as(master, tmp_path / "long.xlsx",
                                       f'<c r="{{r}}" t="inlineStr"><is><t>{"あ" * 40_000}</t></is></c>')
    with pytest.raises(PlanError) as caught:
        load_master(path)
    at = [p for p in caught.value.problems if p.cell == cell]
    assert [p.code for p in at] == ["P044"]
    assert "40,000 文字" in at[0].message and "エラー値" not in at[0].message
