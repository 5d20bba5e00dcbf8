"""Read returned files: find, sniff, check, parse in isolation, identify, validate.

One :class:`FileResult` per file found. The parent process only stats, hashes, sniffs and
runs the cheap container checks (:mod:`.safety`); the sheets are parsed in a worker process
per file (:mod:`.worker`, :mod:`.workbook_reader`); identifying (:mod:`.identify`) and
judging (:mod:`.validate`) the cells read is pure Python in the parent. Files are only
ever opened for reading.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reform_xlsx.form.layout import SHEET_META
from reform_xlsx.intake import identify, sniff, walk
from reform_xlsx.intake.limits import Limits, human_bytes
from reform_xlsx.intake.result import FileResult
from reform_xlsx.intake.safety import Inspection, inspect_zip
from reform_xlsx.intake.validate import validate, wanted_sheets
from reform_xlsx.intake.workbook_reader import read_workbook
from reform_xlsx.intake.worker import (
    CRASH,
    ERROR,
    MEMORY,
    OK,
    TIMEOUT,
    Outcome,
    run_jobs,
)
from reform_xlsx.messages import Msg, Severity, problem
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import FileStatus
from reform_xlsx.wareki import as_fiscal_year

Progress = Callable[[int, int, str], None]
DEFAULT_LIMITS = Limits()
# Over a cap, corrupt, hostile, or it stalled/crashed the reader: FileResult.unsafe — no other
# parser may open it in-process (e.g. for a 差し戻し copy).
UNSAFE_CODES = frozenset(m.value.code for m in (
    Msg.INTAKE_CORRUPT, Msg.INTAKE_UNSAFE_XML, Msg.INTAKE_FILE_TOO_LARGE, Msg.INTAKE_TOO_MANY_PARTS,
    Msg.INTAKE_UNCOMPRESSED_TOO_LARGE, Msg.INTAKE_INFLATE_RATIO, Msg.INTAKE_USED_RANGE_TOO_LARGE,
    Msg.INTAKE_TIMEOUT, Msg.INTAKE_MEMORY, Msg.INTAKE_CRASH, Msg.INTAKE_READ_ERROR))
_HEAD = 64 * 1024


@dataclass
class _Prepared:
    result: FileResult
    job: tuple | None = None  # worker arguments when the sheets are to be parsed
    inspection: Inspection | None = None


def read_returns(paths: Sequence[str | os.PathLike], plan: Plan, year: int, *, limits: Limits = DEFAULT_LIMITS,
                 workers: int = 2, progress: Progress | None = None,
                 exclude: Sequence[str | os.PathLike] = ()) -> list[FileResult]:
    """Read every file under ``paths`` (files or folders, recursively, sorted): one result each.

    ``progress(done, total, name)`` is called after each file. Results come in walk order.
    Files and folders in ``exclude`` are not read (``merge`` passes its own outputs).
    """
    found = walk.walk(list(paths), exclude)
    return _read_all(found, plan, as_fiscal_year(year), limits, workers, progress)


def read_return(path: str | os.PathLike, plan: Plan, year: int, *, limits: Limits = DEFAULT_LIMITS,
                name: str | None = None) -> FileResult:
    """Read one file (``name`` is what users see; the file name by default)."""
    absolute = Path(path).absolute()
    if absolute.exists():
        kind, system_kind = walk.classify(absolute)
        found = walk.Found(absolute, name or absolute.name, kind, system_kind)
    else:
        found = walk.Found(absolute, name or str(path), walk.MISSING)
    return _read_all([found], plan, as_fiscal_year(year), limits, 1, None)[0]


def _read_all(found: list[walk.Found], plan: Plan, year: int, limits: Limits, workers: int,
              progress: Progress | None) -> list[FileResult]:
    total, done = len(found), 0
    prepared = [_prepare(f, limits) for f in found]
    jobs = [p for p in prepared if p.job is not None]

    def tick(name: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, name)

    for p in prepared:
        if p.job is None:
            _set_status(p.result, p.result.section is not None)
            tick(p.result.name)

    def on_done(index: int, outcome: Outcome) -> None:
        _finish(jobs[index], outcome, plan, year, limits)
        tick(jobs[index].result.name)

    run_jobs(read_workbook, [p.job for p in jobs], workers=workers, timeout=limits.timeout_seconds,
             memory_bytes=limits.memory_bytes, on_done=on_done)
    for p in prepared:
        p.result.unsafe = any(q.code in UNSAFE_CODES for q in p.result.problems)
    return [p.result for p in prepared]


def _prepare(found: walk.Found, limits: Limits) -> _Prepared:
    """Everything the parent does before a parser sees the file."""
    result = FileResult(path=found.path, name=found.name)
    p = _Prepared(result)

    def skip(msg: Msg, **params: object) -> _Prepared:
        result.problems.append(problem(msg, file=found.name, **params))
        return p

    if found.kind == walk.MISSING:
        return skip(Msg.INTAKE_UNREADABLE, detail="見つかりません")
    try:
        stat = found.path.stat()
        result.size, result.mtime = stat.st_size, stat.st_mtime
        if found.kind == walk.LOCK:
            result.status = FileStatus.IGNORED
            return skip(Msg.INTAKE_LOCK_FILE)
        if found.kind == walk.SYSTEM:
            result.status = FileStatus.IGNORED
            return skip(Msg.INTAKE_SYSTEM_FILE, kind=found.system_kind)
        data, result.sha256 = _read(found.path, limits.max_file_bytes)
    except OSError as exc:
        return skip(Msg.INTAKE_UNREADABLE, detail=exc.strerror or type(exc).__name__)
    fmt = sniff.sniff(data)
    result.real_format = fmt
    label = sniff.format_label(fmt)
    if result.size > limits.max_file_bytes:
        return skip(Msg.INTAKE_FILE_TOO_LARGE, size=human_bytes(result.size), limit=human_bytes(limits.max_file_bytes))
    spreadsheet = fmt in sniff.WORKBOOK_FORMATS or fmt in sniff.OTHER_SPREADSHEETS
    if found.kind != walk.WORKBOOK and not spreadsheet:
        return skip(Msg.INTAKE_NOT_A_WORKBOOK, format=label)  # a memo, a PDF, an empty or encrypted .txt/.docx …
    if fmt == "empty":
        return skip(Msg.INTAKE_EMPTY_FILE)
    if fmt == "encrypted":
        return skip(Msg.INTAKE_ENCRYPTED)
    if fmt in sniff.OTHER_SPREADSHEETS:
        return skip(Msg.INTAKE_OTHER_SPREADSHEET, format=label)
    if fmt in sniff.WORKBOOK_FORMATS or (fmt == "zip" and found.kind == walk.WORKBOOK):
        inspection = inspect_zip(data, found.name, limits)
        p.inspection = inspection
        if inspection.problems:
            result.problems.extend(inspection.problems)
            _identify_from_properties(result, inspection)
            return p
        if fmt == "zip":
            return skip(Msg.INTAKE_WRONG_CONTENT, ext=found.path.suffix, format=label)
        result.saved_at = inspection.saved_at
        p.job = (str(found.path), result.sha256, wanted_sheets(), limits.max_cells)
        return p
    return skip(Msg.INTAKE_WRONG_CONTENT, ext=found.path.suffix, format=label)


def _read(path: Path, cap: int) -> tuple[bytes, str]:
    """The file's bytes (only the head when over ``cap``) and the sha256 of all of it."""
    digest = hashlib.sha256()
    head = b""
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
            if len(head) <= cap:
                head += chunk
    return (head if len(head) <= cap else head[:_HEAD]), digest.hexdigest()


def _identify_from_properties(result: FileResult, inspection: Inspection) -> None:
    """When the sheets cannot be read, the custom properties may still say whose file it is."""
    values, _conflicts = identify.combine(inspection.properties, None, result.name)
    if values:
        _fill_identity(result, identify.from_values(values))


def _fill_identity(result: FileResult, identity: identify.Identity) -> None:
    result.section = identity.section
    result.year = identity.year
    result.template_id = identity.template_id
    result.plan_id = identity.plan_id
    result.plan_version = identity.plan_version
    result.format_version = identity.format_version


def _finish(p: _Prepared, outcome: Outcome, plan: Plan, year: int, limits: Limits) -> None:
    result = p.result
    if outcome.status != OK or outcome.value.get("changed"):
        result.problems.append(_failure(outcome, result.name, limits))
        if p.inspection is not None:
            _identify_from_properties(result, p.inspection)
        _set_status(result, result.section is not None)
        return
    raw = outcome.value
    meta_rows = raw["sheets"].get(SHEET_META, {}).get("rows", [])
    values, conflicts = identify.combine(raw["properties"], identify.meta_sheet_values(meta_rows), result.name)
    identity, problems = identify.check(values, plan, year, result.name)
    _fill_identity(result, identity)
    result.problems.extend(conflicts + problems)
    if identity.known and not any(q.severity is Severity.ERROR for q in problems):
        found, answers = validate(raw, identity, plan, year, result.name, max_cells=limits.max_cells)
        result.problems.extend(found)
        result.answers = answers
    _set_status(result, identity.known)


def _failure(outcome: Outcome, name: str, limits: Limits):
    if outcome.status == OK:
        return problem(Msg.INTAKE_READ_ERROR, file=name, detail="読み込み中にファイルが書き換えられました")
    if outcome.status == TIMEOUT:
        return problem(Msg.INTAKE_TIMEOUT, file=name, seconds=f"{limits.timeout_seconds:g}")
    if outcome.status == MEMORY:
        return problem(Msg.INTAKE_MEMORY, file=name, limit=human_bytes(limits.memory_bytes))
    if outcome.status == CRASH:
        return problem(Msg.INTAKE_CRASH, file=name, detail=outcome.detail)
    assert outcome.status == ERROR
    return problem(Msg.INTAKE_READ_ERROR, file=name, detail=outcome.detail)


def _set_status(result: FileResult, identified: bool) -> None:
    if result.status == FileStatus.IGNORED:
        return
    if result.errors or not identified:
        result.status = FileStatus.REJECTED if identified else FileStatus.SKIPPED
    else:
        result.status = FileStatus.ACCEPTED
