"""How wide Japanese text is: the one rule, for terminal tables and for row heights in workbooks.

Width is counted in half-width units: East Asian wide (W), full-width (F) and ambiguous (A)
characters count two (``unicodedata.east_asian_width``). Ambiguous characters (①, ○, ※, …)
are full-width in Japanese fonts (BIZ UDゴシック) and in Japanese terminals alike.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

_TWO = "WFA"


@cache
def _drop_wide() -> dict[int, None]:
    """A translation table that deletes every wide character of the Basic Multilingual Plane."""
    return {code: None for code in range(0x10000) if unicodedata.east_asian_width(chr(code)) in _TWO}


@lru_cache(maxsize=8192)
def text_units(text: str) -> int:
    """Width of ``text`` in half-width characters (the same texts are measured again and again)."""
    if text.isascii():
        return len(text)
    narrow = text.translate(_drop_wide())
    units = 2 * len(text) - len(narrow)
    # beyond the BMP (rare): the table does not hold them; count those one by one
    units += sum(unicodedata.east_asian_width(ch) in _TWO for ch in narrow if ord(ch) > 0xFFFF)
    return units
