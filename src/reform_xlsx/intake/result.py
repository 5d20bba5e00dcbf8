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
    form: str | None = None  # layout.FORM_SURVEY (調査票) or layout.FORM_REVIEW (推進室評価シート)
    deadline: str | None = None  # the 提出期限 the template carries (ISO date), when it has one
    contact: str | None = None  # the 問い合わせ先 the template carries
    created: str | None = None  # when the tool made the form (its 作成日時, ISO, UTC), as the form says
    # a zip or a saved mail with workbooks in it (F032, F034): whose returns they are by their names — a plan
    # section, or None for one that names none (saved_mail.inside); the ledger keeps it for status (M010, M011)
    inside: tuple[str | None, ...] = ()
    problems: list[Problem] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    from_ledger: bool = False  # not read this time: the ledger's record of an earlier reading
    given_at: float | None = None  # the office's word (--received-at) for a file whose times were lost
    content: bytes | None = field(default=None, repr=False, compare=False)  # the bytes hashed (parent only,
    # until the ledger has archived them)

    @property
    def submitted_at(self) -> float:
        """When the section submitted it (see :func:`submitted_time`)."""
        return submitted_time(self.saved_at, self.mtime, self.given_at)[0]

    @property
    def submitted_from(self) -> str:
        """What :attr:`submitted_at` rests on: ``given`` | ``saved`` | ``file``."""
        return submitted_time(self.saved_at, self.mtime, self.given_at)[1]

    @property
    def respondent(self) -> dict[str, str]:
        """The 回答者欄 as read: field key (person, extension, mail, head) → text."""
        return {a.field: str(a.value) for a in self.answers if a.kind == "respondent" and a.value is not None}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


SAVED_FROM, FILE_FROM, GIVEN_FROM = "saved", "file", "given"
SUBMITTED_FROM_LABELS = {SAVED_FROM: "ブックの保存日時", FILE_FROM: "ファイルの更新日時", GIVEN_FROM: "推進室の指定"}
_EARLIEST = 946_684_800.0  # 2000-01-01: a save time before it is a tool's placeholder (1899, 1601), not a save
_LATEST = 32_503_680_000.0  # 3000-01-01: after it too (9999-12-31); Windows cannot show such a time at all


def submitted_time(saved_at: float | None, mtime: float, given_at: float | None = None) -> tuple[float, str]:
    """When a section submitted a file, and what that rests on — the rule the office can trust:

    1. the office's own word (``--received-at``) for a file whose times were lost;
    2. the workbook's last-saved time (docProps/core.xml, written by Excel and LibreOffice at every
       save): it travels with the file through e-mail, copies and folders, and it is the same
       whenever and however often merge reads the file;
    3. else the file's modification time (copying may change it: the weakest).

    A save time before 2000 or from the year 3000 on is a placeholder, not a save, and is passed over. The time merge first
    saw the file (受付日時) is never used: it says when the office ran merge, not when the section sent it."""
    if given_at is not None:
        return given_at, GIVEN_FROM
    if saved_at is not None and _EARLIEST <= saved_at < _LATEST:
        return saved_at, SAVED_FROM
    return mtime, FILE_FROM
