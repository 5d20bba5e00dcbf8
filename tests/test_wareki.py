"""和暦: every way a fiscal year or a date is typed, and how they print (平成 and 令和)."""

from datetime import date, datetime

import pytest

from reform_xlsx.wareki import (
    FiscalYearError,
    as_fiscal_year,
    display_datetime,
    fiscal_year_of,
    format_fiscal_year,
    format_fiscal_year_western,
    format_period,
    japanese_date,
    japanese_month,
    parse_date,
    parse_datetime,
    parse_fiscal_year,
    short_fiscal_year,
    split_fiscal_year_prefix,
)


@pytest.mark.parametrize("text, expected", [
    ("R8", 2026), ("r8", 2026), ("Ｒ８", 2026), ("R12", 2030), ("令和8", 2026), ("令和8年", 2026),
    ("令和8年度", 2026), ("令和１２年度", 2030), ("令和元年度", 2019), ("R1", 2019),
    ("2026", 2026), ("２０２６", 2026), ("2026年度", 2026), (2030, 2030), (" R9 ", 2027), ("FY2027", 2027),
    ("H30", 2018), ("h24", 2012), ("平成24年度", 2012), ("平成元年度", 1989), ("平成31年度", 2019),
    ("平成32年度", 2020),  # still found in plans written before 令和 was announced
    ("2012", 2012), ("2018", 2018), ("S63", 1988), ("令和 8 年度", 2026),
])
def test_parse(text, expected):
    assert parse_fiscal_year(text) == expected


@pytest.mark.parametrize("text", ["", "R", "R0", "令和", "平成41年度", "1899", "26", "abc", "8", True, "2026年度度"])
def test_parse_rejects(text):
    with pytest.raises(FiscalYearError, match="年度"):
        parse_fiscal_year(text)


@pytest.mark.parametrize("year, long, short", [
    (2026, "令和8年度", "R8"), (2030, "令和12年度", "R12"), (2024, "令和6年度", "R6"),
    (2019, "令和元年度", "R1"), (2018, "平成30年度", "H30"), (1989, "平成元年度", "H1"), (2012, "平成24年度", "H24"),
])
def test_format_round_trips(year, long, short):
    assert format_fiscal_year(year) == long
    assert short_fiscal_year(year) == short
    assert parse_fiscal_year(long) == parse_fiscal_year(short) == parse_fiscal_year(str(year)) == year


def test_western_beside_and_period():
    assert format_fiscal_year_western(2026) == "令和8年度（2026年度）"
    assert format_period(2018, 2021) == "平成30年度～令和3年度"


@pytest.mark.parametrize("value, expected", [(2026, 2026), ("R8", 2026), ("平成30年度", 2018)])
def test_as_fiscal_year(value, expected):
    assert as_fiscal_year(value) == expected


@pytest.mark.parametrize("value", [8, 0, -1, 3000])
def test_as_fiscal_year_rejects_small_numbers(value):
    with pytest.raises(FiscalYearError, match="西暦"):
        as_fiscal_year(value)


@pytest.mark.parametrize("text, expected", [
    ("令和8年度 進捗状況", (2026, "進捗状況")), ("令和元年度 実績値", (2019, "実績値")),
    ("平成30年度　取組実績", (2018, "取組実績")), ("進捗状況", None), ("令和8年度", (2026, "")),
])
def test_split_prefix(text, expected):
    assert split_fiscal_year_prefix(text) == expected


@pytest.mark.parametrize("day, text", [
    (date(2026, 6, 1), "令和8年6月1日"), (date(2019, 5, 1), "令和元年5月1日"), (date(2020, 1, 1), "令和2年1月1日"),
    (date(2019, 4, 30), "平成31年4月30日"), (date(1989, 1, 8), "平成元年1月8日"), (date(1989, 1, 7), "昭和64年1月7日"),
])
def test_japanese_date(day, text):
    assert japanese_date(day) == text


def test_japanese_date_weekday_and_month():
    assert japanese_date(date(2027, 5, 28), weekday=True) == "令和9年5月28日（金）"
    assert japanese_month(2026, 10) == "令和8年10月"


@pytest.mark.parametrize("text, day", [
    ("2026-06-01", date(2026, 6, 1)), ("2026/6/1", date(2026, 6, 1)), ("２０２６／６／１", date(2026, 6, 1)),
    ("2026年6月1日", date(2026, 6, 1)), ("令和8年6月1日", date(2026, 6, 1)), ("令和元年5月1日", date(2019, 5, 1)),
    ("R8.6.1", date(2026, 6, 1)), ("平成30年4月1日", date(2018, 4, 1)),
    ("平成31年4月30日", date(2019, 4, 30)), ("昭和64年1月7日", date(1989, 1, 7)), ("平成元年1月8日", date(1989, 1, 8)),
    ("令和9年5月28日（金）", date(2027, 5, 28)), ("2027/5/28(金)", date(2027, 5, 28)),  # as status prints a deadline
])
def test_parse_date(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text, says", [
    ("来週", "読めません"), ("2026-13-01", "ありません"), ("2026-02-30", "ありません"), ("令和8年2月30日", "ありません"),
    ("", "読めません"),
    # days no calendar has: shown under another era before, and a year-1 date stopped --received-at
    ("令和0年1月1日", "元年（1年）から"), ("昭和64年1月8日", "昭和にありません"), ("平成31年5月1日", "令和元年5月1日のことなら"),
    ("令和元年4月30日", "令和にありません"), ("0001-01-01", "範囲（1926年～2117年）の外"), ("9999-12-31", "範囲"),
    ("令和100年4月1日", "範囲（1926年～2117年）の外"), ("R100.4.1", "範囲"),  # a year too many digits: said, not 「読めません」
])
def test_parse_date_rejects(text, says):
    with pytest.raises(FiscalYearError, match="日付") as caught:
        parse_date(text)
    assert says in str(caught.value)


@pytest.mark.parametrize("text, when", [
    ("2027-05-20", datetime(2027, 5, 20)), ("2027-05-20 10:30", datetime(2027, 5, 20, 10, 30)),
    ("2027/5/20 9:05", datetime(2027, 5, 20, 9, 5)), ("2027-05-20T10:30", datetime(2027, 5, 20, 10, 30)),
    ("令和9年5月20日 10時30分", datetime(2027, 5, 20, 10, 30)), ("令和9年5月20日10時30", datetime(2027, 5, 20, 10, 30)),
    ("令和9年5月20日 10時", datetime(2027, 5, 20, 10)),  # 「10時」 with no minutes
    ("令和9年5月20日（木）", datetime(2027, 5, 20)), ("令和9年5月20日(木曜日) 10時", datetime(2027, 5, 20, 10)),
    ("令和9年5月20日（木）10:00", datetime(2027, 5, 20, 10)),  # the weekday as this tool prints a day
    ("令和9年5月20日 10時半", datetime(2027, 5, 20, 10, 30)), ("令和9年5月20日 午後3時", datetime(2027, 5, 20, 15)),
    ("2027/5/20 午前9:15", datetime(2027, 5, 20, 9, 15)), ("令和9年5月20日午後0時", datetime(2027, 5, 20, 12)),
    # with seconds, as a mail program or an ISO text gives the time: it was 「日付を読めません」
    ("2027-05-20 10:00:00", datetime(2027, 5, 20, 10)), ("2027/5/20 10:00:30", datetime(2027, 5, 20, 10, 0, 30)),
    ("2027-05-20T10:00:30", datetime(2027, 5, 20, 10, 0, 30)), ("令和9年5月20日 10時5分30秒", datetime(2027, 5, 20, 10, 5, 30)),
    ("2027/05/20 (木) 10:00:00", datetime(2027, 5, 20, 10)),
])
def test_parse_datetime(text, when):
    assert parse_datetime(text) == when


@pytest.mark.parametrize("text, says", [
    ("令和9年5月28日（木）", "曜日が違います（令和9年5月28日（金））"), ("2027-05-20 25:00", "時刻を読めません"),
    ("2027-05-20 午後13時", "午後は 11 時まで"), ("2027-05-20 午後12時", "読み方が分かれます"),
    ("2027-05-20 10:00:60", "時刻を読めません"), ("午後3時", "日時「午後3時」を読めません"), ("令和9年5月20日 10時半分", "日時「令和9年5月20日 10時半分」を読めません"),
])
def test_parse_datetime_rejects(text, says):
    with pytest.raises(FiscalYearError) as caught:
        parse_datetime(text)
    assert says in str(caught.value)


@pytest.mark.parametrize("day, year", [(date(2026, 4, 1), 2026), (date(2027, 3, 31), 2026), (date(2027, 4, 1), 2027)])
def test_fiscal_year_of(day, year):
    assert fiscal_year_of(day) == year


@pytest.mark.parametrize("value, text", [
    ("2026-11-26T17:29:32", "2026/11/26 17:29"), (datetime(2027, 5, 1, 9, 5), "2027/05/01 09:05"),
    (None, ""), ("", ""), ("not a time", "not a time"),
])
def test_display_datetime(value, text):
    assert display_datetime(value) == text


@pytest.mark.parametrize("text, says", [
    ("R100", "範囲の外です（令和は99年度まで）"), ("令和100年度", "令和は99年度まで"), ("H41", "平成は40年度まで"),
    ("S65", "昭和は64年度まで"), ("R0", "読めません"), ("R1000", "読めません"), ("3000", "読めません"),
])
def test_parse_fiscal_year_out_of_range(text, says):
    with pytest.raises(FiscalYearError, match="年度") as caught:
        parse_fiscal_year(text)
    assert says in str(caught.value)


@pytest.mark.parametrize("text", ["2027-05-28" + " " * 30000 + "10:30", "令和9年5月28日（金）" + "x" * 100])
def test_a_text_longer_than_any_day_and_time_is_none_at_once(text):
    """A 提出期限 typed over in a returned file as 30,000 characters: said unreadable at once, quoted short (the time's
    pattern tried on it grew with its square: seconds for each such file in merge and status)."""
    with pytest.raises(FiscalYearError) as said:
        parse_datetime(text)
    assert "…」を読めません" in str(said.value) and len(str(said.value)) < 200
