"""The ledger: every file ever received, what happened to it, and the accepted answers.

SQLite from the standard library, one file (``--db``, default ``reform.db``) that holds every
year. Rules:

- Every file seen is recorded once per (content hash, path, year): running ``merge`` again on
  the same inputs adds nothing and gives the same outputs.
- An identical file under another path is recorded once, as a duplicate of the first — unless
  the first is gone from its path: then it was moved, and its record moves with it.
- The newest accepted file of a section (by the workbook's own save time, else the file's
  modification time; then by arrival) is the current one for that year; earlier accepted files
  are kept but superseded (derived, not stored, so nothing is ever rewritten).
- A file once rejected or skipped that reads as accepted later (a corrected plan or tool) is
  taken then; an accepted file is never withdrawn.
- Accepted originals are copied into the archive folder by content hash.

What a file's own content says (its problems) is stored with it. What follows from the other
files of the year — L001 duplicate, L002 superseded, L003 several files from one section — is
derived from the stored rows whenever asked (:meth:`Ledger.ledger_problems`), so 受付結果,
``status``, ``--json`` and the meeting workbook count the same problems.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from reform_xlsx import outputs
from reform_xlsx.form.layout import FORM_REVIEW, review_label
from reform_xlsx.intake.result import FileResult
from reform_xlsx.intake.walk import lookalike_note, path_text, shown_name
from reform_xlsx.ledger.archive import Archive
from reform_xlsx.ledger.batch import Batch
from reform_xlsx.ledger.checks import same_amount_problem, same_shared_amounts
from reform_xlsx.ledger.errors import LedgerBusy, LedgerError, ledger_error_message
from reform_xlsx.ledger.outcome import BatchOutcome, FileOutcome, status_frame
from reform_xlsx.ledger.output_records import OutputRecords
from reform_xlsx.ledger.plan_records import PlanRecords
from reform_xlsx.ledger.rows import (
    RESPONDENT,
    answer_of,
    archive_copy,
    issues_json,
    json_value,
    ordered_time,
    passed_over,
    passing,
    renamed_problems,
    resolved_by,
    respondent_json,
    result_of,
    row_respondent,
    stored_problems,
    timed_at,
    to_json,
)
from reform_xlsx.ledger.schema import (
    ADDED_COLUMNS,
    ANSWER_LIST,
    INSERT_ANSWER,
    NEWEST_FIRST,
    OLDEST_FIRST,
    SCHEMA_STATEMENTS,
    SELECT_ANSWERS,
    SUBMISSION_COLUMNS,
    TIMED_AT,
    VERSION,
    add_plan_revisions,
    schema_columns,
)
from reform_xlsx.ledger.survey import SurveyRecords
from reform_xlsx.ledger.unopened import UnopenedRecords
from reform_xlsx.messages import Msg, Problem, Severity, problem, visible
from reform_xlsx.plan.model import Plan
from reform_xlsx.plan.reorg import successors
from reform_xlsx.records import (
    ANSWER_COLUMNS,
    REVIEW,
    SHEET_GRADE,
    Answer,
    FileStatus,
    SectionStatus,
    answers_frame,
    local_time,
    timeliness,
)
from reform_xlsx.wareki import format_fiscal_year, short_fiscal_year

NAMES_SHOWN = 3  # other files named in an L003 warning (then 「ほか N 件」)



@dataclass(frozen=True)
class _InUse:
    """Whose answers are in use for a year: ``files``, each section's newest accepted file (or a former
    section's file that answers for it); ``parts``, the (section, kind, ID) answered by an older file as well
    (:meth:`Ledger._in_use`: former sections' old forms taken together)."""

    files: dict[str, int]
    parts: dict[tuple[str, str, str], int]
    former: frozenset[int] = frozenset()  # the accepted files of a former section (M009)

    @property
    def ids(self) -> set[int]:
        return {*self.files.values(), *self.parts.values()}

    def holds(self, row: sqlite3.Row) -> bool:
        """Whether an answer ``row`` (with its ``submission_id``) is in use."""
        section = row["section"]
        return self.parts.get((section, row["kind"], row["id"]), self.files.get(section)) == row["submission_id"]



BUSY_SECONDS = 10.0  # how long a second merge waits for the first to finish with the ledger


# a 推進室評価シート of another year or of another 版 of the plan is no draft of this year's sheet: a newer accepted sheet
# does not settle it (it stays to be taken out of 受信)
OTHER_SHEET_CODES = {Msg.INTAKE_OTHER_YEAR.value.code, Msg.INTAKE_OTHER_PLAN_VERSION.value.code}


class Ledger(SurveyRecords, PlanRecords, OutputRecords, UnopenedRecords):
    """The ledger file: opened and checked, written in transactions, and asked what it holds. What the office asked
    and when it meets (:mod:`~reform_xlsx.ledger.survey`), the plan it keeps (:mod:`~reform_xlsx.ledger.plan_records`),
    the outputs it wrote (:mod:`~reform_xlsx.ledger.output_records`) and the zips and mails left unopened in the inbox
    (:mod:`~reform_xlsx.ledger.unopened`) are its parts in their own modules."""

    def __init__(self, path: str | Path, archive_dir: str | Path | None = None, *, busy_seconds: float = BUSY_SECONDS,
                 plan: Plan | None = None):
        """``plan``: the plan the year is judged by; with it, the checks across the sections' files that
        name the plan's items (R005) are derived too."""
        self.path = Path(path)
        self.plan = plan
        self.archive_dir = Path(archive_dir) if archive_dir else self.default_archive(self.path)
        self.archive = Archive(self.archive_dir)
        if self.path.is_dir():
            raise LedgerError(f"受付台帳 {self.path} はフォルダです。台帳のファイル名（例: {self.path / 'reform.db'}）を指定してください。", code=Msg.ENV_PATH_UNUSABLE)
        if self.path.is_file() and self.path.stat().st_size == 0 and any(self.archive_dir.glob("*/*")):
            # emptied (a sync tool, a disk error) while its archive still holds the originals: not a new ledger
            raise LedgerError(f"受付台帳 {self.path} は空のファイル（0 バイト）ですが、原本の保管庫 {self.archive_dir} には"
                              "受け付けたファイルがあります。台帳が壊れた可能性があります。バックアップから台帳を戻すか、"
                              "空の台帳を別の名前に変えて保管してから、新しい台帳で merge をやり直してください。", code=Msg.ENV_LEDGER_DAMAGED)
        self._open, self._opened_at = False, Path(os.path.abspath(self.path))  # the same file after a chdir
        self.first_batch = False  # whether the last batch was the first to record into the ledger (:meth:`batch`)
        try:
            self.db = sqlite3.connect(self.path, timeout=busy_seconds, isolation_level=None)
            self._open = True
            self.db.row_factory = sqlite3.Row
            self._check_tables()
            self._check_intact()
            self._check_version()
            self._check_records()
            self._migrate()
        except sqlite3.Error as exc:
            if self._open:
                self.db.close()
            raise LedgerError(ledger_error_message(self.path, exc)) from None
        except LedgerError:
            self.db.close()
            raise

    @staticmethod
    def default_archive(path: str | Path) -> Path:
        """Where the ledger at ``path`` keeps its originals unless told: 「reform_archive」 beside 「reform.db」."""
        path = Path(path)
        return path.with_name(path.stem + "_archive")

    def _check_tables(self) -> None:
        """An SQLite file with tables that are not a ledger's (another program's database, another
        tool's ``submissions``) is refused before anything is written into it. A ledger an older version
        left half-made (its tables created one by one, a full disk or a kill between two) is set up
        again: :meth:`_half_made`."""
        if self.db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0:
            return  # a new ledger
        if self._half_made():
            return
        wanted = {"submissions": {"id", *(name for name, _ in SUBMISSION_COLUMNS if name not in ADDED_COLUMNS)},
                  "answers": {"submission_id", *ANSWER_COLUMNS}}
        # a newer version's ledger may keep other columns (a few of these dropped): said as that (E008), not as another
        # program's database — but another program's own 「submissions」 and user_version are no ledger's
        found = {table: {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")} for table in wanted}
        if all(len(columns & found[table]) * 2 > len(columns) for table, columns in wanted.items()):
            self._check_version()
        for table, columns in wanted.items():
            if not columns <= found[table]:
                self.db.close()
                raise LedgerError(f"受付台帳 {self.path} は reform-xlsx の台帳ではありません（ほかのプログラムの"
                                  "データベースのようです）。このファイルは変更していません。--db で reform-xlsx の台帳を"
                                  "指定するか、新しい台帳にする場合は存在しないファイル名を指定してください。", code=Msg.ENV_LEDGER_DAMAGED)

    def _half_made(self) -> bool:
        """Whether the file is a ledger whose setting up was cut short by a version that created its tables
        one at a time, each committed on its own (a full disk, a kill): only tables of the ledger's, each with
        only the ledger's columns, not a row in any of them, and no ledger version written yet. Nothing of
        anyone's is in it: it is set up as a new ledger (:meth:`_migrate`)."""
        if self.db.execute("PRAGMA user_version").fetchone()[0] != 0:
            return False
        expected = schema_columns()
        tables = [row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        # the schema's first table, whole, was made first: a file without it (one empty table that happens to share a
        # name and some columns with one of the ledger's, 「requests (year, section)」) is another program's
        first = {"id", *(name for name, _ in SUBMISSION_COLUMNS if name not in ADDED_COLUMNS)}
        if "submissions" not in tables or not first <= {
                row[1] for row in self.db.execute('PRAGMA table_info("submissions")')}:
            return False
        for table in tables:
            if table not in expected:
                return False
            columns = {row[1] for row in self.db.execute(f'PRAGMA table_info("{table}")')}
            if not columns or not columns <= expected[table]:
                return False
            if self.db.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None:
                return False
        return True

    def _check_intact(self) -> None:
        """A ledger with a damaged page (a disk error, a copy cut short, a sync tool) is refused by every command
        before anything is read from it or written into it: a page of answers lost would otherwise read as answers
        never given, and a merge would add to a file that cannot keep them (about 20 ms for 1,000 files)."""
        try:
            intact = [row[0] for row in self.db.execute("PRAGMA quick_check(1)")] == ["ok"]
        except sqlite3.DatabaseError:  # 「database disk image is malformed」 before the check could say so
            intact = False
        if not intact:
            self.db.close()
            raise LedgerError(f"受付台帳 {self.path} は壊れています（一部のページが読めません）。{_BROKEN_WHAT_TO_DO}", code=Msg.ENV_LEDGER_DAMAGED)

    def _check_records(self) -> None:
        """A ledger whose pages are intact but with a record no reform-xlsx writes (edited in a DB browser: a
        ``received_at`` that is no date, a ``status`` this tool does not know, text for a time) is refused by every
        command before anything is read from it or written into it, as a damaged page is: read on, the record
        stopped a merge or a report half-way, or counted its section as 未提出 (a few ms for 1,000 files)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(submissions)")}
        if not columns:
            return  # a new ledger
        numbers = {name: kind for name, kind in SUBMISSION_COLUMNS if name in columns
                   and kind.split()[0] in ("INTEGER", "REAL") and name not in ("duplicate_of", "template_year")}
        statuses = {str(s) for s in FileStatus}
        typeof = "".join(f", typeof({name})" for name in numbers)
        for row in self.db.execute(f"SELECT id, status, received_at{typeof} FROM submissions"):
            bad = None
            if row[1] not in statuses:
                bad = "status", row[1]
            elif not _is_iso_time(row[2]):
                bad = "received_at", row[2]
            else:
                for i, (name, kind) in enumerate(numbers.items(), start=3):
                    allowed = ("integer",) if kind.startswith("INTEGER") else ("integer", "real")
                    if row[i] not in allowed + (() if "NOT NULL" in kind else ("null",)):
                        bad = name, self.db.execute(f"SELECT {name} FROM submissions WHERE id = ?", (row[0],)).fetchone()[0]
                        break
            if bad is not None:
                self._refuse_record(f"受付の記録 {row[0]} 番", *bad)
        if self.db.execute("PRAGMA table_info(meeting_dates)").fetchone() is None:
            return  # a ledger before version 8
        for row in self.db.execute("SELECT rowid, year, typeof(year), day FROM meeting_dates"):
            if row[2] != "integer":
                self._refuse_record(f"会議日の記録 {row[0]} 番", "year", row[1])
            if row[3] is not None and not _is_iso_date(row[3]):
                self._refuse_record(f"会議日の記録 {row[0]} 番", "day", row[3])

    def _refuse_record(self, record: str, column: str, value: object) -> None:
        """Stop at a ``record`` whose ``column`` holds a ``value`` no reform-xlsx writes (:meth:`_check_records`)."""
        self.db.close()
        shown = str(value) if len(str(value)) <= 40 else str(value)[:40] + "…"
        raise LedgerError(f"受付台帳 {self.path} は壊れています（{record}の {column} が、reform-xlsx の"
                          f"書かない値「{visible(shown)}」です）。{_BROKEN_WHAT_TO_DO}", code=Msg.ENV_LEDGER_DAMAGED)

    def _check_version(self) -> None:
        """A ledger written by a newer reform-xlsx is refused before anything is written into it: this
        version cannot know what the newer one records, and going on would lose or misread it."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > VERSION:
            self.db.close()
            raise LedgerError(f"受付台帳 {self.path} は、新しい版の reform-xlsx で作られています（台帳の版 {version}。"
                              f"このツールが扱えるのは版 {VERSION} まで）。このファイルは変更していません。"
                              "reform-xlsx を新しい版にしてから、もう一度実行してください。", code=Msg.ENV_LEDGER_NEWER)

    def _migrate(self) -> None:
        """Set up a new ledger, or bring an older one up to :data:`VERSION`: all in one transaction, so that
        a full disk or a kill half-way leaves the file as it was (a new ledger: no table at all) — SQLite's
        ``executescript`` would commit each table on its own."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version == VERSION:
            # a ledger of this version has every table; a deferred transaction only reads (a read-only folder)
            self.db.execute("BEGIN")
            try:
                for statement in SCHEMA_STATEMENTS:
                    self.db.execute(statement)
                self.db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            return
        with self.transaction():
            for statement in SCHEMA_STATEMENTS:
                self.db.execute(statement)
            if version == 1:  # Reiwa numbers → Western years
                for table, columns in (("submissions", ("year", "template_year")), ("answers", ("year",))):
                    for column in columns:
                        self.db.execute(f"UPDATE {table} SET {column} = {column} + 2018 WHERE {column} < 1000")
            columns = {r["name"] for r in self.db.execute("PRAGMA table_info(submissions)")}
            for name, kind in SUBMISSION_COLUMNS:  # columns added since (3: reader; 5: form … contact)
                if name not in columns:
                    self.db.execute(f"ALTER TABLE submissions ADD COLUMN {name} {kind.replace(' NOT NULL', '')}")
            add_plan_revisions(self.db)
            if version < 7:  # no reader has kept what these rejected files sent: read them once more
                self.db.execute("UPDATE submissions SET reader = NULL WHERE status = ?", (str(FileStatus.REJECTED),))
            if version < 7 or "ordered_at" not in columns:  # version 7 was first written without ordered_at
                self.db.executemany("UPDATE submissions SET ordered_at = ? WHERE id = ?", [
                    (ordered_time(r["submitted_at"], r["received_at"]), r["id"])
                    for r in self.db.execute("SELECT id, submitted_at, received_at FROM submissions").fetchall()])
            self.db.execute(f"PRAGMA user_version = {VERSION}")

    @contextmanager
    def transaction(self):
        """One write transaction, taken at once (BEGIN IMMEDIATE): a second merge waits, then is told."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise LedgerBusy(f"受付台帳 {self.path} は、ほかのプログラム（別の reform-xlsx の merge など）が使用中です。"
                                 "終わるのを待ってから、もう一度実行してください。") from None
            raise LedgerError(ledger_error_message(self.path, exc)) from None
        try:
            yield
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:  # a full disk, a damaged file: said with the ledger's name
            self._rollback()
            raise LedgerError(ledger_error_message(self.path, exc)) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:  # SQLite may have rolled back already (a full disk does)
            pass

    def close(self) -> None:
        self._open = False
        try:
            self.archive.close()
        finally:
            self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        self.close()
        if isinstance(exc, sqlite3.Error | json.JSONDecodeError):  # the ledger's file or its records
            raise LedgerError(ledger_error_message(self.path, exc)) from exc

    # --- recording -------------------------------------------------------------------
    def _batch_time(self, now: datetime) -> str:
        """When a merge's files are recorded as received (to the second): ``now``, or a second after the last merge
        recorded when that was this same second or less than a minute ahead (merges run back to back). Then a
        later merge's files always came after an earlier one's: a correction read the next second is not taken for
        a file that came with the return it corrects (sent back, no longer 再提出 pending)."""
        at = now.replace(microsecond=0)
        previous = self.last_received()
        if previous is not None and (previous.tzinfo is None) == (at.tzinfo is None) \
                and at <= previous < at + timedelta(minutes=1):
            at = previous + timedelta(seconds=1)
        return at.isoformat(timespec="seconds")

    def last_received(self) -> datetime | None:
        """When the newest file the ledger holds was recorded as received (its ``received_at``, to the second); None
        with none, or a time this tool did not write."""
        last = self.db.execute("SELECT MAX(received_at) FROM submissions").fetchone()[0]
        try:
            return datetime.fromisoformat(last) if isinstance(last, str) else None
        except ValueError:  # not a time this tool wrote: nothing to follow
            return None

    @contextmanager
    def batch(self, year: int, now: datetime | None = None, reader: str | None = None,
              asked: tuple[str, ...] | None = None):
        """Hold the ledger for one merge and record its files as they are read::

            with ledger.batch(2026) as batch:
                for result in results:
                    batch.add(result)
            outcome = batch.outcome(sections)

        ``asked``: the sections sent a form for ``year`` (another year's form of a section not among them is passed
        over, M015; None: not known, every such form is a 差し戻し as before).
        Nothing of a batch is stored unless it ends normally (it is one transaction)."""
        try:
            with self.transaction():
                # the first to record into the ledger (two merges started together on a new ledger: the one that
                # took it second is not, whatever it found on disk when it started)
                self.first_batch = self.holds_nothing()
                # the copies of a merge killed before it committed (held now: no other batch writes copies)
                self.archive.clear_unrecorded(self._kept_content)
                batch = Batch(self, year, self._batch_time(now or datetime.now()), reader, asked)
                yield batch
                self.archive.wait()  # every copy written before anything is committed
                batch.settle()
                batch.pass_over_other_years()
                self.note_unopened(year, batch.outcomes)  # the zips and mails with returns in them it found
        except BaseException:  # nothing recorded: neither are the copies it made (those not started are dropped)
            self.archive.abandon()
            self.archive.remove_unrecorded()
            raise
        self.archive.keep()

    def holds_nothing(self) -> bool:
        """Whether not one of the ledger's tables holds a row: a ledger set up by a merge stopped (killed) before
        it recorded anything, nobody's yet."""
        return _holds_nothing(self.db)

    @staticmethod
    def recorded_into(path: str | Path, busy_seconds: float = BUSY_SECONDS) -> bool:
        """Whether the file at ``path`` holds a row, looked at under the write lock (a merge recording into it
        is waited for). A merge that made a new ledger and then refused its batch asks this before it removes
        the ledger: another merge started at the same moment may have recorded into it meanwhile. True when
        it cannot be told (locked too long, not a database): kept, not removed."""
        if not os.path.isfile(path):
            return False
        try:
            db = sqlite3.connect(path, timeout=busy_seconds, isolation_level=None)
        except sqlite3.Error:
            return True
        try:
            db.execute("BEGIN IMMEDIATE")
            return not _holds_nothing(db)
        except sqlite3.Error:
            return True
        finally:
            db.close()  # (the transaction with it: nothing was written)

    def _kept_content(self, sha256: str) -> bool:
        """Whether the ledger records a file of this content (its copy in the archive is the ledger's)."""
        return self.db.execute("SELECT 1 FROM submissions WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone() is not None

    def record(self, results: list[FileResult], year: int, sections: tuple[str, ...],
               now: datetime | None = None) -> BatchOutcome:
        """Record a batch of read files for ``year`` and work out what is current."""
        with self.batch(year, now) as batch:
            for result in results:
                batch.add(result)
        return batch.outcome(sections)

    def known(self, path: Path, sha256: str, year: int, reader: str | None = None,
              name: str | None = None) -> FileResult | None:
        """The result of a file recorded before under this path and content, when reading it again
        could not change it: accepted or a duplicate (a verdict is never withdrawn), or rejected or
        skipped by the same ``reader`` (tool and plan) — not after a passing fault (time-out, crash,
        a file that could not be opened). Otherwise None: read it again.

        A file recorded under a path that is gone, met again with the same content elsewhere, was
        moved (the inbox renamed, copied to another drive): its record moves with it (:meth:`_moved`)
        instead of the file becoming a duplicate of itself."""
        row = self.db.execute("SELECT * FROM submissions WHERE sha256 = ? AND path = ? AND year = ?",
                              (sha256, path_text(path), year)).fetchone() or self._moved(path, sha256, year, name)
        if row is None or row["status"] == FileStatus.IGNORED:  # merge's own, a blank form: so again, not read
            own = self._own_output(path, sha256, year, name)
            if row is None or own is not None:
                return own
        problems = stored_problems(row)
        final = row["status"] in (FileStatus.ACCEPTED, FileStatus.DUPLICATE)
        settled = (row["status"] in (FileStatus.REJECTED, FileStatus.SKIPPED) and reader is not None
                   and row["reader"] == reader and not passing(problems))
        if not (final or settled) or self.unopened_unknown(row["id"], problems):  # (a zip or mail: whose it holds)
            return None
        if name is not None and name != row["name"]:  # shown from the folder given now (merge . after merge 受信)
            return replace(result_of(row, path, renamed_problems(problems, row["name"], name)), name=name)
        return result_of(row, path, problems)

    def _own_output(self, path: Path, sha256: str, year: int, name: str | None) -> FileResult | None:
        """A file in the inbox that is one of this ledger's merge outputs as written — last year's 差し戻し copy
        or 受付結果 left in an inbox after --out changed, the year's 推進室評価シート before the office typed in it: F025,
        not read as a return (a sheet the office filled in is another file: read)."""
        for row in self.db.execute("SELECT year, path FROM outputs WHERE sha256 = ? UNION ALL"
                                   " SELECT year, path FROM sent_copies WHERE sha256 = ? ORDER BY year DESC",
                                   (sha256, sha256)):
            written = Path(row["path"]).name
            # the year's 推進室評価シート as merge wrote it, put in the inbox before the office typed anything: it holds
            # only what the ledger has (read, it would be one more submission each time the sheet is written again)
            what = ("差し戻しの写し" if outputs.is_feedback(written)
                    else f"推進室評価シート「{written}」（記入のないまま）" if written == outputs.review(row["year"])
                    else f"「{written}」")
            return passed_over(path, sha256, name, written, Msg.INTAKE_OWN_OUTPUT,
                                what=f"{what}（{format_fiscal_year(row['year'])}）")
        # a copy in a ledger's archive of originals whose original this ledger has read: its file was read where it
        # came (an archive copy this ledger has never seen is read: it may be the only copy left — a clerk merging
        # the archive into a new ledger after the old one was damaged — and, beside the file it copies, it is the
        # duplicate, never the original: :meth:`Batch.settle`)
        if archive_copy(path, sha256) and self.db.execute(
                "SELECT 1 FROM submissions WHERE sha256 = ? AND status != ? AND path != ? LIMIT 1",
                (sha256, str(FileStatus.IGNORED), path_text(path))).fetchone():
            return passed_over(path, sha256, name, path.name, Msg.INTAKE_OWN_OUTPUT,
                                what=f"原本の保管庫（{path.parent.parent.name}）の写し")
        row = self.db.execute("SELECT year, section, path FROM sent_forms WHERE sha256 = ?", (sha256,)).fetchone()
        if row is not None:  # a blank 調査票 as templates wrote it: never saved by anyone, so sent by no one
            return passed_over(path, sha256, name, row["path"], Msg.INTAKE_BLANK_FORM, section=row["section"],
                                year=format_fiscal_year(row["year"]))
        return self._accepted_other_year(path, sha256, year, name)

    def _accepted_other_year(self, path: Path, sha256: str, year: int, name: str | None) -> FileResult | None:
        """A file whose very content this ledger judged for another year — accepted there, or sent back there (its
        own 受信 folder used again, last year's returns and rejections left in it; a form sent late that year):
        that year's business, not a submission for ``year`` — F029, not read (not this year's 差し戻し by M004, and
        a closed year's answer never replaced by a file another year refused). Its ``year`` is that of its form, so
        a merge that reads nothing else is still told its --year may be wrong. Read as before: a file never
        recorded, and a form of ``year`` sent early (an M004 of an earlier year) — this is its year. A form of ``year``
        a later year sent back (M004: last year's form sent for that year's report) is F031: still not read (it may
        hold that later year's answers), said as what it is."""
        row = self.db.execute(
            "SELECT year, section, form, template_year, status FROM submissions WHERE sha256 = ? AND year != ?"
            " AND (status = ? OR (status = ? AND NOT (template_year IS ? AND year < ?)))"
            " ORDER BY year DESC, id LIMIT 1",
            (sha256, year, str(FileStatus.ACCEPTED), str(FileStatus.REJECTED), year, year)).fetchone()
        if row is None:
            return None
        what = ("推進室評価シート" if row["form"] == "review"
                else f"調査票（{row['section']}）" if row["section"] else "調査票")
        if row["template_year"] == year and row["status"] == str(FileStatus.REJECTED):  # this year's form, sent late
            result = passed_over(path, sha256, name, path.name, Msg.INTAKE_SENT_BACK_LATER_YEAR,
                                  later=format_fiscal_year(row["year"]), year=format_fiscal_year(year), what=what,
                                  section=row["section"] or "課")
            if result is not None:
                result.year = year
            return result
        result = passed_over(path, sha256, name, path.name, Msg.INTAKE_ACCEPTED_OTHER_YEAR,
                              found=format_fiscal_year(row["year"]), expected=format_fiscal_year(year), what=what,
                              verdict="受け付けた" if row["status"] == str(FileStatus.ACCEPTED) else "差し戻した")
        if result is not None:
            result.year = row["template_year"] if row["template_year"] is not None else row["year"]
        return result

    def _moved(self, path: Path, sha256: str, year: int, name: str | None) -> sqlite3.Row | None:
        """The record of this content whose file is no longer where it was recorded, now at ``path``
        (shown as ``name``): its path and name are brought up to date and it is returned. Among several
        such records, the one of the same name, then of the same file name, then the first recorded."""
        gone = [r for r in self.db.execute("SELECT id, path, name FROM submissions WHERE sha256 = ? AND year = ?"
                                           " ORDER BY id", (sha256, year)) if not os.path.lexists(r["path"])]
        if not gone:
            return None
        moved = next((r for r in gone if r["name"] == name), None) \
            or next((r for r in gone if Path(r["path"]).name == path.name), gone[0])
        self.db.execute("UPDATE submissions SET path = ?, name = ? WHERE id = ?",
                        (path_text(path), name or moved["name"], moved["id"]))
        return self._submission(moved["id"])

    def _accept_later(self, submission_id: int, result: FileResult) -> None:
        """A file once rejected (or skipped) that reads as accepted now: take its answers.

        Only this direction: a verdict never goes from accepted to rejected on a re-run (a
        passing fault, such as a time-out on a busy machine, must not withdraw answers).
        """
        self.db.execute(
            "UPDATE submissions SET status = ?, section = ?, template_year = ?, template_id = ?,"
            " plan_id = ?, plan_version = ?, issues = ?, archived_as = ?, form = ?, respondent = ?, deadline = ?,"
            " contact = ? WHERE id = ?",
            (str(FileStatus.ACCEPTED), result.section, result.year, result.template_id, result.plan_id,
             result.plan_version, issues_json(result.problems), self._archive(result), result.form,
             respondent_json(result), result.deadline, result.contact, submission_id))
        self._store_answers(submission_id, result.answers, replace=True)

    def _store_answers(self, submission_id: int, answers: list[Answer], *, sent: bool = False,
                       replace: bool = False) -> None:
        """The answers of an accepted file (the 回答者欄 is the file's, kept on its submission row), or
        with ``sent`` everything a rejected file sent, 回答者欄 included (:meth:`sent_answers`; never
        part of :meth:`answers`, which reads accepted files only). ``replace``: what was kept before goes."""
        if replace:
            self.db.execute("DELETE FROM answers WHERE submission_id = ?", (submission_id,))
        value = ANSWER_COLUMNS.index("value")
        self.db.executemany(INSERT_ANSWER, [
            (submission_id, *row[:value], to_json(row[value]), *row[value + 1:])
            for row in (a.as_tuple() for a in answers if sent or a.kind != RESPONDENT)])

    def sent_answers(self, submission_id: int) -> list[Answer]:
        """What a rejected file sent, as it was read (for its 差し戻し copy when it is not read again)."""
        rows = self.db.execute(f"{SELECT_ANSWERS} WHERE submission_id = ? ORDER BY rowid", (submission_id,))
        return [answer_of(r) for r in rows]

    def _archive(self, result: FileResult) -> str | None:
        """Copy an accepted original into the archive by content hash (verified; written in the
        background, waited for before the batch commits: :mod:`.archive`)."""
        data = result.content  # the bytes that were hashed and read, when the reader kept them
        # named for what the file is, not for its name (「観光課.xlsx 」 or 「観光課.xlsx.」 gave a copy Windows cannot open)
        suffix = ".xlsm" if result.real_format == "xlsm" else ".xlsx"
        if data is None:
            kept = self.archive.kept(result.sha256, suffix)
            if kept is not None:
                return self._path_text(kept)
            data = result.path.read_bytes()
            if hashlib.sha256(data).hexdigest() != result.sha256:
                return None  # changed since it was read: it will be archived next run
        return self._path_text(self.archive.add(result.sha256, suffix, data))

    def archive_problems(self) -> list[Problem]:
        """What the archive beside the ledger says of the ledger: originals it holds that the ledger has no record of
        (L026: the ledger restored from a backup older than the last merges — their answers are only in the archive) and
        originals the ledger kept that are not there (L027: the working folder copied to a new PC without its archive)."""
        try:
            copies = self.archive.listing()
        except OSError:  # there, but not to be listed now (a share reconnecting): nothing is known to be missing
            return []
        if copies is None and not self.db.execute("SELECT 1 FROM submissions WHERE archived_as IS NOT NULL LIMIT 1"
                                                  ).fetchone():
            return []  # no archive and nothing kept yet (a ledger that accepted nothing)
        copies = copies or {}
        known = {r[0] for r in self.db.execute("SELECT DISTINCT sha256 FROM submissions")}
        where = path_text(self.archive_dir)
        found = []
        unknown = sum(sha not in known for sha in set(copies.values()))
        if unknown:
            found.append(problem(Msg.LEDGER_ARCHIVE_UNKNOWN, file=where, count=unknown))
        there = {os.path.normcase(os.path.abspath(p)) for p in copies}
        kept = {r[0] for r in self.db.execute("SELECT DISTINCT archived_as FROM submissions WHERE archived_as IS NOT NULL")}
        # each recorded copy as recorded_path reads it, compared as text (normcase: Windows compares paths regardless of
        # case, as Path.is_relative_to does there): a Path per copy cost more than the listing in a ledger of five years
        base = os.path.dirname(os.path.abspath(self.path))
        folder = os.path.normcase(os.path.abspath(self.archive_dir))
        inside = os.path.join(folder, "")
        kept_here = (os.path.normcase(os.path.abspath(os.path.join(base, text))) for text in kept)
        missing = sum(p not in there for p in kept_here if p == folder or p.startswith(inside))
        if missing:
            found.append(problem(Msg.LEDGER_ARCHIVE_MISSING, file=where, count=missing, ledger=path_text(self.path),
                                 name=self.archive_dir.name))
        return found

    def _path_text(self, path: Path) -> str:
        """A path the ledger records (a kept copy's ``archived_as``, an output): relative to the ledger's
        folder when it is inside it (the archive and ``out/`` beside the ledger: still right when that
        folder is moved or the ledger opened from another working folder), else absolute."""
        path, folder = Path(os.path.abspath(path)), Path(os.path.abspath(self.path)).parent
        return path_text(path.relative_to(folder) if path.is_relative_to(folder) else path)

    def recorded_path(self, text: str | None) -> Path | None:
        """The path recorded as ``text`` (see :meth:`_path_text`)."""
        return None if text is None else Path(os.path.abspath(self.path)).parent / text

    def outcome_of(self, outcomes: list[FileOutcome], year: int, sections: tuple[str, ...]) -> BatchOutcome:
        """A batch's files as the ledger holds them now, with every section's status for the year
        (again after another merge recorded files of the year)."""
        seen = self.data_version()
        derived = self.ledger_problems(year)  # worked out once for the files and the sections
        review = self._current_review_id(year)
        if review is not None and derived.get(review) and review not in {o.submission_id for o in outcomes}:
            # the 推進室評価シート in use, read in an earlier merge, questioned now (A005: a section answered again
            # after the office wrote on its row): shown with this run's files, as recorded (not read again) — the
            # warning the ledger derives is said whenever it holds, not only when the sheet is given again
            outcomes = [*outcomes, self._recorded_outcome(self._submission(review), derived)]
        self._describe(outcomes, year, derived)
        return BatchOutcome(year, outcomes, self.section_rows(year, sections, derived),
                            lambda: self.answers_of_year(year), seen)

    def answers_of_year(self, year: int) -> pd.DataFrame:
        """The year's current accepted answers, from this ledger or, once it is closed (``run_merge``
        returns its batch after closing it), from the same file opened again."""
        if self._open:
            return self.answers([year])
        with Ledger(self._opened_at, self.archive_dir, plan=self.plan) as again:
            return again.answers([year])

    def data_version(self) -> int:
        """A number that changes when another connection (another merge) has written to the ledger."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]

    def _describe(self, outcomes: list[FileOutcome], year: int, derived: dict[int, list[Problem]]) -> None:
        """Each outcome's problems (stored and ``derived``: :meth:`ledger_problems`), whether it is
        current, whether it was resolved, its section's 提出期限 and whether it came in time."""
        rows = {r["id"]: r for r in self._year_rows(year)}
        in_use = self._in_use(year)
        current = in_use.files
        review = self._current_review_id(year)
        deadlines = self.deadlines_of(year, {rows[o.submission_id]["section"] for o in outcomes} - {None})
        for o in outcomes:
            row = rows[o.submission_id]
            o.problems = stored_problems(row) + derived.get(o.submission_id, [])
            o.current = o.submission_id in in_use.ids or o.submission_id == review
            newest = rows.get(review) if row["form"] == FORM_REVIEW else rows.get(current.get(row["section"]))
            o.resolved = self._settled(row, newest, in_use) and not (row["form"] == FORM_REVIEW and any(
                p.code in OTHER_SHEET_CODES for p in o.problems))
            # another year's form sent by mistake (M004) has no 期限内・期限後 against this year's 提出期限 (saved last
            # year, it read 期限内): blank, as for another year's form passed over (F030, M015) and in section_rows
            if row["section"] and row["status"] in (FileStatus.ACCEPTED, FileStatus.REJECTED) \
                    and not any(p.code == Msg.INTAKE_OTHER_YEAR.value.code for p in o.problems):
                o.deadline = deadlines[row["section"]]
                o.timeliness = timeliness(timed_at(row), o.deadline)

    # --- what follows from the other files of the year ------------------------------------
    def ledger_problems(self, year: int) -> dict[int, list[Problem]]:
        """L001–L003 for every submission of the year, derived from the stored rows."""
        rows = self._year_rows(year)
        by_id = {r["id"]: r for r in rows}
        in_use = self._in_use(year)
        current = in_use.files
        found: dict[int, list[Problem]] = defaultdict(list)
        by_section: dict[str, list[sqlite3.Row]] = defaultdict(list)
        for r in rows:
            if r["duplicate_of"]:
                original = by_id.get(r["duplicate_of"]) or self._submission(r["duplicate_of"])
                found[r["id"]].append(problem(Msg.LEDGER_DUPLICATE, file=r["name"], original=self._original_of(r, original)))
            elif r["status"] in (FileStatus.ACCEPTED, FileStatus.REJECTED) and r["section"]:
                by_section[r["section"]].append(r)
        for section, group in by_section.items():
            newest = by_id.get(current.get(section))
            for r in group:
                if r["status"] == FileStatus.ACCEPTED and newest is not None and r["id"] not in in_use.ids:
                    found[r["id"]].append(problem(Msg.LEDGER_SUPERSEDED, file=r["name"], section=section,
                                                  newer=newest["name"] + lookalike_note(newest["name"], r["name"])))
            # Several files that came together (one merge) and could each be "the" answer: a rejected
            # file already corrected by a newer accepted one is the normal resubmission, and a file that
            # came in a later merge than another is a resubmission too (L002 says which one counts).
            together: dict[str, list[sqlite3.Row]] = defaultdict(list)
            for r in group:  # (former sections' old forms whose answers are used together are no rivals)
                if not self._settled(r, newest, in_use) and r["id"] not in in_use.parts.values():
                    together[r["received_at"]].append(r)
            for rivals in together.values():
                if len(rivals) < 2:
                    continue
                rivals.sort(key=lambda x: (x["name"], x["path"]))  # the same names however the workers finished
                first = rivals[:NAMES_SHOWN + 1]  # enough names for any one file's warning (linear, not square)
                for r in rivals:
                    others = [x["name"] + lookalike_note(x["name"], r["name"]) for x in first
                              if x["id"] != r["id"]][:NAMES_SHOWN]
                    rest = len(rivals) - 1 - len(others)
                    shown = "、".join(others) + (f" ほか {rest} 件" if rest > 0 else "")
                    found[r["id"]].append(problem(Msg.LEDGER_TWO_FILES, file=r["name"], section=section,
                                                  count=len(rivals), others=shown))
        review = self._current_review_id(year)  # an earlier 推進室評価シート: replaced as a section's file is
        if review is not None:
            office = f"{self.plan.words.office}（推進室評価シート）" if self.plan is not None else "推進室評価シート"
            for r in rows:
                if r["form"] == "review" and r["status"] == FileStatus.ACCEPTED and r["id"] != review:
                    found[r["id"]].append(problem(Msg.LEDGER_SUPERSEDED, file=r["name"], section=office,
                                                  newer=by_id[review]["name"]))
        for section, missing in self._unanswered(year, in_use).items():
            shown = "、".join(missing[:NAMES_SHOWN * 2]) + (f" ほか {len(missing) - NAMES_SHOWN * 2} 件"
                                                          if len(missing) > NAMES_SHOWN * 2 else "")
            found[current[section]].append(problem(Msg.LEDGER_PART_MISSING, file=by_id[current[section]]["name"],
                                                   section=section, what=shown, count=len(missing)))
        if self.plan is not None:
            for same in same_shared_amounts(self._current_answers(year, "effect_yen")):
                for at in same.places:  # R005 at each section's own cell (the report lists the same rule)
                    found[current[at.section]].append(same_amount_problem(self.plan, same, at))
        if review is not None:
            found[review] += self._stale_review(year, review)
        return found

    @staticmethod
    def _original_of(copy: sqlite3.Row, original: sqlite3.Row) -> str:
        """The file a duplicate is the same as, as L001 names it: by its name — and, when the copy has that very name
        (an inbox copied to a new share, the old one kept, and merged too), by the folder it was merged from as well, as
        far as the two files' paths differ (「共有/受信」 beside 新共有/受信), or whole when they share no folder. A name that
        only looks the same (the same characters encoded differently: macOS and Windows) is told apart in words."""
        name = original["name"]
        note = lookalike_note(name, copy["name"])
        if name != copy["name"] and not note:
            return name
        depth = len(name.split("/"))  # the name is the path below the folder given to merge

        def given(path: Path) -> Path:
            return path.parents[depth - 1] if depth < len(path.parts) else path.parent

        folder = given(Path(original["path"]))
        if note and folder == given(Path(copy["path"])):  # in the same folder: the names are enough
            return name + note
        try:
            common = Path(os.path.commonpath([folder, Path(copy["path"]).parent]))
        except ValueError:  # two drives (Windows), or one path relative and one not
            common = None
        if common is not None and common not in (folder, Path(common.anchor)):
            folder = folder.relative_to(common)
        return f"フォルダ「{shown_name(folder.as_posix())}」の {name}{note}"

    def _current_answers(self, year: int, field_: str) -> list[Answer]:
        """One field's answers in the current files of the sections for ``year``."""
        in_use = self._in_use(year)
        ids = list(in_use.ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(f"SELECT submission_id, {ANSWER_LIST} FROM answers WHERE submission_id IN ({marks})"
                               " AND field = ?", (*ids, field_)).fetchall()
        return [answer_of(r) for r in rows if in_use.holds(r)]

    def _stale_review(self, year: int, review_id: int) -> list[Problem]:
        """A005: the self-assessment the 推進室評価シート showed is no longer the section's answer, on a row
        the office typed something on (a row left blank — a sheet as merge wrote it — has nothing to look
        at again when a section answers later, for the first time or again)."""
        rows = self.db.execute("SELECT * FROM answers WHERE submission_id = ?", (review_id,)).fetchall()
        typed = {(r["id"], r["section"]) for r in rows if r["field"] != "sheet_grade" and self._typed(r)}
        shown = [r for r in rows if r["field"] == "sheet_grade" and (r["id"], r["section"]) in typed]
        if not shown:
            return []
        in_use = self._in_use(year)
        ids = list(in_use.ids)
        now: dict[tuple[str, str], object] = {}
        if ids:
            marks = ",".join("?" * len(ids))
            for r in self.db.execute(
                    f"SELECT submission_id, section, kind, id, value FROM answers WHERE submission_id IN ({marks})"
                    " AND kind = 'item' AND field = 'grade'", ids).fetchall():
                if in_use.holds(r):
                    now[(r["id"], r["section"])] = json_value(r["value"])
        name = self._submission(review_id)["name"]
        shown_as = {g.code: g.display for g in self.plan.grades} if self.plan is not None else {}
        found = []
        for r in shown:
            before, after = json_value(r["value"]), now.get((r["id"], r["section"]))
            if before != after:
                shown_id = self.plan.item_number(r["id"]) if self.plan is not None else r["id"]  # 「1-3」 of two levels
                found.append(problem(Msg.REVIEW_STALE, file=name, sheet=r["sheet"], cell=r["cell"], id=shown_id,
                                     section=r["section"], sheet_grade=shown_as.get(before, before or "未回答"),
                                     grade=shown_as.get(after, after or "未回答")))
        return found

    def other_years_form_of_a_section_done(self, result: FileResult, year: int,
                                           asked: tuple[str, ...] | None = None) -> Problem | None:
        """F030 for ``result``, a section's form of another year (M004) when the section's form of ``year`` is accepted:
        a file of that year left among this year's returns (a late correction of last year, next year's form in the
        wrong folder) — the office's to move, not a 差し戻し asking a section that is done to answer again. M015 when
        the section was sent no form of ``year`` (not among ``asked``, nor renamed or merged into one of them: a
        revision ended its items, or it came later): a 差し戻し would ask it to fill a form it does not have. A section
        renamed, merged or split since is done when a section it became is (F030 names that section)."""
        if result.status != FileStatus.REJECTED or result.from_ledger or not result.section or result.year is None \
                or result.year == year or result.form == FORM_REVIEW \
                or not any(p.code == Msg.INTAKE_OTHER_YEAR.value.code for p in result.problems):
            return None
        if asked is not None and self.plan is not None \
                and not {result.section, *successors(self.plan.moves, result.section)} & set(asked):
            return problem(Msg.INTAKE_OTHER_YEAR_NOT_ASKED, file=result.name, found=format_fiscal_year(result.year),
                           expected=format_fiscal_year(year), section=result.section, items=self.plan.words.item,
                           short=short_fiscal_year(result.year))
        # a section a 組織改正 has replaced since its form's year is done when the section it became is (the form is
        # that year's business: a 差し戻し would ask a section that no longer exists to fill this year's form, and
        # leave the file refused for its own year, F031)
        now = successors(self.plan.moves, result.section) if self.plan is not None else ()
        names = tuple(dict.fromkeys((result.section, *now)))
        done = [r[0] for r in self.db.execute(
            f"SELECT DISTINCT section FROM submissions WHERE year = ? AND section IN ({','.join('?' * len(names))})"
            " AND status = ? AND (form IS NULL OR form != 'review')",
            (year, *names, str(FileStatus.ACCEPTED)))]
        if not done:
            return None
        return problem(Msg.INTAKE_OTHER_YEAR_DONE, file=result.name, found=format_fiscal_year(result.year),
                       expected=format_fiscal_year(year), section=result.section,
                       done="・".join(n for n in names if n in done), short=short_fiscal_year(result.year))

    def older_copy_of_review(self, result: FileResult, year: int, received: str | float) -> Problem | None:
        """A010 for ``result``, a 推進室評価シート merge made before the evaluation in use was recorded, when it leaves
        blank what that evaluation typed: a copy of the same sheet filled apart from the one recorded (the newest
        sheet replaces the whole evaluation, so reading it would erase the other copy's entries without a word).
        The sheet the evaluation came from, filled on, still holds them: it is read. A sheet saved before the one in
        use (``received``: when this batch received it) erases nothing — it is not the newest: replaced (L002) —
        unless it holds a word the evaluation in use has not (a copy filled apart, saved first): then as any copy."""
        if result.form != FORM_REVIEW or result.status != FileStatus.ACCEPTED or result.from_ledger:
            return None
        current = self._current_review_id(year)
        if current is None or not result.created:
            return None
        newer = self._submission(current)
        recorded = self.db.execute("SELECT * FROM answers WHERE submission_id = ? ORDER BY rowid", (current,)).fetchall()
        if (ordered_time(result.submitted_at, received), result.submitted_at) \
                < (newer["ordered_at"], newer["submitted_at"]) \
                and not self._typed_beyond(result, recorded):  # (NEWEST_FIRST: a tie goes to the later record)
            return None  # an older save of the sheet recorded: all it typed is there — a copy filled apart is not
        try:
            made = datetime.fromisoformat(result.created).timestamp()
        except ValueError:  # not a time merge wrote: nothing to compare
            return None
        # made after (the same second: before — a sheet made after holds what was recorded, so only a deliberate
        # blank differs there; the sheet merge writes is made a second after the files it recorded: made_at)
        if made > datetime.fromisoformat(newer["received_at"]).timestamp():
            return None
        given = {(a.id, a.section, a.field): a for a in result.answers if a.kind == REVIEW}
        blank = []
        for r in recorded:
            a = given.get((r["id"], r["section"], r["field"]))
            if r["field"] != SHEET_GRADE and self._typed(r) and a is not None and a.value is None \
                    and not (a.raw or "").strip():
                blank.append((r, a))
        if not blank:
            return None
        words = self.plan.words if self.plan is not None else None
        shown = "、".join(f"{r['id']}（{r['section']}）の{review_label(r['field'], words)}"
                         for r, _ in blank[:NAMES_SHOWN])
        shown += f" ほか {len(blank) - NAMES_SHOWN} 件" if len(blank) > NAMES_SHOWN else ""
        first = blank[0][1]
        return problem(Msg.REVIEW_OLDER_COPY, file=result.name, sheet=first.sheet, cell=first.cell, newer=newer["name"],
                       cells=shown)

    @classmethod
    def _typed_beyond(cls, result: FileResult, recorded: list[sqlite3.Row]) -> bool:
        """Whether ``result`` (a 推進室評価シート) holds a word where the evaluation ``recorded`` has none: no older
        save of that sheet (all it typed is kept there), but a copy of the sheet filled apart — or a word erased since."""
        typed = {(r["id"], r["section"], r["field"]) for r in recorded if cls._typed(r)}
        return any(a.kind == REVIEW and a.field != SHEET_GRADE and (a.id, a.section, a.field) not in typed
                   and (a.value is not None or (a.raw or "").strip()) for a in result.answers)

    @staticmethod
    def _typed(row: sqlite3.Row) -> bool:
        """Whether a stored review cell holds what the office typed (a value, or text that read as none)."""
        return json_value(row["value"]) is not None or bool((row["raw"] or "").strip())

    # --- queries ---------------------------------------------------------------------
    def years(self) -> list[int]:
        """The fiscal years the ledger has files for, in order."""
        return [r[0] for r in self.db.execute("SELECT DISTINCT year FROM submissions ORDER BY year")]

    def _year_rows(self, year: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM submissions WHERE year = ? ORDER BY id", (year,)).fetchall()

    def _current_ids(self, year: int) -> dict[str, int]:
        """Section → submission id of its newest accepted file for the year. A former section's file
        read as the answers of several sections (M009 after a split: 市民課 → 窓口課・戸籍課) is the
        file of each of them, until one sends a newer file of its own."""
        rows = self.db.execute(
            "SELECT id, section FROM submissions WHERE year = ? AND status = ? AND section IS NOT NULL"
            f" ORDER BY {OLDEST_FIRST}", (year, str(FileStatus.ACCEPTED))).fetchall()
        also = self._former_section_files(year)
        current: dict[str, int] = {}
        for r in rows:  # later rows win
            for section in (r["section"], *also.get(r["id"], ())):
                current[section] = r["id"]
        return current

    def _former_section_files(self, year: int, status: FileStatus = FileStatus.ACCEPTED) -> dict[int, tuple[str, ...]]:
        """The files of ``year`` (accepted, or with ``status``) of a former section (M009) that hold answers of
        sections other than the one they are recorded under (a split section's): submission id → those sections."""
        # from the few submissions with M009 to their answers (CROSS JOIN keeps that order: SQLite otherwise read
        # every answer of every year, 8 ms a time at 1,000 files, several times a merge)
        rows = self.db.execute(
            "SELECT DISTINCT a.submission_id, a.section FROM submissions s CROSS JOIN answers a ON a.submission_id = s.id"
            " WHERE s.year = ? AND s.status = ? AND s.issues LIKE ? AND a.section IS NOT s.section ORDER BY a.rowid",
            (year, str(status), f'%"{Msg.INTAKE_FORMER_SECTION.value.code}"%')).fetchall()
        found: dict[int, list[str]] = defaultdict(list)
        for r in rows:
            found[r["submission_id"]].append(r["section"])
        return {k: tuple(v) for k, v in found.items()}

    def _in_use(self, year: int) -> _InUse:
        """Whose answers are in use for ``year`` (:class:`_InUse`). When a section's newest file is a former
        section's old form (M009), an older accepted file of the section still answers the items that form does
        not hold, and so on back while the file taken is an old form: the old forms of two sections merged
        into one (DX推進課 and 秘書政策課 → 政策推進課) are the answers of the new section together, until it
        sends a form of its own, which holds all its items."""
        files = self._current_ids(year)
        former = {r[0] for r in self.db.execute(
            "SELECT id FROM submissions WHERE year = ? AND status = ? AND issues LIKE ?",
            (year, str(FileStatus.ACCEPTED), f'%"{Msg.INTAKE_FORMER_SECTION.value.code}"%'))}
        parts: dict[tuple[str, str, str], int] = {}
        for section, newest in files.items():
            if newest not in former:
                continue
            ids = [r[0] for r in self.db.execute(
                "SELECT id FROM submissions WHERE year = ? AND status = ? AND id IN"
                f" (SELECT submission_id FROM answers WHERE section = ?) ORDER BY {NEWEST_FIRST}",
                (year, str(FileStatus.ACCEPTED), section))]
            covered: set[tuple[str, str]] = set()
            for id_ in ids[ids.index(newest):] if newest in ids else ():
                keys = {(r[0], r[1]) for r in self.db.execute(
                    "SELECT DISTINCT kind, id FROM answers WHERE submission_id = ? AND section = ?", (id_, section))}
                for kind, key in keys - covered:
                    if id_ != newest:
                        parts[(section, kind, key)] = id_
                covered |= keys
                if id_ not in former:
                    break
        return _InUse(files, parts, frozenset(former))

    def _held(self, section: str, in_use: _InUse) -> set[tuple[str, str]]:
        """The (kind, ID) of ``section``'s answers in use."""
        ids = [i for (s, _k, _i), i in in_use.parts.items() if s == section] + [in_use.files[section]]
        marks = ",".join("?" * len(ids))
        return {(r[0], r[1]) for r in self.db.execute(
            f"SELECT DISTINCT kind, id FROM answers WHERE section = ? AND submission_id IN ({marks})", (section, *ids))}

    def _settled(self, row: sqlite3.Row, newest: sqlite3.Row | None, in_use: _InUse) -> bool:
        """A rejected file ``row`` settled by ``newest``, its section's newer accepted file (:func:`resolved_by`) —
        when that is a former section's old form (M009), only if the answers in use hold what ``row`` sent: the
        other merged section's old form does not settle this one's."""
        if not resolved_by(row, newest):
            return False
        if newest["id"] not in in_use.former or row["section"] not in in_use.files:
            return True
        sent = {(r[0], r[1]) for r in self.db.execute(
            "SELECT DISTINCT kind, id FROM answers WHERE submission_id = ? AND section = ? AND kind IN ('item', 'kpi')",
            (row["id"], row["section"]))}
        return sent <= self._held(row["section"], in_use)

    def unanswered(self, year: int) -> dict[str, list[str]]:
        """Section → the IDs of its items and KPIs that only former sections' old forms answer for it and none holds
        (L004; the section is 未提出 until they come)."""
        return self._unanswered(year, self._in_use(year))

    def _unanswered(self, year: int, in_use: _InUse) -> dict[str, list[str]]:
        """Section → the items and KPIs (IDs) the plan asks of it in ``year`` that none of the files in use holds,
        for a section answered by former sections' old forms (M009) only: the old form of one of two sections
        merged into one holds half the items, and an item a revision added to a section is in no old form."""
        if self.plan is None or not in_use.former:
            return {}
        found = {}
        for section, newest in in_use.files.items():
            if newest not in in_use.former or section not in self.plan.sections:
                continue
            held = self._held(section, in_use)
            asked = [("item", i.id) for i in self.plan.items_for(section, year)] + [
                ("kpi", k.id) for k in self.plan.kpis_for(section, year)]
            # (an item as the form numbers it: 「1-3」 in a plan of two levels)
            missing = [self.plan.item_number(key) if kind == "item" else key for kind, key in asked
                       if (kind, key) not in held]
            if missing:
                found[section] = missing
        return found

    def _current_review_id(self, year: int) -> int | None:
        """The newest accepted 推進室評価シート of the year (it carries the whole sheet: newest wins)."""
        row = self.db.execute("SELECT id FROM submissions WHERE year = ? AND status = ? AND form = 'review'"
                              f" ORDER BY {NEWEST_FIRST} LIMIT 1",
                              (year, str(FileStatus.ACCEPTED))).fetchone()
        return row["id"] if row is not None else None

    def answers(self, years: list[int] | None = None) -> pd.DataFrame:
        """The current accepted answers of the given years (all years when None): the sections' (kinds
        item and kpi) and the office's 推進室評価 (kind review, one row per item, section and field)."""
        years = years if years is not None else self.years()
        in_use = {y: self._in_use(y) for y in years}
        ids = list(dict.fromkeys(i for y in years for i in in_use[y].ids))
        reviews = [i for y in years if (i := self._current_review_id(y)) is not None]
        if not ids and not reviews:
            return answers_frame([])
        marks = ",".join("?" * (len(ids) + len(reviews)))
        rows = self.db.execute(f"SELECT submission_id, {ANSWER_LIST} FROM answers WHERE submission_id IN ({marks})"
                               " ORDER BY year, section, rowid", (*ids, *reviews)).fetchall()
        return answers_frame(answer_of(r) for r in rows if r["submission_id"] in reviews or in_use[r["year"]].holds(r))

    def section_status(self, year: int, sections: tuple[str, ...]) -> pd.DataFrame:
        """:meth:`section_rows` as a DataFrame."""
        return status_frame(self.section_rows(year, sections))

    def section_rows(self, year: int, sections: tuple[str, ...],
                     derived: dict[int, list[Problem]] | None = None) -> list[dict]:
        """One row per expected section: 提出済 / 差し戻し / 未提出, with the file it rests on and
        that file's errors and warnings (its own and the ledger's), and ``returned``: the file to be
        corrected (差し戻し) — for a 提出済 section, a newer file that was rejected (its earlier
        accepted answers stay in use until a corrected file comes)."""
        in_use = self._in_use(year)
        current = in_use.files
        unanswered = self._unanswered(year, in_use)  # old forms that leave items unanswered: not yet 提出済
        derived = self.ledger_problems(year) if derived is None else derived
        # a split section's old form sent back (M009) is sent back for each section whose answers it holds
        covering: dict[str, list[int]] = defaultdict(list)
        for id_, held in self._former_section_files(year, FileStatus.REJECTED).items():
            for section in held:
                covering[section].append(id_)
        # the year's files read once for all sections (a query per section scanned the year's files each time: a
        # 1,000-section plan's merge and status read some 4 million rows): the rejected ones newest first, and when
        # each file sent back or accepted counts as submitted
        sent_back = self.db.execute(f"SELECT * FROM submissions WHERE year = ? AND status = ? ORDER BY {NEWEST_FIRST}",
                                    (year, str(FileStatus.REJECTED))).fetchall()
        rank = {r["id"]: n for n, r in enumerate(sent_back)}
        newest_sent_back: dict[str, sqlite3.Row] = {}
        for r in sent_back:
            newest_sent_back.setdefault(r["section"], r)
        timed: dict[int, float] = {}
        earliest: dict[str, float] = {}
        # another year's form sent by mistake (M004, sent back) is no answer of this year: saved last year, it made a
        # section that answered after the 提出期限 期限内 (and its 提出日時 a day before this year's 調査票 was sent)
        for r in self.db.execute(f"SELECT id, section, {TIMED_AT} AS at, issues LIKE ? AS other_year FROM submissions"
                                 " WHERE year = ? AND status IN (?, ?)",
                                 (f'%"{Msg.INTAKE_OTHER_YEAR.value.code}"%', year, str(FileStatus.ACCEPTED),
                                  str(FileStatus.REJECTED))):
            if r["other_year"]:
                continue
            timed[r["id"]] = r["at"]
            if r["section"] is not None and (r["section"] not in earliest or r["at"] < earliest[r["section"]]):
                earliest[r["section"]] = r["at"]
        deadlines = self.deadlines_of(year, sections)  # one pass for all, not a scan of the year per section
        rows = []
        for section in sections:
            also = covering.get(section, [])
            candidates = [c for c in (newest_sent_back.get(section), *(sent_back[rank[i]] for i in also if i in rank))
                          if c is not None]
            rejected = min(candidates, key=lambda r: rank[r["id"]]) if candidates else None
            returned = None
            if section in current and section not in unanswered:
                sub, status = self._submission(current[section]), SectionStatus.SUBMITTED
                if rejected is not None and not self._settled(rejected, sub, in_use):
                    returned = rejected["name"]  # a newer file was sent back: the older answers stay in use
            elif section in current:  # its answers so far, but not of every item (L004 says which)
                sub = self._submission(current[section])
                if rejected is not None and not self._settled(rejected, sub, in_use):
                    sub, status, returned = rejected, SectionStatus.RETURNED, rejected["name"]
                else:
                    status = SectionStatus.MISSING
            else:
                sub = rejected
                status = SectionStatus.RETURNED if sub else SectionStatus.MISSING
                returned = sub["name"] if sub else None
            problems = stored_problems(sub) + derived.get(sub["id"], []) if sub else []
            # the first file the section sent (or that answers for it): for 期限内/期限後
            times = [t for t in (earliest.get(section), timed.get(current.get(section)), *map(timed.get, also))
                     if t is not None]
            first = min(times) if times else None
            deadline = deadlines[section]
            rows.append({
                "year": year, "section": section, "status": str(status),
                "file": sub["name"] if sub else None, "received_at": sub["received_at"] if sub else None,
                "errors": sum(p.severity is Severity.ERROR for p in problems),
                "warnings": sum(p.severity is Severity.WARNING for p in problems),
                "returned": returned, "returned_id": rejected["id"] if returned else None,
                "submitted_at": local_time(first), "deadline": deadline, "timeliness": timeliness(first, deadline),
                "respondent": row_respondent(sub),
            })
        return rows

    def rejection_outcomes(self, year: int, ids: list[int]) -> list[FileOutcome]:
        """Rejected files of ``year`` recorded in an earlier merge (``ids``), as this merge's files are: for
        the 差し戻し copies of sections whose file to correct did not come again (a batch of other files)."""
        derived = self.ledger_problems(year)
        return [self._recorded_outcome(self._submission(submission_id), derived) for submission_id in ids]

    @staticmethod
    def _recorded_outcome(row: sqlite3.Row, derived: dict[int, list[Problem]]) -> FileOutcome:
        """A file recorded in an earlier merge as this merge's files are (not read again), with its stored and
        ``derived`` problems."""
        problems = stored_problems(row)
        return FileOutcome(result_of(row, Path(row["path"]), problems), row["id"], FileStatus(row["status"]),
                           row["received_at"], problems=problems + derived.get(row["id"], []), new=False,
                           submitted_at=row["submitted_at"], submitted_from=row["submitted_from"],
                           ordered_at=row["ordered_at"], respondent=row_respondent(row))

    def file_summary(self, year: int, submission_id: int) -> dict:
        """One recorded file as :meth:`section_rows` tells of the file a section rests on: its name, the section
        it is recorded under, when it was received, its errors and warnings (its own and the ledger's; the codes
        of the errors too), those problems and its 回答者欄."""
        row = self._submission(submission_id)
        problems = stored_problems(row) + self.ledger_problems(year).get(row["id"], [])
        return {"file": row["name"], "section": row["section"], "received_at": row["received_at"], "problems": problems,
                "errors": sum(p.severity is Severity.ERROR for p in problems),
                "error_codes": sorted({p.code for p in problems if p.severity is Severity.ERROR}),
                "warnings": sum(p.severity is Severity.WARNING for p in problems), "respondent": row_respondent(row)}

    def newest_rejected_time(self, year: int, section: str) -> float | None:
        """When the section saved its newest rejected file of the year (its submitted time)."""
        row = self.db.execute("SELECT MAX(submitted_at) FROM submissions WHERE year = ? AND section = ? AND status = ?",
                              (year, section, str(FileStatus.REJECTED))).fetchone()
        return row[0]

    def respondent_of(self, year: int, section: str) -> dict[str, str]:
        """The 回答者欄 of the section's newest file of the year that has one (accepted or rejected)."""
        for row in self.db.execute("SELECT respondent FROM submissions WHERE year = ? AND section = ?"
                                   f" AND respondent IS NOT NULL ORDER BY {NEWEST_FIRST}", (year, section)):
            found = row_respondent(row)
            if found:
                return found
        return {}

    def _submission(self, submission_id: int) -> sqlite3.Row:
        return self.db.execute("SELECT * FROM submissions WHERE id = ?", (submission_id,)).fetchone()

    def submissions(self, year: int) -> list[dict]:
        """Every file recorded for the year, in arrival order, with its stored and derived problems."""
        derived = self.ledger_problems(year)
        return [dict(r) | {"issues": [p.to_dict() for p in stored_problems(r) + derived.get(r["id"], [])]}
                for r in self._year_rows(year)]



_BROKEN_WHAT_TO_DO = ("このファイルは変更していません。バックアップから台帳を戻すか、壊れた台帳は別の名前に変えて保管し、"
                      "新しい台帳で merge をやり直してください（受け付けたファイルの原本は保管庫に残っています）。")



def _is_iso_date(value: object) -> bool:
    """Whether ``value`` is a day as the ledger keeps one (``2027-07-10``)."""
    try:
        return isinstance(value, str) and len(value) == 10 and date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _is_iso_time(value: object) -> bool:
    """Whether ``value`` is a time as the ledger keeps one (ISO text, read with ``datetime.fromisoformat``)."""
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _holds_nothing(db: sqlite3.Connection) -> bool:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return not any(db.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone() for t in tables)
