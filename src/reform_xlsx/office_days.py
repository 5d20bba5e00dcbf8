"""The days the city hall is open (開庁日), for the 再提出期限 the tool chooses and the dates a command is given.

Closed (閉庁日): Saturdays and Sundays, the national holidays (``jpholiday``: with 振替休日 and 国民の休日), and the
年末年始 closure from 12月29日 to 1月3日. A 再提出期限 the tool chooses is moved to the next open day; a date the
office gives (``--deadline``, ``--resubmit-by``) is used as given and only said (T003).
"""

from __future__ import annotations

import datetime as dt

WEEKEND = {5: "土曜日", 6: "日曜日"}
YEAR_END = "年末年始（12月29日～1月3日）"


def closed_reason(day: dt.date) -> str | None:
    """Why the city hall is closed on ``day`` — the holiday's name (「憲法記念日 振替休日」「国民の休日」), the
    年末年始 closure, 「土曜日」 or 「日曜日」 —, or None on an open day. A holiday is named before the closure or the
    day of the week it falls on (1月1日 is 「元日」)."""
    import jpholiday  # (here: the readers' worker processes, which import the records, never need it)

    holiday = jpholiday.is_holiday_name(day)
    if holiday:
        return holiday
    if (day.month, day.day) >= (12, 29) or (day.month, day.day) <= (1, 3):
        return YEAR_END
    return WEEKEND.get(day.weekday())


def open_on_or_after(day: dt.date) -> dt.date:
    """``day`` if the city hall is open then, or else the next day it is."""
    while closed_reason(day) is not None:
        day += dt.timedelta(days=1)
    return day
