"""Read returned files: find, sniff, then check, parse, identify and judge each in a worker.

One :class:`FileResult` per file found. The parent process only looks at directory entries,
reads each regular file's bytes (up to the size cap), hashes and sniffs them — nothing that can
block, loop or blow up on hostile content; every step is total (an unexpected error is that
file's internal-error status, never the batch's). Everything that parses a file's content runs
in a sandboxed worker (:mod:`.worker`, :mod:`.read_file`), while the parent goes on preparing
the next files. Input files are only ever opened for reading.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.intake import read_file, saved_mail, shortcut, sniff, walk
from reform_xlsx.intake.files import os_detail, read_bytes
from reform_xlsx.intake.limits import Limits, human_bytes
from reform_xlsx.intake.officer import Prior
from reform_xlsx.intake.result import FileResult
from reform_xlsx.intake.worker import CRASH, ERROR, INTERNAL, MEMORY, OK, TIMEOUT, Outcome, Pool
from reform_xlsx.messages import UNREAD_RETURN_CODES, Msg, problem, said_again
from reform_xlsx.plan.model import Plan
from reform_xlsx.records import FileStatus
from reform_xlsx.wareki import as_fiscal_year

Progress = Callable[[int, int, str], None]
Known = Callable[[Path, str, str], FileResult | None]  # (path, sha256, shown name) → the ledger's result, if final
DEFAULT_LIMITS = Limits()
# Over a cap, corrupt, hostile, or it stalled/crashed the reader: FileResult.unsafe.
UNSAFE_CODES = frozenset(m.value.code for m in (
    Msg.INTAKE_CORRUPT, Msg.INTAKE_UNSAFE_XML, Msg.INTAKE_FILE_TOO_LARGE, Msg.INTAKE_TOO_MANY_PARTS,
    Msg.INTAKE_UNCOMPRESSED_TOO_LARGE, Msg.INTAKE_INFLATE_RATIO, Msg.INTAKE_USED_RANGE_TOO_LARGE,
    Msg.INTAKE_TIMEOUT, Msg.INTAKE_MEMORY, Msg.INTAKE_CRASH, Msg.INTAKE_READ_ERROR, Msg.INTAKE_DUPLICATE_PART,
    Msg.INTAKE_INTERNAL))
IDENTIFY_SECONDS = 10.0  # reading one small part after a failed read: plenty on any machine


@dataclass
class _Prepared:
    result: FileResult
    job: read_file.Job | None = None  # for a worker, when the content is to be read


MAX_WORKERS = 8


def default_workers() -> int:
    """One worker per core this process may use (at least 1, at most :data:`MAX_WORKERS`): the office's
    PC with 2 cores reads two files at a time, a server with more reads more."""
    try:
        cores = len(os.sched_getaffinity(0))  # the cores this process may run on (Linux)
    except AttributeError:  # Windows, macOS
        cores = os.cpu_count() or 2
    return max(1, min(cores, MAX_WORKERS))


def read_returns(paths: Sequence[str | os.PathLike], plan: Plan, year: int | str, *,
                 limits: Limits = DEFAULT_LIMITS, workers: int | None = None, progress: Progress | None = None,
                 exclude: Sequence[str | os.PathLike] = (), known: Known | None = None,
                 method: str | None = None, older: Sequence[Plan] = (),
                 prior: Prior | None = None) -> list[FileResult]:
    """Read every file under ``paths`` (files or folders, recursively, sorted): one result each,
    in walk order. See :func:`iter_returns`."""
    found = walk.walk(list(paths), exclude)
    order = {f.name: n for n, f in enumerate(found)}
    results = iter_found(found, plan, as_fiscal_year(year), limits=limits, workers=workers, progress=progress,
                         known=known, method=method, older=older, prior=prior)
    return sorted(results, key=lambda r: order[r.name])


def iter_returns(paths: Sequence[str | os.PathLike], plan: Plan, year: int | str, *,
                 limits: Limits = DEFAULT_LIMITS, workers: int | None = None, progress: Progress | None = None,
                 exclude: Sequence[str | os.PathLike] = (), known: Known | None = None,
                 method: str | None = None, older: Sequence[Plan] = (),
                 prior: Prior | None = None) -> Iterator[FileResult]:
    """Read every file under ``paths``, yielding each result as soon as it is ready (any order).

    ``progress(done, total, name)`` is called after each file. Files and folders in ``exclude``
    are not read (``merge`` passes its own outputs). ``known(path, sha256, name)`` may return the
    result the ledger already holds for a file read before (it is then not read again).
    ``older``: earlier revisions of ``plan`` — a 調査票 made with one of them by a section a
    reorganisation replaced is read as that revision made it, its answers the new section's (M009); one
    made with one of them by a section the plan still has is read likewise, but sent back all the same (M003:
    its answers only go to its 差し戻し copy).
    ``prior``: what the ledger knew before this year (:class:`~reform_xlsx.intake.officer.Prior`),
    for the officer's checks that compare with earlier years. ``workers``: how many files are read at
    a time (:func:`default_workers` when None).
    """
    found = walk.walk(list(paths), exclude)
    yield from iter_found(found, plan, as_fiscal_year(year), limits=limits, workers=workers, progress=progress,
                          known=known, method=method, older=older, prior=prior)


def read_return(path: str | os.PathLike, plan: Plan, year: int | str, *, limits: Limits = DEFAULT_LIMITS,
                name: str | None = None, method: str | None = None, prior: Prior | None = None) -> FileResult:
    """Read one file (``name`` is what users see; the file name by default)."""
    absolute = Path(path).absolute()
    found = walk.examine(absolute, name or absolute.name, [Path(os.path.realpath(absolute))]) \
        if os.path.lexists(absolute) else walk.Found(absolute, walk.shown_name(name or str(path)), walk.MISSING)
    return next(iter_found([found], plan, as_fiscal_year(year), limits=limits, workers=1, progress=None,
                           known=None, method=method, prior=prior))


def iter_found(found: list[walk.Found], plan: Plan, year: int, *, limits: Limits, workers: int | None,
               progress: Progress | None, known: Known | None, method: str | None,
               older: Sequence[Plan] = (), prior: Prior | None = None) -> Iterator[FileResult]:
    total, done = len(found), 0
    ready: list[FileResult] = []  # prepared without a worker (lock files, known files, skipped …)
    waiting: dict[int, tuple[FileResult, read_file.Job]] = {}  # by job index, until the worker is done
    failed: list[tuple[FileResult, read_file.Job]] = []
    handed = 0

    names = saved_mail.SectionNames.of(plan)  # whose returns a file's name says: the sections, and their old names

    def finished(result: FileResult) -> FileResult:
        nonlocal done
        done += 1
        result.unsafe = any(q.code in UNSAFE_CODES for q in result.problems)
        name_unread(result, names)
        if progress is not None:
            progress(done, total, result.name)
        return result

    def jobs() -> Iterator[read_file.Job]:
        """Prepare each file in turn, as the workers ask for work: jobs go on, the rest wait in ``ready``."""
        nonlocal handed
        for f in found:
            p = _prepare_safely(f, limits, known, names)
            if p.job is None:
                ready.append(p.result)
            else:
                waiting[handed] = (p.result, p.job)
                handed += 1
                yield p.job

    with Pool(read_file.read_one, workers=workers or default_workers(), timeout=limits.timeout_seconds,
              memory_bytes=limits.memory_bytes,
              init=read_file.start, initargs=(plan, year, limits, tuple(older), prior), method=method) as pool:
        for index, outcome in pool.run(jobs()):
            while ready:
                yield finished(ready.pop(0))
            result, job = waiting.pop(index)
            if outcome.status == OK:
                yield finished(_merge(result, outcome.value))
            else:
                result.problems.append(failure_problem(outcome, result.name, limits))
                failed.append((result, job))
        while ready:
            yield finished(ready.pop(0))
    if failed:  # whose were they? ask each file's properties, again in isolation
        yield from (finished(r) for r in _identify_failed(failed, plan, year, limits, method))


def _identify_failed(failed: list[tuple[FileResult, read_file.Job]], plan: Plan, year: int, limits: Limits,
                     method: str | None) -> list[FileResult]:
    with Pool(read_file.identify_only, workers=1, timeout=IDENTIFY_SECONDS,
              memory_bytes=limits.memory_bytes, init=read_file.start, initargs=(plan, year, limits),
              method=method) as pool:
        for index, outcome in pool.run(job for _, job in failed):
            if outcome.status == OK and outcome.value:
                values, real_format = outcome.value
                failed[index][0].real_format = real_format
                if values:
                    read_file.fill_identity(failed[index][0], read_file.identify.from_values(values))
    results = []
    for result, _job in failed:
        read_file.set_status(result, read_file.identified(result))
        results.append(result)
    return results


def _merge(result: FileResult, read: FileResult) -> FileResult:
    """The parent's facts (path, size, times, hash) with what the worker read (and what the file is)."""
    for key in ("real_format", "saved_at", "status", "section", "year", "template_id", "plan_id", "plan_version",
                "format_version", "form", "deadline", "contact", "created", "answers", "inside"):
        setattr(result, key, getattr(read, key))
    result.problems.extend(read.problems)
    return result


def _prepare_safely(found: walk.Found, limits: Limits, known: Known | None,
                    sections: tuple[str, ...] | saved_mail.SectionNames = ()) -> _Prepared:
    """:func:`_prepare`, total: an unexpected failure is this file's internal error."""
    try:
        return _prepare(found, limits, known, sections)
    except Exception:  # noqa: BLE001 - never the batch's: this file's status with a code
        result = FileResult(path=found.path, name=found.name)
        result.problems.append(problem(Msg.INTAKE_INTERNAL, file=found.name, detail=_PREPARING))
        return _Prepared(result)


# Where F020 happened, for the person who looks into it: the exception (English, a programmer's) is not shown
_PREPARING = "ファイルの種類を調べる段階"


def _prepare(found: walk.Found, limits: Limits, known: Known | None,
             sections: tuple[str, ...] | saved_mail.SectionNames = ()) -> _Prepared:
    """Everything the parent does before a worker sees the file: entry, bytes, hash, format. A file
    passed over unread (a lock file, an OS file …) still has its modification time. ``sections``: the plan's, whose
    names a zip's or a mail's workbooks may carry (F032, F034)."""
    result = FileResult(path=found.path, name=found.name, mtime=found.mtime)
    p = _Prepared(result)

    def skip(msg: Msg, status: FileStatus = FileStatus.SKIPPED, **params: object) -> _Prepared:
        result.status = status
        result.problems.append(problem(msg, file=found.name, **params))
        return p

    if found.kind == walk.MISSING:
        return skip(Msg.INTAKE_UNREADABLE, detail=found.detail or "見つかりません", whose="")
    if found.kind == walk.CLOSED:
        return skip(Msg.INTAKE_FOLDER_CLOSED, detail=found.detail)
    if found.kind == walk.UNPACKED:
        return skip(Msg.INTAKE_UNPACKED_WORKBOOK, count=found.detail, whose="", **_unpacked_words(found))
    if found.kind == walk.SPECIAL:
        return skip(Msg.INTAKE_NOT_REGULAR, FileStatus.IGNORED, kind=found.detail)
    if found.kind == walk.OUTSIDE:
        return skip(Msg.INTAKE_LINK_OUTSIDE, FileStatus.IGNORED, target=found.detail)
    if found.kind == walk.LOCK:
        return skip(Msg.INTAKE_LOCK_FILE, FileStatus.IGNORED)
    if found.kind == walk.SYSTEM:
        return skip(Msg.INTAKE_SYSTEM_FILE, FileStatus.IGNORED, kind=found.detail)
    try:
        data, result.sha256, result.size, result.mtime, kind = read_bytes(found.path, limits.max_file_bytes)
    except OSError as exc:
        return skip(Msg.INTAKE_UNREADABLE, detail=os_detail(exc), whose="")
    if kind is not None:  # replaced by a FIFO or a device since the folder was listed
        return skip(Msg.INTAKE_NOT_REGULAR, FileStatus.IGNORED, kind=kind)
    if known is not None and (earlier := known(found.path, result.sha256, found.name)) is not None:
        return _Prepared(earlier)
    # a zip named as a workbook: the worker finds out what it is (the parent never reads a zip's directory)
    fmt = sniff.ZIP if found.kind == walk.WORKBOOK and data.startswith(b"PK") and result.size <= limits.max_file_bytes \
        else sniff.sniff(data)
    result.real_format = fmt
    label = sniff.format_label(fmt)
    mail = fmt in saved_mail.MAIL_FORMATS and not _tool_draft(data)  # a section's mail saved whole (any name)
    if result.size > limits.max_file_bytes:
        if mail:  # only its head was read: the subject, and no attachment listed
            result.status = FileStatus.SKIPPED
            result.problems.append(saved_mail.mail_problem(saved_mail.too_big(fmt, data), found.name))
            result.inside = (None,)  # anyone's: no attachment was listed
            return p
        return skip(Msg.INTAKE_FILE_TOO_LARGE, size=human_bytes(result.size), limit=human_bytes(limits.max_file_bytes),
                    whose="")
    if mail:  # its attachments' names are read in a worker (a MIME or OLE2 parser on anyone's bytes)
        p.job = read_file.Job(found.name, str(found.path), result.sha256, fmt, limits.max_file_bytes)
        return p
    if fmt in shortcut.FORMATS:  # a shortcut saved where the file belongs (whatever its name): where it points
        said = shortcut_params(fmt, data)
        # whose return it stands for: its own name's section, or its target's (an .url's)
        result.inside = tuple(saved_mail.named_sections([last_name(found.name), shortcut.target_name(fmt, data)],
                                                        sections))
        return skip(Msg.INTAKE_SHORTCUT, **said, whose="")
    spreadsheet = fmt in sniff.WORKBOOK_FORMATS or fmt in sniff.OTHER_SPREADSHEETS
    if found.kind != walk.WORKBOOK and not spreadsheet:
        if _tool_draft(data):  # the 照会・督促 drafts in the work folder that is merged (also one the clerk edited)
            return skip(Msg.INTAKE_OFFICE_BOOK, FileStatus.IGNORED, what="メールの下書き（templates --mail・status --remind）")
        if fmt == sniff.ZIP and (zipped := sniff.zipped_returns(data)):  # a return zipped: unpacked, it is read
            result.inside = saved_mail.inside(zipped, sections)
            return skip(Msg.INTAKE_ZIPPED, names=sniff.some_names(zipped), whose=saved_mail.whose_text(
                saved_mail.named_labels(zipped, sections), "ZIP を展開して merge"))
        return skip(Msg.INTAKE_NOT_A_WORKBOOK, format=label)  # a memo, a PDF, an encrypted .docx …
    if fmt == "empty":
        return skip(Msg.INTAKE_EMPTY_FILE)
    if fmt == "encrypted":
        return skip(Msg.INTAKE_ENCRYPTED)
    if fmt == "rights":  # a sensitivity label that encrypts: no password to remove
        return skip(Msg.INTAKE_RIGHTS_MANAGED)
    # an .ods or .xls goes to a worker too: it is not read (F002), but its properties may say whose it is (差し戻し)
    if fmt in sniff.WORKBOOK_FORMATS or fmt in read_file.SAYS_WHOSE or (fmt == sniff.ZIP and found.kind == walk.WORKBOOK):
        p.job = read_file.Job(found.name, str(found.path), result.sha256, fmt, limits.max_file_bytes)
        result.content = data  # for the archive copy: the parent does not read the file a second time
        return p
    result.status = FileStatus.SKIPPED
    result.problems.append(sniff.wrong_format(fmt, found.name, found.path.suffix))
    return p


def _unpacked_words(found: walk.Found) -> dict[str, str]:
    """F038's words: a folder that is the workbook unpacked, or its parts (the entry: their 「[Content_Types].xml」)
    unpacked among other files — the inbox itself, with 7-Zip's 「ここに展開」 —, which are read."""
    if found.path.name.lower() != walk.PACKAGE_FILE:
        return {"what": "フォルダ", "inside": "中の", "others": "", "these": "このフォルダ"}
    return {"what": "部品（この [Content_Types].xml と、同じフォルダの xl・_rels・docProps などのフォルダ）", "inside": "",
            "others": "。同じフォルダのほかのファイルは読みました", "these": "これらの部品"}


# what merge needs before a section's return it could not read yet is taken (F019 …): said in its message, after
# 「…するまでは」
UNREAD_UNTIL = {"F006": "完全なファイルを merge", "F008": "小さくしたファイルを merge", "F019": "ファイルを閉じて merge",
                "F024": "書き終わったファイルを merge", "F037": "ファイルそのものを保存して merge",
                "F038": ".xlsx ファイルそのものを保存して merge"}


def name_unread(result: FileResult, sections: saved_mail.SectionNames) -> None:
    """A file merge could not read yet for a reason that is not its section's doing or that passes
    (:data:`~reform_xlsx.messages.UNREAD_RETURN_CODES`: open in Excel, still being copied, a shortcut …), known to
    no section by its content: the plan's sections its name names (a shortcut's: its target's too, set when it was
    found) in ``result.inside``, and its message says so and that no 督促 is to go to them (``status --remind`` writes
    none: M013)."""
    if result.status is not FileStatus.SKIPPED or result.section is not None or result.from_ledger:
        return
    at = next((n for n, p in enumerate(result.problems) if p.code in UNREAD_RETURN_CODES), None)
    if at is None:
        return
    own = [last_name(result.name)]
    mine = tuple(saved_mail.named_sections(own, sections))
    if not result.inside:
        result.inside = mine
    if result.inside:
        labels = saved_mail.named_labels(own, sections)  # its sections as F032 says them (one named by an old name with it)
        labels += [s for s in result.inside if s not in mine]  # (a shortcut's target's)
        whose = saved_mail.whose_text(labels, UNREAD_UNTIL[result.problems[at].code])
        result.problems[at] = said_again(result.problems[at], whose=whose)


def last_name(name: str) -> str:
    """The last part of a file's name as shown (「受信/観光課.xlsx」, an unpacked folder's 「観光課.xlsx/」): its own name,
    not its folder's."""
    return re.split(r"[\\/]", name.rstrip("\\/"))[-1]


def shortcut_params(fmt: str, data: bytes) -> dict[str, str]:
    """F037's words for the shortcut ``data``: what it is, where it points, and how to get the file itself."""
    target = shortcut.target(fmt, data)
    if shortcut.on_the_web(target):
        todo = ("リンク先をブラウザで開いてファイルをダウンロード（SharePoint・OneDrive なら［ダウンロード］）し、"
                "受信フォルダに保存して、もう一度 merge してください")
    else:
        todo = ("リンク先のファイルそのもの（ショートカットを右クリック→［ファイルの場所を開く］で見つかります）を"
                "受信フォルダにコピーして、もう一度 merge してください")
    return {"kind": sniff.format_label(fmt), "target": f"（リンク先: {target}）" if target else "", "todo": todo}


def _tool_draft(data: bytes) -> bool:
    """Whether ``data`` is an e-mail draft this tool wrote: its header says so (first, or — edited in a mail
    program or a text editor — anywhere among the headers)."""
    head = data[:64 * 1024].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    return data.startswith(outputs.DRAFT_MARK) or b"\n" + outputs.DRAFT_MARK in head


def failure_problem(outcome: Outcome, name: str, limits: Limits):
    """The problem a worker that did not return a result leaves for its file (F013–F016, F020)."""
    if outcome.status == TIMEOUT:
        return problem(Msg.INTAKE_TIMEOUT, file=name, seconds=f"{limits.timeout_seconds:g}")
    if outcome.status == MEMORY:
        return problem(Msg.INTAKE_MEMORY, file=name, limit=human_bytes(limits.memory_bytes))
    if outcome.status == CRASH:
        return problem(Msg.INTAKE_CRASH, file=name, detail=outcome.detail)
    if outcome.status == INTERNAL:
        return problem(Msg.INTAKE_INTERNAL, file=name, detail=outcome.detail)
    assert outcome.status == ERROR
    return problem(Msg.INTAKE_READ_ERROR, file=name, detail=read_error_detail(outcome.detail))


# What a reader's exception means, in Japanese (its own text is English: only its name is kept).
_READ_ERRORS = (
    ("CalamineError", "シートの中身が Excel の形式として正しくない"),
    ("XmlError", "XML が壊れている"), ("ParseError", "XML が壊れている"), ("ExpatError", "XML が壊れている"),
    ("WorksheetNotFound", "シートの部品が見つからない"), ("KeyError", "ブックの部品が足りない"),
    ("ZipError", "zip の中身を読めない（圧縮の方式が違うか、壊れている）"),
    ("PasswordError", "パスワードで保護されている"),
    ("UnicodeDecodeError", "文字コードが正しくない"), ("LookupError", "文字コードの指定が正しくない"),
    ("MemoryError", "大きすぎて読めない"),
)


def read_error_detail(detail: str | None) -> str:
    """F016's detail: ``ExceptionName: English text`` from a worker, said in Japanese only (the
    library's name for the error is for developers, not for the section that fixes the file)."""
    name = (detail or "").split(":", 1)[0].strip()
    return next((text for key, text in _READ_ERRORS if key == name), "ブックの構造が正しくない")

