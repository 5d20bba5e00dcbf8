"""``templates --year R9..R12 --db`` shows each section its earlier answers. Each section's form filtered the whole answers
table itself (its 取組状況, each KPI, each item no one answered, last year's 推進室評価 and grades): at 1,000 sections
about half of ``templates``' time. Now the table is grouped once per run (:func:`~reform_xlsx.form.content.form_history`)
and each form is made from its groups.

A returned form is known by its fingerprint and its locked cells, so a form made from the groups must be exactly the
form made before. The reference is the code as it was (tests/form_before_index.py); the history is five years of the
bundled plan with its revisions (tests/five_years.py: a rename, a merge, an ended item, a new item and KPI measured
from its first actual, a retired KPI) and more: a section that skipped a year, an item a revision gave to another
section, an item the two merged sections both answered, a KPI a revision counts in another unit, a text cut to print,
the 推進室評価 on each of them. Nothing binary is kept: both ways are made in the test and compared cell by cell."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

import five_years as fy
import form_before_index as before
from reform_xlsx.cli import templates_cmd
from reform_xlsx.form import content, layout
from reform_xlsx.form.content import fingerprint, grades_as_chosen, locked_of, sections_asked
from reform_xlsx.plan.loading import bundled_plan_text, parse_plan
from reform_xlsx.records import Answer, answers_frame
from reform_xlsx.templates import writer
from reform_xlsx.templates.writer import MadeFiles

SKIPPED = ("市民課", 2027)  # sent nothing that year: 「未回答」「未報告」 in the later forms
MOVED_ITEM, LEFT, TAKEN_BY = "3-2-2", "土木課", "都市計画課"  # the 令和11年度 revision gives 3-2-2 to 都市計画課
KPI_GIVEN = "K13"  # and its KPI: 都市計画課 reports it from 令和11年度, 土木課's earlier actuals shown to it
BOTH = "2-1-1"  # answered by DX推進課 and 秘書政策課 until they merged: 政策推進課's form heads each
LONG = ("財政課", 2028, "1-3-2")  # a 取組実績 too long to print: cut, the whole text in the cell's note
CODES = ("A", "B", "A", "C", "E")


def _plan_data(year: int) -> dict:
    data = yaml.safe_load(bundled_plan_text() if year == 2026 else fy.revised_yaml(year))
    items = {f"{a['number']}-{c['number']}-{i['number']}": i for a in data["areas"] for c in a["categories"]
             for i in c["items"]}
    if year < 2029:
        items[BOTH]["sections"] = ["秘書政策課", "DX推進課"]
    else:
        items[MOVED_ITEM]["sections"] = [TAKEN_BY]
        kpi = next(k for k in data["kpis"] if k["id"] == KPI_GIVEN)
        kpi["owner"] = TAKEN_BY
        items[kpi["item"]]["sections"].append(TAKEN_BY)
        next(k for k in data["kpis"] if k["id"] == "K12").update(unit="千枚", baseline=6290, target=5600)
    return data


@pytest.fixture(scope="module")
def plans() -> dict[int, object]:
    found = {}
    for year in (2026, 2027, 2028, 2029):
        found[year], _ = parse_plan(yaml.safe_dump(_plan_data(year), allow_unicode=True, sort_keys=False))
    return found


def _plan_for(plans):
    return lambda year: plans[min(max(year, 2026), 2029)]


def _rows(plans) -> list[Answer]:
    """What the ledger holds after 令和8〜11年度: every section's answers (but :data:`SKIPPED`) under the names of
    their year, and the office's 推進室評価, in the ledger's order (year, section)."""
    found = []

    def add(year, section, kind, id_, field, value):
        found.append(Answer(year, section, kind, id_, field, value, None if value is None else str(value),
                            f"{section}{year}.xlsx", "", ""))

    grades = {}
    for year in (2026, 2027, 2028, 2029):
        plan = plans[year]
        for section in plan.sections_in(year):
            if (section, year) == SKIPPED:
                continue
            for n, item in enumerate(plan.items_for(section, year)):
                grades[(item.id, section, year)] = code = CODES[(n + year) % len(CODES)]
                result = f"{item.name}を進めた（{section}、{year}）。"
                if (section, year, item.id) == LONG:
                    result = "関係課と協議を重ね、実施方針を取りまとめた。" * 150
                add(year, section, "item", item.id, "grade", code)
                add(year, section, "item", item.id, "result", result)
                add(year, section, "item", item.id, "plan_next", "次の年度も続ける。")
                add(year, section, "item", item.id, "effect_yen", None if n % 3 == 0 else 100_000 * (n + 1))
            for kpi in plan.kpis_for(section, year):
                actual = fy.ACTUALS[kpi.id][year - 2026]
                if kpi.id == "K12" and year >= 2029:
                    actual = 5_800  # 千枚 from the 令和11年度 revision
                add(year, section, "kpi", kpi.id, "actual", actual)
                add(year, section, "kpi", kpi.id, "note", "年度末の実数")
    add(2029, LEFT, "kpi", KPI_GIVEN, "actual", 999)  # 土木課's old form taken too: 都市計画課's own actual wins
    reviews = [
        (2026, fy.ENDED_ITEM, "財政課", {"review_grade": "B", "committee_opinion": "効果を確かめること。",
                                          "policy": "事業者アンケートを行う。"}),  # ended: answered on 令和9年度's form
        (2026, "1-1-1", "市民課", {"review_grade": grades[("1-1-1", "市民課", 2026)]}),  # agrees: asks nothing
        (2026, "1-1-1", "DX推進課", {"office_comment": "窓口の声を集めること。"}),
        (2027, "2-2-3", fy.NEW_NAME, {"office_comment": "収納率の推移を示すこと。"}),  # the renamed section
        (2027, MOVED_ITEM, LEFT, {"hq_opinion": "点検の周期を見直すこと。"}),
        (2028, BOTH, "DX推進課", {"committee_opinion": "両課で進め方をそろえること。"}),
        (2028, BOTH, "秘書政策課", {"review_grade": "C", "policy": "統合後に一本化する。"}),
        (2028, MOVED_ITEM, LEFT, {"policy": "都市計画課に引き継ぐ。"}),  # the item a revision gave away
        (2029, fy.NEW_ITEM, "財政課", {"review_grade": "C", "office_comment": "台数の目標を示すこと。"}),
        (2029, MOVED_ITEM, TAKEN_BY, {"office_comment": "引き継ぎ後の体制を示すこと。"}),
    ]
    for year, id_, section, words in reviews:
        for field, value in words.items():
            add(year, section, "review", id_, field, value)
    return sorted(found, key=lambda a: (a.year, a.section))


@pytest.fixture(scope="module")
def ledger(plans) -> pd.DataFrame:
    return answers_frame(_rows(plans))


def _history(ledger, plans, year):
    """What ``templates --year`` reads (:func:`~reform_xlsx.cli.templates_cmd.read_history`): the earlier years'
    answers, each grade as the plan of its year named it."""
    return grades_as_chosen(ledger[ledger["year"].lt(year)].reset_index(drop=True), _plan_for(plans))


def _asked(plan, year, history) -> list[str]:
    asked = sections_asked(plan, year, history)
    return list(asked) + [s for s in plan.sections if s not in asked]  # a section asked for by name, too


@pytest.mark.parametrize("year", [2027, 2028, 2029, 2030])
def test_every_sections_content_is_the_content_made_before(plans, ledger, year):
    plan, plan_for = _plan_for(plans)(year), _plan_for(plans)
    history = _history(ledger, plans, year)
    index = content.form_history(plan, year, history, plan_for)
    for section in _asked(plan, year, history):
        expected = before.section_content(plan, year, section, history, plan_for)
        for made in (content.section_content(plan, year, section, index, plan_for),
                     content.section_content(plan, year, section, history, plan_for)):
            assert made == expected, section
            assert fingerprint(locked_of(made)) == fingerprint(locked_of(expected)), section


def test_the_history_reaches_every_case_it_is_meant_to(plans, ledger):
    """The cases above are there (or the comparison would prove nothing about them)."""
    plan_for = _plan_for(plans)
    seen = {}
    for year in (2027, 2028, 2029, 2030):
        plan, history = plan_for(year), _history(ledger, plans, year)
        for section in plan.sections:
            for sheet in before.section_content(plan, year, section, history, plan_for):
                for row in sheet.rows:
                    seen[(year, section, sheet.name, row.id)] = row
    texts = {(k, key): v for k, row in seen.items() for key, v in row.values.items() if isinstance(v, str)}
    assert any(v == content.NO_ANSWER for v in texts.values())  # 市民課's 令和9年度
    assert any(v == content.NOT_REPORTED for (k, _), v in texts.items() if k[2] == layout.SHEET_KPI)
    assert any(v.startswith(f"【{LEFT}】") for (k, _), v in texts.items()
               if k[1] == TAKEN_BY and k[2] == layout.SHEET_ITEMS)  # left behind
    assert any(v.startswith("【DX推進課】") for (k, _), v in texts.items() if k[1] == fy.MERGED_INTO)
    assert any(row.notes for row in seen.values())  # cut to print
    assert any(row.measures for row in seen.values())  # K12's 枚 beside 千枚
    assert any(content.ended_mark(plans[2027].item(fy.ENDED_ITEM)) in v for (k, _), v in texts.items()
               if k[:3] == (2027, "財政課", layout.SHEET_RESPONSES))
    assert seen[(2029, TAKEN_BY, layout.SHEET_RESPONSES, MOVED_ITEM)]
    assert (2027, "市民課", layout.SHEET_RESPONSES, "1-1-1") not in seen  # the 二次評価 that agrees asks nothing
    k13 = seen[(2030, TAKEN_BY, layout.SHEET_KPI, KPI_GIVEN)].values
    assert (k13["R10.actual"], k13["R11.actual"]) == (fy.ACTUALS[KPI_GIVEN][2], fy.ACTUALS[KPI_GIVEN][3])
    k14 = seen[(2030, "財政課", layout.SHEET_KPI, fy.NEW_KPI)]
    assert k14.values["baseline"] == fy.ACTUALS[fy.NEW_KPI][2]  # measured from its first actual


def _facts(path: Path) -> dict:
    """All a form holds that a section or the reader sees: every sheet's cells, notes, validations, protection,
    merged cells, widths and heights, its state; the 「_meta」 rows but the fresh template ID and time."""
    wb = openpyxl.load_workbook(path)
    found = {"sheets": wb.sheetnames, "names": sorted((n, d.attr_text) for n, d in wb.defined_names.items())}
    for ws in wb.worksheets:
        cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
        if ws.title == layout.SHEET_META:
            cells = {k: v for k, v in cells.items()
                     if ws[f"A{ws[k].row}"].value not in (layout.META_TEMPLATE_ID, layout.META_CREATED) or k[0] == "A"}
        found[ws.title] = {
            "cells": cells,
            "styles": {c.coordinate: (c.number_format, c.protection.locked, c.alignment.wrap_text, c.fill.fgColor.rgb)
                       for row in ws.iter_rows() for c in row},
            "notes": {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment},
            "validations": sorted((str(v.sqref), v.type, v.formula1, v.formula2, v.operator, v.prompt, v.error,
                                   v.promptTitle, v.errorTitle) for v in ws.data_validations.dataValidation),
            "protection": (ws.protection.sheet, ws.protection.password, ws.protection.formatCells,
                           ws.protection.formatRows, ws.protection.selectLockedCells),
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "heights": {k: d.height for k, d in ws.row_dimensions.items()},
            "state": ws.sheet_state, "breaks": [b.id for b in ws.row_breaks.brk],
        }
    return found


def _reference(monkeypatch):
    """The writer made to take each form's content the way it did before (the whole table, each section)."""
    def made_before(plan, year, section, history=None, plan_for=None):
        return before.section_content(plan, year, section, getattr(history, "table", history), plan_for)

    monkeypatch.setattr(writer, "section_content", made_before)


@pytest.mark.parametrize("year", [2027, 2030])
def test_every_sections_form_is_the_form_made_before(plans, ledger, year, tmp_path, monkeypatch):
    """R9 (the first year with answers) and R12 (four years, every revision) as ``templates --db`` writes them."""
    plan, plan_for = _plan_for(plans)(year), _plan_for(plans)
    history = _history(ledger, plans, year)
    sections = _asked(plan, year, history)
    deadlines = dict.fromkeys(sections)
    previous = plan_for(year - 1)
    made = {}
    with redirect_stdout(io.StringIO()):
        made["now"] = templates_cmd.write_forms(plan, year, tmp_path / "now", sections, deadlines, "総務課（内線 1234）",
                                                history, MadeFiles(), previous, plan_for)
        with monkeypatch.context() as patched:
            _reference(patched)
            made["before"] = templates_cmd.write_forms(plan, year, tmp_path / "before", sections, deadlines,
                                                       "総務課（内線 1234）", history, MadeFiles(), previous, plan_for)
    assert [p.name for p in made["now"]] == [p.name for p in made["before"]]
    for now, then in zip(made["now"], made["before"]):
        assert _facts(now) == _facts(then), now.name


def _large_plan_file(folder: Path, sections: int) -> Path:
    import sys

    benchmarks = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, benchmarks)
    try:
        from large_plan import large_plan_text
    finally:
        sys.path.remove(benchmarks)
    path = folder / f"plan_{sections}.yaml"
    path.write_text(large_plan_text(sections), encoding="utf-8")
    return path


def _scans(tmp_path: Path, monkeypatch, sections: int) -> int:
    """How many times one ``templates --year R9 --mail`` run of a plan of ``sections`` sections goes over the whole answers
    table of 令和8年度 (every section answered; the office's word on every third item): each comparison, membership
    test, conversion or walk over a column or table as long as it."""
    from reform_xlsx.cli import main
    from reform_xlsx.plan.loading import load_plan

    folder = tmp_path / str(sections)
    folder.mkdir()
    plan_file = _large_plan_file(folder, sections)
    plan, _ = load_plan(plan_file)
    rows = []
    for section in plan.sections:
        for n, item in enumerate(plan.items_for(section, 2026)):
            rows += [Answer(2026, section, "item", item.id, "grade", "B", "B", "f", "", ""),
                     Answer(2026, section, "item", item.id, "result", f"{item.id} を進めた。", None, "f", "", "")]
            if n % 3 == 0:
                rows.append(Answer(2026, section, "review", item.id, "office_comment", "進め方を示すこと。", None, "", "", ""))
        rows += [Answer(2026, section, "kpi", k.id, "actual", k.baseline, None, "f", "", "") for k in plan.kpis_for(section)]
    history = answers_frame(sorted(rows, key=lambda a: a.section))
    size = len(history)
    monkeypatch.setattr(templates_cmd, "read_history", lambda *a: (history, "", None))
    counted = {"scans": 0}

    def counting(original):
        def call(self, *args, **kwargs):
            if len(self) == size or any(hasattr(a, "__len__") and not isinstance(a, str) and len(a) == size
                                        for a in args):
                counted["scans"] += 1
            return original(self, *args, **kwargs)
        return call

    for name in ("eq", "ne", "lt", "isin", "__eq__", "__ne__", "apply", "map", "tolist", "to_numpy", "unique"):
        monkeypatch.setattr(pd.Series, name, counting(getattr(pd.Series, name)))
    for name in ("itertuples", "iterrows", "groupby", "copy", "assign", "to_dict"):
        monkeypatch.setattr(pd.DataFrame, name, counting(getattr(pd.DataFrame, name)))
    real_numeric = pd.to_numeric
    monkeypatch.setattr(pd, "to_numeric", lambda arg, *a, **k: (counted.__setitem__("scans", counted["scans"] + (
        len(arg) == size)), real_numeric(arg, *a, **k))[1])
    with redirect_stdout(io.StringIO()):
        assert main(["templates", "--year", "R9", "--plan", str(plan_file), "--out", str(folder / "out"), "--mail"]) == 0
    assert len(list((folder / "out").glob("*.xlsx"))) == sections
    return counted["scans"]


def test_templates_goes_over_the_answers_a_fixed_number_of_times(tmp_path, monkeypatch):
    """Counted, not timed: twice the sections, the same number of walks over the answers table (each form's own went
    over all of it, several times: about 20 a section)."""
    with monkeypatch.context() as patched:
        fewer = _scans(tmp_path, patched, 20)
    with monkeypatch.context() as patched:
        more = _scans(tmp_path, patched, 40)
    assert more == fewer
    assert fewer <= 40
