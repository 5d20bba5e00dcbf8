"""The 推進本部会議 outputs: the meeting workbook, its PDF packet and the 公表用 workbook.

Entry point for ``merge``::

    result = write_reports(plan, year, answers, status, out_dir,
                           meeting_date=None, created=None, pdf=False, public=False)

``answers`` is the answers long table (:mod:`reform_xlsx.records`, earlier years allowed: they
make the trend), ``status`` has :data:`reform_xlsx.records.STATUS_COLUMNS`. The library never
prints: what the user should read comes back in :class:`ReportResult` (``notes`` in Japanese,
``problems`` with R codes).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reform_xlsx import outputs
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.report.model import MEETING_SHEETS, SHEET_DATA, ReportData
from reform_xlsx.report.public import write_public
from reform_xlsx.report.workbook import build_workbook
from reform_xlsx.xlsx.libreoffice import INSTALL_HINT, OfficeError, convert, find_soffice


@dataclass(frozen=True)
class ReportResult:
    workbook: Path  # 令和8年度_市政改革推進本部会議資料.xlsx
    pdf: Path | None = None  # the packet, when asked for and LibreOffice was found
    public: Path | None = None  # 令和8年度_市政改革取組状況_公表用.xlsx, when asked for
    pdf_pages: int | None = None  # pages the packet should have (by the page breaks written)
    notes: tuple[str, ...] = ()  # Japanese, for the user (e.g. how to install LibreOffice)
    problems: tuple[Problem, ...] = field(default_factory=tuple)  # R001–R004 warnings

    @property
    def paths(self) -> list[Path]:
        return [p for p in (self.workbook, self.pdf, self.public) if p is not None]


def write_reports(plan: Plan, year: int, answers: pd.DataFrame, status: pd.DataFrame,
                  out_dir: str | Path, *, meeting_date: dt.date | None = None,
                  created: dt.datetime | None = None, pdf: bool = False,
                  public: bool = False) -> ReportResult:
    """Write the meeting workbook (and the PDF packet, the 公表用 workbook) into ``out_dir``."""
    year = plan.require_year(year)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    created = created or dt.datetime.now().replace(microsecond=0)
    data = ReportData.build(plan, year, answers, status, created=created, meeting_date=meeting_date)
    problems = list(data.problems)
    workbook = out / outputs.meeting(year)
    build_workbook(workbook, data, MEETING_SHEETS, public=False, title=workbook.stem)
    public_path = write_public(data, out) if public else None
    pdf_path, pages, notes = None, None, []
    if pdf:
        pdf_path, pages, note = _write_pdf(data, out)
        if note:
            notes.append(note)
            problems.append(problem(Msg.REPORT_NO_PDF, file=workbook.name, detail=note))
    return ReportResult(workbook, pdf_path, public_path, pages, tuple(notes), tuple(problems))


def _write_pdf(data: ReportData, out: Path) -> tuple[Path | None, int | None, str | None]:
    """Print the meeting workbook without 「データ」 (a table for pivots, not for paper)."""
    if find_soffice() is None:
        return None, None, INSTALL_HINT
    sheets = tuple(s for s in MEETING_SHEETS if s != SHEET_DATA)
    with tempfile.TemporaryDirectory(prefix="reform-xlsx-pdf-") as tmp:
        source = Path(tmp) / outputs.meeting(data.year)
        pages = build_workbook(source, data, sheets, public=False, title=source.stem)
        try:
            made = convert(source, "pdf", tmp)
        except OfficeError as exc:
            return None, None, str(exc)
        target = out / outputs.meeting(data.year, ".pdf")
        with outputs.replacing(target) as partial:
            shutil.copyfile(made, partial)
    return target, sum(pages.values()), None
