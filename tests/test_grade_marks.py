"""A plan's 進捗状況 scale in its own words: marks (◎ ○ △ ×), digits (5～1), letters of another scale (S A B C).
The codes a plan may write, what a section may type for each, and a scale of marks (and one of digits) through
templates → returns → merge → 会議資料 and 公表用 (docs/plan-format.md 「進捗状況の区分の記号」)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from reform_xlsx.cli import main
from reform_xlsx.form import layout
from reform_xlsx.intake.normalise import parse_grade
from reform_xlsx.plan.loading import PlanError, bundled_plan_text, load_plan, parse_plan
from reform_xlsx.plan.model import Grade
from reform_xlsx.templates.fill import fill_template
from second_plan import ACTUALS, PLAN_FILE
from sheet_reader import columns, header_row

MARKS = (("◎", "予定以上に進んでいる", 1, False), ("○", "予定どおり", 2, False), ("△", "やや遅れ", 3, True),
         ("×", "遅れ・未着手", 4, True))
DIGITS = tuple((str(n), label, 6 - n, n <= 2) for n, label in
               ((5, "大きく進んでいる"), (4, "進んでいる"), (3, "予定どおり"), (2, "やや遅れ"), (1, "遅れている")))
LETTERS = (("S", "予定以上", 1, False), ("A", "予定どおり", 2, False), ("B", "やや遅れ", 3, True),
           ("C", "遅れ", 4, True))


def scale(grades) -> tuple[Grade, ...]:
    return tuple(Grade(code, label, "…", rank, behind) for code, label, rank, behind in grades)


@pytest.mark.parametrize("grades, typed, code", [
    # marks: the mark, its other keyboard forms (〇 the kanji zero, ◯ the large circle, ✕ ✖), with or without the label;
    # x and o for × and ○ (the scale has no letter X or O)
    *((MARKS, t, c) for t, c in [
        ("◎", "◎"), ("○", "○"), ("〇", "○"), ("◯", "○"), ("△", "△"), ("×", "×"), ("✕", "×"), ("✖", "×"),
        ("X", "×"), ("x", "×"), ("ｘ", "×"), ("Ｘ", "×"), ("o", "○"), ("O", "○"),
        ("○ 予定どおり", "○"), ("〇予定どおり", "○"), ("◯　予定どおり", "○"), ("予定どおり", "○"), ("予定通り", "○"),
        ("× 遅れ・未着手", "×"), ("x 遅れ・未着手", "×"), ("遅れ・未着手", "×"), ("◎（予定以上に進んでいる）", "◎"),
        ("▲", None), ("A", None), ("3", None), (3.0, None), ("○ やや遅れ", None), ("○×", None),
        # 0 for ○: LibreOffice Calc (ja-JP) stores a typed 〇 as the number 0; 0 is never a code of its own
        (0.0, "○"), (0, "○"), ("0", "○"), ("０", "○"), ("0 予定どおり", "○"), (-0.0, "○"), ("00", None), (10.0, None),
    ]),
    # digits: the digit as text (half and full width), with its label, the number a cell holds (calamine: 3.0)
    *((DIGITS, t, c) for t, c in [
        ("3", "3"), ("３", "3"), (3.0, "3"), (3, "3"), (5.0, "5"), (1.0, "1"), ("3 予定どおり", "3"), ("３　予定どおり", "3"),
        ("予定どおり", "3"), ("2（やや遅れ）", "2"), ("遅れている", "1"),
        (-3.0, None), (3.5, None), (0.0, None), (6.0, None), (30.0, None), ("6", None), ("A", None), (True, None),
        ("3 やや遅れ", None),
    ]),
    # another scale of letters
    *((LETTERS, t, c) for t, c in [("S", "S"), ("ｓ", "S"), ("s 予定以上", "S"), ("C 遅れ", "C"), ("D", None)]),
    # a scale with the letter X as well as × is refused (P062); one with X alone reads x as X
    *((LETTERS[:3] + (("X", "対象外", 5, False),), t, c) for t, c in [("x", "X"), ("×", None), ("✕", None)]),
    # 0 is ○ only on a scale with ○ (not on one with the letter O, nor on a scale of digits: above)
    *((LETTERS[:3] + (("O", "対象外", 5, False),), t, c) for t, c in [("o", "O"), (0.0, None), ("0", None)]),
])
def test_parse_grade_on_each_scale(grades, typed, code):
    assert parse_grade(typed, scale(grades)) == code


def _plan_text(grades_yaml: str) -> str:
    """tests/plans/minamiyama.yaml with its grades written as ``grades_yaml``."""
    text = PLAN_FILE.read_text("utf-8")
    return text[:text.index("grades:\n")] + grades_yaml + "\n" + text[text.index("judgement:\n"):]


def _grades_yaml(grades) -> str:
    return "grades:\n" + "".join(
        f"  - code: {code}\n    label: {label}\n    definition: 今年度は{label}\n    rank: {rank}\n"
        + ("    behind: true\n" if behind else "") for code, label, rank, behind in grades)


BUNDLED_E = "  - code: E\n    label: 完了\n"


@pytest.mark.parametrize("code, meant", [
    ("AA", None), ("S+", None), ("a", "A"), ("Ａ", "A"), ("３", "3"), ("〇", "○"), ("◯", "○"), ("✕", "×"),
    ("'0'", "○"), ("0", "○"), ("０", "○"), ("10", None), ("x", "×」か「X"), ("ｘ", "×」か「X"), ("o", "○」か「O"), ("'◇'", None), ("'*'", None), ("'A '", None), ("'・'", None),
])
def test_a_code_outside_the_set_is_refused_naming_it(code, meant):
    text = bundled_plan_text().replace(BUNDLED_E, f"  - code: {code}\n    label: 完了\n")
    with pytest.raises(PlanError) as caught:
        parse_plan(text, "plan.yaml")
    [found] = caught.value.problems
    assert (found.code, found.path) == ("P013", "grades[4].code")
    assert f"値 「{code}」 は使えません。" in found.message  # as written in the file
    assert "英大文字（A～Z）、数字（1～9）、記号 ◎ ○ △ × □ ■ ● ▲ ☆ ★ のどれかで書いてください。" in found.message
    assert (f"「{meant}」ではありませんか。" in found.message) == (meant is not None)


@pytest.mark.parametrize("code, read", [("S", "S"), ("◎", "◎"), ("★", "★"), ("3", "3"), ("'3'", "3"), ("▲", "▲"),
                                        ("3.0", "3")])  # a whole number written 3.0 is 3, not a code 「3.0」
def test_a_code_in_the_set_is_read(code, read):
    plan, _ = parse_plan(bundled_plan_text().replace(BUNDLED_E, f"  - code: {code}\n    label: 完了\n"), "plan.yaml")
    assert plan.grades[4].code == read and plan.grades[4].display == f"{read} 完了"


@pytest.mark.parametrize("codes, later, other", [("ABX×", "×", "X"), ("○AOB", "O", "○")])
def test_a_mark_and_its_letter_on_one_scale_are_refused(codes, later, other):
    grades = tuple((c, f"区分{n}", n + 1, False) for n, c in enumerate(codes))
    with pytest.raises(PlanError) as caught:
        parse_plan(_plan_text(_grades_yaml(grades)), "plan.yaml")
    [found] = caught.value.problems
    assert (found.code, found.path) == ("P062", f"grades[{codes.index(later)}].code")
    assert f"記号「{later}」と「{other}」は見分けにくく" in found.message


# what each section types, in turn, and the grade it means (the scale's own forms and the keyboard's)
TYPED = {
    "marks": (MARKS, [("◎", "◎"), ("〇", "○"), ("✕", "×"), ("x 遅れ・未着手", "×"), ("予定どおり", "○"),
                      ("△ やや遅れ", "△"), ("◯ 予定どおり", "○"), ("○", "○")]),
    "digits": (DIGITS, [(5.0, "5"), ("３", "3"), ("4 進んでいる", "4"), (1.0, "1"), ("予定どおり", "3"),
                        ("2", "2"), ("３　予定どおり", "3")]),
}


def _year(tmp: Path, plan_file: Path, plan, year: str, western: int, typed, offset: int = 0) -> tuple[dict, dict]:
    """templates → every section's return typed from ``typed`` in turn → merge --public: the outputs and the
    grade each (item, section) was given."""
    assert main(["templates", "--plan", str(plan_file), "--year", year, "--out", str(tmp / f"t{western}")]) == 0
    given, n = {}, offset
    for path in sorted((tmp / f"t{western}").glob("*.xlsx")):
        section = path.stem.rsplit("_", 1)[1]
        rows = {}
        for item in plan.items_for(section, western):
            text, code = typed[n % len(typed)]
            rows[item.id] = {"進捗状況": text, "取組実績": "実施した。", "課題・今後の方針": "続ける。"}
            given[(item.id, section)] = code
            n += 1
        answers = {layout.SHEET_ITEMS: rows}
        if plan.kpis_for(section):
            answers[layout.SHEET_KPI] = {k.id: {"実績値": ACTUALS[western][k.id][0], "算出根拠・備考": "実数"}
                                         for k in plan.kpis_for(section)}
        fill_template(path, answers, tmp / f"in{western}" / path.name)
    out = tmp / f"out{western}"
    assert main(["merge", str(tmp / f"in{western}"), "--plan", str(plan_file), "--db", str(tmp / "reform.db"),
                 "--year", year, "--out", str(out), "--public"]) == 0
    return {p.name: p for p in out.iterdir()}, given


def _one(files: dict, ending: str) -> Path:
    [name] = [n for n in files if n.endswith(ending)]
    return files[name]


@pytest.mark.parametrize("kind", ["marks", "digits"])
def test_a_scale_of_its_own_through_templates_merge_and_the_packet(tmp_path, monkeypatch, capsys, kind):
    monkeypatch.chdir(tmp_path)
    grades, typed = TYPED[kind]
    plan_file = tmp_path / "計画.yaml"
    plan_file.write_text(_plan_text(_grades_yaml(grades)), encoding="utf-8")
    plan, warnings = load_plan(plan_file)
    assert warnings == [] and [g.code for g in plan.grades] == [g[0] for g in grades]
    shown = [f"{code} {label}" for code, label, _, _ in grades]

    files, given = _year(tmp_path, plan_file, plan, "H30", 2018, typed)
    capsys.readouterr()
    counts = Counter(given.values())
    assert set(counts) == {g[0] for g in grades}  # every grade given at least once

    # the template: the drop-down's list and the 記入要領's definitions are the plan's marks
    template = openpyxl.load_workbook(next((tmp_path / "t2018").glob("*.xlsx")))
    lists = [(r[0], r[1]) for r in template[layout.SHEET_LISTS].iter_rows(values_only=True) if r[0]]
    assert lists == [(s, f"今年度は{label}") for s, (_, label, _, _) in zip(shown, grades)]
    guide = ["".join(c.value.split()) for row in template[layout.SHEET_GUIDE].iter_rows() for c in row
             if isinstance(c.value, str)]
    for s, (_, label, _, _) in zip(shown, grades):
        assert "".join(s.split()) in guide and f"平成30年度は{label}" in guide

    # the packet: 概要's counts and behind list, 総括's headers and totals (cached values), 取組一覧's cells
    packet = openpyxl.load_workbook(_one(files, "推進本部会議資料.xlsx"), data_only=True)
    overview = [c.value for row in packet["概要"].iter_rows() for c in row if isinstance(c.value, str)]
    said = "、".join(f"{s} {counts[g[0]]} 件" for s, g in zip(shown, grades))
    assert f"進捗状況: {said}。" in overview
    for s, g in zip(shown, grades):
        if g[3] and counts[g[0]]:
            assert f"{s}: {counts[g[0]]} 件" in overview
    summary = packet["総括"]
    top = header_row(summary, "名称")
    heads = columns(summary, top)
    total = next(r for r in summary.iter_rows(min_row=top + 1) if r[0].value == "合計")
    for code, _, _, _ in grades:
        assert total[heads[code] - 1].value == counts[code], code
    items = packet["取組一覧"]
    at = header_row(items, "進捗状況")
    col = columns(items, at)
    cells = Counter(r[col["進捗状況"] - 1].value for r in items.iter_rows(min_row=at + 1)
                    if isinstance(r[col["進捗状況"] - 1].value, str))
    for s, g in zip(shown, grades):
        assert cells[s] == counts[g[0]]

    # 公表用 CSV: the code and the label, counted as typed
    with _one(files, "公表用_取組.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert Counter(r["進捗状況コード"] for r in rows if r["進捗状況コード"]) == counts
    labels = {g[0]: g[1] for g in grades}
    assert all(r["進捗状況"] == labels[r["進捗状況コード"]] for r in rows if r["進捗状況コード"])
    # 推進室評価シート shows each answer's grade as the drop-down did
    review = openpyxl.load_workbook(_one(files, "推進室評価シート.xlsx"))
    found = {c.value for ws in review for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert {shown[[g[0] for g in grades].index(code)] for code in counts} <= found

    if kind == "marks":  # the next year: ↑改善 / ↓悪化 by rank, the year before's mark
        files, given_next = _year(tmp_path, plan_file, plan, "R1", 2019, typed, offset=3)
        packet = openpyxl.load_workbook(_one(files, "推進本部会議資料.xlsx"), data_only=True)
        items = packet["取組一覧"]
        at = header_row(items, "進捗状況")
        col = columns(items, at)
        ranks = {g[0]: g[2] for g in grades}
        seen = Counter()
        for r in items.iter_rows(min_row=at + 1):
            key = (r[0].value, r[col["担当課"] - 1].value)
            if key not in given or key not in given_next:
                continue
            before, now = given[key], given_next[key]
            assert r[col["前年度"] - 1].value == before
            want = "→" if before == now else "↑改善" if ranks[now] < ranks[before] else "↓悪化"
            assert r[col["増減"] - 1].value == want, key
            seen[want] += 1
        assert seen["↑改善"] and seen["↓悪化"]


@pytest.mark.parametrize("grades", [MARKS, DIGITS], ids=["marks", "digits"])
def test_the_plan_master_keeps_the_scale(tmp_path, grades):
    """plan export → plan import is the same plan; the 記号 typed again as the keyboard gives it (a number 3, 〇)."""
    from five_years import Master, apply_with_openpyxl
    from reform_xlsx.intake.master_plan import load_master
    from reform_xlsx.plan import master_layout as ml
    from reform_xlsx.plan.export import plan_digest
    from reform_xlsx.plan.master_export import write_master

    plan_file = tmp_path / "計画.yaml"
    plan_file.write_text(_plan_text(_grades_yaml(grades)), encoding="utf-8")
    plan = load_plan(plan_file)[0]
    path = write_master(plan, tmp_path / "計画.xlsx")
    again, warnings = load_master(path)
    assert warnings == [] and again.grades == plan.grades and plan_digest(again) == plan_digest(plan)
    m = Master(path)
    code = grades[1][0]
    cell = m.cell(ml.GRADES, "記号", code, "記号")
    if code == "4":  # a number in the cell
        edited = apply_with_openpyxl(path, {m.sheet(ml.GRADES): {cell: 4}}, tmp_path / "edited.xlsx")
        assert load_master(edited)[0].grades == plan.grades
        return
    # the kanji zero is no code: 「○」ではありませんか — also as LibreOffice Calc (ja-JP) stores a typed 〇: the number 0
    for typed in ("〇", 0):
        edited = apply_with_openpyxl(path, {m.sheet(ml.GRADES): {cell: typed}}, tmp_path / "edited.xlsx")
        with pytest.raises(PlanError) as caught:
            load_master(edited)
        [found] = caught.value.problems
        assert (found.code, found.cell) == ("P013", cell) and "「○」ではありませんか" in found.message, typed
