"""What reading one returned file yields: the contract between the reader and the ledger.

The reader (:mod:`reform_xlsx.intake`) fills one :class:`FileResult` per file found under the
inbox paths; the ledger records it, decides duplicates and supersession, and the outputs
(受付結果, 回答一覧, 差し戻し) are written from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reform_xlsx.messages import Problem, Severity
from reform_xlsx.records import Answer, FileStatus


@dataclass
class FileResult:
    path: Path | None  # absolute path of the file as found (never modified); None inside a worker
    name: str  # path shown to users: relative to the inbox root given on the command line
    sha256: str = ""  # content hash ("" when the file could not be read at all)
    size: int = 0
    mtime: float = 0.0  # file modification time (seconds since the epoch)
    saved_at: float | None = None  # when Excel/LibreOffice last saved it (docProps/core.xml), epoch
    status: FileStatus = FileStatus.SKIPPED
    real_format: str | None = None  # what the bytes are: xlsx, xlsm, xls, ods, csv, zip, text, empty, …
    unsafe: bool = False  # failed a safety check or stalled/crashed the reader: never open it in-process
    section: str | None = None  # from the template's metadata, never from the file name
    year: int | None = None
    template_id: str | None = None
    plan_id: str | None = None
    plan_version: str | None = None
    format_version: str | None = None
    problems: list[Problem] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    from_ledger: bool = False  # not read this time: the ledger's record of an earlier reading

    @property
    def submitted_at(self) -> float:
        """Which of a section's files is newest: the workbook's own save time, else the file's.

        The save time travels with the file (e-mail, copies, git); the file time may not.
        """
        return self.saved_at if self.saved_at is not None else self.mtime

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]
