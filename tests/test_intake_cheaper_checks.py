"""The reader's cheaper forms of its checks give the answers of the checks they stand for (issue 10: the same work,
for less). A hint looked for first is part of every match of its pattern; a pattern's plain form (no prefixed element
name, 「<c」 not 「<x:c」) matches where the pattern does in a sheet without such names; NFKC and the parts worked
out once per form are the ones worked out each time. Each table holds what Excel, LibreOffice and openpyxl write, and
what a hostile sender could."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from reform_xlsx.intake import cells, safety
from reform_xlsx.intake import workbook_reader as wr
from reform_xlsx.intake.master_reader import _EverySheet

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def sheet(body: str, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' if prefix else NS
    return f'<{p}worksheet {xmlns}><{p}sheetData>{body}</{p}sheetData></{p}worksheet>'.encode()


SHEETS = [
    sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3"><v>1.5</v></c></row>'),  # Excel
    sheet('<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve">a </t></is></c><c r="B10" t="inlineStr"/></row>'),
    sheet('<row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c></row>', "x"),  # Strict, prefixed
    sheet('<row r="1"><c r="A1" t="b"><v>true</v></c></row>'),
    sheet("<row r='1'><c r='A1' t = ' b ' ><v>1</v></c></row>"),
    sheet('<row r="1"><c r="A1" t="s"><v>-1</v></c><c r="A2" t="s"><v> 1</v></c></row>'),
    sheet('<row r="1"><c r="A1" t="s" t="s"><v>x</v></c></row>'),
    sheet('<row r="1"><c r="A1"><v>inf</v></c><c r="A2"><v>1e999</v></c><c r="A3"><v>NaN</v></c></row>'),
    sheet('<row r="1"><c r="A1"><x:v>inf</x:v></c></row>'),
    sheet('<row r="1"><c r="A1"><v xml:space="preserve">inf</v></c><c r="A2"><v >1e999</v></c></row>'),
    sheet(f'<row r="1"><c r="A1"><v>{"9" * 400}</v></c></row>'),
    sheet('<row r="1"><c r="A1" t="d"><v>2026-05-01</v></c><c r="A2" t="e"><v>#N/A</v></c></row>'),
    sheet('<row r="1"><c r="A1" vt="d" s="d"><v>1</v></c><c r="A2" t="de"><v>1</v></c></row>'),
    sheet('<row r="1"><c r="A1"><v>12<!-- -->34</v></c><c r="A2"><v>1<b/>2</v></c><c r="A3"><v>a&amp;b</v></c></row>'),
    sheet('<row r="1"><c r="A1"><v>1</v><v>2</v></c><c r="A2" t="n"><is><t>x</t></is></c></row>'),
    sheet('<row r="1"><c r="A1"><v a="1">1</v></c><c r="A2"><v/></c><x:c r="A3"><x:v>1<b/></x:v></x:c></row>', "x"),
    sheet('<row r="1"><c r="A1" t="inlineStr" x="t=&quot;inlineStr&quot;"><is><t>a</t></is></c></row>'),
    sheet('<row r="1"><c r="A1" s="8"/><c s="015" r="B1"/><c.x r="C1" s="8"/><cc r="D1" s="8"/></row>'),
    sheet('<row r="1"><ab:c r="A1" s="16"/><c r="B1"\ts="18"/></row><row/><row\nr="3"/>'),
    sheet('<conditionalFormatting sqref="A1"><cfRule type="expression" dxfId="0"/></conditionalFormatting>'),
    sheet('<row r="1"><c r="A1" t="str"><f>A2</f><v>1</v></c></row>'),
    # a text in a cell of no type (and the texts of typed cells beside numbers of no type, as Excel and LibreOffice write)
    sheet('<row r="5"><c r="G5" s="15"><v>hello</v></c><c r="H5"><v>12abc</v></c></row>'),
    sheet("<row r='1'><c s='3'  r='A1'><v xml:space='preserve'> 12 </v></c><c r=\"A2\" xt=\"s\"><v>1,000</v></c></row>"),
    sheet('<row r="1"><x:c r="A1" s="3"><x:v>１２</x:v></x:c></row>', "x"),
    sheet('<row r="1"><c r="A1" t="str"><v>hello</v></c><c r="A2" t="e"><v>#N/A</v></c><c r="A3" s="2"><v>0</v></c>'
          '<c r="A4" t="d"><v>2027-05-28T00:00:00</v></c><c r="A5" t="s"><v>0</v></c><c r="A6"><v>-1.5E-3</v></c>'
          '<c r="A7" t = "str"><v>x</v></c><c r="A8"><f>A1</f><v></v></c><c r="A9"/><v>x</v></row>'),
]


@pytest.mark.parametrize("xml", SHEETS)
def test_a_hint_first_gives_the_patterns_answer(xml):
    alone = any(p.search(xml) is not None for p in (wr._BOOLEAN_TYPE, wr._ODD_STRING_INDEX, wr._NON_FINITE, wr._UNTYPED_TEXT))
    assert wr._may_be_refused(xml) is alone
    assert wr._hinted(xml, wr._DATE_TYPE_HINT, wr._DATE_TYPE) is (wr._DATE_TYPE.search(xml) is not None)
    assert wr._hinted(xml, wr._ERROR_TYPE_HINT, wr._ERROR_TYPE) is (wr._ERROR_TYPE.search(xml) is not None)


@pytest.mark.parametrize("xml", SHEETS)
def test_a_plain_form_matches_where_its_pattern_does(xml):
    tags = wr._CELL_OR_ROW.findall(xml)
    assert wr._cells_and_rows(xml) == (tags.count(b"c"), len(tags) - tags.count(b"c"))
    if not wr._unprefixed(xml):
        return
    for pattern, plain in (*wr._PLAIN.items(), (wr._UNTYPED_TEXT, wr._PLAIN_UNTYPED_TEXT)):
        assert [m.span() for m in plain.finditer(xml)] == [m.span() for m in pattern.finditer(xml)]
    for styles in ({8, 15, 16, 18}, {3}, set(range(40))):
        numbers = b"|".join(str(n).encode() for n in sorted(styles))
        prefixed = re.compile(rb"<(?:\w+:)?c\b([^>]*?\bs=\"0*(?:" + numbers + rb")\"[^>]*)>")
        assert wr._styled_cell_tag(frozenset(styles), True).findall(xml) == prefixed.findall(xml)
    assert wr._PLAIN_CELL_TAG.findall(xml) == wr._CELL_TAG.findall(xml)


def test_the_prefixed_sheets_are_told_apart():
    assert [wr._unprefixed(xml) for xml in SHEETS].count(False) == 5  # the Strict sheet, an x:v, an x:c, an ab:c, x:c x:v


@pytest.mark.parametrize(("pattern", "text", "inside"), [
    (wr._BOOLEAN_HINT, b"b" + b" " * 100 + b'"', 50),
    (wr._STRING_TYPE_HINT, b"s" + b" " * 100 + b"'", 50),
    (wr._DATE_TYPE_HINT, b"d" + b" " * 100 + b'"', 50),
    (wr._ERROR_TYPE_HINT, b"e" + b" " * 100 + b'"', 50),
    (wr._NON_FINITE_HINT, b"v>" + b" " * 100 + b"-" + b"0" * 100 + b"e999", 50),
    (wr._PLAIN[wr._MARKUP_IN_VALUE], b"<v>" + b" x" * 100 + b"&", 50),
    (wr._PLAIN[wr._VALUE_BESIDE], b"</v" + b" " * 100 + b"> <", 50),
])
def test_a_hint_takes_a_run_from_its_first_character_only(pattern, text, inside):
    """Linear as the patterns they stand before (tests/test_linear_patterns.py): a run is taken from its first
    character, never again from inside it."""
    found = pattern.search(text)
    assert found.start() == 0 and found.end() == len(text)
    assert pattern.search(text, inside) is None


@pytest.mark.parametrize("text", ["", "abc", "A 計画どおり", "Ａ", "３０％", "（第12号・1-1-1）窓口での案内を強化した。", "ｶﾞｷﾞ",
                                  "e\u0301", "\u1100\u1161\u11a8", "㍻", "ﷺ", "か\u3099", "１－３", "\u3000前年度と同じ\n",
                                  "（" * 1100])
def test_nfkc_is_unicodes_every_time(text):
    assert cells.nfkc(text) == unicodedata.normalize("NFKC", text)
    assert cells.nfkc(text) == unicodedata.normalize("NFKC", text)  # (the second time remembered, when short)
    for long in ("窓口での案内を強化した。" * 3 + text, text + "（第12号・1-1-1）利用者アンケートを実施した。" * 2):
        assert cells.nfkc(long) == unicodedata.normalize("NFKC", long)  # (normalized by its pieces)


def test_nfkc_by_pieces_is_unicodes():
    """Cut before the characters NFKC never joins to the one before them, a text's NFKC is its pieces': mixed with
    what NFKC changes, joins or reorders (combining marks and kana voicing, Hangul jamo, Indic and Tibetan vowel
    signs, full and half width, compatibility characters)."""
    pool = ([chr(c) for c in range(0x20, 0x7F)] + list("かはカハうウ漢字第号・ー、。「」（）％０１Ａｶﾞﾟｰゝヽ〃　")
            + [chr(c) for c in range(0x300, 0x370)] + ["\u3099", "\u309a", "\u309b", "㍻", "ﷺ", "ﬁ", "Å", "Ω", "K"]
            + [chr(c) for c in (*range(0x1100, 0x1113), *range(0x1161, 0x1176), *range(0x11A8, 0x11C3), *range(0xAC00, 0xAC20))]
            + [chr(c) for c in (*range(0x0900, 0x0980), *range(0x0B00, 0x0B80), *range(0x0F40, 0x0FC0))])
    rng = random.Random(10)
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(cells._WHOLE, 90)))
        assert cells._nfkc(text) == unicodedata.normalize("NFKC", text)


def test_a_forms_parts_worked_out_once_say_what_they_said():
    workbook = (b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                b'<sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = (b'<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    names = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"}
    parts_ = {"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels}
    assert safety._read_otherwise(parts_, names, ("A",)) is None
    assert safety._read_otherwise(parts_, names, ("A",)) is None
    moved = names - {"xl/worksheets/sheet1.xml"} | {"xl/worksheets/Sheet1.xml"}
    said = safety._read_otherwise(parts_, moved, ("A",))
    assert said == safety._read_otherwise_of(None, workbook, rels, moved, ("A",)) and "標準の形ではありません" in said


def _a_forms_parts():
    workbook = (b'<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                b'<sheet name="A" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = (b'<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    return {"xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels}


def test_a_forms_parts_worked_out_once_for_no_sheet_say_nothing_of_every_sheet():
    """The master reader wants every sheet (an empty tuple whose ``in`` is always true, equal to ``()``): what was
    worked out for no sheet wanted (saved_since_made) is not its answer — a sheet read from another part than the
    checks saw would pass unchecked."""
    parts_ = _a_forms_parts()
    moved = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/Sheet1.xml"}
    assert safety._read_otherwise(parts_, moved, ()) is None  # no sheet wanted: nothing to say
    said = safety._read_otherwise(parts_, moved, _EverySheet())
    assert said is not None and "標準の形ではありません" in said


def test_a_zips_long_part_names_are_not_kept():
    """Only small parts are kept (parts.SAME_PARTS_BYTES), and the part names are kept with them: a zip of a few
    parts with names of 60,000 characters each is not held after its reading."""
    parts_ = _a_forms_parts()
    names = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"}
    names |= {f"n{i}/{'x' * 60_000}" for i in range(4)}
    safety._same_read_otherwise.cache_clear()
    assert safety._read_otherwise(parts_, names, ("A",)) is None
    assert safety._same_read_otherwise.cache_info().currsize == 0


_PIECES = [b"<", b">", b"/", b"c", b"v", b"is", b"row", b"x:", b"a.b:", b"a-1:", b":", b"t", b"=", b'"', b"'", b" ", b"\t",
           b"\n", b"\r", b"b", b"s", b"d", b"e", b"inf", b"NaN", b"1", b"0", b"-", b"+", b"E", b"e999", b"inlineStr", b"&",
           b"<!--", b's="8"', b'r="A1"', b"<c ", b"<v>", b"</v>", b"<is>", b"</is>", b"<row ", b"<x:c ", b"<x:v>",
           b"</x:v>", b"<v ", b"<v a='1'>", b'<x:v a="">', b't="s"', b"t='b'", b't="d"', b"t = ' e '", b"vt", b"cc", b"c.x", b"\xe3\x81\x82", b".",
           b"x", b"<c>", b"<v/>", b"/>", b'r="A1">', b"t='str'", b"xt=", b"12", b"1e5"]


def test_the_cheaper_checks_answer_as_their_patterns_on_random_markup():
    """Random runs of the bytes the patterns turn on (quotes of both kinds, spaces, prefixes with dots and digits,
    near-misses): each hint and plain form gives its pattern's answer (checked on 300,000 such runs when written)."""
    rng = random.Random(7)
    for _ in range(4000):
        xml = b"".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 40)))
        alone = any(p.search(xml) is not None
                    for p in (wr._BOOLEAN_TYPE, wr._ODD_STRING_INDEX, wr._NON_FINITE, wr._UNTYPED_TEXT))
        assert wr._may_be_refused(xml) is alone, xml
        assert wr._hinted(xml, wr._DATE_TYPE_HINT, wr._DATE_TYPE) is (wr._DATE_TYPE.search(xml) is not None), xml
        assert wr._hinted(xml, wr._ERROR_TYPE_HINT, wr._ERROR_TYPE) is (wr._ERROR_TYPE.search(xml) is not None), xml
        tags = wr._CELL_OR_ROW.findall(xml)
        assert wr._cells_and_rows(xml) == (tags.count(b"c"), len(tags) - tags.count(b"c")), xml
        if wr._unprefixed(xml):
            for pattern, plain in (*wr._PLAIN.items(), (wr._UNTYPED_TEXT, wr._PLAIN_UNTYPED_TEXT)):
                assert [m.span() for m in plain.finditer(xml)] == [m.span() for m in pattern.finditer(xml)], xml
            assert wr._PLAIN_CELL_TAG.findall(xml) == wr._CELL_TAG.findall(xml), xml
            styles = frozenset({8, 15})
            assert wr._styled_cell_tag(styles, True).findall(xml) == wr._styled_cell_tag(styles).findall(xml), xml
