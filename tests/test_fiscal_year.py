from datetime import date, datetime

import pytest

from reform_xlsx.wareki import (
    FiscalYearError,
    display_datetime,
    format_fiscal_year,
    gregorian,
    japanese_date,
    parse_fiscal_year,
    short_fiscal_year,
)


@pytest.mark.parametrize("text, expected", [
    ("R8", 8),
    ("r8", 8),
    ("Ｒ８", 8),
    ("R12", 12),
    ("令和8", 8),
    ("令和8年", 8),
    ("令和8年度", 8),
    ("令和１２年度", 12),
    ("令和元年度", 1),
    ("2026", 8),
    ("２０２６", 8),
    ("2026年度", 8),
    (2030, 12),
    (" R9 ", 9),
    ("FY2027", 9),
])
def test_parse(text, expected):
    assert parse_fiscal_year(text) == expected


@pytest.mark.parametrize("text", ["", "R", "R0", "令和", "平成30年度", "1999", "26", "abc", "8", True])
def test_parse_rejects(text):
    with pytest.raises(FiscalYearError, match="年度"):
        parse_fiscal_year(text)


@pytest.mark.parametrize("year, long, short, western", [
    (8, "令和8年度", "R8", 2026),
    (12, "令和12年度", "R12", 2030),
    (6, "令和6年度", "R6", 2024),
    (1, "令和元年度", "R1", 2019),
])
def test_format(year, long, short, western):
    assert format_fiscal_year(year) == long
    assert short_fiscal_year(year) == short
    assert gregorian(year) == western
    assert parse_fiscal_year(long) == parse_fiscal_year(short) == parse_fiscal_year(str(western)) == year


@pytest.mark.parametrize("day, text", [
    (date(2026, 6, 1), "令和8年6月1日"),
    (date(2019, 5, 1), "令和元年5月1日"),
    (date(2020, 1, 1), "令和2年1月1日"),
    (date(2019, 4, 30), "2019年4月30日"),
])
def test_japanese_date(day, text):
    assert japanese_date(day) == text


@pytest.mark.parametrize("value, text", [
    ("2026-11-26T17:29:32", "2026/11/26 17:29"),
    (datetime(2027, 5, 1, 9, 5), "2027/05/01 09:05"),
    (None, ""),
    ("", ""),
    ("not a time", "not a time"),
])
def test_display_datetime(value, text):
    assert display_datetime(value) == text
