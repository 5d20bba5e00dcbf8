"""A name part taken from the plan (a section, the plan's words) as it goes into a file name
(:func:`reform_xlsx.outputs.safe_part`): what Windows refuses, and what it would show as something else.

A name transcribed from a web page or a PDF can carry an invisible character — a zero-width space, a byte-order
mark, a direction mark. Windows takes them in a file name, where they are unseen (「土木課」 and 「土木課\u200b」: two
files whose names look the same) or turn what follows around (U+202E: Explorer shows 「令和8年度_…_観光\u202e課.xlsx」
as 「…_観光xslx.課」). They are left out of the file name."""

from __future__ import annotations

import pytest

from reform_xlsx.outputs import MAX_PART, safe_part


@pytest.mark.parametrize(("text", "part"), [
    ("市民課", "市民課"),
    ('企画/DX:課"*?<>|\\', "企画_DX_課_______"),  # what Windows refuses in a name
    ("土木\t課\x01", "土木_課_"),  # control characters
    ("CON", "_CON"),  # a reserved name
    ("  .税務課. ", "税務課"),  # dots and spaces around it
    ("テ\u3099ジタル推進課", "デジタル推進課"),  # a name typed on a Mac (NFD)
    ("土木課\u200b", "土木課"),  # a zero-width space
    ("\ufeff財政課", "財政課"),  # a byte-order mark
    ("観光\u202e課", "観光課"),  # right-to-left override: the rest of the name shown backwards
    ("観\u200e光\u200f課\u2066\u2069\u061c", "観光課"),  # direction marks and isolates
    ("\u200b", "_"),  # nothing left: never empty
    ("課" * (MAX_PART + 5), "課" * MAX_PART),
])
def test_safe_part(text, part):
    assert safe_part(text) == part
