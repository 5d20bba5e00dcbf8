"""The reform office's one job: read every returned file, record it, write the results.

:func:`run_merge` is what ``reform-xlsx merge`` calls. It runs four named steps:

1. :func:`read_and_record` — read every file under the inbox paths (:mod:`reform_xlsx.intake`)
   and record them in the ledger (:mod:`reform_xlsx.ledger`); when nothing has changed since the
   last run, the outputs are left as they are and the steps below are skipped;
2. :func:`write_intake_outputs` — 受付結果 and 回答一覧;
3. :func:`write_feedback_copies` — a 差し戻し copy for each open rejection (with its 再提出期限);
4. :func:`write_meeting_outputs` — the meeting packet (Excel, PDF), the office's copy and 公表用
   (Excel, PDF, CSV) (:mod:`reform_xlsx.report`), and the 推進室評価シート for the office's word.

The library never prints; progress is reported through a callback.
"""

from __future__ import annotations

import gc
import os
import shutil
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from reform_xlsx import __version__, outputs
from reform_xlsx.form import layout
from reform_xlsx.intake.officer import Prior, prior_from_answers
from reform_xlsx.intake.reader import iter_returns
from reform_xlsx.intake.result import FILE_FROM, FileResult
from reform_xlsx.intake.walk import path_text, walk
from reform_xlsx.ledger.errors import LedgerError
from reform_xlsx.ledger.outcome import BatchOutcome, FileOutcome
from reform_xlsx.ledger.plans import PlanMismatchError, keep_plan, plan_in_force, record_of, revisions, sections_asked
from reform_xlsx.ledger.schema import CLOCK_AHEAD
from reform_xlsx.ledger.store import Ledger
from reform_xlsx.messages import Msg, Problem, Severity, problem
from reform_xlsx.office_days import open_on_or_after
from reform_xlsx.plan.export import plan_digest
from reform_xlsx.plan.model import Plan
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.records import (
    NO_MEETING_DATE,
    RESUBMIT_BY,
    Answer,
    DueDateError,
    FileStatus,
    MeetingDateCleared,
    SectionStatus,
    due_date_problem,
    local_datetime,
    meeting_date_problem,
)
from reform_xlsx.wareki import format_fiscal_year, short_fiscal_year

Progress = Callable[[int, int, str], None]


class NoInputError(Exception):
    """None of the given paths exists (unusable input: exit 2)."""


class MissingInputError(NoInputError):
    """Some paths given do not exist, beside others that do: a typo, refused before anything is recorded
    (exit 2) — read, it would be a 対象外 file kept in the ledger and the 受付結果 from then on.
    ``paths``: the missing ones."""

    def __init__(self, paths: list[Path]):
        super().__init__("、".join(str(p) for p in paths))
        self.paths = paths


class NoReviewError(MissingInputError):
    """A 推進室評価シート given by path (``reviews``) does not exist (said as the office's own sheet)."""


class ClosedFolderError(Exception):
    """A folder given cannot be listed (no right to read it: exit 2, nothing recorded or written)."""


class NoAnswersError(Exception):
    """The ledger exists but has received no file yet (nothing to report: exit 2)."""


class WrongYearError(Exception):
    """Every template read is of another year than ``--year`` (T009 at --year; nothing recorded or written: exit 2)."""

    def __init__(self, found: Problem) -> None:
        super().__init__(found.message)
        self.problem = found


class NewLedgerError(PlanMismatchError):
    """A ledger this merge would create knows none of the 版 the forms read were made with (L025: nothing recorded
    or written, the new ledger removed again)."""


class UnknownFileError(Exception):
    """``received_at`` names a file that was not among those read (nothing recorded or written: exit 2)."""


RESUBMIT_DAYS = 7  # 再提出期限: a week after the file that was sent back arrived, on an open day (unless given)
ALL_FILES = ""  # the key of ``received_at`` for every file read without a save time of its own


WRITES = 3  # times merge writes its outputs when other merges keep recording files meanwhile


# ``meeting_date`` of merge and report: a day (recorded for the year), NO_MEETING_DATE (the recorded one cleared), or
# None (the one recorded for the year, if any)
MeetingDateGiven = date | MeetingDateCleared | None


@dataclass(frozen=True)
class MeetingDate:
    """The meeting date a run put on the packet's cover (会議日) and where it came from."""

    day: date | None
    source: str | None  # "option": given to this run; "ledger": recorded for the year before; None: none known
    replaced: date | None = None  # given to this run: the different date the ledger had before (changed, cleared)
    recorded: bool = True  # given to this run: the ledger keeps it (False: the ledger could not be written)


def settle_meeting_date(ledger: Ledger, year: int, given: MeetingDateGiven, command: str,
                        now: datetime | None = None) -> MeetingDate:
    """The meeting date of ``year`` for this run: ``given`` (recorded when it differs from the ledger's: the newest
    given counts), else the one the ledger keeps. Raises :class:`LedgerError` when a date given cannot be recorded."""
    kept = ledger.meeting_date(year)
    if given is None:
        return MeetingDate(kept, "ledger" if kept else None)
    day = None if given is NO_MEETING_DATE else given
    if day != kept:
        ledger.record_meeting_date(year, day, command, now)
    return MeetingDate(day, "option", replaced=kept if kept != day else None)


def _checked_meeting_date(year: int, given: MeetingDateGiven, nothing: str) -> MeetingDateGiven:
    """``given`` as a day (a ``datetime``: its day), after T004 (:class:`DueDateError`) for one before ``year``
    begins."""
    if isinstance(given, datetime):
        given = given.date()
    found = meeting_date_problem(year, given, nothing=nothing) if isinstance(given, date) else None
    if found is not None and found.severity is Severity.ERROR:  # (T005, a date in the year, is the CLI's to say)
        raise DueDateError(found)
    return given


@dataclass
class MergeResult:
    batch: BatchOutcome
    outputs: dict[str, Path] = field(default_factory=dict)  # role → path
    feedback: dict[str, Path] = field(default_factory=dict)  # file name → 差し戻し copy
    notes: list[str] = field(default_factory=list)  # Japanese notes for the user (e.g. no PDF)
    unchanged: bool = False  # nothing new since the last run: the outputs were left as they were
    report_problems: list[Problem] = field(default_factory=list)  # about the merged data (R codes)
    # about the ledger and its archive of originals (L026 originals it does not know, L027 originals missing)
    ledger_problems: list[Problem] = field(default_factory=list)
    plan: Plan | None = None  # the plan used: the ledger's revision in force for the year
    # the file to correct of each section that sent nothing new this time (read in an earlier merge)
    earlier_rejections: list[FileOutcome] = field(default_factory=list)
    meeting: MeetingDate = MeetingDate(None, None)  # the 会議日 on the packet's cover and where it came from
    # the ledger was made by this run, or held nothing before it (what a first merge killed before it recorded left)
    new_ledger: bool = False

    @property
    def complete(self) -> bool:
        """Every expected section has an accepted file and nothing is left rejected."""
        return self.batch.complete and not self.open_rejections

    @property
    def open_rejections(self) -> list[FileOutcome]:
        """Rejected files that no newer accepted file of their section replaces: of this batch, and the
        ones an earlier merge recorded for sections still to correct them."""
        return [f for f in self.batch.files if f.status == FileStatus.REJECTED and not f.resolved] \
            + self.earlier_rejections

    @property
    def rejections_apart(self) -> list[FileOutcome]:
        """Open rejections that no expected section's status shows (a form of a section the plan no longer
        has, a workbook that is no form): they keep the exit code at 1 while they lie in the inbox."""
        shown = {r["returned_id"] for r in self.batch.sections if r.get("returned_id")}
        expected = {r["section"] for r in self.batch.sections}
        return [f for f in self.open_rejections if f.submission_id not in shown and f.result.section not in expected
                and f.result.form != layout.FORM_REVIEW]

    @property
    def rejected_reviews(self) -> list[FileOutcome]:
        """The office's own 推進室評価シート sent back (an A code): they too keep the exit code at 1 while
        they lie in the inbox or are given with ``--review``."""
        return [f for f in self.open_rejections if f.result.form == layout.FORM_REVIEW]


# Said (a note on the exception: the library never prints) when a merge stops after its files were recorded.
RECORDED_NOT_WRITTEN = ("この merge で読んだファイルは、受け付けた結果とともに台帳に記録済みです（受付結果・会議資料などの出力は"
                        "書き終えていません）。原因を取り除いてから同じ merge をもう一度実行すると、記録済みのファイルは"
                        "読み直さずに出力を作り直します。")


def run_merge(paths: Sequence[str | Path], plan: Plan, year: int | str, *, db: str | Path = outputs.DEFAULT_DB,
              out: str | Path = ".", pdf: bool = False, public: bool = False,
              meeting_date: MeetingDateGiven = None, progress: Progress | None = None,
              now: datetime | None = None, reviews: Sequence[str | Path] = (),
              received_at: dict[str, datetime] | None = None, resubmit_by: date | None = None,
              contact: str | None = None) -> MergeResult:
    """Read, record and report the returns under ``paths`` for fiscal ``year`` (2026 or "R8").

    ``reviews``: filled 推進室評価シート given by path (they may also lie in the inbox); ``received_at``:
    the office's word on when files came whose times were lost (file name as shown → time; the key
    :data:`ALL_FILES` for every file without a save time of its own); ``resubmit_by``: the
    再提出期限 on the 差し戻し copies (default: a week after each file came, on a day the city hall is
    open); ``contact``: the
    問い合わせ先 on them (default: what ``templates`` recorded, else the plan's office); ``meeting_date``: the 会議日
    on the packet's cover, recorded for ``year`` (:data:`~reform_xlsx.records.NO_MEETING_DATE` clears the recorded
    one; None: the one recorded for ``year`` by an earlier merge or report, if any — ``MergeResult.meeting``).

    When nothing that the outputs are made from has changed since the last run (the files of
    the year and their verdicts, the plan, the tool, the options) and the outputs are as that run
    left them, they are not written again (``MergeResult.unchanged``).

    The plan used is the ledger's revision in force for ``year`` (``plan`` must be one the ledger
    keeps, or the ledger keeps none yet and records it); earlier years in the packet are judged with
    the revisions in force then (``MergeResult.plan``; the ledger records which revision was used).

    Raises :class:`NoInputError` when none of ``paths`` exists, :class:`MissingInputError` when some
    of them do not, :class:`NoReviewError` when one of ``reviews`` does not,
    :class:`~reform_xlsx.plan.model.YearOutsidePlanError` for a year outside the plan,
    :class:`WrongYearError` when every template read is of another year,
    :class:`NewLedgerError` when the ledger is new and every template read is of a 版 other than ``plan``'s,
    :class:`UnknownFileError` when ``received_at`` names a file not read,
    :class:`~reform_xlsx.ledger.plans.PlanMismatchError` when the ledger keeps another plan (the
    first run records ``plan`` in the ledger), :class:`~reform_xlsx.ledger.store.LedgerError`
    when the ledger cannot be used, and :class:`~reform_xlsx.records.DueDateError` (T001) when
    ``resubmit_by`` is before ``year`` begins, or (T004) when ``meeting_date`` is (nothing read or recorded).
    """
    year = plan.require_year(year)
    if resubmit_by is not None and (found := due_date_problem(year, resubmit_by, what=RESUBMIT_BY,
                                                              nothing="何も記録していません")):
        raise DueDateError(found)
    meeting_date = _checked_meeting_date(year, meeting_date, nothing="何も記録していません")
    paths = [Path(p) for p in paths]
    reviews = [Path(p) for p in reviews]
    if not any(p.exists() for p in paths + reviews):
        raise NoInputError("、".join(str(p) for p in paths + reviews))
    missing_reviews = [p for p in reviews if not p.exists()]
    if missing_reviews:  # named one by one: a typo, not a file received (nothing recorded of it)
        raise NoReviewError(missing_reviews)
    missing = [p for p in paths if not os.path.lexists(p)]  # (a dangling link is there: read, it is F019)
    if missing:
        raise MissingInputError(missing)
    closed = [p for p in paths if p.is_dir() and not _listable(p)]
    if closed:  # (a folder inside one is that folder's F019: the rest of the inbox is read)
        raise ClosedFolderError(f"フォルダ {'、'.join(path_text(p) for p in closed)} の中を見られません（読む権限が"
                                "ありません）。アクセス権を確かめてください。何も記録・作成していません。")
    out = Path(out)
    # what this run makes, removed again if it records nothing: the ledger (and SQLite's side files),
    # its archive, the first missing folder of the ledger's and the outputs' paths
    files = [p for p in (Path(f"{db}{side}") for side in ("", "-journal", "-wal", "-shm")) if not os.path.lexists(p)]
    archive = None if os.path.lexists(Ledger.default_archive(db)) else Ledger.default_archive(db)
    folders = [p for p in (_first_missing(Path(db).parent), _first_missing(out)) if p is not None]
    db_made = Path(db) in files  # no ledger there before this run
    Path(db).parent.mkdir(parents=True, exist_ok=True)  # a ledger in its own folder (reform-xlsx.toml)
    with _removed_when_refused(Path(db), files, archive, folders), Ledger(db) as ledger:  # a ledger that cannot be used: no output folder made
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _NoOutputFolder(exc) from exc
        outputs.clear_stale_temporaries(out)  # what a killed run left half-written
        if not db_made and ledger.holds_nothing():  # set up by a first merge killed before it recorded anything:
            db_made = True  # this run is the first (L025 checked, 「新しく作りました」); the file was there: kept on refusal
        # the ledger's revision for the year (or a ledger that keeps none yet): also what its R005 names
        plan = ledger.plan = plan_in_force(ledger, plan, year)
        recorded = revisions(ledger)
        kept = recorded or Revisions.single(plan)
        reader = f"reform_xlsx {__version__}; plan {plan.id} {plan.version} {plan_digest(plan)[:16]}"
        older = tuple(p for p in kept.plans if p.version != plan.version)
        earlier = list(range(plan.start_year, year))  # none in the plan's first year: no answers to load
        prior = prior_from_answers(plan, ledger.answers(earlier) if earlier else None, year,
                                   kept.for_year(year - 1) if earlier else None)  # its units: L021
        # a 推進室評価シート given as merge wrote it holds nothing the ledger has not: not read (read, it would be one more
        # submission each run, and the sheet written again from it a new file for the next run to read)
        untouched = [p for p in reviews if _as_written(ledger, p, year)]
        later = ledger.outputs_after(year)  # packets of later years that show this one (前年度, 年度別の推移)
        shown_before = ledger.accepted_digest(year) if later else None
        batch = read_and_record(ledger, paths, plan, year, out=out, progress=progress, now=now, reader=reader,
                                reviews=[p for p in reviews if p not in untouched], received_at=received_at or {},
                                prior=prior, older=older, new_ledger=not recorded and db_made)
        try:
            archive_said = ledger.archive_problems()  # (after the batch: the originals it read again are known)
            keep_plan(ledger, plan)  # the first run records it: later runs use it without --plan
            ledger.record_plan_use("merge", year, record_of(ledger, plan).row_id, now=now)
            meeting = settle_meeting_date(ledger, year, meeting_date, "merge", now)
            contact = contact or ledger.contact_of(year)
            chain = [plan_digest(p) for p in kept.chain(year)]  # the revisions earlier years are judged with
            # not the output folder's path: its records are its own (Ledger.unchanged_outputs), and a working folder
            # copied to a new PC or a file server is the same outputs, not 「変わった」 (every output written again)
            options = [reader, chain, pdf, public, meeting.day, resubmit_by, contact,
                       ledger.deadline_of(year), _kept_copies(ledger, year, out)]
            for _ in range(WRITES):
                signature = ledger.batch_signature(year, plan.start_year, batch.files, options)
                if ledger.data_version() != batch.seen:  # another merge wrote since the batch was worked out:
                    batch = ledger.outcome_of(batch.files, year, sections_asked(ledger, plan, year))  # as fresh as the signature
                result = MergeResult(batch, plan=plan, meeting=meeting, ledger_problems=archive_said,
                                     new_ledger=db_made and ledger.first_batch)
                result.notes += [f"推進室評価シート {path_text(p)} は merge が書いたまま（記入・変更なし）なので、読んでいません"
                                 "（記録済みの評価はそのままです）。" for p in untouched]
                here = {f.submission_id for f in batch.files}
                earlier = [r["returned_id"] for r in batch.sections
                           if r.get("returned_id") and r["returned_id"] not in here]
                if earlier:  # its 差し戻し copy is written again with the others (it was deleted with them)
                    result.earlier_rejections = ledger.rejection_outcomes(year, earlier)
                previous = ledger.unchanged_outputs(year, signature, out)
                if previous is not None and not _new_resubmit_date(ledger, year, result, resubmit_by):
                    result.outputs, result.feedback, result.unchanged = previous["outputs"], previous["feedback"], True
                    return result
                _write_outputs(ledger, result, plan, kept, year, out, pdf=pdf, public=public, meeting_date=meeting.day,
                               resubmit_by=resubmit_by, contact=contact)
                if ledger.batch_signature(year, plan.start_year, batch.files, options) == signature:
                    break
                # another merge recorded files of the year while these were written: write them again with those
                # (else the last outputs written could be this run's, without that merge's files)
            else:
                result.notes.append("ほかの merge が同時に実行されていて、出力を書く間に台帳が変わり続けました。出力にはその merge の"
                                    "ファイルが入っていないことがあります。もう一度 merge を実行してください。")
                signature = ""  # the next run writes them again
            if pdf and "pdf" not in result.outputs:  # asked for, not made (LibreOffice missing or failing): the next
                signature = ""  # run with nothing new makes it, not 「変わったところがない」 without the PDF
            ledger.remember_outputs(year, signature, {"outputs": result.outputs, "feedback": result.feedback}, out)
            ledger.record_output_sources(year, out, earlier_digests(ledger, plan, year))
            result.report_problems += _stale_later_outputs(ledger, later, year, plan, db, shown_before)
        except BaseException as exc:  # the batch is committed: the files read are recorded, the outputs not all written
            if batch.new_files:
                exc.add_note(RECORDED_NOT_WRITTEN)
            raise
    return result


def _keep_older_copies_dates(ledger: Ledger, result: MergeResult, year: int, out: Path) -> None:
    """A ledger an older reform-xlsx wrote keeps no 再提出期限 given with ``--resubmit-by`` (the table came later): the
    date the section was told is in the 要修正 copy that version wrote. Read from each copy still as merge wrote it,
    of a file recorded before this merge, it is recorded as the file's, so the copy written again says it too
    (it said the default: a week after the file came, often before the date the section was given)."""
    if ledger.has_resubmit_dates():
        return
    copies = {}
    for f in result.open_rejections:
        path = out / outputs.FEEDBACK_FOLDER / outputs.feedback(year, f.result.section or "")
        if f.result.from_ledger and f.result.section and path.is_file() and ledger.wrote(path, year):
            copies.setdefault(path, []).append(f.submission_id)
    if not copies:
        return
    from reform_xlsx.ledger.feedback import copy_resubmit_dates  # (pandas: not imported by every command's start)

    for path, day in copy_resubmit_dates(list(copies)).items():
        if day is not None:
            ledger.record_resubmit_date(year, copies[path], day, "merge")


def _new_resubmit_date(ledger: Ledger, year: int, result: MergeResult, resubmit_by: date | None) -> bool:
    """Whether ``resubmit_by`` is not the 再提出期限 recorded for every file sent back (``status --remind
    --resubmit-by`` gave another since the last merge with the same options): its copies are to be written again."""
    if resubmit_by is None:
        return False
    recorded = ledger.resubmit_dates(year)
    return any(recorded.get(f.submission_id) != resubmit_by for f in result.open_rejections)


def earlier_digests(ledger: Ledger, plan: Plan, year: int) -> dict[int, str]:
    """What outputs of ``year`` made now show of each year of the plan before it (:meth:`Ledger.accepted_digest`)."""
    return {y: ledger.accepted_digest(y) for y in range(plan.start_year, year)}


def _stale_later_outputs(ledger: Ledger, later: dict[tuple[int, Path], set[str]], year: int, plan: Plan,
                         db: str | Path, shown_before: str | None) -> list[Problem]:
    """R006 after a merge of ``year`` wrote its outputs, for each later year's outputs (``later``) that show a year
    before them whose accepted answers changed since they were made: remembered with them
    (:meth:`Ledger.output_sources`), so that a merge stopped after it recorded a correction and before it said so
    (an output open in Excel) says it when run again, and every merge says it until they are made again. Outputs
    made before that was remembered: when this merge changed ``year``'s (``shown_before``: its digest before)."""
    digests: dict[int, str] = {}

    def now(y: int) -> str:
        if y not in digests:
            digests[y] = ledger.accepted_digest(y)
        return digests[y]

    changed_here = shown_before is not None and now(year) != shown_before
    changed: dict[tuple[int, Path], list[int]] = {}
    for key in later:
        sources = ledger.output_sources(*key)
        years = [year] * changed_here if sources is None else [y for y, d in sorted(sources.items()) if now(y) != d]
        if years:
            changed[key] = years
    if not changed:
        return []
    dated = {y for y, _ in changed if ledger.meeting_date(y) is not None}
    return later_outputs_stale({k: later[k] for k in changed}, year, plan, db, dated=dated, changed=changed,
                               here=changed_here)


def later_outputs_stale(later: dict[tuple[int, Path], set[str]], year: int, plan: Plan, db: str | Path, *,
                        dated: set[int] = frozenset(), changed: dict[tuple[int, Path], list[int]] | None = None,
                        here: bool = True) -> list[Problem]:
    """R006 for each later year's outputs (by year and folder, with their roles: :meth:`Ledger.outputs_after`) made
    before what was accepted for ``year`` (or, by key, for the years ``changed``) changed: they show the year as it
    was until they are made again, with the ``report`` command that makes them (with ``--pdf`` and ``--public`` when
    they were). ``here``: this merge changed ``year``'s answers (else they changed after the outputs were made —
    by a merge stopped before it could say so). The command puts the meeting date the ledger keeps for a year of
    ``dated`` back on the cover; for another year, R006 says to add ``--meeting-date`` if its cover had one (given
    before the ledger kept it)."""
    found = []
    for (later_year, folder), roles in sorted(later.items()):
        years = (changed or {}).get((later_year, folder), [year])
        shown = "・".join(format_fiscal_year(y) for y in years)
        when = "この merge で" if here and years == [year] else f"{format_fiscal_year(later_year)}の出力を作った後に"
        pdf = any(r in ("pdf", "public_pdf") or r.endswith(".pdf") for r in roles)
        public = any(r.startswith("public") or "公表用" in r for r in roles)
        command = ["reform-xlsx", "report", "--year", short_fiscal_year(later_year), "--out", _argument(folder),
                   "--db", _argument(Path(db))] + ["--pdf"] * pdf + ["--public"] * public
        found.append(problem(Msg.REPORT_LATER_YEAR_STALE, file=_shown(folder), year=shown, when=when,
                             later=format_fiscal_year(later_year), folder=_argument(folder),
                             what="会議資料・事務局用" + ("・公表用" if public else "") + ("（PDF も）" if pdf else ""),
                             final="・計画期間の総括" if later_year == plan.end_year else "",
                             command=" ".join(command),
                             meeting="" if later_year in dated else "（表紙に会議の開催日を載せていたときは --meeting-date も付けます）"))
    return found


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when inside it, else absolute."""
    path = Path(os.path.abspath(path))
    with suppress(ValueError):
        path = path.relative_to(Path.cwd())
    return path_text(path)


def _argument(path: Path) -> str:
    """``path`` as typed on a command line (:func:`_shown`), quoted when it has a space (the Windows command prompt
    and a POSIX shell both read double quotes)."""
    text = _shown(path)
    return f'"{text}"' if not text or any(c.isspace() or c in "&|<>^;()'$`" for c in text) else text


def _write_outputs(ledger: Ledger, result: MergeResult, plan: Plan, kept: Revisions, year: int, out: Path, *,
                   pdf: bool, public: bool, meeting_date: date | None, resubmit_by: date | None,
                   contact: str | None) -> None:
    """Steps 2–4 into ``result``: 受付結果 and 回答一覧, the 差し戻し copies, the 推進室評価シート, the meeting
    workbooks (and PDF, 公表用). Every file is noted in the ledger as it is put in place: a stopped run's
    files are still its own."""
    batch = result.batch
    if resubmit_by is not None:  # the office's word for these files: later copies of them say it too (no default)
        ledger.record_resubmit_date(year, [f.submission_id for f in result.open_rejections], resubmit_by, "merge")
    else:
        _keep_older_copies_dates(ledger, result, year, out)
    chosen = ledger.resubmit_dates(year)
    with heap_set_aside(), outputs.witnessed(lambda target, tmp: ledger.note_written(year, target, tmp)):
        history = ledger.answers(list(range(plan.start_year, year + 1)))
        created = _stable_time(batch)
        failed: list[OSError] = []  # a 差し戻し copy open in Excel: said once the other outputs are written
        result.outputs.update(write_intake_outputs(plan, batch, out, created))
        result.feedback.update(write_feedback_copies(plan, result.open_rejections, year, out, history,
                                                     resubmit_by=resubmit_by, chosen=chosen.get, contact=contact,
                                                     sent=ledger.sent_answers,
                                                     wrote=lambda path: ledger.wrote(path, year),
                                                     received=lambda path: ledger.knows_content(year, path),
                                                     notes=result.notes,
                                                     read={Path(os.path.realpath(f.result.path)) for f in batch.files
                                                           if f.result.path is not None},
                                                     failed=failed,
                                                     deadline=lambda section: ledger.deadline_of(year, section),
                                                     plan_for=kept.for_year))
        review = review_target(ledger, year, out)
        if review is None:
            result.notes.append(f"{outputs.review(year)} は前回の merge の後に書き換えられているか、この台帳の merge が"
                                "書いたものではないため、上書きしていません（推進室が記入中の可能性）。記入が終わったら"
                                "受信フォルダに入れるか、--review で指定して merge を実行してください。記入中でなければ、"
                                "そのファイルを別の名前に変えてから merge すると作り直します。")
        # review_after asks the ledger again rather than reuse the batch's time: another merge that recorded files while
        # these were written (this loop writes again with them, in history) received them later; a batch of no new file
        # recorded its time on none; after a clock set back the newest time is an earlier merge's (made_at decides)
        write_meeting_outputs(result, plan, year, history, out, created=created, meeting_date=meeting_date,
                              pdf=pdf, public=public, review=review, revisions=kept,
                              unrecorded=unrecorded_years(ledger, plan, year), review_after=ledger.last_received())
        if failed:
            raise failed[0]


@contextmanager
def _removed_when_refused(db: Path, files: list[Path], archive: Path | None, folders: list[Path]) -> Iterator[None]:
    """What this run creates (paths that did not exist before it: ``files``, the ledger ``db`` and SQLite's
    side files; ``archive``, the copies of the files this batch accepted; ``folders``, made for the
    ledger and the outputs) is removed again when it refuses the batch and records nothing (every
    template of another year, an unknown ``--received-at`` name) or its output folder cannot be made,
    so that 「何も記録・作成していません」 holds. A folder goes only when nothing else is in it; what
    cannot be removed stays (the refusal is what is said). Another merge started at the same moment may
    have recorded into the new ledger and kept its originals in the archive meanwhile: a ledger that holds
    a record (and its side files) and an archive that holds a file are that merge's, and stay."""
    try:
        yield
    except (WrongYearError, NewLedgerError, UnknownFileError, _NoOutputFolder) as exc:
        if not (db in files and Ledger.recorded_into(db)):  # (this run's own records were rolled back)
            for path in files:
                with suppress(OSError):
                    path.unlink(missing_ok=True)
        if archive is not None and not any(p.is_file() for p in archive.rglob("*")):  # (this run's copies are gone)
            shutil.rmtree(archive, ignore_errors=True)
        for folder in folders:  # after the ledger and archive that may be in them
            with suppress(OSError):
                _remove_empty(folder)
        if isinstance(exc, _NoOutputFolder):
            raise exc.error from None  # said as the file or folder in the way
        raise


class _NoOutputFolder(Exception):
    """The output folder could not be made (before anything was recorded)."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def _first_missing(folder: Path) -> Path | None:
    """The outermost folder of ``folder``'s path that does not exist yet (what ``mkdir(parents=True)``
    would create first), or None."""
    missing = None
    for path in (folder, *folder.parents):
        if os.path.lexists(path):
            return missing
        missing = path
    return missing


def _remove_empty(folder: Path) -> None:
    """``folder`` and the empty folders in it, when nothing else is in them."""
    for inner in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        inner.rmdir()  # OSError when something is in it: the caller keeps it
    folder.rmdir()


@contextmanager
def heap_set_aside() -> Iterator[None]:
    """Objects that exist on entry are left out of the cyclic garbage collector's full collections
    until exit (``gc.freeze``; put back with ``gc.unfreeze``, whatever happens).

    Writing the outputs makes hundreds of thousands of small objects (cells, frames), and each full
    collection they set off would walk every object made before as well — the modules, the plan, the
    batch of 10,000 files — which all live to the end anyway (two such collections, 0.085–0.11 s of
    CPU at 1,000 files, measured; one of 0.02 s with this). They are still freed as usual when nothing
    refers to them. A program that has set objects aside itself (before a fork, say) keeps them so:
    nothing is done then."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def review_target(ledger: Ledger, year: int, out: Path) -> Path | None:
    """Where to write the 推進室評価シート, or None when the file there holds the office's unread typing:
    it is (re)written only when it is absent, as merge last wrote it, or a sheet the ledger has read."""
    path = out / outputs.review(year)
    if not path.exists() or ledger.knows_content(year, path):
        return path
    return None


def read_and_record(ledger: Ledger, paths: list[Path], plan: Plan, year: int, *, out: Path,
                    progress: Progress | None, now: datetime | None, reader: str, reviews: list[Path] = (),
                    received_at: dict[str, datetime] | None = None, prior: Prior | None = None,
                    older: tuple[Plan, ...] = (), new_ledger: bool = False) -> BatchOutcome:
    """Step 1: read every file (never merge's own outputs, but the 推進室評価シート given by ``reviews``)
    and record each as it is read; files whose reading could not change (see :meth:`Ledger.known`)
    are not read again. Nothing is recorded when every template read is of another year
    (:class:`WrongYearError`), of a 版 a ``new_ledger`` does not know (:class:`NewLedgerError`) or ``received_at`` names a file that was not read (:class:`UnknownFileError`)."""
    given = {Path(p).resolve() for p in reviews}
    own = []  # of the 差し戻し folder only the copies merge wrote: a corrected one saved there is a return
    for p in outputs.own_files(out, plan.words):
        if p.name == outputs.FEEDBACK_FOLDER and p.is_dir():
            own += [f for f in p.iterdir() if not f.is_file() or _wrote_or_unreadable(ledger, f)]
        else:
            own.append(p)
    exclude = [p for p in (*own, ledger.archive_dir, ledger.path) if p.resolve() not in given]
    received_at = received_at or {}
    # a name typed (NFC) names a file a macOS zip named in NFD, 「市民課.XLSX」 the file 「市民課.xlsx」: the keys in one
    # form, looked up in it — unless a file has the very name typed, and another only looks like it (「ガ」 of a Mac share
    # beside the same name from Windows, 「a.xlsx」 beside 「A.xlsx」 on Linux)
    by_form = {_typed_form(k): k for k in received_at}
    exact, shown = _named_exactly([*paths, *reviews], exclude, set(received_at) - {ALL_FILES})
    used: dict[str, set[str]] = {}
    asked = sections_asked(ledger, plan, year)
    with ledger.batch(year, now, reader, asked) as batch:
        for result in iter_returns([*paths, *reviews], plan, year, progress=progress, exclude=exclude,
                                   known=batch.known, prior=prior, older=older):
            _given_time(result, received_at, by_form, used, exact, shown)
            batch.add(result)
        _check_year(batch.outcomes, year)
        if new_ledger and ledger.first_batch:  # (not when another merge started with this one recorded first)
            _check_new_ledger(batch.outcomes, plan, ledger)
        alike = {k: names for k, names in used.items() if len({Path(n).name for n in names}) > 1}
        if alike:  # two files whose names look like the one typed, neither of them that very name: not guessed
            key, names = next(iter(sorted(alike.items())))
            raise UnknownFileError(f"--received-at のファイル「{key}」に当たるファイルが {len(names)} つあります"
                                   f"（{'」「'.join(sorted(names))}: 同じ名前に見えますが、大文字・小文字や文字の表し方が違う別の名前です）。"
                                   "どちらの日時か分からないため、何も記録・作成していません。片方の名前を変えてから、"
                                   "もう一度実行してください。")
        # one file name in two folders (each section's 「回答.xlsx」 in a folder of its own): not guessed
        twice = {k: names for k, names in used.items() if len(names) > 1 and k not in shown}
        if twice:
            key, names = next(iter(sorted(twice.items())))
            raise UnknownFileError(f"--received-at のファイル「{key}」に当たるファイルが {len(names)} つあります"
                                   f"（{'」「'.join(sorted(names))}: 別のフォルダの同じ名前のファイルです）。"
                                   "どちらの日時か分からないため、何も記録・作成していません。日時を付けるファイルを"
                                   f"フォルダから書いた名前（--received-at \"{min(names)}=日時\"）で指定して、"
                                   "もう一度実行してください。")
        unknown = sorted(set(received_at) - set(used) - {ALL_FILES})
        if unknown:
            names = "、".join(sorted(f.result.name for f in batch.outcomes if f.result.section)) or "（なし）"
            raise UnknownFileError(f"--received-at のファイル「{'」「'.join(unknown)}」は今回読んだファイルにありません"
                                   f"（読んだ調査票: {names}）。何も記録・作成していません。")
    return batch.outcome(asked)


def _as_written(ledger: Ledger, path: Path, year: int) -> bool:
    """Whether ``path`` is, byte for byte, a file this ledger's merge wrote for ``year`` (False when it cannot be read:
    then reading it says why)."""
    try:
        return path.is_file() and ledger.wrote(path, year)
    except OSError:
        return False


def _wrote_or_unreadable(ledger: Ledger, path: Path) -> bool:
    """Whether a file in the 差し戻し folder is not to be read as a return: a copy merge wrote, or one that cannot
    even be read to tell (held open exclusively: writing the copies says so, and keeps it)."""
    try:
        return ledger.wrote(path)
    except OSError:
        return True


# characters Windows' Japanese code page (cp932) turns into their twins: 「〜」 typed in a console can be 「～」 in a
# file name, and 「−」「—」「‖」「¢」「£」「¬」 likewise
_CP932_TWINS = str.maketrans("\u301c\u2212\u2014\u2016\u00a2\u00a3\u00ac", "\uff5e\uff0d\u2015\u2225\uffe0\uffe1\uffe2")


def _typed_form(name: str) -> str:
    """A file name as the office may have typed it: NFC (a macOS zip gives 「ガ」 as two code points) with cp932's
    twins made one, in either case (Windows and macOS do not tell 「市民課.XLSX」 from 「市民課.xlsx」)."""
    return unicodedata.normalize("NFC", name).translate(_CP932_TWINS).casefold()


def _listable(folder: Path) -> bool:
    try:
        with os.scandir(folder):
            return True
    except OSError:
        return False


def _named_exactly(paths: list[Path], exclude: list[Path], names: set[str]) -> tuple[set[str], set[str]]:
    """Of the file ``names`` given to --received-at, those some file to be read has as its very name (as shown, or its
    file name) — then a file whose name only looks the same (NFD, cp932's twins) is another file — and of those, the
    ones some file is shown by (then a file in another folder with that file name is another file too)."""
    if not names:
        return set(), set()
    shown = {f.name for f in walk([str(p) for p in paths], exclude)}
    return names & (shown | {Path(n).name for n in shown}), names & shown


def _given_time(result: FileResult, received_at: dict[str, datetime], by_form: dict[str, str],
                used: dict[str, set[str]], exact: set[str] = frozenset(), shown: set[str] = frozenset()) -> None:
    """The office's word on when a file came: by its name as shown (or its file name — not when ``shown`` says
    another file is shown by that name; ``by_form``: the names given, by their NFC form — not when ``exact`` says a
    file has the very name given and this one only looks like it), else the time for every file without a save time
    of its own."""
    for key in (result.name, Path(result.name).name):
        given = key if key in received_at and key != ALL_FILES else by_form.get(_typed_form(key))
        if given is not None and (given not in exact or key == given) and (given not in shown or key == result.name):
            result.given_at = received_at[given].timestamp()
            used.setdefault(given, set()).add(result.name)
            return
    if ALL_FILES in received_at and result.section and result.submitted_from == FILE_FROM:
        result.given_at = received_at[ALL_FILES].timestamp()


def _check_year(files: list[FileOutcome], year: int) -> None:
    """Stop before anything is written when every template read is of another year."""
    years = {f.result.year for f in files if f.result.year is not None}
    if years and year not in years:
        raise WrongYearError(problem(Msg.FILES_OF_OTHER_YEAR, path="--year",
                                     found="・".join(format_fiscal_year(y) for y in sorted(years)),
                                     year=format_fiscal_year(year),
                                     short="・".join(short_fiscal_year(y) for y in sorted(years))))


def _check_new_ledger(files: list[FileOutcome], plan: Plan, ledger: Ledger) -> None:
    """Stop before anything is recorded when the ledger is made by this run and every form of ``plan`` read is of
    another 版 (the clerk gave --db a new name or deleted the ledger midway: the forms are not the sections' fault)."""
    versions = {f.result.plan_version for f in files if f.result.plan_id == plan.id and f.result.plan_version}
    if versions and plan.version not in versions:
        raise NewLedgerError(problem(Msg.LEDGER_NEW_FOR_OTHER_VERSIONS, ledger=path_text(ledger.path),
                                     found="・".join(sorted(versions)), expected=plan.version))


def write_intake_outputs(plan: Plan, batch: BatchOutcome, out: Path, created: datetime) -> dict[str, Path]:
    """Step 2: 受付結果 and 回答一覧."""
    from reform_xlsx.ledger.receipt import write_answers, write_receipt

    return {
        "receipt": write_receipt(plan, batch, out / outputs.receipt(batch.year), created),
        "answers": write_answers(plan, batch.year, batch.answers, out / outputs.answer_list(batch.year), created),
    }


def write_feedback_copies(plan: Plan, rejections: list[FileOutcome], year: int, out: Path,
                          history: pd.DataFrame | None = None, *, resubmit_by: date | None = None,
                          contact: str | None = None,
                          sent: Callable[[int], list[Answer]] | None = None,
                          wrote: Callable[[Path], bool] | None = None,
                          notes: list[str] | None = None, read: set[Path] | None = None,
                          received: Callable[[Path], bool] | None = None,
                          failed: list[OSError] | None = None,
                          deadline: Callable[[str], str | None] | None = None,
                          plan_for: Callable[[int], Plan] | None = None,
                          chosen: Callable[[int], date | None] | None = None,
                          others: bool = True) -> dict[str, Path]:
    """Step 3: a 差し戻し copy for each plan section with an open rejection — a fresh template with
    what the section sent in its newest rejected file (older ones are in 受付結果) — replacing last
    run's copies of the year. The name comes from the plan's section list, never from the file.
    ``sent(submission_id)``: what a file not read again this run sent, as the ledger kept it.
    ``wrote(path)``: whether merge wrote the file there — one it did not (a corrected copy a section sent
    back, saved there) is neither deleted nor overwritten, and ``notes`` says so — asking for it in the inbox
    unless it was among the files ``read`` this run (an inbox that is the output folder) or ``received(path)``
    says the ledger already holds a file of its content (a fix accepted). One that cannot even be read is kept
    likewise (merge cannot tell whose it is), and ``notes`` says so.
    A copy that cannot be written or removed (open in Excel on Windows) stops no other: the first such error is
    raised once every other copy is written — or, with ``failed``, added to it for the caller to raise.
    ``deadline(section)``: the section's 提出期限 (ISO date), which a default 再提出期限 is never before.
    ``plan_for``: the plan in force each earlier year, whose units the copy's earlier 実績値 are shown in.
    ``chosen(submission_id)``: the 再提出期限 the office gave earlier for a file (:meth:`Ledger.resubmit_dates`), said
    by its copy when ``resubmit_by`` is not given (else the default). ``others``: False when only the copies of
    ``rejections`` are written again (``status --remind --resubmit-by``): last run's copies of other sections stay."""
    from reform_xlsx.ledger.feedback import write_feedback

    deadline = deadline or (lambda section: None)
    chosen = chosen or (lambda submission_id: None)

    wrote = wrote or (lambda path: True)
    folder = out / outputs.FEEDBACK_FOLDER
    kept: set[Path] = set()
    stale: list[Path] = []  # last run's copies: replaced in place, or (a section with none now) removed at the end
    if folder.is_dir():
        for old in folder.iterdir():
            if old.is_file() and outputs.is_feedback(old.name, year):
                try:
                    ours = wrote(old)
                except OSError:  # it cannot even be read (held open exclusively): merge cannot tell whose it is
                    kept.add(old)
                    if notes is not None:
                        notes.append(f"{old} を読めないため（ほかのプログラムが開いている可能性があります）、merge が書いた"
                                     "差し戻しの写しか確かめられず、消さず、上書きもしていません。閉じてから、もう一度 "
                                     "merge を実行してください。")
                    continue
                if ours:
                    if others:
                        stale.append(old)
                else:
                    kept.add(old)
                    if notes is not None:
                        advice = "今回の merge で読みました" if Path(os.path.realpath(old)) in (read or set()) \
                            else "同じ内容のファイルを受け付け済みです。不要なら削除して構いません" \
                            if received is not None and received(old) \
                            else "課が直して送り返したファイルなら、受信フォルダに入れて merge してください"
                        notes.append(f"{old} は merge が書いた差し戻しの写しではないため、消さず、上書きもしていません"
                                     f"（{advice}）。")
    newest: dict[str, FileOutcome] = {}
    for f in rejections:
        section = f.result.section
        if section in plan.sections and (section not in newest or _order(f) >= _order(newest[section])):
            newest[section] = f  # a file of a section not in the plan (M005) is not ours to answer
    def answers(f: FileOutcome) -> list[Answer]:
        return sent(f.submission_id) if f.result.from_ledger and sent is not None else f.result.answers

    # each copy replaces last run's in one step, and last run's copies no longer due go only after: a copy open in
    # Excel (on Windows it can be neither replaced nor deleted) stops no other copy, and none is lost meanwhile
    errors: list[OSError] = []
    written: dict[str, Path] = {}
    targets = {section: folder / outputs.feedback(year, section) for section in newest}
    for section, f in newest.items():
        if targets[section] in kept:
            continue
        # by the name of the file sent back; two sections' files of one name (「修正版.xlsx」 of two merges) each their own
        key = f.result.name if f.result.name not in written else f"{f.result.name}（{section}）"
        try:
            written[key] = write_feedback(plan, year, section, f.problems, answers(f), targets[section],
                                                    source_name=f.result.name, history=history,
                                                    resubmit_by=resubmit_by or chosen(f.submission_id)
                                                    or resubmit_date(f, deadline(section)),
                                                    contact=contact, plan_for=plan_for)
        except OSError as exc:  # open in Excel: last run's copy stays as it was
            errors.append(exc)
    for old in stale:
        if old not in targets.values():
            try:
                old.unlink(missing_ok=True)
            except OSError as exc:
                errors.append(exc)
    if errors:
        if failed is None:
            raise errors[0]
        failed.extend(errors)
    return written


def _kept_copies(ledger: Ledger, year: int, out: Path) -> list[tuple[str, str]]:
    """The 差し戻し copies of ``year`` in ``out`` that merge did not write (saved over since: kept as they are), by
    name and content: when one is deleted or renamed the outputs are not 「unchanged」, its copy is written again."""
    import hashlib

    folder = out / outputs.FEEDBACK_FOLDER
    kept = []
    try:
        for p in folder.iterdir() if folder.is_dir() else ():
            if p.is_file() and outputs.is_feedback(p.name, year):
                try:
                    if not ledger.wrote(p, year):
                        kept.append((p.name, hashlib.sha256(p.read_bytes()).hexdigest()))
                except OSError:  # open and locked (Excel on Windows): by its name, as it is now
                    kept.append((p.name, ""))
    except OSError:  # the folder cannot be listed: writing the copies will say why
        return []
    return sorted(kept)


def _order(f: FileOutcome) -> tuple:
    """Which of a section's files is newer, as the ledger orders them (its ``returned`` file is the one the
    copy is made from): a saved time later than the file's reception does not count; then the later record."""
    return (f.ordered_at if f.ordered_at is not None else f.result.submitted_at, f.result.submitted_at,
            f.submission_id)


def resubmit_date(f: FileOutcome, deadline: str | None = None) -> date:
    """The default 再提出期限 of a file sent back (see :func:`resubmit_after`)."""
    return resubmit_after(f.received_at, f.submitted_at, deadline)


def resubmit_after(received_at: str | None, submitted_at: float | None, deadline: str | date | None = None) -> date:
    """:data:`RESUBMIT_DAYS` after a file sent back came — after the later of the day merge first saw
    it and the day the section saved it —, or the next day the city hall is open when that day is a Saturday,
    Sunday, national holiday or in the 年末年始 closure (the same in 差し戻し copies and in the 再提出のお願い drafts);
    but never before the section's 提出期限 ``deadline`` (ISO date, :meth:`Ledger.deadline_of`): a section that
    sent its file early keeps the time every other section has."""
    due = _resubmit_days_after(received_at, submitted_at)
    if isinstance(deadline, str):
        try:
            deadline = date.fromisoformat(deadline)
        except ValueError:  # not a date the ledger would hold: the week stands
            deadline = None
    return max(due, deadline) if deadline is not None else due


def _resubmit_days_after(received_at: str | None, submitted_at: float | None) -> date:
    received = datetime.fromisoformat(received_at) if received_at else None
    days = [received.date()] if received is not None else []
    saved = local_datetime(submitted_at)
    # a save time more than a year after the file came is a PC clock set ahead (as for 期限内/期限後): not a day
    if saved is not None and (received is None or (saved - received).total_seconds() <= CLOCK_AHEAD):
        days.append(saved.date())
    return open_on_or_after(max(days or [date.today()]) + timedelta(days=RESUBMIT_DAYS))


def write_meeting_outputs(result: MergeResult, plan: Plan, year: int, history: pd.DataFrame, out: Path, *,
                          created: datetime, meeting_date: date | None, pdf: bool, public: bool,
                          review: Path | None = None, revisions: Revisions | None = None,
                          final: bool | None = None, unrecorded: tuple[int, ...] = (),
                          review_after: datetime | None = None) -> None:
    """Step 4: the meeting workbook (and PDF packet, 公表用) from every year's answers, each year judged
    with the revision of the plan in force that year (``revisions``), and the 推進室評価シート (at
    ``review``; made after ``review_after``, when the ledger's newest file was received) for the office's and the
    meetings' word."""
    from reform_xlsx.report.writer import write_reports

    report = write_reports(plan, year, history, result.batch.status, out, meeting_date=meeting_date,
                           created=created, pdf=pdf, public=public, review=review, revisions=revisions, final=final,
                           unrecorded=unrecorded, review_after=review_after)
    result.outputs.update(report.outputs)  # meeting, office; pdf, public, public_pdf, public_csv_* when asked
    result.notes.extend(report.notes)
    result.report_problems.extend(p for p in report.problems if p.code != Msg.REPORT_NO_PDF.value.code)


@dataclass
class RebuiltReport:
    """What :func:`rebuild_report` wrote."""

    plan: Plan  # the revision in force for the year
    year: int
    outputs: dict[str, Path]  # role → path (as in MergeResult.outputs)
    notes: list[str]
    problems: list[Problem]
    meeting: MeetingDate = MeetingDate(None, None)  # the 会議日 on the cover and where it came from


def _waiting_note(plan: Plan, year: int, rows: list[dict]) -> list[str]:
    """What ``report`` says when sections of the year have no answers in use yet (未提出, 差し戻し): the packet it
    wrote shows their items and KPIs as 未回答 and 未報告 (a 総括 made before the last returns came, say)."""
    waiting = [(r["section"], SectionStatus(r["status"]).label) for r in rows if r["status"] != SectionStatus.SUBMITTED]
    if not waiting:
        return []
    listed = "、".join(f"{section}（{status}）" for section, status in waiting)
    return [f"{format_fiscal_year(year)}は {len(rows)} 課のうち {len(waiting)} 課の回答をまだ受け付けていません: {listed}。"
            f"会議資料では、その課の{plan.words.item}を未回答、KPI を未報告として示しています。"
            "回答が届いたら merge すると、会議資料も作り直します。"]


def rebuild_report(plan: Plan, year: int | str | None, *, db: str | Path = outputs.DEFAULT_DB, out: str | Path = ".",
                   pdf: bool = False, public: bool = False, meeting_date: MeetingDateGiven = None,
                   final: bool | None = None) -> RebuiltReport:
    """``reform-xlsx report``: the meeting outputs of ``year`` (the latest year the ledger has files
    for when None) made again from the ledger alone — no file is read — each year judged with the
    revision of the plan in force then. ``final``: with 「計画期間の総括」 (by default in the plan's
    last year). ``meeting_date``: as :func:`run_merge` (a date given is recorded for the year; when the ledger
    cannot be written, it is still used, and ``notes`` say so).

    Raises :class:`NoInputError` when there is no ledger at ``db``, :class:`NoAnswersError` when it has
    no files at all (nothing to report), :class:`~reform_xlsx.records.DueDateError` (T004) when ``meeting_date``
    is before the year begins (nothing written). The years of the plan up to ``year`` the ledger knows nothing
    of are 記録なし in the outputs and named in ``notes``."""
    from reform_xlsx.ledger.outcome import status_frame
    from reform_xlsx.report.writer import write_reports

    if not Path(db).is_file():
        raise NoInputError(str(db))
    with Ledger(db) as ledger:
        years = ledger.years()
        if not years:  # 照会 recorded (templates --db), nothing received yet
            raise NoAnswersError(f"台帳 {db} には受け付けた回答がまだありません。先に reform-xlsx merge を"
                                 "実行してください。")
        if year is None:
            year = years[-1]
        year = plan.require_year(year)
        meeting_date = _checked_meeting_date(year, meeting_date, nothing="会議資料は作っていません")
        outputs.clear_stale_temporaries(Path(out))  # what a killed merge or report left half-written there
        notes = []
        try:
            meeting = settle_meeting_date(ledger, year, meeting_date, "report")
        except LedgerError as exc:  # a ledger it may read, not write (a read-only share): the date given is used
            day = None if meeting_date is NO_MEETING_DATE else meeting_date
            meeting = MeetingDate(day, "option", recorded=False)
            notes.append(f"--meeting-date の指定を台帳に記録できませんでした（{exc}）。今回の会議資料には指定のとおり"
                         "載せましたが、この年度の後の merge・report でも同じにするには、--meeting-date をもう一度"
                         "付けてください。")
        plan = ledger.plan = plan_in_force(ledger, plan, year)  # as merge: the same R005 in the counts
        kept = revisions(ledger) or Revisions.single(plan)
        rows = ledger.section_rows(year, sections_asked(ledger, plan, year))
        notes += _waiting_note(plan, year, rows)
        history = ledger.answers(list(range(plan.start_year, year + 1)))
        unrecorded = unrecorded_years(ledger, plan, year)
        shown = earlier_digests(ledger, plan, year)
    created = _latest([r["received_at"] for r in rows if r["received_at"]])
    report = write_reports(plan, year, history, status_frame(rows), out, meeting_date=meeting.day, created=created,
                           pdf=pdf, public=public, revisions=kept, final=final, unrecorded=unrecorded)
    # what they show of the years before: a merge of one of them says (R006) when it changes after this
    with suppress(LedgerError), Ledger(db) as ledger:  # (a ledger it may read, not write: R006 as before)
        ledger.record_output_sources(year, Path(out), shown)
    return RebuiltReport(plan, year, report.outputs, notes + list(report.notes),
                         [p for p in report.problems if p.code != Msg.REPORT_NO_PDF.value.code], meeting)


def unrecorded_years(ledger: Ledger, plan: Plan, year: int) -> tuple[int, ...]:
    """The plan's years up to ``year`` the ledger knows nothing of: no survey, no file (never merged)."""
    return tuple(y for y in range(plan.start_year, year + 1) if not ledger.surveyed(y))


def _stable_time(batch: BatchOutcome) -> datetime:
    """The latest arrival time of this year's files: same inputs → same document dates."""
    return _latest([f.received_at for f in batch.files])


def _latest(times: list[str]) -> datetime:
    """The latest of ISO ``times``; now when there is none (an empty inbox has no arrival time)."""
    return datetime.fromisoformat(max(times)) if times else datetime.now().replace(microsecond=0)
