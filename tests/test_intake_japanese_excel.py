"""What Japanese Excel stores in a cell as it is typed, read as the section saw it.

Japanese Excel turns what is typed into a number under a format of its own, and writes many of those formats by
their built-in id alone, with no ``<numFmt>`` naming the code (ECMA-376 Part 1 §18.8.30: the ja-JP dates 27–36 and
50–58 — 「R8.4.1」 typed is 46113 under 57 ``[$-411]ge.m.d``, 「令和8年4月1日」 under 58, 「4月1日」 a day of the year it is
typed in under 56 ``m"月"d"日"`` —; the ¥ formats 5–8 of 「¥1,000」 typed, and the accounting formats 41–44 of its 通貨
表示形式 button and cell styles, are the locale's own: ``"¥"#,##0;"¥"\\-#,##0``, ``_ "¥"* #,##0_ ;_ "¥"* \\-#,##0_ ;_ "¥"*
"-"_ ;_ @_ `` — LibreOffice's own table of them, sc/source/filter/oox/numberformatsbuffer.cxx, maps 52 to 34 and 53 to
35). calamine reads 27–36 and 50–58 as dates. Each cell here is built as Excel stores it (the value and the built-in
id, tests/intake_craft.py ``builtin_formats``) and read back: a free-text cell records the text it showed, a number
field reads the number, or refuses the date it showed, quoting it as shown; a zero the accounting format shows as
「¥ -」 is a zero, silently.
"""

from __future__ import annotations

import pytest

import intake_craft as craft
from reform_xlsx.form import layout
from reform_xlsx.intake import read_return

ITEMS, KPI = layout.SHEET_ITEMS, layout.SHEET_KPI
SECTION = "財政課"  # 10 items; K09 (施設) and K12 (枚): counts
APRIL_1 = 46113  # 2026-04-01 (令和8年4月1日) as Excel stores it
YEN_ACCOUNTING = '_ "¥"* #,##0_ ;_ "¥"* \\-#,##0_ ;_ "¥"* "-"_ ;_ @_ '  # 42 as Japanese Excel writes it with its code

# A free-text cell (取組実績・課題・今後の方針) holding what Excel made of the typing: (value, numFmtId) → the text it shows
TEXT = {
    (APRIL_1, 14): "2026/4/1",  # 「2026/4/1」「8/4/1」 typed
    (APRIL_1, 27): "R8.4.1", (APRIL_1, 36): "R8.4.1", (APRIL_1, 50): "R8.4.1", (APRIL_1, 57): "R8.4.1",  # 「R8.4.1」
    (APRIL_1, 28): "令和8年4月1日", (APRIL_1, 29): "令和8年4月1日", (APRIL_1, 51): "令和8年4月1日",
    (APRIL_1, 54): "令和8年4月1日", (APRIL_1, 58): "令和8年4月1日",  # 「令和8年4月1日」
    (APRIL_1, 30): "4/1/26", (APRIL_1, 31): "2026年4月1日",  # 「2026年4月1日」
    (APRIL_1, 34): "2026年4月", (APRIL_1, 52): "2026年4月", (APRIL_1, 55): "2026年4月",  # 「2026年4月」
    (APRIL_1, 35): "4月1日", (APRIL_1, 53): "4月1日", (APRIL_1, 56): "4月1日",  # 「4月1日」
    (1000, 5): "¥1,000", (-1000, 5): "¥-1,000", (-1000, 6): "¥-1,000",  # 「¥1,000」 typed
    (1000.5, 7): "¥1,000.50", (1000, 8): "¥1,000.00",
    (1000, 41): "1,000", (-1000, 41): "-1,000", (1000, 42): "¥1,000", (-1000, 42): "¥-1,000",  # 通貨表示形式
    (1000, 43): "1,000.00", (1000.5, 44): "¥1,000.50",
    (1000, YEN_ACCOUNTING): "¥1,000",
    (-1000, 37): "-1,000", (-1000, 38): "-1,000", (-1000.5, 39): "-1,000.50", (-1000, 40): "-1,000.00",  # no 「(1,000)」
}

# A number field holding what Excel made of the typing: (sheet, value, numFmtId) → (value read, code, the words
# that quote it)
NUMBER = {
    (ITEMS, 1000, 5): (1000, None, None), (ITEMS, 1000, 6): (1000, None, None),  # 「¥1,000」: 1,000 円
    (ITEMS, 1500000, 42): (1500000, None, None),
    (ITEMS, 0, 41): (0, None, None), (ITEMS, 0, 42): (0, None, None),  # a zero shown 「-」「¥ -」: none
    (ITEMS, 0, 43): (0, None, None), (ITEMS, 0, 44): (0, None, None),
    (ITEMS, 0, YEN_ACCOUNTING): (0, None, None),
    (ITEMS, -100, 6): (None, "V006", "「¥-100」は"),  # 「¥-100」, as it shows: a cost, never an effect
    (ITEMS, APRIL_1, 52): (None, "V024", "の「2026年4月」になって"), (ITEMS, APRIL_1, 53): (None, "V024", "の「4月1日」になって"),
    (ITEMS, APRIL_1, 56): (None, "V024", "の「4月1日」になって"), (ITEMS, APRIL_1, 57): (None, "V024", "の「R8.4.1」になって"),
    (ITEMS, APRIL_1, 58): (None, "V024", "の「令和8年4月1日」になって"),
    (KPI, 0, 42): (0, None, None), (KPI, 0, YEN_ACCOUNTING): (0, None, None),
}


def _cells(plan, tmp_path, name: str, table: dict, places: list[tuple[str, str, str]]) -> dict:
    """``table``'s cases, each stored at the next of ``places`` ((sheet, row ID, header label)) of one returned form,
    read back: case → (the answer's value and raw text, the problems at its cell)."""
    source = craft.filled(plan, 2026, SECTION, tmp_path / "work")
    wb = craft.openpyxl.load_workbook(source)
    at = {case: (sheet, row, craft.cell_of(wb, sheet, row, label)) for case, (sheet, row, label) in zip(table, places)}
    assert len(at) == len(table)
    cells = {(sheet, ref): (case[-2], case[-1]) for case, (sheet, _row, ref) in at.items()}
    result = read_return(craft.builtin_formats(source, tmp_path / name, cells), plan, 2026)
    answers = {(a.sheet, a.cell): (a.value, a.raw) for a in result.answers}
    return {case: (answers[(sheet, ref)], [(p.code, p.message) for p in result.problems if (p.sheet, p.cell) == (sheet, ref)])
            for case, (sheet, _row, ref) in at.items()}


@pytest.fixture(scope="module")
def texts(plan, tmp_path_factory):
    items = [i.id for i in plan.items_for(SECTION)]
    places = [(ITEMS, i, label) for label in ("取組実績", "課題・今後の方針") for i in items]
    cases = list(TEXT)
    found = {}
    for n in range(0, len(cases), len(places)):
        chunk = {case: TEXT[case] for case in cases[n:n + len(places)]}
        found |= _cells(plan, tmp_path_factory.mktemp("ja-text"), f"{SECTION}_{n}.xlsx", chunk, places)
    return found


def _id(number_format: int | str) -> str:
    return {YEN_ACCOUNTING: "yen-accounting"}.get(number_format, str(number_format))


@pytest.mark.parametrize("case", list(TEXT), ids=[f"{v}@{_id(f)}" for v, f in TEXT])
def test_a_free_text_cell_records_what_japanese_excel_showed(texts, case):
    (value, raw), problems = texts[case]
    assert (value, raw, problems) == (TEXT[case], TEXT[case], [])


@pytest.fixture(scope="module")
def numbers(plan, tmp_path_factory):
    items = [i.id for i in plan.items_for(SECTION)]
    places = {ITEMS: [(ITEMS, i, "財政効果額（円）") for i in items],
              KPI: [(KPI, k.id, "実績値") for k in plan.kpis_for(SECTION)]}
    found = {}
    for sheet in (ITEMS, KPI):
        cases = [case for case in NUMBER if case[0] == sheet]
        for n in range(0, len(cases), len(places[sheet])):
            chunk = {case: NUMBER[case] for case in cases[n:n + len(places[sheet])]}
            found |= _cells(plan, tmp_path_factory.mktemp("ja-number"), f"{SECTION}_{n}.xlsx", chunk, places[sheet])
    return found


@pytest.mark.parametrize("case", list(NUMBER), ids=[f"{'KPI' if s == KPI else 'effect'}:{v}@{_id(f)}" for s, v, f in NUMBER])
def test_a_number_field_reads_what_japanese_excel_stored(numbers, case):
    value, code, quoted = NUMBER[case]
    (read, _raw), problems = numbers[case]
    assert read == value
    assert [c for c, _m in problems] == ([code] if code else [])
    if quoted:
        assert quoted in problems[0][1]
