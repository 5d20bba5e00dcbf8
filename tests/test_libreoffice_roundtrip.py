"""A template filled in and saved by LibreOffice Calc still reads: values, metadata, validation,
protection and the locked cells' fingerprint survive (docs/template-spec.md)."""

from __future__ import annotations

import hashlib

import openpyxl
import pytest

from lo_fill import fill_by_id, require_uno
from reform_xlsx.form import layout
from reform_xlsx.form.content import fingerprint, section_content
from reform_xlsx.templates import write_templates
from reform_xlsx.templates.fill import cell_map
from reform_xlsx.xlsx.style import ANY_PAGES_TALL
from template_readback import locked_from_workbook, read_table, validations

TYPED = {
    layout.SHEET_ITEMS: {
        "1-1-1": {"進捗状況": "B 概ね計画どおり", "取組実績": "コンビニ交付を拡大した\n（令和8年10月）",
                  "課題・今後の方針": "=周知が課題", "財政効果額（円）": "1,200,000"},
        "1-1-5": {"進捗状況": "A 計画どおり", "財政効果額（円）": 0},
    },
    layout.SHEET_KPI: {
        "K04": {"実績値": "82.5%", "算出根拠・備考": "令和9年3月末 保有者数÷人口"},
        "K01": {"実績値": 0.27},
    },
}


@pytest.fixture(scope="module")
def roundtrip(soffice, plan, tmp_path_factory):
    require_uno()
    folder = tmp_path_factory.mktemp("lo")
    template, = write_templates(plan, 2026, folder, ["市民課"])
    before = hashlib.sha256(template.read_bytes()).hexdigest()
    out = folder / "saved_by_libreoffice.xlsx"
    stored = fill_by_id(template, out, TYPED, soffice=soffice)
    assert hashlib.sha256(template.read_bytes()).hexdigest() == before  # the template is not touched
    return template, out, stored


def test_calc_took_the_typed_values_as_a_person_would(roundtrip):
    _, _, stored = roundtrip
    items, kpi = stored[layout.SHEET_ITEMS], stored[layout.SHEET_KPI]
    assert ["TEXT", "B 概ね計画どおり"] in items.values()
    assert ["VALUE", 1200000.0] in items.values()  # "1,200,000" typed → a number
    assert ["VALUE", 0.825] in kpi.values()  # "82.5%" typed → a fraction


def test_values_read_back_by_id_and_label(roundtrip):
    _, out, _ = roundtrip
    wb = openpyxl.load_workbook(out)
    items = read_table(wb[layout.SHEET_ITEMS])
    assert items["1-1-1"]["進捗状況"] == "B 概ね計画どおり"
    assert items["1-1-1"]["取組実績"] == "コンビニ交付を拡大した\n（令和8年10月）"
    assert items["1-1-1"]["財政効果額(円)"] == 1200000
    assert items["1-1-5"]["進捗状況"] == "A 計画どおり" and items["1-1-5"]["財政効果額(円)"] == 0
    kpi = read_table(wb[layout.SHEET_KPI])
    assert kpi["K04"]["実績値"] == pytest.approx(0.825) and kpi["K01"]["実績値"] == pytest.approx(0.27)
    assert kpi["K04"]["算出根拠・備考"] == "令和9年3月末 保有者数÷人口"
    kpi_ws = wb[layout.SHEET_KPI]
    assert kpi_ws[cell_map(kpi_ws, layout.ID_LABEL_KPI)[("K01", "実績値")]].number_format.endswith("%")


def test_metadata_survives_in_both_places(roundtrip):
    template, out, _ = roundtrip
    before, after = openpyxl.load_workbook(template), openpyxl.load_workbook(out)

    def meta(wb):  # an empty value (no deadline given) is saved by Calc as an empty cell: the same to readers
        return {r[0]: r[1] or None for r in wb[layout.SHEET_META].iter_rows(values_only=True)}

    def props(wb):
        return {p.name: p.value or None for p in wb.custom_doc_props.props}

    assert meta(after) == meta(before) and set(meta(after)) == set(layout.META_KEYS)
    assert props(after) == props(before) == meta(before)
    assert after[layout.SHEET_META].sheet_state == "hidden" and after[layout.SHEET_LISTS].sheet_state == "hidden"


def test_locked_cells_unchanged_so_the_fingerprint_still_matches(plan, roundtrip):
    _, out, _ = roundtrip
    wb = openpyxl.load_workbook(out)
    columns = {c.name: c.columns for c in section_content(plan, 2026, "市民課")}
    stored = {p.name: p.value for p in wb.custom_doc_props.props}[layout.META_FINGERPRINT]
    assert fingerprint(locked_from_workbook(wb, columns)) == stored


def rule(dv):
    """What a validation checks. LibreOffice writes dummy formulas where none apply ("any" rules,
    formula2 of one-sided rules) and spells out the default error style."""
    if dv.type is None:
        return (None,)
    operator = dv.operator or "between"
    second = dv.formula2 if operator == "between" and dv.type != "list" else None
    return dv.type, operator, dv.formula1, second, dv.errorStyle or "stop", dv.showErrorMessage


def test_validation_and_protection_survive(roundtrip):
    template, out, _ = roundtrip
    before, after = openpyxl.load_workbook(template), openpyxl.load_workbook(out)
    assert after.defined_names[layout.GRADE_LIST_NAME].attr_text.replace("'", "") == "_lists!$A$1:$A$5"
    for name in (layout.SHEET_ITEMS, layout.SHEET_KPI):
        old, new = validations(before[name]), validations(after[name])
        assert {k: rule(v) for k, v in new.items()} == {k: rule(v) for k, v in old.items()}
        assert all(v.promptTitle == old[k].promptTitle and v.prompt == old[k].prompt for k, v in new.items())
        ws = after[name]
        assert ws.protection.sheet and ws.protection.password is None
        for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
            for cell in row:
                assert cell.protection.locked is before[name][cell.coordinate].protection.locked, cell.coordinate


def test_print_settings_survive(roundtrip):
    _, out, _ = roundtrip
    ws = openpyxl.load_workbook(out)[layout.SHEET_ITEMS]
    assert (ws.page_setup.orientation, str(ws.page_setup.paperSize)) == ("landscape", "9")
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, ANY_PAGES_TALL)
    assert ws.print_title_rows == f"${layout.HEADER_ROW + 1}:${layout.HEADER_ROW + 1}"
