"""V029: what a drag of the fill handle leaves — rows in turn whose numbers (or a text's one number) step by 1.

A hurried chief types 100000 into the first 財政効果額 and drags the fill handle down: LibreOffice Calc counts on,
100001, 100002 … (Excel does for a text's number, 「工事その1」 → 「工事その2」, and for a number with Ctrl or
［連続データ］). Those arrive looking plausible and were recorded without a word. The pure check
(``officer.fill_series``) is table-driven here; workbooks built with openpyxl go through the whole reader; real
drags in LibreOffice are in tests/test_intake_libreoffice.py.
"""

from __future__ import annotations

import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.officer import fill_series, text_numbers
from reform_xlsx.records import Answer, FileStatus

ITEMS, KPI = layout.SHEET_ITEMS, layout.SHEET_KPI


def _column(sheet: str, kind: str, field: str, letter: str, values: list, first_row: int = 5) -> list[Answer]:
    """One column's answers in rows from ``first_row`` down (None: a blank cell)."""
    return [Answer(2026, "財政課", kind, f"R{n}", field, v, None if v is None else str(v), "f.xlsx", sheet,
                   f"{letter}{first_row + n}") for n, v in enumerate(values)]


EFFECT = ("item", "effect_yen", "I", ITEMS)
ACTUAL = ("kpi", "actual", "I", KPI)
RESULT = ("item", "result", "G", ITEMS)
NOTE = ("kpi", "note", "J", KPI)
GRADE = ("item", "grade", "F", ITEMS)  # a plan graded 5～1: the code read from a number typed in the cell


@pytest.mark.parametrize(("case", "where", "values", "warned"), [
    ("財政効果額 dragged down three rows: the two filled cells", EFFECT, [100000, 100001, 100002], ["I6", "I7"]),
    ("… ten rows", EFFECT, [100000 + n for n in range(10)], [f"I{r}" for r in range(6, 15)]),
    ("dragged upwards: the numbers fall down the column, the bottom cell is the one typed", EFFECT,
     [100002, 100001, 100000], ["I5", "I6"]),
    ("two rows only: a pair proves nothing", EFFECT, [100000, 100001], []),
    ("a blank row breaks the run", EFFECT, [100000, 100001, None, 100002], []),
    ("a step of 2, of 1,000: amounts, not a fill", EFFECT, [100000, 100002, 100004], []),
    ("the same amount copied (Ctrl+drag, Excel's plain drag): no step", EFFECT, [100000, 100000, 100000], []),
    ("a run after other values", EFFECT, [5000, 100000, 100001, 100002, 7], ["I7", "I8"]),
    ("up then down: two runs sharing the top, said once", EFFECT, [1, 2, 3, 2, 1], ["I6", "I7", "I8"]),
    ("実績値 of 10 and more, three KPIs", ACTUAL, [1200, 1201, 1202], ["I6", "I7"]),
    ("実績値 small counts in three KPIs (1, 2, 3 施設 is real enough): not said", ACTUAL, [2, 3, 4], []),
    ("… in four KPIs", ACTUAL, [2, 3, 4, 5], ["I6", "I7", "I8"]),
    ("a run crossing 10 is not all small", ACTUAL, [9, 10, 11], ["I6", "I7"]),
    ("rates as their % cells show them (Calc counts 82.5 % on to 83.5 %)", ACTUAL, [82.5, 83.5, 84.5], ["I6", "I7"]),
    ("取組実績 with a trailing number", RESULT, ["工事その1", "工事その2", "工事その3"], ["G6", "G7"]),
    ("… a number within (Excel counts it)", RESULT, ["第1期工事を実施", "第2期工事を実施", "第3期工事を実施"],
     ["G6", "G7"]),
    ("… full-width digits", RESULT, ["第１期工事", "第２期工事", "第３期工事"], ["G6", "G7"]),
    ("… the other numbers stay", RESULT, ["R8年度に1回実施", "R8年度に2回実施", "R8年度に3回実施"], ["G6", "G7"]),
    ("… two numbers moved: written, not filled", RESULT, ["1回・2件", "2回・3件", "3回・4件"], []),
    ("… the words differ", RESULT, ["説明会を1回", "研修を2回", "会議を3回"], []),
    ("… no number", RESULT, ["実施した", "実施した", "実施した"], []),
    ("算出根拠・備考 too", NOTE, ["集計1", "集計2", "集計3"], ["J6", "J7"]),
    # 進捗状況 on a scale of digits: Calc counts a typed 1 on to 2, 3 … — each a grade of the scale, read without a word
    ("進捗状況 1 dragged down three rows", GRADE, ["1", "2", "3"], ["F6", "F7"]),
    ("… dragged up from a 1 typed at the bottom", GRADE, ["3", "2", "1"], ["F5", "F6"]),
    ("… the same grade copied: no step", GRADE, ["3", "3", "3"], []),
    ("… two rows only", GRADE, ["2", "3"], []),
])
def test_fill_series(case, where, values, warned):
    kind, field, letter, sheet = where
    found = fill_series(_column(sheet, kind, field, letter, values), "f.xlsx")
    assert [p.cell for p in found] == warned, case
    assert {(p.code, p.severity.value) for p in found} <= {("V029", "warning")}


def test_grades_picked_from_the_drop_down_are_no_step():
    """「1 遅れている」「2 やや遅れ」「3 予定どおり」 picked in turn from the drop-down (a drag of 「1 遅れている」 makes
    「2 遅れている」…, which is no grade: V001), nor a scale of letters, are not a fill of a number."""
    picked = [Answer(2026, "財政課", "item", f"R{n}", "grade", code, f"{code} {label}", "f", ITEMS, f"F{5 + n}")
              for n, (code, label) in enumerate([("1", "遅れている"), ("2", "やや遅れ"), ("3", "予定どおり")])]
    assert fill_series(picked, "f") == []
    assert fill_series(_column(ITEMS, "item", "grade", "F", ["A", "B", "C"]), "f") == []


def test_the_rows_own_id_in_its_text_is_no_step():
    """「1-2-1 を実施した」「1-2-2 …」「1-2-3 …」: each row quoting its own ID steps with the IDs, not with a fill."""
    answers = [Answer(2026, "財政課", "item", f"1-2-{n}", "result", f"1-2-{n} を実施した。", None, "f", ITEMS, f"G{4 + n}")
               for n in (1, 2, 3)]
    assert fill_series(answers, "f") == []
    assert text_numbers("1-2-3 を実施した。", "1-2-3") is None


def test_columns_and_sheets_do_not_join():
    """The 財政効果額 of one row and the 実績値 of the next are not one column; nor are two sheets' same rows."""
    answers = (_column(ITEMS, "item", "effect_yen", "I", [100000, 100001])
               + _column(KPI, "kpi", "actual", "I", [100002], first_row=7))
    assert fill_series(answers, "f") == []


def test_the_message_quotes_the_run_and_says_what_to_do():
    found = fill_series(_column(ITEMS, "item", "effect_yen", "I", [100000, 100001, 100002]), "f.xlsx",
                        shown=lambda key: {"R0": "100,000", "R1": "100,001", "R2": "100,002"}[key[1]])
    assert [(p.cell, p.row_id, p.column) for p in found] == [("I6", "R1", "effect_yen"), ("I7", "R2", "effect_yen")]
    message = found[0].message
    for words in ("財政効果額（円）「100,001」", "I5～I7 の 3 行", "「100,000」、「100,001」、「100,002」", "1 ずつ増えている",
                  "I5 の「100,000」", "フィルハンドル", "入力し直して", "正しい値ならそのままで構いません"):
        assert words in message, words
    text = fill_series(_column(ITEMS, "item", "result", "G", ["第1期工事", "第2期工事", "第3期工事"]), "f")[1].message
    assert "取組実績「第3期工事」" in text and "文中の数が「1」、「2」、「3」" in text and "G5 の「第1期工事」" in text


def test_a_long_run_is_quoted_cut_in_the_middle():
    message = fill_series(_column(ITEMS, "item", "effect_yen", "I", [100000 + n for n in range(10)]), "f")[0].message
    assert "「100000」、「100001」、「100002」、「100003」、…、「100008」、「100009」と" in message


# --- through the reader: workbooks built with openpyxl -------------------------------------------------------------
def _read(plan, tmp_path, section, changes):
    return read_return(craft.filled(plan, 2026, section, tmp_path, changes=changes), plan, 2026)


def test_a_dragged_effect_in_a_return_is_a_warning_at_each_filled_cell(plan, tmp_path):
    """財政課's ten 財政効果額 from a drag of 100000: accepted (the amounts may be real), with V029 at the nine
    filled cells, each quoting its amount as the cell shows it."""
    items = [i.id for i in plan.items_for("財政課")]
    result = _read(plan, tmp_path, "財政課", {ITEMS: {i: {"財政効果額（円）": 100000 + n} for n, i in enumerate(items)}})
    assert result.status == FileStatus.ACCEPTED
    found = [p for p in result.problems if p.code == "V029"]
    assert [(p.row_id, p.cell) for p in found] == [(i, f"I{6 + n}") for n, i in enumerate(items[1:])]
    assert "「100,009」は、I5～I14 の 10 行" in found[-1].message
    assert {p.code for p in result.problems} == {"V029"}


def test_a_text_dragged_in_a_return(plan, tmp_path):
    items = [i.id for i in plan.items_for("財政課")][:3]
    result = _read(plan, tmp_path, "財政課", {ITEMS: {i: {"課題・今後の方針": f"第{n + 1}期の工事を進める"}
                                                  for n, i in enumerate(items)}})
    assert [(p.code, p.cell) for p in result.problems] == [("V029", "H6"), ("V029", "H7")]


def test_rates_stepping_by_a_point_in_a_return(plan, tmp_path):
    """税務課's five rate KPIs 82.5 %, 83.5 % … 86.5 % (what Calc's fill handle makes of a dragged 82.5 %): each
    plausible, recorded without a word; now V029 at the four below the first, quoting them as shown."""
    kpis = [k.id for k in plan.kpis_for("税務課")]
    result = _read(plan, tmp_path, "税務課", {KPI: {k: {"実績値": round(0.825 + n / 100, 4)} for n, k in enumerate(kpis)}})
    assert [(p.code, p.row_id) for p in result.problems] == [("V029", k) for k in kpis[1:]]
    assert "「82.5%」、「83.5%」、「84.5%」、「85.5%」、「86.5%」" in result.problems[0].message


def test_a_drag_that_makes_errors_is_said_by_the_errors(plan, tmp_path):
    """A 財政効果額 run whose filled cells have an error (V013: too large; the number is kept, so the run is whole):
    the error says it there, V029 is not said again at those cells (the first, typed, cell has its own V018)."""
    items = [i.id for i in plan.items_for("財政課")][:3]
    result = _read(plan, tmp_path, "財政課", {ITEMS: {i: {"財政効果額（円）": 10**15 - 1 + n} for n, i in enumerate(items)}})
    assert [(p.code, p.row_id) for p in result.problems] == [("V013", items[1]), ("V013", items[2]), ("V018", items[0])]


# --- real drags in LibreOffice Calc -----------------------------------------------------------------------------------
def test_a_drag_of_the_fill_handle_in_calc_is_said_at_the_filled_cells(soffice, plan, tmp_path):
    """財政課's form typed and dragged in Calc: 100000 in the first 財政効果額 dragged down the ten items (Calc
    counts 100001 … 100009), 「工事その1」 in 取組実績 dragged down three rows (「工事その2」, 「工事その3」),
    「第1期工事を実施」 in 課題・今後の方針 likewise (Calc copies a number inside a text: nothing to say); 税務課's
    82.5 % dragged down its five rate KPIs (Calc counts a %-formatted cell on by a point: 83.5 %, 84.5 % …, each
    plausible and recorded without a word before V029)."""
    from lo_fill import fill, require_uno
    from reform_xlsx.templates.fill import cell_map

    require_uno()
    import openpyxl

    form = craft.template(plan, 2026, "財政課", tmp_path / "forms")
    at = cell_map(openpyxl.load_workbook(form)[ITEMS], layout.ID_LABEL_ITEMS)
    items = [i.id for i in plan.items_for("財政課")]
    label = layout.normalise_label
    effect = [at[(i, label("財政効果額（円）"))] for i in items]
    result = [at[(i, label("取組実績"))] for i in items]
    plan_next = [at[(i, label("課題・今後の方針"))] for i in items]
    cells = {at[(i, label("進捗状況"))]: "A" for i in items} | {at[(layout.RESPONDENT_ID, label("担当者"))]: "山田 花子"}
    cells |= {effect[0]: 100000, result[0]: "工事その1", plan_next[0]: "第1期工事を実施"}
    path = tmp_path / "財政課.xlsx"
    kpi_at = cell_map(openpyxl.load_workbook(form)[KPI], layout.ID_LABEL_KPI)
    kpi_cells = {kpi_at[(k.id, label("実績値"))]: int(k.baseline) for k in plan.kpis_for("財政課")}
    stored = fill(form, path, {ITEMS: cells, KPI: kpi_cells}, soffice=soffice, drag_fill={ITEMS: [
        (f"{effect[0]}:{effect[-1]}", "down"), (f"{result[0]}:{result[2]}", "down"), (f"{plan_next[0]}:{plan_next[2]}", "down")]})
    assert [stored[ITEMS][c] for c in effect[:3]] == [["VALUE", 100000], ["VALUE", 100001], ["VALUE", 100002]]
    assert [stored[ITEMS][c][1] for c in result[:3]] == ["工事その1", "工事その2", "工事その3"]
    assert [stored[ITEMS][c][1] for c in plan_next[:3]] == ["第1期工事を実施"] * 3  # Calc copies it

    read = read_return(path, plan, 2026)
    assert read.status == FileStatus.ACCEPTED
    assert [(p.code, p.cell) for p in read.problems] == (
        [("V029", c) for c in result[1:3]] + [("V029", c) for c in effect[1:]])
    assert "「100,009」は、" in read.problems[-1].message

    kpis = [k.id for k in plan.kpis_for("税務課")]
    form = craft.template(plan, 2026, "税務課", tmp_path / "forms")
    at_items = cell_map(openpyxl.load_workbook(form)[ITEMS], layout.ID_LABEL_ITEMS)
    kpi_at = cell_map(openpyxl.load_workbook(form)[KPI], layout.ID_LABEL_KPI)
    actual = [kpi_at[(k, label("実績値"))] for k in kpis]
    cells = {at_items[(i.id, label("進捗状況"))]: "A" for i in plan.items_for("税務課")}
    cells[at_items[(layout.RESPONDENT_ID, label("担当者"))]] = "山田 花子"
    path = tmp_path / "税務課.xlsx"
    fill(form, path, {ITEMS: cells, KPI: {actual[0]: "82.5%"}}, soffice=soffice,
         drag_fill={KPI: [(f"{actual[0]}:{actual[-1]}", "down")]})
    assert [(p.code, p.cell) for p in read_return(path, plan, 2026).problems] == [("V029", c) for c in actual[1:]]


@pytest.mark.parametrize(("where", "values"), [
    (EFFECT, [100000, 100001, 100002]),  # Excel's plain drag copies a number (only Calc, or Excel with Ctrl, counts)
    (RESULT, ["第1期工事を実施", "第2期工事を実施", "第3期工事を実施"]),  # Calc copies a number inside a text
])
def test_the_message_does_not_say_every_drag_counts(where, values):
    """V029 said 「Excel や LibreOffice Calc は…1 ずつ変えて入力します」 of every run: untrue of Excel's plain drag of a
    number and of Calc's drag of a text's inner number (tests/test_fill_series.py's Calc drag copies it)."""
    kind, field, letter, sheet = where
    message = fill_series(_column(sheet, kind, field, letter, values), "f.xlsx")[0].message
    assert "1 ずつ変えて入力することがあります" in message and "1 ずつ変えて入力します" not in message


def test_long_answers_of_their_own_are_not_taken_apart(monkeypatch):
    """Only a text with a row next to it about as long (a copy with a number moved) is split into words and numbers:
    a column of long answers of their own, each with figures in it, is not (0.3 ms a file, a tenth of the read)."""
    import reform_xlsx.intake.officer as officer

    split = []
    monkeypatch.setattr(officer, "text_numbers", lambda text, own_id="": split.append(text) or text_numbers(text, own_id))
    texts = ["令和8年度は3件の手続をオンライン化した。", "窓口の待ち時間を平均12分から8分に短縮した。利用者は前年比で2割増えた。",
             "1回実施", "2回実施", "3回実施"]
    answers = [Answer(2026, "財政課", "item", f"1-2-{n}", "result", t, t, "f", ITEMS, f"G{5 + n}")
               for n, t in enumerate(texts)]
    assert [p.cell for p in fill_series(answers, "f")] == ["G8", "G9"]
    assert split == ["1回実施", "2回実施", "3回実施"]
