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


@pytest.mark.parametrize("value", ["0", "12", "1.", ".5", "1.5", "1e5", "1.5E-3", "-2", "+.5e+2", "inf", "-Infinity",
                                   "NaN", "00012.500"])
def test_a_number_cell_calamine_reads_is_still_read(value):
    assert workbook_reader._refused("n", value, 0) is None


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


def test_long_runs_read_as_before():
    assert directory.normalise_mail("a" + " " * 30000 + "b") == "a" + " " * 30000 + "b"
    assert directory.normalise_mail("yamamoto @ city.example.jp") == "yamamoto@city.example.jp"
    assert master_plan._one_line("電子入札制度の \n 運用拡大") == "電子入札制度の運用拡大"
    assert master_plan._one_line("RPA" + " " * 30000 + "AI\nX") == "RPA" + " " * 30000 + "AI X"
    assert safety._RAW_ATTRIBUTE.findall(b' name="x" ' + b"a" * 30000 + b' r:id="rId1"') == [
        (b"name", b"x", b""), (b"r:id", b"rId1", b"")]
