"""The one width rule: wide, full-width and ambiguous characters count two, combining marks none."""

import random
import unicodedata

import pytest

from reform_xlsx.textwidth import text_units

NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731  (a name as macOS writes it)


@pytest.mark.parametrize("text, units", [
    ("", 0), ("abc", 3), ("市政改革", 8), ("ＡＢ", 4), ("①※○", 6), ("ｱｲ", 2), ("A 計画どおり", 12),
    ("😀", 2), ("改革😀a", 7),
    # the 濁点 and 半濁点 of a name in NFD (macOS): drawn on the kana before them, as wide as the name in NFC
    (NFD("ガバナンス課データ.xlsx"), 23), ("ガバナンス課データ.xlsx", 23), (NFD("パブリック"), 10),
    ("か\u3099", 2), ("は\u309a", 2), ("\u3099", 0),  # U+3099/U+309A: wide by East Asian width, yet combining
    ("ﾊﾟ", 2),  # the half-width 半濁点 is a character of its own (one unit)
    (NFD("cafe\u0301"), 4), ("e\u0301\u0323", 1),  # accents (one or several) on a letter
    ("葛\U000E0100", 2), ("葛\ufe00", 2),  # a variation selector choosing a kanji's form (beyond the BMP and in it)
    ("a\u20dd", 1),  # an enclosing mark
])
def test_text_units(text, units):
    assert text_units(text) == units


def definition(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WFA" else 1


def test_agrees_with_the_definition_on_random_text():
    rng = random.Random(7)
    for _ in range(200):
        text = "".join(chr(rng.choice([rng.randint(0x20, 0x7e), rng.randint(0x3000, 0x9fff), rng.randint(0xff00, 0xffef),
                                        rng.randint(0x2460, 0x24ff), rng.randint(0x1f300, 0x1f6ff),
                                        rng.randint(0x300, 0x36f), rng.choice([0x3099, 0x309a, 0xe0100])]))
                       for _ in range(rng.randint(0, 40)))
        text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
        assert text_units(text) == sum(definition(ch) for ch in text), text
