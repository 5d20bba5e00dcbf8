"""Find every file under the paths given on the command line, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SYSTEM_FILES = {".ds_store": "macOS の .DS_Store", "thumbs.db": "Windows の Thumbs.db",
                "desktop.ini": "Windows の desktop.ini"}

WORKBOOK, LOCK, SYSTEM, OTHER, MISSING = "workbook", "lock", "system", "other", "missing"


@dataclass(frozen=True)
class Found:
    path: Path  # absolute
    name: str  # shown to users: relative to the root given (root name first when several)
    kind: str  # WORKBOOK | LOCK | SYSTEM | OTHER | MISSING
    system_kind: str = ""  # for SYSTEM: what it is


def classify(path: Path) -> tuple[str, str]:
    """(kind, system_kind) of a file from its name: lock files and OS files are ignored."""
    name = path.name
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return LOCK, ""
    lowered = name.lower()
    if lowered in SYSTEM_FILES:
        return SYSTEM, SYSTEM_FILES[lowered]
    if name.startswith("._") or "__MACOSX" in path.parts:
        return SYSTEM, "macOS のリソースファイル（._ で始まる名前）"
    if lowered.endswith(WORKBOOK_SUFFIXES):
        return WORKBOOK, ""
    return OTHER, ""


def walk(paths: list[str | os.PathLike], exclude: Sequence[str | os.PathLike] = ()) -> list[Found]:
    """Every file under ``paths`` (files or folders, recursively), sorted, each once.

    Files and folders in ``exclude`` (the tool's own outputs, archive and ledger) are passed over.
    """
    roots = [Path(p) for p in paths]
    prefix = len(roots) > 1
    skip = {Path(p).resolve() for p in exclude}
    found: list[Found] = []
    seen: set[Path] = set(skip)
    for root in roots:
        absolute = root.absolute()
        if absolute.is_dir():
            files = []
            for folder, dirs, names in os.walk(absolute):
                dirs[:] = sorted(d for d in dirs if (Path(folder) / d).resolve() not in skip)
                files.extend(Path(folder) / n for n in sorted(names))
            for file in sorted(files, key=lambda f: f.relative_to(absolute).as_posix()):
                rel = file.relative_to(absolute).as_posix()
                _add(found, seen, file, f"{root.name}/{rel}" if prefix else rel)
        elif absolute.exists():
            _add(found, seen, absolute, root.name)
        else:
            found.append(Found(absolute, str(root), MISSING))
    return found


def _add(found: list[Found], seen: set[Path], path: Path, name: str) -> None:
    key = path.resolve()
    if key in seen:
        return
    seen.add(key)
    kind, system_kind = classify(path)
    found.append(Found(path, name, kind, system_kind))
