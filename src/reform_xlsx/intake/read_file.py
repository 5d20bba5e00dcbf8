"""Everything done with one returned workbook's bytes, inside a worker process.

The parent sends the bytes (it never parses them); here they are checked (:mod:`.safety`),
read (:mod:`.workbook_reader`), identified (:mod:`.identify`) and judged (:mod:`.validate`).
The result is a :class:`~reform_xlsx.intake.result.FileResult` without the parent's facts
(path, size, times), which the parent fills in.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from reform_xlsx import outputs
from reform_xlsx.form import layout
from reform_xlsx.form.layout import SHEET_META
from reform_xlsx.intake import identify, ole_properties, safety, saved_mail
from reform_xlsx.intake.files import os_detail, read_bytes
from reform_xlsx.intake.limits import Limits
from reform_xlsx.intake.officer import Prior
from reform_xlsx.intake.result import FileResult
from reform_xlsx.intake.review import in_review_words, validate_review
from reform_xlsx.intake.safety import inspect_zip
from reform_xlsx.intake.sniff import sniff, wrong_format
from reform_xlsx.intake.validate import SheetSpec, sheet_lookalikes, sheet_specs, validate, wanted_sheets
from reform_xlsx.intake.workbook_reader import read_cells
from reform_xlsx.mail import directory
from reform_xlsx.messages import Msg, problem
from reform_xlsx.plan import master_layout
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import FileStatus
from reform_xlsx.wareki import format_fiscal_year

ODS = "ods"  # an OpenDocument spreadsheet (sniff.FORMAT_LABELS): F002, but it may say whose it is
XLS = "xls"  # an Excel 97-2003 workbook: F002 too, and its user-defined properties may say whose it is
XLSB = "xlsb"  # an Excel binary workbook: F002 too, and its custom properties (XML, as an .xlsx's) may say whose it is
SAYS_WHOSE = (ODS, XLS, XLSB)  # the formats not read that go to a worker all the same, to find whose they are
OTHER_PLAN_VERSION = Msg.INTAKE_OTHER_PLAN_VERSION.value.code  # M003


@dataclass
class ReadContext:
    """What a worker keeps between files: the plan, the year, the caps, the plan's earlier revisions,
    and the sheets each section's template must have (built once per revision and section)."""

    plan: Plan
    year: int
    limits: Limits
    older: tuple[Plan, ...] = ()
    prior: Prior | None = None  # what the ledger knew before (the officer's checks that compare)
    specs: dict[tuple[str, str], list[SheetSpec]] = field(default_factory=dict)

    def sheet_specs(self, section: str, plan: Plan | None = None) -> list[SheetSpec]:
        plan = plan or self.plan
        if (plan.version, section) not in self.specs:
            self.specs[(plan.version, section)] = sheet_specs(plan, self.year, section)
        return self.specs[(plan.version, section)]


def start(plan: Plan, year: int, limits: Limits, older: tuple[Plan, ...] = (),
          prior: Prior | None = None) -> ReadContext:
    """The worker's initialiser: harden the XML parser of this process, keep the plan."""
    safety.harden_xml()
    return ReadContext(plan, year, limits, older, prior)


@dataclass(frozen=True)
class Job:
    name: str  # as users see it
    path: str
    sha256: str  # what the parent read: the content must still be the same
    real_format: str
    cap: int  # the size cap (the parent checked it; the file could have grown since)


def _content(job: Job, result: FileResult) -> bytes | None:
    """The file's bytes as the parent saw them, or None (the problem noted in ``result``)."""
    try:
        data, sha256, _size, _mtime, kind = read_bytes(Path(job.path), job.cap)
    except OSError as exc:
        result.problems.append(problem(Msg.INTAKE_UNREADABLE, file=job.name, detail=os_detail(exc), whose=""))
        return None
    if kind is not None or sha256 != job.sha256:
        result.problems.append(problem(Msg.INTAKE_CHANGED_WHILE_READ, file=job.name, whose=""))
        return None
    return data


def read_one(ctx: ReadContext, job: Job) -> FileResult:
    """Check, read, identify and judge one workbook (the office's 推進室評価シート said in its own words)."""
    result = _read_one(ctx, job)
    if result.form == layout.FORM_REVIEW:
        result.problems = in_review_words(result.problems, ctx.year)
    return result


def _read_one(ctx: ReadContext, job: Job) -> FileResult:
    result = FileResult(path=None, name=job.name, real_format=job.real_format)
    data = _content(job, result)
    if data is None:
        set_status(result, False)
        return result
    if job.real_format in saved_mail.MAIL_FORMATS:  # a mail saved whole: its attachments named, never read
        mail = saved_mail.read_saved_mail(job.real_format, data, ctx.limits)
        names = saved_mail.SectionNames.of(ctx.plan)  # the sections, and their names before a reorganisation
        result.problems.append(saved_mail.mail_problem(mail, job.name, names))
        result.inside = saved_mail.mail_inside(mail, names)
        result.status = FileStatus.SKIPPED
        return result
    if job.real_format == XLS:  # not a zip: its properties are in an OLE property set (差し戻し, no reminder)
        result.problems.append(wrong_format(XLS, job.name, PurePath(job.name).suffix))
        identify_from_properties(result, _whose(XLS, data, ctx.limits))
        set_status(result, identified(result))
        return result
    inspection = inspect_zip(data, job.name, ctx.limits, wanted_sheets(), workbook=None)
    result.real_format = inspection.kind  # what the zip is: only a workbook is read (a zip is only checked)
    if inspection.kind not in safety.WORKBOOK_KINDS and inspection.kind != safety.ZIP:  # an .ods, a .docx … renamed
        result.problems.append(wrong_format(inspection.kind, job.name, PurePath(job.name).suffix))
        if inspection.kind in (ODS, XLSB):  # the form saved as .ods keeps our properties in meta.xml, as .xlsb in
            identify_from_properties(result, _whose(inspection.kind, data, ctx.limits))  # docProps/custom.xml: 差し戻し
            set_status(result, identified(result))
        return result
    result.saved_at = inspection.saved_at
    if inspection.problems:
        result.problems.extend(inspection.problems)
        # whose file it is, from the small part that says so when the check stopped before it (a DTD in
        # a sheet, a zip bomb part): the section gets it back (差し戻し), not a reminder that it sent nothing
        # (not past a directory of too many parts: reading it is what that cap guards against)
        properties = inspection.properties
        too_many = any(p.code == Msg.INTAKE_TOO_MANY_PARTS.value.code for p in inspection.problems)
        if properties is None and not too_many:
            properties = safety.custom_properties_only(data, ctx.limits)
        identify_from_properties(result, properties)
        set_status(result, identified(result))
        return result
    if inspection.kind == safety.ZIP:  # a safe zip named .xlsx that is not a workbook
        result.problems.append(wrong_format(safety.ZIP, job.name, PurePath(job.name).suffix))
        return result
    wanted = wanted_sheets()
    names = [name for name, _part, _state in inspection.sheets]
    lookalikes = sheet_lookalikes(names)
    # (rare) a data sheet renamed, or copied: those sheets are read too (S012, S013); and the 連絡先 sheet of a book
    # with sheets of its own beside it, to know the office's directory (a sheet added for notes) from another book
    more = tuple(dict.fromkeys(n for found in lookalikes.values() for n in found))
    more += (directory.SHEET,) if directory.SHEET in names and len(names) > 1 else ()
    if more:
        wanted += more
        inspection = inspect_zip(data, job.name, ctx.limits, wanted, workbook=None)
    raw = read_cells(data, inspection, wanted, ctx.limits.max_cells)
    raw["renamed"] = lookalikes
    raw["hidden"] = [name for name, _part, state in inspection.sheets if state in ("hidden", "veryHidden")]
    # (beside the 推進室評価シート, a copy of it kept as merge wrote it holds nothing typed there: A013 counts only what the
    # sheet read does not hold in the same row: :class:`_Rows`)
    review_part = next((part for name, part, _state in inspection.sheets if name == layout.SHEET_REVIEW), None)
    raw["unread"] = unread_sheets(data, inspection.sheets, set(wanted) | _KNOWN_SHEETS, beside=review_part)
    meta_rows = raw["sheets"].get(SHEET_META, {}).get("rows", [])
    office_book = _office_book(raw, meta_rows)
    if office_book is not None:  # the office's own book in a folder that is merged: no one's return
        result.status = FileStatus.IGNORED
        result.problems.append(problem(Msg.INTAKE_OFFICE_BOOK, file=job.name, what=office_book))
        return result
    values, conflicts = identify.combine(raw["properties"], identify.meta_sheet_values(meta_rows), job.name)
    # the form's 作成日時 from the hidden sheet too, when the document properties lost it
    result.created = values.get(layout.META_CREATED)
    result.saved_at = safety.saved_after_made(result.saved_at, result.created)
    who, problems = identify.check(values, ctx.plan, ctx.year, job.name)
    lost = identify.lost_record(raw["sheets"], ctx.plan, ctx.year, job.name, lookalikes) if not values else None
    if lost is not None:  # the form's sheets without their record (Numbers, a web editor): F036, not M001
        who, problems = lost
    # a former section's template of this year answers for the sections of now; one of another year
    # (last year's form sent again) is that section's stale form, not an answer of its successors
    former = identify.former_section(who, ctx.plan, ctx.older, job.name) if who.year == ctx.year else None
    template_plan = ctx.plan
    if former is not None:  # a section a reorganisation replaced, on a template of an earlier revision
        template_plan, said = former
        problems = [p for p in problems if p.code not in identify.FORMER_SECTION_CODES] + [said]
    # a section of now on its template of an earlier revision the ledger keeps: sent back (M003) all the same, but
    # read with that revision, so that its 差し戻し copy (a form of the current revision) carries what it sent
    earlier = identify.earlier_revision(who, ctx.plan, ctx.older) if former is None and who.year == ctx.year else None
    fill_identity(result, who)
    result.problems.extend(conflicts + problems)
    read_earlier = earlier is not None and {p.code for p in result.errors} == {OTHER_PLAN_VERSION}
    read_lost = {p.code for p in result.errors} == {identify.RECORD_LOST}  # read for its 差し戻し copy, never accepted
    if read_earlier:
        template_plan = earlier
    if who.known and (not result.errors or read_earlier or read_lost):
        if who.review:  # the 推進室評価シート: the office's and the meetings' word
            found, answers = validate_review(raw, ctx.plan, ctx.year, job.name)
        else:
            found, answers = validate(raw, who, template_plan, ctx.year, job.name, max_cells=ctx.limits.max_cells,
                                      specs=ctx.sheet_specs(who.section, template_plan), prior=ctx.prior)
        result.problems.extend(found)
        result.answers = answers
    if inspection.unsaved and not who.review and who.year == ctx.year and _nothing_typed(result):
        # the blank form as templates wrote it (no ledger recorded it: templates run before there was one): sent by
        # no one — F027 as one the ledger knows, never its section's 差し戻し
        return FileResult(path=None, name=job.name, real_format=result.real_format, status=FileStatus.IGNORED,
                          problems=[problem(Msg.INTAKE_BLANK_FORM, file=job.name, section=who.section,
                                            year=format_fiscal_year(who.year))])
    if former is not None:
        result.section, result.answers = identify.attribute_answers(ctx.plan, who.section, result.answers)
    set_status(result, who.known)
    return result


def _nothing_typed(result: FileResult) -> bool:
    """Whether the form was read and not one of its input cells (the 回答者欄 too) holds anything."""
    return bool(result.answers) and all(a.raw in (None, "") and a.value in (None, "") for a in result.answers)


_KNOWN_SHEETS = {layout.SHEET_GUIDE, layout.SHEET_LISTS, layout.SHEET_FEEDBACK_ERRORS}  # the form's, never read
_VALUE = re.compile(rb"<(?:[\w.-]+:)?(?:v|is)[\s>]")  # a cell's value: <v>, an inline string <is>


def unread_sheets(data: bytes, sheets: list[tuple[str, str, str]], known: set[str],
                  beside: str | None = None) -> dict[str, int]:
    """The sheets none of the form's (a sheet of notes the section added) that hold something: name → how many cells
    hold a value (S016: what is typed there is never read). ``beside``: the part of the sheet that is read (the
    推進室評価シート's), when only what another sheet holds apart from it counts — a copy of it kept unfilled (「推進室評価
    (2)」) holds merge's own IDs, names and answers, nothing typed there: a cell counts when the read sheet holds no
    such value in its column, at the same row or at the row holding the rest of the cell's row (the table sorted, a
    row inserted after the copy was made): a sheet of notes, a copy filled in. The workbook has passed every container
    check, so its parts are read whole; a part that cannot be is left out."""
    found: dict[str, int] = {}
    others = [(name, part) for name, part, _state in sheets if name not in known]
    if not others:
        return found
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        read: _Rows | None = None
        for name, part in others:
            try:
                xml = book.read(part)
                count = sum(1 for _ in _VALUE.finditer(xml))  # (no list of a big sheet's matches)
                if count and beside is not None:  # only a sheet holding values is compared, cell by cell
                    if read is None:
                        read = _Rows(book.read(beside))
                    count = read.unmatched(xml)
            except (KeyError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
                continue
            if count:
                found[name] = count
    return found


# a cell of a sheet's XML: its attributes, and what it holds (its value <v> or inline string <is>)
_CELL = re.compile(rb"<(?:[\w.-]+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:[\w.-]+:)?c>)", re.S)
_REF_ATTR = re.compile(rb"""\br\s*=\s*["']([A-Za-z]+[0-9]+)["']""")
_TYPE_ATTR = re.compile(rb"""\bt\s*=\s*["']([\w-]+)["']""")
_HELD = re.compile(rb"<((?:[\w.-]+:)?(?:v|is))[\s>].*?</\1>", re.S)


def _cells(xml: bytes):
    """Each cell of a sheet's XML as (its A1 or None, (its type, its value's XML) or None when it holds none). Two
    sheets of one workbook share its strings: the same text is the same index."""
    for match in _CELL.finditer(xml):
        attributes, inner = match.group(1), match.group(2) or b""
        held = _HELD.search(inner)
        ref = _REF_ATTR.search(attributes)
        kind = _TYPE_ATTR.search(attributes)
        yield (ref.group(1) if ref else None,
               (kind.group(1) if kind else b"n", held.group(0)) if held else None)


def _by_row(xml: bytes) -> tuple[dict[bytes, dict[bytes, tuple[bytes, bytes]]], int]:
    """The cells of a sheet's XML that hold a value, row → column → (type, value's XML); and how many of them have
    no A1 (a writer may leave it out)."""
    rows: dict[bytes, dict[bytes, tuple[bytes, bytes]]] = {}
    nowhere = 0
    for ref, value in _cells(xml):
        if value is None:
            continue
        if ref is None:
            nowhere += 1
            continue
        column = ref.rstrip(b"0123456789")
        rows.setdefault(ref[len(column):], {})[column.upper()] = value
    return rows, nowhere


class _Rows:
    """The read sheet's rows, to say how many values of another sheet it does not hold: a cell counts when the row
    of the read sheet at the same row, or one holding the rest of its row (the table sorted, a row inserted after
    the copy was made: a row stands elsewhere), holds no such value in its column."""

    MARK_ROWS = 4  # a value held in more rows than this (a 担当課, 「未回答」) picks no row out

    def __init__(self, xml: bytes):
        self.rows, _nowhere = _by_row(xml)
        self.holding: dict[tuple[bytes, tuple[bytes, bytes]], list[bytes]] = {}
        for r, cells in self.rows.items():
            for column, value in cells.items():
                self.holding.setdefault((column, value), []).append(r)

    def _missing(self, cells: dict[bytes, tuple[bytes, bytes]], r: bytes) -> int:
        held = self.rows.get(r, {})
        return sum(1 for column, value in cells.items() if held.get(column) != value)

    def unmatched(self, xml: bytes) -> int:
        rows, count = _by_row(xml)  # (a cell without its A1: where it stands is not known, so it counts)
        for r, cells in rows.items():
            missing = self._missing(cells, r)
            if missing:  # the row that holds its rarest value held in few rows (an ID, a section's answer)
                found = [rows_ for pair in cells.items() if (rows_ := self.holding.get(pair))]
                rarest = min(found, key=len, default=[])
                if len(rarest) <= self.MARK_ROWS:
                    missing = min([missing, *(self._missing(cells, other) for other in rarest)])
            count += missing
        return count


def _office_book(raw: dict, meta_rows: list[list[object]]) -> str | None:
    """What the tool's own book of the office is, when the workbook is one: the plan master (``plan export``: its
    「_meta」 sheet says so) or the 連絡先 (``contacts``: its one sheet, and no template's identity). None otherwise —
    and for any workbook that carries a 調査票's identity (a section's return is read, whatever else it holds)."""
    if (raw.get("properties") or {}).get(layout.META_SECTION) or any(
            layout.META_SECTION in row for row in meta_rows):
        return None
    if any(cell == master_layout.META_FORMAT for row in meta_rows for cell in row):
        return "計画マスター（plan export）"
    names = raw.get("sheet_names") or []
    if directory.SHEET in names and not raw.get("properties") and not meta_rows and (
            names == [directory.SHEET]  # as contacts wrote it; with other sheets, its table must be there
            or layout.find_header_row(raw["sheets"].get(directory.SHEET, {}).get("rows", []), directory.KEY_LABEL)
            is not None):
        return "連絡先ファイル（contacts）"
    book = outputs.merge_book(names)
    if book is not None and not raw.get("properties") and not meta_rows:  # written for another ledger (F025 for its own)
        return f"{book}（merge の出力）"
    return None


def identify_only(ctx: ReadContext, job: Job) -> tuple[dict | None, str] | None:
    """After a failed read: whose file it says it is, from its custom document properties alone, and what
    it is (the parent does not look inside a zip named as a workbook)."""
    result = FileResult(path=None, name=job.name)
    data = _content(job, result)
    if data is None:
        return None
    kind = sniff(data)
    values, _conflicts = identify.combine(_whose(kind, data, ctx.limits), None, job.name)
    return values or None, kind


def _whose(kind: str, data: bytes, limits: Limits) -> dict[str, str] | None:
    """The properties that say whose file it is, where a file of ``kind`` keeps them: an .ods in meta.xml, an .xls
    in its OLE user-defined properties, a workbook in docProps/custom.xml; None when they cannot be had safely."""
    if kind == ODS:
        return safety.odf_properties_only(data, limits)
    if kind == XLS:
        return ole_properties.user_defined(data, limits.max_meta_bytes)
    if kind == XLSB:  # (no check has counted its parts: not past too many)
        return safety.custom_properties_only(data, limits, limits.max_members)
    return safety.custom_properties_only(data, limits)


def identify_from_properties(result: FileResult, properties: dict[str, str] | None) -> None:
    """When the sheets cannot be read, the custom properties may still say whose file it is."""
    values, _conflicts = identify.combine(properties, None, result.name)
    if values:
        fill_identity(result, identify.from_values(values))


def fill_identity(result: FileResult, who: identify.Identity) -> None:
    result.section, result.year, result.template_id = who.section, who.year, who.template_id
    result.plan_id, result.plan_version, result.format_version = who.plan_id, who.plan_version, who.format_version
    result.form, result.deadline, result.contact = who.form, who.deadline, who.contact


def identified(result: FileResult) -> bool:
    """Whose file it is is known: a section's 調査票, or the office's 推進室評価シート."""
    return result.section is not None or result.form == layout.FORM_REVIEW


def set_status(result: FileResult, identified: bool) -> None:
    if result.status == FileStatus.IGNORED:
        return
    if result.errors or not identified:
        result.status = FileStatus.REJECTED if identified else FileStatus.SKIPPED
    else:
        result.status = FileStatus.ACCEPTED
