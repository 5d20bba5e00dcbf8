"""The records that travel between the stages: one answer, a file's status, a section's status.

:class:`Answer` is one answered input cell of an accepted return, normalised. It is the one
shape of an answer: :data:`ANSWER_COLUMNS` (the answers table's columns), the ledger's SQL and
the DataFrames are all derived from it. Fields:

- ``year``: the fiscal year, as the Western year it starts in (2026 = 令和8年度)
- ``section``: the section that answered (from the template's metadata)
- ``kind``: ``"item"`` (取組状況), ``"kpi"`` (KPI) or ``"review"`` (the 推進室評価シート: the row's section)
- ``id``: item ID (``"1-1-3"``) or KPI ID (``"K03"``)
- ``field``: the input column's key from :mod:`reform_xlsx.form.layout`
  (item: grade, result, plan_next, effect_yen, response; kpi: actual, note; review: review_grade,
  office_comment, hq_opinion, committee_opinion, policy, and :data:`SHEET_GRADE`)
- ``value``: normalised: grade code (``"A"``), text, yen as int, rate as a fraction,
  count as a number; None when blank
- ``raw``: the text as typed (before normalisation)
- ``file``, ``sheet``, ``cell``: where it came from (file name as received, A1 cell)

Workbooks show the Japanese headers of :data:`ANSWER_LABELS` (「回答一覧」, 「データ」).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum, StrEnum
from operator import attrgetter
from typing import TYPE_CHECKING

from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.office_days import closed_reason
from reform_xlsx.wareki import format_fiscal_year, japanese_date, japanese_year

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Answer:
    year: int
    section: str
    kind: str
    id: str
    field: str
    value: object
    raw: str | None
    file: str
    sheet: str
    cell: str

    def as_tuple(self) -> tuple:
        """The fields in :data:`ANSWER_COLUMNS` order (no copies: values are plain)."""
        return _as_tuple(self)


ANSWER_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Answer))
_as_tuple = attrgetter(*ANSWER_COLUMNS)
ANSWER_LABELS = {
    "year": "年度", "section": "課名", "kind": "区分", "id": "ID", "field": "項目", "value": "値",
    "raw": "入力値（原文）", "file": "ファイル", "sheet": "シート", "cell": "セル",
}
KIND_LABELS = {"item": "取組状況", "kpi": "KPI", "review": "推進室評価"}  # 区分: the sheet the answer came from
REVIEW = "review"
SHEET_GRADE = "sheet_grade"  # a review row's section grade as the 推進室評価シート showed it (locked, not typed)


def answers_frame(answers: Iterable[Answer]) -> pd.DataFrame:
    """The answers table (one row per answer, :data:`ANSWER_COLUMNS`); blanks are None, never NaN."""
    import pandas as pd  # only where frames are made: worker processes never need pandas

    rows = [a.as_tuple() for a in answers]
    if not rows:
        return empty_answers()
    frame = pd.DataFrame.from_records(rows, columns=list(ANSWER_COLUMNS)).astype(object)
    frame = frame.where(frame.notna(), None)
    return frame.astype({"year": int})


def entered_answers(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers a table shows: the sections' as they are, the 推進室評価シート's only where the office
    typed something. The ledger keeps every cell of the sheet's rows, blank or not (the sheet is whole:
    the newest one wins); here a blank review cell is left out, and so is the section grade the sheet
    showed (:data:`SHEET_GRADE`) on a row where nothing was typed."""
    import pandas as pd

    if answers.empty:
        return answers
    review = answers["kind"] == REVIEW
    blank = answers["value"].isna() & answers["raw"].map(lambda raw: raw is None or not str(raw).strip())
    typed = review & ~blank & (answers["field"] != SHEET_GRADE)
    rows = set(zip(answers["year"][typed], answers["section"][typed], answers["id"][typed]))
    on_typed_row = pd.Series([key in rows for key in zip(answers["year"], answers["section"], answers["id"])],
                             index=answers.index, dtype=bool)
    return answers[~review | typed | ((answers["field"] == SHEET_GRADE) & on_typed_row)]


def empty_answers() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype="object") for c in ANSWER_COLUMNS})


class FileStatus(StrEnum):
    """What became of one file found under the inbox paths."""

    ACCEPTED = "accepted"  # our template, no errors (warnings allowed): its answers are used
    REJECTED = "rejected"  # our template (or meant to be) with errors: 差し戻し
    SKIPPED = "skipped"  # not a workbook we can read (.xls, .csv, .ods, text, broken zip …)
    IGNORED = "ignored"  # Excel/LibreOffice lock files, OS files: noted, not counted
    DUPLICATE = "duplicate"  # byte-identical to a file recorded earlier (ledger only)

    @property
    def label(self) -> str:
        return {"accepted": "受理", "rejected": "差し戻し", "skipped": "対象外", "ignored": "無視",
                "duplicate": "重複"}[self.value]


class SectionStatus(StrEnum):
    """Where a section stands for a year (the value is what people read, and what JSON carries)."""

    SUBMITTED = "提出済"  # an accepted file is in use
    RETURNED = "差し戻し"  # only rejected files so far
    MISSING = "未提出"  # nothing received

    @property
    def label(self) -> str:
        return self.value


# One row per expected section (受付結果 「課別」, 提出状況, ``status``). ``returned``: the file sent back
# for correction (差し戻し) — also for a 提出済 section whose newer file was rejected. ``submitted_at``: when the section
# first submitted a file for the year (its own saved time, see intake.result.submitted_time), as local
# ISO text; ``deadline``: its 提出期限 (ISO date); ``timeliness``: 期限内 / 期限後 / "" (not submitted
# or no deadline); ``respondent``: the 回答者欄 of the file the status rests on ({person, extension, mail, head}).
STATUS_COLUMNS = ("year", "section", "status", "file", "received_at", "errors", "warnings", "returned",
                  "submitted_at", "deadline", "timeliness", "respondent")
ON_TIME, LATE = "期限内", "期限後"


def local_datetime(epoch: float | None) -> datetime | None:
    """An epoch as the office's local time; None when it is not known (None, or 0: the time of a file that could
    not be looked at) or is beyond what the system can show (a file time of 9999; on Windows before 1970 too)."""
    if epoch is None or epoch <= 0:
        return None
    try:
        return datetime.fromtimestamp(epoch)
    except (OverflowError, OSError, ValueError):
        return None


def local_time(epoch: float | None) -> str | None:
    """An epoch as the office's local time, ISO text without a zone (「2027-05-20T10:00:00」); None when
    it is not known (:func:`local_datetime`)."""
    when = local_datetime(epoch)
    return when.replace(microsecond=0).isoformat() if when is not None else None


def timeliness(submitted_at: float | None, deadline: str | None) -> str:
    """期限内 when the day it was submitted (local time) is on or before the 提出期限, 期限後 after it;
    "" without either."""
    when = local_datetime(submitted_at)
    if when is None or not deadline:
        return ""
    try:
        day = date.fromisoformat(deadline)
    except ValueError:
        return ""
    return ON_TIME if when.date() <= day else LATE


# what a printed 提出日時 is, in the order intake.result.submitted_time takes it (the sheets said 「ブックの保存日時」 only)
SUBMITTED_AT_RULE = "ブックの保存日時。なければファイルの更新日時、推進室の指定があればその日時"


def deadlines_text(rows: Iterable[Mapping], weekday: bool = True) -> str:
    """The 提出期限 said once above a table of sections (``status``, 受付結果 「課別」, 事務局用 「提出状況」) from their rows
    (``section``, ``deadline``: ISO date or None): 「令和9年5月28日（金）」 when every section has that day; when a
    section was given another (``templates --section DX推進課 --deadline …``: more time), the day most sections have
    (the earlier of two as common) and then the others by section — 「令和9年5月28日（金）（DX推進課は令和9年6月4日（金）、
    観光課はなし）」 —, so that no section's 期限内・期限後 reads against a day that is not its own. "" when none has one.
    ``weekday=False``: the days without their weekday (``templates``' lines, 「令和9年5月28日」 as it was given)."""
    by_day: dict[date | None, list[str]] = {}
    for row in rows:
        text = row.get("deadline")
        try:
            day = date.fromisoformat(text) if isinstance(text, str) and text else None
        except ValueError:  # not a day (the ledger gives days): as if none
            day = None
        by_day.setdefault(day, []).append(row["section"])
    days = sorted((d for d in by_day if d is not None), key=lambda d: (-len(by_day[d]), d))
    if not days:
        return ""
    others = [f"{'・'.join(by_day[d])}は{japanese_date(d, weekday)}" for d in sorted(days[1:])]
    others += [f"{'・'.join(by_day[None])}はなし"] if None in by_day else []
    return japanese_date(days[0], weekday) + (f"（{'、'.join(others)}）" if others else "")


DEADLINE, RESUBMIT_BY = "提出期限", "再提出期限"


class DueDateError(ValueError):
    """A 提出期限 or 再提出期限 (T001), or a meeting's date (T004), before the fiscal year it is for begins:
    ``problem`` says which year it belongs in (a typo of the year: 2026 for 2027)."""

    def __init__(self, found: Problem) -> None:
        super().__init__(found.message)
        self.problem = found


def due_date_problem(year: int, day: date, *, what: str = DEADLINE, option: str | None = None,
                     today: date | None = None, nothing: str = "何も作っていません", used: str = "使います") -> Problem | None:
    """What is wrong with ``day`` as the ``what`` (:data:`DEADLINE` or :data:`RESUBMIT_BY`) of fiscal ``year``'s survey:
    T001 (an error) when it is before the year begins (1 April) — the 照会 about a year is sent after the year ends,
    so no day before it can be one —, T002 (a warning) when it is before ``today`` (when given): kept as given (a
    form sent again after the deadline), ``used`` saying where. ``option``: where it was given (``--deadline``);
    ``nothing``: what the stopped command did not do. None when neither."""
    if day < date(year, 4, 1):
        return _before_year(Msg.DUE_BEFORE_YEAR, year, day, what=what, option=option, nothing=nothing)
    if today is not None and day < today:
        return problem(Msg.DUE_BEFORE_TODAY, path=option, what=what, day=japanese_date(day, weekday=True),
                       today=japanese_date(today, weekday=True), used=used)
    return None


def resubmit_before_deadline_problem(day: date, deadlines: dict[str, date | str | None], *, option: str | None = None,
                                     used: str = "使います") -> Problem | None:
    """T010 (a warning) when ``day``, a 再提出期限 given, is before the 提出期限 of any of the sections sent back
    (``deadlines``: section → its 提出期限, ISO text or a date): that section had less time than every other (the
    default is never before it). None when it is not."""
    early = {s: d if isinstance(d, date) else date.fromisoformat(d) for s, d in deadlines.items() if d}
    early = {s: d for s, d in early.items() if day < d}
    if not early:
        return None
    sections = "、".join(f"{s}（提出期限 {japanese_date(d, weekday=True)}）" for s, d in early.items())
    return problem(Msg.RESUBMIT_BEFORE_DEADLINE, path=option, what=RESUBMIT_BY, day=japanese_date(day, weekday=True),
                   sections=sections, used=used)


def _before_year(code: Msg, year: int, day: date, *, what: str, option: str | None, nothing: str) -> Problem:
    """T001 or T004: ``day``, the ``what`` of fiscal ``year``, is before the year begins (1 April)."""
    start = date(year, 4, 1)
    after = year + 1  # the calendar year the 照会 about ``year`` goes out in (令和8年度 → 令和9年, 2027)
    # the day typed, in that year (a month from April: January to March of that year are still in the fiscal year)
    example = f"（例: {japanese_date(day.replace(year=after), weekday=True)}）" if day.month >= 4 else ""
    return problem(code, path=option, what=what, day=japanese_date(day, weekday=True), fy=format_fiscal_year(year),
                   start=japanese_date(start), year_after=japanese_year(after), western=after, example=example,
                   nothing=nothing)


MEETING_DATE, MEETING_DATE_OPTION = "会議の開催日", "--meeting-date"


class MeetingDateCleared(Enum):
    """``--meeting-date なし``: the meeting date recorded for the year is cleared (the cover shows none)."""

    CLEARED = "none"


NO_MEETING_DATE = MeetingDateCleared.CLEARED


def meeting_date_problem(year: int, day: date, *, nothing: str) -> Problem | None:
    """T004 (an error) when ``day``, given as the date of the meeting the packet of fiscal ``year`` is for, is before
    the year begins (1 April): a packet reports the year's work, so its meeting is never before the year — a typo of
    the year (2026 for 2027), kept for the year's later merges and reports if it were taken. ``nothing``: what the
    stopped command did not do. T005 (a warning) when it is in the year itself (before 1 April of the next): most
    likely the same typo (令和8年7月10日 for 令和9年7月10日), but a city may meet on the year's interim figures; kept as
    given, the warning saying what the cover shows. None otherwise."""
    if day < date(year, 4, 1):
        return _before_year(Msg.MEETING_BEFORE_YEAR, year, day, what=MEETING_DATE, option=MEETING_DATE_OPTION,
                            nothing=nothing)
    if day < date(year + 1, 4, 1):
        # the day typed, a year on (令和8年7月10日 → 令和9年7月10日); January to March are already that year
        example = f"（例: {japanese_date(day.replace(year=year + 1), weekday=True)}）" if day.month >= 4 else ""
        return problem(Msg.MEETING_DURING_YEAR, path=MEETING_DATE_OPTION, what=MEETING_DATE,
                       day=japanese_date(day, weekday=True), fy=format_fiscal_year(year),
                       end=japanese_date(date(year + 1, 3, 31)), year_after=japanese_year(year + 1), western=year + 1,
                       example=example, shown=japanese_date(day))
    return None


def closed_day_problem(day: date, *, what: str = DEADLINE, option: str | None = None,
                       used: str = "使います") -> Problem | None:
    """T003 (a warning) when ``day``, a 提出期限 or 再提出期限 the office gave, falls on a day the city hall is closed
    (a Saturday, Sunday, national holiday or in the 年末年始 closure): kept as given (the office may mean it), ``used``
    saying where. None on an open day."""
    reason = closed_reason(day)
    if reason is None:
        return None
    return problem(Msg.DUE_ON_CLOSED_DAY, path=option, what=what, day=japanese_date(day, weekday=True), reason=reason,
                   used=used)


# what older code wrote in a 問い合わせ先 made of the office's 連絡先 row when its 内線 was typed with the word
# (「内線 1234」 → 「…（内線 内線 1234）」): the doubled word right after the bracket, then the number
_DOUBLED_EXTENSION = re.compile(r"（内線 内線\s*[:：]?\s*(?=[0-9０-９])")


def recorded_contact(text: str) -> str:
    """A 問い合わせ先 as the ledger recorded it, made what the tool writes now: 「（内線 内線 1234）」 (what an earlier
    ``templates`` recorded when the office's 内線 was typed 「内線 1234」) is 「（内線 1234）」. Nothing else is changed:
    only that exact doubled prefix, which only the older code wrote (a 問い合わせ先 given with --contact is as given)."""
    return _DOUBLED_EXTENSION.sub("（内線 ", text)


_EXTENSION_WORD = re.compile(r"^内線\s*[:：]?\s*")
# the word a clerk types before a whole telephone number (「電話 024-…」「TEL：024-…」「℡024-…」「Tel.024-…」)
_PHONE_WORD = re.compile(r"^(?:電話(?:番号)?|TEL|ＴＥＬ|℡)\s*[.．]?\s*[:：]?\s*", re.IGNORECASE)
PHONE_DIGITS = 10  # a whole telephone number (「024-555-0123」), not a 内線


def extension_text(extension: str | None) -> str:
    """「内線 1234」 for a 内線 as typed: 「1234」, or with the word already (「内線 1234」「内線1234」「内線：1234」: never
    「内線 内線 1234」); a whole telephone number typed there (「024-555-0123」: ten digits or more, or after its word:
    「TEL 024-555-0123」「電話：024-…」) 「電話 024-555-0123」, not a 内線 (never 「電話 電話 …」). "" when blank."""
    text = " ".join(str(extension or "").split())
    number = _EXTENSION_WORD.sub("", text)
    if not number:
        return ""
    phone = _PHONE_WORD.sub("", number) if number == text else number
    if phone != number:  # its word typed: a telephone number, said once
        return f"電話 {phone}" if phone else ""
    if sum(ch.isdigit() for ch in number) >= PHONE_DIGITS and number == text:
        return f"電話 {number}"
    return f"内線 {number}"


def respondent_text(respondent: dict[str, str] | None) -> str:
    """「山田 花子（内線 1234、yamada@example.jp）」 from the 回答者欄 ("" when blank)."""
    if not respondent:
        return ""
    person = respondent.get("person", "")
    details = [extension_text(respondent.get("extension", "")), respondent.get("mail", "")]
    details = [d for d in details if d]
    text = person + (f"（{'、'.join(details)}）" if details else "")
    if respondent.get("head"):
        text += f" 所属長確認: {respondent['head']}"
    return text.strip()


def status_counts_line(rows: Iterable[Mapping]) -> str:
    """「提出済 9 課・差し戻し 1 課・未提出 1 課（全 11 課）」 from the sections' rows (``status``,
    ``returned``). A 提出済 section whose newer file was sent back is said so, so that every
    差し戻し file written is counted: 「提出済 11 課（うち 1 課は再提出を差し戻し）・…」."""
    rows = list(rows)
    statuses = [r["status"] for r in rows]
    counts = {s: sum(x == s for x in statuses) for s in SectionStatus}
    resent = sum(r["status"] == SectionStatus.SUBMITTED and _named(r.get("returned")) for r in rows)
    parts = []
    for s in SectionStatus:
        part = f"{s.label} {counts[s]} 課"
        if s is SectionStatus.SUBMITTED and resent:
            part += f"（うち {resent} 課は再提出を差し戻し）"
        parts.append(part)
    return f"{'・'.join(parts)}（全 {len(rows)} 課）"


def _named(value: object) -> bool:
    """Whether a row's file column names a file (None, "" and a table's NaN do not)."""
    return isinstance(value, str) and value != ""
