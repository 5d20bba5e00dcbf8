"""How wide Japanese text is: the one rule, for terminal tables and for row heights in workbooks.

Width is counted in half-width units: East Asian wide (W), full-width (F) and ambiguous (A)
characters count two (``unicodedata.east_asian_width``). Ambiguous characters (①, ○, ※, …)
are full-width in Japanese fonts (BIZ UDゴシック) and in Japanese terminals alike.
A combining character takes no room of its own: it is drawn on the character before it — the
濁点 and 半濁点 of a name in NFD as macOS writes it (「ガ」 as 「カ」 + U+3099), an accent, a
variation selector choosing a kanji's form — and counts zero.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

_TWO = "WFA"


def _zero(ch: str) -> bool:
    """Whether ``ch`` is drawn on the character before it (a combining or enclosing mark)."""
    return bool(unicodedata.combining(ch)) or unicodedata.category(ch) in ("Mn", "Me")


def _units(ch: str) -> int:
    return 0 if _zero(ch) else 2 if unicodedata.east_asian_width(ch) in _TWO else 1


@cache
def _as_units() -> dict[int, str | None]:
    """A translation table that writes every character of the Basic Multilingual Plane that is not one unit wide
    as as many characters as it is wide: none for a combining mark, two for a wide character."""
    return {code: None if units == 0 else "  " for code in range(0x10000) if (units := _units(chr(code))) != 1}


@lru_cache(maxsize=8192)
def text_units(text: str) -> int:
    """Width of ``text`` in half-width characters (the same texts are measured again and again)."""
    if text.isascii():
        return len(text)
    units = len(text.translate(_as_units()))
    # beyond the BMP (rare): the table does not hold them (each counted one); count those one by one
    units += sum(_units(ch) - 1 for ch in text if ord(ch) > 0xFFFF)
    return units
