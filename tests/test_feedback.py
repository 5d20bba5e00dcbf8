"""差し戻し copies: problem cells highlighted and commented, エラー一覧 first, protection kept."""

import hashlib

import openpyxl
import pytest

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.ledger.feedback import SHEET_ERRORS, write_feedback
from reform_xlsx.messages import Msg, Severity, problem
from reform_xlsx.records import FileStatus
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import fill_template


@pytest.fixture(scope="module")
def template(tmp_path_factory, plan):
    out = tmp_path_factory.mktemp("templates")
    (path,) = write_templates(plan, 2026, out, sections=["財政課"])
    return path


def cell_of(path, sheet, row_id, label):
    """A1 address of the cell in the row with ``row_id`` under header ``label``."""
    ws = openpyxl.load_workbook(path)[sheet]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    h = layout.find_header_row(rows, layout.ID_LABEL_KPI if sheet == layout.SHEET_KPI else layout.ID_LABEL_ITEMS)
    cols = layout.column_index(rows[h])
    r = next(i for i, row in enumerate(rows) if row[cols[layout.normalise_label(rows[h][0])]] == row_id)
    return ws.cell(row=r + 1, column=cols[layout.normalise_label(label)] + 1).coordinate


def test_feedback_copy(tmp_path, template):
    grade_cell = cell_of(template, layout.SHEET_ITEMS, "2-2-5", "進捗状況")
    actual_cell = cell_of(template, layout.SHEET_KPI, "K12", "実績値")
    problems = [
        problem(Msg.LEDGER_TWO_FILES, file="x.xlsx", sheet=layout.SHEET_ITEMS, cell=grade_cell,
                section="財政課", count=2, others="y.xlsx"),
        problem(Msg.PLAN_RATE_RANGE, sheet=layout.SHEET_KPI, cell=actual_cell, kpi="K12", field="実績値", value=9),
        problem(Msg.PLAN_NOT_FOUND, file="x.xlsx", detail="no cell"),
    ]
    assert problems[1].severity is Severity.ERROR
    before = hashlib.sha256(template.read_bytes()).hexdigest()
    target = tmp_path / "差し戻し" / outputs.feedback(2026, "財政課")
    write_feedback(template, problems, target, year=2026, section="財政課")
    assert hashlib.sha256(template.read_bytes()).hexdigest() == before  # the original is untouched
    assert target.name == "令和8年度_財政課_要修正.xlsx"

    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[0] == SHEET_ERRORS and wb.active.title == SHEET_ERRORS
    errors = wb[SHEET_ERRORS]
    listed = [[c.value for c in row] for row in errors.iter_rows(min_row=5, max_col=6)]
    assert [r[1] for r in listed] == ["L003", "P026", "P001"]
    assert listed[1][3:5] == [layout.SHEET_KPI, actual_cell]
    assert errors.cell(row=6, column=5).hyperlink.location == f"'{layout.SHEET_KPI}'!{actual_cell}"

    kpi = wb[layout.SHEET_KPI]
    assert kpi[actual_cell].fill.fgColor.rgb.endswith("FFC7CE")  # error: red
    assert "P026" in kpi[actual_cell].comment.text
    items = wb[layout.SHEET_ITEMS]
    assert items[grade_cell].fill.fgColor.rgb.endswith("FFEB9C")  # warning: yellow
    assert "L003" in items[grade_cell].comment.text
    # Still the section's template: protection, validation and metadata kept.
    assert items.protection.sheet and kpi.protection.sheet
    assert items.data_validations.dataValidation
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert props[layout.META_SECTION] == "財政課" and props[layout.META_FISCAL_YEAR] == "R8"
    assert layout.SHEET_META in wb.sheetnames


@pytest.mark.parametrize("section, name", [
    ("財政課", "令和8年度_財政課_要修正.xlsx"),
    ("../../x/evil", "令和8年度__.._x_evil_要修正.xlsx"),
    ("CON", "令和8年度__CON_要修正.xlsx"),
    ("あ" * 300, f"令和8年度_{'あ' * 60}_要修正.xlsx"),
])
def test_feedback_name_is_one_safe_file_name(section, name):
    assert outputs.feedback(2026, section) == name


def test_a_corrected_feedback_copy_is_accepted(tmp_path, plan):
    """The section fixes the cells in the copy it was sent and returns it: it reads like the original."""
    (template,) = write_templates(plan, 2026, tmp_path / "t", sections=["観光課"])
    bad = fill_template(template, {layout.SHEET_ITEMS: {"2-2-1": {"進捗状況": "たぶん順調", "取組実績": "広告を掲載"}}},
                        tmp_path / "in" / "kanko.xlsx")
    first = read_return(bad, plan, 2026)
    assert first.status == FileStatus.REJECTED and [p.code for p in first.errors] == ["V001"]
    copy = write_feedback(bad, first.problems, tmp_path / "差し戻し" / "copy.xlsx", year=2026, section="観光課")
    fixed = fill_template(copy, {layout.SHEET_ITEMS: {"2-2-1": {"進捗状況": "B 概ね計画どおり"}}},
                          tmp_path / "in2" / "kanko_fixed.xlsx")
    second = read_return(fixed, plan, 2026)
    assert (second.status, second.section, second.problems) == (FileStatus.ACCEPTED, "観光課", [])
    values = {(a.id, a.field): a.value for a in second.answers}
    assert values[("2-2-1", "grade")] == "B" and values[("2-2-1", "result")] == "広告を掲載"
