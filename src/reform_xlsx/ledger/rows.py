"""A stored row read back, or a value written into one: problems and answers as JSON, a file's times, the
recorded file as a :class:`~reform_xlsx.intake.result.FileResult` (not read again)."""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from reform_xlsx.intake.normalise import MAX_NUMBER
from reform_xlsx.intake.result import FILE_FROM, GIVEN_FROM, FileResult
from reform_xlsx.ledger.schema import CLOCK_AHEAD
from reform_xlsx.messages import Msg, Problem, problem
from reform_xlsx.records import (
    ANSWER_COLUMNS,
    Answer,
    FileStatus,
)

# 5: submissions.form, submitted_from, respondent, deadline, contact and the requests table (照会);
# 6: plan revisions (add_plan_revisions); 7: a rejected file's answers are kept too (what it sent: its 差し戻し
# copy is written from them) — the rejected files of an older ledger are read once more to keep them;
# submissions.ordered_at
# Statuses of a moment (a time-out on a busy machine, a file open elsewhere, one being written …): read again
# every run.
PASSING_CODES = frozenset(("F013", "F014", "F015", "F019", "F020", "F024", "F026"))



def timed_at(row: sqlite3.Row) -> float:
    """When a recorded file counts as submitted for 期限内/期限後 (see :data:`CLOCK_AHEAD`)."""
    ordered = row["ordered_at"] if row["ordered_at"] is not None else row["submitted_at"]
    return ordered if row["submitted_at"] - ordered > CLOCK_AHEAD else row["submitted_at"]



def passing(problems: list[Problem]) -> bool:
    """A verdict of the moment (:data:`PASSING_CODES`): the file's content was not read, it says nothing of it."""
    return any(p.code in PASSING_CODES for p in problems)



def result_of(row: sqlite3.Row, path: Path, problems: list[Problem]) -> FileResult:
    """A recorded file as a result of reading it (``from_ledger``: not read again)."""
    source = row["submitted_from"]
    return FileResult(path=path, name=row["name"], sha256=row["sha256"], size=row["size"], mtime=row["mtime"],
                      saved_at=None if source == FILE_FROM else row["submitted_at"],
                      given_at=row["submitted_at"] if source == GIVEN_FROM else None,
                      status=FileStatus(row["status"]), real_format=row["real_format"],
                      section=row["section"], year=row["template_year"], template_id=row["template_id"],
                      plan_id=row["plan_id"], plan_version=row["plan_version"], problems=problems,
                      form=row["form"], deadline=row["deadline"], contact=row["contact"], from_ledger=True)



def resolved_by(row: sqlite3.Row, newest: sqlite3.Row | None) -> bool:
    """A rejected file whose section has since sent a newer accepted file ``newest``: saved later, or in the same
    second (times are kept to the second) and received by the same merge or a later one — not one received before
    it (the file sent back after is the newer: whether it was depended on the seconds between the two saves)."""
    return (row["status"] == FileStatus.REJECTED and newest is not None
            and (newest["ordered_at"], newest["submitted_at"], newest["received_at"])
            >= (row["ordered_at"], row["submitted_at"], row["received_at"]))



def ordered_time(submitted_at: float, received_at: str | float) -> float:
    """When a file counts as sent, for ordering a section's files: its submitted time, but not after
    it was received (``received_at``: ISO local time as the ledger keeps it, or a timestamp)."""
    received = received_at if isinstance(received_at, float) else datetime.fromisoformat(received_at).timestamp()
    return min(submitted_at, received)



def renamed_problems(problems: list[Problem], old: str, new: str) -> list[Problem]:
    """``problems`` of a file shown as ``old``, said of it as shown now (``new``)."""
    return [replace(p, file=new) if p.file == old else p for p in problems]



def passed_over(path: Path, sha256: str, name: str | None, written: str, msg: Msg, **params: object) -> FileResult | None:
    """A file not read because the ledger knows it as the tool's own (``written``: the name it was written under, for
    its format), said by ``msg``; None when it is gone since it was listed."""
    try:
        info = path.stat()
    except OSError:
        return None
    shown = name or path.name
    return FileResult(path=path, name=shown, sha256=sha256, size=info.st_size, mtime=info.st_mtime,
                      status=FileStatus.IGNORED, real_format=Path(written).suffix.lstrip(".").lower() or None,
                      problems=[problem(msg, file=shown, **params)])



def archive_copy(path: Path, sha256: str) -> bool:
    """Whether the file at ``path`` (content ``sha256``) is a copy in a ledger's archive of originals
    (:meth:`Ledger.default_archive`: 「<ledger>_archive/<2 hex>/<sha256>.xlsx」, named by its own content) — an
    earlier run's output folder left inside the inbox: the original it keeps was read where it came."""
    return (path.stem == sha256 and path.parent.name == sha256[:2]
            and path.parent.parent.name.endswith("_archive"))



def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()



# json.dumps(…, ensure_ascii=False) makes a new encoder per call; the ledger writes one per answer
to_json = json.JSONEncoder(ensure_ascii=False).encode



def issues_json(problems: list[Problem]) -> str:
    return to_json([p.to_dict() for p in problems])



def stored_problems(row: sqlite3.Row) -> list[Problem]:
    """A file's recorded problems. A record that is not a list of problems is a damaged ledger (said as
    such, with its name, by :meth:`Ledger.__exit__`), never an internal error."""
    text = row["issues"]
    try:
        return [Problem.from_dict(d) for d in json.loads(text)]
    except json.JSONDecodeError:
        raise
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        raise json.JSONDecodeError(f"not a list of problems ({type(exc).__name__})", str(text), 0) from exc



def answer_of(row: sqlite3.Row) -> Answer:
    """A stored answer row (its :data:`ANSWER_COLUMNS`; other columns, such as ``submission_id``, left out)."""
    return Answer(**({k: row[k] for k in ANSWER_COLUMNS} | {"value": json_value(row["value"])}))



def json_value(text: str | None) -> object:
    """A stored answer value; a number no one can use (not finite, or beyond the reader's range —
    stored by an older version) is read as blank, so that it never stops a merge."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) >= MAX_NUMBER:
            return None
    return value



RESPONDENT = "respondent"  # the answers' kind of the 回答者欄 (kept on the submission, not in answers)



def respondent_json(result: FileResult) -> str | None:
    found = result.respondent
    return to_json(found) if found else None



def row_respondent(row: sqlite3.Row | None) -> dict[str, str]:
    if row is None or not row["respondent"]:
        return {}
    try:
        found = json.loads(row["respondent"])
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}
