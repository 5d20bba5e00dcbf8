"""Numbers rounded as a spreadsheet shows them, for the texts that repeat a cell's figure.

Excel, LibreOffice and Gnumeric show 0.0625 under ``0.0%`` as 「6.3%」 and 62.5 under ``#,##0`` as
「63」: they round half away from zero, on the number's 15 significant digits. Python's ``round`` and
format specifications round half to even on the binary value (「6.2%」, 「62」), so a sentence of the
概要 or a 公表用 CSV figure would differ from the cell it repeats.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

_CONTEXT = Context(prec=60)  # room for any figure a plan or a section can give (MAX_NUMBER and far beyond)


def _shown(value: float) -> Decimal:
    return Decimal(format(value, ".15g"))  # what the spreadsheet starts from: 15 significant digits


def _rounded(exact: Decimal, digits: int) -> Decimal:
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=_CONTEXT)


def as_shown(value: float, digits: int) -> float:
    """``value`` rounded to ``digits`` decimals as a spreadsheet's number format shows it (62.5, 0 → 63.0)."""
    if not math.isfinite(value):
        return value
    return float(_rounded(_shown(value), digits))


def fixed(value: float, digits: int, *, thousands: bool = True) -> str:
    """``value`` as a spreadsheet prints it with ``digits`` decimals: 「1,234.6」 (``thousands``: with separators)."""
    if not math.isfinite(value):
        return str(value)
    return _text(_rounded(_shown(value), digits), digits, thousands)


def percent(fraction: float, digits: int = 1, *, thousands: bool = True) -> str:
    """A fraction as a percentage, as ``0.0%`` shows it: 0.0625 → 「6.3%」 (``thousands``: with separators, 「1,234.5%」;
    without, as the format ``0.0%`` itself shows it in a cell, 「1234.5%」)."""
    if not math.isfinite(fraction):
        return str(fraction)
    return _text(_rounded(_shown(fraction).scaleb(2), digits), digits, thousands) + "%"


def _text(exact: Decimal, digits: int, thousands: bool) -> str:
    if exact.is_zero():
        exact = abs(exact)  # 「-0.0」 is no figure a sheet shows
    return f"{exact:,.{digits}f}" if thousands else f"{exact:.{digits}f}"
