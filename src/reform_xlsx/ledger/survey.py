"""What the office asked for a year and when it meets: the 調査票 ``templates`` wrote (照会, with their 提出期限 and
問い合わせ先, and the blank forms by their content), the meeting date given to ``merge``/``report`` and the 再提出期限
given to ``merge``/``status`` for the files sent back.

A part of :class:`~reform_xlsx.ledger.store.Ledger` (its ``db`` and ``transaction``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path

from reform_xlsx.ledger.rows import file_sha256
from reform_xlsx.ledger.schema import RESUBMIT_DATES
from reform_xlsx.records import recorded_contact


def _day(text: str | None) -> str | None:
    """A 提出期限 as the ISO date the rest of the tool reads (「2027-05-28」), or None. ``templates`` records ISO dates, but a
    returned file carries its own as it was left: its hidden 「_meta」 sheet or document properties typed over
    (「令和9年5月28日」「2027/5/28」: read as that day; typed into the sheet's cell, a date cell, read as
    「2027-05-28T00:00:00」: its day too), or a word that is no day (as if it carried none) — it stopped ``merge`` and
    ``status`` with an internal error, and left its section without 期限内・期限後."""
    from reform_xlsx.wareki import FiscalYearError, parse_datetime

    if not text:
        return None
    try:
        return parse_datetime(text).date().isoformat()  # a day, with or without a time
    except FiscalYearError:
        return None


def _common_day(days: Iterable[str | None]) -> str | None:
    """The year's 提出期限 from each section's: the day most sections have, the earlier of as many (as
    :func:`~reform_xlsx.records.deadlines_text` says it above the sections) — never the newest, which may be one
    section's extension (``templates --section DX推進課 --deadline …``). None when no section has one."""
    counts = Counter(day for day in days if day)
    return min(counts, key=lambda day: (-counts[day], day)) if counts else None


class SurveyRecords:
    """The 照会 and meeting-date records of :class:`~reform_xlsx.ledger.store.Ledger`."""

    def record_requests(self, year: int, sent: list[tuple[str, str | None, str | None, str | None]],
                        created: datetime | None = None) -> None:
        """Record the templates written for ``year``: (section, 提出期限 ISO date, 問い合わせ先, template id)."""
        when = (created or datetime.now()).replace(microsecond=0).isoformat()
        with self.transaction():
            self.db.executemany("INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?)",
                                [(year, section, deadline or None, contact or None, template_id, when)
                                 for section, deadline, contact, template_id in sent])

    def asked(self, year: int) -> set[str]:
        """The sections the ledger knows were sent a 調査票 for ``year`` (照会, templates written with it);
        empty when it knows of none (templates made without the ledger)."""
        return {r[0] for r in self.db.execute(
            "SELECT section FROM requests WHERE year = ? UNION SELECT section FROM plan_uses"
            " WHERE year = ? AND kind = 'template' AND section IS NOT NULL", (year, year))}

    def surveyed(self, year: int) -> bool:
        """Whether the ledger knows of a survey of ``year``: templates written with it (with or without a
        提出期限: 照会) or a file received."""
        return self.db.execute("SELECT 1 FROM requests WHERE year = ? UNION ALL SELECT 1 FROM submissions WHERE year = ?"
                               " UNION ALL SELECT 1 FROM plan_uses WHERE year = ? AND kind = 'template' LIMIT 1",
                               (year, year, year)).fetchone() is not None

    def deadline_of(self, year: int, section: str | None = None) -> str | None:
        """The 提出期限 (ISO date) of ``section`` for ``year``: the newest one ``templates`` recorded for
        it, else the one its newest file carries; without a section (or without either), the year's: the day most
        sections were asked for (:func:`_common_day`). None when no deadline was ever given."""
        return self.deadlines_of(year, [section])[section]

    def deadlines_of(self, year: int, sections: Iterable[str | None]) -> dict[str | None, str | None]:
        """:meth:`deadline_of` of each of ``sections`` for ``year`` (the one place its rules are kept), in two passes
        over the year whatever the number of sections (asked one by one, each section scanned the year's 照会 and files:
        a 1,000-section plan's merge, status and templates asked a million rows)."""
        asked: dict[str, str | None] = {}  # each section's newest 照会 (also when it set no day)
        for r in self.db.execute("SELECT section, deadline FROM requests WHERE year = ?"
                                 " ORDER BY created DESC, rowid DESC", (year,)):
            if r["section"] not in asked:
                asked[r["section"]] = _day(r["deadline"])
        carried: dict[str, str] = {}  # each section's newest file's 提出期限 that reads as a day
        read: dict[str, str | None] = {}  # a carried 提出期限 read once as a day (the files of a year mostly carry one)
        for r in self.db.execute("SELECT section, deadline FROM submissions WHERE year = ? AND deadline > ''"
                                 " ORDER BY submitted_at DESC, id DESC", (year,)):
            if r["section"] not in carried:
                text = r["deadline"]
                day = read[text] if text in read else read.setdefault(text, _day(text))
                if day is not None:
                    carried[r["section"]] = day
        found = carried | asked  # the newest 照会 decides; a file's own day only for a section never asked
        year_wide = _common_day(asked.values()) or _common_day(carried.values())
        return {s: found[s] if s in found else year_wide for s in dict.fromkeys(sections)}

    def contact_of(self, year: int) -> str | None:
        """The 問い合わせ先 given to ``templates`` for ``year``: the newest recorded, else the newest a file carries —
        without the 「内線 内線」 older code wrote (:func:`~reform_xlsx.records.recorded_contact`; the ledger is as it
        was)."""
        for query in ("SELECT contact FROM requests WHERE year = ? AND contact > '' ORDER BY created DESC, rowid DESC",
                      "SELECT contact FROM submissions WHERE year = ? AND contact > ''"
                      " ORDER BY submitted_at DESC, id DESC"):
            row = self.db.execute(query + " LIMIT 1", (year,)).fetchone()
            if row is not None:
                return recorded_contact(row["contact"])
        return None

    def meeting_date(self, year: int) -> date | None:
        """The date of the meeting the packet of ``year`` is for, as last given (``--meeting-date``); None
        when none was ever given, or the last word cleared it."""
        row = self.db.execute("SELECT day FROM meeting_dates WHERE year = ? ORDER BY rowid DESC LIMIT 1",
                              (year,)).fetchone()
        return date.fromisoformat(row["day"]) if row is not None and row["day"] else None

    def record_meeting_date(self, year: int, day: date | None, command: str, now: datetime | None = None) -> None:
        """Record ``day`` (None: cleared) as the meeting date of ``year``, given to ``command`` (merge, report);
        the rows before stay (the newest counts)."""
        when = (now or datetime.now()).replace(microsecond=0).isoformat()
        with self.transaction():
            self.db.execute("INSERT INTO meeting_dates VALUES (?, ?, ?, ?)",
                            (year, day.isoformat() if day else None, when, command))


    def has_resubmit_dates(self) -> bool:
        """Whether the ledger has its table of 再提出期限 (made when first written: one an older version wrote has not)."""
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'resubmit_dates'"
                               ).fetchone() is not None

    def resubmit_dates(self, year: int) -> dict[int, date]:
        """The 再提出期限 given for ``year``'s files sent back (``--resubmit-by`` of merge or status), by submission id;
        a file none was given for is not in it (its copy says the default)."""
        if not self.has_resubmit_dates():
            return {}
        return {r["submission_id"]: date.fromisoformat(r["day"]) for r in self.db.execute(
            "SELECT submission_id, day FROM resubmit_dates WHERE year = ?", (year,))}

    def record_resubmit_date(self, year: int, ids: list[int], day: date, command: str,
                             now: datetime | None = None) -> None:
        """Record ``day`` as the 再提出期限 of the files sent back ``ids`` of ``year``, given to ``command`` (merge,
        status): the copies written of them again say it, until another date is given."""
        recorded = self.resubmit_dates(year)
        ids = [i for i in dict.fromkeys(ids) if recorded.get(i) != day]
        if not ids:
            return
        when = (now or datetime.now()).replace(microsecond=0).isoformat()
        with self.transaction():
            self.db.execute(RESUBMIT_DATES)
            self.db.executemany("INSERT OR REPLACE INTO resubmit_dates VALUES (?, ?, ?, ?, ?)",
                                [(i, year, day.isoformat(), command, when) for i in ids])

    def record_forms(self, year: int, written: list[tuple[str, Path]]) -> None:
        """Remember the blank 調査票 ``templates`` wrote for ``year`` ((section, file) each) by their content: a
        file of the same bytes met by merge is the form as distributed (F027), never a section's return."""
        rows = [(year, section, self._path_text(path), file_sha256(Path(path))) for section, path in written]
        with self.transaction():
            self.db.executemany("INSERT OR IGNORE INTO sent_forms VALUES (?, ?, ?, ?)", rows)

    def forms_left_over(self, year: int, sections: set[str], out: Path) -> list[tuple[str, Path]]:
        """The blank 調査票 of ``year`` :meth:`record_forms` remembered in the folder ``out`` for a section not among
        ``sections`` (those the plan in force asks that year), still there as they were written: forms made before a
        revision renamed the section or left it nothing, not to be handed out ((section, file) each). A file changed since
        is left out."""
        folder = Path(out).resolve()
        found = []
        for r in self.db.execute("SELECT section, path, sha256 FROM sent_forms WHERE year = ? ORDER BY rowid", (year,)):
            path = self.recorded_path(r["path"])
            if r["section"] in sections or path.parent.resolve() != folder:
                continue
            with suppress(OSError):  # (gone, or not readable just now: nothing to say of it)
                if path.is_file() and file_sha256(path) == r["sha256"]:
                    found.append((r["section"], path))
        return found
