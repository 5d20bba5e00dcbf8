"""One crafted workbook per identity, structure and value code: code, severity, sheet, cell.

Each case starts from a real template filled validly (no problems at all), makes one edit
with openpyxl, and compares the whole flattened problem list.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.officer import Prior, effect_scale, prior_from_answers
from reform_xlsx.messages import Severity
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template

E, W = Severity.ERROR, Severity.WARNING
ITEMS, KPI, META = layout.SHEET_ITEMS, layout.SHEET_KPI, layout.SHEET_META


def _set(wb, sheet, row_id, label, value):
    cell = craft.cell_of(wb, sheet, row_id, label)
    wb[sheet][cell] = value
    return cell


def _row_of(wb, sheet, row_id):
    return int("".join(ch for ch in craft.cell_of(wb, sheet, row_id, "進捗状況" if sheet == ITEMS else "実績値")
                       if ch.isdigit()))


# Each case: (section, edit(wb) -> expected [(code, severity, sheet, cell)], status)
def grade_invalid(wb):
    return [("V001", E, ITEMS, _set(wb, ITEMS, "1-1-3", "進捗状況", "Z 不明"))]


def grade_blank(wb):
    return [("V002", E, ITEMS, _set(wb, ITEMS, "1-1-5", "進捗状況", None))]


def actual_blank(wb):
    return [("V002", E, KPI, _set(wb, KPI, "K03", "実績値", None))]


def not_a_number(wb):
    return [("V003", E, KPI, _set(wb, KPI, "K01", "実績値", "たくさん"))]


def over_100_percent(wb):
    return [("V004", E, KPI, _set(wb, KPI, "K04", "実績値", "130%"))]


def rate_as_points(wb):
    """Text 「30」 shows as 30: read as 30 % with a warning."""
    return [("V005", W, KPI, _set(wb, KPI, "K01", "実績値", "30"))]


def rate_over_100_as_shown(wb):
    """「120%」 typed into the %-formatted cell is stored 1.2 and shows 120.0 %: an error, never 1.2 %."""
    return [("V004", E, KPI, _set(wb, KPI, "K01", "実績値", 1.2))]


def rate_number_shown_as_percent(wb):
    """A bare 30 in the %-formatted cell shows 3000.0 %: what the section sees is what is read."""
    return [("V004", E, KPI, _set(wb, KPI, "K04", "実績値", 30))]


def yen_negative(wb):
    return [("V006", E, ITEMS, _set(wb, ITEMS, "1-1-1", "財政効果額（円）", "△5"))]


def count_not_whole(wb):
    return [("V007", W, KPI, _set(wb, KPI, "K13", "実績値", 350.5))]


def unit_mismatch(wb):
    return [("V008", W, KPI, _set(wb, KPI, "K13", "実績値", "350人"))]


def formula_in_input(wb):
    return [("V009", E, ITEMS, _set(wb, ITEMS, "1-1-1", "財政効果額（円）", "=1000*3")),
            ("V009", E, KPI, _set(wb, KPI, "K01", "実績値", "=0.1*3"))]


def locked_changed(wb):
    return [("V011", W, ITEMS, _set(wb, ITEMS, "1-1-3", "改革項目", "書き換えた名前"))]


def error_value(wb):
    return [("V012", E, KPI, _set(wb, KPI, "K04", "実績値", "#DIV/0!"))]


def no_metadata(wb):
    """Both records cleared, the form's sheets kept: F036 (what was lost, how to save it), whose by the sheets' titles
    (it was M001 「配布した調査票ではない…別のブックに写した場合は」, a file of no one's)."""
    for key in layout.META_KEYS:
        craft.set_meta(wb, key, None)
    return [("F036", E, None, None)]


def other_plan(wb):
    craft.set_meta(wb, layout.META_PLAN_ID, "other-city-plan")
    return [("M002", E, None, None)]


def other_plan_version(wb):
    craft.set_meta(wb, layout.META_PLAN_VERSION, "2025-01")
    return [("M003", E, None, None)]


def other_year(wb):
    craft.set_meta(wb, layout.META_FISCAL_YEAR, "R9")
    return [("M004", E, None, None)]


def unknown_section(wb):
    craft.set_meta(wb, layout.META_SECTION, "総務課")
    return [("M005", E, None, None)]


def format_version(wb):
    craft.set_meta(wb, layout.META_FORMAT_VERSION, "99")
    return [("M006", E, None, None)]


def section_removed(wb):
    craft.set_meta(wb, layout.META_SECTION, None)
    return [("M007", E, None, None)]


def meta_only_in_sheet(wb):
    """The properties lost (as some tools do): the _meta sheet identifies the file."""
    for key in layout.META_KEYS:
        craft.set_meta(wb, key, None, sheet=False)
    return []


def meta_sheet_deleted(wb):
    """The hidden _meta sheet deleted: the document properties still identify the file."""
    del wb[META]
    return []


def meta_conflict(wb):
    craft.set_meta(wb, layout.META_TEMPLATE_ID, "0" * 32, properties=False)
    return [("M008", W, META, None)]


def kpi_sheet_deleted(wb):
    del wb[KPI]
    return [("S001", E, KPI, None)]


def sheet_renamed(wb):
    """Renamed (or copied and the original deleted: Excel names the copy 「取組状況 (2)」), its header and rows as
    the form's: read as the form's sheet, said (S012), accepted — nothing lost, nothing to send again."""
    wb[ITEMS].title = "取組状況 (2)"
    return [("S012", W, "取組状況 (2)", None)]


def sheet_renamed_with_an_error(wb):
    """The renamed sheet's cells are judged as the form's (an error located on the form's sheet name, as the
    差し戻し copy has it)."""
    grade = next(r for r in range(1, wb[ITEMS].max_row + 1) if wb[ITEMS].cell(r, 1).value == "1-1-1")
    column = next(c for c in range(1, 30) if wb[ITEMS].cell(layout.HEADER_ROW + 1, c).value == "進捗状況")
    wb[ITEMS].cell(grade, column).value = "たぶん順調"
    wb[KPI].title = "実績"  # renamed past recognition: said as a sheet that is missing … (S002: 「実績」 is not like 「KPI」)
    wb[ITEMS].title = "取組状況（市民課）"
    return [("S012", W, "取組状況（市民課）", None),
            ("V001", E, ITEMS, f"{openpyxl.utils.get_column_letter(column)}{grade}"), ("S001", E, KPI, None)]


def sheet_copy_beside(wb):
    """A copy of 取組状況 kept beside it (Excel's 「取組状況 (2)」): the form's sheet is read, the copy is said (S013)
    — a section that filled in the copy learns why its answers are not there."""
    wb.copy_worksheet(wb[ITEMS]).title = "取組状況 (2)"
    return [("S013", W, "取組状況 (2)", None)]


def sheet_renamed_beside_a_draft(wb):
    """The filled sheet renamed 「取組状況（市民課）」 and a draft copy 「取組状況 (2)」 kept: which one is meant is not
    guessed (the draft's name is the closer one) — S002 names both, nothing is read from either."""
    wb.copy_worksheet(wb[ITEMS]).title = "取組状況 (2)"
    wb[ITEMS].title = "取組状況（市民課）"
    return [("S002", E, ITEMS, None)]


def empty_sheet_inserted_with_the_forms_name(wb):
    """The filled sheet renamed 「取組状況_記入」 and an empty sheet 「取組状況」 inserted: the empty one read gave S003
    (a header nobody deleted) and an empty 差し戻し copy — the sheet with the form's header is read (S012)."""
    wb[ITEMS].title = "取組状況_記入"
    wb.create_sheet(ITEMS, 0)
    return [("S012", W, "取組状況_記入", None)]


def sheet_renamed_without_its_header(wb):
    """A sheet named like the form's but not holding it (the header row gone): not read, said as renamed (S002)."""
    ws = wb[ITEMS]
    ws.title = "取組状況 (2)"
    ws.delete_rows(layout.HEADER_ROW + 1)
    return [("S002", E, ITEMS, None)]


HEADER = layout.HEADER_ROW + 1  # 1-based row of the header the writer puts


def header_changed(wb):
    wb[ITEMS][f"A{HEADER}"] = "番号"
    return [("S003", E, ITEMS, None)]


def column_renamed(wb):
    header = craft.cell_of(wb, ITEMS, "1-1-1", "課題・今後の方針")
    wb[ITEMS][header.rstrip("0123456789") + str(HEADER)] = "課題"
    # the header rewritten is the one the reader names (S004, at it): what its column holds is read for the 差し戻し copy
    # (before, it was not read — S010 — and the copy had that column blank: sent back as it was, it was lost)
    return [("S004", E, ITEMS, header.rstrip("0123456789") + str(HEADER))]


def memo_column(wb):
    """A memo column added right of the table: its text is read nowhere, so it is said (once a column)."""
    ws = wb[ITEMS]
    ws[f"J{HEADER}"], ws[f"J{HEADER + 1}"], ws[f"J{HEADER + 3}"] = "備考", "効果額は3年分の合計です", "同上"
    ws[f"L{HEADER + 2}"] = "メモ"
    return [("S010", W, ITEMS, f"J{HEADER + 1}"), ("S010", W, ITEMS, f"L{HEADER + 2}")]


def row_deleted(wb):
    wb[ITEMS].delete_rows(_row_of(wb, ITEMS, "1-1-5"))
    return [("S005", E, ITEMS, None)]


def row_duplicated(wb):
    ws = wb[ITEMS]
    source, target = _row_of(wb, ITEMS, "1-1-1"), ws.max_row + 1
    for cell in ws[source]:
        ws.cell(target, cell.column, cell.value)
    return [("S006", E, ITEMS, f"A{target}")]


def id_changed(wb):
    ws = wb[KPI]
    ws[f"A{_row_of(wb, KPI, 'K03')}"] = "K99"
    # the row's 指標名 is K03's, and no other row says it: read as K03's row for the 差し戻し copy (not also S005)
    return [("S007", E, KPI, f"A{_row_of(wb, KPI, 'K99')}")]


def input_without_id(wb):
    ws = wb[ITEMS]
    column = craft.cell_of(wb, ITEMS, "1-1-1", "取組実績").rstrip("0123456789")
    ws[f"{column}{ws.max_row + 2}"] = "表の下に書いた実績"
    return [("S008", E, ITEMS, f"{column}{ws.max_row}")]


# --- the officer's checks (intake/officer.py) ------------------------------------------------
def behind_without_result(wb):
    """C 遅れ with no 取組実績: an error at the blank 取組実績, not at the grade."""
    _set(wb, ITEMS, "1-1-1", "進捗状況", "C 遅れ")
    return [("V014", E, ITEMS, _set(wb, ITEMS, "1-1-1", "取組実績", None))]


def not_started_without_plan(wb):
    """D 未着手 (typed as 「未着手」) with no 課題・今後の方針."""
    _set(wb, ITEMS, "1-1-5", "進捗状況", "未着手")
    return [("V014", E, ITEMS, _set(wb, ITEMS, "1-1-5", "課題・今後の方針", None))]


def behind_with_spaces_only(wb):
    """C 遅れ with only spaces (half- and full-width) and a line break typed as its explanation: blank all the same."""
    _set(wb, ITEMS, "1-1-1", "進捗状況", "C 遅れ")
    return [("V014", E, ITEMS, _set(wb, ITEMS, "1-1-1", "取組実績", " ")),
            ("V014", E, ITEMS, _set(wb, ITEMS, "1-1-1", "課題・今後の方針", "\u3000\n "))]


def not_started_with_a_dash(wb):
    """D 未着手 with a dash for each text (「－」, 「―」): the dash that says "none" in an amount says it here too."""
    _set(wb, ITEMS, "1-1-5", "進捗状況", "D 未着手")
    return [("V014", E, ITEMS, _set(wb, ITEMS, "1-1-5", "取組実績", "－")),
            ("V014", E, ITEMS, _set(wb, ITEMS, "1-1-5", "課題・今後の方針", "――"))]


def behind_explained(wb):
    """C with both texts, and A with both blank: nothing to say."""
    _set(wb, ITEMS, "1-1-1", "進捗状況", "C 遅れ")
    _set(wb, ITEMS, "1-1-5", "取組実績", None)
    _set(wb, ITEMS, "1-1-5", "課題・今後の方針", None)
    return []


def kpi_implausible(wb):
    """K13 街路灯 (303 → 495 基) typed as 30,300: a hundred times the plan's figures."""
    return [("V015", W, KPI, _set(wb, KPI, "K13", "実績値", 30300))]


def kpi_implausible_with_other_unit(wb):
    """「30,300個」: the unit warning (V008) does not hide the size warning (V015) at the same cell."""
    cell = _set(wb, KPI, "K13", "実績値", "30,300個")
    return [("V008", W, KPI, cell), ("V015", W, KPI, cell)]


def effect_above_the_plans_scale(wb):
    """1億5千万円 on a 窓口 item: above the plan's scale (the largest yearly money target, ≈1,667万円)."""
    return [("V018", W, ITEMS, _set(wb, ITEMS, "1-1-1", "財政効果額（円）", "1億5千万円"))]


def respondent_blank(wb):
    return [("V019", W, ITEMS, _set(wb, ITEMS, layout.RESPONDENT_ID, "担当者", None))]


def several_problems(wb):
    """Every problem of a file is reported, not only the first."""
    return grade_invalid(wb) + not_a_number(wb) + yen_negative(wb) + over_100_percent(wb) + actual_blank(wb)


CASES = [
    ("市民課", grade_invalid, FileStatus.REJECTED), ("市民課", grade_blank, FileStatus.REJECTED), ("市民課", actual_blank, FileStatus.REJECTED),
    ("市民課", not_a_number, FileStatus.REJECTED), ("市民課", over_100_percent, FileStatus.REJECTED),
    ("市民課", rate_as_points, FileStatus.ACCEPTED), ("市民課", yen_negative, FileStatus.REJECTED),
    ("土木課", count_not_whole, FileStatus.ACCEPTED), ("土木課", unit_mismatch, FileStatus.ACCEPTED),
    ("市民課", formula_in_input, FileStatus.REJECTED),
    ("市民課", locked_changed, FileStatus.ACCEPTED), ("市民課", error_value, FileStatus.REJECTED),
    ("市民課", no_metadata, FileStatus.REJECTED), ("市民課", other_plan, FileStatus.REJECTED), ("市民課", other_plan_version, FileStatus.REJECTED),
    ("市民課", other_year, FileStatus.REJECTED), ("市民課", unknown_section, FileStatus.REJECTED), ("市民課", format_version, FileStatus.REJECTED),
    ("市民課", section_removed, FileStatus.SKIPPED), ("市民課", meta_only_in_sheet, FileStatus.ACCEPTED),
    ("市民課", meta_sheet_deleted, FileStatus.ACCEPTED), ("市民課", meta_conflict, FileStatus.ACCEPTED), ("市民課", kpi_sheet_deleted, FileStatus.REJECTED),
    ("市民課", sheet_renamed, FileStatus.ACCEPTED), ("市民課", sheet_renamed_with_an_error, FileStatus.REJECTED),
    ("市民課", sheet_renamed_without_its_header, FileStatus.REJECTED), ("市民課", sheet_copy_beside, FileStatus.ACCEPTED),
    ("市民課", sheet_renamed_beside_a_draft, FileStatus.REJECTED),
    ("市民課", empty_sheet_inserted_with_the_forms_name, FileStatus.ACCEPTED), ("市民課", header_changed, FileStatus.REJECTED),
    ("市民課", column_renamed, FileStatus.REJECTED), ("市民課", row_deleted, FileStatus.REJECTED), ("市民課", row_duplicated, FileStatus.REJECTED),
    ("市民課", id_changed, FileStatus.REJECTED), ("市民課", input_without_id, FileStatus.REJECTED),
    ("市民課", memo_column, FileStatus.ACCEPTED),
    ("市民課", several_problems, FileStatus.REJECTED),
    ("市民課", behind_without_result, FileStatus.REJECTED), ("市民課", not_started_without_plan, FileStatus.REJECTED),
    ("市民課", behind_with_spaces_only, FileStatus.REJECTED), ("市民課", not_started_with_a_dash, FileStatus.REJECTED),
    ("市民課", behind_explained, FileStatus.ACCEPTED), ("土木課", kpi_implausible, FileStatus.ACCEPTED),
    ("土木課", kpi_implausible_with_other_unit, FileStatus.ACCEPTED),
    ("市民課", effect_above_the_plans_scale, FileStatus.ACCEPTED), ("市民課", respondent_blank, FileStatus.ACCEPTED),
    ("市民課", rate_over_100_as_shown, FileStatus.REJECTED), ("市民課", rate_number_shown_as_percent, FileStatus.REJECTED),
]


@pytest.fixture(scope="module")
def good(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("good")
    return {s: craft.filled(plan, 2026, s, folder) for s in ("市民課", "土木課")}


@pytest.mark.parametrize("section, change, status", CASES, ids=[c[1].__name__ for c in CASES])
def test_validation_case(plan, good, tmp_path, section, change, status):
    expected = []
    path = craft.edit(good[section], tmp_path / "返送.xlsx", lambda wb: expected.extend(change(wb)))
    result = read_return(path, plan, 2026)
    found = [(p.code, p.severity, p.sheet, p.cell) for p in result.problems]
    assert sorted(found, key=str) == sorted(expected, key=str)
    assert result.status == status
    assert all(p.file == "返送.xlsx" for p in result.problems)


@pytest.mark.parametrize("section", ["市民課", "土木課"])
def test_good_files_have_no_problems(plan, good, section):
    result = read_return(good[section], plan, 2026)
    assert (result.status, result.problems) == (FileStatus.ACCEPTED, [])


def _values(result):
    return {(a.sheet, a.id, a.field): a.value for a in result.answers}


def test_inserted_and_sorted_rows_still_read(plan, good, tmp_path):
    def shuffle(wb):
        for name in (ITEMS, KPI):
            ws = wb[name]
            first, last = HEADER + 1, ws.max_row
            rows = [[c.value for c in ws[r]] for r in range(first, last + 1)]
            for offset, values in enumerate(reversed(rows)):
                for col, value in enumerate(values, start=1):
                    ws.cell(first + offset, col, value)
            ws.insert_rows(first, 2)

    path = craft.edit(good["市民課"], tmp_path / "並べ替え.xlsx", shuffle)
    result = read_return(path, plan, 2026)
    assert (result.status, result.problems) == (FileStatus.ACCEPTED, [])
    assert _values(result) == _values(read_return(good["市民課"], plan, 2026))
    cells = {(a.id, a.field): a.cell for a in result.answers}
    assert cells[("3-2-6", "grade")] == f"F{HEADER + 3}"  # last row moved first, below two inserted rows


def _left_of(cell: str) -> str:
    letters = cell.rstrip("0123456789")
    return chr(ord(letters) - 1) + cell[len(letters):]


@pytest.mark.parametrize("label_cell, value_cell, person, said", [
    ("土木 太郎", None, "土木 太郎", ("S009", W, "label")),  # the name typed over the label: read, and said where
    ("氏名", "土木 次郎", "土木 次郎", None),  # the label reworded, the name in its cell: read as usual
    (None, None, None, ("V019", W, "value")),  # the label cleared, no name: V019 at the name's cell as before
])
def test_a_name_typed_over_the_respondent_label_is_not_lost(plan, good, tmp_path, label_cell, value_cell, person,
                                                            said):
    """A section that unprotects 取組状況 and types its name over the 「担当者」 label (the cell to its right
    left blank) had the name read nowhere and no V019: the office lost whom to call."""
    where = {}

    def edit(wb):
        where["value"] = craft.cell_of(wb, ITEMS, layout.RESPONDENT_ID, "担当者")
        where["label"] = _left_of(where["value"])
        wb[ITEMS][where["label"]], wb[ITEMS][where["value"]] = label_cell, value_cell
    path = craft.edit(good["市民課"], tmp_path / "回答者.xlsx", edit)
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.ACCEPTED and result.respondent.get("person") == person
    found = [(p.code, p.severity, p.cell) for p in result.problems]
    assert found == ([] if said is None else [(said[0], said[1], where[said[2]])])
    if said and said[0] == "S009":
        (p,) = result.problems
        assert f"{where['label']} に「土木 太郎」" in p.message and f"次からは {where['value']} に" in p.message
        assert (p.row_id, p.column) == (layout.RESPONDENT_ID, "person")  # the 差し戻し copy marks the name's cell


def test_the_extension_typed_over_its_label_is_not_also_the_name(plan, good, tmp_path):
    """The 担当者 left blank and the extension typed over the 「内線」 label (its value cell blank): the cell was
    read twice — as the 内線 (S009) and, as the first cell holding something right of 「担当者」, as the name."""
    where = {}

    def edit(wb):
        person = craft.cell_of(wb, ITEMS, layout.RESPONDENT_ID, "担当者")
        extension = craft.cell_of(wb, ITEMS, layout.RESPONDENT_ID, "内線")
        where["person"], where["label"] = person, _left_of(extension)
        wb[ITEMS][person], wb[ITEMS][where["label"]], wb[ITEMS][extension] = None, "1234", None
    path = craft.edit(good["市民課"], tmp_path / "回答者.xlsx", edit)
    result = read_return(path, plan, 2026)
    assert (result.respondent.get("person"), result.respondent.get("extension")) == (None, "1234")
    assert sorted((p.code, p.cell) for p in result.problems) == [("S009", where["label"]), ("V019", where["person"])]


@pytest.mark.parametrize("label", ["担当者", "内線", "メール", "所属長確認"])
def test_a_column_inserted_between_a_respondent_label_and_its_value_loses_nothing(plan, good, tmp_path, label):
    """The sheet unprotected and a column inserted (in Calc or Excel) in the table below, between a 回答者欄 label
    and its value: the value moved one cell right, the cell right of the label was read — the mail address or the
    name silently blank (V019 for a name the section typed)."""
    names = {"担当者": "土木 太郎", "内線": "1234", "メール": "doboku@example.jp", "所属長確認": "土木 一郎"}

    def edit(wb):
        for name, value in names.items():
            wb[ITEMS][craft.cell_of(wb, ITEMS, layout.RESPONDENT_ID, name)] = value
        value_cell = craft.cell_of(wb, ITEMS, layout.RESPONDENT_ID, label)
        wb[ITEMS].insert_cols(openpyxl.utils.column_index_from_string(value_cell.rstrip("0123456789")))
    path = craft.edit(good["市民課"], tmp_path / "列の挿入.xlsx", edit)
    result = read_return(path, plan, 2026)
    keys = {c.label: c.key for c in layout.RESPONDENT_COLUMNS}
    assert result.respondent == {keys[name]: value for name, value in names.items()}
    assert result.status == FileStatus.ACCEPTED and [p.code for p in result.problems] == []


@pytest.mark.parametrize("name, typed, hidden, said", [
    ("メモ", {"A1": "1-1-3 の効果額は3年分です", "B4": 120}, False, "調査票にないシート「メモ」の入力（2 個のセル）は読んでいません。"),
    ("補足", {"C3": "課内の確認用"}, True,
     "調査票にないシート「補足」の入力（1 個のセル）は読んでいません（「補足」は非表示のシートです）。"),
    ("Sheet1", {}, False, None),  # an empty sheet added by a click: nothing to say
    ("エラー一覧", {"A1": "修正のお願い"}, False, None),  # the 差し戻し copy's own sheet, sent back as it is
])
def test_text_on_a_sheet_the_section_added_is_said_not_to_be_read(plan, good, tmp_path, name, typed, hidden, said):
    """A section adds a sheet of notes (「メモ」: 「1-1-3 の効果額は3年分です」) in Calc or Excel and sends the form: the
    sheet was read nowhere and said nowhere — the office never saw the notes, as with a column added beside the table
    before S010."""
    def edit(wb):
        ws = wb.create_sheet(name, 1)
        for cell, value in typed.items():
            ws[cell] = value
        ws.sheet_state = "hidden" if hidden else "visible"
    result = read_return(craft.edit(good["市民課"], tmp_path / "メモ付き.xlsx", edit), plan, 2026)
    assert result.status == FileStatus.ACCEPTED
    found = [(p.code, p.severity, p.sheet, p.cell) for p in result.problems]
    assert found == ([] if said is None else [("S016", W, name, None)])
    if said:
        (p,) = result.problems
        assert p.message.startswith(said)
        assert p.message.endswith("伝えたい内容は、調査票の入力欄（取組実績・課題・今後の方針・算出根拠・備考）に書いてください。")


def test_text_in_an_added_column_is_quoted_once_a_column(plan, good, tmp_path):
    """The text of a memo column beside the table was read nowhere and said nowhere: the office never saw it."""
    path = craft.edit(good["市民課"], tmp_path / "備考列.xlsx", memo_column)
    first, second = (p.message for p in read_return(path, plan, 2026).problems)
    assert first.startswith("調査票にない J 列（見出し「備考」）の入力は読んでいません（"
                            f"J{HEADER + 1}「効果額は3年分の合計です」 ほか、入力のあるセル 2 個）。")
    assert "その行の入力欄（取組実績・課題・今後の方針）に書いてください" in first
    assert f"L 列の入力は読んでいません（L{HEADER + 2}「メモ」）" in second


def test_the_forms_own_columns_of_a_later_year_are_not_added_columns(plan, tmp_path):
    """From the second year, last year's answers stand beside the inputs (「令和8年度 進捗状況」 …): the form's own."""
    history = pd.DataFrame([
        {"year": 2026, "section": "市民課", "kind": "item", "id": "1-1-3", "field": "grade", "value": "A"},
        {"year": 2026, "section": "市民課", "kind": "item", "id": "1-1-3", "field": "result", "value": "実施した"},
        {"year": 2026, "section": "市民課", "kind": "kpi", "id": "K01", "field": "actual", "value": 0.3},
    ])
    (source,) = write_templates(plan, 2027, tmp_path, ["市民課"], history=history)
    answers = craft.valid_answers(plan, "市民課")
    answers[ITEMS] = {k: v for k, v in answers[ITEMS].items()
                      if k == layout.RESPONDENT_ID or k in {i.id for i in plan.items_for("市民課", 2027)}}
    path = fill_template(source, answers, tmp_path / "市民課.xlsx")
    assert any(layout.parse_history_label(c.value) for c in openpyxl.load_workbook(path)[ITEMS][HEADER])
    assert not [p for p in read_return(path, plan, 2027).problems if p.code == "S010"]


def _sort_with_the_header(wb):
    """Sort A4:I… by ID with the header row in the range: the header goes below the rows (「ID」 sorts last)."""
    ws = wb[ITEMS]
    rows = sorted(([c.value for c in ws[r]] for r in range(HEADER, ws.max_row + 1)), key=lambda r: str(r[0]))
    for offset, values in enumerate(rows):
        for col, value in enumerate(values, start=1):
            ws.cell(HEADER + offset, col, value)


def test_rows_sorted_above_the_header_are_said_once_and_still_read(plan, good, tmp_path):
    """A sort that took the header along gave an S005 「行を削除した場合は元に戻して」 for every row, when nothing was
    deleted: one error says the rows are above the header row and how to put it back."""
    path = craft.edit(good["市民課"], tmp_path / "見出しごと.xlsx", _sort_with_the_header)
    result = read_return(path, plan, 2026)
    header = HEADER + len(plan.items_for("市民課", 2026))
    assert [(p.code, p.severity, p.sheet, p.cell) for p in result.problems] == [("S011", E, ITEMS, f"A{header}")]
    message = result.problems[0].message
    assert f"見出し行（{header} 行目）より上の {HEADER}～{header - 1} 行目にあります" in message
    assert f"見出し行を表の先頭（{HEADER} 行目）に戻してください" in message and "1-1-1" in message
    assert result.status == FileStatus.REJECTED
    assert _values(result) == _values(read_return(good["市民課"], plan, 2026))  # the 差し戻し copy holds them


def test_rows_sorted_above_a_header_below_row_30_are_still_said_as_such(plan, good, tmp_path):
    """A section with many rows (a large plan) sorted with its header: the header went below row 30, where the reader
    stopped looking, and the whole sheet was 「見出しが見つかりません」 instead of S011 with its rows read."""

    def pad_then_sort(wb):
        _sort_with_the_header(wb)
        wb[ITEMS].insert_rows(HEADER, 30)  # as if the section had forty rows: the header lands below row 30

    path = craft.edit(good["市民課"], tmp_path / "下の見出し.xlsx", pad_then_sort)
    result = read_return(path, plan, 2026)
    codes = [p.code for p in result.problems]
    assert "S011" in codes and "S003" not in codes, codes  # S003: 見出し行がない
    assert _values(result) == _values(read_return(good["市民課"], plan, 2026))


def test_a_row_above_the_header_and_one_below_with_its_id_are_two_rows(plan, good, tmp_path):
    """After the sort, a second 1-1-1 row typed below the header was read in silence and the one above dropped: now
    S006 names both rows and the first (above the header) is read."""
    first = plan.items_for("市民課", 2026)[0].id

    def sort_then_add(wb):
        _sort_with_the_header(wb)
        ws = wb[ITEMS]
        ws.cell(ws.max_row + 1, 1, first)
        ws.cell(ws.max_row, 2, "追加した行")

    result = read_return(craft.edit(good["市民課"], tmp_path / "二重.xlsx", sort_then_add), plan, 2026)
    assert {p.code for p in result.problems} >= {"S011", "S006"}
    s011 = next(p for p in result.problems if p.code == "S011")
    assert first in s011.message
    assert _values(result) == _values(read_return(good["市民課"], plan, 2026))


def test_messages_say_what_to_do(plan, good, tmp_path):
    path = craft.edit(good["市民課"], tmp_path / "x.xlsx", sheet_renamed_without_its_header)
    message = read_return(path, plan, 2026).problems[0].message
    assert "「取組状況 (2)」" in message and "「取組状況」に戻してください" in message
    path = craft.edit(good["市民課"], tmp_path / "w.xlsx", sheet_renamed)
    message = read_return(path, plan, 2026).problems[0].message
    assert "「取組状況 (2)」を「取組状況」として読みました" in message and "シート名を変えずに" in message
    path = craft.edit(good["市民課"], tmp_path / "y.xlsx", rate_as_points)
    message = read_return(path, plan, 2026).problems[0].message
    assert "30%（0.3）として読みました" in message


def test_a_rate_is_read_as_the_cell_shows_it(plan, good, tmp_path):
    """120 % typed into a rate cell is stored 1.2: an error quoting 「120.0%」 (what the section sees),
    with 「120.0%」 as the text typed; 82.5 % stored 0.825 reads 0.825 and is recorded as 「82.5%」."""
    path = craft.edit(good["市民課"], tmp_path / "z.xlsx",
                      lambda wb: (_set(wb, KPI, "K01", "実績値", 1.2), _set(wb, KPI, "K04", "実績値", 0.825)))
    result = read_return(path, plan, 2026)
    (p,) = result.problems
    assert (p.code, p.severity, p.row_id) == ("V004", E, "K01")
    assert "「120.0%」は100% を超えています" in p.message and "「1.2」" not in p.message
    answers = {(a.id, a.field): a for a in result.answers}
    assert (answers[("K01", "actual")].value, answers[("K01", "actual")].raw) == (None, "120.0%")
    assert (answers[("K04", "actual")].value, answers[("K04", "actual")].raw) == (0.825, "82.5%")


@pytest.mark.parametrize("text, said", [
    ("あ" * 40000, "40,000 文字"),
    ("𠮷" * 17000, "34,000 文字"),  # 17,000 characters beyond the BMP: 34,000 as Excel counts them
])
def test_text_over_excel_limit(plan, good, tmp_path, text, said):
    """openpyxl and Excel cut text at 32,767 characters (UTF-16 code units), and so does calamine when
    reading: the file is crafted at the XML level and the reader measures the text in the XML."""
    cell = []
    marked = craft.edit(good["市民課"], tmp_path / "marked.xlsx",
                        lambda wb: cell.append(_set(wb, ITEMS, "1-1-1", "取組実績", "LONGTEXT")))
    part = craft.sheet_part(marked, ITEMS)
    path = craft.rezip(marked, tmp_path / "長文.xlsx",
                       {part: lambda xml: xml.replace(b"LONGTEXT", text.encode())})
    result = read_return(path, plan, 2026)
    assert [(p.code, p.severity, p.sheet, p.cell) for p in result.problems] == [("V010", E, ITEMS, cell[0])]
    assert said in result.problems[0].message


@pytest.mark.parametrize("where", ["shared", "inline"])
@pytest.mark.parametrize("length, code", [(30000, None), (32768, "V010")])
def test_furigana_are_not_counted_in_excel_limit(plan, good, tmp_path, where, length, code):
    """Japanese Excel keeps furigana (<rPh>) beside text typed through the IME: a 取組実績 of 30,000 characters with
    3,200 kana of furigana is 30,000 characters (as Excel and calamine count it), not too long; one of 32,768 is."""
    text = "電子入札を試行した。" * (length // 10) + "あ" * (length % 10)
    ruby = "".join(f'<rPh sb="{i * 10}" eb="{i * 10 + 4}"><t>デンシニュウサツ</t></rPh>' for i in range(400))
    body = f'<t>{text}</t>{ruby}<phoneticPr fontId="1" type="noConversion"/>'
    cell = []
    marked = craft.edit(good["市民課"], tmp_path / "marked.xlsx",
                        lambda wb: cell.append(_set(wb, ITEMS, "1-1-1", "取組実績", "LONGTEXT")))
    path = tmp_path / "ふりがな.xlsx"
    if where == "shared":
        craft.shared_string(marked, path, ITEMS, cell[0], body)
    else:  # openpyxl writes its text inline
        craft.rezip(marked, path, {craft.sheet_part(marked, ITEMS): lambda xml: xml.replace(
            b"<is><t>LONGTEXT</t></is>", b"<is>" + body.encode() + b"</is>")})
    result = read_return(path, plan, 2026)
    assert [(p.code, p.cell) for p in result.problems] == ([] if code is None else [(code, cell[0])])
    if code is None:
        answer = next(a for a in result.answers if (a.id, a.field) == ("1-1-1", "result"))
        assert answer.value == text  # the text alone, without its furigana
    else:
        assert "32,768 文字" in result.problems[0].message


def _long_id(wb):
    ws = wb[ITEMS]
    ws.protection.sheet = False
    row = ws.max_row + 2
    ws.cell(row, 1).value, ws.cell(row, 7).value = "X" * 32000, "x"
    return "S007", "X" * 32000


def _long_sheet_name(wb):
    name = "取組状況 (2)" + "写" * 300  # Excel stops at 31 characters; a hand-made file need not
    wb.copy_worksheet(wb[ITEMS]).title = name
    return "S013", name


def _long_section(wb):
    craft.set_meta(wb, layout.META_SECTION, "総務課" * 2000)
    return "M005", "総務課" * 2000


def _long_plan_id(wb):  # in the document properties only: another plan's (M002), and the hidden sheet disagrees (M008)
    craft.set_meta(wb, layout.META_PLAN_ID, "p" * 5000, sheet=False)
    return "M002", "p" * 5000


def _typed_in(label: str, code: str, text: str):
    def change(wb):
        sheet = KPI if label == "実績値" else ITEMS
        row_id = "K01" if sheet == KPI else "1-1-1"
        wb[sheet][craft.cell_of(wb, sheet, row_id, label)].value = text
        return code, text
    change.__name__ = f"_long_{code}"
    return change


@pytest.mark.filterwarnings("ignore:Title is more than 31 characters")
@pytest.mark.parametrize("change", [_long_id, _long_sheet_name, _long_section, _long_plan_id,
                                    _typed_in("実績値", "V003", "約" * 32000),  # text in a number cell
                                    _typed_in("財政効果額（円）", "V006", "1.500" + "0" * 30000),
                                    _typed_in("進捗状況", "V001", "順調" * 16000)],
                         ids=lambda f: f.__name__)
def test_what_a_section_typed_is_quoted_up_to_40_characters(plan, good, tmp_path, change):
    """An ID, a sheet name or an identity a section (or a tool) wrote 32,000 characters long is quoted as the other
    quotes are: 40 characters and 「…」 — not a line no one reads on the screen, nor a cell of 受付結果 past Excel's
    limit."""
    typed = []
    path = craft.edit(good["市民課"], tmp_path / "長い.xlsx", lambda wb: typed.append(change(wb)))
    (code, text), = typed
    problems = read_return(path, plan, 2026).problems
    said = [p for p in problems if p.code == code]
    assert said, [p.code for p in problems]
    assert all(len(p.message) < 300 for p in problems), [(p.code, len(p.message)) for p in problems]
    assert f"{text[:40]}…" in said[0].message and text[:41] not in said[0].message


# --- checks against what the ledger knew before (last year's KPIs, earlier 財政効果額) ------------
def _read_with(plan, good, tmp_path, prior, edit):
    path = craft.edit(good["市民課"], tmp_path / "前年比.xlsx", edit)
    return read_return(path, plan, 2026, prior=prior)


def test_a_kpi_an_order_of_magnitude_from_last_year_is_questioned_at_the_cell(plan, good, tmp_path):
    """82 % last year, 8.2 % now (K04): a warning at the cell showing last year's value."""
    cell = []
    prior = Prior(2025, {"K04": 0.82}, {}, effect_scale(plan))
    result = _read_with(plan, good, tmp_path, prior, lambda wb: cell.append(_set(wb, KPI, "K04", "実績値", 0.082)))
    (p,) = result.problems
    assert (p.code, p.severity, p.sheet, p.cell) == ("V016", W, KPI, cell[0])
    assert "前年度（令和7年度）の実績値 82.0% の約10分の1" in p.message and "「8.2%」" in p.message
    assert result.status == FileStatus.ACCEPTED


def test_a_kpi_moving_against_its_target_by_a_lot_is_questioned(plan, good, tmp_path):
    """K04 (増加, 79 % → 90 %: span 11 pt): 86 % → 79 % fell 7 pt, more than half the span."""
    cell = []
    prior = Prior(2025, {"K04": 0.86}, {}, effect_scale(plan))
    result = _read_with(plan, good, tmp_path, prior, lambda wb: cell.append(_set(wb, KPI, "K04", "実績値", 0.79)))
    (p,) = result.problems
    assert (p.code, p.severity, p.cell) == ("V017", W, cell[0])
    assert "86.0%" in p.message and "7.0ポイント" in p.message and "増加" in p.message


@pytest.mark.parametrize("last, now", [(0.80, 0.81), (0.80, 0.76), (0.30, 0.30)])
def test_an_ordinary_year_on_year_change_is_not_questioned(plan, good, tmp_path, last, now):
    prior = Prior(2025, {"K04": last}, {}, effect_scale(plan))
    result = _read_with(plan, good, tmp_path, prior, lambda wb: _set(wb, KPI, "K04", "実績値", now))
    assert result.problems == []


def test_an_effect_ten_times_the_items_earlier_amounts_is_questioned(plan, good, tmp_path):
    """1-1-1 had at most 100,000円 before: 1,500,000円 (15×) is questioned, 900,000円 (9×) is not."""
    prior = Prior(None, {}, {"1-1-1": 100_000}, effect_scale(plan))
    cell = []
    result = _read_with(plan, good, tmp_path, prior,
                        lambda wb: cell.append(_set(wb, ITEMS, "1-1-1", "財政効果額（円）", 1_500_000)))
    (p,) = result.problems
    assert (p.code, p.cell) == ("V018", cell[0]) and "100,000円 の約15倍" in p.message
    assert "「1,500,000」" in p.message  # the number as the cell shows it, not 「1500000」
    result = _read_with(plan, good, tmp_path, prior, lambda wb: _set(wb, ITEMS, "1-1-1", "財政効果額（円）", 900_000))
    assert result.problems == []


def test_the_plans_scale_of_money(plan):
    """The bundled plan's only money KPI, ふるさと納税 1.5億 → 2.5億円 over R6–R12: 1億 ÷ 6 a year."""
    assert effect_scale(plan) == pytest.approx(100_000_000 / 6)


@pytest.mark.parametrize("kind, unit, scale", [
    ("count", "千円", 85_000_000 * 1_000 / 6),  # a count of 千円 is money: 85,000 → 85,000,000 千円 … in yen
    ("count", "百万円", 85_000_000 * 1_000_000 / 6), ("count", "ｔ", 100_000_000 / 6),  # a count of tonnes is not
    ("yen", "円", 85_000_000 / 6),
    ("count", "千万円", 85_000_000 * 10_000_000 / 6), ("count", "十億円", 85_000_000 * 1_000_000_000 / 6),
    ("count", "千 円", 85_000_000 * 1_000 / 6),  # the unit as a plan typed it
    ("count", "万人", 100_000_000 / 6), ("count", "千人", 100_000_000 / 6),  # a multiple of people is no money
])
def test_a_kpi_counted_in_thousands_of_yen_is_money_too(plan, kind, unit, scale):
    """A town that follows plan-format.md (千円単位の指標は count・unit: 千円) got a V018 saying its scale was the
    bundled plan's yen KPI's, far below what its own 千円 KPI targets."""
    from dataclasses import replace
    extra = replace(plan.kpis[0], id="K99", kind=kind, unit=unit, baseline=1_000_000, target=86_000_000)
    assert effect_scale(replace(plan, kpis=(*plan.kpis, extra))) == pytest.approx(max(scale, 100_000_000 / 6))


def test_last_years_answer_goes_to_the_next_template_as_the_prior(plan):
    from reform_xlsx.records import Answer, answers_frame

    answers = answers_frame([
        Answer(2025, "市民課", "kpi", "K04", "actual", 0.8, "80%", "a", "KPI", "I5"),
        Answer(2025, "税務課", "kpi", "K04", "actual", 0.7, "70%", "b", "KPI", "I5"),  # not the owner
        Answer(2024, "財政課", "item", "2-2-1", "effect_yen", 300, "300", "c", "取組状況", "J5"),
        Answer(2025, "秘書政策課", "item", "2-2-1", "effect_yen", 200, "200", "d", "取組状況", "J5"),
        Answer(2026, "市民課", "kpi", "K01", "actual", 0.5, "50%", "e", "KPI", "I4"),  # this year: not prior
    ])
    prior = prior_from_answers(plan, answers, 2026)
    assert (prior.year, prior.kpi_actuals, prior.effect_max) == (2025, {"K04": 0.8}, {"2-2-1": 300})


def test_a_changed_plan_value_is_quoted_on_one_line_as_the_cell_shows_it(plan, tmp_path):
    """V011 for 年度目標値 named the header with its line break, and quoted 150000000 without separators (a reference
    年度目標値 with its 「※」, as the cell shows it)."""
    path = craft.filled(plan, 2026, "特命担当", tmp_path)
    path = craft.edit(path, tmp_path / "特命担当.xlsx", lambda wb: (_set(wb, KPI, "K10", "年度目標値\n※は参考（按分）", 1),
                                                                  _set(wb, KPI, "K10", "基準値(R6)", 1)))
    messages = sorted(p.message for p in read_return(path, plan, 2026).problems if p.code == "V011")
    assert messages == ["計画の内容（基準値(R6)）が書き換えられています。この欄は計画の値「150,000,000」を使います。",
                        "計画の内容（年度目標値 ※は参考（按分））が書き換えられています。この欄は計画の値「※183,333,333」を使います。"]
    rate = craft.edit(craft.filled(plan, 2026, "市民課", tmp_path / "r"), tmp_path / "市民課.xlsx",
                      lambda wb: _set(wb, KPI, "K01", "基準値(R6)", 0.5))
    (p,) = [p for p in read_return(rate, plan, 2026).problems if p.code == "V011"]
    assert "計画の値「24.0%」" in p.message


def test_two_sheets_like_a_renamed_one_are_both_named_and_neither_read(plan, good, tmp_path):
    path = craft.edit(good["市民課"], tmp_path / "返送.xlsx", sheet_renamed_beside_a_draft)
    result = read_return(path, plan, 2026)
    (s002,) = [p for p in result.problems if p.code == "S002"]
    assert "「取組状況 (2)」「取組状況（市民課）」" in s002.message
    assert not [a for a in result.answers if a.kind == "item"]  # not a guess of which one is meant


def test_many_sheets_like_a_renamed_one_are_named_five_and_counted(plan, good, tmp_path):
    """A workbook may hold 999 copies of the sheet: the S002 names five, not 999 (a line of 30,000 characters)."""
    def copies(wb):
        for n in range(2, 10):
            wb.copy_worksheet(wb[ITEMS]).title = f"取組状況 ({n})"
        wb.remove(wb[ITEMS])
    result = read_return(craft.edit(good["市民課"], tmp_path / "返送.xlsx", copies), plan, 2026)
    (s002,) = [p for p in result.problems if p.code == "S002"]
    assert s002.message.count("「取組状況 (") == 5 and "（ほか 3 枚）は名前を変えたもの" in s002.message, s002.message


def test_a_copy_beside_a_hidden_original_says_the_original_is_hidden(plan, good, tmp_path):
    """The section copied 取組状況, hid the original and filled in the copy: S013 sent it to 「取組状況」, a sheet it
    cannot see in its file — now it says the sheet is hidden, and how to show it."""
    def hide(wb):
        wb.copy_worksheet(wb[ITEMS]).title = "取組状況_2"
        wb[ITEMS].sheet_state = "hidden"
        wb.active = len(wb.sheetnames) - 1
    result = read_return(craft.edit(good["市民課"], tmp_path / "返送.xlsx", hide), plan, 2026)
    (s013,) = [p for p in result.problems if p.code == "S013"]
    assert "非表示" in s013.message and "再表示" in s013.message
    plain = read_return(craft.edit(good["市民課"], tmp_path / "写し.xlsx", sheet_copy_beside), plan, 2026)
    assert "非表示" not in next(p for p in plain.problems if p.code == "S013").message


@pytest.mark.parametrize("section, sheet, row_id, label, stored, number_format, read, code", [
    # 「500千円」 on screen (a format from a table kept in 千円, pasted): the 500,000 円 the section sees, said
    ("市民課", ITEMS, "1-1-1", "財政効果額（円）", 500, '#,##0"千円"', 500_000, "V023"),
    ("市民課", ITEMS, "1-1-1", "財政効果額（円）", 3, '0"百万円"', 3_000_000, "V023"),
    # a format that scales the figure shows 500 of 500,000: the value is right as it is
    ("市民課", ITEMS, "1-1-1", "財政効果額（円）", 500_000, '#,##0,"千円"', 500_000, None),
    # decoration only: the same number shown
    ("市民課", ITEMS, "1-1-1", "財政効果額（円）", 1_500, '#,##0"円"', 1_500, None),
    ("市民課", ITEMS, "1-1-1", "財政効果額（円）", 1_500, '"¥"#,##0', 1_500, None),
    ("土木課", KPI, "K13", "実績値", 0.35, '0.00"千基"', 350, "V023"),  # 350 基 of a plan of 303 → 495
    ("土木課", KPI, "K13", "実績値", 350, '#,##0"基"', 350, None),
])
def test_a_number_shown_with_a_unit_of_another_size_is_read_as_shown(plan, good, tmp_path, section, sheet, row_id,
                                                                    label, stored, number_format, read, code):
    def shown(wb):
        cell = wb[sheet][craft.cell_of(wb, sheet, row_id, label)]
        cell.value, cell.number_format = stored, number_format
    path = craft.edit(good[section], tmp_path / "返送.xlsx", shown)
    result = read_return(path, plan, 2026)
    field = "effect_yen" if sheet == ITEMS else "actual"
    assert _values(result)[(sheet, row_id, field)] == read
    said = [p for p in result.problems if p.row_id == row_id]
    assert [p.code for p in said] == ([code] if code else [])
    assert result.status == FileStatus.ACCEPTED
    if code:
        shown = f"{stored:,.2f}" if isinstance(stored, float) else f"{stored:,}"
        assert f"のセルは表示形式で「{shown}{number_format.split(chr(34))[1]}」と表示されますが" in said[0].message


def test_a_count_typed_as_a_percentage_is_read_as_the_cell_shows_it(plan, good, tmp_path):
    """「80%」 typed into a count KPI's 実績値 in Calc: the cell holds 0.8 and shows 「80%」 (Calc gives it a percent
    format). It was read as 0.8 基 (V007 quoting 「0.8」, a figure the section never saw); as the text 「80%」 is, it is
    80 基 with V008 saying the unit 「%」 is not the KPI's."""
    def typed(wb):
        cell = _set(wb, KPI, "K13", "実績値", 0.8)
        wb[KPI][cell].number_format = "0%"
    result = read_return(craft.edit(good["土木課"], tmp_path / "返送.xlsx", typed), plan, 2026)
    (said,) = [p for p in result.problems if p.row_id == "K13"]
    assert (said.code, said.severity) == ("V008", W)
    assert "「80.0%」の単位「%」は" in said.message and "80基 として読みました" in said.message
    assert _values(result)[(KPI, "K13", "actual")] == 80
