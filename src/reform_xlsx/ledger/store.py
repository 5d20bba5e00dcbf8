"""The ledger: every file ever received, what happened to it, and the accepted answers.

SQLite from the standard library, one file (``--db``, default ``reform.db``) that holds every
year. Rules (DESIGN §5):

- Every file seen is recorded once per (content hash, path): running ``merge`` again on the
  same inputs adds nothing and gives the same outputs.
- An identical file under another path is recorded once, as a duplicate of the first.
- The newest accepted file of a section (by the workbook's own save time, else the file's
  modification time; then by arrival) is the current one for that year; earlier accepted files are kept but superseded (derived, not
  stored, so nothing is ever rewritten).
- Accepted originals are copied into the archive folder by content hash.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from reform_xlsx.intake.result import ACCEPTED, REJECTED, SKIPPED, FileResult
from reform_xlsx.messages import Msg, Problem, Severity, problem
from reform_xlsx.records import (
    ANSWER_COLUMNS,
    MISSING,
    RETURNED,
    STATUS_COLUMNS,
    SUBMITTED,
    empty_answers,
)

DUPLICATE = "duplicate"  # ledger-only status: identical to a file recorded earlier

_SCHEMA = """
CREATE TABLE IF NOT EXISTS submissions (
    id            INTEGER PRIMARY KEY,
    sha256        TEXT NOT NULL,
    path          TEXT NOT NULL,
    name          TEXT NOT NULL,
    size          INTEGER NOT NULL,
    mtime         REAL NOT NULL,
    submitted_at  REAL NOT NULL,             -- the workbook's save time, else mtime: orders resubmissions
    received_at   TEXT NOT NULL,
    year          INTEGER NOT NULL,          -- the year merge was run for
    section       TEXT,
    template_year INTEGER,                   -- the year the template says (may differ: rejected)
    template_id   TEXT,
    plan_id       TEXT,
    plan_version  TEXT,
    real_format   TEXT,
    status        TEXT NOT NULL,             -- accepted | rejected | skipped | ignored | duplicate
    duplicate_of  INTEGER REFERENCES submissions(id),
    issues        TEXT NOT NULL,             -- JSON list of problems
    archived_as   TEXT,
    UNIQUE (sha256, path, year)
);
CREATE TABLE IF NOT EXISTS answers (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    year          INTEGER NOT NULL,
    section       TEXT NOT NULL,
    kind          TEXT NOT NULL,
    id            TEXT NOT NULL,
    field         TEXT NOT NULL,
    value         TEXT,                      -- JSON: keeps int / float / text apart
    raw           TEXT,
    file          TEXT,
    sheet         TEXT,
    cell          TEXT
);
CREATE INDEX IF NOT EXISTS answers_by_submission ON answers(submission_id);
"""
_VERSION = 2  # 2: years are Western (2026); version 1 stored Reiwa numbers (8)


@dataclass
class FileOutcome:
    """One file of this batch as the ledger sees it."""

    result: FileResult
    submission_id: int
    status: str  # accepted | rejected | skipped | ignored | duplicate
    received_at: str
    current: bool = False  # the section's answers in use for the year come from this file
    resolved: bool = False  # rejected, but the section has since sent a newer accepted file
    new: bool = True  # first recorded in this run
    ledger_problems: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return list(self.result.problems) + self.ledger_problems


@dataclass
class BatchOutcome:
    year: int
    files: list[FileOutcome]
    status: pd.DataFrame  # STATUS_COLUMNS, one row per expected section
    answers: pd.DataFrame  # current accepted answers of the year

    @property
    def new_files(self) -> int:
        return sum(f.new for f in self.files)


class Ledger:
    def __init__(self, path: str | Path, archive_dir: str | Path | None = None):
        self.path = Path(path)
        self.archive_dir = Path(archive_dir) if archive_dir else self.path.with_name(self.path.stem + "_archive")
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        self.db.executescript(_SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        with self.db:
            if version == 1:  # Reiwa numbers → Western years
                for table, columns in (("submissions", ("year", "template_year")), ("answers", ("year",))):
                    for column in columns:
                        self.db.execute(f"UPDATE {table} SET {column} = {column} + 2018 WHERE {column} < 1000")
            self.db.execute(f"PRAGMA user_version = {_VERSION}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- recording -------------------------------------------------------------------
    def record(self, results: list[FileResult], year: int, sections: tuple[str, ...],
               now: datetime | None = None) -> BatchOutcome:
        """Record a batch of read files for ``year`` and work out what is current."""
        received_at = (now or datetime.now()).isoformat(timespec="seconds")
        outcomes = []
        with self.db:
            for result in sorted(results, key=lambda r: (r.submitted_at, r.name)):  # oldest first
                outcomes.append(self._record_one(result, year, received_at))
        outcomes.sort(key=lambda o: o.result.name)
        self._mark_batch(outcomes, year)
        return BatchOutcome(year, outcomes, self.section_status(year, sections), self.answers([year]))

    def _record_one(self, result: FileResult, year: int, received_at: str) -> FileOutcome:
        path = str(result.path)
        row = self.db.execute("SELECT * FROM submissions WHERE sha256 = ? AND path = ? AND year = ?",
                              (result.sha256, path, year)).fetchone()
        if row is not None:  # seen before: nothing changes …
            if row["status"] in (REJECTED, SKIPPED) and result.status == ACCEPTED:
                self._accept_later(row["id"], result)  # … unless a corrected plan or tool now accepts it
                row = self._submission(row["id"])
            outcome = FileOutcome(result, row["id"], row["status"], row["received_at"], new=False)
            if row["duplicate_of"]:
                outcome.ledger_problems.append(self._duplicate_problem(result, row["duplicate_of"]))
            return outcome
        status, duplicate_of = result.status, None
        if result.sha256:
            original = self.db.execute(
                "SELECT id FROM submissions WHERE sha256 = ? AND year = ? AND duplicate_of IS NULL ORDER BY id",
                (result.sha256, year)).fetchone()
            if original is not None:
                status, duplicate_of = DUPLICATE, original["id"]
        archived = self._archive(result) if status == ACCEPTED else None
        cur = self.db.execute(
            "INSERT INTO submissions (sha256, path, name, size, mtime, submitted_at, received_at, year,"
            " section, template_year, template_id, plan_id, plan_version, real_format, status,"
            " duplicate_of, issues, archived_as) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (result.sha256, path, result.name, result.size, result.mtime, result.submitted_at,
             received_at, year,
             result.section, result.year, result.template_id, result.plan_id, result.plan_version,
             result.real_format, status, duplicate_of,
             json.dumps([p.to_dict() for p in result.problems], ensure_ascii=False), archived))
        submission_id = cur.lastrowid
        if status == ACCEPTED:
            self._store_answers(submission_id, result)
        outcome = FileOutcome(result, submission_id, status, received_at)
        if duplicate_of:
            outcome.ledger_problems.append(self._duplicate_problem(result, duplicate_of))
        return outcome

    def _accept_later(self, submission_id: int, result: FileResult) -> None:
        """A file once rejected (or skipped) that reads as accepted now: take its answers.

        Only this direction: a verdict never goes from accepted to rejected on a re-run (a
        passing fault, such as a time-out on a busy machine, must not withdraw answers).
        """
        self.db.execute(
            "UPDATE submissions SET status = ?, section = ?, template_year = ?, template_id = ?,"
            " plan_id = ?, plan_version = ?, issues = ?, archived_as = ? WHERE id = ?",
            (ACCEPTED, result.section, result.year, result.template_id, result.plan_id, result.plan_version,
             json.dumps([p.to_dict() for p in result.problems], ensure_ascii=False), self._archive(result),
             submission_id))
        self._store_answers(submission_id, result)

    def _store_answers(self, submission_id: int, result: FileResult) -> None:
        self.db.executemany(
            "INSERT INTO answers VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(submission_id, a["year"], a["section"], a["kind"], a["id"], a["field"],
              json.dumps(a["value"], ensure_ascii=False), a["raw"], a["file"], a["sheet"], a["cell"])
             for a in result.answers])

    def _duplicate_problem(self, result: FileResult, original_id: int) -> Problem:
        original = self.db.execute("SELECT name FROM submissions WHERE id = ?", (original_id,)).fetchone()
        return problem(Msg.LEDGER_DUPLICATE, file=result.name, original=original["name"])

    def _archive(self, result: FileResult) -> str | None:
        """Copy an accepted original into the archive by content hash (verified)."""
        target = self.archive_dir / result.sha256[:2] / (result.sha256 + result.path.suffix.lower())
        if not target.exists():
            data = result.path.read_bytes()
            if hashlib.sha256(data).hexdigest() != result.sha256:
                return None  # changed since it was read: it will be archived next run
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_suffix(".part")
            tmp.write_bytes(data)
            shutil.move(tmp, target)
        return str(target)

    def _mark_batch(self, outcomes: list[FileOutcome], year: int) -> None:
        """Mark current files; warn about superseded files and several files from one section."""
        current = self._current_ids(year)
        by_section: dict[str, list[FileOutcome]] = defaultdict(list)
        for o in outcomes:
            if o.status in (ACCEPTED, REJECTED) and o.result.section:
                by_section[o.result.section].append(o)
        for section, group in by_section.items():
            newest = current.get(section)
            newest_row = self._submission(newest) if newest else None
            newest_name = newest_row["name"] if newest_row else None
            for o in group:
                o.current = o.submission_id == newest
                o.resolved = (o.status == REJECTED and newest_row is not None
                              and newest_row["submitted_at"] >= o.result.submitted_at)
                if o.status == ACCEPTED and not o.current:
                    o.ledger_problems.append(problem(Msg.LEDGER_SUPERSEDED, file=o.result.name,
                                                     section=section, newer=newest_name))
            # Several files that could each be "the" answer: a rejected file already corrected
            # by a newer accepted one is the normal resubmission, not a question for the section.
            rivals = [o for o in group if not o.resolved]
            if len(rivals) > 1:
                for o in rivals:
                    others = "、".join(x.result.name for x in rivals if x is not o)
                    o.ledger_problems.append(problem(Msg.LEDGER_TWO_FILES, file=o.result.name,
                                                     section=section, count=len(rivals), others=others))

    # --- queries ---------------------------------------------------------------------
    def _current_ids(self, year: int) -> dict[str, int]:
        """Section → submission id of its newest accepted file for the year."""
        rows = self.db.execute(
            "SELECT id, section FROM submissions WHERE year = ? AND status = ? AND section IS NOT NULL"
            " ORDER BY submitted_at, id", (year, ACCEPTED)).fetchall()
        return {r["section"]: r["id"] for r in rows}  # later rows win

    def answers(self, years: list[int] | None = None) -> pd.DataFrame:
        """The current accepted answers of the given years (all years when None)."""
        years = years if years is not None else [r[0] for r in self.db.execute(
            "SELECT DISTINCT year FROM submissions ORDER BY year")]
        ids = [i for y in years for i in self._current_ids(y).values()]
        if not ids:
            return empty_answers()
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT year, section, kind, id, field, value, raw, file, sheet, cell FROM answers"
            f" WHERE submission_id IN ({marks}) ORDER BY year, section, rowid", ids).fetchall()
        records = [dict(r) | {"value": json.loads(r["value"]) if r["value"] is not None else None} for r in rows]
        frame = pd.DataFrame.from_records(records, columns=list(ANSWER_COLUMNS)).astype(object)
        frame = frame.where(frame.notna(), None)  # a blank answer is None (pandas would make it NaN)
        return frame.astype({"year": int})

    def section_status(self, year: int, sections: tuple[str, ...]) -> pd.DataFrame:
        """One row per expected section: 提出済 / 差し戻し / 未提出, with the file it rests on."""
        current = self._current_ids(year)
        rows = []
        for section in sections:
            if section in current:
                sub = self._submission(current[section])
                status = SUBMITTED
            else:
                sub = self.db.execute(
                    "SELECT * FROM submissions WHERE year = ? AND section = ? AND status = ?"
                    " ORDER BY submitted_at DESC, id DESC", (year, section, REJECTED)).fetchone()
                status = RETURNED if sub else MISSING
            issues = json.loads(sub["issues"]) if sub else []
            rows.append({
                "year": year, "section": section, "status": status,
                "file": sub["name"] if sub else None, "received_at": sub["received_at"] if sub else None,
                "errors": sum(i["severity"] == Severity.ERROR.value for i in issues),
                "warnings": sum(i["severity"] == Severity.WARNING.value for i in issues),
            })
        frame = pd.DataFrame(rows, columns=list(STATUS_COLUMNS)).astype(object)
        return frame.where(frame.notna(), None)  # a missing file is None, never NaN

    def _submission(self, submission_id: int) -> sqlite3.Row:
        return self.db.execute("SELECT * FROM submissions WHERE id = ?", (submission_id,)).fetchone()

    def submissions(self, year: int) -> list[dict]:
        """Every file recorded for the year, in arrival order."""
        rows = self.db.execute("SELECT * FROM submissions WHERE year = ? ORDER BY id", (year,)).fetchall()
        return [dict(r) | {"issues": json.loads(r["issues"])} for r in rows]
