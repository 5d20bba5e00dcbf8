"""How wide Japanese text is: the one rule, for terminal tables and for row heights in workbooks.

Width is counted in half-width units: East Asian wide (W), full-width (F) and ambiguous (A)
characters count two (``unicodedata.east_asian_width``). Ambiguous characters (①, ○, ※, …)
are full-width in Japanese fonts (BIZ UDゴシック) and in Japanese terminals alike.
"""

from __future__ import annotations

import unicodedata


def text_units(text: str) -> int:
    """Width of ``text`` in half-width characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)
