"""Returns waiting unopened in the inbox: the zips (F032) and saved mails (F034) with workbooks in them that the merges
of a year found, and whose returns those are by their names — so that ``status --remind`` writes no 督促 to a section
whose return came, only packed in a zip or a mail (M010), and names the files whose section no name tells (M011).

A file's rows stand while it is in the inbox: each merge of the year records those it found (a file read again, its
rows again), and drops the rows of a file it did not meet that is gone from where it was recorded (moved out of the
inbox, or deleted). A section's file read (accepted or sent back) by the merge that found the zip or mail, or by a later
one, settles it for that section (:meth:`UnopenedRecords.unopened`). Nothing is changed by ``status``: a mail moved out
of the inbox before its attachment was merged still holds the section's return.

The same for a section's return merge could not read yet, for a reason that is not the section's doing or that passes
(:data:`~reform_xlsx.messages.UNREAD_RETURN_CODES`: open in Excel on another PC, still being copied, a shortcut or an
unpacked folder in place of the file, over the size cap), whose own name names the section (M013) — kept only for the
sections it names. Such a file does not count for a section with a file accepted (it is unaffected: most often its
accepted file itself, open in Excel now), nor once a file recorded at the same path with the same modification time was
read (the same file, readable again).

A part of :class:`~reform_xlsx.ledger.store.Ledger` (its ``db``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reform_xlsx.ledger.schema import UNOPENED
from reform_xlsx.messages import UNREAD_RETURN_CODES, Msg, Problem
from reform_xlsx.records import FileStatus

if TYPE_CHECKING:
    from reform_xlsx.ledger.outcome import FileOutcome
    from reform_xlsx.plan.model import Plan

# what a zip or a saved mail with (maybe) a return in it is said as
UNOPENED_CODES = frozenset({Msg.INTAKE_ZIPPED.value.code, Msg.INTAKE_SAVED_MAIL.value.code})


@dataclass
class Unopened:
    """A zip or saved mail in the inbox, as the last merges found it: its ``file`` (as shown), ``zipped`` (a zip, else
    a mail), the ``sections`` whose returns it holds by their names and that no file read since has settled, and
    ``unknown``: it holds a workbook whose name names no section (or not all its attachments could be listed).
    ``code``: a section's file merge could not read yet (F019 …: :data:`UNREAD_RETURN_CODES`), not a zip or mail."""

    file: str
    zipped: bool
    sections: list[str] = field(default_factory=list)
    unknown: bool = False
    code: str | None = None


def waiting(problems: list[Problem]) -> bool:
    """Whether a file said with ``problems`` is a zip or saved mail with workbooks in it (F032, F034)."""
    return any(p.code in UNOPENED_CODES for p in problems)


def unread(problems: list[Problem]) -> str | None:
    """The code of a file said with ``problems`` when it is a return merge could not read yet (F019 …), else None."""
    return next((p.code for p in problems if p.code in UNREAD_RETURN_CODES), None)


def left_the_inbox(path: str) -> bool:
    """Whether the recorded file at ``path`` is gone from where it was (moved out of the inbox, deleted): not there,
    while the drive or share it was on is there — a share not reachable now (a network drive disconnected, the VPN
    down: Windows says the file is not found) has moved nothing out of the inbox."""
    if os.path.lexists(path):
        return False
    drive = os.path.splitdrive(path)[0]  # 「Z:」, 「\\server\share」 (POSIX: none)
    return not drive or os.path.isdir(drive + os.path.sep)


class UnopenedRecords:
    """The unopened zips and mails of :class:`~reform_xlsx.ledger.store.Ledger`."""

    db: sqlite3.Connection
    plan: Plan | None  # the ledger's plan: whose old names (組織改正) a recorded section may carry

    def _has_unopened_table(self) -> bool:
        return self.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'unopened'").fetchone() \
            is not None

    def unopened_unknown(self, submission_id: int, problems: list[Problem]) -> bool:
        """Whether the recorded file ``submission_id`` is a zip or mail with workbooks in it whose returns the ledger
        does not know (recorded before it kept them, or its rows dropped when it left the inbox): then it is read
        again (:meth:`~reform_xlsx.ledger.store.Ledger.known`)."""
        if not waiting(problems):
            return False
        return not self._has_unopened_table() or self.db.execute(
            "SELECT 1 FROM unopened WHERE submission_id = ? LIMIT 1", (submission_id,)).fetchone() is None

    def note_unopened(self, year: int, outcomes: list[FileOutcome]) -> None:
        """Keep what one merge of ``year`` found (``outcomes``, in its transaction): the zips and mails read this time
        with whose returns they hold (a file known from the ledger keeps its rows); and drop the rows of a file the
        merge did not meet that is gone from where it was recorded, or that it met as no such file."""
        found = [o for o in outcomes if waiting(o.result.problems) or unread(o.result.problems)]
        if not found and not self._has_unopened_table():
            return
        self.db.execute(UNOPENED)
        met = {o.submission_id for o in outcomes}
        kept = {o.submission_id for o in found}
        gone = [(r["submission_id"],) for r in self.db.execute(
            "SELECT DISTINCT u.submission_id, s.path FROM unopened u JOIN submissions s ON s.id = u.submission_id"
            " WHERE u.year = ?", (year,))
            if (r["submission_id"] in met and r["submission_id"] not in kept)
            or (r["submission_id"] not in met and left_the_inbox(r["path"]))]
        renewed = [(o.submission_id,) for o in found if not o.result.from_ledger]
        self.db.executemany("DELETE FROM unopened WHERE submission_id = ?", gone + renewed)
        self.db.executemany("INSERT INTO unopened VALUES (?, ?, ?)",
                            [(o.submission_id, year, section) for o in found if not o.result.from_ledger
                             # (a file not read is kept for the sections its name names only)
                             for section in (o.result.inside if unread(o.result.problems) else
                                             o.result.inside or (None,))])

    def unopened(self, year: int) -> list[Unopened]:
        """The zips and mails of ``year`` still in the inbox as the last merges found it, each with the sections whose
        return it holds that no file read since has settled (a file of the section accepted or sent back by the merge
        that found it or a later one — a former section's old form too, whose answers are the section's), in file
        order; one that holds no such section's nor any unnamed workbook is left out. A section recorded under a name
        a reorganisation (組織改正) of the ledger's plan has since replaced is said as the plan's sections it is now."""
        if not self._has_unopened_table():
            return []
        found: dict[int, Unopened] = {}
        settled = None  # section → when a file of it was last accepted or sent back: looked up once, not per row
        accepted: set[str] | None = None  # the sections with a file accepted (a file not read leaves them be)
        done = (str(FileStatus.ACCEPTED), str(FileStatus.REJECTED))
        for r in self.db.execute(
                "SELECT u.submission_id, u.section, s.name, s.real_format, s.received_at, s.issues,"
                " EXISTS (SELECT 1 FROM submissions o WHERE o.year = s.year AND o.path = s.path AND o.mtime = s.mtime"
                " AND o.status IN (?, ?)) AS read_since FROM unopened u JOIN submissions s ON s.id = u.submission_id"
                " WHERE u.year = ? ORDER BY s.name, u.submission_id, u.rowid", (*done, year)):
            code = _unread_code(r["issues"])
            if code is not None and r["read_since"]:  # the same file, read (opened in Excel for a moment): no more
                continue
            entry = found.setdefault(r["submission_id"], Unopened(r["name"], code is None and r["real_format"] == "zip",
                                                                  code=code))
            if r["section"] is None:
                entry.unknown = True
                continue
            settled = self._unopened_settled(year) if settled is None else settled
            if code is not None and accepted is None:
                accepted = self._accepted_sections(year)
            for section in self._sections_now(r["section"]):
                if code is not None and section in (accepted or ()):
                    continue
                if section not in entry.sections and not _at_or_after(settled.get(section), r["received_at"]):
                    entry.sections.append(section)
        return [e for e in found.values() if e.sections or e.unknown]

    def _sections_now(self, section: str) -> tuple[str, ...]:
        """The plan's sections ``section`` (as recorded) is now: itself, or what a reorganisation made of it."""
        from reform_xlsx.plan.reorg import successors

        if self.plan is None or section in self.plan.sections:
            return (section,)
        return tuple(s for s in successors(self.plan.moves, section) if s in self.plan.sections) or (section,)

    def _accepted_sections(self, year: int) -> set[str]:
        """The sections with a file of ``year`` accepted: recorded as theirs, or a former section's old form with
        answers of them."""
        accepted = str(FileStatus.ACCEPTED)
        return {section for (section,) in [*self.db.execute(
            "SELECT DISTINCT section FROM submissions WHERE year = ? AND status = ? AND section IS NOT NULL",
            (year, accepted)), *self.db.execute(
            "SELECT DISTINCT a.section FROM submissions s JOIN answers a ON a.submission_id = s.id WHERE s.year = ?"
            " AND s.status = ? AND a.section IS NOT NULL AND a.section IS NOT s.section", (year, accepted))]}

    def _unopened_settled(self, year: int) -> dict[str, str]:
        """Each section with a file of ``year`` accepted or sent back, and when the last came: recorded as the section's,
        or a former section's old form with answers of it (a split section's form answers for both new ones). Two
        queries, each one pass over the year (one per zip or mail and section scanned every file and its answers)."""
        done = (year, str(FileStatus.ACCEPTED), str(FileStatus.REJECTED))
        latest: dict[str, str] = {}
        for section, at in [*self.db.execute(
                "SELECT section, MAX(received_at) FROM submissions WHERE year = ? AND status IN (?, ?)"
                " AND section IS NOT NULL GROUP BY section", done),
                *self.db.execute(
                "SELECT a.section, MAX(s.received_at) FROM submissions s JOIN answers a ON a.submission_id = s.id"
                " WHERE s.year = ? AND s.status IN (?, ?) AND a.section IS NOT NULL AND a.section IS NOT s.section"
                " GROUP BY a.section", done)]:
            if at is not None and (section not in latest or at > latest[section]):
                latest[section] = at
        return latest


def _unread_code(issues: str | None) -> str | None:
    """The code of a recorded file (its ``issues`` JSON) merge could not read yet (F019 …), else None."""
    try:
        said = json.loads(issues or "[]")
    except ValueError:
        return None
    return next((p.get("code") for p in said if isinstance(p, dict) and p.get("code") in UNREAD_RETURN_CODES), None)


def _at_or_after(settled: str | None, since: str) -> bool:
    """Whether a file settled at ``settled`` (None: never) came at ``since`` or later (as SQL compares the texts)."""
    return settled is not None and since is not None and settled >= since
