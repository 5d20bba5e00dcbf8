"""An input cell whose number format shows something other than its value (「;;;」 shows nothing, 「0;0;0;"A 計画どおり"」 any
text as 「A 計画どおり」, 「[>100]"多い";0」 500 as 「多い」) is named at the cell (F042) and not read: merge recorded the value
the section's chief never saw. The forms' own formats and Excel's and LibreOffice's stay silent."""

from __future__ import annotations

import math

import openpyxl
import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return
from reform_xlsx.intake.workbook_reader import may_show_otherwise, shown_instead
from reform_xlsx.records import FileStatus

SECTION = "財政課"
ACCOUNTING = '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ '  # Excel's built-in 41, as Japanese Excel writes it
YEN_ACCOUNTING = '_ "¥"* #,##0_ ;_ "¥"* \\-#,##0_ ;_ "¥"* "-"_ ;_ @_ '  # 42, its 通貨表示形式 (¥) button's
DOLLAR_ACCOUNTING = '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)'  # 42 in English Excel

# format code, value → what the cell shows instead of the value (None: the value, as every reader shows it)
SHOWN = [
    ("General", 5, None), ("0", 5, None), ("#,##0", -5, None), ("0.0%", 0.5, None), ("@", 5, None), ("@", "文", None),
    ("yyyy/m/d", 46000, None), ('[$-411]ggge"年"m"月"d"日"', 46000, None), ("\\※0.0%", 0.5, None),
    ('#,##0,"千円"', 5000, None), ("0.00E+00", 5, None), ("# ?/?", 0.5, None), ("[h]:mm:ss", 1, None),
    ("#,##0;[Red]-#,##0", -5, None), ("[DBNum1]General", 12, None), ("0;0;0;@", "文", None),
    (ACCOUNTING, 0, None), (ACCOUNTING, 5, None), (ACCOUNTING, "文", None),  # a zero shown 「-」 is a zero
    ('#,##0;▲#,##0;"-"', 0, None), ("#,##0;-#,##0;", 0, None),              # …and one shown blank
    (YEN_ACCOUNTING, 0, None), (DOLLAR_ACCOUNTING, 0, None), ('#,##0"円";-#,##0"円";"-円"', 0, None),  # 「¥ -」 too
    ('"¥"#,##0;"¥"\\-#,##0;"¥"', 0, "¥"),  # a currency sign alone is no figure
    ('"TRUE";"TRUE";"FALSE"', True, None),  # LibreOffice's format of a typed TRUE: the truth value it holds
    ('"計画どおり"', "文", None),             # a format of one section shows a text as it is
    (";;;", "文", ""), (";;;", 5, ""), ("0;;0", -5, ""),
    (";;;", 0, None),  # a zero shown blank, as 「#,##0;-#,##0;」 shows it: a zero
    ('"計画どおり"', 5, "計画どおり"), ('0;0;0;"A 計画どおり"', "C", "A 計画どおり"),
    ('0;0;"A 計画どおり"', 0, "A 計画どおり"), ('[>100]"多い";0', 500, "多い"), ('[>100]"多い";0', 50, None),
    ('[<0]"赤字";[=0]"なし";0', 0, "なし"), ('[<0]"赤字";[=0]"なし";0', 7, None),
    ('"TRUE";"TRUE";"FALSE"', 5, "TRUE"),   # a number typed over LibreOffice's truth value format
    # a negative section with no sign of its own shows a negative number as a positive one (as LibreOffice converts it)
    ("0;0", -500000, "500000"), ("#,##0;#,##0", -500000, "500,000"), ("0;0;0", -5, "5"), ("0;[Black]0", -5, "5"),
    ("[Red]0;[Red]0", -5, "5"), ('#,##0"円";#,##0"円"', -500, "500円"), ("0.0%;0.0%", -0.5, "50.0%"),
    ("#,##0;#,##0", 500000, None), ("#,##0;#,##0", 0, None),  # …a positive one or a zero is what it shows
    ("#,##0;[Red]#,##0", -5, None), ('#,##0;"△"#,##0', -5, None), ("#,##0;▲#,##0", -5, None),  # signed: red, △, ▲
    ('#,##0;"マイナス"#,##0', -5, None), ("#,##0_);(#,##0)", -5, None),
    # 「ー」 is a minus just before the digits, a letter in a word; one colour written two ways is no colour of its own
    ('#,##0;"ー"#,##0', -5, None), ('0;"ケース"0', -5, "ケース5"), ("[Red]0;[赤]0", -5, "5"), ("0;[黒]0", -5, "5"),
    ("[色10]0;[Color10]0", -5, "5"), ("[Color3]0;[Red]0", -5, "5"), ("0;[Color10]0", -5, None),
    # a format scaled by thousands with no word saying so shows 5,000,000 as 「5,000」; 「#,##0,"千円"」 says it
    ("#,##0,", 5000000, "5,000"), ("#,##0,", 400, "0"), ("0.0,,", 5500000, "5.5"), ("#,##0,;(#,##0,)", -5000000, "(5,000)"),
    ("#,##0,", 0, None), ('#,##0,"千円"', 5000000, None), ('0.0,,"百万円"', 5500000, None),
    # a last section of two or three with @ is the text section (a text section is always the last): 「#,##0;@」 shows
    # every number by its first section, -500,000 as 「-500,000」 (LibreOffice and Excel); 「0;0;@」 has a negative one
    ("#,##0;@", -500000, None), ("0%;@", -0.5, None), ("#,##0,;@", -5000000, "-5,000"), ("0;0;@", -5, "5"),
    ("0;@", "文", None),
]


@pytest.mark.parametrize("code, value, shown", SHOWN)
def test_what_a_format_shows_instead_of_the_value(code, value, shown):
    assert shown_instead(code, value) == shown
    if shown is not None:
        assert may_show_otherwise(code)


@pytest.mark.parametrize("code", ["General", "", "0", "#,##0", "0.0%", "@", "yyyy/m/d", 'm"月"d"日"', "\\※0.0%",
                                  "#,##0.###", "#,##0 ;(#,##0)", '"¥"#,##0;"¥"\\-#,##0', "[$-F800]dddd, mmmm dd, yyyy",
                                  # the negatives Japanese Excel offers: red, △, ▲ (and a red one as written in Japanese)
                                  "#,##0;[Red]#,##0", "#,##0;[赤]#,##0", '#,##0;"△"#,##0', '#,##0;"▲"#,##0',
                                  "#,##0_);[Red](#,##0)", "#,##0;[Red]-#,##0",
                                  # a text section after the number's: Japanese Excel's dates (「yyyy/m/d;@」) and any
                                  "yyyy/m/d;@", 'yyyy"年"m"月"d"日";@', "[$-411]ge.m.d;@", "#,##0;@", "0.0%;@"])
def test_the_usual_formats_are_never_looked_at(code):
    assert not may_show_otherwise(code)


CASES = [  # (item, label, format, value typed with it or None for the valid answer)
    (0, "取組実績", ";;;", None, "何も表示されません"),
    (0, "進捗状況", '0;0;0;"A 計画どおり"', "C", "「A 計画どおり」と表示されます"),
    (1, "財政効果額（円）", '[>100]"多い";0', 500, "「多い」と表示されます"),
    (1, "課題・今後の方針", '"計画どおり"', 5, "「計画どおり」と表示されます"),
]


def test_a_cell_shown_otherwise_is_named_and_not_read(plan, tmp_path):
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    wb = openpyxl.load_workbook(source)
    ws = wb[layout.SHEET_ITEMS]
    where = {}
    for i, label, code, value, said in CASES:
        ref = craft.cell_of(wb, layout.SHEET_ITEMS, items[i].id, label)
        ws[ref].number_format = code
        if value is not None:
            ws[ref].value = value
        where[ref] = (items[i].id, label, code, ws[ref].value, said)
    # the silent ones beside them: a percent and a date format on a free text's number read as shown, a zero as 「-」
    silent = {craft.cell_of(wb, layout.SHEET_ITEMS, items[2].id, "取組実績"): ("0%", 12),
              craft.cell_of(wb, layout.SHEET_ITEMS, items[2].id, "財政効果額（円）"): (ACCOUNTING, 0)}
    for ref, (code, value) in silent.items():
        ws[ref].number_format, ws[ref].value = code, value
    wb.save(tmp_path / f"{SECTION}.xlsx")
    result = read_return(tmp_path / f"{SECTION}.xlsx", plan, 2026)
    assert result.status == FileStatus.REJECTED
    found = {p.cell: p for p in result.problems}
    assert {(p.code, p.sheet, p.cell) for p in result.problems} == {("F042", layout.SHEET_ITEMS, ref) for ref in where}
    answered = {a.cell: a for a in result.answers if a.sheet == layout.SHEET_ITEMS}
    for ref, (_id, _label, code, value, said) in where.items():
        assert said in found[ref].message and f"「{code}」" in found[ref].message and f"「{value}」" in found[ref].message
        assert answered[ref].value is None  # never recorded as what no one saw
    assert answered[next(iter(silent))].value == "1200%"
    assert answered[list(silent)[1]].value == 0


def test_a_date_written_as_such_in_a_cell_of_no_date_format_is_named_as_its_day_number(plan, tmp_path):
    """「2026-05-01」 written as a date (``t="d"``, as a tool may) in a free-text cell of the General format: Excel and
    LibreOffice show its day number 46143, merge recorded 「2026年5月1日」. Named at the cell (F042), not read; a date
    written so in a cell with a date format (openpyxl's own, for a date) is read as before."""
    import datetime as dt
    import re

    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    wb = openpyxl.load_workbook(source)
    plain, dated = (craft.cell_of(wb, layout.SHEET_ITEMS, item.id, "取組実績") for item in items[:2])
    wb[layout.SHEET_ITEMS][dated] = dt.datetime(2026, 5, 1)  # openpyxl gives it a date format
    wb.save(tmp_path / "dated.xlsx")

    def change(xml: bytes) -> bytes:
        for ref, keep_style in ((plain, False), (dated, True)):
            m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
            style = re.search(rb's="(\d+)"', m["attrs"]) if keep_style else None
            tag = f'<c r="{ref}"' + (f' s="{style[1].decode()}"' if style else "") + ' t="d"><v>2026-05-01T00:00:00</v></c>'
            xml = xml[:m.start()] + tag.encode() + xml[m.end():]
        return xml
    target = craft.rezip(tmp_path / "dated.xlsx", tmp_path / f"{SECTION}.xlsx",
                         {craft.sheet_part(source, layout.SHEET_ITEMS): change})
    result = read_return(target, plan, 2026)
    assert [(p.code, p.cell) for p in result.problems] == [("F042", plain)]
    assert "「46143」と表示されます" in result.problems[0].message and "「2026/5/1」" in result.problems[0].message
    answered = {a.cell: a.value for a in result.answers if a.sheet == layout.SHEET_ITEMS}
    assert answered[plain] is None and answered[dated] is not None


def test_a_negative_figure_shown_without_its_sign_is_named_and_not_read(plan, tmp_path):
    """A 財政効果額 of -500,000 typed under 「#,##0;#,##0」 and a 実績値 of -12 under 「0;0」: each cell shows the figure
    unsigned (「500,000」, 「12」), as a saving and a count the section's chief approved; merge read the negative value.
    Named at the cell (F042), not read; the same under Japanese Excel's own negatives (red, 「△」, 「▲」) is read and said
    as a negative (V006), and a positive figure under 「#,##0;#,##0」 is read as usual."""
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items, kpi = plan.items_for(SECTION), plan.kpis_for(SECTION, 2026)[0]
    wb = openpyxl.load_workbook(source)
    yen = [craft.cell_of(wb, layout.SHEET_ITEMS, item.id, "財政効果額（円）") for item in items[:4]]
    actual = craft.cell_of(wb, layout.SHEET_KPI, kpi.id, layout.kpi_label("actual"))
    typed = {(layout.SHEET_ITEMS, yen[0]): ("#,##0;#,##0", -500000), (layout.SHEET_KPI, actual): ("0;0", -12),
             (layout.SHEET_ITEMS, yen[1]): ("#,##0;[Red]#,##0", -500000), (layout.SHEET_ITEMS, yen[2]): ('#,##0;"△"#,##0', -500000),
             (layout.SHEET_ITEMS, yen[3]): ("#,##0;#,##0", 500000)}
    for (sheet, ref), (code, value) in typed.items():
        wb[sheet][ref].number_format, wb[sheet][ref].value = code, value
    wb.save(tmp_path / f"{SECTION}.xlsx")
    result = read_return(tmp_path / f"{SECTION}.xlsx", plan, 2026)
    said = {(p.sheet, p.cell): p for p in result.problems}
    assert sorted((p.code, p.cell) for p in result.problems) == sorted(
        [("F042", yen[0]), ("F042", actual), ("V006", yen[1]), ("V006", yen[2])])
    assert "「500,000」と表示されます" in said[(layout.SHEET_ITEMS, yen[0])].message
    assert "「-500000」" in said[(layout.SHEET_ITEMS, yen[0])].message
    assert "「12」と表示されます" in said[(layout.SHEET_KPI, actual)].message
    answered = {(a.sheet, a.cell): a.value for a in result.answers}
    assert answered[(layout.SHEET_ITEMS, yen[0])] is None and answered[(layout.SHEET_KPI, actual)] is None
    assert answered[(layout.SHEET_ITEMS, yen[3])] == 500000


def test_a_negative_figure_under_a_format_with_a_text_section_is_read_as_shown(plan, tmp_path):
    """A 実績値 of -12 under 「#,##0;@」 (a number's section and a text section): LibreOffice and Excel show 「-12」, the
    negative figure by the first section. merge said F042 「12」と表示されます, as if 「@」 were a negative section; it is
    read as under General: 「-12」 (V004: a count is not negative), never said to show 「12」."""
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    kpi = plan.kpis_for(SECTION, 2026)[0]
    said = {}
    for code in ("General", "#,##0;@"):
        wb = openpyxl.load_workbook(source)
        actual = craft.cell_of(wb, layout.SHEET_KPI, kpi.id, layout.kpi_label("actual"))
        wb[layout.SHEET_KPI][actual].number_format, wb[layout.SHEET_KPI][actual].value = code, -12
        wb.save(tmp_path / f"{SECTION}.xlsx")
        said[code] = [(p.code, p.cell, p.message) for p in read_return(tmp_path / f"{SECTION}.xlsx", plan, 2026).problems]
    assert said["#,##0;@"] == said["General"]
    assert [(code, cell) for code, cell, _ in said["General"]] == [("V004", actual)] and "「-12」" in said["General"][0][2]


def test_a_number_cell_of_no_finite_number_is_quoted_as_libreoffice_shows_it(plan, tmp_path):
    """A 実績値 of 「inf」, a 取組実績 of 「1e999」 and a 内線 of 「NaN」 written in number cells (no spreadsheet writes them):
    calamine reads ∞ and NaN, LibreOffice shows 0, 「INF」 and 「NaN」. Each is refused at its cell (V026) quoting what the
    cell holds and what LibreOffice shows — never 「∞」, which no one saw, and the 取組実績 and 内線 not recorded as
    「∞」 and 「（数値として無効な値）」."""
    import re

    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    wb = openpyxl.load_workbook(source)
    kpi, item = plan.kpis_for(SECTION, 2026)[0], plan.items_for(SECTION)[0]
    actual = craft.cell_of(wb, layout.SHEET_KPI, kpi.id, layout.kpi_label("actual"))
    result_cell = craft.cell_of(wb, layout.SHEET_ITEMS, item.id, "取組実績")
    ws = wb[layout.SHEET_ITEMS]
    extension = next(c.coordinate for row in ws.iter_rows() for c in row if c.value == craft.RESPONDENT["内線"])

    def numbers(cells: dict[str, str]):
        def change(xml: bytes) -> bytes:
            for ref, text in cells.items():
                m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
                style = re.search(rb's="(\d+)"', m["attrs"])
                xml = (xml[:m.start()] + f'<c r="{ref}" s="{style[1].decode()}"><v>{text}</v></c>'.encode()
                       + xml[m.end():])
            return xml
        return change
    target = craft.rezip(source, tmp_path / f"{SECTION}.xlsx", {
        craft.sheet_part(source, layout.SHEET_KPI): numbers({actual: "inf"}),
        craft.sheet_part(source, layout.SHEET_ITEMS): numbers({result_cell: "1e999", extension: "NaN"})})
    result = read_return(target, plan, 2026)
    said = {p.cell: p.message for p in result.problems}
    assert sorted((p.code, p.cell) for p in result.problems) == sorted(
        [("V026", actual), ("V026", result_cell), ("V026", extension)])
    assert "「inf」があり、LibreOffice では「0」と表示されます" in said[actual]
    assert "「1e999」があり、LibreOffice では「INF」と表示されます" in said[result_cell]
    assert "「NaN」があり、LibreOffice では「NaN」と表示されます" in said[extension]
    assert not any("∞" in m for m in said.values())
    answered = {a.cell: (a.value, a.raw) for a in result.answers}
    assert answered[actual][0] is None and answered[result_cell] == (None, None) and answered[extension] == (None, None)


@pytest.mark.parametrize("value_tag", ["<v >", '<v xml:space="preserve">', "<v\n>",
                                       '<x:v xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" a=\'1\'>'])
def test_a_no_finite_number_in_a_value_with_attributes_is_refused_too(plan, tmp_path, value_tag):
    """The same 「inf」 and 「1e999」 in a <v> written with an attribute or a space before its 「>」 (or a prefix, its end tag
    to match): calamine reads ∞ all the same, and LibreOffice (converted to CSV) shows 0 and 「INF」 all the same. The
    search for such a value looked only at a <v> written 「<v>」: the 取組実績 was recorded as 「∞」 and the file accepted."""
    import re

    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    wb = openpyxl.load_workbook(source)
    kpi, item = plan.kpis_for(SECTION, 2026)[0], plan.items_for(SECTION)[0]
    actual = craft.cell_of(wb, layout.SHEET_KPI, kpi.id, layout.kpi_label("actual"))
    result_cell = craft.cell_of(wb, layout.SHEET_ITEMS, item.id, "取組実績")
    end_tag = "</x:v>" if value_tag.startswith("<x:") else "</v>"

    def number(ref: str, text: str):
        def change(xml: bytes) -> bytes:
            m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
            style = re.search(rb's="(\d+)"', m["attrs"])
            return (xml[:m.start()] + f'<c r="{ref}" s="{style[1].decode()}">{value_tag}{text}{end_tag}</c>'.encode()
                    + xml[m.end():])
        return change
    target = craft.rezip(source, tmp_path / f"{SECTION}.xlsx", {
        craft.sheet_part(source, layout.SHEET_KPI): number(actual, "inf"),
        craft.sheet_part(source, layout.SHEET_ITEMS): number(result_cell, "1e999")})
    result = read_return(target, plan, 2026)
    said = {p.cell: p.message for p in result.problems}
    assert sorted((p.code, p.cell) for p in result.problems) == sorted([("V026", actual), ("V026", result_cell)])
    assert "「inf」があり、LibreOffice では「0」と表示されます" in said[actual]
    assert "「1e999」があり、LibreOffice では「INF」と表示されます" in said[result_cell]
    answered = {a.cell: (a.value, a.raw) for a in result.answers}
    assert answered[actual][0] is None and answered[result_cell] == (None, None)
    assert not any("∞" in str(a.value) + str(a.raw) for a in result.answers)


def test_a_yen_shown_by_thousands_or_as_a_percentage_is_not_read_as_the_cell_holds_it(plan, tmp_path):
    """財政効果額 5,000,000 under 「#,##0,」 shows 「5,000」 (no 千円 said): merge recorded 5,000,000 円 of a cell the
    section saw as 5,000 — F042. 12 under 「0%」 shows 「1200%」, no amount of yen: merge recorded 12 円 — now V006 quoting
    「1200%」. Under 「#,##0,"千円"」 the cell says its unit (「5,000千円」): read as 5,000,000 円, silent."""
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    items = plan.items_for(SECTION)
    wb = openpyxl.load_workbook(source)
    yen = [craft.cell_of(wb, layout.SHEET_ITEMS, item.id, "財政効果額（円）") for item in items[:3]]
    for ref, code, value in zip(yen, ("#,##0,", "0%", '#,##0,"千円"'), (5000000, 12, 5000000)):
        wb[layout.SHEET_ITEMS][ref].number_format, wb[layout.SHEET_ITEMS][ref].value = code, value
    wb.save(tmp_path / f"{SECTION}.xlsx")
    result = read_return(tmp_path / f"{SECTION}.xlsx", plan, 2026)
    assert sorted((p.code, p.cell) for p in result.problems) == [("F042", yen[0]), ("V006", yen[1])]
    said = {p.cell: p.message for p in result.problems}
    assert "「5,000」と表示されます" in said[yen[0]] and "「5000000」" in said[yen[0]]
    assert "「1200%」" in said[yen[1]]
    answered = {a.cell: a.value for a in result.answers if a.sheet == layout.SHEET_ITEMS}
    assert answered[yen[0]] is None and answered[yen[1]] is None and answered[yen[2]] == 5000000


# a cell of no type (a number's: 「<c r="G5" s="15"><v>hello</v></c>」) holding what calamine reads, value → refused. What
# LibreOffice shows of each (converted to CSV): 0, 12, 12, 1, 0, 0, 2027, 0 (the number its first characters make, or 0),
# calamine the text as it is (「1,000」 read as 1,000 円 where 「1」 was seen); 1e5, .5, +3 it reads as numbers, as shown
UNTYPED = [("hello", True), ("12abc", True), (" 12 ", True), ("1,000", True), ("0x10", True), ("１２", True),
           ("2027-05-28T00:00:00", True), ("TRUE", True), ("1e5", False), (".5", False), ("+3", False), ("", False)]
# how the cell and its <v> are written: attributes in either order and quote, a <v> with an attribute, prefixed names
UNTYPED_FORMS = [('<c r="{ref}" s="{s}">', "<v>", "</v>", "</c>"),
                 ("<c s='{s}'  r='{ref}'>", '<v xml:space="preserve">', "</v>", "</c>"),
                 ('<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="{ref}" s="{s}">', "<x:v>",
                  "</x:v>", "</x:c>"),
                 # a comment or a processing instruction before its <v>: calamine and LibreOffice pass over it
                 # (LibreOffice showed 0, checked by CSV; 「hello」 was recorded)
                 ('<c r="{ref}" s="{s}"><!-- 入力 - 値 -->', "<v>", "</v>", "</c>"),
                 ('<c r="{ref}" s="{s}">\n  <?x y?> ', "<v>", "</v>", "</c>")]


@pytest.mark.parametrize("form", UNTYPED_FORMS)
def test_a_text_in_a_cell_of_no_type_is_refused_as_in_a_number_cell(plan, tmp_path, form):
    """「hello」 in a cell with no type attribute (a number's cell, as Excel and LibreOffice take it): calamine read the
    text and merge recorded 「hello」, while LibreOffice shows 0 (and 「1,000」 as 1, 「12abc」 as 12). Refused at its cell
    as the same value in a ``t="n"`` cell is (V026, 「数値のセルに数値でない「hello」」) and not recorded; a number written
    so (1e5, .5, +3) and an empty value are read as before."""
    import re

    start, value_tag, value_end, end = form
    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    wb = openpyxl.load_workbook(source)
    labels = ("取組実績", "財政効果額（円）", "課題・今後の方針")
    refs = [craft.cell_of(wb, layout.SHEET_ITEMS, item.id, label) for item in plan.items_for(SECTION) for label in labels]
    placed = dict(zip(refs, UNTYPED, strict=False))
    assert len(placed) == len(UNTYPED)

    def untyped(xml: bytes) -> bytes:
        for ref, (text, _refused) in placed.items():
            m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
            s = re.search(rb's="(\d+)"', m["attrs"])[1].decode()
            cell = start.format(ref=ref, s=s) + value_tag + text + value_end + end
            xml = xml[:m.start()] + cell.encode() + xml[m.end():]
        return xml
    target = craft.rezip(source, tmp_path / f"{SECTION}.xlsx", {craft.sheet_part(source, layout.SHEET_ITEMS): untyped})
    result = read_return(target, plan, 2026)
    refused = {ref for ref, (_text, refused) in placed.items() if refused}
    assert sorted((p.code, p.cell) for p in result.problems if p.code == "V026") == sorted(("V026", r) for r in refused)
    said = {p.cell: p.message for p in result.problems}
    answered = {a.cell: a.value for a in result.answers if a.sheet == layout.SHEET_ITEMS}
    for ref, (text, is_refused) in placed.items():
        if is_refused:
            assert f"数値のセルに数値でない「{text}」" in said[ref]
            assert answered[ref] is None  # never recorded as the text no one saw
        else:
            assert ref not in said or "数値" not in said[ref]
    # 1e5 in a 課題・今後の方針, .5 in a 取組実績, +3 in a 財政効果額 (as calamine reads them), the empty value a blank
    assert [answered[ref] for ref in refs[8:12]] == ["100000", "0.5", 3, None]


@pytest.mark.parametrize("value", ["hello", "inf"])
def test_a_cell_shown_otherwise_with_no_place_of_its_own_leaves_its_sheet_unread(plan, tmp_path, value):
    """「hello」 (or 「inf」) in a cell of no type written without its place (no ``r``: it is where the row's cells
    before it end, for calamine and LibreOffice alike). Such a cell is refused at its place when it has one (above);
    without one, the sheet could not be rewritten without it, and calamine's 「hello」 (∞) was recorded where
    LibreOffice shows 0. The sheet is not read (F041, naming the cell by what it lacks) and nothing of it recorded."""
    import re

    source = craft.filled(plan, 2026, SECTION, tmp_path, "filled.xlsx")
    wb = openpyxl.load_workbook(source)
    ref = craft.cell_of(wb, layout.SHEET_ITEMS, plan.items_for(SECTION)[0].id, "取組実績")

    def unplaced(xml: bytes) -> bytes:
        m = re.search(rb'<c r="' + ref.encode() + rb'"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)', xml, flags=re.S)
        s = re.search(rb's="(\d+)"', m["attrs"])[1]
        return xml[:m.start()] + b'<c s="' + s + b'"><v>' + value.encode() + b"</v></c>" + xml[m.end():]
    target = craft.rezip(source, tmp_path / f"{SECTION}.xlsx", {craft.sheet_part(source, layout.SHEET_ITEMS): unplaced})
    result = read_return(target, plan, 2026)
    unread = [p for p in result.problems if p.code == "F041" and p.sheet == layout.SHEET_ITEMS]
    assert len(unread) == 1 and "場所（r 属性）の書かれていないセル" in unread[0].message
    assert f"「{value}」" in unread[0].message
    assert not [a for a in result.answers if a.sheet == layout.SHEET_ITEMS and a.value is not None]
    assert not any(a.value in (value, math.inf) for a in result.answers)
