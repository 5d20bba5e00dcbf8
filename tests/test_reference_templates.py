"""templates/ holds the bundled plan's 令和8年度 調査票: they must be what the tool makes today."""

from pathlib import Path

import openpyxl
import pytest

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.templates import write_templates

REFERENCE = Path(__file__).parent.parent / "templates"
REGENERATE = "作り直すには: reform-xlsx templates --year R8 --out templates --force"
PER_WORKBOOK = {layout.META_TEMPLATE_ID, layout.META_CREATED}  # random / a timestamp, each time


def contents(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        cells = {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}
        if ws.title == layout.SHEET_META:
            cells = {k: v for k, v in cells.items() if ws[f"A{ws[k].row}"].value not in PER_WORKBOOK}
        validations = sorted((str(dv.sqref), dv.type, dv.formula1) for dv in ws.data_validations.dataValidation)
        sheets[ws.title] = (ws.sheet_state, ws.protection.sheet, cells, validations)
    props = {p.name: p.value for p in wb.custom_doc_props.props if p.name not in PER_WORKBOOK}
    return {"sheets": sheets, "properties": props}


@pytest.fixture(scope="module")
def fresh(plan, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fresh")
    write_templates(plan, 2026, folder)
    return folder


def test_one_reference_template_per_section(plan):
    assert sorted(p.name for p in REFERENCE.glob("*.xlsx")) == sorted(outputs.template(plan.words, 2026, s) for s in plan.sections)


@pytest.mark.parametrize("section", ["DX推進課", "市民課", "人事行政課", "税務課", "財政課", "秘書政策課", "生活環境課",
                                     "観光課", "特命担当", "土木課", "都市計画課"])
def test_reference_template_is_what_the_tool_makes(plan, fresh, section):
    name = outputs.template(plan.words, 2026, section)
    assert contents(REFERENCE / name) == contents(fresh / name), f"{name} は古くなっています。{REGENERATE}"
