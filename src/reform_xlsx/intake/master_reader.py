"""Read the plan master's cells the way a return is read: the same caps, checks and sandbox.

The parent reads the file's bytes (up to the size cap) and sniffs them; a worker process
(:mod:`.worker`, with the same time and memory caps as the returns') checks the zip
(:func:`~reform_xlsx.intake.safety.inspect_zip`: part count, inflated size and ratio, no DTD),
reads the 「_meta」 sheet to learn the master's sheets, then their cells with calamine, formulas
and error values found in the sheet XML (:mod:`.workbook_reader`). What comes back is plain data;
what it means for the plan is :mod:`.master_plan`. The file is only ever read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import defusedxml

from reform_xlsx.intake import sniff
from reform_xlsx.intake.files import os_detail, read_bytes
from reform_xlsx.intake.limits import Limits, human_bytes
from reform_xlsx.intake.reader import DEFAULT_LIMITS, failure_problem
from reform_xlsx.intake.safety import inspect_zip
from reform_xlsx.intake.workbook_reader import read_cells
from reform_xlsx.intake.worker import OK, Pool
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.plan.master_layout import META_SHEET, SHEET_META


@dataclass(frozen=True)
class _Job:
    name: str
    path: str
    sha256: str
    cap: int


class _EverySheet(tuple):
    """What the container check keeps: every sheet (the master's sheet names are in its 「_meta」)."""

    def __contains__(self, name: object) -> bool:
        return True


def _start(limits: Limits) -> Limits:
    defusedxml.defuse_stdlib()
    return limits


def _read(limits: Limits, job: _Job) -> dict:
    """In the worker: the container checks, then 「_meta」 and the sheets it names."""
    data, sha256, _size, _mtime, kind = read_bytes(Path(job.path), job.cap)
    if kind is not None or sha256 != job.sha256:
        return {"problems": [problem(Msg.INTAKE_CHANGED_WHILE_READ, file=job.name, whose="").to_dict()]}
    inspection = inspect_zip(data, job.name, limits, _EverySheet(), workbook=True)
    if inspection.problems:
        return {"problems": [p.to_dict() for p in inspection.problems]}
    meta_cells = read_cells(data, inspection, (SHEET_META,), limits.max_cells)
    meta_rows = meta_cells["sheets"].get(SHEET_META, {})
    meta = {str(r[0]).strip(): str(r[1]).strip() for r in meta_rows.get("rows", [])
            if len(r) > 1 and r[0] not in (None, "") and r[1] not in (None, "")}
    wanted = tuple(v for k, v in meta.items() if k.startswith(META_SHEET))
    cells = read_cells(data, inspection, wanted, limits.max_cells)
    return {"meta": meta, "sheet_names": cells["sheet_names"], "sheets": cells["sheets"],
            "oversized": cells["oversized"], "doubtful": meta_cells["doubtful"] | cells["doubtful"],  # 「_meta」's too
            "date1904": cells["date1904"], "problems": []}


def read_master_cells(path: str | Path, *, limits: Limits = DEFAULT_LIMITS,
                      method: str | None = None) -> tuple[dict | None, list[Problem]]:
    """The cells of the plan master at ``path`` ({"meta", "sheet_names", "sheets": {name: {"rows",
    "special"}}, "oversized"}), or None and the problems (F codes) that kept it from being read."""
    path = Path(path)
    name = path.name
    try:
        data, sha256, size, _mtime, kind = read_bytes(path, limits.max_file_bytes)
    except OSError as exc:
        return None, [problem(Msg.INTAKE_UNREADABLE, file=name, detail=os_detail(exc), whose="")]
    if kind is not None:
        return None, [problem(Msg.INTAKE_NOT_REGULAR, file=name, kind=kind)]
    if size > limits.max_file_bytes:
        return None, [problem(Msg.INTAKE_FILE_TOO_LARGE, file=name, size=human_bytes(size),
                              limit=human_bytes(limits.max_file_bytes), whose="")]
    fmt = sniff.sniff(data)
    if fmt == "empty":
        return None, [problem(Msg.INTAKE_EMPTY_FILE, file=name)]
    if fmt == "encrypted":
        return None, [problem(Msg.INTAKE_ENCRYPTED, file=name)]
    if fmt == "rights":
        return None, [problem(Msg.INTAKE_RIGHTS_MANAGED, file=name)]
    if fmt in sniff.OTHER_SPREADSHEETS:
        return None, [problem(Msg.INTAKE_OTHER_SPREADSHEET, file=name, format=sniff.format_label(fmt))]
    if fmt not in sniff.WORKBOOK_FORMATS and fmt != sniff.ZIP:
        return None, [problem(Msg.INTAKE_WRONG_CONTENT, file=name, ext=path.suffix, format=sniff.format_label(fmt))]
    # (a zip sniffed as no workbook may be one cut short: the worker's container check names the damage, F006)
    with Pool(_read, workers=1, timeout=limits.timeout_seconds, memory_bytes=limits.memory_bytes, init=_start,
              initargs=(limits,), method=method) as pool:
        (_, outcome), = pool.run([_Job(name, str(path), sha256, limits.max_file_bytes)])
    if outcome.status != OK:
        return None, [failure_problem(outcome, name, limits)]
    found = outcome.value
    problems = [Problem.from_dict(p) for p in found.pop("problems")]
    return (None if problems else found), problems
