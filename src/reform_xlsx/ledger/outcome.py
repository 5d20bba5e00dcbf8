"""What the ledger says of a batch: each file (:class:`FileOutcome`) and each section (:class:`BatchOutcome`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from reform_xlsx.intake.result import FileResult
from reform_xlsx.messages import Problem, Severity
from reform_xlsx.records import (
    STATUS_COLUMNS,
    FileStatus,
    SectionStatus,
    answers_frame,
)


@dataclass
class FileOutcome:
    """One file of this batch as the ledger sees it."""

    result: FileResult
    submission_id: int
    status: FileStatus
    received_at: str
    problems: list[Problem] = field(default_factory=list)  # its own (as stored) and the ledger's
    current: bool = False  # the section's answers in use for the year come from this file
    resolved: bool = False  # rejected, but the section has since sent a newer accepted file
    new: bool = True  # first recorded in this run
    submitted_at: float | None = None  # when the section submitted it (intake.result.submitted_time)
    submitted_from: str | None = None  # what that rests on: saved | file | given (None: recorded before)
    ordered_at: float | None = None  # the submitted time, but not after it was received: orders the section's files
    respondent: dict[str, str] = field(default_factory=dict)  # the 回答者欄
    deadline: str | None = None  # the section's 提出期限 (ISO date), when known
    timeliness: str = ""  # 期限内 / 期限後 / "" (no deadline; another year's form, M004)

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity is Severity.WARNING for p in self.problems)

    @property
    def status_label(self) -> str:
        """受理 / 差し戻し / 差し戻し（解決済み） / 重複 / 対象外 / 無視."""
        return self.status.label + ("（解決済み）" if self.resolved else "")



@dataclass
class BatchOutcome:
    year: int
    files: list[FileOutcome]
    sections: list[dict]  # STATUS_COLUMNS, one row per expected section
    _answers: Callable[[], pd.DataFrame] | None = None  # the year's current answers, read when asked
    seen: int | None = None  # the ledger's data version before it was worked out (Ledger.data_version)

    @property
    def new_files(self) -> int:
        return sum(f.new for f in self.files)

    @property
    def status(self) -> pd.DataFrame:
        """:attr:`sections` as a DataFrame (a missing file is None, never NaN)."""
        return status_frame(self.sections)

    @property
    def answers(self) -> pd.DataFrame:
        """The current accepted answers of the year (read from the ledger when asked; a closed ledger is
        opened again)."""
        return self._answers() if self._answers is not None else answers_frame([])

    @property
    def complete(self) -> bool:
        return all(r["status"] == SectionStatus.SUBMITTED for r in self.sections)



def status_frame(rows: list[dict]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows, columns=list(STATUS_COLUMNS)).astype(object)
    return frame.where(frame.notna(), None)
