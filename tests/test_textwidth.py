"""The one width rule: wide, full-width and ambiguous characters count two."""

import random
import unicodedata

import pytest

from reform_xlsx.textwidth import text_units


@pytest.mark.parametrize("text, units", [
    ("", 0), ("abc", 3), ("市政改革", 8), ("ＡＢ", 4), ("①※○", 6), ("ｱｲ", 2), ("A 計画どおり", 12),
    ("😀", 2), ("改革😀a", 7),
])
def test_text_units(text, units):
    assert text_units(text) == units


def test_agrees_with_the_definition_on_random_text():
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(chr(rng.choice([rng.randint(0x20, 0x7e), rng.randint(0x3000, 0x9fff), rng.randint(0xff00, 0xffef),
                                        rng.randint(0x2460, 0x24ff), rng.randint(0x1f300, 0x1f6ff)]))
                       for _ in range(rng.randint(0, 40)))
        text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
        assert text_units(text) == sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text), text
