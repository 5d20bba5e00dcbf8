"""「1/2」「5/10」 typed into a number field (財政効果額, a KPI's 実績値) that the spreadsheet turned into a date: the
cell holds a date (calamine gives a datetime), or a number under a date format. Refused (V024) quoting the date as the
cell shows it (「1月2日」), never read as its serial 46024 nor quoted 「2026-01-02」; the 差し戻し copy shows it, marked,
in the form's number format. A text cell keeps a date as text."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

import intake_craft as craft
from lo_fill import fill_by_id, require_uno
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.merge import run_merge
from reform_xlsx.records import FileStatus
from reform_xlsx.xlsx.style import ERROR_FILL

ITEMS, KPI = layout.SHEET_ITEMS, layout.SHEET_KPI
SECTION = "財政課"  # K09 (施設) and K12 (枚): counts


@pytest.mark.parametrize(("value", "date_format", "shown"), [
    (dt.datetime(2026, 1, 2), 'm"月"d"日"', "1月2日"),
    (dt.datetime(2026, 5, 10), "m\\月d\\日", "5月10日"),  # as LibreOffice writes it
    (dt.datetime(2027, 4, 1), "yyyy/m/d", "2027/4/1"),
    (dt.datetime(2027, 4, 1), "[$-411]ge.m.d", "R9.4.1"),
    (dt.datetime(2027, 4, 1), None, "2027年4月1日"),
    (dt.date(2027, 4, 1), "mmm-yy", "2027年4月1日"),  # a format not rendered here: the day in Japanese
    (46024, 'm"月"d"日"', "1月2日"),  # a number under a date format
    (46024.5, "yyyy/m/d h:mm", "2026年1月2日 12:00"),
    (0.5, "h:mm", "12:00"),
    (dt.time(9, 30), None, "9:30"),
    (dt.timedelta(hours=26, minutes=5), "[h]:mm", "26:05"),
    (46024, None, None),  # a number under no date format is a number
    (True, "yyyy/m/d", None),
    ("1/2", "yyyy/m/d", None),
    (None, "yyyy/m/d", None),
])
def test_date_shown(value, date_format, shown):
    from reform_xlsx.intake.normalise import date_shown

    assert date_shown(value, date_format) == shown


@pytest.mark.parametrize(("code", "is_date"), [
    ('m"月"d"日"', True), ("m\\月d\\日", True), ("yyyy/m/d", True), ("[$-411]ge.m.d", True), ("h:mm", True),
    ("[h]:mm:ss", True), ("mm:ss", True), ("#,##0", False), ('#,##0"件"', False), ("0.0%", False), ("General", False),
    ("@", False), ("[Red]#,##0", False), ('"※"#,##0', False), ('#,##0"日"', False),
])
def test_is_date_format(code, is_date):
    from reform_xlsx.intake.workbook_reader import is_date_format

    assert is_date_format(code) is is_date


def _cells(plan, wb):
    item = plan.items_for(SECTION)[0].id
    return (craft.cell_of(wb, ITEMS, item, "財政効果額（円）"), craft.cell_of(wb, KPI, "K09", "実績値"),
            craft.cell_of(wb, ITEMS, item, "取組実績"))


def _dated(plan, tmp_path):
    """財政効果額 holds a datetime under Excel's 「m"月"d"日"」 (「1/2」 typed in Japanese Excel), K09's 実績値 the serial
    of 2026/5/10 under the built-in date format 14, 取組実績 a date."""
    source = craft.filled(plan, 2026, SECTION, tmp_path / "work")

    def typed(wb):
        effect, actual, result = _cells(plan, wb)
        wb[ITEMS][effect] = dt.datetime(2026, 1, 2)
        wb[ITEMS][effect].number_format = 'm"月"d"日"'
        wb[KPI][actual] = 46152
        wb[KPI][actual].number_format = "mm-dd-yy"  # openpyxl writes it as the built-in id 14
        wb[ITEMS][result] = dt.datetime(2027, 3, 31)
        wb[ITEMS][result].number_format = "yyyy/m/d"
    (tmp_path / "inbox").mkdir()
    return craft.edit(source, tmp_path / "inbox" / f"{SECTION}.xlsx", typed)


def test_a_date_in_a_number_field_is_refused_as_the_cell_shows_it(plan, tmp_path):
    path = _dated(plan, tmp_path)
    wb = openpyxl.load_workbook(path)
    effect, actual, result_cell = _cells(plan, wb)
    result = read_return(path, plan, 2026)
    assert result.status == FileStatus.REJECTED
    dated = {(p.sheet, p.cell): p for p in result.problems if p.code == "V024"}
    assert set(dated) == {(ITEMS, effect), (KPI, actual)}
    assert all(p.severity.value == "error" for p in dated.values())
    said = dated[(ITEMS, effect)].message
    assert "財政効果額（円）のセルは日付（時刻）の「1月2日」になっていて" in said and "例: 1500000" in said
    assert "2026-01-02" not in said and "46024" not in said and "'1/2" in said
    assert "「2026/5/10」" in dated[(KPI, actual)].message and "例: 3" in dated[(KPI, actual)].message
    assert not [p for p in result.problems if p.code in ("V003", "V006", "V015") and p.cell in (effect, actual)]
    got = {(a.sheet, a.field): (a.value, a.raw) for a in result.answers if a.id in (plan.items_for(SECTION)[0].id, "K09")}
    assert got[(ITEMS, "effect_yen")] == (None, "1月2日") and got[(KPI, "actual")] == (None, "2026/5/10")
    assert got[(ITEMS, "result")][0] == "2027/3/31"  # a text cell keeps its date as text, as it shows


def test_the_sent_back_copy_shows_the_date_marked_in_the_number_format(plan, tmp_path):
    path = _dated(plan, tmp_path)
    merged = run_merge([path.parent], plan, 2026, db=tmp_path / "r.db", out=tmp_path / "out")
    copy = openpyxl.load_workbook(merged.feedback[path.name])
    effect, actual, _ = _cells(plan, copy)
    for sheet, cell, shown in ((ITEMS, effect, "1月2日"), (KPI, actual, "2026/5/10")):
        c = copy[sheet][cell]
        assert (c.value, c.number_format) == (shown, "#,##0")
        assert c.fill.fgColor.rgb.endswith(ERROR_FILL.lstrip("#").upper())


def test_dates_typed_in_japanese_calc_are_refused(soffice, plan, tmp_path):
    """「1/2」 typed through Calc's view into 財政効果額 of a cell whose format the section set to General (as a
    pasted cell brings), and into K09's: Calc makes them dates shown 「1月2日」 and 「5月10日」."""
    require_uno()
    source = craft.template(plan, 2026, SECTION, tmp_path / "t")
    wb = openpyxl.load_workbook(source)
    effect, actual, _ = _cells(plan, wb)
    for sheet, cell in ((ITEMS, effect), (KPI, actual)):
        wb[sheet].protection.sheet = False
        wb[sheet][cell].number_format = "General"
    wb.save(tmp_path / "general.xlsx")
    item = plan.items_for(SECTION)[0].id
    (tmp_path / "inbox").mkdir()
    typed = tmp_path / "inbox" / f"{SECTION}.xlsx"
    stored = fill_by_id(tmp_path / "general.xlsx", typed,
                        {ITEMS: {item: {"財政効果額（円）": "1/2"}}, KPI: {"K09": {"実績値": "5/10"}}}, keyboard=True)
    assert stored[ITEMS][effect][0] == "VALUE" and stored[KPI][actual][0] == "VALUE"
    dated = {(p.sheet, p.cell): p.message for p in read_return(typed, plan, 2026).problems if p.code == "V024"}
    assert "「1月2日」" in dated[(ITEMS, effect)] and "「5月10日」" in dated[(KPI, actual)]


def test_dates_typed_into_the_forms_number_cells_in_calc_are_questioned(soffice, plan, tmp_path):
    """「1/2」 and 「5/10」 typed through Calc's view into the form as it is: Calc keeps the cells' 「#,##0」 and stores
    the dates' serials, shown 「46,024」 — they were read as 46,024 円 (silently) and 46,152 施設 (V015 on its size only).
    Each is questioned as the day it is (V025); the text cell's date stays a text."""
    require_uno()
    year = dt.date.today().year  # Calc gives a day of the year it is typed in: the form of a fiscal year it is in
    fiscal = min(max(year - 1, plan.start_year), plan.end_year)  # (2026: 令和8年度's first calendar year)
    if year not in (fiscal, fiscal + 1):
        pytest.skip("the clock is outside the plan's forms' calendar years")
    source = craft.template(plan, fiscal, SECTION, tmp_path / "t")
    item = plan.items_for(SECTION)[0].id
    (tmp_path / "inbox").mkdir()
    typed = tmp_path / "inbox" / f"{SECTION}.xlsx"
    stored = fill_by_id(source, typed, {ITEMS: {item: {"財政効果額（円）": "1/2", "取組実績": "1/2"}},
                                        KPI: {"K09": {"実績値": "5/10"}}}, keyboard=True)
    wb = openpyxl.load_workbook(typed)
    effect, actual, result_cell = _cells(plan, wb)
    assert wb[ITEMS][effect].number_format == "#,##0" and stored[ITEMS][effect][0] == "VALUE"
    problems = [p for p in read_return(typed, plan, fiscal).problems if p.sheet == KPI or p.code == "V025"]
    serial = {(p.sheet, p.cell): p for p in problems if p.code == "V025"}
    said = serial[(ITEMS, effect)].message
    assert serial[(ITEMS, effect)].severity.value == "warning"
    assert f"{year}年1月2日" in said and "「1/2」のように入力して" in said \
        and f"「{(dt.date(year, 1, 2) - dt.date(1899, 12, 30)).days:,}」" in said
    assert f"{year}年5月10日" in serial[(KPI, actual)].message and "「5/10」" in serial[(KPI, actual)].message
    assert (ITEMS, result_cell) not in serial
    assert not [p.code for p in problems if p.cell == actual and p.code != "V025"]  # not also V015 on its size


@pytest.mark.parametrize(("value", "questioned"), [
    (46023, True), (46024, True), (46752, True),  # 2026-01-01, 2026-01-02, 2027-12-31
    (46022, False), (46753, False),  # 2025-12-31, 2028-01-01
    (46024.5, False), (100000, False), (1500000, False),
    ("46024", False),  # typed as a text: no spreadsheet made it of a date
])
def test_a_number_that_is_a_days_serial_is_questioned(plan, tmp_path, value, questioned):
    source = craft.filled(plan, 2026, SECTION, tmp_path / "work")
    wb = openpyxl.load_workbook(source)
    effect, _, _ = _cells(plan, wb)
    wb[ITEMS][effect] = value
    wb.save(tmp_path / "n.xlsx")
    codes = [p.code for p in read_return(tmp_path / "n.xlsx", plan, 2026).problems if p.cell == effect]
    assert ("V025" in codes) is questioned, codes


@pytest.mark.parametrize(("value", "questioned"), [
    (44562, "2026年1月2日"),  # 1904-01-01 + 44562 days
    (46024, None),  # 2026-01-02 in the 1900 system, 2030-01-03 in this one: no day of the fiscal year
])
def test_a_days_serial_in_a_workbook_of_the_1904_date_system(plan, tmp_path, value, questioned):
    """A workbook saved in the 1904 date system (Excel for Mac; workbookPr date1904="1") stores 「1/2」 typed into the
    form's 「#,##0」 cell as 44562, not 46024: V025 counts the days from 1904-01-01 there."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    source = craft.filled(plan, 2026, SECTION, tmp_path / "work")

    def typed(wb):
        wb.epoch = CALENDAR_MAC_1904
        effect, _, _ = _cells(plan, wb)
        wb[ITEMS][effect] = value
    path = craft.edit(source, tmp_path / "mac.xlsx", typed)
    effect, _, _ = _cells(plan, openpyxl.load_workbook(path))
    said = [p.message for p in read_return(path, plan, 2026).problems
            if (p.sheet, p.cell) == (ITEMS, effect) and p.code == "V025"]
    assert bool(said) is (questioned is not None), said
    if questioned:
        assert f"{questioned}を表す数" in said[0] and "「1/2」" in said[0]


def test_a_date_in_a_workbook_of_the_1904_date_system_is_quoted_as_its_day(plan, tmp_path):
    """A date typed into a number field of a 1904 workbook is quoted as the day it is (calamine counts from 1904
    there), and so is a day's number under a date format the reader turns into a day itself."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    from reform_xlsx.intake.normalise import DAY_ZERO_1904, date_shown

    source = craft.filled(plan, 2026, SECTION, tmp_path / "work")

    def typed(wb):
        wb.epoch = CALENDAR_MAC_1904
        effect, actual, _ = _cells(plan, wb)
        wb[ITEMS][effect] = dt.datetime(2026, 1, 2)
        wb[ITEMS][effect].number_format = 'm"月"d"日"'
        wb[KPI][actual] = dt.datetime(2026, 5, 10)
        wb[KPI][actual].number_format = "yyyy/m/d"
    path = craft.edit(source, tmp_path / "mac.xlsx", typed)
    effect, actual, _ = _cells(plan, openpyxl.load_workbook(path))
    dated = {(p.sheet, p.cell): p.message for p in read_return(path, plan, 2026).problems if p.code == "V024"}
    assert "「1月2日」" in dated[(ITEMS, effect)] and "「2026/5/10」" in dated[(KPI, actual)]
    assert date_shown(44562, "yyyy/m/d", DAY_ZERO_1904) == "2026/1/2"
    assert date_shown(44562.5, "h:mm", DAY_ZERO_1904) == "2026年1月2日 12:00"
    assert date_shown(0.5, "h:mm", DAY_ZERO_1904) == "12:00"
    assert date_shown(44562, "yyyy/m/d") == "2022/1/1"  # the same number in the 1900 system


@pytest.mark.parametrize(("xml", "is_1904"), [
    (b'<workbook><workbookPr date1904="1"/></workbook>', True),
    (b'<x:workbook><x:workbookPr defaultThemeVersion="1" date1904 = \'true\' /></x:workbook>', True),
    (b'<workbook><workbookPr date1904="0"/></workbook>', False),
    (b'<workbook><workbookPr date1904="false"/></workbook>', False),
    (b'<workbook><workbookPr codeName="ThisWorkbook"/></workbook>', False),
    (b"<workbook/>", False),
    (b"", False),
])
def test_the_1904_date_system_is_known_from_the_workbook_part(xml, is_1904):
    from reform_xlsx.intake.workbook_reader import date1904

    assert date1904(xml) is is_1904
