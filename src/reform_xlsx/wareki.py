"""和暦: fiscal years and dates as people write them — the one place that parses and prints them.

A fiscal year (年度) is held as the Western calendar year it starts in: ``2026`` is 令和8年度
(April 2026 – March 2027). People type ``R8``, ``令和8年度``, ``令和元年度``, ``H30``,
``平成30年度``, ``2026`` or ``2026年度`` (full-width too); they read 「令和8年度」, or
「令和8年度（2026年度）」 where publication rules ask for the Western year beside it.

A fiscal year is named after the era in force when it starts, the way Japanese offices do:
FY2019 began under 平成 (April 2019) but is called 令和元年度 once 令和 had begun, so the
fiscal-year eras switch on their first full year (1989 → 平成元年度, 2019 → 令和元年度).
Dates use the exact day an era began (2019-04-30 is 平成31年4月30日, 2019-05-01 令和元年5月1日).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

WEEKDAYS = "月火水木金土日"


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    letter: str  # R
    first_year: int  # Western year of 元年 (fiscal years: from this year on)
    first_day: dt.date  # the day the era began (dates)
    max_number: int = 99  # highest era year accepted when parsing (平成32年度 still appears in old plans)

    def western(self, number: int) -> int:
        return self.first_year + number - 1

    def number(self, year: int) -> int:
        return year - self.first_year + 1


ERAS = (  # newest first
    Era("令和", "R", 2019, dt.date(2019, 5, 1)),
    Era("平成", "H", 1989, dt.date(1989, 1, 8), max_number=40),
    Era("昭和", "S", 1926, dt.date(1926, 12, 25), max_number=64),
)
_BY_NAME = {e.name: e for e in ERAS} | {e.letter: e for e in ERAS}
MIN_YEAR, MAX_YEAR = ERAS[-1].first_year, 2117

_ERA_YEAR = re.compile(r"^(?:FY)?(令和|平成|昭和|R|H|S)(\d{1,3}|元)(?:年度?)?$")
_WESTERN_YEAR = re.compile(r"^(?:FY)?(\d{4})(?:年度?)?(?:FY)?$")
_ERA_DATE = re.compile(r"^(令和|平成|昭和|R|H|S)(\d{1,3}|元)[年.\-/](\d{1,2})[月.\-/](\d{1,2})日?$")
_WESTERN_DATE = re.compile(r"^(\d{4})[年\-/.](\d{1,2})[月\-/.](\d{1,2})日?$")
_PREFIX = re.compile(r"^(令和|平成|昭和)(\d{1,2}|元)年度(.*)$")


class FiscalYearError(ValueError):
    """A text that is not a fiscal year (or a date) we understand."""


def _clean(text: object) -> str:
    return unicodedata.normalize("NFKC", str(text)).strip().upper().replace(" ", "").replace("　", "")


def _era_number(era: Era, text: str) -> int | None:
    number = 1 if text == "元" else int(text)
    return number if 1 <= number <= era.max_number else None


def parse_fiscal_year(text: str | int) -> int:
    """The fiscal year (Western, e.g. 2026) of ``R8``, ``令和8``, ``令和8年度``, ``令和元年度``,
    ``H30``, ``平成30年度``, ``2026``, ``2026年度``, ``FY2026`` (full-width digits too)."""
    if isinstance(text, bool):
        raise FiscalYearError(f"年度「{text}」を読めません。")
    s = _clean(text)
    m = _ERA_YEAR.match(s)
    if m:
        era = _BY_NAME[m.group(1)]
        number = _era_number(era, m.group(2))
        if number is not None:
            return era.western(number)
        if m.group(2) != "0":
            raise FiscalYearError(f"年度「{text}」は扱える範囲の外です（{era.name}は{era.max_number}年度まで）。"
                                  "年度を確かめてください。")
    m = _WESTERN_YEAR.match(s)
    if m and MIN_YEAR <= int(m.group(1)) <= MAX_YEAR:
        return int(m.group(1))
    raise FiscalYearError(
        f"年度「{text}」を読めません。R8、令和8年度、H30、平成30年度、2026 のように書いてください。")


def as_fiscal_year(value: int | str) -> int:
    """A fiscal year given to a library function: an int is a Western year (2026), a text is parsed."""
    if isinstance(value, int) and not isinstance(value, bool):
        if not MIN_YEAR <= value <= MAX_YEAR:
            raise FiscalYearError(f"年度 {value} は西暦の年（例: 2026）で指定してください。")
        return value
    return parse_fiscal_year(value)


def era_of_year(year: int) -> Era:
    """The era a fiscal year is named after."""
    return next((e for e in ERAS if year >= e.first_year), ERAS[-1])


def _era_year_text(era: Era, year: int) -> str:
    number = era.number(year)
    return "元" if number == 1 else str(number)


def format_fiscal_year(year: int) -> str:
    """``2026`` → 「令和8年度」, ``2019`` → 「令和元年度」, ``2018`` → 「平成30年度」."""
    era = era_of_year(year)
    return f"{era.name}{_era_year_text(era, year)}年度"


def format_fiscal_year_western(year: int) -> str:
    """``2026`` → 「令和8年度（2026年度）」: for publication, where the Western year stands beside."""
    return f"{format_fiscal_year(year)}（{year}年度）"


def short_fiscal_year(year: int) -> str:
    """``2026`` → ``R8``, ``2018`` → ``H30`` (metadata, keys, compact headers)."""
    era = era_of_year(year)
    return f"{era.letter}{era.number(year)}"


def format_period(start: int, end: int) -> str:
    """「令和8年度～令和12年度」."""
    return f"{format_fiscal_year(start)}～{format_fiscal_year(end)}"


def format_year_span(start: int, end: int, open_end: bool = False) -> str:
    """A run of fiscal years as people write it: 「令和9年度」, 「令和8～9年度」 (one era), 「平成30年度～令和元年度」,
    and with ``open_end`` (it runs to the plan's end) 「令和10年度～」."""
    if start == end:
        return format_fiscal_year(start)
    if open_end:
        return f"{format_fiscal_year(start)}～"
    first, last = era_of_year(start), era_of_year(end)
    if first == last:
        return f"{first.name}{_era_year_text(first, start)}～{_era_year_text(last, end)}年度"
    return f"{format_fiscal_year(start)}～{format_fiscal_year(end)}"


def format_year_runs(years: list[int]) -> str:
    """The fiscal years an item ran, as runs of :func:`format_year_span` joined by 「、」: 「令和8～12年度」, and for one a
    revision ended and a later one took up again 「令和8年度、令和11～12年度」 (``years`` ascending, not empty)."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return "、".join(format_year_span(start, end) for start, end in runs)


def split_fiscal_year_prefix(text: str) -> tuple[int, str] | None:
    """「令和8年度 進捗状況」 → ``(2026, "進捗状況")`` (spaces removed); None for any other text."""
    m = _PREFIX.match("".join(unicodedata.normalize("NFKC", text).split()))
    if not m:
        return None
    era = _BY_NAME[m.group(1)]
    number = _era_number(era, m.group(2))
    return (era.western(number), m.group(3)) if number is not None else None


# --- dates ---------------------------------------------------------------------------------

def era_of_date(day: dt.date) -> Era | None:
    return next((e for e in ERAS if day >= e.first_day), None)


def japanese_date(day: dt.date, weekday: bool = False) -> str:
    """2026-06-01 → 「令和8年6月1日」 (2019-04-30 → 「平成31年4月30日」; ``weekday``: 「…（月）」)."""
    era = era_of_date(day)
    text = (f"{era.name}{'元' if day.year == era.first_day.year else day.year - era.first_day.year + 1}年"
            f"{day.month}月{day.day}日") if era else f"{day.year}年{day.month}月{day.day}日"
    return text + (f"（{WEEKDAYS[day.weekday()]}）" if weekday else "")


def japanese_year(year: int) -> str:
    """A calendar year as people write it: ``2027`` → 「令和9年」 (``2019`` → 「令和元年」: the era it ends in)."""
    return japanese_date(dt.date(year, 12, 31)).split("年", 1)[0] + "年"


def japanese_month(year: int, month: int) -> str:
    """``(2026, 10)`` → 「令和8年10月」."""
    return japanese_date(dt.date(year, month, 1)).rsplit("月", 1)[0] + "月"


def parse_date(text: str) -> dt.date:
    """``2026-06-01``, ``2026/6/1``, ``2026年6月1日``, ``令和8年6月1日``, ``R8.6.1`` → a date.

    A weekday as this tool prints it (「令和9年5月28日（金）」) is read and checked against the day.

    Raises :class:`FiscalYearError` with a Japanese message (also for 2026-02-30)."""
    s = _clean(text)
    said = _WEEKDAY.search(s)
    if said:
        s = s[:said.start()] + s[said.end():]
    m = _WESTERN_DATE.match(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _ERA_DATE.match(s)
        if not m:
            raise FiscalYearError(
                f"日付「{text}」を読めません。2026-06-01、2026/6/1、令和8年6月1日 のように書いてください。")
        era = _BY_NAME[m.group(1)]
        number = 1 if m.group(2) == "元" else int(m.group(2))
        if number < 1:
            raise FiscalYearError(f"日付「{text}」はありません（{era.name}は元年（1年）からです）。")
        y = era.first_day.year + number - 1
        mo, d = int(m.group(3)), int(m.group(4))
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise FiscalYearError(f"日付「{text}」は扱える範囲（{MIN_YEAR}年～{MAX_YEAR}年）の外です。年を確かめてください。")
    try:
        day = dt.date(y, mo, d)
    except ValueError:
        raise FiscalYearError(f"日付「{text}」はありません（月日を確かめてください）。") from None
    if m.re is not _WESTERN_DATE:
        _check_era(text, era, day)
    if said and WEEKDAYS.index(said.group(1)) != day.weekday():
        raise FiscalYearError(f"日付「{text}」の曜日が違います（{japanese_date(day, weekday=True)}）。日付を確かめてください。")
    return day


def _check_era(text: str, era: Era, day: dt.date) -> None:
    """A day written in an era it is not in (昭和64年1月8日, 平成31年5月1日: the next era had begun)."""
    later = ERAS[ERAS.index(era) - 1] if ERAS.index(era) else None
    if day < era.first_day or (later is not None and day >= later.first_day):
        shown = japanese_date(day) if era_of_date(day) is not None else f"{day.year}年{day.month}月{day.day}日"
        raise FiscalYearError(f"日付「{text}」は{era.name}にありません（{era.name}は{japanese_date(era.first_day)}"
                              + (f"～{japanese_date(later.first_day - dt.timedelta(days=1))}" if later else "から")
                              + f"）。{shown}のことなら、そう書いてください。")


# a time with seconds too, as a mail program, Explorer's properties or an ISO text gives it: 「10:00:00」「10時5分30秒」
_TIME = re.compile(r"^(?P<day>.+?)(?:[T\s]+|(?<=[日)]))(?P<h>\d{1,2})"
                   r"(?::(?P<m>\d{1,2})(?::(?P<s>\d{1,2}))?|時(?:(?P<jm>\d{1,2})(?:分(?:(?P<js>\d{1,2})秒)?)?)?)?$")
_WEEKDAY = re.compile(r"\(([月火水木金土日])(?:曜日?)?\)")  # after NFKC: 「（金）」「(金曜日)」


_LONGEST_DATETIME = 64  # 「令和10年12月28日（木曜日）午後11時59分59秒」 is 25: a longer text is no day (and the time's
# pattern, tried on it, grows with its square: 30,000 spaces took seconds)


def parse_datetime(text: str) -> dt.datetime:
    """A day, optionally with a time: ``2027-05-20``, ``2027-05-20 10:30``, ``2027/5/20 10:30``,
    ``令和9年5月20日 10時30分``, ``令和9年5月20日（木）10時`` → a local datetime (midnight without a time).

    Raises :class:`FiscalYearError` with a Japanese message."""
    typed = unicodedata.normalize("NFKC", str(text)).strip()
    if len(typed) > _LONGEST_DATETIME:  # no day and time is written so long (a 提出期限 typed over in a returned file)
        raise FiscalYearError(f"日時「{typed[:40]}…」を読めません（{len(typed):,} 文字）。2027-05-20 10:30、"
                              "令和9年5月20日 午後3時 のように、日付と時刻を書いてください。")
    s = re.sub(r"(\d{1,2})時半", r"\g<1>時30分", typed)  # 「10時半」
    half = re.search(r"(午前|午後)\s*(\d{1,2})(?=[:時])", s)  # 「午後3時」「午後3:30」: 12-hour as people say it
    if half:
        hour = int(half.group(2))
        if hour == 12:  # 午後12時: noon to some, midnight to others — not guessed
            raise FiscalYearError(f"日時「{text}」の時刻を読めません（{half.group(1)}12時は読み方が分かれます）。"
                                  "12:00 や 0:00 のように 24 時間で書いてください。")
        if hour > 12:
            raise FiscalYearError(f"日時「{text}」の時刻を読めません（{half.group(1)}は 11 時までです）。"
                                  "15:00 のように 24 時間で書くか、午後3時 のように書いてください。")
        hour += 12 if half.group(1) == "午後" else 0
        s = s[:half.start()] + f" {hour}" + s[half.end():]
    try:
        return _datetime(text, s)
    except FiscalYearError:
        if s != typed:  # a message would quote the text as rewritten here (「 15時」), not as typed
            raise FiscalYearError(f"日時「{text}」を読めません。2027-05-20 10:30、令和9年5月20日 午後3時 のように、"
                                  "日付と時刻を書いてください。") from None
        raise


def _datetime(text: str, s: str) -> dt.datetime:
    m = _TIME.match(s)
    if m and (":" in s or "時" in s):
        day = parse_date(m.group("day"))
        hour, minute = int(m.group("h")), int(m.group("m") or m.group("jm") or 0)
        second = int(m.group("s") or m.group("js") or 0)
        if hour > 23 or minute > 59 or second > 59:
            raise FiscalYearError(f"日時「{text}」の時刻を読めません（10:30 のように書いてください）。")
        return dt.datetime(day.year, day.month, day.day, hour, minute, second)
    day = parse_date(s)
    return dt.datetime(day.year, day.month, day.day)


def fiscal_year_of(day: dt.date) -> int:
    """The fiscal year a day falls in (April to March): 2027-03-31 → 2026."""
    return day.year if day.month >= 4 else day.year - 1


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
