"""The reform office's one job: read every returned file, record it, write the results.

:func:`run_merge` is what ``reform-xlsx merge`` calls. It runs four named steps:

1. :func:`read_and_record` — read every file under the inbox paths (:mod:`reform_xlsx.intake`)
   and record them in the ledger (:mod:`reform_xlsx.ledger`);
2. :func:`write_intake_outputs` — 受付結果 and 回答一覧;
3. :func:`write_feedback_copies` — a 差し戻し copy for each open rejection;
4. :func:`write_meeting_outputs` — the meeting packet (Excel, PDF), the office's copy and 公表用
   (Excel, PDF, CSV) (:mod:`reform_xlsx.report`).

The library never prints; progress is reported through a callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from reform_xlsx import outputs
from reform_xlsx.intake import read_returns
from reform_xlsx.ledger.feedback import write_feedback
from reform_xlsx.ledger.receipt import write_answers, write_receipt
from reform_xlsx.ledger.store import BatchOutcome, FileOutcome, Ledger
from reform_xlsx.messages import Msg, Problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import FileStatus, SectionStatus
from reform_xlsx.report.writer import write_reports
from reform_xlsx.wareki import format_fiscal_year

Progress = Callable[[int, int, str], None]


class NoInputError(Exception):
    """None of the given paths exists (unusable input: exit 2)."""


@dataclass
class MergeResult:
    batch: BatchOutcome
    outputs: dict[str, Path] = field(default_factory=dict)  # role → path
    feedback: dict[str, Path] = field(default_factory=dict)  # file name → 差し戻し copy
    notes: list[str] = field(default_factory=list)  # Japanese notes for the user (e.g. no PDF)
    report_problems: list[Problem] = field(default_factory=list)  # about the merged data (R codes)

    @property
    def complete(self) -> bool:
        """Every expected section has an accepted file and nothing is left rejected."""
        all_in = bool((self.batch.status.status == SectionStatus.SUBMITTED).all())
        return all_in and not self.open_rejections

    @property
    def open_rejections(self) -> list[FileOutcome]:
        """Rejected files of this batch that no newer accepted file of their section replaces."""
        return [f for f in self.batch.files if f.status == FileStatus.REJECTED and not f.resolved]


def run_merge(paths: Sequence[str | Path], plan: Plan, year: int | str, *, db: str | Path = outputs.DEFAULT_DB,
              out: str | Path = ".", pdf: bool = False, public: bool = False,
              meeting_date: date | None = None, progress: Progress | None = None,
              now: datetime | None = None) -> MergeResult:
    """Read, record and report the returns under ``paths`` for fiscal ``year`` (2026 or "R8").

    Raises :class:`NoInputError` when none of ``paths`` exists and
    :class:`~reform_xlsx.plan.model.YearOutsidePlanError` for a year outside the plan.
    """
    year = plan.require_year(year)
    paths = [Path(p) for p in paths]
    if not any(p.exists() for p in paths):
        raise NoInputError("、".join(str(p) for p in paths))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    batch, history = read_and_record(paths, plan, year, db=db, out=out, progress=progress, now=now)
    result = MergeResult(batch)
    created = _stable_time(batch)
    result.outputs.update(write_intake_outputs(plan, batch, out, created))
    result.feedback.update(write_feedback_copies(plan, result.open_rejections, year, out))
    result.notes.extend(_year_hint(batch, year))
    write_meeting_outputs(result, plan, year, history, out, created=created, meeting_date=meeting_date,
                          pdf=pdf, public=public)
    return result


def read_and_record(paths: list[Path], plan: Plan, year: int, *, db: str | Path, out: Path,
                    progress: Progress | None, now: datetime | None) -> tuple[BatchOutcome, pd.DataFrame]:
    """Step 1: read every file (never merge's own outputs) and record the batch; the answers of
    every year of the plan up to ``year`` (for the trend)."""
    with Ledger(db) as ledger:
        exclude = [*outputs.own_files(out), ledger.archive_dir, ledger.path]
        results = read_returns(paths, plan, year, progress=progress, exclude=exclude)
        batch = ledger.record(results, year, plan.sections, now=now)
        history = ledger.answers(list(range(plan.start_year, year + 1)))
    return batch, history


def write_intake_outputs(plan: Plan, batch: BatchOutcome, out: Path, created: datetime) -> dict[str, Path]:
    """Step 2: 受付結果 and 回答一覧."""
    return {
        "receipt": write_receipt(plan, batch, out / outputs.receipt(batch.year), created),
        "answers": write_answers(plan, batch.year, batch.answers, out / outputs.answer_list(batch.year), created),
    }


def write_feedback_copies(plan: Plan, rejections: list[FileOutcome], year: int, out: Path) -> dict[str, Path]:
    """Step 3: a 差し戻し copy for each open rejection of a plan section; last run's copies of the
    year are replaced. A file that failed a safety check or stalled the reader is never opened."""
    folder = out / outputs.FEEDBACK_FOLDER
    if folder.is_dir():
        for stale in folder.iterdir():
            if stale.is_file() and outputs.is_feedback(stale.name, year):
                stale.unlink()
    written: dict[str, Path] = {}
    for f in rejections:
        if f.result.section not in plan.sections or f.result.unsafe:
            continue
        target = folder / outputs.feedback(year, f.result.section)
        n = 1
        while target in written.values():
            n += 1
            target = folder / outputs.feedback(year, f.result.section).replace(".xlsx", f"_{n}.xlsx")
        written[f.result.name] = write_feedback(f.result.path, f.problems, target, year=year,
                                                section=f.result.section, office=plan.office)
    return written


def write_meeting_outputs(result: MergeResult, plan: Plan, year: int, history: pd.DataFrame, out: Path, *,
                          created: datetime, meeting_date: date | None, pdf: bool, public: bool) -> None:
    """Step 4: the meeting workbook (and PDF packet, 公表用) from every year's answers."""
    report = write_reports(plan, year, history, result.batch.status, out, meeting_date=meeting_date,
                           created=created, pdf=pdf, public=public)
    result.outputs.update(report.outputs)  # meeting, office; pdf, public, public_pdf, public_csv_* when asked
    result.notes.extend(report.notes)
    result.report_problems.extend(p for p in report.problems if p.code != Msg.REPORT_NO_PDF.value.code)


def _year_hint(batch: BatchOutcome, year: int) -> list[str]:
    """When every template read is of another year, point at ``--year``."""
    other_years = {f.result.year for f in batch.files if f.result.year is not None}
    if other_years and year not in other_years:
        shown = "・".join(format_fiscal_year(y) for y in sorted(other_years))
        return [f"読み込んだ調査票はすべて{shown}のものです。--year の指定（いまは"
                f"{format_fiscal_year(year)}）が正しいか確かめてください。"]
    return []


def _stable_time(batch: BatchOutcome) -> datetime:
    """The latest arrival time of this year's files: same inputs → same document dates.
    (An empty inbox has no arrival time: then it is now.)"""
    times = [f.received_at for f in batch.files]
    return datetime.fromisoformat(max(times)) if times else datetime.now().replace(microsecond=0)
