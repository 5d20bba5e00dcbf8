"""The reform office's one job: read every returned file, record it, write the results.

:func:`run_merge` is what ``reform-xlsx merge`` calls: read (:mod:`reform_xlsx.intake`),
record (:mod:`reform_xlsx.ledger.store`), then write 受付結果, 回答一覧, the 差し戻し copies and the
meeting workbook (:mod:`reform_xlsx.report.writer`). The library never prints; progress is reported
through a callback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from reform_xlsx.intake import read_returns
from reform_xlsx.intake.result import REJECTED
from reform_xlsx.ledger.feedback import FOLDER, feedback_filename, write_feedback
from reform_xlsx.ledger.receipt import (
    answers_filename,
    receipt_filename,
    write_answers,
    write_receipt,
)
from reform_xlsx.ledger.store import BatchOutcome, FileOutcome, Ledger
from reform_xlsx.messages import Msg, Problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import SUBMITTED
from reform_xlsx.report.public import public_filename
from reform_xlsx.report.writer import meeting_filename, write_reports
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
        all_in = bool((self.batch.status.status == SUBMITTED).all())
        return all_in and not self.open_rejections

    @property
    def open_rejections(self) -> list[FileOutcome]:
        """Rejected files of this batch that no newer accepted file of their section replaces."""
        return [f for f in self.batch.files if f.status == REJECTED and not f.resolved]


def run_merge(paths: Sequence[str | Path], plan: Plan, year: int, *, db: str | Path = "reform.db",
              out: str | Path = ".", pdf: bool = False, public: bool = False,
              meeting_date: date | None = None, progress: Progress | None = None,
              now: datetime | None = None) -> MergeResult:
    plan.require_year(year)
    paths = [Path(p) for p in paths]
    if not any(p.exists() for p in paths):
        raise NoInputError("、".join(str(p) for p in paths))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with Ledger(db) as ledger:
        results = read_returns(paths, plan, year, progress=progress, exclude=_own_files(out, ledger))
        batch = ledger.record(results, year, plan.sections, now=now)
        history = ledger.answers([y for y in range(plan.start_year, year + 1)])
    created = _stable_time(batch)
    result = MergeResult(batch)
    result.outputs["receipt"] = write_receipt(plan, batch, out / receipt_filename(year), created)
    result.outputs["answers"] = write_answers(plan, year, batch.answers, out / answers_filename(year), created)
    for stale in (out / FOLDER).glob(feedback_filename(year, "*", "")):  # this run writes them anew
        stale.unlink()
    for f in batch.files:
        # An unsafe file (failed a safety check, crashed or stalled the reader) is never opened here.
        if f in result.open_rejections and f.result.section is not None and not f.result.unsafe:
            name = feedback_filename(year, f.result.section, f.result.path.stem)
            target = out / FOLDER / name
            while target in result.feedback.values():
                target = target.with_name(target.stem + "_2" + target.suffix)
            result.feedback[f.result.name] = write_feedback(
                f.result.path, f.problems, target, year=year, section=f.result.section)
    other_years = {f.result.year for f in batch.files if f.result.year is not None}
    if other_years and year not in other_years:
        shown = "・".join(format_fiscal_year(y) for y in sorted(other_years))
        result.notes.append(f"読み込んだ調査票はすべて{shown}のものです。--year の指定（いまは"
                            f"{format_fiscal_year(year)}）が正しいか確かめてください。")
    report = write_reports(plan, year, history, batch.status, out, meeting_date=meeting_date,
                           created=created, pdf=pdf, public=public)
    result.outputs["meeting"] = report.workbook
    if report.pdf:
        result.outputs["pdf"] = report.pdf
    if report.public:
        result.outputs["public"] = report.public
    result.notes.extend(report.notes)
    result.report_problems.extend(p for p in report.problems if p.code != Msg.REPORT_NO_PDF.value.code)
    return result


def _own_files(out: Path, ledger: Ledger) -> list[Path]:
    """What merge itself writes, for any year: never read back as a return (``merge . --out .``)."""
    patterns = [name("*") for name in (receipt_filename, answers_filename, meeting_filename, public_filename)]
    patterns.append(meeting_filename("*", ".pdf"))
    return [out / FOLDER, ledger.archive_dir, ledger.path] + [p for pattern in patterns for p in out.glob(pattern)]


def _stable_time(batch: BatchOutcome) -> datetime:
    """The latest arrival time of this year's files: same inputs → same document dates.
    (An empty inbox has no arrival time: then it is now.)"""
    times = [f.received_at for f in batch.files]
    return datetime.fromisoformat(max(times)) if times else datetime.now().replace(microsecond=0)
