"""Fiscal years and dates for people: parse what they type, print 「令和8年度」, 「令和8年6月1日」.

A fiscal year is held as its Reiwa number (R8 = 令和8年度 = FY2026).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

REIWA_OFFSET = 2018  # 令和1年 = 2019
_GREGORIAN_MIN, _GREGORIAN_MAX = 2019, 2117

_PATTERNS = (
    re.compile(r"^R(\d{1,2})$"),
    re.compile(r"^令和(\d{1,2}|元)(?:年度?)?$"),
)


class FiscalYearError(ValueError):
    """A text that is not a fiscal year we understand."""


def parse_fiscal_year(text: str | int) -> int:
    """Return the Reiwa year for ``R8``, ``令和8``, ``令和8年度``, ``2026`` (also full-width)."""
    if isinstance(text, bool):
        raise FiscalYearError(f"年度として読めません: {text!r}")
    if isinstance(text, int):
        text = str(text)
    s = unicodedata.normalize("NFKC", str(text)).strip().upper().replace(" ", "")
    s = s.removesuffix("FY") if s.endswith("FY") else s
    s = s.removeprefix("FY")
    for pattern in _PATTERNS:
        m = pattern.match(s)
        if m:
            number = 1 if m.group(1) == "元" else int(m.group(1))
            if number >= 1:
                return number
    m = re.match(r"^(\d{4})(?:年度?)?$", s)
    if m and _GREGORIAN_MIN <= int(m.group(1)) <= _GREGORIAN_MAX:
        return int(m.group(1)) - REIWA_OFFSET
    raise FiscalYearError(
        f"年度「{text}」を読めません。R8、令和8、令和8年度、2026 のように書いてください。"
    )


def format_fiscal_year(year: int) -> str:
    """``8`` → 「令和8年度」 (``1`` → 「令和元年度」)."""
    return "令和元年度" if year == 1 else f"令和{year}年度"


def short_fiscal_year(year: int) -> str:
    """``8`` → ``R8`` (for keys, metadata and compact headers)."""
    return f"R{year}"


def gregorian(year: int) -> int:
    """``8`` → ``2026``."""
    return year + REIWA_OFFSET


_REIWA_START = dt.date(2019, 5, 1)


def japanese_date(day: dt.date) -> str:
    """2026-06-01 → 「令和8年6月1日」 (2019-05-01 → 「令和元年5月1日」; before 令和: 「2019年4月30日」)."""
    if day < _REIWA_START:
        return f"{day.year}年{day.month}月{day.day}日"
    reiwa = day.year - REIWA_OFFSET
    return f"令和{'元' if reiwa == 1 else reiwa}年{day.month}月{day.day}日"


def display_datetime(value: str | dt.datetime | None) -> str:
    """A time as an office reads it: ``2026-11-26T17:29:32`` → 「2026/11/26 17:29」; None → ""."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%Y/%m/%d %H:%M")
