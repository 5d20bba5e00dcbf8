"""Find every file under the paths given on the command line, in a stable order — and only files.

Nothing here opens a file. What is not a regular file (a FIFO, a device, a socket) and a link
that leaves the folders given are named for what they are and never read, so that no entry in
an inbox can block or reach outside it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reform_xlsx import outputs
from reform_xlsx.os_reasons import os_reason

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SYSTEM_FILES = {".ds_store": "macOS の .DS_Store", "thumbs.db": "Windows の Thumbs.db",
                "desktop.ini": "Windows の desktop.ini"}

# why an entry whose path the system refuses as too long (ENAMETOOLONG) was not read
TOO_LONG = "パスが長すぎます。フォルダが深すぎるか、名前が長すぎます"
# the same on Windows, whose limit people meet with a file they see in Explorer (no long-path support, the default)
WINDOWS_MAX_PATH = 260  # characters (UTF-16 units) of a whole path, the final NUL included
WINDOWS_TOO_LONG = (TOO_LONG + f"。Windows ではパス全体で {WINDOWS_MAX_PATH - 1} 文字までです。フォルダの名前を短くするか、"
                    "フォルダをドライブの直下に近い場所（C:\\受信 など）に移してください")
ON_WINDOWS = os.name == "nt"
ERROR_FILENAME_EXCED_RANGE = 206  # Windows' "the file name or extension is too long"

# Excel's 「~$」 owner file is 162–165 bytes; a 「~$…xlsx」 larger than this is a workbook someone renamed
LOCK_FILE_BYTES = 4096

WORKBOOK, LOCK, SYSTEM, OTHER, MISSING = "workbook", "lock", "system", "other", "missing"
SPECIAL, OUTSIDE, CLOSED = "special", "outside", "closed"  # not a regular file; a link leaving the inbox; a folder
# that cannot be listed
UNPACKED = "unpacked"  # a folder that is a workbook unpacked as a zip (7-Zip, Lhaplus, 「すべて展開」 on a renamed copy)
# a workbook's package, unpacked: its 「[Content_Types].xml」 beside a folder 「xl」 (as 7-Zip writes them, in any case),
# and the package's other top folders
PACKAGE_FILE, _PACKAGE_FOLDER = "[content_types].xml", "xl"
_PACKAGE_FOLDERS = {_PACKAGE_FOLDER, "_rels", "docprops", "customxml"}


@dataclass(frozen=True)
class Found:
    path: Path  # absolute
    name: str  # shown to users: relative to the root given (root name first when several)
    kind: str  # WORKBOOK | LOCK | SYSTEM | OTHER | MISSING | SPECIAL | OUTSIDE | CLOSED | UNPACKED
    detail: str = ""  # SYSTEM: what it is; MISSING: why, when known; SPECIAL: what kind of entry; OUTSIDE: where it points;
    # UNPACKED: how many files are in it (the folder; or its 「[Content_Types].xml」 when the parts lie among other files)
    mtime: float = 0.0  # the entry's modification time (0: unknown — missing, or a link pointing outside)


def path_text(path: str | os.PathLike) -> str:
    """A path as text that can be written anywhere — the ledger, a workbook, JSON, the console: as it
    is, unless the file system gave a name that is not valid Unicode (bytes that are not UTF-8 on
    Linux and macOS, a lone surrogate on Windows); each such character is then written as ``\\xNN``
    (``\\udNNN``). The same path always gives the same text."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte (Windows)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def shown_name(name: str) -> str:
    """A found file's name as users see it. A name in Shift_JIS (a zip made on Windows unpacked
    elsewhere, a share mounted with the wrong code page) is shown in its characters
    (「市民課.xlsx」), any other name that is not valid Unicode as :func:`path_text` writes it; a control
    character as ``\\x1b``."""
    parts = []
    for part in name.split("/"):
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:
            try:
                decoded = part.encode("utf-8", "surrogateescape").decode("cp932")
            except UnicodeError:
                decoded = None
            # bytes that decode to no character people write (private use, control) were not Shift_JIS
            readable = decoded is not None and not any(unicodedata.category(c) in ("Co", "Cc", "Cn") for c in decoded)
            part = decoded if readable else path_text(part)
        parts.append(_CONTROL.sub(_escape, part))
    return "/".join(parts)


def lookalike_note(other: str, this: str) -> str:
    """What tells two names apart that look the same and are not: ``other``, a file named in a message about the file
    named ``this``, whose characters are the same but encoded differently — 「ガ」 as one character (NFC, as Windows
    writes names) or as 「カ」 and a 濁点 of its own (NFD, as macOS does; both can sit in one inbox copied from a Mac
    share). 「（同じ名前に見えますが…）」 to follow ``other``, or "" when the names look different or are the same."""
    if other == this or unicodedata.normalize("NFC", other) != unicodedata.normalize("NFC", this):
        return ""
    decomposed = unicodedata.normalize("NFD", this)
    marks = "濁点・半濁点" if "\u3099" in decomposed or "\u309a" in decomposed else "アクセントなどの記号"
    split = f"{marks}が別の文字になっている形（Mac で付けた名前に多い）"
    mine, theirs = (unicodedata.is_normalized("NFC", n) for n in (this, other))
    if mine == theirs:  # both partly split
        return f"（同じ名前に見えますが、{marks}の文字の表し方が違う別の名前です）"
    if theirs:
        return f"（同じ名前に見えますが別の名前です。このファイルの名前は{split}、こちらはふつうの形です）"
    return f"（同じ名前に見えますが別の名前です。こちらの名前は{split}、このファイルの名前はふつうの形です）"


# control characters a Linux or macOS name (or a zip) can hold: written as \x1b, never sent to a console as they are
# (an ESC colours the table, a newline breaks its row, a BEL rings); and the format characters that reorder or break a
# line (U+202E shows the rest of a name backwards, so 「xslx.exe」 reads as 「exe.xlsx」; U+2028 breaks a row), written as \u202e
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def classify(path: Path) -> tuple[str, str]:
    """(kind, detail) of a file from its name: lock files and OS files are ignored."""
    name = path.name
    lowered = name.lower()
    if lowered.endswith(":zone.identifier"):  # Windows' note of where a download came from, copied as a file
        return SYSTEM, "Windows のダウンロード元の記録 Zone.Identifier"
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return LOCK, ""
    if lowered in SYSTEM_FILES:
        return SYSTEM, SYSTEM_FILES[lowered]
    if name.startswith(outputs.TEMPORARY_PREFIX):
        return SYSTEM, "reform_xlsx が出力を書く途中の一時ファイル（中断された実行の残り。削除してかまいません）"
    if name.startswith("._") or "__MACOSX" in path.parts:
        return SYSTEM, "macOS のリソースファイル（._ で始まる名前）"
    if lowered.endswith(WORKBOOK_SUFFIXES):
        return WORKBOOK, ""
    return OTHER, ""


def entry_kind(mode: int) -> str | None:
    """What a non-regular directory entry is, in Japanese (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "名前付きパイプ（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "デバイスファイル"
    if stat.S_ISSOCK(mode):
        return "ソケット"
    if stat.S_ISDIR(mode):
        return "フォルダ"
    return "特殊なファイル"


def too_long(exc: OSError, path: str | os.PathLike | None = None) -> str:
    """Why the system refused ``path`` (else the error's file name) when it refused it as too long — :data:`TOO_LONG`,
    :data:`WINDOWS_TOO_LONG` on Windows — else "". Windows without long-path support refuses a path of
    :data:`WINDOWS_MAX_PATH` characters or more with WinError 206 (ERROR_FILENAME_EXCED_RANGE) or 3
    (ERROR_PATH_NOT_FOUND), which Python gives as FileNotFoundError, never ENAMETOOLONG: such a path not found is
    taken as too long (a file just listed, a folder made)."""
    if getattr(exc, "winerror", None) == ERROR_FILENAME_EXCED_RANGE or (exc.errno == errno.ENAMETOOLONG and ON_WINDOWS):
        return WINDOWS_TOO_LONG
    if exc.errno == errno.ENAMETOOLONG:
        return TOO_LONG
    name = path if path is not None else getattr(exc, "filename", None)
    if ON_WINDOWS and isinstance(exc, FileNotFoundError) and name is not None:
        whole = os.path.abspath(os.fsdecode(name))
        if len(whole.encode("utf-16-le")) // 2 >= WINDOWS_MAX_PATH:
            return WINDOWS_TOO_LONG
    return ""


def _inside(target: Path, roots: list[Path]) -> bool:
    return any(target == r or r in target.parents for r in roots)


def examine(path: Path, name: str, roots: list[Path]) -> Found:
    """A found entry as it is on disk (links followed only within ``roots``)."""
    name = shown_name(name)
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            target = Path(os.path.realpath(path))
            if not _inside(target, roots):
                return Found(path, name, OUTSIDE, str(target))
            info = os.stat(path)
    except OSError as exc:
        return Found(path, name, MISSING, "リンクが循環しています" if exc.errno == errno.ELOOP else too_long(exc, path))
    special = entry_kind(info.st_mode)
    if special is not None:
        return Found(path, name, SPECIAL, special, info.st_mtime)
    kind, detail = classify(path)
    if kind == LOCK and path.name.startswith("~$") and info.st_size > LOCK_FILE_BYTES:
        # far larger than an owner file: a file given a 「~$」 name (~$財政課.xlsx, ~$財政課.xls), taken as its name
        # without it says — a workbook read (its answers count), an .xls or .ods sniffed and named for its section
        kind, detail = classify(path.with_name(path.name[2:]))
    return Found(path, name, kind, detail, info.st_mtime)


def sent_name(name: str) -> str:
    """The file's own name in a found file's name as shown (「受信/再提出/市民課.xlsx」, or the whole path that tells two
    files of one name apart: 「C:\\受信\\市民課.xlsx」 on Windows) — 「市民課.xlsx」, what its sender called it: a section
    is told of the file it sent by that name, never with the office's folders. (A backslash elsewhere is part of a name
    as shown: 「\\x1b」 for a control character.)"""
    if os.sep == "\\":
        name = name.replace("\\", "/")
    return name.rsplit("/", 1)[-1]


def walk(paths: list[str | os.PathLike], exclude: Sequence[str | os.PathLike] = ()) -> list[Found]:
    """Every file under ``paths`` (files or folders, recursively), sorted, each once.

    Files and folders in ``exclude`` (the tool's own outputs, archive and ledger) are passed over.
    Folders reached through a link are not entered; a link to a file is read only when the file
    is inside one of ``paths``.
    """
    roots = [Path(p) for p in paths]
    resolved_roots = [Path(os.path.realpath(r)) for r in roots]
    labels = root_labels(roots) if len(roots) > 1 else [""] * len(roots)
    skip = {Path(os.path.realpath(p)) for p in exclude}
    found: list[Found] = []
    seen: set[Path] = set(skip)
    for root, label in zip(roots, labels):
        absolute = root.absolute()
        if absolute.is_dir():  # a folder given on the command line is entered even through a link
            absolute = Path(os.path.realpath(absolute))
            files, closed, unpacked = [], [], []
            for folder, dirs, names in os.walk(absolute, onerror=closed.append):
                if _is_unpacked(dirs, names):  # one entry for the parts, not an F001 for each
                    package = [d for d in dirs if d.lower() in _PACKAGE_FOLDERS]
                    index = next(n for n in names if n.lower() == PACKAGE_FILE)
                    dirs[:] = [d for d in dirs if d.lower() not in _PACKAGE_FOLDERS]
                    names = [n for n in names if n != index]
                    count = 1 + sum(_count_files(Path(folder) / d) for d in package)
                    if not dirs and all(n.lower() in SYSTEM_FILES for n in names):  # the folder is the workbook
                        unpacked.append((Path(folder), count))
                        continue
                    files.append((Path(folder) / index, count))  # among other files (「ここに展開」 in the inbox):
                    # the files beside are read
                dirs[:] = sorted(d for d in dirs if _enter(Path(folder) / d, skip, closed))
                files.extend((Path(folder) / n, None) for n in sorted(names))
            for folder, count in unpacked:
                rel = folder.relative_to(absolute).as_posix() if folder != absolute else ""
                shown = "/".join(p for p in (label or (root.name if not rel else ""), rel) if p) or str(root)
                found.append(Found(folder, shown_name(shown + "/"), UNPACKED, str(count), _mtime(folder)))
            for file, parts in sorted(files, key=lambda f: f[0].relative_to(absolute).as_posix()):
                rel = file.relative_to(absolute).as_posix()
                name = f"{label}/{rel}" if label else rel
                _add(found, seen, examine(file, name, resolved_roots) if parts is None
                     else Found(file, shown_name(name), UNPACKED, str(parts), _mtime(file)))
            for error in closed:  # a folder that cannot be listed: said, never passed over in silence
                folder = Path(error.filename)
                rel = folder.relative_to(absolute).as_posix() if folder != absolute else ""
                shown = "/".join(p for p in (label or (root.name if not rel else ""), rel) if p) or str(root)
                found.append(Found(folder, shown_name(shown + "/"), CLOSED, _closed_detail(error)))
        elif os.path.lexists(absolute):
            _add(found, seen, examine(absolute, root.name, resolved_roots + [Path(os.path.realpath(absolute))]))
        else:
            found.append(Found(absolute, shown_name(str(root)), MISSING))
    # two files still of one name (a folder given inside another of the same name, two files x.xlsx from two
    # folders): each by its whole path — a name stands for one file (--received-at, 受付結果, 差し戻し)
    counts = Counter(f.name for f in found)
    return [replace(f, name=shown_name(path_text(f.path))) if counts[f.name] > 1 else f for f in found]


def _enter(folder: Path, skip: set[Path], closed: list[OSError]) -> bool:
    """Whether the walk goes into ``folder``: not a link, not one of the tool's own folders. A folder that cannot
    even be looked at (its path too long for the system — see :func:`too_long` —, an I/O error)
    is one that cannot be listed: added to ``closed`` and not entered, never the end of the walk."""
    try:
        return not folder.is_symlink() and Path(os.path.realpath(folder)) not in skip
    except OSError as exc:
        closed.append(OSError(exc.errno, exc.strerror, os.fspath(folder)))  # an errno gives its subclass back
        return False


def _is_unpacked(dirs: list[str], names: list[str]) -> bool:
    """Whether a folder holding ``dirs`` and ``names`` is a workbook unpacked (its package's parts, not returns)."""
    return any(n.lower() == PACKAGE_FILE for n in names) and any(d.lower() == _PACKAGE_FOLDER for d in dirs)


def _count_files(folder: Path) -> int:
    """How many files a folder holds, at any depth (links not followed; what cannot be listed not counted)."""
    return sum(len(names) for _folder, _dirs, names in os.walk(folder))


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _closed_detail(error: OSError) -> str:
    """Why a folder cannot be listed, in Japanese."""
    if isinstance(error, PermissionError):
        return "読む権限がありません"
    return too_long(error) or os_reason(error)


def root_labels(roots: list[Path]) -> list[str]:
    """How files under each of several folders are named: the folder's name, with as many parent folders as it
    takes to tell two folders of one name apart (本庁/回答 and 支所/回答, not 回答 twice)."""
    parts = [Path(os.path.realpath(r)).parts for r in roots]
    depth = [1] * len(roots)
    while True:
        labels = ["/".join(p[-d:]) for p, d in zip(parts, depth)]
        clash = {lab for lab in labels if labels.count(lab) > 1}
        grown = [d + 1 if lab in clash and d < len(p) else d for lab, d, p in zip(labels, depth, parts)]
        if grown == depth:
            return [shown_name(lab.lstrip("/")) or str(r) for lab, r in zip(labels, roots)]
        depth = grown


def _add(found: list[Found], seen: set[Path], entry: Found) -> None:
    """``entry`` unless its file is found already. A link and the file it points to are one file, known by
    the file's own name (the link, 「a_link.xlsx」, may have come first)."""
    key = _real(entry.path)
    if key in seen:
        if not os.path.islink(entry.path):
            for n, f in enumerate(found):
                if os.path.islink(f.path) and _real(f.path) == key:
                    found[n] = entry
                    break
        return
    seen.add(key)
    found.append(entry)


def _real(path: Path) -> Path:
    """``path`` with its links resolved; as it is when the system cannot resolve it (examine said what it is)."""
    try:
        return Path(os.path.realpath(path))
    except OSError:
        return path
