"""The 推進本部会議 outputs: the packet (Excel and PDF), the office's copy and 公表用 (Excel, PDF, CSV).

Entry point for ``merge``::

    result = write_reports(plan, year, answers, status, out_dir,
                           meeting_date=None, created=None, pdf=False, public=False)

``answers`` is the answers long table (:mod:`reform_xlsx.records`, earlier years allowed: they
make the year-on-year columns and the trend), ``status`` has
:data:`reform_xlsx.records.STATUS_COLUMNS`. The library never prints: what the user should read
comes back in :class:`ReportResult` (``notes`` in Japanese, ``problems`` with R codes).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from reform_xlsx import outputs
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.plan.revisions import Revisions
from reform_xlsx.report.model import SHEET_PERIOD, SHEET_PERIOD_ITEMS, SHEET_SUMMARY, ReportData
from reform_xlsx.report.period import shown_unrecorded
from reform_xlsx.report.public import published_contacts, write_public, write_public_csv
from reform_xlsx.report.review_form import write_review_form
from reform_xlsx.report.workbook import build_workbook
from reform_xlsx.wareki import format_fiscal_year
from reform_xlsx.xlsx.libreoffice import OfficeError, convert, find_soffice, not_found_hint


@dataclass(frozen=True)
class ReportResult:
    workbook: Path  # 令和8年度_{推進本部会議}資料.xlsx: the packet (outputs.meeting)
    office: Path | None = None  # 令和8年度_{推進本部会議}資料_事務局用.xlsx
    pdf: Path | None = None  # the packet as PDF, when asked for and LibreOffice was found
    public: Path | None = None  # 令和8年度_{改革}取組状況_公表用.xlsx, when asked for
    public_pdf: Path | None = None  # 公表用 as PDF (``pdf`` and ``public``)
    public_csv: tuple[Path, ...] = ()  # 公表用 CSV: items, KPIs (``public``)
    review: Path | None = None  # 令和8年度_推進室評価シート.xlsx, when asked for
    pdf_pages: int | None = None  # pages the packet should have (by the page breaks written)
    notes: tuple[str, ...] = ()  # Japanese, for the user (e.g. how to install LibreOffice)
    problems: tuple[Problem, ...] = field(default_factory=tuple)  # R001–R005, R007–R009 warnings

    @property
    def outputs(self) -> dict[str, Path]:
        """Role → path of every file written (``merge --json`` names them by role)."""
        roles = {"meeting": self.workbook, "office": self.office, "pdf": self.pdf, "public": self.public,
                 "public_pdf": self.public_pdf, "review": self.review}
        roles |= {f"public_csv_{t}": p for t, p in zip(outputs.PUBLIC_CSV_TABLES, self.public_csv)}
        return {role: path for role, path in roles.items() if path is not None}

    @property
    def paths(self) -> list[Path]:
        return list(self.outputs.values())


def write_reports(plan: Plan, year: int, answers: pd.DataFrame, status: pd.DataFrame,
                  out_dir: str | Path, *, meeting_date: dt.date | None = None,
                  created: dt.datetime | None = None, pdf: bool = False,
                  public: bool = False, review: str | Path | None = None, revisions: Revisions | None = None,
                  final: bool | None = None, unrecorded: tuple[int, ...] = (),
                  review_after: dt.datetime | None = None) -> ReportResult:
    """Write the packet and the office's copy (and the PDFs, 公表用 and its CSV) into ``out_dir``.

    ``plan`` is the plan in force for ``year``; ``revisions``: the plan's revisions (earlier years are
    judged with the one in force then; 「計画の見直し」 lists them). ``final``: add 「計画期間の総括」
    (by default in the plan's last year). ``review``: where to write the 推進室評価シート (not written
    when None); ``review_after``: when the ledger's newest file was received (the sheet is made after it).
    ``unrecorded``: the plan's years the ledger has no record of at all (no survey, no file): 「記録なし」 in the
    sheets (never 未回答), and named in ``notes``."""
    year = plan.require_year(year)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    created = created or dt.datetime.now().replace(microsecond=0)
    final = year == plan.end_year if final is None else final
    data = ReportData.build(plan, year, answers, status, created=created, meeting_date=meeting_date,
                            revisions=revisions, final=final, unrecorded=unrecorded)
    problems = list(data.problems)
    packet = out / outputs.meeting(plan.words, year)
    written: list[Path] = []  # the workbooks put in place so far whose PDF this run is to make again
    pdf_path = public_pdf = None
    try:
        pages = build_workbook(packet, data, "packet")
        written.append(packet)
        office = out / outputs.meeting_office(plan.words, year)
        build_workbook(office, data, "office")
        published = data.for_public() if public else None  # 公表用's workbook and CSV: what it publishes only
        public_path = write_public(published, out) if published is not None else None
        written += [public_path] if public_path is not None else []
        csv_paths = write_public_csv(published, out) if published is not None else ()
        problems += published_contacts(data, status, published) if published is not None else []
        notes = unrecorded_notes(data)
        if pdf:
            pdf_path, note = _to_pdf(packet, out)
            if public_path is not None and note is None:
                public_pdf, note = _to_pdf(public_path, out)
            if note:
                missing = [w for w, made in ((packet, pdf_path), (public_path, public_pdf)) if w is not None and not made]
                # (when LibreOffice is not found, the note already says no PDF was made)
                note += withdraw_stale_pdfs(missing, out, named=find_soffice() is not None)
                notes.append(note)
                problems.append(problem(Msg.REPORT_NO_PDF, file=packet.name, detail=note))
    except BaseException:  # stopped (Ctrl-C, a full disk) between a new workbook and its PDF: the last run's PDF
        if pdf:  # of it would be handed out beside a workbook it no longer matches
            made = {p for p in (pdf_path, public_pdf) if p is not None}
            withdraw_stale_pdfs([w for w in written if out / (w.stem + ".pdf") not in made], out, named=False)
        raise
    problems += earlier_outputs_kept(data, out, pdf=pdf, public=public)
    review_path = write_review_form(data, review, review_after) if review is not None else None
    return ReportResult(packet, office, pdf_path, public_path, public_pdf, csv_paths, review_path,
                        sum(pages.values()) if pdf_path else None, tuple(notes), tuple(problems))


def earlier_outputs_kept(data: ReportData, out: Path, *, pdf: bool, public: bool) -> list[Problem]:
    """R007 when the folder holds this year's PDF or 公表用 from an earlier run that this run, without
    --pdf or --public, did not make again: they may no longer match the workbook just written."""
    words, year = data.plan.words, data.year
    kept = [] if pdf else [outputs.meeting(words, year, ".pdf")]
    if not public:
        kept += [outputs.public(words, year), *(outputs.public_csv(words, year, t) for t in outputs.PUBLIC_CSV_TABLES)]
    if not (pdf and public):
        kept.append(outputs.public(words, year, ".pdf"))
    kept = [name for name in kept if (out / name).is_file()]
    if not kept:
        return []
    made_public = outputs.public(words, year, "")
    options = "・".join(o for o, left in (("--pdf", not pdf and any(n.endswith(".pdf") for n in kept)),
                                          ("--public", not public and any(n.startswith(made_public) for n in kept)))
                        if left)
    return [problem(Msg.REPORT_EARLIER_OUTPUT_KEPT, file=str(out), names="・".join(kept), options=options)]


def unrecorded_notes(data: ReportData) -> list[str]:
    """What the user should know of the years the ledger has no record of: this year (a packet with no
    section's answers), and earlier years the packet shows as 記録なし."""
    notes = []
    if data.year in data.unrecorded:
        notes.append(f"台帳には{data.year_label}の記録（照会・受け付けた調査票）がありません。{data.year_label}の"
                     "会議資料は、どの課の回答もない状態（全課 未提出）で作りました。年度が正しいか確認してください。")
    earlier = shown_unrecorded(data)
    if earlier:
        names = "・".join(format_fiscal_year(y) for y in earlier)
        trend = f"{data.sheet(SHEET_SUMMARY)}の年度別の推移"  # the sheets as the workbook names them
        where = f"{data.sheet(SHEET_PERIOD)}・{data.sheet(SHEET_PERIOD_ITEMS)}と{trend}" if data.final else trend
        notes.append(f"台帳には{names}の記録（照会・受け付けた調査票）がありません。{where}では、これらの年度を"
                     "「記録なし」としています（未回答・未報告ではありません）。その年度を merge していれば、"
                     "台帳（--db）が正しいか確認してください。")
    return notes


def withdraw_stale_pdfs(workbooks: list[Path], out: Path, *, named: bool = True) -> str:
    """The PDFs an earlier run made of ``workbooks``, now written again without their PDF: removed, so
    that a PDF that no longer matches its workbook is never handed out or published; what was done,
    for the note (one left because it cannot be removed — open in a viewer on Windows — is named); ``named``:
    the note also names the PDFs not made."""
    removed, left = [], []
    for workbook in workbooks:
        old = out / (workbook.stem + ".pdf")
        if not old.is_file():
            continue
        try:
            old.unlink()
        except OSError:
            left.append(old.name)
        else:
            removed.append(old.name)
    said = " " + "・".join(w.stem + ".pdf" for w in workbooks) + " は作っていません。" if workbooks and named else ""
    if removed:
        said += f"前に作った {'・'.join(removed)} は、今回の Excel と内容が違うため削除しました。"
    if left:
        said += (f"前に作った {'・'.join(left)} は今回の Excel と内容が違いますが、削除できずに残っています（開いていれば"
                 "閉じてください）。配布・公表には使わないでください。")
    return said


def _to_pdf(workbook: Path, out: Path) -> tuple[Path | None, str | None]:
    """Print ``workbook`` with LibreOffice into ``out`` (same name, .pdf); or the reason it could not."""
    if find_soffice() is None:
        return None, not_found_hint()
    with tempfile.TemporaryDirectory(prefix="reform-xlsx-pdf-", ignore_cleanup_errors=True) as tmp:
        try:
            made = convert(workbook, "pdf", tmp)
        except OfficeError as exc:
            return None, str(exc)
        target = out / (workbook.stem + ".pdf")
        data = made.read_bytes()  # read here: an error in writing the copy below names the output, never the
        outputs.write_whole(target, data)  # temporary PDF (shutil's fast copy names its source on ENOSPC)
    return target, None
