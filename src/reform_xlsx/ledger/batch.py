"""One merge's files recorded as they arrive (:meth:`reform_xlsx.ledger.store.Ledger.batch`): duplicates settled,
another year's form of a finished section passed over."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from reform_xlsx.intake.result import GIVEN_FROM, FileResult
from reform_xlsx.intake.walk import path_text
from reform_xlsx.ledger.outcome import BatchOutcome, FileOutcome
from reform_xlsx.ledger.rows import (
    archive_copy,
    issues_json,
    ordered_time,
    passing,
    renamed_problems,
    respondent_json,
    row_respondent,
    stored_problems,
)
from reform_xlsx.ledger.schema import INSERT_SUBMISSION
from reform_xlsx.messages import Msg, problem
from reform_xlsx.records import FileStatus
from reform_xlsx.wareki import format_fiscal_year

if TYPE_CHECKING:
    from reform_xlsx.ledger.store import Ledger


class Batch:
    """One merge's files, recorded as they arrive (see :meth:`Ledger.batch`)."""

    def __init__(self, ledger: Ledger, year: int, received_at: str, reader: str | None = None,
                 asked: tuple[str, ...] | None = None) -> None:
        self.ledger, self.db, self.year, self.received_at = ledger, ledger.db, year, received_at
        self.asked = asked  # the sections sent a form for the year (None: not known)
        self.received_time = datetime.fromisoformat(received_at).timestamp()
        self.reader = reader  # which tool and plan read the files (see Ledger.known)
        self.outcomes: list[FileOutcome] = []
        # Every content the ledger held when the batch began, in any table :meth:`Ledger.known` looks in (the batch
        # holds the ledger: nothing else adds one), and the contents recorded since. A file whose content is in
        # neither was never met: none of those look-ups (six, by its path, year, a move, merge's outputs, the
        # forms sent, other years) can find it — a new return costs no query before it is recorded.
        self.met_before = frozenset(r[0] for r in self.db.execute(
            "SELECT sha256 FROM submissions UNION SELECT sha256 FROM outputs"
            " UNION SELECT sha256 FROM sent_copies UNION SELECT sha256 FROM sent_forms"))
        self.met_since: set[str] = set()

    def _met(self, sha256: str) -> bool:
        return sha256 in self.met_before or sha256 in self.met_since

    def known(self, path: Path, sha256: str, name: str | None = None) -> FileResult | None:
        if not self._met(sha256):
            return None
        return self.ledger.known(path, sha256, self.year, self.reader, name)

    def add(self, result: FileResult) -> FileOutcome:
        """Record one file. An accepted file's answers go into the ledger and are dropped from the
        result (a rejected file keeps them: its 差し戻し copy shows what was sent).

        A file given a time by the office (``result.given_at``, ``--received-at``) gets it even when
        it was recorded before: the office's word on when it came is the one thing that may change."""
        path = path_text(result.path)
        older = self.ledger.older_copy_of_review(result, self.year, self.received_time)
        if older is not None:  # an older copy of the 推進室評価シート: read as it is, it would erase entries
            result.problems.append(older)
            result.status = FileStatus.REJECTED
        row = self.db.execute("SELECT * FROM submissions WHERE sha256 = ? AND path = ? AND year = ?",
                              (result.sha256, path, self.year)).fetchone() if self._met(result.sha256) else None
        if row is not None:  # seen before: nothing changes (but the name it is shown by from the folder given) …
            if result.name != row["name"]:
                renamed = renamed_problems(stored_problems(row), row["name"], result.name)
                self.db.execute("UPDATE submissions SET name = ?, issues = ? WHERE id = ?",
                                (result.name, issues_json(renamed), row["id"]))
                self.db.execute("UPDATE answers SET file = ? WHERE submission_id = ?", (result.name, row["id"]))
                row = self.ledger._submission(row["id"])
            if row["status"] in (FileStatus.REJECTED, FileStatus.SKIPPED) and not result.from_ledger:
                if result.status == FileStatus.ACCEPTED:
                    self.ledger._accept_later(row["id"], result)  # … unless a corrected plan or tool now accepts it
                else:  # still not accepted: what this reading found, and by which reader — and whose file it is now
                    # (a former section's form read again after a revision renamed the section: M009, the new name's;
                    # kept under the old name, a later merge found no section of the plan for its 差し戻し copy)
                    self.db.execute("UPDATE submissions SET issues = ?, respondent = ?, section = ? WHERE id = ?",
                                    (issues_json(result.problems), respondent_json(result),
                                     result.section if result.section is not None else row["section"], row["id"]))
                    self.ledger._store_answers(row["id"], result.answers, sent=True, replace=True)
                self.db.execute("UPDATE submissions SET reader = ? WHERE id = ?", (self.reader, row["id"]))
            elif (row["status"] == FileStatus.IGNORED and result.status == FileStatus.IGNORED and not result.from_ledger
                  and issues_json(result.problems) != row["issues"]):
                # passed over again, said as it is now (F030's late form since accepted for its own year: F029)
                self.db.execute("UPDATE submissions SET issues = ? WHERE id = ?",
                                (issues_json(result.problems), row["id"]))
            if result.given_at is not None and (row["submitted_from"] != GIVEN_FROM
                                                or row["submitted_at"] != result.given_at):
                self.db.execute("UPDATE submissions SET submitted_at = ?, submitted_from = ?, ordered_at = ? WHERE id = ?",
                                (result.given_at, GIVEN_FROM, ordered_time(result.given_at, row["received_at"]), row["id"]))
            row = self.ledger._submission(row["id"])
            outcome = FileOutcome(result, row["id"], FileStatus(row["status"]), row["received_at"], new=False)
        else:
            if archive_copy(result.path, result.sha256) and result.status == FileStatus.REJECTED and any(
                    p.code == Msg.INTAKE_OTHER_YEAR.value.code for p in result.problems):
                # an archive merged as an inbox (a new ledger after damage) keeps every year's originals: another
                # year's is passed over, not this year's 差し戻し
                result.status = FileStatus.IGNORED
                result.problems = [problem(Msg.INTAKE_OWN_OUTPUT, file=result.name, what=(
                    f"原本の保管庫（{result.path.parent.parent.name}）の写し"
                    f"（{format_fiscal_year(result.year) if result.year else '別の年度'}の調査票）"))]
            archived = self.ledger._archive(result) if result.status == FileStatus.ACCEPTED else None
            cur = self.db.execute(INSERT_SUBMISSION, (
                result.sha256, path, result.name, result.size, result.mtime, result.submitted_at, self.received_at,
                self.year, result.section, result.year, result.template_id, result.plan_id, result.plan_version,
                result.real_format, str(result.status), None, issues_json(result.problems), archived, self.reader,
                result.form, result.submitted_from, respondent_json(result), result.deadline, result.contact,
                ordered_time(result.submitted_at, self.received_time)))
            if result.status in (FileStatus.ACCEPTED, FileStatus.REJECTED):
                self.ledger._store_answers(cur.lastrowid, result.answers, sent=result.status == FileStatus.REJECTED)
            outcome = FileOutcome(result, cur.lastrowid, result.status, self.received_at)
            row = self.ledger._submission(cur.lastrowid)
            if result.sha256:
                self.met_since.add(result.sha256)
        outcome.submitted_at, outcome.submitted_from = row["submitted_at"], row["submitted_from"]
        outcome.ordered_at = row["ordered_at"]
        outcome.respondent = row_respondent(row)
        if outcome.status == FileStatus.ACCEPTED:
            result.answers = []
        result.content = None
        self.outcomes.append(outcome)
        return outcome

    def settle(self) -> None:
        """Identical files: each new file whose content was recorded before (under another path) is
        a duplicate of that one; among new identical files the oldest (by its own save time, then
        name) is the original — a copy in a ledger's archive of originals only when nothing else has its content.
        A duplicate keeps no answers of its own."""
        new = sorted((o for o in self.outcomes if o.new and o.result.sha256),
                     key=lambda o: (archive_copy(o.result.path, o.result.sha256), o.result.submitted_at, o.result.name))
        new_ids = {o.submission_id for o in new}
        originals: dict[str, int] = {}
        for o in new:
            sha = o.result.sha256
            # not read (a time-out, a file rewritten while read …), or passed over (merge's own copy of an original,
            # a blank form): the original of nothing
            if passing(o.problems) or o.status == FileStatus.IGNORED:
                continue
            if sha not in originals:
                earlier = [] if sha not in self.met_before else [r for r in self.db.execute(
                    "SELECT id, issues, path FROM submissions WHERE sha256 = ? AND year = ? AND duplicate_of IS NULL"
                    " AND status != ? ORDER BY id", (sha, self.year, str(FileStatus.IGNORED)))
                    if r["id"] not in new_ids and not passing(stored_problems(r))]
                if earlier and archive_copy(Path(earlier[0]["path"]), sha) and not archive_copy(o.result.path, sha):
                    # an archive copy recorded first (the archive merged into a new ledger, the inbox after): the
                    # file it copies takes its place as the original, the copy becomes its duplicate
                    self._demote(earlier[0]["id"], o.submission_id)
                    earlier = []
                originals[sha] = earlier[0]["id"] if earlier else o.submission_id
            if originals[sha] == o.submission_id:
                continue
            self.db.execute("UPDATE submissions SET status = ?, duplicate_of = ?, archived_as = NULL WHERE id = ?",
                            (str(FileStatus.DUPLICATE), originals[sha], o.submission_id))
            self.db.execute("DELETE FROM answers WHERE submission_id = ?", (o.submission_id,))
            o.status = FileStatus.DUPLICATE

    def pass_over_other_years(self) -> None:
        """Another year's form of a section whose form of this year is accepted — in this batch or before (F030) —
        or of a section sent no form this year (M015): passed over, not this year's 差し戻し (its answers dropped; read
        again, it says the same)."""
        for o in self.outcomes:
            if o.status != FileStatus.REJECTED or archive_copy(o.result.path, o.result.sha256):
                continue
            said = self.ledger.other_years_form_of_a_section_done(o.result, self.year, self.asked)
            if said is None:
                continue
            self.db.execute("UPDATE submissions SET status = ?, issues = ? WHERE id = ?",
                            (str(FileStatus.IGNORED), issues_json([said]), o.submission_id))
            self.db.execute("DELETE FROM answers WHERE submission_id = ?", (o.submission_id,))
            o.status = o.result.status = FileStatus.IGNORED
            o.result.problems, o.result.answers = [said], []

    def _demote(self, copy_id: int, original_id: int) -> None:
        """The recorded archive copy ``copy_id`` as a duplicate of ``original_id`` (and its duplicates with it)."""
        self.db.execute("UPDATE submissions SET duplicate_of = ? WHERE duplicate_of = ?", (original_id, copy_id))
        self.db.execute("UPDATE submissions SET status = ?, duplicate_of = ?, archived_as = NULL WHERE id = ?",
                        (str(FileStatus.DUPLICATE), original_id, copy_id))
        self.db.execute("DELETE FROM answers WHERE submission_id = ?", (copy_id,))

    def outcome(self, sections: tuple[str, ...]) -> BatchOutcome:
        """The batch as recorded: every file (by name) and every section's status for the year."""
        return self.ledger.outcome_of(sorted(self.outcomes, key=lambda o: o.result.name), self.year, sections)
