"""What a hurried section types into a number field (財政効果額, a KPI's 実績値) besides a number: a day typed as text
(「4月」「3日」「4/1」「令和9年4月」), a length of time (「6か月」), an amount a month (「1,200円/月」), yen in a KPI counted
in 千円 (「1,200千円」). Each is read right, refused, or read with a warning saying how — never silently, or with only
「単位が違う」, read as another number (4円, 1,200,000千円)."""

from __future__ import annotations

import openpyxl
import pytest

import intake_craft as craft
from lo_fill import fill_by_id, require_uno
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.normalise import in_unit, normalise_kpi, normalise_yen, parse_number, unit_size
from reform_xlsx.messages import Msg
from reform_xlsx.plan.model import Kpi

AS_DATE, NOT_A_NUMBER, YEN_INVALID, UNIT = (Msg.INTAKE_NUMBER_AS_DATE, Msg.INTAKE_NOT_A_NUMBER, Msg.INTAKE_YEN_INVALID,
                                            Msg.INTAKE_UNIT_MISMATCH)


def kpi(kind: str, unit: str) -> Kpi:
    return Kpi("K99", "1-1-1", "指標", kind, unit, "増加", False, 10, 100, "財政課")


@pytest.mark.parametrize(("typed", "unit", "said"), [
    ("4月", "", "date"), ("４月", "", "date"), ("四月", "", "date"), ("十二月", "", "date"), ("4月分", "", "date"),
    ("3日", "", "date"), ("4/1", "", "date"), ("1/2", "", "date"), ("2027/3/31", "", "date"), ("2027-03-31", "", "date"),
    ("2027.3.31", "", "date"), ("令和9年4月", "", "date"), ("令和元年度", "", "date"), ("R9.4", "", "date"),
    ("H31.4.1", "", "date"), ("2027年3月末", "", "date"), ("2026年度", "", "date"), ("3月31日まで", "", "date"),
    ("4月1日", "", "date"), ("12:30", "", "date"), ("9時半", "", "date"),
    ("6か月", "", "duration"), ("3ヶ月", "", "duration"), ("2年", "", "duration"), ("12時間", "", "duration"),
    ("30分", "", "duration"), ("3日", "か月", "date"),
    # the KPI's own unit of time, or a word meaning the same: a number
    ("3日", "日", None), ("3日間", "日", None), ("6か月", "か月", None), ("6ヶ月", "か月", None), ("2年", "年", None),
    # no time at all
    ("'4月", "", "date"), ("120/150", "", None), ("13/1", "", None), ("100-200", "", None), ("3.5", "", None), ("4.1", "", None),
    ("1,200円", "", None), ("3施設", "", None), ("R9", "", None), (4, "", None), (None, "", None),
])
def test_time_word(typed, unit, said):
    from reform_xlsx.intake.normalise import time_word

    assert time_word(typed, unit) == said


@pytest.mark.parametrize(("typed", "value", "msg"), [
    ("4月", None, AS_DATE), ("3日", None, AS_DATE), ("4/1", None, AS_DATE), ("令和9年4月", None, AS_DATE),
    ("R9.4", None, AS_DATE), ("2027年3月末", None, AS_DATE), ("約4月", None, AS_DATE), ("4月頃", None, AS_DATE),
    ("6か月", None, YEN_INVALID), ("2年", None, YEN_INVALID),
    # an amount a month is not the year's 財政効果額
    ("1,200円/月", None, YEN_INVALID), ("5万円（月額）", None, YEN_INVALID), ("3万円/日", None, YEN_INVALID),
    ("120万円/年", 1_200_000, UNIT),  # the year's: read, and said how
    # read right, as before
    ("1.5万", 15_000, None), ("1万5千", 15_000, None), ("千五百", 1_500, None), ("１，２００円", 1_200, None),
    ("120※", 120, UNIT),  # a footnote mark: the number, and a word that something follows it
    # two numbers, a range, a sum, a year's figure with words: refused, never one of them
    ("100〜200", None, YEN_INVALID), ("100→120", None, YEN_INVALID), ("12万×3", None, YEN_INVALID),
    ("前年120 今年150", None, YEN_INVALID), ("年120万", None, YEN_INVALID), ("120(注1)", None, YEN_INVALID),
    # two numbers on two lines of the cell (Alt+Enter), or parted by a tab: never 120150
    ("120\n150", None, YEN_INVALID), ("120\r\n150", None, YEN_INVALID),
    ("１２０\n１５０", None, YEN_INVALID), ("120\t150", None, YEN_INVALID),
    ("1 500 000", 1_500_000, None), ("1\u00a0500\u00a0000", 1_500_000, None),  # thousands parted by spaces: as before
    ("2倍", None, YEN_INVALID),  # a ratio is no amount
    ("50万円削減", 500_000, UNIT),  # the saving itself: read
])
def test_an_amount_typed_with_words(typed, value, msg):
    outcome = normalise_yen(typed, "財政効果額（円）")
    assert (outcome.value, outcome.msg) == (value, msg)
    if msg is AS_DATE:
        assert outcome.params["raw"] == typed and outcome.params["example"] == "1500000"


@pytest.mark.parametrize(("kind", "unit", "typed", "value", "msg"), [
    ("count", "人", "4月", None, AS_DATE), ("count", "人", "3日", None, AS_DATE), ("count", "人", "6か月", None, NOT_A_NUMBER),
    ("yen", "円", "4月", None, AS_DATE), ("count", "施設", "4/1", None, AS_DATE),
    ("count", "日", "3日", 3, None), ("count", "日", "4月", None, AS_DATE), ("count", "か月", "6ヶ月", 6, None),
    ("count", "か月", "3日", None, AS_DATE), ("count", "年", "2年", 2, None),
    ("rate", "%", "4月", None, NOT_A_NUMBER),  # a rate with a word: refused as before
    # yen in a KPI counted in a unit of money: in the KPI's unit, never 1,000 times it
    ("count", "千円", "1,200千円", 1200, None), ("count", "千円", "1,200（千円）", 1200, None),
    ("count", "千円", "1,200,000円", 1200, UNIT), ("count", "千円", "1,200千", 1200, UNIT),
    ("count", "千円", "150万", 1500, UNIT), ("count", "千円", "1,200", 1200, None),
    ("count", "千円", "約1,200千円", 1200, Msg.INTAKE_APPROXIMATE), ("count", "百万円", "120百万円", 120, None),
    ("count", "百万円", "1億2千万円", 120, UNIT), ("count", "百万円", "12百万", 12, UNIT),
    ("count", "千円", "1,200（千）", 1200, UNIT), ("count", "万人", "3(万)", 3, UNIT),
    # ... and so in any unit with a size: people in 万人 or 千人 (「名」 is 「人」), never 10,000 times the figure
    ("count", "万人", "3万人", 3, None), ("count", "万人", "3万", 3, UNIT), ("count", "万人", "1.5万", 1.5, UNIT),
    ("count", "万人", "30,000人", 3, UNIT), ("count", "万人", "15,000名", 1.5, UNIT), ("count", "万人", "3万名", 3, UNIT),
    ("count", "万人", "約3万", 3, UNIT), ("count", "万人", "3", 3, None),
    ("count", "千人", "3千", 3, UNIT), ("count", "千人", "3万", 30, UNIT), ("count", "千人", "3,000名", 3, UNIT),
    # a change or a ratio is not the year's value; a KPI counted in 倍 reads its own unit
    ("count", "人", "120人増", None, NOT_A_NUMBER), ("count", "件", "30件減少", None, NOT_A_NUMBER),
    ("count", "人", "15%増", None, NOT_A_NUMBER), ("count", "人", "2倍", None, NOT_A_NUMBER), ("count", "倍", "2倍", 2, None),
    ("count", "人", "120\n150", None, NOT_A_NUMBER),
])
def test_a_kpi_typed_with_words(kind, unit, typed, value, msg):
    outcome = normalise_kpi(typed, kpi(kind, unit))
    assert (outcome.value, outcome.msg) == (value, msg)
    if msg is UNIT:
        assert outcome.params["value"] == f"{value:,}{unit}"


@pytest.mark.parametrize(("typed", "unit", "value"), [
    ("1,200千", "千円", 1200), ("150万", "千円", 1500), ("1,200千円", "千円", 1200), ("1,200,000円", "千円", 1200),
    ("3万", "万人", 3), ("30,000人", "万人", 3), ("15,000名", "万人", 1.5), ("3千", "千人", 3), ("1.2億", "百万円", 120),
    ("11,800億円", "億円", 11800), ("1,200", "千円", 1200), (1200, "千円", 1200), ("3万", "人", 30000), ("3万円", "人", 30000),
])
def test_a_figure_with_its_size_is_read_in_a_kpi_unit_of_that_size(typed, unit, value):
    """The plan master's 基準値・目標値 are read by ``in_unit`` as the form's 実績値 are: 「150万」 in a KPI counted in
    千円 is 1,500, 「3万」 in one counted in 万人 is 3 — never 10,000 times the plan's own figure."""
    assert in_unit(parse_number(typed), unit, typed).value == value


@pytest.mark.parametrize(("unit", "size"), [
    ("千円", (1_000, "円")), ("万円", (10_000, "円")), ("百万円", (1_000_000, "円")), ("千万円", (10_000_000, "円")),
    ("億円", (100_000_000, "円")), ("十億円", (1_000_000_000, "円")), ("万人", (10_000, "人")), ("千人", (1_000, "人")),
    ("千 円", (1_000, "円")), ("ｔ", None), ("円", None), ("件", None), ("%", None), ("万", None), ("", None),
])
def test_the_size_of_a_unit(unit, size):
    """One reading of 「a multiple of another unit」 serves reading a figure (``in_unit``), V007 and the plan's scale
    of money."""
    assert unit_size(unit) == size


SECTION = "財政課"  # K09 counts 施設


def _cells(plan, wb):
    item = plan.items_for(SECTION)[0].id
    return craft.cell_of(wb, layout.SHEET_ITEMS, item, "財政効果額（円）"), craft.cell_of(wb, layout.SHEET_KPI, "K09", "実績値")


def test_a_day_typed_as_text_into_a_number_field_is_refused(plan, tmp_path):
    """「4月」 and 「4/1」 in cells formatted as text (「@」, as a section sets a cell to keep what it types): refused
    with V024 quoting what was typed — not 4円 and 4施設 with a word about the unit."""
    source = craft.filled(plan, 2026, SECTION, tmp_path / "work")

    def typed(wb):
        for (sheet, cell), text in zip(((layout.SHEET_ITEMS, _cells(plan, wb)[0]), (layout.SHEET_KPI, _cells(plan, wb)[1])),
                                       ("4月", "4/1"), strict=True):
            wb[sheet][cell] = text
            wb[sheet][cell].number_format = "@"
    path = craft.edit(source, tmp_path / "text.xlsx", typed)
    effect, actual = _cells(plan, openpyxl.load_workbook(path))
    result = read_return(path, plan, 2026)
    dated = {(p.sheet, p.cell): p for p in result.problems if p.code == "V024"}
    assert "「4月」" in dated[(layout.SHEET_ITEMS, effect)].message
    assert "「4/1」" in dated[(layout.SHEET_KPI, actual)].message and "例: 3" in dated[(layout.SHEET_KPI, actual)].message
    assert not [p for p in result.problems if p.code == "V008"]
    got = {a.field: (a.value, a.raw) for a in result.answers if a.field in ("effect_yen", "actual")
           and a.id in (plan.items_for(SECTION)[0].id, "K09")}
    assert got == {"effect_yen": (None, "4月"), "actual": (None, "4/1")}


@pytest.mark.parametrize(("effect_typed", "actual_typed", "effect_kept", "actual_kept"), [
    ("4月", "3日", "4月", "3日"),
    ("'4月", "令和9年4月", "'4月", "令和9年4月"),  # Calc keeps the 「'」 before a text it would not have changed
])
def test_a_day_typed_in_calc_is_refused(soffice, plan, tmp_path, effect_typed, actual_typed, effect_kept, actual_kept):
    """「4月」 and 「3日」 typed through Calc's view (Japanese locale) into the form's 「#,##0」 cells: Calc keeps them
    as text — they were read as 4円 and 3施設 with only V008."""
    require_uno()
    source = craft.template(plan, 2026, SECTION, tmp_path / "t")
    item = plan.items_for(SECTION)[0].id
    (tmp_path / "inbox").mkdir()
    typed = tmp_path / "inbox" / f"{SECTION}.xlsx"
    stored = fill_by_id(source, typed, {layout.SHEET_ITEMS: {item: {"財政効果額（円）": effect_typed}},
                                        layout.SHEET_KPI: {"K09": {"実績値": actual_typed}}}, keyboard=True)
    effect, actual = _cells(plan, openpyxl.load_workbook(typed))
    assert stored[layout.SHEET_ITEMS][effect] == ["TEXT", effect_kept]
    assert stored[layout.SHEET_KPI][actual] == ["TEXT", actual_kept]
    result = read_return(typed, plan, 2026)
    dated = {(p.sheet, p.cell): p.message for p in result.problems if p.code == "V024"}
    assert f"「{effect_kept}」" in dated[(layout.SHEET_ITEMS, effect)]
    assert f"「{actual_kept}」" in dated[(layout.SHEET_KPI, actual)]
    assert not [p for p in result.problems if p.code in ("V003", "V006", "V008") and p.cell in (effect, actual)]
    read = {a.field: a.value for a in result.answers if a.field in ("effect_yen", "actual") and a.id in (item, "K09")}
    assert read == {"effect_yen": None, "actual": None}


@pytest.mark.parametrize(("value", "previous", "code", "quoted"), [
    (63_000_000, None, "V015", "「63,000,000」"),  # over ten times the plan's scale
    (62_000_000, 6_200_000, "V016", "「62,000,000」"),  # ten times last year's
    (7_000_000, 6_000_000, "V017", "「7,000,000」"),  # against the target (減少) by more than half the span
])
def test_the_officers_checks_quote_a_number_as_its_cell_shows_it(plan, tmp_path, value, previous, code, quoted):
    """K12 (枚) in the form's 「#,##0」 cell: V015–V017 quote 「63,000,000」 as the cell shows it as V003–V008 quote
    a number, never as stored 「63000000」."""
    from reform_xlsx.intake.officer import Prior

    source = craft.filled(plan, 2026, SECTION, tmp_path / "work")

    def typed(wb):
        cell = craft.cell_of(wb, layout.SHEET_KPI, "K12", "実績値")
        wb[layout.SHEET_KPI][cell] = value
        assert wb[layout.SHEET_KPI][cell].number_format == "#,##0"
    path = craft.edit(source, tmp_path / "n.xlsx", typed)
    prior = Prior(2025, {"K12": previous}) if previous else None
    said = [p.message for p in read_return(path, plan, 2026, prior=prior).problems
            if p.code == code and p.row_id == "K12"]
    assert len(said) == 1 and quoted in said[0], said
