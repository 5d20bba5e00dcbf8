"""Every file and folder name reform_xlsx writes, and how to recognise them: the one place that knows.

Names are Japanese with the fiscal year first, so that they sort by year in a folder, and say
the plan's own words (:class:`reform_xlsx.plan.model.Words`: the reform's name, the 推進本部):
``令和8年度_{改革}取組状況調査票_市民課.xlsx``, ``令和8年度_{推進本部会議}資料.xlsx``,
``令和8年度_{推進本部会議}資料_事務局用.xlsx``, ``令和8年度_{改革}取組状況_公表用_KPI.csv``,
``令和8年度_受付結果.xlsx``, ``差し戻し/令和8年度_市民課_要修正.xlsx`` … — where {改革} is
``words.reform`` (行政改革, 行財政改革 …) and {推進本部会議} is ``words.meeting``.

A name part that comes from data (a section, the plan's words) is made safe for every file
system with :func:`safe_part`; it is only ever taken from the plan, never from text inside a
returned file.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reform_xlsx.messages import Problem
    from reform_xlsx.plan.model import Words

from reform_xlsx.wareki import format_fiscal_year

TEMPORARY_PREFIX = ".~reform-xlsx-"  # a half-written output (merge never reads such a file back)

DEFAULT_DB = "reform.db"  # the ledger, in the working folder unless --db (or the settings) say otherwise
DEFAULT_CONTACTS = "連絡先.xlsx"  # the section directory the office edits (課名・担当者・メール・内線)
FEEDBACK_FOLDER = "差し戻し"
MAIL_FOLDER = "メール下書き"  # .eml drafts: 照会, 督促, 再提出のお願い
DRAFT_MARK = b"X-Reform-Xlsx-Draft: "  # first header of a draft written here: the digest of the rest of the file
MAIL_KINDS = {"request": "照会", "reminder": "督促", "resubmit": "再提出のお願い"}
MAX_PART = 60  # characters of a name part taken from data (Windows paths stay well under 260)
OFFICE_COPY = "事務局用"
PUBLIC_CSV_TABLES = {"items": "項目", "kpis": "KPI"}
# Excel opens and saves a file whose whole path — drive (or \\server\share), folders, name and extension — is at
# most this many characters (Microsoft: "Excel: the total length of the path and file name, including the extension,
# exceeds 218 characters"); Windows itself allows 259. Said of every file written that Excel is to open.
EXCEL_MAX_PATH = 218
EXCEL_OPENS = (".xlsx", ".xlsm", ".csv")

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
_YEAR = r"(?:令和|平成|昭和)(?:\d{1,2}|元)年度"


def safe_part(text: str) -> str:
    """``text`` as one file-name part on Windows, macOS and Linux: no separators, no reserved
    characters or names, no leading dots, at most :data:`MAX_PART` characters; never empty. Invisible format
    characters (a zero-width space or a byte-order mark pasted with a name, a direction mark: U+202E shows the rest
    of a name backwards in Explorer) are left out: a name shows what it is."""
    shown = "".join(c for c in unicodedata.normalize("NFC", text) if unicodedata.category(c) != "Cf")
    cleaned = _UNSAFE.sub("_", shown).strip().strip(".").strip()
    if cleaned.split(".")[0].upper() in _RESERVED:
        cleaned = "_" + cleaned
    return cleaned[:MAX_PART] or "_"


def template(words: Words, year: int, section: str) -> str:
    return f"{format_fiscal_year(year)}_{safe_part(words.survey)}_{safe_part(section)}.xlsx"


def _public_stem(words: Words, year: int) -> str:
    return f"{format_fiscal_year(year)}_{safe_part(words.reform)}取組状況_公表用"


def meeting(words: Words, year: int, suffix: str = ".xlsx") -> str:
    """The packet for the 推進本部会議 (Excel, and its PDF with ``suffix=".pdf"``)."""
    return f"{format_fiscal_year(year)}_{safe_part(words.meeting)}資料{suffix}"


def meeting_office(words: Words, year: int) -> str:
    """The office's copy of the meeting workbook (the packet and the office's own sheets)."""
    return f"{format_fiscal_year(year)}_{safe_part(words.meeting)}資料_{OFFICE_COPY}.xlsx"


def public(words: Words, year: int, suffix: str = ".xlsx") -> str:
    return f"{_public_stem(words, year)}{suffix}"


def public_csv(words: Words, year: int, table: str) -> str:
    """A machine-readable table of 公表用: ``table`` is one of :data:`PUBLIC_CSV_TABLES` (the items
    table is named by the plan's word for them: 「…_公表用_改革項目.csv」)."""
    name = words.item if table == "items" else PUBLIC_CSV_TABLES[table]
    return f"{_public_stem(words, year)}_{safe_part(name)}.csv"


def receipt(year: int) -> str:
    return f"{format_fiscal_year(year)}_受付結果.xlsx"


def answer_list(year: int) -> str:
    return f"{format_fiscal_year(year)}_回答一覧.xlsx"


def review(year: int) -> str:
    """The 推進室評価シート merge writes for the office (二次評価, opinions, 対応方針)."""
    return f"{format_fiscal_year(year)}_推進室評価シート.xlsx"


def mail_draft(year: int, kind: str, section: str) -> str:
    """An e-mail draft (inside :data:`MAIL_FOLDER`): ``kind`` is one of :data:`MAIL_KINDS`."""
    return f"{format_fiscal_year(year)}_{MAIL_KINDS[kind]}_{safe_part(section)}.eml"


def feedback(year: int, section: str) -> str:
    """The 差し戻し copy of a section's rejected file (inside :data:`FEEDBACK_FOLDER`)."""
    return f"{format_fiscal_year(year)}_{safe_part(section)}_要修正.xlsx"


_FIXED = ("受付結果\\.xlsx", "回答一覧\\.xlsx", "推進室評価シート\\.xlsx")
_FEEDBACK = re.compile("^" + _YEAR + "_.+_要修正(?:_\\d+)?\\.xlsx$")


def _own(words: Words) -> re.Pattern:
    meeting = re.escape(safe_part(words.meeting)) + "資料(?:\\.xlsx|\\.pdf|_" + OFFICE_COPY + "\\.xlsx)"
    public = re.escape(safe_part(words.reform)) + "取組状況_公表用(?:\\.xlsx|\\.pdf|_.+\\.csv)"
    return re.compile("^" + _YEAR + "_(?:" + "|".join((*_FIXED, meeting, public)) + ")$")


def is_own_output(name: str, words: Words) -> bool:
    """Whether a file name is one ``merge`` writes into its output folder (any year) for a plan
    with these ``words``."""
    return bool(_own(words).match(name))


def is_feedback(name: str, year: int | None = None) -> bool:
    """Whether a file name is a 差し戻し copy (of ``year`` when given)."""
    if year is not None and not name.startswith(format_fiscal_year(year) + "_"):
        return False
    return bool(_FEEDBACK.match(name))


def own_files(out: Path, words: Words) -> list[Path]:
    """The files and folders in ``out`` that ``merge`` itself wrote (never read back as returns)."""
    if not out.is_dir():
        return []
    own = _own(words)
    found = [p for p in out.iterdir() if p.is_file() and own.match(p.name)]
    return [out / FEEDBACK_FOLDER, out / MAIL_FOLDER, *found]


def find_ledgers(folder: str | os.PathLike = ".") -> list[Path]:
    """Where the commands but ``merge`` look for the ledger when neither ``--db`` nor the settings
    name one: the default ledger in ``folder``, else one in a folder directly below it
    (``merge --out out --db out/reform.db``, as the README runs it). All found, nearest first."""
    folder = Path(folder)
    here = folder / DEFAULT_DB
    if here.is_file():
        return [here]
    try:
        below = sorted(p / DEFAULT_DB for p in folder.iterdir() if p.is_dir() and (p / DEFAULT_DB).is_file())
    except OSError:
        return []
    return below


# the sheets merge's own books begin with (the intake knows them by these, never as a section's return: F028)
RECEIPT_SHEETS = ("課別", "ファイル別", "指摘事項")  # 受付結果
ANSWERS_SHEET = "回答一覧"  # 回答一覧
# 会議資料, 事務局用, 公表用 (report.model's first sheets): three, as a section's own book may well begin 表紙, 概要
REPORT_FIRST_SHEETS = ("表紙", "概要", "総括")


def merge_book(sheet_names: list[str]) -> str | None:
    """Which of merge's books a workbook with no form's identity is, by its sheets: 「受付結果」, 「回答一覧」 or
    「会議資料・事務局用・公表用」; None for any other."""
    if tuple(sheet_names[:len(RECEIPT_SHEETS)]) == RECEIPT_SHEETS:
        return "受付結果"
    if sheet_names == [ANSWERS_SHEET]:
        return "回答一覧"
    if tuple(sheet_names[:len(REPORT_FIRST_SHEETS)]) == REPORT_FIRST_SHEETS:
        return "会議資料・事務局用・公表用"
    return None


def ledgers_above(*folders: str | os.PathLike) -> list[Path]:
    """The default ledger in the folder directly above each of ``folders``, each once, as a path from the working
    folder (「../reform.db」): the office's ledger, made by a merge run in the folder that holds the inbox, when the
    clerk now runs from inside it (``merge . --out .``)."""
    seen: dict[Path, Path] = {}
    for folder in folders:
        try:
            above = Path(folder).resolve().parent / DEFAULT_DB
            if above.is_file():
                seen.setdefault(above.resolve(), above)
        except OSError:
            continue
    found = []
    for path in seen.values():
        try:
            found.append(Path(os.path.relpath(path)))
        except ValueError:  # on another drive (Windows): as it is
            found.append(path)
    return found


LEDGER_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3")


def renamed_ledgers(*folders: str | os.PathLike) -> list[Path]:
    """Ledgers under another name (「reform_R8.db」: renamed, or kept under a name of the office's) in the
    ``folders`` and the folders directly below them, each once (``merge --out "$PWD"`` names the working folder
    twice): SQLite files with the ledger's table of submissions."""
    import sqlite3

    seen: dict[Path, Path] = {}  # resolved → as found
    for folder in map(Path, folders):
        try:
            places = [folder, *(p for p in folder.iterdir() if p.is_dir())]
        except OSError:
            continue
        for place in places:
            try:
                candidates = sorted(p for p in place.iterdir() if p.suffix.lower() in LEDGER_SUFFIXES and p.is_file())
            except OSError:
                continue
            for path in candidates:
                seen.setdefault(path.resolve(), path)
    found = []
    for path in seen.values():
        try:
            with path.open("rb") as f:
                if f.read(16) != b"SQLite format 3\x00":
                    continue
            db = sqlite3.connect(read_only_uri(str(path.resolve())), uri=True)
            try:
                if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'submissions'").fetchone():
                    found.append(path)
            finally:
                db.close()
        except (OSError, sqlite3.Error):
            continue
    return found


def read_only_uri(path: str, windows: bool = os.name == "nt") -> str:
    """The URI SQLite opens the ledger at the absolute ``path`` with, read only (``file:…?mode=ro``, percent-encoded).
    A Windows share — ``\\\\server\\share\\…``, which is also what ``Path.resolve()`` makes of a mapped drive such as
    ``Z:`` — is ``file:////server/share/…``: the server in the path, the URI's authority empty. ``as_uri()`` gives
    ``file://server/share/…``, whose authority SQLite refuses (「invalid uri authority」): a ledger there was never found."""
    text = path.replace("\\", "/") if windows else path
    if not text.startswith("/"):
        text = "/" + text  # a drive: /C:/…
    return "file://" + urllib.parse.quote(text, safe="/:") + "?mode=ro"


def usual_permissions(path: Path) -> None:
    """What a newly created file would get (a temporary file is private to its owner)."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def path_length(path: str | os.PathLike) -> int:
    """The characters of ``path`` made absolute, as Windows counts them (UTF-16 units: 𠮷 is two; a byte of a name
    that is not UTF-8, kept by Python as a lone surrogate, one)."""
    return len(os.path.abspath(path).encode("utf-16-le", "surrogatepass")) // 2


def too_long_for_excel(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a file Excel opens (:data:`EXCEL_OPENS`) whose whole path Excel cannot open or save."""
    return Path(path).suffix.lower() in EXCEL_OPENS and path_length(path) > EXCEL_MAX_PATH


_too_long: ContextVar[list[Path] | None] = ContextVar("reform_xlsx_too_long_for_excel", default=None)


@contextmanager
def noting_paths_too_long() -> Iterator[list[Path]]:
    """While the block runs, every output put in place (:func:`put_in_place`) whose path is too long for Excel
    (:func:`too_long_for_excel`) is added to the list yielded, once: the command says so when it ends."""
    found: list[Path] = []
    token = _too_long.set(found)
    try:
        yield found
    finally:
        _too_long.reset(token)


def paths_too_long_problems(paths: list[Path] | None = None, option: str = "出力先（--out）") -> list[Problem]:
    """One O001 warning per file of ``paths`` (too long for Excel; by default those noted so far in
    :func:`noting_paths_too_long`) that is still there — not one a failed run removed again —, with how much shorter
    ``option``'s folder must be."""
    from reform_xlsx.messages import Msg, problem

    paths = (_too_long.get() or []) if paths is None else paths
    return [problem(Msg.OUTPUT_PATH_TOO_LONG_FOR_EXCEL, file=os.path.abspath(p), length=path_length(p),
                    limit=EXCEL_MAX_PATH, excess=path_length(p) - EXCEL_MAX_PATH, option=option)
            for p in paths if os.path.lexists(p)]


_witness: ContextVar[Callable[[Path, Path], None] | None] = ContextVar("reform_xlsx_output_witness", default=None)


@contextmanager
def witnessed(note: Callable[[Path, Path], None]) -> Iterator[None]:
    """While the block runs, ``note(target, complete_temporary_file)`` is called for every output
    just before it replaces ``target`` (:func:`replacing`, ``xlsx.workbook.AtomicWorkbook``): merge
    notes in the ledger what it is about to put there, so that a file it wrote is known as its own
    even when the run is stopped (Ctrl-C, a kill) before it records its outputs."""
    token = _witness.set(note)
    try:
        yield
    finally:
        _witness.reset(token)


def put_in_place(tmp: Path, target: Path) -> None:
    """Move the complete temporary file ``tmp`` onto ``target`` in one step (see :func:`witnessed`)."""
    note = _witness.get()
    if note is not None:
        note(target, tmp)
    usual_permissions(tmp)
    os.replace(tmp, target)
    noted = _too_long.get()
    try:
        if noted is not None and target not in noted and too_long_for_excel(target):
            noted.append(target)
    except OSError:  # the working folder gone (a relative target): the file is written all the same
        pass


@contextmanager
def replacing(target: str | os.PathLike) -> Iterator[Path]:
    """Write ``target`` atomically: yield a temporary path in the same folder; when the block ends
    normally it replaces ``target`` in one step, else it is removed. A kill at any moment leaves
    the old complete file or the new complete one. An error names ``target`` (not the temporary
    file), e.g. a workbook that is open in Excel on Windows."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = temporary_beside(target)
    try:
        try:
            yield tmp_path
            put_in_place(tmp_path, target)
        except OSError as exc:
            raise naming(exc, target, tmp_path) from None
    finally:
        discard(tmp_path)


def write_whole(target: str | os.PathLike, data: bytes | memoryview) -> None:
    """``data`` as the file ``target``, whole or not at all (:func:`replacing`; an error names ``target``)."""
    with replacing(target) as partial:
        partial.write_bytes(data)


STALE_SECONDS = 600  # a temporary file this old was left by a run that was killed (a write takes seconds)


def clear_stale_temporaries(folder: Path, now: float | None = None) -> None:
    """Remove the temporary files a killed run left in ``folder`` (and its 差し戻し folder): never one a
    run still writes (younger than :data:`STALE_SECONDS`), never anything else."""
    import time

    now = time.time() if now is None else now
    for where in (folder, folder / FEEDBACK_FOLDER):
        try:
            found = [p for p in where.iterdir() if p.name.startswith(TEMPORARY_PREFIX)]
        except OSError:
            continue
        for path in found:
            try:
                if path.is_file() and not path.is_symlink() and now - path.stat().st_mtime > STALE_SECONDS:
                    path.unlink()
            except OSError:
                pass


def discard(tmp: Path) -> None:
    """Remove a temporary file if it can be removed: its removal never hides the error being reported
    (a folder that turned out to be a file, a file an antivirus scanner holds open on Windows)."""
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def temporary_beside(target: Path) -> Path:
    """A new empty temporary file in ``target``'s folder (an error names ``target``)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=target.suffix, dir=target.parent)
    except OSError as exc:  # a read-only folder, a full disk
        raise naming(exc, target) from None
    os.close(fd)
    return Path(tmp)


def naming(exc: OSError, target: Path, tmp: Path | None = None) -> OSError:
    """An error in writing ``target`` (through its temporary file ``tmp``) as an error about
    ``target``, the file people know: a full disk names no file at all, a rename names the
    temporary file. With ``tmp``, an error that names some other file is left as it is."""
    if tmp is not None and exc.filename not in (None, str(tmp)):
        return exc
    named = type(exc)(exc.errno, exc.strerror, str(target))
    if getattr(exc, "winerror", None) is not None:  # Windows' own code (206: a path too long) says more than errno
        named.winerror = exc.winerror
    return named
