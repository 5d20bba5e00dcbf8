"""Patterns a returned file, a 回答者欄 or the plan master can feed a long text to, linear in its length.

A pattern tried from every character of a long run (a run of spaces, of digits, of letters) that does not match grows
with the square of the run: a cell of 30,000 characters takes seconds to minutes, and a file of them is not read in
its time (F013). Each pattern here takes a run from its first character only, or never gives back what it took; the
tests assert that property (and what the pattern reads), never a time."""

from __future__ import annotations

import re

import pytest

from reform_xlsx.intake import master_plan, safety, workbook_reader
from reform_xlsx.mail import directory


@pytest.mark.parametrize("value", ["0", "12", "1.", ".5", "1.5", "1e5", "1.5E-3", "-2", "+.5e+2", "00012.500", "1e308",
                                   "1e-999"])
def test_a_number_cell_calamine_reads_is_still_read(value):
    assert workbook_reader._refused("n", value, 0) is None


@pytest.mark.parametrize("value, shown", [("inf", "0"), ("-Infinity", "0"), ("nan", "0"), ("INF", "INF"), ("-INF", "-INF"),
                                          ("NaN", "NaN"), ("1e999", "INF"), ("-1e999", "-INF"), ("9" * 400, "INF")])
def test_a_number_cell_of_no_finite_number_is_refused_as_libreoffice_shows_it(value, shown):
    """calamine reads 「inf」 as ∞; LibreOffice (converted to CSV) shows it as 0, 「1e999」 as 「INF」: no reader shows ∞."""
    for kind in ("n", None):
        what, detail = workbook_reader._refused(kind, value, 0)
        assert what == "malformed" and f"LibreOffice では「{shown}」と表示されます" in detail
    assert workbook_reader._NON_FINITE.search(b"<v>" + value.encode() + b"</v>")


@pytest.mark.parametrize("value", ["x", "1.2.3", "1e", "e5", ".", "1,000", "1 2", "0" * 30000 + "x", "1." + "5" * 30000 + "e"])
def test_a_number_cell_calamine_refuses_is_still_refused(value):
    assert workbook_reader._refused("n", value, 0)[0] == "malformed"


@pytest.mark.parametrize("text", ["00", "1.50", ".50", "1e50"])
def test_a_number_cells_digits_are_never_given_back(text):
    """Each run of digits is taken whole: tried split between 「\\d+」 and 「\\d*」 every way, a number cell of 30,000
    digits and one letter (a hostile ``<v>``) took half a minute, the file's whole reading time."""
    assert re.fullmatch(f"(?:{workbook_reader._FLOAT.pattern})0", text, re.I) is None  # the last 0 is not given back
    assert workbook_reader._FLOAT.fullmatch(text)


@pytest.mark.parametrize(("pattern", "text", "inside"), [
    (safety._RAW_ATTRIBUTE, b'r:id="rId1"', 2),
    (safety._RAW_ATTRIBUTE, b"a" * 100 + b"='x'", 50),
    (workbook_reader._BOOLEAN_TYPE, b"t" + b" " * 100 + b"= ' b '", 50),
    (workbook_reader._BOOLEAN_TYPE, b't="b"', 1),
    (workbook_reader._ODD_STRING_INDEX, b"<c " + b"a='x' " * 50 + b't="s">' + b" " * 50 + b"<v>" + b"1" * 100 + b"x", 3),
    (workbook_reader._NON_FINITE, b"<v" + b" v" * 50 + b">" + b" " * 50 + b"-i", 3),  # a <v> with attributes too
    (workbook_reader._UNTYPED_TEXT, b"<c " + b"a='x' tx=\"t\" t  " * 30 + b">" + b" " * 50 + b"<v>", 3),
    (master_plan._LINE_BREAK, " \n ", 1),
    (master_plan._LINE_BREAK, "\u3000" * 100 + "\n", 50),
    (directory._SPACED_AT, "  @ ", 1),
    (directory._SPACED_AT, " " * 100 + "@", 50),
])
def test_a_run_is_taken_from_its_first_character_only(pattern, text, inside):
    """Taken from each character of a long run with nothing after it, these grew with the square of the run: a
    ``<sheet>`` tag of a long word in workbook.xml, a name of the plan master with 30,000 spaces, a 回答者欄's メール of
    30,000 spaces between two words (the 再提出 mail draft)."""
    found = pattern.search(text)
    assert found.start() == 0 and found.end() == len(text)
    assert pattern.search(text, inside) is None


@pytest.mark.parametrize("value", ["１２", "٣", "1２"])
def test_digits_of_other_scripts_are_no_number(value):
    """calamine (Rust) reads ASCII digits only: a full-width 「１２」 in a number cell made it refuse the whole sheet."""
    assert workbook_reader._FLOAT.fullmatch(value) is None


@pytest.mark.parametrize("xml, found", [
    (b'<c r="A1" t="s"><v>-1</v>', True), (b'<c r="A1" t="s"><v>1.0</v>', True), (b"<x:c t='s' r='A1'>\n<x:v>x", True),
    (b'<c r="A1" t="s"><v> 1</v>', True), ('<c r="A1" t="s"><v>０</v>'.encode(), True),
    (b'<c r="A1" s="3" t="s"><v>12</v>', False), (b'<c r="A1" t="s"><v></v>', False),
    (b'<c r="A1" t="str"><v>x</v>', False), (b'<c r="A1" x="t=\'s\'" t="n"><v>x</v>', False),
    (b"<c " * 20000 + b't="s"><v>x', True), (b"<c " * 20000, False), (b'<c t="s" ' + b'"' * 20000, False),
])
def test_a_shared_string_index_that_is_no_number_is_found(xml, found):
    """Each cell's start tag is looked into up to its end or the next '<' only: 「<c <c <c …」 with no end is linear."""
    assert (workbook_reader._ODD_STRING_INDEX.search(xml) is not None) is found


@pytest.mark.parametrize("xml, found", [
    (b'<c r="G5" s="15"><v>hello</v>', True), (b"<c s='15' r='G5'>\n<v xml:space='preserve'>12abc</v>", True),
    (b'<x:c r="A1"><x:v>1,000</x:v>', True), ('<c r="A1"><v>１２</v>'.encode(), True), (b'<c r="A1"><v> 12</v>', True),
    (b'<c r="A1"><v>2027-05-28T00:00:00</v>', True), (b'<c r="A1"><v>+</v>', True), (b'<c r="A1"><v>1e</v>', True),
    (b'<c r="A1" xt="s"><v>x</v>', True), (b'<c r="A1" x:t="s"><v>x</v>', True), (b'<c r="A1" x="t=\'s\'"><v>x</v>', True),
    # a number (as calamine reads it), an empty value, a typed cell's text, a formula's (V009), a <v> of no cell
    (b'<c r="A1" s="2"><v>0</v>', False), (b'<c r="A1"><v>-1.5E-3</v>', False), (b'<c r="A1"><v>1.</v>', False),
    (b'<c r="A1"><v>.5</v>', False), (b'<c r="A1"><v>+3</v>', False), (b'<c r="A1"><v></v>', False),
    (b'<c r="A1"><v/>', False), (b'<c r="A1" t="str"><v>x</v>', False), (b"<c t = 'e' r='A1'><v>#N/A</v>", False),
    (b'<c r="A1" t="d"><v>2027-05-28T00:00:00</v>', False), (b'<c r="A1" tt="1" t="s"><v>x</v>', False),
    (b'<c r="A1" t="n"><v>x</v>', False),  # (calamine refuses it itself: read_cells then looks at every cell)
    (b'<c r="A1"><f>A2</f><v>x</v>', False), (b'<c r="A1"/><v>x</v>', False),
    (b"<c " * 20000 + b'r="A1"><v>x', True), (b"<c " * 20000, False), (b"<c t" * 20000 + b"><v>x", True),
    (b'<c x="' + b'"' * 20001 + b"><v>x", True), (b"<c " + b"t " * 20000 + b"= 's'><v>x", False),
])
def test_a_text_in_a_cell_of_no_type_is_found_from_its_tag_only(xml, found):
    """A cell's start tag with no attribute 't' (each 't' of it looked at once), then its <v> at once, not empty and no
    number: each tag looked into up to its end or the next '<' only (「<c <c <c …」 with no end is linear). The hint
    looked for first finds each of them, and no <v> of a number or of nothing."""
    assert (workbook_reader._UNTYPED_TEXT.search(xml) is not None) is found
    assert (workbook_reader._PLAIN_UNTYPED_TEXT.search(xml) is not None) is (found and b"x:c" not in xml)
    assert not found or workbook_reader._UNTYPED_TEXT_HINT.search(xml)


@pytest.mark.parametrize("value", [b"0", b"12", b"-1.5E-3", b"1.", b".5", b"+3", b"", b"1" * 30000, b"1." + b"5" * 30000])
def test_the_hint_of_a_text_of_no_type_skips_numbers(value):
    """The hint looks at each 「v>」's value up to its first byte a number cannot hold: a <v> of a number or of nothing
    (thousands in a sheet, with those of t="s" cells) is passed over, its digits taken once."""
    assert workbook_reader._UNTYPED_TEXT_HINT.search(b"<v>" + value + b"</v>\n</c>") is None  # (its end tag never)
    assert workbook_reader._UNTYPED_TEXT_HINT.search(b"<v>" + value + b"x</v>\n</c>").start() == 1


def test_a_truth_value_cell_is_found_however_its_type_is_written():
    finds = workbook_reader._BOOLEAN_TYPE.search
    assert finds(b'<c r="A1" t="b">') and finds(b"<c t = ' b ' r='A1'>") and finds(b'<x:c t="b"/>')
    assert not finds(b'<c r="A1" t="s">') and not finds(b'<c r="A1" xt="b">')


def test_long_runs_read_as_before():
    assert directory.normalise_mail("a" + " " * 30000 + "b") == "a" + " " * 30000 + "b"
    assert directory.normalise_mail("yamamoto @ city.example.jp") == "yamamoto@city.example.jp"
    assert master_plan._one_line("電子入札制度の \n 運用拡大") == "電子入札制度の運用拡大"
    assert master_plan._one_line("RPA" + " " * 30000 + "AI\nX") == "RPA" + " " * 30000 + "AI X"
    assert safety._RAW_ATTRIBUTE.findall(b' name="x" ' + b"a" * 30000 + b' r:id="rId1"') == [
        (b"name", b"x", b""), (b"r:id", b"rId1", b"")]


@pytest.mark.parametrize(("xml", "found"), [
    (b"<c r='A1'><v>1<!-- --></v></c>", True), (b"<x:c><x:v>1<a/></x:v></x:c>", True), (b"<v>&#49;</v>", True),
    (b"<v a='1'>2<?p?></v>", True), (b"<v\n>1&amp;</v>", True), (b"<v>12</v><v>3</v>", False), (b"<vm>1<a>", False),
    # a tag's run of 「:v 」 (no '<' for ever after): no match taken from inside it, each one no longer tried to the end
    (b"<a" + b" x:v " * 2000, False), (b"<a" + b" x:v " * 2000 + b"><v>1&amp;</v>", True),
])
def test_a_value_holding_markup_is_found_from_its_tag_only(xml, found):
    assert (workbook_reader._MARKUP_IN_VALUE.search(xml) is not None) == found
    hit = workbook_reader._MARKUP_IN_VALUE.search(xml)
    assert hit is None or xml[hit.start():hit.start() + 1] == b"<"


@pytest.mark.parametrize(("xml", "found"), [
    (b"<r><rPr><b/><t>HIDDEN</t></rPr><t>X</t></r>", True), (b"<r><x:rPr><x:t>H</x:t></x:rPr></r>", True),
    (b"<r><rPr><b/></rPr><t>X</t></r>", False), (b"<rPh><t>x</t></rPh>", False),
    (b"<rPr>" * 3000, False), (b"<rPr>" * 3000 + b"<t>", True), (b"<rPr></rPr>" * 3000 + b"<t>", False),
    (b"<rPr><b/></rPr><rPr><i/><t>H</t></rPr>", True),
])
def test_text_inside_run_properties(xml, found):
    """Each <rPr> looked into up to its end only, the search going on after it (a part of 3,000 unclosed <rPr>s was
    tried from each to the end: seconds; a hostile shared strings part of megabytes, the file's whole reading time)."""
    assert workbook_reader._text_in_properties(xml) == found


def test_a_cells_string_type_is_looked_for_once_per_tag():
    """A cell's start tag with its type written again and again (「<c t='s' t='s' …」, XML no spreadsheet writes, but the
    pattern meets it before any parser): each 「t='s'」 found began a new look to the tag's end, a tag of 100 KB took
    half a minute. The first type found is kept, never given back for a later one."""
    tag = workbook_reader._STRING_CELL_START
    assert re.fullmatch(tag.pattern + rb"\s*", b"<c r='A1' t='s' ")  # a string cell's start is found
    assert re.fullmatch(tag.pattern + rb"\s*", b"<c t='s' t='s' ") is None  # taken to the first, never to the later one
    assert workbook_reader._ODD_STRING_INDEX.search(b"<c " + b"t='s' " * 50 + b"><v>x")
    assert workbook_reader._ODD_STRING_INDEX.search(b"<c " + b"t='s' " * 50 + b"><v>1</v>") is None


@pytest.mark.parametrize("code", ['"' * 30000, "[" * 30000, "\\" * 30001, "_" * 30001, ";" * 30000, '[>1' + "1" * 30000,
                                  '"x' + " " * 30000, "0" * 30000 + '"', "[<" + " " * 30000 + "1]"])
def test_a_number_formats_tokens_take_each_character_once(code):
    """A cell format's code (up to 255 characters in Excel, any length in a hostile styles part) is cut into tokens in
    one pass: each character taken by one token, from where the last ended (no token tried from every character)."""
    tokens = workbook_reader._FORMAT_TOKEN.findall(code)
    assert "".join(tokens) == code
    assert len(tokens) <= len(code)


def test_a_long_hostile_format_is_still_read_for_what_it_shows():
    assert workbook_reader.shown_instead(";" * 30000, 5) == "" and workbook_reader.shown_instead("0" * 30000 + ";;", 5) is None
